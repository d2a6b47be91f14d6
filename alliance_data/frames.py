"""The dataset's tables as rows and as pandas DataFrames.

:func:`table_rows` (standard library only) and :func:`to_pandas` (needs
``alliance-data[pandas]``) give any table of ``data/``: a collection (``"treaties"``) or a child
table (``"treaty_parties"``, ``"fact_sources"``, ``"evidence"``), with the columns of its CSV file.

Conventions of :func:`to_pandas`:

* **List fields** (``authors``, ``treaty_ids``, ``participants``, ``actors``) are kept as
  tuples, so ``df.explode("participants")`` gives one row per item; join them with
  ``df["actors"].str.join(";")`` to get the CSV form back.
* **Nested items are not columns**: a treaty's parties and sources, an alliance's evidence are
  left out of the collection's frame and have their own tables, linked back by ``treaty_id``
  or by ``collection`` and ``record_id``: ``ds.to_pandas("treaty_parties")``.
* **Types**: dates (``signed_date``, ``bound_until``...) are ``datetime64``; integers are the
  nullable ``Int64``; partial dates (a tie's ``date``: ``2002``, ``2007-05``) stay strings.
* The index is a plain range: ``df.set_index("id")`` for lookup by id.

>>> import alliance_data as ad
>>> rows = table_rows(ad.load(), "treaty_parties")
>>> rows[0]
{'treaty_id': 'us-japan-1951', 'actor_id': 'united-states', 'bound_until': None, 'bound_until_note': None}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .tables import ALL_TABLES, Child, Collection, columns

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

    from .dataset import Dataset

TABLES: dict[str, Collection | Child] = {t.name: t for t in ALL_TABLES}

PANDAS_MISSING = "to_pandas needs pandas: install the extra with pip install 'alliance-data[pandas]'"


def table(name: str) -> Collection | Child:
    """The declaration of a table by name; an unknown name raises KeyError listing the tables."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no table {name!r}; tables: {', '.join(TABLES)}") from None


def table_rows(dataset: Dataset, name: str) -> list[dict[str, Any]]:
    """The rows of one table as dicts of Python values (dates, tuples, ints, None), in CSV column order."""
    declared = table(name)
    names = columns(declared)
    if isinstance(declared, Collection):
        return [{c: getattr(record, c) for c in names} for record in getattr(dataset, declared.name)]
    own = [c for c in names if c in declared.model.model_fields]
    rows = []
    for parent in declared.parents:
        for record in getattr(dataset, parent):
            for position, item in enumerate(getattr(record, declared.field), start=1):
                link = [parent, record.id] if len(declared.link) == 2 else [record.id]
                row = dict(zip(declared.link, link, strict=True))
                if declared.order:
                    row[declared.order] = position
                row.update({c: getattr(item, c) for c in own})
                rows.append(row)
    return rows


def to_pandas(dataset: Dataset, name: str) -> pd.DataFrame:
    """A table of the dataset as a pandas DataFrame: see the module docstring for the conventions.

    >>> import alliance_data as ad
    >>> df = to_pandas(ad.load(), "treaties")
    >>> df.set_index("id").loc["anzus-1951", "in_force_date"].date().isoformat()
    '1952-04-29'
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(PANDAS_MISSING) from exc
    from .generate import table_schema

    declared = table(name)
    frame = pd.DataFrame(table_rows(dataset, name), columns=list(columns(declared)))
    for field in table_schema(declared)["fields"]:
        column = field["name"]
        if field["type"] == "integer":
            frame[column] = frame[column].astype("Int64")
        elif field["type"] == "date":
            frame[column] = pd.to_datetime(frame[column])
        elif field["type"] == "list":
            frame[column] = frame[column].map(tuple).astype(object)
    return frame
