"""Export the dataset for other tools: CSV data package, JSON, SQLite and GraphML.

Standard library only. Every export is atomic: a file is written to a temporary file beside it
and renamed into place; a directory is built as a temporary directory and renamed.

=========  ====================================================================================
format     what ``OUT`` becomes
=========  ====================================================================================
csv        a directory: the canonical CSV tables and ``datapackage.json`` (a Frictionless
           Data Package, as in ``data/``)
json       a file: the JSON form (``data/alliance-data.json``), conforming to the JSON Schema
sqlite     a file: one table per CSV table with primary keys, foreign keys and indexes; list
           fields as link tables; the ``dyad_years`` table; a ``metadata`` table
graphml    a file: actors as nodes, alliances (United States-ally) and ties (each pair of
           participants) as edges with their dates
=========  ====================================================================================

SQLite layout. Each collection and child table keeps its CSV name and columns, except list
fields, which become link tables ``<owner>_<field>`` with ``(<owner>_id, position, <item>)``:
``source_authors``, ``alliance_treaties``, ``tie_participants`` and one ``<claim>_actors`` per
kind of claim (``development_actors``...), all joined in the view ``claim_actors(collection,
claim_id, position, actor_id)``. Dates are ISO 8601 text. The ``record_id`` of ``fact_sources``
and ``evidence`` points into the table named by their ``collection`` column, so it has no
declared foreign key. Open with ``sqlite3 alliance-data.sqlite`` and ``PRAGMA foreign_keys = ON``.
"""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic_directory, atomic_file, write_text_atomic
from .dyads import COLUMNS as DYAD_COLUMNS
from .dyads import coverage_end, dyad_year_records
from .frames import table_rows
from .tables import ALL_TABLES, REFERENCES, list_fields, primary_key

if TYPE_CHECKING:
    from .dataset import Dataset

