"""Validate a contribution: every check the dataset must pass, all in one run.

:func:`validate` is what ``alliance-data validate [PATH]`` runs. It treats the folder as untrusted
input: it never writes inside it, never reads outside it, never goes to the network, and turns
every defect of the data into a :class:`~alliance_data.errors.Problem` (never a traceback).

The checks, in layers:

* **frictionless**: the Data Package (``data/datapackage.json``) and every CSV against its
  Table Schema: types, constraints, header and row shape, primary and foreign keys, encoding,
  hashes. Problems keep frictionless's own error type as their code (``type-error``,
  ``foreign-key``...). Before frictionless sees the descriptor, every path in it is checked here:
  a URL is reported as ``remote-resource``, an absolute path, ``..`` or a link leading out as
  ``unsafe-path``, and none of them is read.
* **jsonschema**: the JSON form (``data/alliance-data.json``) against its JSON Schema
  (``schema/alliance-data.schema.json``); ``$ref`` is never fetched.
* **pydantic**: every record against the models, through :func:`alliance_data.loader.read_tables`.
* **the dataset's own rules**, which no schema expresses: references across collections
  (``unknown-reference``), evidence quotes equal to their source's text (``quote-mismatch``,
  ``offset-out-of-range``), checksums of the bundled texts (``checksum-mismatch``), ids unique
  across collections (``duplicate-id``), a source for every fact (``unsourced-fact``), cells a
  spreadsheet would run as formulas (``formula-injection``), NUL bytes (``nul-byte``), and the
  generated files up to date (``stale-generated-file``, ``content-hash-mismatch``).

Every file is read once, and refused unread when it is larger than ``max_bytes``
(``file-too-large``). Frictionless runs in a forked worker process while the other layers run,
so a full validation costs about as much as frictionless alone.

When two layers report the same problem at the same place, the report keeps one: frictionless's
before this module's, and this module's before the models' (see :func:`merge`).

In Python::

    from alliance_data.validate import validate

    report = validate("path/to/checkout")  # or its data/ folder
    report.ok, report.summary()            # (True, 'valid: 16 tables, 307 records')
    for problem in report.problems:        # alliance_data.Problem: file, row, column, code, message
        print(problem)
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import os
import re
import stat
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast
from urllib.parse import urlparse

from .errors import Problem
from .layout import DATA_DIR, DESCRIPTOR, JSON_FILE, JSON_SCHEMA_FILE

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["MAX_BYTES", "MissingExtraError", "Report", "merge", "validate"]

MAX_BYTES = 256 * 1024 * 1024
"""Default size limit for any one file: larger files are refused before they are read."""

GENERATE = "`alliance-data generate`"
GENERATED_HINT = f"; the file is generated: run {GENERATE}"


FORMULA_PREFIXES = ("=", "+", "-", "@")
_NUMBER = re.compile(r"^[-+]?[0-9]+(\.[0-9]+)?$")

# Frictionless error types about a resource's file rather than its descriptor.
_FILE_ERRORS = frozenset(
    {
        "hash-count",
        "byte-count",
        "file-error",
        "source-error",
        "scheme-error",
        "format-error",
        "encoding-error",
        "compression-error",
    }
)
# Problems the loader reports about a whole file or row shape; frictionless says the same, better.
_STRUCTURAL = frozenset({"header-mismatch", "row-shape", "empty-file", "missing-file", "encoding-error", "csv-error"})
# Codes never merged into another problem at the same place: they say something else.
_DISTINCT = frozenset({"formula-injection", "nul-byte"})
_PACKAGE_PROFILES = frozenset({"data-package", "tabular-data-package"})
_RESOURCE_PROFILES = frozenset({"data-resource", "tabular-data-resource"})
_RESOURCE_KEYS = frozenset(
    {
        "name",
        "type",
        "path",
        "profile",
        "title",
        "description",
        "format",
        "mediatype",
        "encoding",
        "hash",
        "bytes",
        "schema",
        "dialect",
        "sources",
        "licenses",
        "homepage",
    }
)
_WORKER_TIMEOUT = 600.0
_MAX_HINT_IDS = 5000  # beyond that, suggesting a close id costs more than it helps


class MissingExtraError(ImportError):
    """An optional dependency of validation is not installed."""

    def __init__(self, module: str) -> None:
        super().__init__(
            f"alliance-data validate needs {module}, part of the optional extra 'validate': "
            "pip install 'alliance-data[validate]'"
        )


@dataclass(frozen=True)
class Report:
    """What :func:`validate` found: every problem, sorted by file, row and column."""

    problems: tuple[Problem, ...]
    tables: int = 0
    records: int = 0

    @property
    def ok(self) -> bool:
        """True when there is no problem."""
        return not self.problems

    @property
    def files(self) -> tuple[str, ...]:
        """The files with at least one problem, sorted."""
        return tuple(sorted({p.file for p in self.problems}))

    def codes(self) -> tuple[str, ...]:
        """The code of every problem, in report order (handy in tests)."""
        return tuple(p.code for p in self.problems)

    def summary(self) -> str:
        """One line: ``3 problems in 2 files``, or ``valid: 16 tables, 307 records``."""
        if self.ok:
            return f"valid: {self.tables} tables, {self.records} records"
        n, f = len(self.problems), len(self.files)
        return f"{n} problem{'s' if n != 1 else ''} in {f} file{'s' if f != 1 else ''}"

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data (``alliance-data validate --format json`` prints this)."""
        return {
            "valid": self.ok,
            "summary": self.summary(),
            "tables": self.tables,
            "records": self.records,
            "problems": [p.to_dict() for p in self.problems],
        }


