"""Load the dataset from its canonical CSV tables, validating every record with Pydantic.

Only the standard library and pydantic are imported here: frictionless, jsonschema and pandas
stay off the loading path.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from .errors import DataError, Problem
from .tables import CHILDREN, COLLECTIONS, LIST_DELIMITER, Child, Collection, columns, list_fields

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from .dataset import Dataset

DATA_DIR = "data"
DESCRIPTOR = "data/datapackage.json"

def bundled_root() -> Path | Traversable:
    """Where the bundled release lives: inside the installed package, or the checkout's top level."""
    bundle = resources.files("alliance_data") / "_bundle"
    if bundle.is_dir():
        return bundle
    return Path(__file__).resolve().parent.parent


def find_root(path: str | Path) -> Path:
    """The dataset root for PATH: a checkout (holding ``data/``) or a data folder itself."""
    path = Path(path)
    if (path / DATA_DIR).is_dir():
        return path
    if path.name == DATA_DIR and path.is_dir():
        return path.parent
    raise DataError([Problem(str(path), None, None, "missing-data", f"{path} holds no {DATA_DIR}/ folder")])


def table_file(table: Collection | Child) -> str:
    return f"{DATA_DIR}/{table.name}.csv"


class _Rows:
    """Rows of one CSV table as dicts ("" read as null, list cells split), with their row numbers."""

    def __init__(self, root: Path | Traversable, table: Collection | Child, problems: list[Problem]) -> None:
        self.file = table_file(table)
        self.rows: list[dict[str, Any]] = []
        self.numbers: list[int] = []
        expected = columns(table)
        lists = list_fields(table.model)
        try:
            with (root / self.file).open("r", encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, None)
                if header is None:
                    problems.append(Problem(self.file, None, None, "empty-file", "the file is empty"))
                    return
                if tuple(header) != expected:
                    problems.append(
                        Problem(
                            self.file, 1, None, "header-mismatch",
                            f"header is {','.join(header)!r}; expected {','.join(expected)!r}",
                        )
                    )
                    return
                for number, cells in enumerate(reader, start=2):
                    if len(cells) != len(expected):
                        problems.append(
                            Problem(
                                self.file, number, None, "row-shape",
                                f"{len(cells)} cells; expected {len(expected)}",
                            )
                        )
                        continue
                    row: dict[str, Any] = {}
                    for name, cell in zip(expected, cells):
                        if cell == "":
                            if name in lists:
                                row[name] = ()
                        elif name in lists:
                            row[name] = tuple(cell.split(LIST_DELIMITER))
                        else:
                            row[name] = cell
                    self.rows.append(row)
                    self.numbers.append(number)
        except FileNotFoundError:
            problems.append(Problem(self.file, None, None, "missing-file", "the file is missing"))
        except UnicodeDecodeError as exc:
            problems.append(Problem(self.file, None, None, "encoding-error", f"not valid UTF-8: {exc.reason}"))
        except csv.Error as exc:
            problems.append(Problem(self.file, None, None, "csv-error", str(exc)))


@lru_cache(maxsize=None)
def _adapter(model: type) -> TypeAdapter[Any]:
    return TypeAdapter(tuple[model, ...])  # type: ignore[valid-type]


def _pointer(loc: tuple[int | str, ...]) -> str | None:
    return ".".join(str(part) for part in loc) or None


