"""Generated files: committed, current, and consistent with the canonical CSV tables."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import alliance_data as ad
from alliance_data.dataset import Dataset
from alliance_data.generate import expected_files, generate, json_schema, stale_files
from alliance_data.layout import JSON_FILE, JSON_SCHEMA_FILE

from .conftest import REPO


def test_committed_generated_files_are_current() -> None:
    assert stale_files(REPO) == [], "run `alliance-data generate` and commit the result"


def test_a_changed_table_makes_generated_files_stale(checkout: Path) -> None:
    trends = checkout / "data" / "trends.csv"
    trends.write_text(trends.read_text(encoding="utf-8").replace("shoulder more", "carry more"), encoding="utf-8")
    derived = {"data/datapackage.json", JSON_FILE, "docs/codebook.md"}  # the copy has no docs/ yet
    assert set(stale_files(checkout)) == derived
    assert set(generate(checkout)) == derived
    assert stale_files(checkout) == []


def test_json_form_holds_the_same_data_as_the_tables(dataset: ad.Dataset) -> None:
    document = json.loads((REPO / JSON_FILE).read_text(encoding="utf-8"))
    assert document["$schema"] == "../schema/alliance-data.schema.json"
    from_json = Dataset.model_validate(document)
    assert from_json.model_dump(exclude={"json_schema"}) == dataset.model_dump(exclude={"json_schema"})


def test_json_form_validates_against_its_json_schema() -> None:
    schema = json.loads((REPO / JSON_SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads((REPO / JSON_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)


@pytest.mark.parametrize(
    ("pointer", "bad"),
    [
        (("alliances", 0, "id"), "US Japan"),
        (("treaties", 0, "signed_date"), "1951-13-08"),
        (("actors", 0, "iso3"), "usa"),
        (("trends", 0, "evidence"), []),
        (("sources", 0, "kind"), "blog"),
        (("options", 0, "rank"), 0),
        (("trends", 0, "surprise"), "an unknown field"),
    ],
    ids=["id-pattern", "date", "iso3", "no-evidence", "enum", "minimum", "extra-field"],
)
def test_json_schema_and_models_reject_the_same_values(pointer: tuple[object, ...], bad: object) -> None:
    schema = json_schema()
    document = json.loads(expected_files(REPO)[JSON_FILE])
    target = document
    for part in pointer[:-1]:
        target = target[part]  # type: ignore[index]
    target[pointer[-1]] = bad  # type: ignore[index]
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(document))
    with pytest.raises(ValueError):
        Dataset.model_validate(document)
