"""Dyad-years and DataFrames, against the real data."""

from __future__ import annotations

import subprocess
import sys
from itertools import combinations

import pytest

import alliance_data as ad
from alliance_data.dyads import COLUMNS, coverage_end, dyad_year_records, dyad_years
from alliance_data.frames import TABLES, table_rows, to_pandas

pd = pytest.importorskip("pandas")

US, JPN, ROK, AUL, NEW, PHI, THI, UKG, FRN = 2, 740, 732, 900, 920, 840, 800, 200, 220


@pytest.fixture(scope="module")
def dyads(dataset: ad.Dataset) -> pd.DataFrame:
    return dyad_years(dataset=dataset)


def years(frame: pd.DataFrame, a: int, b: int, treaty_id: str | None = None) -> set[int]:
    rows = frame[(frame.ccode1 == min(a, b)) & (frame.ccode2 == max(a, b))]
    if treaty_id is not None:
        rows = rows[rows.treaty_id == treaty_id]
    return set(rows.year)


def test_columns_and_types(dyads: pd.DataFrame) -> None:
    assert list(dyads.columns) == list(COLUMNS)
    assert str(dyads.ccode1.dtype) == str(dyads.year.dtype) == "int64"
    assert dyads.notna()[["ccode1", "ccode2", "year", "alliance_id", "treaty_id"]].all().all()
    assert not dyads.duplicated(["ccode1", "ccode2", "year", "treaty_id"]).any()


@pytest.mark.parametrize("ally", [JPN, ROK, AUL, PHI, THI])
def test_the_five_us_dyads_in_2013(dyads: pd.DataFrame, ally: int) -> None:
    assert 2013 in years(dyads, US, ally)


