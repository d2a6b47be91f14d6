"""The codebook (``docs/codebook.md``), generated from the models, ``tables.py`` and the Table Schemas.

For every collection and child table: its file, primary key, foreign keys, and each field's type,
whether it is required, its constraints, its description and an example taken from the data (the
first non-empty value of the column). ``alliance-data codebook`` writes it; ``alliance-data
codebook --check`` and the test suite fail when the committed copy is stale.

>>> import alliance_data as ad
>>> text = codebook(ad.load())
>>> "### `treaties`" in text and "`us-japan-1951`" in text
True
"""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .tables import ALL_TABLES, CHILDREN, COLLECTIONS, LIST_DELIMITER, REFERENCES, Child, Collection, primary_key

if TYPE_CHECKING:
    from .dataset import Dataset

EXAMPLE_WIDTH = 60


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (GitHub reads ``\\|`` as ``|``, in code spans too)."""
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_cell(text)}`" if "`" not in text else _cell(text)


def _example(value: str | None) -> str:
    if value is None:
        return "—"
    if len(value) > EXAMPLE_WIDTH:
        value = value[: EXAMPLE_WIDTH - 1].rstrip() + "…"
    return _code(value)


def examples(dataset: Dataset, table: Collection | Child) -> dict[str, str]:
    """The first non-empty value of each column of the table's CSV file."""
    from .loader import table_file

    root = dataset.root
    if root is None:
        return {}
    text = (root / table_file(table)).read_bytes().decode("utf-8")
    found: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text, newline="")):
        for name, value in row.items():
            if value and name not in found:
                found[name] = value
    return found


def _type(field: dict[str, Any]) -> str:
    if field["type"] == "list":
        return f"list of {field['itemType']} (`{field['delimiter']}`-separated)"
    if field["type"] == "date":
        return "date (YYYY-MM-DD)"
    return str(field["type"])