def validate(path: str | Path = ".", *, max_bytes: int = MAX_BYTES) -> Report:
    """Validate the checkout or data folder at ``path``; return every problem found.

    Given a data folder, the dataset is its parent (which holds ``seeds/`` and ``schema/``):
    nothing outside that folder is read. Files are named relative to it (``data/trends.csv``).

    Raises :class:`MissingExtraError` when frictionless or jsonschema is not installed,
    :class:`NotADirectoryError` when ``path`` is not a folder, :class:`ValueError` for a bad
    ``max_bytes``. Problems with the data are never raised: they are in the report.
    """
    if max_bytes < 1:
        raise ValueError("max_bytes must be a positive number of bytes")
    _require("frictionless")
    _require("jsonschema")
    path = Path(path)
    if not path.is_dir():
        raise NotADirectoryError(f"not a folder: {path}")
    root = _find_root(path)
    if root is None:
        problem = Problem(str(path), None, None, "missing-data", f"{path} holds no {DATA_DIR}/ folder")
        return Report((problem,))

    files = Files(root, max_bytes)
    early: list[Problem] = []
    descriptor = _read_json(files, DESCRIPTOR, early)
    job = FrictionlessJob.from_descriptor(descriptor, files, early) if isinstance(descriptor, dict) else None
    if descriptor is not None and not isinstance(descriptor, dict):
        early.append(Problem(DESCRIPTOR, None, None, "descriptor-error", "the descriptor is not a JSON object"))
    if job is not None:
        _preload()
    worker = Worker.start(job) if job is not None else None
    try:
        from .loader import gc_paused

        with gc_paused():  # many acyclic objects: collections would walk them again and again
            checks, loader_problems, tables, records = _check_in_process(files, descriptor)
        frictionless_problems = worker.result() if worker is not None else []
    finally:
        if worker is not None:
            worker.stop()
    # Layers in order of preference: the schemas (frictionless, the descriptor's paths, the JSON
    # Schema), then this module's checks and the files themselves, then the models.
    rules = [*files.problems, *(p for p in checks if p.code != "json-schema-error")]
    frictionless_problems = _with_hints(frictionless_problems, rules)
    schemas = [*frictionless_problems, *early, *(p for p in checks if p.code == "json-schema-error")]
    problems = merge(schemas, rules, loader_problems)
    return Report(tuple(problems), tables, records)


def _with_hints(problems: list[Problem], rules: list[Problem]) -> list[Problem]:
    """Frictionless's foreign-key problems, with the close id this module's check suggests."""
    hints = {
        (p.file, p.row, p.column): p.message[p.message.index("; did you mean") :]
        for p in rules
        if p.code == "unknown-reference" and "; did you mean" in p.message
    }
    return [
        Problem(p.file, p.row, p.column, p.code, p.message + hints[(p.file, p.row, p.column)])
        if p.code == "foreign-key" and (p.file, p.row, p.column) in hints
        else p
        for p in problems
    ]


def _require(module: str) -> None:
    from importlib.util import find_spec

    if find_spec(module) is None:
        raise MissingExtraError(module)


def _preload() -> None:
    """Import what both processes need before forking: the worker inherits it instead of importing it.

    Frictionless imports pydantic, and jsonschema as it validates; the work costs the worker no
    more time here than later, and the parent's layers then find the modules loaded.
    """
    import jsonschema  # type: ignore[import-untyped, unused-ignore]  # noqa: F401
    import pydantic  # noqa: F401
    from pydantic import BaseModel, TypeAdapter  # noqa: F401  # load the lazy parts too


def _find_root(path: Path) -> Path | None:
    """The dataset root for ``path``: a checkout (holding ``data/``) or a data folder itself."""
    if (path / DATA_DIR).is_dir():
        return path
    if path.resolve().name == DATA_DIR:
        return path.resolve().parent
    return None


# --------------------------------------------------------------------------------------------
# Reading files safely, once


