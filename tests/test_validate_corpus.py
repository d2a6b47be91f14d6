"""A corpus of bad contributions: each a small change to a copy of the real data.

Every case names the damage, applies it to a fresh copy (the ``checkout`` fixture), then either
regenerates the derived files (``then="generate"``: the damage loads, so only the deep check is
left to catch it), updates only the hashes in ``datapackage.json`` (``then="rehash"``: the damage
does not load, and the stale-hash problems are not what the case is about), or leaves everything
as the contributor did (``then="none"``). It then asserts that :func:`alliance_data.validate.validate`
reports exactly the expected problems, by code, file, row and column; that nothing in the folder
changed; and that it took less than a few seconds.

Rows and columns are looked up in the real data, not written down, so the corpus follows the data.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple, cast

import pytest

pytest.importorskip("frictionless")  # imported once here, so each validation's worker inherits it

from alliance_data.generate import content_hash, generate
from alliance_data.validate import MAX_BYTES, validate

MAX_SECONDS = 5.0
SOURCE = "pacnet-doing-more-with-less"


class Loc(NamedTuple):
    """Where a problem must be reported."""

    file: str
    row: int | None = None
    column: str | None = None


class Contribution:
    """A copy of the checkout, with the edits a contributor might make; each returns where it lands."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # reading
    def path(self, relative: str) -> Path:
        return self.root / relative

    def rows(self, table: str) -> list[list[str]]:
        with self.path(f"data/{table}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))

    def row_of(self, table: str, match: str | dict[str, str]) -> int:
        """Row number (header = 1) of the first row with that id, or with those cells."""
        wanted = {"id": match} if isinstance(match, str) else match
        header, *body = self.rows(table)
        for number, cells in enumerate(body, start=2):
            row = dict(zip(header, cells, strict=False))
            if all(row.get(k) == v for k, v in wanted.items()):
                return number
        raise LookupError(f"no row {match!r} in {table}")

    def cell(self, table: str, match: str | dict[str, str], column: str) -> str:
        header, *_ = rows = self.rows(table)
        return rows[self.row_of(table, match) - 1][header.index(column)]

    def text(self) -> str:
        return self.path(self.cell("sources", SOURCE, "path")).read_bytes().decode("utf-8")

    # editing
    def write_rows(self, table: str, rows: list[list[str]]) -> None:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        self.path(f"data/{table}.csv").write_text(out.getvalue(), encoding="utf-8", newline="")

    def set_cell(self, table: str, match: str | dict[str, str], column: str, value: str) -> Loc:
        rows = self.rows(table)
        number = self.row_of(table, match)
        rows[number - 1][rows[0].index(column)] = value
        self.write_rows(table, rows)
        return Loc(f"data/{table}.csv", number, column)

    def insert_row(self, table: str, after: int, cells: list[str]) -> Loc:
        rows = self.rows(table)
        rows.insert(after, cells)
        self.write_rows(table, rows)
        return Loc(f"data/{table}.csv", after + 1)

    def copy_row(self, table: str, match: str | dict[str, str], **changes: str) -> Loc:
        """Append a copy of a row, with some cells changed."""
        rows = self.rows(table)
        new = list(rows[self.row_of(table, match) - 1])
        for column, value in changes.items():
            new[rows[0].index(column)] = value
        rows.append(new)
        self.write_rows(table, rows)
        return Loc(f"data/{table}.csv", len(rows))

    def delete_row(self, table: str, match: str | dict[str, str]) -> None:
        rows = self.rows(table)
        del rows[self.row_of(table, match) - 1]
        self.write_rows(table, rows)

    def replace(self, relative: str, old: bytes, new: bytes) -> None:
        data = self.path(relative).read_bytes()
        assert old in data, f"{old!r} not in {relative}"
        self.path(relative).write_bytes(data.replace(old, new, 1))

    def write(self, relative: str, data: bytes) -> Loc:
        path = self.path(relative)
        if path.exists():
            path.chmod(0o644)  # the bundled texts are read-only
        path.write_bytes(data)
        return Loc(relative)

    def edit_json(self, relative: str, change: Callable[[Any], None]) -> None:
        document = json.loads(self.path(relative).read_text(encoding="utf-8"))
        change(document)
        self.path(relative).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def resource_index(self, name: str) -> int:
        descriptor = json.loads(self.path("data/datapackage.json").read_text(encoding="utf-8"))
        return next(i for i, r in enumerate(descriptor["resources"]) if r["name"] == name)

    def set_resource(self, name: str, key: str, value: Any) -> Loc:
        index = self.resource_index(name)

        def change(descriptor: dict[str, Any]) -> None:
            descriptor["resources"][index][key] = value

        self.edit_json("data/datapackage.json", change)
        return Loc("data/datapackage.json", None, f"/resources/{index}/{key}")

    # after the damage
    def rehash(self) -> None:
        """Bring the hashes in datapackage.json up to date, and nothing else (the data need not load)."""
        descriptor_path = self.path("data/datapackage.json")
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            path = self.path(f"data/{resource['path']}")
            if path.is_file():
                resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        header, *body = self.rows("sources")
        texts = sorted({dict(zip(header, cells, strict=False)).get("path") or "" for cells in body} - {""})
        tables = [f"data/{r['path']}" for r in descriptor["resources"]]
        if all(self.path(t).is_file() for t in [*tables, *texts]):
            stand_in = SimpleNamespace(sources=[SimpleNamespace(path=t) for t in texts])
            descriptor["contentHash"] = "sha256:" + content_hash(self.root, cast(Any, stand_in))
        descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


Expect = tuple[str, Loc]
Edit = Callable[[Contribution], "Loc | list[Expect]"]


@dataclass(frozen=True)
class Case:
    """A bad contribution: its name, the edit, the code it must get, and what the contributor did next.

    ``edit`` returns the location the problem must be reported at (then ``code`` is its code),
    or the full list of expected ``(code, location)`` pairs.
    """

    id: str
    edit: Edit
    code: str | None = None
    then: str = "rehash"  # "generate", "rehash" or "none"

    def expected(self, contribution: Contribution) -> set[tuple[str, str, int | None, str | None]]:
        result = self.edit(contribution)
        pairs = [(cast(str, self.code), result)] if isinstance(result, Loc) else result
        return {(code, *loc) for code, loc in pairs}


def _evidence(collection: str, record: str, position: str = "1") -> dict[str, str]:
    return {"collection": collection, "record_id": record, "position": position}


# An evidence row of a record with several, so that the record keeps some when it loses this one.
SPARE_EVIDENCE = _evidence("developments", "development-alliance-value-questioned", "3")


def _shift_quote(c: Contribution) -> Loc:
    key = _evidence("trends", "trend-burden-sharing")
    start, end = int(c.cell("evidence", key, "start")), int(c.cell("evidence", key, "end"))
    c.set_cell("evidence", key, "start", str(start + 1))
    return c.set_cell("evidence", key, "end", str(end + 1))._replace(column="quote")


def _typo_in_quote(c: Contribution) -> Loc:
    key = _evidence("drivers", "driver-rise-of-china")
    quote = c.cell("evidence", key, "quote")
    loc = c.set_cell("evidence", key, "quote", quote.replace("Chinese", "Chinxse"))
    return loc._replace(column="quote")


def _longer_end(c: Contribution) -> Loc:
    key = _evidence("drivers", "driver-rise-of-china")
    return c.set_cell("evidence", key, "end", str(int(c.cell("evidence", key, "end")) + 1))._replace(column="quote")


def _past_the_end(c: Contribution) -> Loc:
    key = _evidence("drivers", "driver-rise-of-china")
    n = len(c.text())
    quote = c.cell("evidence", key, "quote")
    c.set_cell("evidence", key, "start", str(n + 5))
    return c.set_cell("evidence", key, "end", str(n + 5 + len(quote)))._replace(column="start")


def _start_after_end(c: Contribution) -> Loc:
    key = _evidence("drivers", "driver-rise-of-china")
    start, end = c.cell("evidence", key, "start"), c.cell("evidence", key, "end")
    c.set_cell("evidence", key, "start", end)
    return c.set_cell("evidence", key, "end", start)._replace(column="start")


def _changed_text(c: Contribution) -> Loc:
    relative = c.cell("sources", SOURCE, "path")
    text = c.text()
    c.write(relative, text.replace("Asia", "Asie", 1).encode("utf-8"))
    return Loc("data/sources.csv", c.row_of("sources", SOURCE), "sha256")


def _missing_text(c: Contribution) -> Loc:
    (c.path(c.cell("sources", SOURCE, "path"))).unlink()
    return Loc("data/sources.csv", c.row_of("sources", SOURCE), "path")


def _linked_text(c: Contribution) -> Loc:
    relative = c.cell("sources", SOURCE, "path")
    outside = c.root.parent / "outside.txt"
    shutil.copyfile(c.path(relative), outside)
    c.path(relative).unlink()
    c.path(relative).symlink_to(outside)
    return Loc("data/sources.csv", c.row_of("sources", SOURCE), "path")


def _linked_table(c: Contribution) -> Loc:
    outside = c.root.parent / "trends.csv"
    shutil.copyfile(c.path("data/trends.csv"), outside)
    c.path("data/trends.csv").unlink()
    c.path("data/trends.csv").symlink_to(outside)
    return Loc("data/trends.csv")


def _sparse_giant(c: Contribution) -> Loc:
    with c.path("data/trends.csv").open("r+b") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk, and never read
    return Loc("data/trends.csv")


def _duplicate_row_id(c: Contribution) -> Loc:
    return c.copy_row("actors", "japan")._replace(column="id")


def _id_used_twice(c: Contribution) -> Loc:
    """A new driver, with evidence, whose id is an actor's: ids are unique across the dataset."""
    loc = c.copy_row("drivers", "driver-rise-of-china", id="japan")
    c.copy_row("evidence", _evidence("drivers", "driver-rise-of-china"), record_id="japan")
    return loc._replace(column="id")


def _unsourced(c: Contribution) -> Loc:
    c.delete_row("fact_sources", {"collection": "actors", "record_id": "japan", "field": "iso3"})
    return Loc("data/actors.csv", c.row_of("actors", "japan"), "iso3")


def _new_unsourced_place(c: Contribution) -> Loc:
    return c.set_cell("ties", "trilateral-strategic-dialogue-2002", "place", "Tokyo")


def _unknown_fact_field(c: Contribution) -> Loc:
    source = c.cell("fact_sources", {"collection": "actors", "record_id": "japan", "field": "iso3"}, "source_id")
    return c.copy_row(
        "fact_sources",
        {"collection": "actors", "record_id": "japan", "field": "iso3"},
        field="colour",
        source_id=source,
    )._replace(column="field")


def _blank_row(c: Contribution) -> Loc:
    return c.insert_row("trends", 2, [])


def _duplicate_header(c: Contribution) -> Loc:
    c.replace("data/actors.csv", b"id,name,kind,", b"id,name,name,")
    return Loc("data/actors.csv", 1, "kind")


def _renamed_header(c: Contribution) -> Loc:
    c.replace("data/trends.csv", b"id,label,statement,actors", b"id,label,statement,actor")
    return Loc("data/trends.csv", 1, "actors")


def _extra_cell(c: Contribution) -> Loc:
    rows = c.rows("trends")
    number = c.row_of("trends", "trend-burden-sharing")
    rows[number - 1].append("surplus")
    c.write_rows("trends", rows)
    return Loc("data/trends.csv", number)


def _missing_cell(c: Contribution) -> Loc:
    rows = c.rows("trends")
    number = c.row_of("trends", "trend-burden-sharing")
    rows[number - 1].pop()
    c.write_rows("trends", rows)
    return Loc("data/trends.csv", number, "actors")


def _latin1(c: Contribution) -> Loc:
    label = c.cell("trends", "trend-regional-global-collaboration", "label").encode()
    loc = Loc("data/trends.csv", c.row_of("trends", "trend-regional-global-collaboration"))
    c.replace("data/trends.csv", label, label[:3] + b"\xe9" + label[4:])  # Latin-1, not UTF-8
    return loc


def _nul(c: Contribution) -> Loc:
    label = c.cell("trends", "trend-burden-sharing", "label")
    return c.set_cell("trends", "trend-burden-sharing", "label", label[:5] + "\0" + label[5:])


def _empty(c: Contribution) -> Loc:
    return c.write("data/trends.csv", b"")


def _deleted(c: Contribution) -> Loc:
    c.path("data/trends.csv").unlink()
    return Loc("data/trends.csv")


def _forgot_generate(c: Contribution) -> list[Expect]:
    c.set_cell("trends", "trend-burden-sharing", "statement", "Allies are asked to carry more of the load.")
    return [
        ("hash-count", Loc("data/trends.csv")),
        ("content-hash-mismatch", Loc("data/datapackage.json", None, "/contentHash")),
        ("stale-generated-file", Loc("data/alliance-data.json", None, "/trends/0/statement")),
    ]


def _hand_edited_json(c: Contribution) -> Loc:
    def change(document: dict[str, Any]) -> None:
        document["treaties"][0]["title"] = "A different title"

    c.edit_json("data/alliance-data.json", change)
    return Loc("data/alliance-data.json", None, "/treaties/0/title")


def _json_wrong_type(c: Contribution) -> Loc:
    def change(document: dict[str, Any]) -> None:
        document["treaties"][0]["signed_date"] = 1951

    c.edit_json("data/alliance-data.json", change)
    return Loc("data/alliance-data.json", None, "/treaties/0/signed_date")


def _tampered_schema(c: Contribution) -> Loc:
    def change(schema: dict[str, Any]) -> None:
        schema["properties"]["version"]["pattern"] = "^.*$"

    c.edit_json("schema/alliance-data.schema.json", change)
    return Loc("schema/alliance-data.schema.json", None, "/properties/version/pattern")


def _tampered_descriptor(c: Contribution) -> Loc:
    return c.set_resource("trends", "description", "Something else.")


def _content_hash(c: Contribution) -> Loc:
    def change(descriptor: dict[str, Any]) -> None:
        descriptor["contentHash"] = "sha256:" + "0" * 64

    c.edit_json("data/datapackage.json", change)
    return Loc("data/datapackage.json", None, "/contentHash")


def _bad_date_order(c: Contribution) -> Loc:
    signed = c.cell("treaties", "us-japan-1960", "signed_date")
    return c.set_cell("treaties", "us-japan-1960", "in_force_date", f"{int(signed[:4]) - 1}{signed[4:]}")


def _bound_before_signed(c: Contribution) -> Loc:
    return c.set_cell(
        "treaty_parties", {"treaty_id": "manila-pact-1954", "actor_id": "france"}, "bound_until", "1950-01-01"
    )


def _organisation_with_code(c: Contribution) -> Loc:
    return c.set_cell("actors", "japan", "kind", "organisation")


CASES: tuple[Case, ...] = (
    # frictionless: types, constraints, keys, header and row shape
    Case("type-error", lambda c: c.set_cell("actors", "japan", "cow_ccode", "seven-forty"), "type-error"),
    Case("pattern", lambda c: c.set_cell("actors", "japan", "iso3", "jpn"), "constraint-error"),
    Case("enum", lambda c: c.set_cell("actors", "japan", "kind", "country"), "constraint-error"),
    Case("required", lambda c: c.set_cell("trends", "trend-burden-sharing", "label", ""), "constraint-error"),
    Case("max-length", lambda c: c.set_cell("trends", "trend-burden-sharing", "label", "x" * 81), "constraint-error"),
    Case("minimum", lambda c: c.set_cell("options", "option-nato-like-system", "rank", "0"), "constraint-error"),
    Case(
        "bad-date",
        lambda c: c.set_cell("suspensions", "anzus-1951-us-new-zealand-1986", "date", "1986-02-30"),
        "type-error",
    ),
    Case(
        "foreign-key",
        lambda c: c.set_cell("treaties", "us-japan-1951", "alliance_id", "us-japn"),
        "foreign-key",
        "generate",
    ),
    Case(
        "foreign-key-superseded",
        lambda c: c.set_cell("treaties", "us-japan-1951", "superseded_by", "us-japan-1961"),
        "foreign-key",
        "generate",
    ),
    Case(
        "foreign-key-evidence-source",
        lambda c: c.set_cell("evidence", SPARE_EVIDENCE, "source_id", "pacnet"),
        "foreign-key",
        "generate",
    ),
    Case("primary-key", _duplicate_row_id, "primary-key", "generate"),
    Case("blank-row", _blank_row, "blank-row"),
    Case("duplicate-label", _duplicate_header, "duplicate-label"),
    Case("incorrect-label", _renamed_header, "incorrect-label"),
    Case("extra-cell", _extra_cell, "extra-cell"),
    Case("missing-cell", _missing_cell, "missing-cell"),
    Case(
        "unknown-collection",
        lambda c: c.set_cell("evidence", SPARE_EVIDENCE, "collection", "widgets"),
        "constraint-error",
    ),
    # files: encoding, NUL, empty, missing, too large, links and paths
    Case("not-utf8", _latin1, "encoding-error"),
    Case("nul-byte", _nul, "nul-byte", "generate"),
    Case("empty-file", _empty, "empty-file"),
    Case("missing-file", _deleted, "missing-file"),
    Case(
        "missing-descriptor",
        lambda c: (c.path("data/datapackage.json").unlink(), Loc("data/datapackage.json"))[1],
        "missing-file",
        "none",
    ),
    Case("broken-descriptor", lambda c: c.write("data/datapackage.json", b'{"resources": ['), "invalid-json", "none"),
    Case("broken-json-form", lambda c: c.write("data/alliance-data.json", b'{"sources": [}'), "invalid-json", "none"),
    Case("file-too-large", _sparse_giant, "file-too-large", "none"),
    Case("symlinked-table", _linked_table, "unsafe-path", "none"),
    Case("symlinked-text", _linked_text, "unsafe-path", "none"),
    Case(
        "remote-resource",
        lambda c: c.set_resource("trends", "path", "https://example.org/trends.csv"),
        "remote-resource",
        "none",
    ),
    Case("parent-path", lambda c: c.set_resource("trends", "path", "../../trends.csv"), "unsafe-path", "none"),
    Case("absolute-path", lambda c: c.set_resource("trends", "path", "/etc/passwd"), "unsafe-path", "none"),
    Case("file-url", lambda c: c.set_resource("trends", "path", "file:///etc/passwd"), "unsafe-path", "none"),
    Case(
        "remote-schema",
        lambda c: c.set_resource("trends", "schema", "https://example.org/schema.json"),
        "remote-resource",
        "none",
    ),
    # the models
    Case("date-order", _bad_date_order, "date-order"),
    Case("date-order-party", _bound_before_signed, "date-order"),
    Case("offset-order", _start_after_end, "offset-order"),
    Case("organisation-state-code", _organisation_with_code, "organisation-state-code"),
    # what no schema expresses (the damage loads: everything derived is regenerated)
    Case(
        "unknown-reference-list",
        lambda c: c.set_cell("alliances", "us-japan", "treaty_ids", "us-japan-1951;us-japan-1999"),
        "unknown-reference",
        "generate",
    ),
    Case(
        "unknown-reference-actors",
        lambda c: c.set_cell("trends", "trend-burden-sharing", "actors", "united-states;atlantis"),
        "unknown-reference",
        "generate",
    ),
    Case(
        "unknown-reference-participants",
        lambda c: c.set_cell(
            "ties", "quadrilateral-security-dialogue-2007", "participants", "united-states;japan;australia;indai"
        ),
        "unknown-reference",
        "generate",
    ),
    Case(
        "unknown-reference-record",
        lambda c: c.set_cell("evidence", SPARE_EVIDENCE, "record_id", "development-nothing")._replace(
            column="record_id"
        ),
        "unknown-reference",
    ),
    Case("quote-mismatch", _typo_in_quote, "quote-mismatch", "generate"),
    Case("quote-shifted", _shift_quote, "quote-mismatch", "generate"),
    Case("quote-length", _longer_end, "quote-mismatch"),
    Case("offset-out-of-range", _past_the_end, "offset-out-of-range", "generate"),
    Case("checksum-mismatch", _changed_text, "checksum-mismatch", "generate"),
    Case("checksum-cell", lambda c: c.set_cell("sources", SOURCE, "sha256", "0" * 64), "checksum-mismatch", "generate"),
    Case("missing-text", _missing_text, "missing-file", "none"),
    Case("duplicate-id", _id_used_twice, "duplicate-id", "generate"),
    Case("unsourced-fact", _unsourced, "unsourced-fact", "generate"),
    Case("unsourced-new-fact", _new_unsourced_place, "unsourced-fact", "generate"),
    Case("unknown-fact-field", _unknown_fact_field, "unknown-field", "generate"),
    Case(
        "formula-label",
        lambda c: c.set_cell("trends", "trend-burden-sharing", "label", '=HYPERLINK("http://x.example","y")'),
        "formula-injection",
        "generate",
    ),
    Case(
        "formula-statement",
        lambda c: c.set_cell("drivers", "driver-rise-of-china", "statement", "@SUM(A1:A9) decides"),
        "formula-injection",
        "generate",
    ),
    Case(
        "formula-note",
        lambda c: c.set_cell("actors", "japan", "note", "+1 more thing"),
        "formula-injection",
        "generate",
    ),
    # generated files
    Case("forgot-generate", _forgot_generate, then="none"),
    Case("json-form-disagrees", _hand_edited_json, "stale-generated-file", "none"),
    Case("json-form-schema", _json_wrong_type, "json-schema-error", "none"),
    Case("stale-schema", _tampered_schema, "stale-generated-file", "none"),
    Case("stale-descriptor", _tampered_descriptor, "stale-generated-file", "none"),
    Case("content-hash", _content_hash, "content-hash-mismatch", "none"),
)


def snapshot(root: Path) -> dict[str, tuple[int, int, bytes | str]]:
    """Every entry under ``root``: mode, mtime and content (a link's target, not followed)."""
    state: dict[str, tuple[int, int, bytes | str]] = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder, name)
            info = path.lstat()
            if path.is_symlink():
                content: bytes | str = os.readlink(path)
            elif path.is_file() and info.st_size < 10**6:
                content = path.read_bytes()
            else:
                content = ""
            state[str(path.relative_to(root))] = (info.st_mode, info.st_mtime_ns, content)
    return state