def _constraints(field: dict[str, Any]) -> str:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append("one of " + ", ".join(_code(str(v)) for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"pattern {_code(c['pattern'])}")
    lengths = (c.get("minLength"), c.get("maxLength"))
    if field["type"] == "list" and lengths[0] is not None:
        parts.append(f"at least {lengths[0]} item{'s' if lengths[0] != 1 else ''}")
    elif lengths != (None, None):
        low, high = lengths
        if low is not None and high is not None:
            parts.append(f"{low}\N{EN DASH}{high} characters")
        else:
            parts.append(f"at most {high} characters" if high is not None else f"at least {low} characters")
    if "minimum" in c or "maximum" in c:
        low, high = c.get("minimum"), c.get("maximum")
        parts.append(
            f"{low}\N{EN DASH}{high}"
            if low is not None and high is not None
            else f"≥ {low}"
            if low is not None
            else f"≤ {high}"
        )
    name = field["name"]
    if name in REFERENCES:
        each = "each item " if field["type"] == "list" else ""
        parts.append(f"{each}→ `{REFERENCES[name]}.id`")
    return "; ".join(parts) or "—"


@cache
def _table_schema(table: Collection | Child) -> dict[str, Any]:
    """The table's Table Schema (cached: generating it is slow). Do not modify the result."""
    from .generate import table_schema

    return table_schema(table)


def _table_section(dataset: Dataset, table: Collection | Child) -> list[str]:
    from .loader import table_file

    schema = _table_schema(table)
    doc = (table.model.__doc__ or "").strip().splitlines()[0]
    lines = [f"### `{table.name}`", "", table.description, ""]
    if doc and doc != table.description:
        lines += [f"Each row: {doc[0].lower()}{doc[1:]}", ""]
    lines.append(f"- File: `{table_file(table)}`")
    lines.append(f"- Primary key: {', '.join(f'`{k}`' for k in primary_key(table))}")
    foreign = [f"`{fk['fields']}` → `{fk['reference']['resource']}.id`" for fk in schema.get("foreignKeys", [])]
    lists = [
        f"`{f['name']}` → `{REFERENCES[f['name']]}.id`"
        for f in schema["fields"]
        if f["type"] == "list" and f["name"] in REFERENCES
    ]
    if isinstance(table, Child) and len(table.link) == 2:
        foreign.append(f"`{table.link[1]}` → `id` of the collection named in `{table.link[0]}`")
    lines.append(f"- Foreign keys: {'; '.join(foreign) if foreign else '—'}")
    if lists:
        lines.append(f"- List fields whose items are ids: {'; '.join(lists)}")
    if isinstance(table, Child):
        lines.append(
            f"- Nested in: the `{table.field}` field of {', '.join(f'`{p}`' for p in table.parents)} (in the JSON form)"
        )
    else:
        nested = [c.name for c in CHILDREN if table.name in c.parents]
        if nested:
            lines.append(f"- Nested items in: {', '.join(f'`{n}`' for n in nested)}")
    lines += [
        "",
        "| field | type | required | constraints | description | example |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    found = examples(dataset, table)
    for field in schema["fields"]:
        required = "yes" if field.get("constraints", {}).get("required") else "no"
        lines.append(
            f"| `{field['name']}` | {_type(field)} | {required} | {_constraints(field)} "
            f"| {_cell(field.get('description') or '—')} | {_example(found.get(field['name']))} |"
        )
    lines.append("")
    return lines


def codebook(dataset: Dataset) -> str:
    """The text of ``docs/codebook.md`` for ``dataset``."""
    from .dyads import COLUMNS as DYAD_COLUMNS
    from .export import sqlite_schema

    lines = [
        "# Codebook",
        "",
        "<!-- Generated by `alliance-data codebook` from alliance_data/models.py, alliance_data/tables.py and the "
        "Table Schemas; do not edit by hand. -->",
        "",
        "Every table of `data/`: its file, primary key and foreign keys, and each field with its type, whether "
        "it is required, its constraints, its description, and an example: the first non-empty value of the "
        "column in the data.",
        "",
        "Conventions of the CSV tables: UTF-8, comma-separated, one header row; an empty cell is null; list "
        f"fields hold their items separated by `{LIST_DELIMITER}`; dates are ISO 8601. *Collections* hold one "
        "record per row; *child tables* hold items nested in records of other tables (a treaty's parties, the "
        "sources of facts, verbatim evidence), the first columns naming the record they belong to.",
        "",
        "## Contents",
        "",
    ]
    for table in ALL_TABLES:
        lines.append(f"- [`{table.name}`](#{table.name}): {table.description}")
    lines += ["- [Dyad-years](#dyad-years)", "- [SQLite link tables](#sqlite-link-tables)", "", "## Collections", ""]
    for table in COLLECTIONS:
        lines += _table_section(dataset, table)
    lines += ["## Child tables", ""]
    for table in CHILDREN:
        lines += _table_section(dataset, table)
    lines += [
        "## Dyad-years",
        "",
        "Derived, not stored: `alliance_data.dyad_years()` (and the `dyad_years` table of the SQLite export) "
        "gives one row per pair of states, per year in which a treaty bound them on any day, per treaty. See "
        "the docstring of `alliance_data.dyads` for the conventions.",
        "",
        "| column | description |",
        "| --- | --- |",
        *(f"| `{name}` | {_cell(text)} |" for name, text in DYAD_COLUMNS.items()),
        "",
        "## SQLite link tables",
        "",
        "In `alliance-data export --format sqlite`, each list field becomes a link table with a row per item, "
        "in order (`position` from 1); the view `claim_actors` joins the `*_actors` tables of the claims.",
        "",
        "| table | columns |",
        "| --- | --- |",
    ]
    own = {t.name for t in ALL_TABLES} | {"dyad_years"}
    for name, columns, _ in sqlite_schema().loaders:
        if name not in own:
            lines.append(f"| `{name}` | {', '.join(f'`{c}`' for c in columns)} |")
    lines.append("")
    return "\n".join(lines)


def write(dataset: Dataset, path: Path) -> bool:
    """Write the codebook to ``path`` if it differs; return whether it changed."""
    from .atomic import write_text_atomic

    text = codebook(dataset)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_text_atomic(path, text)
    return True


def is_stale(dataset: Dataset, path: Path) -> bool:
    """Whether the file at ``path`` differs from the codebook generation gives."""
    return not path.is_file() or path.read_text(encoding="utf-8") != codebook(dataset)