class Unreadable(Exception):
    """A file that is not read: ``code`` and ``message`` say why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def path_problem(relative: str) -> tuple[str, str] | None:
    """Why a path written in the data may not be followed: (code, message), or None when it may.

    >>> path_problem("trends.csv") is None
    True
    >>> path_problem("https://example.org/x.csv")[0]
    'remote-resource'
    >>> path_problem("../secret.csv")[0]
    'unsafe-path'
    """
    if not relative:
        return "unsafe-path", "the path is empty"
    scheme = urlparse(relative).scheme
    if scheme and not re.match(r"^[A-Za-z]:[\\/]", relative):
        if scheme.lower() == "file":
            return "unsafe-path", f"{relative!r} is a file URL; use a path relative to the data folder"
        return "remote-resource", f"{relative!r} is remote; validation never fetches anything: bundle the file"
    parts = re.split(r"[\\/]", relative)
    if os.path.isabs(relative) or relative.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", relative):
        return "unsafe-path", f"{relative!r} is absolute; use a path relative to the data folder"
    if ".." in parts:
        return "unsafe-path", f"{relative!r} leads out of its folder ('..')"
    if "$" in relative or re.search(r"%[^%]+%", relative) or "\0" in relative:
        return "unsafe-path", f"{relative!r} contains a variable or a NUL character"
    return None


class Files:
    """The files of one dataset folder, each read at most once, never outside the folder.

    ``read`` refuses (raising :class:`Unreadable`) what is missing, not a regular file, larger
    than ``max_bytes``, or reached through a link leading out of the folder. ``problems`` collects
    what :meth:`read_or_report` reports about the files themselves.
    """

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.max_bytes = max_bytes
        self.problems: list[Problem] = []
        self._bytes: dict[str, bytes | Unreadable] = {}
        self._texts: dict[str, str | Unreadable] = {}
        self.parsed: dict[str, Any] = {}  # JSON files, parsed once (None: not parseable)

    def read(self, relative: str) -> bytes:
        """The bytes of ``relative`` (a path below the root, ``/``-separated)."""
        if relative not in self._bytes:
            try:
                self._bytes[relative] = self._read(relative)
            except Unreadable as exc:
                self._bytes[relative] = exc
        value = self._bytes[relative]
        if isinstance(value, Unreadable):
            raise value
        return value

    def text(self, relative: str) -> str:
        """The decoded text of ``relative``; not UTF-8 is :class:`Unreadable` (``encoding-error``)."""
        if relative not in self._texts:
            data = self.read(relative)
            try:
                self._texts[relative] = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                self._texts[relative] = Unreadable(
                    "encoding-error",
                    f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} ({exc.reason})",
                )
        value = self._texts[relative]
        if isinstance(value, Unreadable):
            raise value
        return value

    def read_or_report(self, relative: str, *, decode: bool = True, hint: str = "") -> str | bytes | None:
        """Like :meth:`text` (or :meth:`read`), but a refusal becomes a problem of the file itself."""
        try:
            return self.text(relative) if decode else self.read(relative)
        except Unreadable as exc:
            row = self.bad_byte_row(relative) if exc.code == "encoding-error" else None
            problem = Problem(relative, row, None, exc.code, exc.message + hint)
            if problem not in self.problems:
                self.problems.append(problem)
            return None

    def bad_byte_row(self, relative: str) -> int | None:
        """The CSV row (header = 1) holding the first byte that is not UTF-8."""
        try:
            self.read(relative).decode("utf-8")
        except UnicodeDecodeError as exc:
            prefix = exc.object[: exc.start].decode("utf-8")
            try:  # a sentinel either ends the last record or starts a new one: count records
                return sum(1 for _ in csv.reader(io.StringIO(prefix + "x")))
            except csv.Error:
                return prefix.count("\n") + 1
        except Unreadable:
            pass
        return None

    def available(self, relative: str) -> bool:
        """Whether ``relative`` can be read and decoded."""
        try:
            self.text(relative)
        except Unreadable:
            return False
        return True

    def _read(self, relative: str) -> bytes:
        reason = path_problem(relative)
        if reason:
            raise Unreadable(*reason)
        path = os.path.join(self.root, *relative.split("/"))
        real = os.path.realpath(path)
        try:
            inside = os.path.commonpath([real, self.real_root]) == self.real_root
        except ValueError:  # another drive
            inside = False
        if not inside:
            raise Unreadable("unsafe-path", f"{relative} is a link leading outside the dataset folder")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(real, flags)
        except FileNotFoundError:
            raise Unreadable("missing-file", f"{relative} does not exist") from None
        except OSError as exc:
            raise Unreadable("unreadable-file", f"{relative} cannot be read: {exc.strerror}") from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Unreadable("unsafe-path", f"{relative} is not a regular file")
            if info.st_size > self.max_bytes:
                raise Unreadable(
                    "file-too-large", f"{relative} has {info.st_size} bytes, more than the limit of {self.max_bytes}"
                )
            data = handle.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise Unreadable("file-too-large", f"{relative} has more than {self.max_bytes} bytes")
        return data

    def as_root(self) -> Path:
        """A stand-in for the root folder that reads through this object (for loader and generate)."""
        return cast(Path, _Node(self, ""))


class _Node:
    """The part of the :class:`~pathlib.Path` API the loader and generator use, over :class:`Files`."""

    def __init__(self, files: Files, relative: str) -> None:
        self._files = files
        self._relative = relative

    def __truediv__(self, name: str) -> _Node:
        return _Node(self._files, f"{self._relative}/{name}" if self._relative else name)

    def _bytes(self) -> bytes:
        try:
            return self._files.read(self._relative)
        except Unreadable as exc:
            raise FileNotFoundError(exc.message) from None

    def read_bytes(self) -> bytes:
        return self._bytes()

    def read_text(self, encoding: str = "utf-8") -> str:
        return self._bytes().decode(encoding)

    def is_file(self) -> bool:
        return self._files.available(self._relative)

    def open(self, mode: str = "r", encoding: str | None = None, newline: str | None = None) -> IO[Any]:
        if "b" in mode:
            return io.BytesIO(self._bytes())
        return io.TextIOWrapper(io.BytesIO(self._bytes()), encoding=encoding or "utf-8", newline=newline)


def _read_json(files: Files, relative: str, problems: list[Problem]) -> Any:
    """A generated JSON file parsed (once), or None, with a problem naming the file, when it cannot be."""
    if relative in files.parsed:
        return files.parsed[relative]
    files.parsed[relative] = None
    text = files.read_or_report(relative, hint=GENERATED_HINT)
    if text is None:
        return None
    try:
        files.parsed[relative] = json.loads(cast(str, text))
        return files.parsed[relative]
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    except (ValueError, RecursionError) as exc:
        message = f"not valid JSON: {exc}"
    problems.append(Problem(relative, None, None, "invalid-json", message + GENERATED_HINT))
    return None


# --------------------------------------------------------------------------------------------
# The frictionless layer


@dataclass
class FrictionlessJob:
    """What the frictionless worker validates: a descriptor whose every path has been checked."""

    descriptor: dict[str, Any]
    basepath: str
    files: dict[str, str] = field(default_factory=dict)  # resource name -> file, relative to the root
    indexes: dict[str, int] = field(default_factory=dict)  # resource name -> index in the committed descriptor
    primary_keys: dict[str, str] = field(default_factory=dict)  # resource name -> key columns, joined

    @classmethod
    def from_descriptor(cls, descriptor: dict[str, Any], files: Files, problems: list[Problem]) -> FrictionlessJob:
        """Check every path the descriptor names and keep only what is safe to hand to frictionless.

        Unsafe or remote paths, custom profiles and ``$schema`` become problems and are left out;
        so are resources whose file cannot be read, is empty or is not UTF-8 (this module reports
        why), along with the foreign keys pointing to them.
        """
        clean: dict[str, Any] = {}
        for key, value in descriptor.items():
            if key == "$schema" or (key == "profile" and value not in _PACKAGE_PROFILES):
                problems.append(_profile_problem(f"/{key}", value))
            elif key != "resources":
                clean[key] = value
        job = cls(clean, os.path.join(files.root, DATA_DIR))
        resources = descriptor.get("resources")
        if not isinstance(resources, list):
            problems.append(Problem(DESCRIPTOR, None, "/resources", "descriptor-error", "resources must be a list"))
            resources = []
        kept: list[dict[str, Any]] = []
        dropped: set[str] = set()
        for index, resource in enumerate(resources):
            if not isinstance(resource, dict):  # frictionless would read it as the path of a descriptor
                message = "a resource must be an object, not a reference to another file"
                problems.append(Problem(DESCRIPTOR, None, f"/resources/{index}", "descriptor-error", message))
                continue
            name = resource.get("name")
            safe = job._resource(index, resource, files, problems)
            if safe is None:
                if isinstance(name, str):
                    dropped.add(name)
                continue
            kept.append(safe)
            if isinstance(name, str):
                job.indexes[name] = index
        clean["resources"] = _without(kept, dropped)
        return job

    def _resource(
        self, index: int, resource: dict[str, Any], files: Files, problems: list[Problem]
    ) -> dict[str, Any] | None:
        pointer = f"/resources/{index}"
        safe: dict[str, Any] = {}
        for key, value in resource.items():
            if key not in _RESOURCE_KEYS:
                continue  # not generated, so the stale check reports it; frictionless never sees it
            if key == "profile" and value not in _RESOURCE_PROFILES:
                problems.append(_profile_problem(f"{pointer}/profile", value))
                continue
            safe[key] = json.loads(json.dumps(value))  # a private copy
        for key in ("schema", "dialect"):
            value = safe.get(key)
            if isinstance(value, str):
                reason = path_problem(value)
                if reason is None:
                    try:
                        files.read(f"{DATA_DIR}/{value}")
                    except Unreadable as exc:
                        reason = (exc.code, exc.message)
                if reason:
                    problems.append(Problem(DESCRIPTOR, None, f"{pointer}/{key}", *reason))
                    return None
        paths = safe.get("path")
        parts = paths if isinstance(paths, list) else [paths]
        relatives: list[str] = []
        for n, part in enumerate(parts):
            if not isinstance(part, str):
                continue  # frictionless reports the bad type
            where = f"{pointer}/path" + (f"/{n}" if isinstance(paths, list) else "")
            reason = path_problem(part)
            if reason is None and (not part.lower().endswith(".csv") or safe.get("format", "csv") != "csv"):
                reason = (
                    "unsupported-format",
                    f"{part!r}: the tables are plain .csv files (no archive, no other format)",
                )
            if reason:
                problems.append(Problem(DESCRIPTOR, None, where, *reason))
                return None
            relative = f"{DATA_DIR}/{part}"
            relatives.append(relative)
            if files.read_or_report(relative) is None:
                return None
            if not files.read(relative).strip():
                problems.append(Problem(relative, None, None, "empty-file", "the file is empty"))
                return None
        name = safe.get("name")
        if isinstance(name, str) and relatives:
            self.files[name] = relatives[0]
            schema = safe.get("schema")
            primary = schema.get("primaryKey") if isinstance(schema, dict) else None
            if isinstance(primary, str):
                self.primary_keys[name] = primary
            elif isinstance(primary, list):
                self.primary_keys[name] = ",".join(str(k) for k in primary)
        return safe

    def run(self) -> list[Problem]:
        """Validate with frictionless (imported here: it is an optional extra); map its errors."""
        from frictionless import FrictionlessException, Package, system

        problems: list[Problem] = []
        descriptor = self.descriptor
        while True:  # each round leaves out at least one resource, so this ends
            try:
                with system.use_context(trusted=False):
                    report = Package(descriptor, basepath=self.basepath).validate()
                break
            except FrictionlessException as exc:
                # A resource frictionless refuses stops the whole package: report it, validate the rest.
                broken = self._broken_resources(descriptor, problems)
                if not broken:
                    problems += [self._metadata_problem(e.to_dict(), None) for e in exc.to_errors()]
                    return problems
                resources = descriptor["resources"]
                names = {str(resources[i].get("name")) for i in broken}
                kept = [r for i, r in enumerate(resources) if i not in broken]
                descriptor = {**descriptor, "resources": _without(kept, names)}
        problems += [self._metadata_problem(e.to_dict(), None) for e in report.errors]
        for task in report.tasks:
            for error in task.errors:
                problems.append(self._problem(task.name, error.to_dict()))
        return problems

    def _broken_resources(self, descriptor: dict[str, Any], problems: list[Problem]) -> set[int]:
        """Resources frictionless refuses on their own; their problems go to ``problems``."""
        from frictionless import FrictionlessException, Resource, system

        broken: set[int] = set()
        for i, resource in enumerate(descriptor.get("resources") or []):
            try:
                with system.use_context(trusted=False):
                    Resource.from_descriptor(resource, basepath=self.basepath)
            except FrictionlessException as exc:
                name = resource.get("name") if isinstance(resource, dict) else None
                problems += [self._metadata_problem(e.to_dict(), name, fallback=i) for e in exc.to_errors()]
                broken.add(i)
            except Exception as exc:  # frictionless failing on a strange descriptor is still a bad descriptor
                problems.append(Problem(DESCRIPTOR, None, f"/resources/{i}", "resource-error", str(exc)))
                broken.add(i)
        return broken

    def _metadata_problem(self, error: dict[str, Any], resource: str | None, fallback: int | None = None) -> Problem:
        pointer = ""
        if resource in self.indexes:
            pointer = f"/resources/{self.indexes[resource]}"
        elif fallback is not None:
            pointer = f"/resources/{fallback}"
        match = re.search(r"at property '([^']*)'", str(error.get("note", "")))
        if match and match.group(1):
            pointer += "/" + match.group(1)
        return Problem(DESCRIPTOR, None, pointer or None, str(error.get("type")), str(error.get("message")))

    def _problem(self, resource: str, error: dict[str, Any]) -> Problem:
        kind = str(error.get("type"))
        tags = error.get("tags") or []
        file = self.files.get(resource)
        if file is None or (kind not in _FILE_ERRORS and "#table" not in tags):
            return self._metadata_problem(error, resource)
        message = str(error.get("message"))
        if kind in ("hash-count", "byte-count"):
            message += f"; if the change is intended, run {GENERATE}"
        row = error.get("rowNumber")
        if row is None and error.get("rowNumbers"):
            row = error["rowNumbers"][0]
        column = error.get("fieldName") or None
        if kind == "foreign-key":
            column = ",".join(error.get("fieldNames") or []) or None
        elif kind == "primary-key":
            column = self.primary_keys.get(resource)
        return Problem(file, row, column, kind, message)


def _without(resources: list[dict[str, Any]], names: set[str]) -> list[dict[str, Any]]:
    """``resources`` with their foreign keys into the resources ``names`` left out (in place)."""
    for resource in resources:
        schema = resource.get("schema")
        if isinstance(schema, dict) and isinstance(schema.get("foreignKeys"), list):
            schema["foreignKeys"] = [
                fk
                for fk in schema["foreignKeys"]
                if not (
                    isinstance(fk, dict)
                    and isinstance(fk.get("reference"), dict)
                    and fk["reference"].get("resource") in names
                )
            ]
    return resources


def _profile_problem(pointer: str, value: Any) -> Problem:
    """A custom profile or ``$schema``: frictionless would fetch it, so it is left out and reported."""
    reason = path_problem(value) if isinstance(value, str) else None
    if reason and reason[0] == "remote-resource":
        return Problem(DESCRIPTOR, None, pointer, "remote-resource", f"{value!r} is remote and is not fetched")
    return Problem(
        DESCRIPTOR,
        None,
        pointer,
        "unsupported-profile",
        f"{value!r}: only the standard profiles are validated; custom profiles are never fetched",
    )


class Worker:
    """Runs a :class:`FrictionlessJob` in a forked process (or, where forking is not safe, inline)."""

    def __init__(self, job: FrictionlessJob) -> None:
        self.job = job
        self.process: Any = None
        self.connection: Any = None

    @classmethod
    def start(cls, job: FrictionlessJob) -> Worker:
        worker = cls(job)
        if _can_fork():
            import multiprocessing

            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            worker.process = context.Process(target=_work, args=(job, send), daemon=True)
            worker.process.start()
            send.close()
            worker.connection = receive
        return worker

    def result(self) -> list[Problem]:
        """The frictionless problems: waits for the worker, or validates now when there is none."""
        if self.process is None:
            return _run_job(self.job)
        if not self.connection.poll(_WORKER_TIMEOUT):
            raise TimeoutError(f"frictionless did not finish in {_WORKER_TIMEOUT:.0f} s")
        try:
            outcome, value = self.connection.recv()
        except EOFError:
            raise RuntimeError("the frictionless worker stopped without a result") from None
        if outcome == "error":
            raise RuntimeError(f"frictionless failed: {value}")
        return [Problem(*item) for item in value]

    def stop(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
            self.connection.close()
            self.process = None


def _can_fork() -> bool:
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


def _run_job(job: FrictionlessJob) -> list[Problem]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return job.run()


def _work(job: FrictionlessJob, connection: Any) -> None:
    """The worker process: no network, no writes; send back the problems (or the error)."""
    sys.addaudithook(_refuse_writes_and_network)
    try:
        problems = _run_job(job)
        connection.send(("ok", [(p.file, p.row, p.column, p.code, p.message) for p in problems]))
    except BaseException as exc:
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_REFUSED_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.bind",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "os.remove",
        "os.rename",
        "os.rmdir",
        "os.mkdir",
        "os.symlink",
        "os.link",
        "os.chmod",
        "os.chown",
        "os.utime",
        "os.truncate",
        "shutil.rmtree",
        "shutil.move",
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
    }
)


def _refuse_writes_and_network(event: str, args: tuple[Any, ...]) -> None:
    """Audit hook of the worker process: frictionless may read, nothing else."""
    if event in _REFUSED_EVENTS:
        raise PermissionError(f"alliance-data validate does not allow {event}")
    if event == "open" and len(args) >= 3:
        mode, flags = args[1], args[2]
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS
        ):
            raise PermissionError("alliance-data validate never writes")


# --------------------------------------------------------------------------------------------
# The tables as written: rows of cells, before any typing


@dataclass
class Table:
    """One CSV table as written: its header and its rows of cells (by column name), numbered."""

    name: str
    file: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    readable: bool = False
    _ids: dict[str, int] | None = field(default=None, repr=False)
    _numbers: dict[int, dict[str, str]] | None = field(default=None, repr=False)

    def ids(self) -> dict[str, int]:
        """Row number of each id (the first, when an id repeats)."""
        if self._ids is None:
            self._ids = {}
            for number, row in self.rows:
                value = row.get("id")
                if value:
                    self._ids.setdefault(value, number)
        return self._ids

    def row(self, number: int | None) -> dict[str, str]:
        """The cells of row ``number`` ({} when there is no such row)."""
        if self._numbers is None:
            self._numbers = dict(self.rows)
        return self._numbers.get(number or 0, {})


# Where a cell may start with one of FORMULA_PREFIXES: after a comma or a newline, quoted or not.
_FORMULA_CANDIDATE = re.compile(r'[,\n]"?[=+\-@]')


def read_raw_tables(files: Files, problems: list[Problem]) -> dict[str, Table]:
    """Every table of :mod:`alliance_data.tables` as written; cell-level checks go to ``problems``."""
    from .tables import CHILDREN, COLLECTIONS, Child, Collection

    specs: tuple[Collection | Child, ...] = (*COLLECTIONS, *CHILDREN)
    tables: dict[str, Table] = {}
    for spec in specs:
        table = Table(spec.name, f"{DATA_DIR}/{spec.name}.csv")
        tables[spec.name] = table
        text = cast("str | None", files.read_or_report(table.file))
        if not text:
            continue
        table.readable = True
        try:
            records = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            problems.append(Problem(table.file, None, None, "csv-error", str(exc)))
            table.readable = False
            continue
        if not records:
            continue
        table.header = header = records[0]
        # Rows of the wrong shape are frictionless's to report; their cells still count here.
        table.rows = [
            (number, dict(zip(header, cells, strict=False)))
            for number, cells in enumerate(records[1:], start=2)
            if any(cells)  # blank rows: frictionless reports them
        ]
        if "\0" in text or _FORMULA_CANDIDATE.search("\n" + text[:2]) or _FORMULA_CANDIDATE.search(text):
            # else no cell can fail, and the scan of every cell is skipped
            for number, cells in enumerate(records, start=1):
                for column, cell in zip(header, cells, strict=False):
                    _check_cell(table.file, number, column, cell, problems)
    return tables


def _check_cell(file: str, row: int, column: str, cell: str, problems: list[Problem]) -> None:
    if "\0" in cell:
        problems.append(Problem(file, row, column, "nul-byte", "the cell contains a NUL byte; remove it"))
    if cell.startswith(FORMULA_PREFIXES) and not _NUMBER.match(cell):
        problems.append(
            Problem(
                file,
                row,
                column,
                "formula-injection",
                f"the cell starts with {cell[0]!r}, so a spreadsheet would run it as a formula; reword it",
            )
        )


# --------------------------------------------------------------------------------------------
# The dataset's own rules


def check_rules(tables: dict[str, Table], files: Files) -> list[Problem]:
    """What no schema expresses: ids, references, evidence, checksums and sources of facts."""
    problems: list[Problem] = []
    texts = _check_sources(tables["sources"], files, problems)
    _check_ids(tables, problems)
    _check_references(tables, problems)
    _check_evidence(tables["evidence"], tables["sources"], texts, problems)
    _check_facts(tables, problems)
    return problems


def _check_ids(tables: dict[str, Table], problems: list[Problem]) -> None:
    from .tables import COLLECTION_NAMES

    seen: dict[str, tuple[str, int]] = {}
    for name in COLLECTION_NAMES:
        table = tables[name]
        for number, row in table.rows:
            value = row.get("id")
            if not value:
                continue
            if value in seen:
                file, first = seen[value]
                problems.append(
                    Problem(
                        table.file,
                        number,
                        "id",
                        "duplicate-id",
                        f"id {value!r} is already used in {file} row {first}; ids are unique across the dataset",
                    )
                )
            else:
                seen[value] = (table.file, number)


def _unknown(value: str, target: str, ids: dict[str, int]) -> str:
    """The message for an unknown id, with the closest known id (among a few thousand at most)."""
    close = difflib.get_close_matches(value, list(ids), n=1, cutoff=0.6) if len(ids) <= _MAX_HINT_IDS else []
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"no {target} record {value!r}{hint}"


def _check_references(tables: dict[str, Table], problems: list[Problem]) -> None:
    """Every id a cell names exists: REFERENCES fields (scalar or list) and the collection/record_id link."""
    from .tables import CHILDREN, COLLECTIONS, LIST_DELIMITER, REFERENCES, Child, Collection, list_fields

    ids = {name: table.ids() for name, table in tables.items() if table.readable}
    specs: tuple[Collection | Child, ...] = (*COLLECTIONS, *CHILDREN)
    for spec in specs:
        table = tables[spec.name]
        lists = list_fields(spec.model)
        columns = [(c, target, c in lists) for c, target in REFERENCES.items() if c in table.header and target in ids]
        for number, row in table.rows:
            for column, target, is_list in columns:
                cell = row.get(column)
                if not cell:
                    continue
                for value in cell.split(LIST_DELIMITER) if is_list else (cell,):
                    if value not in ids[target]:
                        problems.append(
                            Problem(
                                table.file, number, column, "unknown-reference", _unknown(value, target, ids[target])
                            )
                        )
        if not isinstance(spec, Child) or len(spec.link) != 2:
            continue
        for number, row in table.rows:
            collection, record = row.get("collection"), row.get("record_id")
            if collection is None or record is None:
                continue
            if collection not in spec.parents:
                problems.append(
                    Problem(
                        table.file,
                        number,
                        "collection",
                        "unknown-reference",
                        f"{collection!r} is not one of {', '.join(spec.parents)}",
                    )
                )
            elif collection in ids and record not in ids[collection]:
                problems.append(
                    Problem(
                        table.file,
                        number,
                        "record_id",
                        "unknown-reference",
                        _unknown(record, collection, ids[collection]),
                    )
                )


def _check_sources(sources: Table, files: Files, problems: list[Problem]) -> dict[str, str | None]:
    """Read each source's bundled text, checking it exists and matches its checksum.

    Returns the text of each source id (None when it cannot be used to check evidence).
    """
    texts: dict[str, str | None] = {}
    for number, row in sources.rows:
        source_id, relative, digest = row.get("id") or "", row.get("path") or "", row.get("sha256") or ""
        if not relative:
            continue
        texts.setdefault(source_id, None)
        try:
            data = files.read(relative)
        except Unreadable as exc:
            problems.append(Problem(sources.file, number, "path", exc.code, exc.message))
            continue
        actual = hashlib.sha256(data).hexdigest()
        if digest and actual != digest:
            problems.append(
                Problem(
                    sources.file,
                    number,
                    "sha256",
                    "checksum-mismatch",
                    f"{relative} has sha256 {actual}, not {digest}: the text changed (its evidence was not checked); "
                    "restore the text, or update the checksum and every offset into it",
                )
            )
            continue
        try:
            texts[source_id] = files.text(relative)
        except Unreadable as exc:
            problems.append(Problem(sources.file, number, "path", exc.code, f"{relative}: {exc.message}"))
    return texts


def _preview(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _check_evidence(evidence: Table, sources: Table, texts: dict[str, str | None], problems: list[Problem]) -> None:
    """Every quote equals ``text[start:end]`` of its source's bundled text."""
    has_text = {row.get("id") for _, row in sources.rows if row.get("path")}
    known = sources.ids()
    for number, row in evidence.rows:
        source_id, quote = row.get("source_id") or "", row.get("quote")
        try:
            start, end = int(row.get("start") or ""), int(row.get("end") or "")
        except ValueError:
            continue  # a type error, reported by frictionless
        if quote is None or source_id not in texts:
            if source_id in known and source_id not in has_text:
                problems.append(
                    Problem(
                        evidence.file,
                        number,
                        "source_id",
                        "no-source-text",
                        f"source {source_id!r} has no bundled text (path) for offsets to index",
                    )
                )
            continue
        text = texts[source_id]
        if text is None or start < 0 or start >= end:
            continue  # the source's own problem, or offset-order (the model reports it)
        if end > len(text) or start > len(text):
            column = "start" if start > len(text) else "end"
            problems.append(
                Problem(
                    evidence.file,
                    number,
                    column,
                    "offset-out-of-range",
                    f"{column} {start if column == 'start' else end} is past the end of the text"
                    f" ({len(text)} characters)",
                )
            )
            continue
        actual = text[start:end]
        if actual != quote:
            found = text.find(quote) if quote else -1
            hint = f"; the quote is at start={found} end={found + len(quote)}" if found >= 0 else ""
            problems.append(
                Problem(
                    evidence.file,
                    number,
                    "quote",
                    "quote-mismatch",
                    f"text[{start}:{end}] is {_preview(actual)}, not the quote{hint}",
                )
            )