def read_tables(root: Path | Traversable) -> tuple[dict[str, tuple[Any, ...]], list[Problem]]:
    """Read and validate every collection under ``root``; return the records and the problems."""
    problems: list[Problem] = []
    tables = {table.name: _Rows(root, table, problems) for table in (*COLLECTIONS, *CHILDREN)}

    # Nest child rows into their parents; remember where each nested item came from.
    origin: dict[tuple[str, int, str, int], tuple[str, int]] = {}
    index = {
        c.name: {row.get("id"): i for i, row in enumerate(tables[c.name].rows)} for c in COLLECTIONS
    }
    for child in CHILDREN:
        rows = tables[child.name]
        grouped: dict[tuple[str, str], list[tuple[Any, int, dict[str, Any]]]] = defaultdict(list)
        for number, row in zip(rows.numbers, rows.rows):
            link = [row.pop(name, None) for name in child.link]
            collection = link[0] if len(child.link) == 2 else child.parents[0]
            record_id = link[-1]
            order = row.pop(child.order, None) if child.order else number
            if collection not in child.parents:
                problems.append(
                    Problem(
                        rows.file, number, "collection", "unknown-collection",
                        f"{collection!r} is not one of {', '.join(child.parents)}",
                    )
                )
                continue
            if record_id not in index[collection]:
                column = child.link[-1]
                problems.append(
                    Problem(rows.file, number, column, "unknown-record", f"no {collection} record {record_id!r}")
                )
                continue
            try:
                key = int(order)
            except (TypeError, ValueError):
                problems.append(
                    Problem(rows.file, number, child.order, "int-parsing", f"{order!r} is not a whole number")
                )
                continue
            if key < 1:
                problems.append(
                    Problem(rows.file, number, child.order, "greater-than-equal", f"{key} is below the first position, 1")
                )
                continue
            grouped[(collection, record_id)].append((key, number, row))
        for (collection, record_id), items in grouped.items():
            items.sort(key=lambda item: item[0])
            parent = index[collection][record_id]
            tables[collection].rows[parent][child.field] = tuple(row for _, _, row in items)
            for position, (_, number, _) in enumerate(items):
                origin[(collection, parent, child.field, position)] = (rows.file, number)

    records: dict[str, tuple[Any, ...]] = {}
    for collection in COLLECTIONS:
        rows = tables[collection.name]
        try:
            records[collection.name] = _adapter(collection.model).validate_python(rows.rows)
        except ValidationError as exc:
            records[collection.name] = ()
            for error in exc.errors(include_url=False):
                i, *rest = error["loc"]
                file, row, column = rows.file, rows.numbers[int(i)], None
                if rest:
                    column = str(rest[0])
                if len(rest) >= 2 and (collection.name, int(i), str(rest[0]), rest[1]) in origin:
                    file, row = origin[(collection.name, int(i), str(rest[0]), rest[1])]  # type: ignore[index]
                    column = _pointer(tuple(rest[2:]))
                elif len(rest) >= 2 and column not in {c.field for c in CHILDREN}:
                    column = str(rest[0])  # a list cell: name the column
                problems.append(Problem(file, row, column, error["type"].replace("_", "-"), error["msg"]))
    return records, problems


def read_descriptor(root: Path | Traversable) -> tuple[dict[str, Any], list[Problem]]:
    """The parts of ``data/datapackage.json`` the loader needs: ``version`` and ``contentHash``."""
    try:
        with (root / DESCRIPTOR).open("rb") as handle:
            descriptor = json.load(handle)
    except FileNotFoundError:
        return {}, [Problem(DESCRIPTOR, None, None, "missing-file", "the data package descriptor is missing")]
    except ValueError as exc:
        return {}, [Problem(DESCRIPTOR, None, None, "invalid-json", f"not valid JSON: {exc}")]
    problems = [
        Problem(DESCRIPTOR, None, f"/{key}", "descriptor-error", f"{key!r} is missing or not a string")
        for key in ("version", "contentHash")
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get(key), str)
    ]
    return (descriptor if isinstance(descriptor, dict) else {}), problems


def load(path: str | Path | None = None) -> Dataset:
    """Load the dataset: the bundled release, or the checkout or data folder at ``path``.

    Raises :class:`alliance_data.DataError` naming file, row and field when the data is invalid.

    >>> import alliance_data as ad
    >>> ad.load().version == ad.__version__
    True
    """
    from .dataset import Dataset

    root: Path | Traversable = bundled_root() if path is None else find_root(path)
    descriptor, problems = read_descriptor(root)
    records, table_problems = read_tables(root)
    problems += table_problems
    if problems:
        raise DataError(problems)
    dataset = Dataset(version=descriptor["version"], **records)
    dataset._root = root
    dataset._content_hash = descriptor["contentHash"].removeprefix("sha256:")
    return dataset
