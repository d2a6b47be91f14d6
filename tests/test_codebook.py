"""The codebook: generated from the models and Table Schemas, and never stale."""

from __future__ import annotations

from pathlib import Path

import pytest

import alliance_data as ad
from alliance_data.cli import main
from alliance_data.codebook import codebook, is_stale
from alliance_data.generate import table_schema
from alliance_data.layout import CODEBOOK_FILE
from alliance_data.tables import CHILDREN, COLLECTIONS

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def text() -> str:
    return codebook(ad.load(REPO))


def test_committed_codebook_is_not_stale(text: str) -> None:
    committed = REPO / CODEBOOK_FILE
    assert committed.is_file(), f"{CODEBOOK_FILE} is missing: run `alliance-data codebook`"
    assert committed.read_text(encoding="utf-8") == text, f"{CODEBOOK_FILE} is stale: run `alliance-data codebook`"


def test_every_table_and_field_is_documented(text: str) -> None:
    for table in (*COLLECTIONS, *CHILDREN):
        assert f"### `{table.name}`" in text
        assert f"`data/{table.name}.csv`" in text
        for field in table_schema(table)["fields"]:
            assert f"| `{field['name']}` |" in text, (table.name, field["name"])


def test_examples_come_from_the_data(text: str) -> None:
    assert "| `cow_ccode` | integer | no | 2\N{EN DASH}999 | Correlates of War state code. | `2` |" in text
    assert "`anzus-1951-us-new-zealand-1986`" in text
    assert "`treaty_ids` → `treaties.id`" in text


def test_check_command(checkout: Path) -> None:
    assert main(["codebook", str(checkout), "--check"]) == 1  # the copy has no docs/ yet
    assert main(["codebook", str(checkout)]) == 0
    assert main(["codebook", str(checkout), "--check"]) == 0
    target = checkout / CODEBOOK_FILE
    target.write_text(target.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    assert is_stale(ad.load(checkout), target)
    assert main(["codebook", str(checkout), "--check"]) == 1