def _check_facts(tables: dict[str, Table], problems: list[Problem]) -> None:
    """Every non-null fact has a fact_sources row, and every fact_sources row names a real field."""
    from .tables import CHILDREN, COLLECTIONS

    if not tables["fact_sources"].readable or not tables["treaty_parties"].readable:
        return  # the unreadable table is reported; every fact would look unsourced
    sourced = {
        (row.get("collection"), row.get("record_id"), row.get("field")) for _, row in tables["fact_sources"].rows
    }
    parties: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for number, row in tables["treaty_parties"].rows:
        parties[row.get("treaty_id") or ""].append((number, row))
    from .tables import FACT_FIELDS

    for name, fact_fields in FACT_FIELDS.items():
        table = tables[name]
        for number, row in table.rows:
            record = row.get("id") or ""
            for fact in fact_fields:
                where: tuple[str, int, str | None] = (table.file, number, fact)
                if fact == "parties":
                    present = bool(parties.get(record))
                    where = (table.file, number, None)
                elif fact == "bound_until":
                    bound = [(n, r) for n, r in parties.get(record, []) if r.get("bound_until")]
                    present = bool(bound)
                    if bound:
                        where = (tables["treaty_parties"].file, bound[0][0], "bound_until")
                else:
                    present = bool(row.get(fact))
                if present and (name, record, fact) not in sourced:
                    problems.append(
                        Problem(
                            *where,
                            "unsourced-fact",
                            f"{name} {record!r}: {fact} has no row in data/fact_sources.csv naming its source",
                        )
                    )
    models = {c.name: c.model for c in COLLECTIONS}
    nested: defaultdict[str, set[str]] = defaultdict(set)
    for child in CHILDREN:
        for parent in child.parents:
            nested[parent] |= set(child.model.model_fields) - set(child.link)
    for number, row in tables["fact_sources"].rows:
        collection, fact = row.get("collection") or "", row.get("field") or ""
        if collection in models and fact and fact not in set(models[collection].model_fields) | nested[collection]:
            problems.append(
                Problem(
                    tables["fact_sources"].file,
                    number,
                    "field",
                    "unknown-field",
                    f"{collection} records have no field {fact!r}",
                )
            )


