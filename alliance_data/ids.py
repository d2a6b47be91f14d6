"""Stable ids: every released id keeps working, in its collection or through a redirect.

Two plain files (not tables of the data package) record the promise:

``data/released-ids.txt``
    every id ever released, one ``collection/id`` a line, sorted. Ids are added at each release
    (:func:`update_released_ids`) and never removed.
``data/redirects.csv``
    ``old_id,new_id,version,reason``: a released id that was renamed or merged, where its record
    lives now, and the version that made the change.

:func:`check_released` (run by ``alliance-data validate``) fails when a released id is neither in
its collection nor redirected. :func:`resolve_redirect` lets ``ds[old_id]`` return the new record
with a :class:`DeprecationWarning`; redirects are read only then, never when loading.

>>> import alliance_data as ad
>>> ds = ad.load()
>>> "alliances/us-japan" in released_ids(ds.root)
True
>>> check_released(ds.root, ds)
[]
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from .dataset import Dataset

RELEASED_IDS_FILE = "data/released-ids.txt"
REDIRECTS_FILE = "data/redirects.csv"
REDIRECT_COLUMNS = ("old_id", "new_id", "version", "reason")

_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$")


@dataclass(frozen=True)
class Redirect:
    """A released id that now names another record: ``old_id`` became ``new_id`` in ``version``."""

    old_id: str
    new_id: str
    version: str
    reason: str
    row: int  # row in data/redirects.csv (the header is row 1)


def current_ids(dataset: Dataset) -> list[str]:
    """Every record of ``dataset`` as ``collection/id``, sorted."""
    from .tables import COLLECTION_NAMES

    return sorted(f"{name}/{record.id}" for name in COLLECTION_NAMES for record in dataset.collection(name))


def _read(root: str | Path | Traversable, relative: str) -> str | None:
    if isinstance(root, str):
        root = Path(root)
    try:
        with (root / relative).open("rb") as handle:
            return handle.read().decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None


def released_ids(root: str | Path | Traversable) -> list[str]:
    """The ids listed in ``data/released-ids.txt`` (``collection/id``), in file order; [] if absent."""
    text = _read(root, RELEASED_IDS_FILE)
    if text is None:
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def released_ids_text(ids: list[str]) -> str:
    """The text of ``data/released-ids.txt`` for ``ids``: unique, sorted, one a line."""
    return "".join(f"{i}\n" for i in sorted(set(ids)))


def update_released_ids(root: str | Path, dataset: Dataset) -> list[str]:
    """At a release: add every current id to ``data/released-ids.txt``; return the ids added."""
    root = Path(root)
    before = released_ids(root)
    added = sorted(set(current_ids(dataset)) - set(before))
    text = released_ids_text([*before, *added])
    if (root / RELEASED_IDS_FILE).is_file() and (root / RELEASED_IDS_FILE).read_text(encoding="utf-8") == text:
        return added
    from .atomic import write_text_atomic as write_atomic

    write_atomic(root / RELEASED_IDS_FILE, text)
    return added


def _redirects(root: str | Path | Traversable) -> tuple[dict[str, Redirect], list[Problem]]:
    text = _read(root, REDIRECTS_FILE)
    if text is None:
        return {}, []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return {}, []
    if tuple(rows[0]) != REDIRECT_COLUMNS:
        message = f"header is {','.join(rows[0])!r}; expected {','.join(REDIRECT_COLUMNS)!r}"
        return {}, [Problem(REDIRECTS_FILE, 1, None, "header-mismatch", message)]
    found: dict[str, Redirect] = {}
    problems: list[Problem] = []
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) != len(REDIRECT_COLUMNS):
            problems.append(Problem(REDIRECTS_FILE, number, None, "row-shape", f"{len(cells)} cells; expected 4"))
            continue
        old_id, new_id, version, reason = (c.strip() for c in cells)
        redirect = Redirect(old_id, new_id, version, reason, row=number)
        if redirect.old_id in found:
            message = f"{redirect.old_id!r} is redirected twice"
            problems.append(Problem(REDIRECTS_FILE, number, "old_id", "duplicate-redirect", message))
            continue
        found[redirect.old_id] = redirect
    return found, problems


def redirects(root: str | Path | Traversable) -> dict[str, Redirect]:
    """The rows of ``data/redirects.csv`` by ``old_id``; {} if the file is absent. Malformed rows are skipped."""
    return _redirects(root)[0]


def _follow(index: Any, table: dict[str, Redirect], old_id: str) -> tuple[str | None, list[Redirect]]:
    """Follow redirects from ``old_id`` to an id in ``index``; (None, chain) when it leads nowhere or loops."""
    chain: list[Redirect] = []
    current = old_id
    while current not in index:
        redirect = table.get(current)
        if redirect is None or redirect in chain:
            return None, chain
        chain.append(redirect)
        current = redirect.new_id
    return current, chain


def resolve_redirect(dataset: Dataset, old_id: str) -> Any | None:
    """The record a redirected id now names, with a DeprecationWarning; None if ``old_id`` is not redirected.

    Reads ``data/redirects.csv`` under the folder the dataset was loaded from, so that loading
    itself never does; ``Dataset.__getitem__`` calls this only for an id it does not know.
    """
    if dataset.root is None:
        return None
    table = redirects(dataset.root)
    if old_id not in table:
        return None
    new_id, chain = _follow(dataset, table, old_id)
    if new_id is None:
        return None
    last = chain[-1]
    why = f": {last.reason}" if last.reason else ""
    warnings.warn(
        f"id {old_id!r} was replaced by {new_id!r} in alliance-data {last.version}{why}; use {new_id!r}",
        DeprecationWarning,
        stacklevel=3,  # the caller of ds[old_id]
    )
    return dataset[new_id]


def check_released(root: str | Path | Traversable, dataset: Dataset) -> list[Problem]:
    """Problems with the stable-id promise: released ids gone without a redirect, and bad redirects."""
    problems: list[Problem] = []
    text = _read(root, RELEASED_IDS_FILE)
    if text is None:
        return [Problem(RELEASED_IDS_FILE, None, None, "missing-file", "the list of released ids is missing")]
    table, redirect_problems = _redirects(root)
    problems += redirect_problems

    present = set(current_ids(dataset))
    where = {entry.partition("/")[2]: entry.partition("/")[0] for entry in present}
    seen: set[str] = set()
    previous = ""
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        collection, slash, record_id = entry.partition("/")
        if not slash or not collection or not record_id:
            problems.append(
                Problem(RELEASED_IDS_FILE, number, None, "invalid-line", f"{entry!r} is not collection/id")
            )
            continue
        if entry in seen:
            problems.append(Problem(RELEASED_IDS_FILE, number, None, "duplicate-id", f"{entry} is listed twice"))
        elif entry < previous:
            problems.append(
                Problem(RELEASED_IDS_FILE, number, None, "unsorted", f"{entry} is out of order (after {previous})")
            )
        seen.add(entry)
        previous = max(previous, entry)
        if entry in present:
            continue
        if record_id in table:
            new_id, _ = _follow(dataset, table, record_id)
            if new_id is not None:
                continue
            redirect = table[record_id]
            problems.append(
                Problem(
                    REDIRECTS_FILE, redirect.row, "new_id", "redirect-target-missing",
                    f"released id {entry} redirects to {redirect.new_id!r}, which leads to no record",
                )
            )
            continue
        moved = f" (it is now in {where[record_id]})" if record_id in where else ""
        problems.append(
            Problem(
                RELEASED_IDS_FILE, number, None, "released-id-removed",
                f"released id {entry} is no longer in the data{moved}: keep it, or add a row "
                f"{record_id},NEW_ID,VERSION,REASON to {REDIRECTS_FILE} (and bump the major version)",
            )
        )

    ids = {entry.partition("/")[2] for entry in present}
    released = {entry.partition("/")[2] for entry in seen}
    for old_id, redirect in table.items():
        if old_id in ids:
            problems.append(
                Problem(
                    REDIRECTS_FILE, redirect.row, "old_id", "redirect-shadowed",
                    f"{old_id!r} is redirected but is also a current id, so the redirect never applies",
                )
            )
        if not _SEMVER.match(redirect.version):
            problems.append(
                Problem(
                    REDIRECTS_FILE, redirect.row, "version", "invalid-version",
                    f"{redirect.version!r} is not a version (MAJOR.MINOR.PATCH)",
                )
            )
        if old_id not in released:
            problems.append(
                Problem(
                    REDIRECTS_FILE, redirect.row, "old_id", "redirect-unreleased",
                    f"{old_id!r} was never released (it is not in {RELEASED_IDS_FILE}): no redirect is needed",
                )
            )
    return problems
