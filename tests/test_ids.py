"""Stable ids: every released id stays, or is redirected to the record that replaced it."""

from __future__ import annotations

import csv
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import alliance_data as ad
from alliance_data.ids import (
    REDIRECT_COLUMNS,
    REDIRECTS_FILE,
    RELEASED_IDS_FILE,
    check_released,
    redirects,
    released_ids,
    released_ids_text,
    resolve_redirect,
    update_released_ids,
)
from alliance_data.tables import COLLECTION_NAMES

REPO = Path(__file__).resolve().parent.parent


def rewrite(path: Path, change: Callable[[list[str], list[dict[str, str]]], list[dict[str, str]]]) -> None:
    """Apply ``change(header, rows)`` to a CSV table, keeping its format."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    rows = change(header, rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def rename(root: Path, collection: str, old_id: str, new_id: str) -> None:
    """Rename a record's id, and the evidence rows that belong to it."""

    def records(header: list[str], rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**r, "id": new_id} if r["id"] == old_id else r for r in rows]

    def evidence(header: list[str], rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [
            {**r, "record_id": new_id} if (r["collection"], r["record_id"]) == (collection, old_id) else r for r in rows
        ]

    rewrite(root / f"data/{collection}.csv", records)
    rewrite(root / "data/evidence.csv", evidence)


def add_redirect(root: Path, *row: str) -> None:
    with (root / REDIRECTS_FILE).open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(row)


def a_trend(root: Path) -> str:
    with (root / "data/trends.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.DictReader(handle))["id"]


# -- the committed files -----------------------------------------------------------------------


def test_released_ids_file_is_sorted_unique_and_well_formed() -> None:
    text = (REPO / RELEASED_IDS_FILE).read_text(encoding="utf-8")
    ids = text.splitlines()
    assert ids, "no released ids"
    assert text == released_ids_text(ids), "one collection/id a line, sorted, unique, newline-terminated"
    for entry in ids:
        collection, _, record_id = entry.partition("/")
        assert collection in COLLECTION_NAMES and record_id, entry


def test_every_released_id_is_still_there(dataset: ad.Dataset) -> None:
    assert check_released(dataset.root, dataset) == []


def test_redirects_file_has_its_header() -> None:
    with (REPO / REDIRECTS_FILE).open(encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == REDIRECT_COLUMNS


def test_redirects_are_not_data_package_resources() -> None:
    import json

    descriptor = json.loads((REPO / "data/datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in descriptor["resources"]}
    assert "redirects.csv" not in paths and "released-ids.txt" not in paths


# -- removing and renaming ---------------------------------------------------------------------


def test_a_removed_released_id_is_a_problem(checkout: Path) -> None:
    victim = a_trend(checkout)
    rewrite(checkout / "data/trends.csv", lambda h, rows: [r for r in rows if r["id"] != victim])
    rewrite(checkout / "data/evidence.csv", lambda h, rows: [r for r in rows if r["record_id"] != victim])
    ds = ad.load(checkout)
    (problem,) = check_released(checkout, ds)
    assert problem.code == "released-id-removed"
    assert problem.file == RELEASED_IDS_FILE
    assert problem.row == released_ids(checkout).index(f"trends/{victim}") + 1
    assert f"trends/{victim}" in problem.message
    assert REDIRECTS_FILE in problem.message and "redirect" in problem.message


def test_a_renamed_id_with_a_redirect_resolves(checkout: Path) -> None:
    old_id = a_trend(checkout)
    rename(checkout, "trends", old_id, "trend-renamed-by-test")
    add_redirect(checkout, old_id, "trend-renamed-by-test", "2.0.0", "clearer name")
    ds = ad.load(checkout)
    assert check_released(checkout, ds) == []
    assert redirects(checkout)[old_id].new_id == "trend-renamed-by-test"

    expected = rf"'{old_id}' was replaced by 'trend-renamed-by-test' in alliance-data 2\.0\.0: clearer name"
    with pytest.warns(DeprecationWarning, match=expected):
        record = resolve_redirect(ds, old_id)
    assert record is ds["trend-renamed-by-test"]
    assert resolve_redirect(ds, "no-such-id") is None


def test_dataset_getitem_follows_redirects(checkout: Path) -> None:
    """``ds[old_id]`` returns the new record, warning at the caller's line (``Dataset.__getitem__``
    calls :func:`resolve_redirect` for an id it does not know)."""
    old_id = a_trend(checkout)
    rename(checkout, "trends", old_id, "trend-renamed-by-test")
    add_redirect(checkout, old_id, "trend-renamed-by-test", "2.0.0", "clearer name")
    ds = ad.load(checkout)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        record = ds[old_id]
    assert record.id == "trend-renamed-by-test"
    (warning,) = caught
    assert warning.category is DeprecationWarning
    assert warning.filename == __file__
    with pytest.raises(KeyError, match="did you mean"):
        ds["trend-renamed-by-tes"]


def test_a_renamed_id_without_a_redirect_is_a_problem(checkout: Path) -> None:
    old_id = a_trend(checkout)
    rename(checkout, "trends", old_id, "trend-renamed-by-test")
    ds = ad.load(checkout)
    assert [p.code for p in check_released(checkout, ds)] == ["released-id-removed"]
    assert resolve_redirect(ds, old_id) is None


def test_redirect_chains_are_followed(checkout: Path) -> None:
    old_id = a_trend(checkout)
    rename(checkout, "trends", old_id, "trend-third-name")
    add_redirect(checkout, old_id, "trend-second-name", "2.0.0", "")
    add_redirect(checkout, "trend-second-name", "trend-third-name", "3.0.0", "")
    ds = ad.load(checkout)
    problems = check_released(checkout, ds)
    assert [p.code for p in problems] == ["redirect-unreleased"]  # the middle name was never released
    with pytest.warns(DeprecationWarning, match="trend-third-name"):
        assert resolve_redirect(ds, old_id) is ds["trend-third-name"]


def test_bad_redirects_are_problems(checkout: Path) -> None:
    old_id = a_trend(checkout)
    rename(checkout, "trends", old_id, "trend-renamed-by-test")
    add_redirect(checkout, old_id, "no-such-record", "two", "")
    ds = ad.load(checkout)
    codes = sorted(p.code for p in check_released(checkout, ds))
    assert codes == ["invalid-version", "redirect-target-missing"]
    assert resolve_redirect(ds, old_id) is None  # a redirect to nothing is no redirect


def test_a_redirect_of_a_current_id_is_shadowed(checkout: Path, dataset: ad.Dataset) -> None:
    current = a_trend(checkout)
    add_redirect(checkout, current, "somewhere", "1.0.0", "")
    problems = check_released(checkout, ad.load(checkout))
    assert [p.code for p in problems] == ["redirect-shadowed"]
    assert (problems[0].file, problems[0].row, problems[0].column) == (REDIRECTS_FILE, 2, "old_id")


def test_a_missing_list_is_a_problem(checkout: Path) -> None:
    (checkout / RELEASED_IDS_FILE).unlink()
    (problem,) = check_released(checkout, ad.load(checkout))
    assert (problem.file, problem.code) == (RELEASED_IDS_FILE, "missing-file")


def test_update_released_ids_adds_new_ids_only(checkout: Path) -> None:
    rename(checkout, "trends", a_trend(checkout), "trend-new-in-next-release")
    before = released_ids(checkout)
    assert update_released_ids(checkout, ad.load(checkout)) == ["trends/trend-new-in-next-release"]
    after = released_ids(checkout)
    assert set(after) == set(before) | {"trends/trend-new-in-next-release"}  # nothing removed
    assert (checkout / RELEASED_IDS_FILE).read_text(encoding="utf-8") == released_ids_text(after)
    assert update_released_ids(checkout, ad.load(checkout)) == []


# -- laziness ----------------------------------------------------------------------------------


def test_redirects_are_not_read_when_loading(tmp_path: Path) -> None:
    """Loading and looking up known ids never imports alliance_data.ids nor reads the redirects."""
    code = (
        "import sys, alliance_data as ad; ds = ad.load(); ds['us-japan']; 'us-japan' in ds; "
        "print('alliance_data.ids' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.strip() == "False"