# --------------------------------------------------------------------------------------------
# The models, the JSON form and the generated files


def _check_in_process(files: Files, descriptor: Any) -> tuple[list[Problem], list[Problem], int, int]:
    """Every layer but frictionless: (problems, the loader's problems, tables, records)."""
    from .loader import read_tables

    checks: list[Problem] = []
    tables = read_raw_tables(files, checks)
    checks += check_rules(tables, files)
    records, loader_problems = read_tables(files.as_root())
    loader_problems = [_locate(p, tables) for p in _consequences_dropped(loader_problems, tables)]
    texts = sorted({row["path"] for _, row in tables["sources"].rows if row.get("path")})
    complete = all(t.readable for t in tables.values()) and all(files.available(t) for t in texts)
    if complete and isinstance(descriptor, dict):
        checks += _check_content_hash(files, descriptor, texts)
    expected: dict[str, Any] | None = None
    if complete and not loader_problems:  # generation needs every table loaded, and every text
        from .generate import dataset_of, expected_documents

        dataset = dataset_of(records, files.as_root())
        checks += _check_released_ids(files, dataset)
        try:

            expected = expected_documents(files.as_root(), dataset)
        except Exception as exc:  # data the models accept but generation chokes on: still a report
            message = f"generation fails on this data ({type(exc).__name__}: {exc}); run {GENERATE} to see where"
            checks.append(Problem(DESCRIPTOR, None, None, "generation-error", message))
    checks += _check_json_form(files, expected)
    if expected is not None:
        checks += _check_generated(files, expected)
    n_records = sum(len(t.rows) for t in tables.values())
    return checks, loader_problems, len(tables), n_records


