"""The Table Schemas (frictionless) and the Pydantic models reject the same bad values.

Each case damages one cell of a copy of the real data and expects both layers to name that
cell: the file, the row as frictionless counts it (header = 1) and the column.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import alliance_data as ad
from alliance_data.errors import DataError

frictionless = pytest.importorskip("frictionless")

# (table, data row counted from 1, column, bad value)
CASES = {
    "id-not-kebab-case": ("trends", 1, "id", "Trend Burden"),
    "iso3-lowercase": ("actors", 2, "iso3", "jpn"),
    "ccode-not-integer": ("actors", 2, "cow_ccode", "seven-forty"),
    "ccode-below-minimum": ("actors", 2, "cow_ccode", "1"),
    "kind-not-in-enum": ("actors", 3, "kind", "country"),
    "impossible-date": ("treaties", 1, "signed_date", "1951-02-30"),
    "required-title-empty": ("treaties", 1, "title", ""),
    "rank-below-one": ("options", 2, "rank", "0"),
    "negative-offset": ("evidence", 4, "start", "-1"),
    "position-zero": ("evidence", 1, "position", "0"),
    "checksum-not-hex": ("sources", 1, "sha256", "not-a-checksum"),
    "label-too-long": ("trends", 2, "label", "x" * 81),
    "partial-date-slashes": ("ties", 4, "date", "2007/05"),
    "confidence-not-in-enum": ("fact_sources", 3, "confidence", "L"),
    "required-list-empty": ("alliances", 1, "treaty_ids", ""),
    "url-without-scheme": ("sources", 2, "url", "pacforum.org/publications"),
    "wikidata-without-q": ("actors", 1, "wikidata", "30"),
}


def damage(root: Path, table: str, row: int, column: str, value: str) -> None:
    path = root / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize("case", CASES)
def test_both_layers_reject_the_value(checkout: Path, case: str) -> None:
    table, row, column, value = CASES[case]
    damage(checkout, table, row, column, value)
    where = (f"data/{table}.csv", row + 1, column)

    with pytest.raises(DataError) as caught:
        ad.load(checkout)
    assert where in {(p.file, p.row, p.column) for p in caught.value.problems}

    package = frictionless.Package(str(checkout / "data" / "datapackage.json"))
    report = package.get_resource(table).validate()
    located = {
        (f"data/{table}.csv", err.get("rowNumber"), err.get("fieldName"))
        for task in report.to_dict()["tasks"]
        for err in task["errors"]
    }
    assert where in located


def test_load_error_names_file_row_and_field(checkout: Path) -> None:
    damage(checkout, "treaties", 2, "in_force_date", "1959-01-01")  # before it was signed (1960-01-19)
    with pytest.raises(DataError) as caught:
        ad.load(checkout)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.code) == ("data/treaties.csv", 3, "date-order")
    assert "us-japan-1960" in str(caught.value) and "data/treaties.csv:3" in str(caught.value)


def test_evidence_problems_point_at_the_evidence_row(checkout: Path) -> None:
    damage(checkout, "evidence", 5, "end", "1")  # end before start
    with pytest.raises(DataError) as caught:
        ad.load(checkout)
    assert [(p.file, p.row, p.code) for p in caught.value.problems] == [("data/evidence.csv", 6, "offset-order")]