def prepare(case: Case, root: Path) -> tuple[Contribution, set[tuple[str, str, int | None, str | None]]]:
    contribution = Contribution(root)
    expected = case.expected(contribution)
    if case.then == "generate":
        generate(root)
    elif case.then == "rehash":
        contribution.rehash()
    return contribution, expected


def test_the_corpus_is_large_and_named_uniquely() -> None:
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_contribution(case: Case, checkout: Path) -> None:
    _, expected = prepare(case, checkout)
    before = snapshot(checkout.parent)
    started = time.perf_counter()
    report = validate(checkout)
    elapsed = time.perf_counter() - started
    found = {(p.code, p.file, p.row, p.column) for p in report.problems}
    assert found == expected, "\n".join(str(p) for p in report.problems)
    assert not report.ok
    assert snapshot(checkout.parent) == before, "validation changed a file"
    assert elapsed < MAX_SECONDS


# A few cases through the command line, as a contributor (or CI) runs it.
CLI_CASES = {  # a few cases through the command line, as a contributor (or CI) runs it; and the format
    "foreign-key": "text",
    "quote-mismatch": "json",
    "not-utf8": "github",
    "remote-resource": "json",
    "forgot-generate": "text",
    "symlinked-table": "json",
}


@pytest.mark.parametrize(("name", "style"), CLI_CASES.items())
def test_bad_contribution_on_the_command_line(name: str, style: str, checkout: Path) -> None:
    case = next(c for c in CASES if c.id == name)
    _, expected = prepare(case, checkout)
    before = snapshot(checkout.parent)
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "alliance_data", "validate", str(checkout), "--format", style],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.perf_counter() - started < MAX_SECONDS
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert snapshot(checkout.parent) == before
    *lines, summary = run.stdout.splitlines()
    if style == "json":
        assert json.loads(run.stdout) == validate(checkout).to_dict()
        return
    assert re.fullmatch(r"[0-9]+ problems? in [0-9]+ files?", summary)
    assert len(lines) == len(expected)
    for code, file, row, _column in expected:
        where = f"{file}:{row}:" if style == "text" and row else file
        if style == "github":
            where = f"file={os.path.normpath(os.path.join(str(checkout), file))}" + (f",line={row}" if row else "")
        assert any(where in line and code in line for line in lines), (code, file, row, lines)