def _check_released_ids(files: Files, dataset: Dataset) -> list[Problem]:
    """Stable ids: every released id is still a record, or redirected (:mod:`alliance_data.ids`)."""
    from .ids import check_released

    return check_released(files.as_root(), dataset)


def _consequences_dropped(problems: list[Problem], tables: dict[str, Table]) -> list[Problem]:
    """The loader's problems, less those that only follow from a problem with nested items.

    When evidence.csv (say) is unreadable or its header is wrong, the loader nests no evidence,
    and every parent record would be reported as missing its evidence; when a record's only
    evidence row is invalid, the record would be reported as having too little evidence. The
    problem is the evidence's, and it is reported where it is.
    """
    from .tables import CHILDREN

    broken = {p.file for p in problems if p.code in _STRUCTURAL and p.row in (None, 1)}
    broken |= {t.file for t in tables.values() if not t.readable}
    fields = {child.field for child in CHILDREN if tables[child.name].file in broken}
    failing: set[tuple[str, int | None, str]] = set()  # (parent file, parent row, field) with a failing item
    for child in CHILDREN:
        table = tables[child.name]
        for p in problems:
            row = table.row(p.row) if p.file == table.file else {}
            if not row:
                continue
            collection = row.get("collection") if len(child.link) == 2 else child.parents[0]
            parent = tables.get(collection or "")
            if parent is not None:
                failing.add((parent.file, parent.ids().get(row.get(child.link[-1]) or ""), child.field))
    return [
        p
        for p in problems
        if not (p.code in ("missing", "too-short") and (p.column in fields or (p.file, p.row, p.column) in failing))
    ]


