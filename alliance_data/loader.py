"""Load the dataset from its canonical CSV tables, validating every record with Pydantic.

Only the standard library and pydantic are imported here: frictionless, jsonschema and pandas
stay off the loading path.

Built to be cheap to start and linear in the size of the data (see ``benchmarks/``):

* every record is validated by **one** validator, the :class:`~alliance_data.dataset.Dataset`
  model's, in one call: pydantic builds a single schema for the whole dataset, not one per
  collection;
* :mod:`alliance_data.errors` is imported only when there is a problem to report, and the
  descriptor is parsed with ``pydantic_core.from_json`` (already loaded), not :mod:`json`;
* the cyclic garbage collector is paused while the tables are read and validated: the loader
  allocates a few containers per cell and none of them form cycles, yet each full collection
  would walk the whole (growing) heap again, which made loading grow faster than the data.
"""

from __future__ import annotations

import csv
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_core import from_json

from .tables import ALL_TABLES, CHILDREN, COLLECTIONS, LIST_DELIMITER, Child, Collection, columns, list_fields

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from .dataset import Dataset
    from .errors import DataError, Problem

from .layout import DATA_DIR, DESCRIPTOR

# The collections are validated before the descriptor is trusted, under this stand-in version;
# load() checks the real one when it builds the Dataset.
_ANY_VERSION = "0.0.0"


def __getattr__(name: str) -> Any:
    # ``Problem`` and ``DataError`` used to be importable from here; they are imported lazily now.
    if name in ("Problem", "DataError"):
        from . import errors

        return getattr(errors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _problem(file: str, row: int | None, column: str | None, code: str, message: str) -> Problem:
    from .errors import Problem

    return Problem(file, row, column, code, message)


def _error(problems: list[Problem]) -> DataError:
    from .errors import DataError

    return DataError(problems)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) while building many acyclic objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def bundled_root() -> Path | Traversable:
    """Where the bundled release lives: inside the installed package, or the checkout's top level."""
    package = Path(__file__).resolve().parent
    if package.is_dir():  # imported from files, as usual: the package's folder is what resources would give
        bundle = package / "_bundle"
        return bundle if bundle.is_dir() else package.parent
    from importlib import resources  # imported from a zip file, or by another loader

    traversable = resources.files("alliance_data") / "_bundle"
    if traversable.is_dir():
        return traversable
    return package.parent


def find_root(path: str | Path) -> Path:
    """The dataset root for PATH: a checkout (holding ``data/``) or a data folder itself."""
    path = Path(path)
    if (path / DATA_DIR).is_dir():
        return path
    if path.name == DATA_DIR and path.is_dir():
        return path.parent
    raise _error([_problem(str(path), None, None, "missing-data", f"{path} holds no {DATA_DIR}/ folder")])


def table_file(table: Collection | Child) -> str:
    return f"{DATA_DIR}/{table.name}.csv"


class _Rows:
    """Rows of one CSV table as dicts ("" read as null, list cells split), with their row numbers.

    For a child table, ``links`` holds each row's link cells (and order cell), which are left
    out of its dict: the dict becomes the nested item as it is.
    """

    def __init__(self, root: Path | Traversable, table: Collection | Child, problems: list[Problem]) -> None:
        self.file = table_file(table)
        self.rows: list[dict[str, Any]] = []
        self.numbers: list[int] = []
        self.links: list[list[str]] = []
        expected = columns(table)
        lists = tuple(name for name in expected if name in list_fields(table.model))
        n_links = len(table.link) + (1 if table.order else 0) if isinstance(table, Child) else 0
        own = expected[n_links:]
        try:
            with (root / self.file).open("r", encoding="utf-8", newline="") as handle:  # type: ignore[call-overload]
                reader = csv.reader(handle)
                header = next(reader, None)
                if header is None:
                    problems.append(_problem(self.file, None, None, "empty-file", "the file is empty"))
                    return
                if tuple(header) != expected:
                    problems.append(
                        _problem(
                            self.file, 1, None, "header-mismatch",
                            f"header is {','.join(header)!r}; expected {','.join(expected)!r}",
                        )
                    )
                    return
                width = len(expected)
                rows, numbers, links = self.rows, self.numbers, self.links
                for number, cells in enumerate(reader, start=2):
                    if len(cells) != width:
                        problems.append(
                            _problem(self.file, number, None, "row-shape", f"{len(cells)} cells; expected {width}")
                        )
                        continue
                    if n_links:
                        links.append(cells[:n_links])
                        cells = cells[n_links:]
                    # An empty cell is null: its key is left out, so that the model's default applies.
                    row: dict[str, Any] = {name: cell for name, cell in zip(own, cells, strict=True) if cell}
                    for name in lists:
                        cell = row.get(name)
                        row[name] = tuple(cell.split(LIST_DELIMITER)) if cell else ()
                    rows.append(row)
                    numbers.append(number)
        except FileNotFoundError:
            problems.append(_problem(self.file, None, None, "missing-file", "the file is missing"))
        except UnicodeDecodeError as exc:
            problems.append(_problem(self.file, None, None, "encoding-error", f"not valid UTF-8: {exc.reason}"))
        except csv.Error as exc:
            problems.append(_problem(self.file, None, None, "csv-error", str(exc)))


# A child table's rows grouped by parent record: (collection, record id) -> [(order, row number, row)].
_Groups = dict[tuple[str, Any], list[tuple[int, int, dict[str, Any]]]]


