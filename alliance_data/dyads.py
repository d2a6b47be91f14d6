"""Dyad-years: the treaties as Correlates-of-War-style state pairs per year.

:func:`dyad_years` gives one row per pair of states, per year, per treaty in force between them
on any day of that year. The conventions:

* **Only states form dyads**: actors with a COW state code (``cow_ccode``). Organisations
  (SEATO, ASEAN, NATO) never appear.
* **A spell starts on the treaty's ``in_force_date``.** An instrument without one, such as the
  1962 Thanat-Rusk joint statement, forms no dyads: it interprets the Manila Pact, which
  already binds the United States and Thailand.
* **A spell ends at the earliest of**: the day before the treaty's ``ended_date`` (the 1951
  US-Japan treaty ended when the 1960 treaty entered into force); either party's
  ``bound_until`` (its last day; the Manila Pact binds all its parties until SEATO's
  dissolution on 1977-06-30, then only the United States and Thailand, as ATOP 5.1 codes its
  second phase); the day before a suspension between the two under that treaty (ANZUS:
  United States-New Zealand from 1986-08-11, in both directions, while Australia-New Zealand
  and Australia-United States continue).
* **A year counts when the spell covers any day of it**: US-New Zealand is in 1986, not 1987.
* **One row per treaty**: a pair bound by two treaties in a year has two rows (US-Philippines
  under the 1951 Mutual Defense Treaty and the Manila Pact until 1977; US-Japan in 1960, the
  year one treaty replaced the other). ``drop_duplicates(["ccode1", "ccode2", "year"])`` gives
  one row per dyad-year.
* ``alliance_id`` is the US alliance the treaty underpins, so non-US pairs carry it too
  (Australia-New Zealand under ANZUS: ``us-australia``; United Kingdom-France under the Manila
  Pact: ``us-thailand``).
* **Undirected** (the default): ``ccode1 < ccode2``. ``directed=True`` gives each pair in both
  orders, so exactly twice the rows.
* **Last year**: ``end`` defaults to :func:`coverage_end`, the latest year of any dated fact in
  the dataset (treaty, party, suspension or tie dates; 2017 in release 1.0.0). The release
  vouches for treaty status only that far; pass a later ``end`` to carry spells still in force
  on, and an earlier one (or ``start``) to cut.

Merge with COW-keyed data on the codes and year, e.g.
``dyads.merge(cow, on=["ccode1", "ccode2", "year"], how="left")``; for directed COW data use
``directed=True``.

>>> rows = dyad_year_records(start=2013, end=2013)
>>> [(r["abbr1"], r["abbr2"], r["treaty_id"]) for r in rows]  # doctest: +NORMALIZE_WHITESPACE
[('USA', 'ROK', 'us-south-korea-1953'), ('USA', 'JPN', 'us-japan-1960'), ('USA', 'THI', 'manila-pact-1954'),
 ('USA', 'PHI', 'us-philippines-1951'), ('USA', 'AUL', 'anzus-1951'), ('AUL', 'NEW', 'anzus-1951')]
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

    from .dataset import Dataset

# The columns of a dyad-year row, in order, with what they hold (the codebook prints these).
COLUMNS: dict[str, str] = {
    "ccode1": "COW state code of the first state (the lower code unless directed).",
    "ccode2": "COW state code of the second state.",
    "year": "A year in which the treaty bound the pair on at least one day.",
    "alliance_id": "The US alliance the treaty underpins (also on non-US pairs).",
    "treaty_id": "The treaty binding the pair; a pair bound by two treaties has two rows.",
    "abbr1": "COW abbreviation of the first state.",
    "abbr2": "COW abbreviation of the second state.",
    "iso3_1": "ISO 3166-1 alpha-3 code of the first state.",
    "iso3_2": "ISO 3166-1 alpha-3 code of the second state.",
    "actor_id1": "Actor id of the first state.",
    "actor_id2": "Actor id of the second state.",
}

PANDAS_MISSING = "dyad_years needs pandas: install the extra with pip install 'alliance-data[pandas]'"

_ONE_DAY = dt.timedelta(days=1)


def coverage_end(dataset: Dataset) -> int:
    """The latest year of any dated fact: treaty, party (``bound_until``), suspension or tie dates.

    >>> import alliance_data as ad
    >>> coverage_end(ad.load()) >= 2013
    True
    """
    years: list[int] = []
    for treaty in dataset.treaties:
        for day in (treaty.signed_date, treaty.in_force_date, treaty.ended_date):
            if day is not None:
                years.append(day.year)
        years += [p.bound_until.year for p in treaty.parties if p.bound_until is not None]
    years += [s.date.year for s in dataset.suspensions]
    years += [int(t.date[:4]) for t in dataset.ties]
    return max(years)


def spells(dataset: Dataset) -> list[tuple[str, str, str, dt.date, dt.date | None]]:
    """Every (treaty id, actor id, actor id, first day, last day or None) a treaty binds two states.

    Actor ids are in the order of the treaty's parties; ``None`` means still running. Spells
    whose last day falls before their first are left out.
    """
    states = {a.id for a in dataset.actors if a.cow_ccode is not None}
    suspended: dict[tuple[str, frozenset[str]], dt.date] = {}
    for s in dataset.suspensions:
        key = (s.treaty_id, frozenset((s.actor_id, s.partner_id)))
        suspended[key] = min(s.date, suspended.get(key, s.date))
    out = []
    for treaty in dataset.treaties:
        if treaty.in_force_date is None:
            continue  # a joint statement: no obligations of its own
        parties = [p for p in treaty.parties if p.actor_id in states]
        for a, b in combinations(parties, 2):
            ends = [p.bound_until for p in (a, b) if p.bound_until is not None]
            if treaty.ended_date is not None:
                ends.append(treaty.ended_date - _ONE_DAY)
            suspension = suspended.get((treaty.id, frozenset((a.actor_id, b.actor_id))))
            if suspension is not None:
                ends.append(suspension - _ONE_DAY)
            last = min(ends) if ends else None
            if last is not None and last < treaty.in_force_date:
                continue
            out.append((treaty.id, a.actor_id, b.actor_id, treaty.in_force_date, last))
    return out


def dyad_year_records(
    start: int | None = None,
    end: int | None = None,
    directed: bool = False,
    *,
    dataset: Dataset | None = None,
) -> list[dict[str, Any]]:
    """The rows of :func:`dyad_years` as plain dicts, without pandas, sorted by dyad, year and treaty."""
    if dataset is None:
        from .loader import load

        dataset = load()
    last_year = coverage_end(dataset) if end is None else end
    actors = {a.id: a for a in dataset.actors}
    alliance_of = {t.id: t.alliance_id for t in dataset.treaties}
    rows = []
    for treaty_id, id_a, id_b, first, last in spells(dataset):
        a, b = sorted((actors[id_a], actors[id_b]), key=lambda actor: actor.cow_ccode or 0)
        pairs = [(a, b), (b, a)] if directed else [(a, b)]
        low = first.year if start is None else max(first.year, start)
        high = last_year if last is None else min(last.year, last_year)
        for year in range(low, high + 1):
            for one, two in pairs:
                rows.append(
                    {
                        "ccode1": one.cow_ccode,
                        "ccode2": two.cow_ccode,
                        "year": year,
                        "alliance_id": alliance_of[treaty_id],
                        "treaty_id": treaty_id,
                        "abbr1": one.cow_abbr,
                        "abbr2": two.cow_abbr,
                        "iso3_1": one.iso3,
                        "iso3_2": two.iso3,
                        "actor_id1": one.id,
                        "actor_id2": two.id,
                    }
                )
    rows.sort(key=lambda r: (r["ccode1"], r["ccode2"], r["year"], r["treaty_id"]))
    return rows


def dyad_years(
    start: int | None = None,
    end: int | None = None,
    directed: bool = False,
    *,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """Dyad-years of the treaties as a pandas DataFrame (needs ``alliance-data[pandas]``).

    One row per pair of states, per year in which a treaty bound them on any day, per treaty,
    with the columns of :data:`COLUMNS` (``ccode1``, ``ccode2``, ``year``, ``alliance_id``,
    ``treaty_id``, ``abbr1``, ``abbr2``, ``iso3_1``, ``iso3_2``, ``actor_id1``, ``actor_id2``).
    The module docstring states the conventions (only states; spells from ``in_force_date`` to
    the earliest end, ``bound_until`` or suspension; joint statements form no dyads).

    ``start`` and ``end`` bound the years (both included); ``end`` defaults to
    :func:`coverage_end` of the dataset. ``directed=False`` gives ``ccode1 < ccode2``;
    ``directed=True`` gives both orders. ``dataset`` defaults to the bundled release.

    Merge with COW-keyed data: ``df.merge(cow, on=["ccode1", "ccode2", "year"], how="left")``.

    >>> df = dyad_years(start=1986, end=1987)
    >>> sorted(df[(df.ccode1 == 2) & (df.ccode2 == 920)].year.tolist())  # US-New Zealand
    [1986]
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(PANDAS_MISSING) from exc

    rows = dyad_year_records(start, end, directed, dataset=dataset)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in ("ccode1", "ccode2", "year"):
        frame[name] = frame[name].astype("int64")
    return frame