def _locate(problem: Problem, tables: dict[str, Table]) -> Problem:
    """Point a model-level problem (a whole record) at the cell holding the wrong value."""
    if problem.column is not None:
        return problem
    column: str | None = None
    file, row = problem.file, problem.row
    if problem.code == "date-order":
        match = re.search(r"(\w+) (\S+) is after (\w+) (\S+)$", problem.message)
        if match and match.group(3) == "bound_until":
            record = tables["treaties"].row(row).get("id")
            for number, party in tables["treaty_parties"].rows:
                if party.get("treaty_id") == record and party.get("bound_until") == match.group(4):
                    file, row, column = tables["treaty_parties"].file, number, "bound_until"
                    break
        elif match:
            column = match.group(3)
    elif problem.code == "offset-order":
        column = "start"
    elif problem.code == "quote-length":
        column = "quote"
    elif problem.code == "organisation-state-code":
        column = "kind"
    elif problem.code == "checksum-missing":
        column = "sha256" if tables["sources"].row(row).get("path") else "path"
    if column is None:
        return problem
    return Problem(file, row, column, problem.code, problem.message)


def _pointer(parts: Iterable[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _check_json_form(files: Files, expected: dict[str, Any] | None) -> list[Problem]:
    """The JSON form against the JSON Schema, and the committed JSON Schema up to date.

    The JSON Schema depends on the models only, so it is checked even when the tables do not
    load. The JSON form is validated against the schema the models give: the committed copy when
    it is current, and never a stale (possibly tampered) copy, so no ``$ref`` or pattern of the
    contribution is ever followed. When the JSON form is what generation gives (``expected``),
    it holds the records the models just validated, and the schema pass is skipped.
    """
    import jsonschema  # type: ignore[import-untyped, unused-ignore]
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS  # type: ignore[import-untyped, unused-ignore]

    from .generate import json_schema

    problems: list[Problem] = []
    document = _read_json(files, JSON_FILE, problems)
    committed = _read_json(files, JSON_SCHEMA_FILE, problems)
    schema = expected[JSON_SCHEMA_FILE] if expected is not None else json_schema()
    if committed is not None:
        pointers = list(_differences(committed, schema))
        if pointers:
            problems.append(_stale(JSON_SCHEMA_FILE, committed, schema, pointers))
    if document is None or (expected is not None and document == expected[JSON_FILE]):
        return problems
    validator = jsonschema.Draft202012Validator(schema, registry=SPECIFICATIONS)
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(part) for part in e.absolute_path])
    for error in errors:
        message = error.message if len(error.message) <= 300 else error.message[:299] + "…"
        problems.append(
            Problem(
                JSON_FILE,
                None,
                _pointer(error.absolute_path) or None,
                "json-schema-error",
                f"{message} (keyword {error.validator!r})",
            )
        )
    return problems


def _stale(relative: str, committed: Any, expected: Any, pointers: list[str]) -> Problem:
    """A stale generated file, located at the first difference."""
    first = pointers[0]
    what = "differs from the CSV tables" if relative == JSON_FILE else "differs from what generation gives"
    found = _preview(json.dumps(_value_at(committed, first), ensure_ascii=False), 40)
    wanted = _preview(json.dumps(_value_at(expected, first), ensure_ascii=False), 40)
    n = len(pointers) - 1
    more = f"; {n} more difference{'s' if n > 1 else ''}" if n else ""
    return Problem(
        relative,
        None,
        first or None,
        "stale-generated-file",
        f"{what} (committed {found}, expected {wanted}){more}; run {GENERATE}",
    )