def _nest(
    child: Child, rows: _Rows, tables: dict[str, _Rows], index: dict[str, dict[Any, int]], problems: list[Problem]
) -> _Groups:
    """Put the rows of a child table into their parents' rows (as a tuple under ``child.field``)."""
    groups: _Groups = {}
    two = len(child.link) == 2
    for number, link, row in zip(rows.numbers, rows.links, rows.rows, strict=True):
        # Empty cells read as None, as they do in the rows.
        collection = (link[0] or None) if two else child.parents[0]
        record_id = link[len(child.link) - 1] or None
        order: Any = (link[-1] or None) if child.order else number
        if collection not in child.parents:
            problems.append(
                _problem(
                    rows.file, number, "collection", "unknown-collection",
                    f"{collection!r} is not one of {', '.join(child.parents)}",
                )
            )
            continue
        if record_id not in index[collection]:
            column = child.link[-1]
            problems.append(
                _problem(rows.file, number, column, "unknown-record", f"no {collection} record {record_id!r}")
            )
            continue
        try:
            key = int(order)
        except (TypeError, ValueError):
            problems.append(
                _problem(rows.file, number, child.order, "int-parsing", f"{order!r} is not a whole number")
            )
            continue
        if key < 1:
            problems.append(
                _problem(rows.file, number, child.order, "greater-than-equal", f"{key} is below the first position, 1")
            )
            continue
        group = groups.get((collection, record_id))
        if group is None:
            groups[(collection, record_id)] = [(key, number, row)]
        else:
            group.append((key, number, row))
    for (collection, record_id), items in groups.items():
        if len(items) > 1:
            items.sort()  # by order, then row number (row numbers are unique: rows are never compared)
        tables[collection].rows[index[collection][record_id]][child.field] = tuple(row for _, _, row in items)
    return groups


def read_tables(root: Path | Traversable) -> tuple[dict[str, tuple[Any, ...]], list[Problem]]:
    """Read and validate every collection under ``root``; return the records and the problems."""
    problems: list[Problem] = []
    with gc_paused():
        tables = {table.name: _Rows(root, table, problems) for table in ALL_TABLES}
        # Nest child rows into their parents; remember where each nested item came from.
        index = {c.name: {row.get("id"): i for i, row in enumerate(tables[c.name].rows)} for c in COLLECTIONS}
        nested = {child.field: (child, _nest(child, tables[child.name], tables, index, problems)) for child in CHILDREN}
        records = _validate(tables, index, nested, problems)
    return records, problems


def _validate(
    tables: dict[str, _Rows],
    index: dict[str, dict[Any, int]],
    nested: dict[str, tuple[Child, _Groups]],
    problems: list[Problem],
) -> dict[str, tuple[Any, ...]]:
    """Validate every collection in one call of the :class:`Dataset` validator.

    Error locations (collection, record, field, nested item, ...) are mapped back to the file,
    row and column the value came from.
    """
    from .dataset import Dataset

    document: dict[str, Any] = {"version": _ANY_VERSION}
    for collection in COLLECTIONS:
        document[collection.name] = tables[collection.name].rows
    try:
        return _collections(Dataset.model_validate(document))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    failed = set()
    for error in errors:
        name, *loc = error["loc"]
        failed.add(str(name))
        rows = tables[str(name)]
        code = error["type"].replace("_", "-")
        if not loc:  # the collection as a whole: not raised for rows read from a CSV file
            problems.append(_problem(rows.file, None, None, code, error["msg"]))
            continue
        i, *rest = loc
        file, row, column = rows.file, rows.numbers[int(i)], None
        if rest:
            column = str(rest[0])
        if len(rest) >= 2 and column in nested and isinstance(rest[1], int):
            # An item nested from a child table: point at the child table's row.
            child, groups = nested[column]
            record_id = rows.rows[int(i)].get("id")
            items = groups.get((str(name), record_id), []) if index[str(name)].get(record_id) == int(i) else []
            if rest[1] < len(items):
                file, row = table_file(child), items[rest[1]][1]
                column = _pointer(tuple(rest[2:]))
        elif len(rest) >= 2:
            column = str(rest[0])  # a list cell: name the column
        problems.append(_problem(file, row, column, code, error["msg"]))
    # The collections without problems are still returned: validate them once more, alone.
    for name in failed:
        document[name] = ()
    records = _collections(Dataset.model_validate(document))
    return {name: () if name in failed else value for name, value in records.items()}


def _pointer(loc: tuple[int | str, ...]) -> str | None:
    return ".".join(str(part) for part in loc) or None


def _collections(dataset: Any) -> dict[str, tuple[Any, ...]]:
    return {collection.name: getattr(dataset, collection.name) for collection in COLLECTIONS}


def read_descriptor(root: Path | Traversable) -> tuple[dict[str, Any], list[Problem]]:
    """The parts of ``data/datapackage.json`` the loader needs: ``version`` and ``contentHash``."""
    try:
        with (root / DESCRIPTOR).open("rb") as handle:
            descriptor = from_json(handle.read())
    except FileNotFoundError:
        return {}, [_problem(DESCRIPTOR, None, None, "missing-file", "the data package descriptor is missing")]
    except ValueError as exc:
        return {}, [_problem(DESCRIPTOR, None, None, "invalid-json", f"not valid JSON: {exc}")]
    problems = [
        _problem(DESCRIPTOR, None, f"/{key}", "descriptor-error", f"{key!r} is missing or not a string")
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
        raise _error(problems)
    with gc_paused():
        dataset = Dataset(version=descriptor["version"], **records)
    dataset._root = root
    dataset._content_hash = descriptor["contentHash"].removeprefix("sha256:")
    return dataset
