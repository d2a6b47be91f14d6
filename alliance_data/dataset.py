"""The loaded dataset: immutable collections of records, and lookup by id."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from . import models as m

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


class Dataset(BaseModel):
    """The whole dataset, as :func:`alliance_data.load` returns it and as ``data/alliance-data.json`` stores it.

    >>> import alliance_data as ad
    >>> ds = ad.load()
    >>> ds["us-japan"].ally_id
    'japan'
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    json_schema: str | None = Field(
        default=None, alias="$schema", description="The JSON Schema this document conforms to."
    )
    name: str = Field(default="alliance-data", description="Name of the dataset.")
    version: str = Field(
        pattern=r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$",
        description="Version of the dataset (SemVer).",
    )
    sources: tuple[m.Source, ...]
    actors: tuple[m.Actor, ...]
    treaties: tuple[m.Treaty, ...]
    suspensions: tuple[m.Suspension, ...]
    alliances: tuple[m.Alliance, ...]
    ties: tuple[m.Tie, ...]
    developments: tuple[m.Development, ...]
    drivers: tuple[m.Driver, ...]
    trends: tuple[m.Trend, ...]
    options: tuple[m.Option, ...]
    assessments: tuple[m.Assessment, ...]
    recommendations: tuple[m.Recommendation, ...]
    conditions: tuple[m.Condition, ...]

    _root: Any = PrivateAttr(default=None)
    _content_hash: str | None = PrivateAttr(default=None)

    @property
    def root(self) -> Path | Traversable | None:
        """Folder the dataset was loaded from (it holds ``data/`` and ``seeds/``)."""
        return cast("Path | Traversable | None", self._root)

    @property
    def content_hash(self) -> str | None:
        """sha256 of the canonical data files and source texts, as recorded in ``datapackage.json``.

        ``alliance-data validate`` recomputes it; the README defines exactly which bytes it covers.
        """
        return self._content_hash

    @cached_property
    def _index(self) -> dict[str, BaseModel]:
        from .tables import COLLECTION_NAMES

        return {record.id: record for name in COLLECTION_NAMES for record in getattr(self, name)}

    def __getitem__(self, record_id: str) -> Any:
        """Any record by id; a redirected id (``data/redirects.csv``) gives its new record with a
        DeprecationWarning; an unknown id raises KeyError naming close matches."""
        try:
            return self._index[record_id]
        except KeyError:
            pass
        from .ids import resolve_redirect  # only for an unknown id: redirects stay off the load path

        record = resolve_redirect(self, record_id)
        if record is not None:
            return record
        import difflib  # only for an unknown id

        close = difflib.get_close_matches(record_id, self._index, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"no record with id {record_id!r}{hint}")

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._index

    def collection(self, name: str) -> tuple[Any, ...]:
        """A collection by name, e.g. ``ds.collection("trends")``."""
        from .tables import COLLECTION_NAMES

        if name not in COLLECTION_NAMES:
            raise KeyError(f"no collection {name!r}; collections: {', '.join(COLLECTION_NAMES)}")
        return getattr(self, name)  # type: ignore[no-any-return]

    def counts(self) -> dict[str, int]:
        """Number of records per collection."""
        from .tables import COLLECTION_NAMES

        return {name: len(getattr(self, name)) for name in COLLECTION_NAMES}

    def to_pandas(self, table: str) -> Any:
        """A collection or child table as a pandas DataFrame (needs ``alliance-data[pandas]``).

        See :func:`alliance_data.frames.to_pandas` for how list and nested fields are laid out.
        """
        from .frames import to_pandas

        return to_pandas(self, table)

    def text(self, source_id: str) -> str:
        """The bundled text of a source (the one evidence offsets index)."""
        source = self[source_id]
        if not isinstance(source, m.Source) or source.path is None:
            raise KeyError(f"source {source_id!r} has no bundled text")
        if self._root is None:
            raise LookupError("this dataset was not loaded from a folder, so it has no texts")
        return read_text(self._root, source.path)


def read_text(root: Path | Traversable, relative: str) -> str:
    """Read a bundled text as evidence offsets index it: UTF-8, no newline translation."""
    with (root / relative).open("rb") as handle:
        return handle.read().decode("utf-8")