def _differences(committed: Any, expected: Any, pointer: str = "") -> Iterator[str]:
    """JSON pointers where two JSON values differ (the deepest place each difference shows)."""
    if isinstance(committed, dict) and isinstance(expected, dict):
        for key in list(expected) + [k for k in committed if k not in expected]:
            here = pointer + _pointer([key])
            if key not in committed or key not in expected:
                yield here
            else:
                yield from _differences(committed[key], expected[key], here)
    elif isinstance(committed, list) and isinstance(expected, list) and len(committed) == len(expected):
        for i, (a, b) in enumerate(zip(committed, expected, strict=True)):
            yield from _differences(a, b, f"{pointer}/{i}")
    elif committed != expected or type(committed) is not type(expected):
        yield pointer


def _value_at(document: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        document = (
            document[int(key)]
            if isinstance(document, list)
            else document.get(key)
            if isinstance(document, dict)
            else None
        )
    return document


def _check_content_hash(files: Files, descriptor: dict[str, Any], texts: list[str]) -> list[Problem]:
    """The descriptor's ``contentHash`` is the hash of the tables and texts as they are now."""
    from types import SimpleNamespace

    from .generate import content_hash

    # content_hash only reads ``dataset.sources[].path``: the paths as written stand in for records,
    # so the hash is checked even when the records do not load.
    stand_in = cast("Dataset", SimpleNamespace(sources=[SimpleNamespace(path=t) for t in texts]))
    recorded = descriptor.get("contentHash")
    actual = f"sha256:{content_hash(files.as_root(), stand_in)}"
    if recorded == actual:
        return []
    return [
        Problem(
            DESCRIPTOR,
            None,
            "/contentHash",
            "content-hash-mismatch",
            f"recorded {recorded!r}, but the tables and texts give {actual!r}; run {GENERATE}"
            if recorded
            else f"no contentHash recorded; the tables and texts give {actual!r}; run {GENERATE}",
        )
    ]


def _check_generated(files: Files, expected: dict[str, Any]) -> list[Problem]:
    """Every generated file is what ``alliance-data generate`` writes now (JSON files: by content).

    A generated file outside ``data/`` and ``schema/`` (the codebook in ``docs/``) is checked when
    its folder is there: a data folder on its own is still a complete dataset.
    """
    problems: list[Problem] = []
    for relative, wanted in expected.items():
        folder = relative.split("/")[0]
        if folder not in (DATA_DIR, "schema") and not os.path.isdir(os.path.join(files.root, folder)):
            continue
        if isinstance(wanted, str):  # a text file
            text = files.read_or_report(relative, hint=GENERATED_HINT)
            if text is not None and text != wanted:
                problems.append(_stale_text(relative, cast(str, text), wanted))
            continue
        committed = _read_json(files, relative, problems)
        if committed is None or committed == wanted or relative == JSON_SCHEMA_FILE:
            continue  # unreadable (reported), current, or checked by _check_json_form
        ignored = {"/contentHash"}  # reported as content-hash-mismatch
        if relative == DESCRIPTOR:  # frictionless reports each resource whose hash is off, at its file
            ignored |= {f"/resources/{i}/hash" for i in range(len(wanted.get("resources", [])))}
        pointers = [p for p in _differences(committed, wanted) if p not in ignored]
        if pointers:
            problems.append(_stale(relative, committed, wanted, pointers))
    return problems


def _stale_text(relative: str, committed: str, expected: str) -> Problem:
    """A stale generated text file, located at its first differing line."""
    old, new = committed.splitlines(), expected.splitlines()
    line = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    found = _preview(old[line], 40) if line < len(old) else "the end of the file"
    wanted = _preview(new[line], 40) if line < len(new) else "the end of the file"
    return Problem(
        relative,
        line + 1,
        None,
        "stale-generated-file",
        f"line {line + 1} is {found}, generation gives {wanted}; run {GENERATE}",
    )


# --------------------------------------------------------------------------------------------
# Merging the layers


def merge(*layers: list[Problem]) -> list[Problem]:
    """One list of problems from layers given in order of preference, each problem once, sorted.

    Where layers report at the same file, row and column, the problem of the first layer is kept
    (the problems of one layer are all kept). The models' (last layer's) structural problems (bad
    header, row shape, unreadable file) give way to any other layer's problem in the same row, or
    in the same file when they concern the whole file; their ``unknown-record`` and
    ``unknown-collection`` always give way: :func:`check_rules` checks the same links on the rows
    as written. Frictionless's ``primary-key`` on a blank row is noise. ``formula-injection`` and
    ``nul-byte`` say something else than any problem at the same place, so they always stay.
    """
    last = len(layers) - 1
    blank = {(p.file, p.row) for layer in layers for p in layer if p.code == "blank-row"}
    ranked = [
        (rank, p)
        for rank, layer in enumerate(layers)
        for p in layer
        if not (p.code == "primary-key" and (p.file, p.row) in blank)
        and not (rank == last and rank > 0 and p.code in ("unknown-record", "unknown-collection"))
    ]
    at: dict[tuple[str, int | None, str | None], int] = {}
    row: dict[tuple[str, int | None], int] = {}
    file: dict[str, int] = {}
    for rank, p in ranked:
        if p.code in _DISTINCT:
            continue
        at[(p.file, p.row, p.column)] = min(at.get((p.file, p.row, p.column), rank), rank)
        row[(p.file, p.row)] = min(row.get((p.file, p.row), rank), rank)
        if not (rank == last and p.code in _STRUCTURAL):
            file[p.file] = min(file.get(p.file, rank), rank)
    kept: set[Problem] = set()
    for rank, p in ranked:
        if p.code not in _DISTINCT:
            if at[(p.file, p.row, p.column)] < rank:
                continue
            if rank == last and p.code in _STRUCTURAL:
                if p.row is not None and row[(p.file, p.row)] < rank:
                    continue
                if p.row is None and file.get(p.file, rank) < rank:
                    continue
        kept.add(p)
    return sorted(kept, key=_order)


def _order(p: Problem) -> tuple[str, int, str, str, str]:
    return (p.file, p.row or 0, p.column or "", p.code, p.message)


def format_problem(problem: Problem, style: str = "text", base: str = "") -> str:
    """One problem as a line: ``FILE:ROW:COLUMN: CODE: message``, or a GitHub Actions annotation.

    >>> format_problem(Problem("data/trends.csv", 3, "label", "constraint-error", "too long"), "github")
    '::error file=data/trends.csv,line=3,title=constraint-error::label: too long'
    """
    if style != "github":
        return str(problem)
    file = os.path.normpath(os.path.join(base, problem.file)) if base else problem.file
    props = f"file={_escape(file, True)}"
    if problem.row is not None:
        props += f",line={problem.row}"
    props += f",title={_escape(problem.code, True)}"
    message = f"{problem.column}: {problem.message}" if problem.column else problem.message
    return f"::error {props}::{_escape(message)}"


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value