def test_every_alliance_gives_a_us_dyad_through_the_last_year(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    codes = {a.id: a.cow_ccode for a in dataset.actors}
    last = coverage_end(dataset)
    for alliance in dataset.alliances:
        rows = dyads[(dyads.ccode1 == US) & (dyads.ccode2 == codes[alliance.ally_id]) & (dyads.year == last)]
        assert set(rows.alliance_id) >= {alliance.id}, alliance.id


def test_nothing_before_the_first_treaty_entered_into_force(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    first = min(t.in_force_date for t in dataset.treaties if t.in_force_date)
    assert first.year == 1952
    assert dyads.year.min() == 1952
    assert dyad_years(end=1951, dataset=dataset).empty


def test_us_new_zealand_ends_with_the_1986_suspension(dyads: pd.DataFrame) -> None:
    assert 1986 in years(dyads, US, NEW)
    assert not {y for y in years(dyads, US, NEW) if y >= 1987}


def test_australia_new_zealand_and_australia_us_continue(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    last = coverage_end(dataset)
    assert set(range(1952, last + 1)) <= years(dyads, AUL, NEW, "anzus-1951")
    assert set(range(1952, last + 1)) <= years(dyads, US, AUL, "anzus-1951")


def test_manila_pact_parties_until_seato_dissolved(dyads: pd.DataFrame) -> None:
    assert years(dyads, UKG, FRN) == set(range(1955, 1978))
    assert 1977 in years(dyads, US, PHI, "manila-pact-1954")
    assert 1978 not in years(dyads, US, PHI, "manila-pact-1954")


def test_us_thailand_continues_after_1977(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    assert set(range(1955, coverage_end(dataset) + 1)) <= years(dyads, US, THI, "manila-pact-1954")


def test_one_row_per_treaty(dyads: pd.DataFrame) -> None:
    in_1970 = dyads[(dyads.ccode1 == US) & (dyads.ccode2 == PHI) & (dyads.year == 1970)]
    assert set(in_1970.treaty_id) == {"us-philippines-1951", "manila-pact-1954"}
    assert len(dyads[(dyads.ccode1 == US) & (dyads.ccode2 == PHI) & (dyads.year == 1980)]) == 1
    assert set(dyads[(dyads.ccode2 == JPN) & (dyads.year == 1960)].treaty_id) == {"us-japan-1951", "us-japan-1960"}
    assert set(dyads[(dyads.ccode2 == JPN) & (dyads.year == 1961)].treaty_id) == {"us-japan-1960"}


def test_only_states_and_no_joint_statements(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    state_codes = {a.cow_ccode for a in dataset.actors if a.cow_ccode is not None}
    assert set(dyads.ccode1) | set(dyads.ccode2) <= state_codes
    statements = {t.id for t in dataset.treaties if t.in_force_date is None}
    assert statements and not statements & set(dyads.treaty_id)


def test_every_pair_of_state_parties_appears(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    codes = {a.id: a.cow_ccode for a in dataset.actors}
    for treaty in dataset.treaties:
        if treaty.in_force_date is None:
            continue
        for a, b in combinations([codes[p.actor_id] for p in treaty.parties if codes[p.actor_id]], 2):
            assert treaty.in_force_date.year in years(dyads, a, b, treaty.id)


def test_undirected_and_directed(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    assert (dyads.ccode1 < dyads.ccode2).all()
    directed = dyad_years(directed=True, dataset=dataset)
    assert len(directed) == 2 * len(dyads)
    assert set(zip(directed.ccode1, directed.ccode2, strict=True)) >= {(US, JPN), (JPN, US)}
    flipped = directed[directed.ccode1 > directed.ccode2]
    assert sorted(zip(flipped.ccode2, flipped.ccode1, flipped.year, flipped.treaty_id, strict=True)) == sorted(
        zip(dyads.ccode1, dyads.ccode2, dyads.year, dyads.treaty_id, strict=True)
    )
    assert (flipped[flipped.ccode2 == US].abbr2 == "USA").all()


def test_start_and_end_filter_years(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    window = dyad_years(start=1977, end=1987, dataset=dataset)
    assert set(window.year) == set(range(1977, 1988))
    expected = dyads[(dyads.year >= 1977) & (dyads.year <= 1987)].reset_index(drop=True)
    pd.testing.assert_frame_equal(window, expected)


def test_end_defaults_to_the_coverage_end_and_can_go_further(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    assert dyads.year.max() == coverage_end(dataset)
    later = dyad_years(start=coverage_end(dataset) + 3, end=coverage_end(dataset) + 3, dataset=dataset)
    pairs = set(zip(later.ccode1, later.ccode2, strict=True))
    assert pairs == {(US, ROK), (US, JPN), (US, THI), (US, PHI), (US, AUL), (AUL, NEW)}


def test_merges_with_cow_keyed_data(dyads: pd.DataFrame) -> None:
    cow = pd.DataFrame({"ccode1": [US, US], "ccode2": [JPN, NEW], "year": [1990, 1990], "trade": [1.0, 2.0]})
    merged = cow.merge(dyads.drop_duplicates(["ccode1", "ccode2", "year"]), on=["ccode1", "ccode2", "year"], how="left")
    assert merged.treaty_id.tolist()[0] == "us-japan-1960"
    assert pd.isna(merged.treaty_id.tolist()[1])


def test_records_match_the_frame(dataset: ad.Dataset, dyads: pd.DataFrame) -> None:
    assert dyad_year_records(dataset=dataset) == dyads.to_dict("records")


def test_package_level_access(dataset: ad.Dataset) -> None:
    if "dyad_years" not in getattr(ad, "_LAZY", {}):
        pytest.skip("alliance_data.dyad_years is not exposed yet")
    assert ad.dyad_years is dyad_years


def test_without_pandas_a_clear_error(monkeypatch: pytest.MonkeyPatch, dataset: ad.Dataset) -> None:
    for name in [m for m in sys.modules if m == "pandas" or m.startswith("pandas.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ImportError, match=r"alliance-data\[pandas\]"):
        dyad_years(dataset=dataset)
    with pytest.raises(ImportError, match=r"alliance-data\[pandas\]"):
        to_pandas(dataset, "actors")


def test_loading_and_dyads_do_not_import_pandas() -> None:
    code = (
        "import sys, alliance_data as ad, alliance_data.dyads as d, alliance_data.frames as f;"
        "ds = ad.load(); d.dyad_year_records(dataset=ds); f.table_rows(ds, 'ties');"
        "assert 'pandas' not in sys.modules, 'pandas imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# to_pandas -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_to_pandas_has_every_row_and_column(dataset: ad.Dataset, name: str) -> None:
    from alliance_data.tables import columns

    frame = to_pandas(dataset, name)
    assert list(frame.columns) == list(columns(TABLES[name]))
    assert len(frame) == len(table_rows(dataset, name))
    if name in dataset.counts():
        assert len(frame) == dataset.counts()[name]


def test_to_pandas_conventions(dataset: ad.Dataset) -> None:
    treaties = to_pandas(dataset, "treaties").set_index("id")
    assert "parties" not in treaties.columns and "sources" not in treaties.columns
    assert str(treaties.atop_id.dtype) == "Int64"
    assert treaties.loc["anzus-1951", "in_force_date"] == pd.Timestamp("1952-04-29")
    assert pd.isna(treaties.loc["thanat-rusk-1962", "in_force_date"])
    ties = to_pandas(dataset, "ties")
    assert ties.participants.map(type).eq(tuple).all()
    assert len(ties.explode("participants")) == sum(len(t.participants) for t in dataset.ties)
    parties = to_pandas(dataset, "treaty_parties")
    assert len(parties) == sum(len(t.parties) for t in dataset.treaties)
    evidence = to_pandas(dataset, "evidence")
    assert evidence.groupby(["collection", "record_id"]).position.min().eq(1).all()


def test_to_pandas_unknown_table(dataset: ad.Dataset) -> None:
    with pytest.raises(KeyError, match="tables:"):
        to_pandas(dataset, "treaty")


def test_dataset_method(dataset: ad.Dataset) -> None:
    if not hasattr(dataset, "to_pandas"):
        pytest.skip("Dataset.to_pandas is not added yet")
    pd.testing.assert_frame_equal(dataset.to_pandas("actors"), to_pandas(dataset, "actors"))
