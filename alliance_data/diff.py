"""What changed between two versions of the data: records added, removed and changed, field by field.

The two trees (checkouts or ``data/`` folders) are read as plain CSV, by their headers, so that
versions whose fields differ can still be compared: a column found in only one of them is reported
as a column added or removed, and records are compared on the columns both have. Nested items
(evidence, fact sources, treaty parties) are compared item by item, keyed as their tables are:

* ``evidence[2].quote``: the quote of a record's second piece of evidence;
* ``sources[iso3,iso-3166-1].confidence``: the fact source for field ``iso3`` from ``iso-3166-1``;
* ``parties[japan].bound_until``: a treaty party.

An item found in only one tree is a change of the path without a field (``evidence[3]``), from or
to null. Values are as in the CSV, with empty cells as null, list cells as lists and whole-number
columns as numbers.

>>> from alliance_data.loader import bundled_root
>>> d = diff(bundled_root(), bundled_root())
>>> d.identical, d.bump
(True, None)
"""

from __future__ import annotations

import csv
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .layout import DESCRIPTOR
from .loader import find_root, table_file
from .tables import CHILDREN, COLLECTIONS, LIST_DELIMITER, Child, Collection, list_fields, primary_key

FORMATS = ("text", "json", "markdown")


@dataclass(frozen=True)
class Change:
    """One field of a record (or a nested item) whose value differs."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Changed:
    """A record present in both trees whose values differ."""

    id: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class CollectionDiff:
    """The differences in one collection; ``labels`` name the records added and removed."""

    name: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[Changed, ...] = ()
    labels: dict[str, str] = field(default_factory=dict, compare=False)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Side:
    """One of the two trees: where it is, and its version and content hash (as its descriptor states)."""

    path: str
    version: str | None
    content_hash: str | None


@dataclass(frozen=True)
class Diff:
    old: Side
    new: Side
    collections: tuple[CollectionDiff, ...]  # only collections with differences, in dataset order
    columns: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # table -> (added, removed), if any

    @property
    def identical(self) -> bool:
        return not self.collections and not self.columns

    def counts(self) -> dict[str, int]:
        return {
            "added": sum(len(c.added) for c in self.collections),
            "removed": sum(len(c.removed) for c in self.collections),
            "changed": sum(len(c.changed) for c in self.collections),
        }

    @property
    def bump(self) -> str | None:
        """The SemVer bump called for: a record or column removed is major; added, minor; changed, patch."""
        counts = self.counts()
        if counts["removed"] or any(removed for _, removed in self.columns.values()):
            return "major"
        if counts["added"] or any(added for added, _ in self.columns.values()):
            return "minor"
        if counts["changed"]:
            return "patch"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": _side(self.old),
            "new": _side(self.new),
            "identical": self.identical,
            "bump": self.bump,
            "summary": self.counts(),
            "collections": {
                c.name: {
                    "added": list(c.added),
                    "removed": list(c.removed),
                    "changed": [
                        {"id": r.id, "changes": [{"field": x.field, "old": x.old, "new": x.new} for x in r.changes]}
                        for r in c.changed
                    ],
                }
                for c in self.collections
            },
            "columns": {t: {"added": list(a), "removed": list(r)} for t, (a, r) in self.columns.items()},
        }


def _side(side: Side) -> dict[str, Any]:
    return {"path": side.path, "version": side.version, "contentHash": side.content_hash}


# -- reading -----------------------------------------------------------------------------------


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return any(_is_int(a) for a in typing.get_args(annotation))
    if origin is typing.Annotated:
        return _is_int(typing.get_args(annotation)[0])
    return False


def _converters(table: Collection | Child) -> tuple[frozenset[str], frozenset[str]]:
    """The list columns and the whole-number columns of a table, by the current models."""
    ints = {name for name, info in table.model.model_fields.items() if _is_int(info.annotation)}
    if isinstance(table, Child) and table.order:
        ints.add(table.order)
    return list_fields(table.model), frozenset(ints)


def _value(cell: str, name: str, lists: frozenset[str], ints: frozenset[str]) -> Any:
    if cell == "":
        return [] if name in lists else None
    if name in lists:
        return cell.split(LIST_DELIMITER)
    if name in ints:
        try:
            return int(cell)
        except ValueError:
            return cell
    return cell


def _read_table(root: Path, table: Collection | Child) -> tuple[tuple[str, ...] | None, list[dict[str, Any]]]:
    """The header (None if the file is absent) and rows of one table."""
    path = root / table_file(table)
    if not path.is_file():
        return None, []
    lists, ints = _converters(table)
    with path.open("r", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = tuple(next(reader, ()))
        rows = [
            {name: _value(cell, name, lists, ints) for name, cell in zip(header, cells, strict=False)}
            for cells in reader
            if cells
        ]
    return header, rows


@dataclass
class _Tree:
    root: Path
    headers: dict[str, tuple[str, ...] | None]
    records: dict[str, dict[str, dict[str, Any]]]  # collection -> id -> record (nested items keyed)


def _item_key(child: Child, row: dict[str, Any]) -> str:
    names = [n for n in primary_key(child) if n not in child.link]
    return ",".join(str(row.get(n)) for n in names)


def _read_tree(path: Any) -> _Tree:
    root = find_root(Path(str(path)))
    headers: dict[str, tuple[str, ...] | None] = {}
    records: dict[str, dict[str, dict[str, Any]]] = {}
    for table in COLLECTIONS:
        header, rows = _read_table(root, table)
        headers[table.name] = header
        records[table.name] = {}
        for row in rows:
            records[table.name].setdefault(str(row.get("id")), row)
    for child in CHILDREN:
        header, rows = _read_table(root, child)
        headers[child.name] = header
        for row in rows:
            collection = row.get("collection") if len(child.link) == 2 else child.parents[0]
            parent = records.get(str(collection), {}).get(str(row.get(child.link[-1])))
            if parent is None:
                continue  # an orphan row: the validator reports it
            item = {k: v for k, v in row.items() if k not in child.link}
            parent.setdefault(child.field, {}).setdefault(_item_key(child, row), item)
    return _Tree(root, headers, records)


def _descriptor(root: Path) -> tuple[str | None, str | None]:
    try:
        descriptor = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    if not isinstance(descriptor, dict):
        return None, None
    version, content_hash = descriptor.get("version"), descriptor.get("contentHash")
    return (version if isinstance(version, str) else None, content_hash if isinstance(content_hash, str) else None)


# -- comparing ---------------------------------------------------------------------------------


def _sort_key(key: str) -> tuple[Any, ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in key.split(","))


def _compare(
    old: dict[str, Any], new: dict[str, Any], names: list[str], children: list[tuple[Child, list[str]]]
) -> list[Change]:
    changes = [Change(name, old.get(name), new.get(name)) for name in names if old.get(name) != new.get(name)]
    for child, item_names in children:
        old_items, new_items = old.get(child.field, {}), new.get(child.field, {})
        for key in sorted(set(old_items) | set(new_items), key=_sort_key):
            where = f"{child.field}[{key}]"
            if key not in old_items or key not in new_items:
                changes.append(Change(where, old_items.get(key), new_items.get(key)))
                continue
            a, b = old_items[key], new_items[key]
            changes += [Change(f"{where}.{n}", a.get(n), b.get(n)) for n in item_names if a.get(n) != b.get(n)]
    return changes


def _common(old: tuple[str, ...] | None, new: tuple[str, ...] | None) -> list[str]:
    return [name for name in (new or ()) if name in (old or ())]


def _label(record: dict[str, Any]) -> str:
    for name in ("label", "title", "name"):
        if isinstance(record.get(name), str):
            return str(record[name])
    return ""


def diff(old: str | Path | Any, new: str | Path | Any) -> Diff:
    """The differences from the tree at ``old`` to the tree at ``new`` (checkouts or data folders)."""
    a, b = _read_tree(old), _read_tree(new)
    result: list[CollectionDiff] = []
    for collection in COLLECTIONS:
        name = collection.name
        old_records, new_records = a.records[name], b.records[name]
        keys = [k for k in _common(a.headers[name], b.headers[name]) if k != "id"]
        children = [
            (c, [n for n in _common(a.headers[c.name], b.headers[c.name]) if n not in c.link])
            for c in CHILDREN
            if name in c.parents
        ]
        added = tuple(sorted(set(new_records) - set(old_records)))
        removed = tuple(sorted(set(old_records) - set(new_records)))
        changed = []
        for record_id in sorted(set(old_records) & set(new_records)):
            changes = _compare(old_records[record_id], new_records[record_id], keys, children)
            if changes:
                changed.append(Changed(record_id, tuple(changes)))
        labels = {i: _label(new_records[i]) for i in added} | {i: _label(old_records[i]) for i in removed}
        entry = CollectionDiff(name, added, removed, tuple(changed), labels)
        if entry:
            result.append(entry)
    column_changes: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    tables: tuple[Collection | Child, ...] = (*COLLECTIONS, *CHILDREN)
    for table in tables:
        before, after = a.headers[table.name] or (), b.headers[table.name] or ()
        if before == after or (not before and not after):
            continue
        plus = tuple(n for n in after if n not in before)
        minus = tuple(n for n in before if n not in after)
        if plus or minus:
            column_changes[table.name] = (plus, minus)
    sides = Side(str(old), *_descriptor(a.root)), Side(str(new), *_descriptor(b.root))
    return Diff(*sides, tuple(result), column_changes)


# -- rendering ---------------------------------------------------------------------------------


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _summary(d: Diff) -> str:
    counts = d.counts()
    if d.identical:
        return "no differences"
    total = sum(counts.values())
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    columns = sum(len(a) + len(r) for a, r in d.columns.values())
    extra = f", {columns} column(s) added or removed" if columns else ""
    return f"{total} record(s) differ ({parts}){extra}; suggested version bump: {d.bump}"


def render_text(d: Diff) -> str:
    lines = []
    for label, side in (("old", d.old), ("new", d.new)):
        lines.append(f"{label}: {side.path} (version {side.version or '?'}, {side.content_hash or 'no content hash'})")
    for table, (added, removed) in d.columns.items():
        lines.append("")
        lines.append(f"{table}: columns " + ", ".join([*(f"+{n}" for n in added), *(f"-{n}" for n in removed)]))
    for c in d.collections:
        lines.append("")
        lines.append(f"{c.name}: {len(c.added)} added, {len(c.removed)} removed, {len(c.changed)} changed")
        lines += [f"  + {i}  {_show(c.labels[i])}" if c.labels.get(i) else f"  + {i}" for i in c.added]
        lines += [f"  - {i}  {_show(c.labels[i])}" if c.labels.get(i) else f"  - {i}" for i in c.removed]
        for record in c.changed:
            lines.append(f"  ~ {record.id}")
            lines += [f"      {x.field}: {_show(x.old)} -> {_show(x.new)}" for x in record.changes]
    lines.append("")
    lines.append(_summary(d))
    return "\n".join(lines) + "\n"


def render_json(d: Diff) -> str:
    return json.dumps(d.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _md(value: Any) -> str:
    text = _show(value)
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(d: Diff) -> str:
    """Keep a Changelog sections (Added, Changed, Removed), to paste under a version heading."""
    if d.identical:
        return "No changes to the data.\n"
    sections: dict[str, list[str]] = {"Added": [], "Changed": [], "Removed": []}
    for table, (added, removed) in d.columns.items():
        sections["Added"] += [f"- Column `{n}` in `{table}`." for n in added]
        sections["Removed"] += [f"- Column `{n}` from `{table}`." for n in removed]
    for c in d.collections:
        for i in c.added:
            sections["Added"].append(f"- `{c.name}/{i}`" + (f": {c.labels[i]}" if c.labels.get(i) else ""))
        for record in c.changed:
            if len(record.changes) == 1:
                x = record.changes[0]
                sections["Changed"].append(f"- `{c.name}/{record.id}`: `{x.field}` {_md(x.old)} → {_md(x.new)}")
            else:
                sections["Changed"].append(f"- `{c.name}/{record.id}`:")
                sections["Changed"] += [f"  - `{x.field}` {_md(x.old)} → {_md(x.new)}" for x in record.changes]
        for i in c.removed:
            sections["Removed"].append(f"- `{c.name}/{i}`" + (f": {c.labels[i]}" if c.labels.get(i) else ""))
    lines = [f"<!-- alliance-data diff: {_summary(d)} -->"]
    for heading, items in sections.items():
        if items:
            lines += ["", f"### {heading}", "", *items]
    return "\n".join(lines) + "\n"


def render(d: Diff, format: str = "text") -> str:
    renderers = {"text": render_text, "json": render_json, "markdown": render_markdown}
    if format not in renderers:
        raise ValueError(f"unknown diff format {format!r}; formats: {', '.join(FORMATS)}")
    return renderers[format](d)