FORMATS = ("csv", "json", "sqlite", "graphml")
SUFFIXES = {".json": "json", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite", ".graphml": "graphml"}
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

_SINGULAR = {"treaties": "treaty", "ties": "tie", "evidence": "evidence"}


def singular(name: str) -> str:
    """``alliances`` -> ``alliance``, ``treaties`` -> ``treaty``."""
    return _SINGULAR.get(name, name.removesuffix("s"))


def guess_format(out: str | Path) -> str | None:
    """The format an output path implies: by suffix, or ``csv`` for a path without one."""
    path = Path(out)
    if path.suffix == "":
        return "csv"
    return SUFFIXES.get(path.suffix.lower())


def export(dataset: Dataset, fmt: str, out: str | Path) -> Path:
    """Write ``dataset`` to ``out`` in format ``fmt`` (one of :data:`FORMATS`); return the path."""
    writers: dict[str, Callable[[Dataset, Path], None]] = {
        "csv": write_csv,
        "json": write_json,
        "sqlite": write_sqlite,
        "graphml": write_graphml,
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    path = Path(out)
    writers[fmt](dataset, path)
    return path


# CSV and JSON ---------------------------------------------------------------------------------


def write_csv(dataset: Dataset, out: Path) -> None:
    """Copy ``datapackage.json`` and every file its resources name into the directory ``out``."""
    from .layout import DATA_DIR, DESCRIPTOR

    root = dataset.root
    if root is None:
        raise LookupError("this dataset was not loaded from a folder, so it has no CSV tables to copy")
    descriptor = json.loads((root / DESCRIPTOR).read_bytes())
    files = [r["path"] for r in descriptor["resources"] if isinstance(r.get("path"), str)]
    with atomic_directory(out, marker="datapackage.json") as temporary:
        for relative in [*files, DESCRIPTOR.removeprefix(f"{DATA_DIR}/")]:
            target = temporary / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((root / DATA_DIR / relative).read_bytes())


def json_text(dataset: Dataset) -> str:
    """The JSON form of ``dataset``, naming its JSON Schema by its absolute ``$id``."""
    from .generate import JSON_SCHEMA_ID

    document = dataset.model_dump(mode="json", by_alias=True)
    document["$schema"] = JSON_SCHEMA_ID
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_json(dataset: Dataset, out: Path) -> None:
    """Write the JSON form to the file ``out``."""
    write_text_atomic(out, json_text(dataset))


# SQLite ---------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _column_sql(field: dict[str, Any]) -> str:
    kind = "INTEGER" if field["type"] == "integer" else "TEXT"
    parts = [_quote(field["name"]), kind]
    constraints = field.get("constraints", {})
    if constraints.get("required"):
        parts.append("NOT NULL")
    if "enum" in constraints:
        values = ", ".join("'" + str(v).replace("'", "''") + "'" for v in constraints["enum"])
        parts.append(f"CHECK ({_quote(field['name'])} IN ({values}))")
    return " ".join(parts)


class _Schema:
    """The SQLite tables: DDL, rows and indexes, built from the Table Schemas and ``tables.py``."""

    def __init__(self) -> None:
        self.ddl: list[str] = []
        self.indexes: list[str] = []
        self.loaders: list[tuple[str, list[str], Callable[[Dataset], list[tuple[Any, ...]]]]] = []

    def table(
        self,
        name: str,
        fields: list[dict[str, Any]],
        key: list[str],
        foreign: dict[str, str],
        rows: Callable[[Dataset], list[tuple[Any, ...]]],
    ) -> None:
        lines = [_column_sql(f) for f in fields]
        lines.append(f"PRIMARY KEY ({', '.join(_quote(k) for k in key)})")
        for column, target in foreign.items():
            lines.append(f"FOREIGN KEY ({_quote(column)}) REFERENCES {_quote(target)} (id)")
            if column != key[0]:
                self.indexes.append(f"CREATE INDEX {_quote(f'{name}_{column}')} ON {_quote(name)} ({_quote(column)})")
        self.ddl.append(f"CREATE TABLE {_quote(name)} (\n  " + ",\n  ".join(lines) + "\n)")
        self.loaders.append((name, [f["name"] for f in fields], rows))


def _scalar_rows(name: str, keep: list[str]) -> Callable[[Dataset], list[tuple[Any, ...]]]:
    def rows(dataset: Dataset) -> list[tuple[Any, ...]]:
        return [tuple(_sql_value(row[c]) for c in keep) for row in table_rows(dataset, name)]

    return rows


def _link_rows(collection: str, field: str) -> Callable[[Dataset], list[tuple[Any, ...]]]:
    def rows(dataset: Dataset) -> list[tuple[Any, ...]]:
        return [
            (record.id, position, item)
            for record in getattr(dataset, collection)
            for position, item in enumerate(getattr(record, field), start=1)
        ]

    return rows


def _dyad_rows(dataset: Dataset) -> list[tuple[Any, ...]]:
    return [tuple(row[c] for c in DYAD_COLUMNS) for row in dyad_year_records(dataset=dataset)]


def link_table_name(collection: str, field: str) -> str:
    """``alliances.treaty_ids`` -> ``alliance_treaties``; ``ties.participants`` -> ``tie_participants``."""
    suffix = REFERENCES[field] if field.endswith("_ids") else field
    return f"{singular(collection)}_{suffix}"


def _item_column(field: str) -> str:
    """The column of a link table holding the item: ``treaty_id``, ``actor_id``, ``author``."""
    if field in REFERENCES:
        return f"{singular(REFERENCES[field])}_id"
    return singular(field)


@cache
def sqlite_schema() -> _Schema:
    """Every table of the SQLite export, from the Table Schemas (built once: treat it as read-only)."""
    from .generate import table_schema

    schema = _Schema()
    for declared in ALL_TABLES:
        fields = table_schema(declared)["fields"]
        lists = list_fields(declared.model)
        scalar = [f for f in fields if f["name"] not in lists]
        foreign = {f["name"]: REFERENCES[f["name"]] for f in scalar if f["name"] in REFERENCES}
        schema.table(
            declared.name,
            scalar,
            list(primary_key(declared)),
            foreign,
            _scalar_rows(declared.name, [f["name"] for f in scalar]),
        )
        for field in sorted(lists):
            owner = f"{singular(declared.name)}_id"
            item = _item_column(field)
            source = next(f for f in fields if f["name"] == field)
            link_fields = [
                {"name": owner, "type": "string", "constraints": {"required": True}},
                {"name": "position", "type": "integer", "constraints": {"required": True}},
                {
                    "name": item,
                    "type": "string",
                    "description": source.get("description"),
                    "constraints": {"required": True},
                },
            ]
            link_foreign = {owner: declared.name}
            if field in REFERENCES:
                link_foreign[item] = REFERENCES[field]
            schema.table(
                link_table_name(declared.name, field),
                link_fields,
                [owner, "position"],
                link_foreign,
                _link_rows(declared.name, field),
            )
    dyad_fields = [
        {
            "name": c,
            "type": "integer" if c in ("ccode1", "ccode2", "year") else "string",
            "constraints": {
                "required": c in ("ccode1", "ccode2", "year", "alliance_id", "treaty_id", "actor_id1", "actor_id2")
            },
        }
        for c in DYAD_COLUMNS
    ]
    schema.table(
        "dyad_years",
        dyad_fields,
        ["ccode1", "ccode2", "year", "treaty_id"],
        {"alliance_id": "alliances", "treaty_id": "treaties", "actor_id1": "actors", "actor_id2": "actors"},
        _dyad_rows,
    )
    schema.indexes.append('CREATE INDEX "dyad_years_year" ON "dyad_years" ("year")')
    return schema


def _claim_actors_view() -> str:
    from .tables import CLAIMS

    selects = [
        f"SELECT '{name}' AS collection, {singular(name)}_id AS claim_id, position, actor_id "
        f"FROM {link_table_name(name, 'actors')}"
        for name in CLAIMS
    ]
    return "CREATE VIEW claim_actors AS\n" + "\nUNION ALL\n".join(selects)


def write_sqlite(dataset: Dataset, out: Path) -> None:
    """Write the SQLite database ``out``; raise if its own ``PRAGMA foreign_key_check`` fails."""
    schema = sqlite_schema()
    with atomic_file(out) as temporary:
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                for statement in schema.ddl:
                    connection.execute(statement)
                connection.execute(_claim_actors_view())
                for name, names, rows in schema.loaders:
                    marks = ", ".join("?" for _ in names)
                    connection.executemany(
                        f"INSERT INTO {_quote(name)} ({', '.join(_quote(n) for n in names)}) VALUES ({marks})",
                        rows(dataset),
                    )
                for statement in schema.indexes:
                    connection.execute(statement)
                connection.execute("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                metadata = {
                    "name": dataset.name,
                    "version": dataset.version,
                    "content_hash": dataset.content_hash or "",
                    "dyad_years_end": str(coverage_end(dataset)),
                }
                connection.executemany("INSERT INTO metadata VALUES (?, ?)", metadata.items())
            problems = connection.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise ValueError(f"the SQLite export fails its foreign-key check: {problems[:5]}")
        finally:
            connection.close()


# GraphML --------------------------------------------------------------------------------------

NODE_KEYS = (
    ("name", "string"),
    ("kind", "string"),
    ("iso3", "string"),
    ("cow_ccode", "int"),
    ("cow_abbr", "string"),
    ("wikidata", "string"),
)
EDGE_KEYS = (
    ("relation", "string"),
    ("record_id", "string"),
    ("label", "string"),
    ("kind", "string"),
    ("date", "string"),
    ("year", "int"),
    ("end_date", "string"),
    ("treaty_ids", "string"),
)


def graph_edges(dataset: Dataset) -> list[dict[str, str]]:
    """The edges of the network: one per alliance (US-ally), one per tie and pair of participants.

    Alliance edges: ``relation="alliance"``, ``kind="treaty-alliance"``, ``date`` the earliest
    entry into force among its treaties, ``end_date`` the latest end when all have ended (absent
    while one is in force), ``treaty_ids`` ``;``-joined. Tie edges: ``relation="tie"``, ``kind``
    the tie's kind, ``date`` its partial ISO date. ``year`` is the year of ``date`` (an integer).
    """
    us = next(a.id for a in dataset.actors if a.cow_ccode == 2)
    edges = []
    for alliance in dataset.alliances:
        treaties = [dataset[t] for t in alliance.treaty_ids]
        starts = [t.in_force_date for t in treaties if t.in_force_date is not None]
        start = min(starts).isoformat() if starts else min(t.signed_date for t in treaties).isoformat()
        edge = {
            "source": us,
            "target": alliance.ally_id,
            "id": alliance.id,
            "relation": "alliance",
            "record_id": alliance.id,
            "label": alliance.label,
            "kind": "treaty-alliance",
            "date": start,
            "year": start[:4],
            "treaty_ids": ";".join(alliance.treaty_ids),
        }
        binding = [t for t in treaties if t.in_force_date is not None]
        if binding and all(t.ended_date is not None for t in binding):
            edge["end_date"] = max(t.ended_date for t in binding if t.ended_date).isoformat()
        edges.append(edge)
    for tie in dataset.ties:
        for a, b in combinations(tie.participants, 2):
            edges.append(
                {
                    "source": a,
                    "target": b,
                    "id": f"{tie.id}:{a}:{b}",
                    "relation": "tie",
                    "record_id": tie.id,
                    "label": tie.label,
                    "kind": tie.kind,
                    "date": tie.date,
                    "year": tie.date[:4],
                }
            )
    return edges


def graphml_text(dataset: Dataset) -> str:
    """The GraphML document of the network (undirected; parallel edges between a pair allowed)."""
    ET.register_namespace("", GRAPHML_NS)
    ns = f"{{{GRAPHML_NS}}}"
    root = ET.Element(f"{ns}graphml")
    for scope, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, kind in keys:
            ET.SubElement(
                root, f"{ns}key", {"id": f"{scope[0]}_{name}", "for": scope, "attr.name": name, "attr.type": kind}
            )
    graph = ET.SubElement(root, f"{ns}graph", {"id": dataset.name, "edgedefault": "undirected"})
    for actor in dataset.actors:
        node = ET.SubElement(graph, f"{ns}node", {"id": actor.id})
        for name, _ in NODE_KEYS:
            value = getattr(actor, name)
            if value is not None:
                ET.SubElement(node, f"{ns}data", {"key": f"n_{name}"}).text = str(value)
    for edge in graph_edges(dataset):
        element = ET.SubElement(
            graph, f"{ns}edge", {"id": edge["id"], "source": edge["source"], "target": edge["target"]}
        )
        for name, _ in EDGE_KEYS:
            if name in edge:
                ET.SubElement(element, f"{ns}data", {"key": f"e_{name}"}).text = edge[name]
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_graphml(dataset: Dataset, out: Path) -> None:
    """Write the GraphML network to the file ``out``."""
    write_text_atomic(out, graphml_text(dataset))
