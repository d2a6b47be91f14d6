"""The bundled dataset as a contract: counts, content, provenance and the API around it."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

import alliance_data as ad
from alliance_data import models as m
from alliance_data.tables import CHILDREN, COLLECTION_NAMES, FACT_FIELDS, REFERENCES

from .conftest import REPO

# The data contract: a changed count is a deliberate, reviewed event (update CHANGELOG.md too).
COUNTS = {
    "sources": 23,
    "actors": 16,
    "treaties": 7,
    "suspensions": 1,
    "alliances": 5,
    "ties": 5,
    "developments": 6,
    "drivers": 5,
    "trends": 4,
    "options": 4,
    "assessments": 6,
    "recommendations": 5,
    "conditions": 4,
}
EVIDENCE_ITEMS = 53
COMMENTARY = "pacnet-doing-more-with-less"
SEED = "seeds/000_04d499712a2feb2a.txt"
SEED_SHA256 = "5c22c65eeae67888a742932e450022ca3d7c1ac4931e401f6ef911919ed22445"

# Facts from ../shared/reference/facts.md, restated here so that a change to the data fails.
STATES = {
    # id: (iso3, cow ccode, cow abbr, wikidata)
    "united-states": ("USA", 2, "USA", "Q30"),
    "japan": ("JPN", 740, "JPN", "Q17"),
    "south-korea": ("KOR", 732, "ROK", "Q884"),
    "north-korea": ("PRK", 731, "PRK", "Q423"),
    "australia": ("AUS", 900, "AUL", "Q408"),
    "new-zealand": ("NZL", 920, "NEW", "Q664"),
    "philippines": ("PHL", 840, "PHI", "Q928"),
    "thailand": ("THA", 800, "THI", "Q869"),
    "china": ("CHN", 710, "CHN", "Q148"),
    "france": ("FRA", 220, "FRN", "Q142"),
    "pakistan": ("PAK", 770, "PAK", "Q843"),
    "united-kingdom": ("GBR", 200, "UKG", "Q145"),
    "india": ("IND", 750, "IND", "Q668"),
}
ORGANISATIONS = {"asean": "Q7768", "nato": "Q7184", "seato": "Q277252"}
TREATIES = {
    # id: (alliance, signed, in force, ended, parties, atop, cow v4.1)
    "us-japan-1951": ("us-japan", "1951-09-08", "1952-04-28", "1960-06-23", {"united-states", "japan"}, 3220, 233),
    "us-japan-1960": ("us-japan", "1960-01-19", "1960-06-23", None, {"united-states", "japan"}, 3375, None),
    "us-south-korea-1953": (
        "us-south-korea", "1953-10-01", "1954-11-17", None, {"united-states", "south-korea"}, 3240, 236,
    ),
    "anzus-1951": (
        "us-australia", "1951-09-01", "1952-04-29", None, {"australia", "new-zealand", "united-states"}, 3215, 232,
    ),
    "us-philippines-1951": (
        "us-philippines", "1951-08-30", "1952-08-27", None, {"philippines", "united-states"}, 3210, 231,
    ),
    "manila-pact-1954": (
        "us-thailand", "1954-09-08", "1955-02-19", None,
        {"australia", "france", "new-zealand", "pakistan", "philippines", "thailand", "united-kingdom",
         "united-states"},
        3260, 238,
    ),
    "thanat-rusk-1962": ("us-thailand", "1962-03-06", None, None, {"thailand", "united-states"}, None, None),
}
ALLIANCES = {
    "us-japan": "japan",
    "us-south-korea": "south-korea",
    "us-australia": "australia",
    "us-philippines": "philippines",
    "us-thailand": "thailand",
}
# Parts of the commentary that no record needs to cover, as (first words, last words): title,
# byline, affiliations, the report's introduction (it describes the report rather than analysing
# the alliances), the report's address and the series disclaimer.
UNCOVERED_ALLOWED = (
    ("## **US Alliances in Asia", "Doing More with Less**"),
    ("By Carl Baker", "Brad Glosserman"),
    ("*Carl Baker ([Carl@", "Pacific Forum CSIS.*"),
    ("In our new report", "among alliance partners."),
    ("In addition to our analysis", "future of the alliances."),
    ("*Doing More and Expecting Less: The Future of US Alliances in the Asia Pacific*, is part", "asia-pacif>."),
    ("*PacNet commentaries", "always welcomed.*"),
)


def all_records(ds: ad.Dataset) -> list[m.Record]:
    return [r for name in COLLECTION_NAMES for r in ds.collection(name)]


def evidence_items(ds: ad.Dataset) -> list[tuple[str, int, m.Evidence]]:
    return [
        (r.id, i, e) for r in all_records(ds) for i, e in enumerate(getattr(r, "evidence", ()))
    ]


_EVIDENCE = evidence_items(ad.load())


# --- counts and identity ----------------------------------------------------------------------


def test_counts_are_the_contract(dataset: ad.Dataset) -> None:
    assert dataset.counts() == COUNTS
    assert len(_EVIDENCE) == EVIDENCE_ITEMS


def test_version_is_the_package_version(dataset: ad.Dataset) -> None:
    assert dataset.version == ad.__version__


def test_ids_are_unique_across_the_dataset(dataset: ad.Dataset) -> None:
    ids = [r.id for r in all_records(dataset)]
    assert len(ids) == len(set(ids))


def test_lookup_by_id(dataset: ad.Dataset) -> None:
    assert dataset["us-japan"].ally_id == "japan"
    assert dataset["anzus-1951"].in_force_date == date(1952, 4, 29)
    assert "us-japan" in dataset and "us-jpn" not in dataset


def test_unknown_id_names_close_matches(dataset: ad.Dataset) -> None:
    with pytest.raises(KeyError, match="did you mean 'us-japan'"):
        dataset["us-jpan"]


def test_records_and_collections_are_immutable(dataset: ad.Dataset) -> None:
    assert all(isinstance(dataset.collection(name), tuple) for name in COLLECTION_NAMES)
    with pytest.raises(ValidationError):
        dataset.alliances[0].label = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        dataset.version = "9.9.9"  # type: ignore[misc]


# --- sources and provenance -------------------------------------------------------------------


def test_seed_is_byte_identical_and_its_checksum_recorded(dataset: ad.Dataset) -> None:
    commentary = dataset[COMMENTARY]
    assert commentary.path == SEED and commentary.sha256 == SEED_SHA256
    assert hashlib.sha256((REPO / SEED).read_bytes()).hexdigest() == SEED_SHA256
    shared = REPO.parent / "shared" / SEED
    if shared.exists():
        assert shared.read_bytes() == (REPO / SEED).read_bytes()


def test_unverified_facts_stay_null(dataset: ad.Dataset) -> None:
    commentary = dataset[COMMENTARY]
    assert commentary.issued is None and commentary.url is None  # PacNet number and date unverified
    assert (commentary.authors, commentary.publisher) == (("Carl Baker", "Brad Glosserman"), "Pacific Forum CSIS")
    report = dataset["issues-insights-13-1"]
    assert report.issued == "2013-01" and "Vol. 13, No. 1" in (report.series or "")
    assert dataset["us-nss-2010"].issued == "2010-05-27"
    quad = dataset["quadrilateral-security-dialogue-2007"]
    assert quad.date == "2007-05"  # the day is unconfirmed


@pytest.mark.parametrize(("record_id", "position", "evidence"), _EVIDENCE, ids=[f"{r}#{i}" for r, i, _ in _EVIDENCE])
def test_every_quote_is_its_source_slice(
    dataset: ad.Dataset, record_id: str, position: int, evidence: m.Evidence
) -> None:
    text = dataset.text(evidence.source_id)
    assert text[evidence.start : evidence.end] == evidence.quote
    assert evidence.quote == evidence.quote.strip()


def test_every_analytical_sentence_is_covered(dataset: ad.Dataset) -> None:
    """Every word of the commentary is in some evidence span, or in a part allowed to stay out."""
    text = dataset.text(COMMENTARY)
    covered = bytearray(len(text))
    spans = [(e.start, e.end) for _, _, e in _EVIDENCE]
    for first, last in UNCOVERED_ALLOWED:
        start = text.index(first)
        spans.append((start, text.index(last, start) + len(last)))
    for start, end in spans:
        covered[start:end] = b"\1" * (end - start)
    # Connectives between two quoted clauses ("and") may stay out; words of four letters or more may not.
    leftovers = [w.group() for w in re.finditer(r"\w{4,}", text) if not all(covered[w.start() : w.end()])]
    assert leftovers == []


def test_statements_are_our_own_words(dataset: ad.Dataset) -> None:
    """No statement, label or consequence repeats six consecutive words of the commentary."""

    def shingles(s: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", s.lower())
        return {tuple(words[i : i + 6]) for i in range(len(words) - 5)}

    seed = shingles(dataset.text(COMMENTARY))
    for record in all_records(dataset):
        for name in ("statement", "label", "consequences"):
            value = getattr(record, name, None)
            if value:
                assert not shingles(value) & seed, f"{record.id}.{name} copies the commentary"


# --- actors, treaties, alliances --------------------------------------------------------------


@pytest.mark.parametrize(("actor_id", "codes"), STATES.items(), ids=list(STATES))
def test_state_codes(dataset: ad.Dataset, actor_id: str, codes: tuple[str, int, str, str]) -> None:
    actor = dataset[actor_id]
    assert actor.kind == "state"
    assert (actor.iso3, actor.cow_ccode, actor.cow_abbr, actor.wikidata) == codes


@pytest.mark.parametrize(("actor_id", "wikidata"), ORGANISATIONS.items(), ids=list(ORGANISATIONS))
def test_organisations(dataset: ad.Dataset, actor_id: str, wikidata: str) -> None:
    actor = dataset[actor_id]
    assert actor.kind == "organisation" and actor.wikidata == wikidata
    assert actor.iso3 is actor.cow_ccode is actor.cow_abbr is None


@pytest.mark.parametrize("treaty_id", TREATIES)
def test_treaty_facts(dataset: ad.Dataset, treaty_id: str) -> None:
    alliance, signed, in_force, ended, parties, atop, cow = TREATIES[treaty_id]
    treaty = dataset[treaty_id]
    assert treaty.alliance_id == alliance
    assert treaty.signed_date.isoformat() == signed
    assert (treaty.in_force_date and treaty.in_force_date.isoformat()) == in_force
    assert (treaty.ended_date and treaty.ended_date.isoformat()) == ended
    assert {p.actor_id for p in treaty.parties} == parties
    assert (treaty.atop_id, treaty.cow_id) == (atop, cow)


def test_disagreements_between_sources_are_recorded(dataset: ad.Dataset) -> None:
    assert "1960-06-19" in dataset["us-japan-1960"].note
    assert "1954-11-18" in dataset["us-south-korea-1953"].note
    assert "1986-09-17" in dataset["anzus-1951"].note
    assert "1960-01-19" in dataset["us-japan-1951"].note


def test_new_zealand_suspension_and_manila_second_phase(dataset: ad.Dataset) -> None:
    (suspension,) = dataset.suspensions
    assert (suspension.treaty_id, suspension.actor_id, suspension.partner_id, suspension.date) == (
        "anzus-1951", "united-states", "new-zealand", date(1986, 8, 11),
    )
    manila = dataset["manila-pact-1954"]
    still_bound = {p.actor_id for p in manila.parties if p.bound_until is None}
    assert still_bound == {"united-states", "thailand"}
    assert {p.bound_until for p in manila.parties} == {None, date(1977, 6, 30)}


@pytest.mark.parametrize(("alliance_id", "ally"), ALLIANCES.items(), ids=list(ALLIANCES))
def test_alliances_link_ally_treaties_and_evidence(dataset: ad.Dataset, alliance_id: str, ally: str) -> None:
    alliance = dataset[alliance_id]
    assert alliance.ally_id == ally
    expected = {t.id for t in dataset.treaties if t.alliance_id == alliance_id}
    assert set(alliance.treaty_ids) == expected
    assert any(ally.replace("-", " ").title().replace("The ", "") in e.quote or "South Korea" in e.quote
               for e in alliance.evidence)


def test_every_fact_has_a_source(dataset: ad.Dataset) -> None:
    source_ids = {s.id for s in dataset.sources}
    for collection, fields in FACT_FIELDS.items():
        for record in dataset.collection(collection):
            sourced = {s.field for s in record.sources}
            assert {s.source_id for s in record.sources} <= source_ids
            for name in fields:
                value = getattr(record, name, None)  # parties and bound_until: see treaty_parties
                if value not in (None, ()):
                    assert name in sourced, f"{record.id}.{name} has no source"
    manila = dataset["manila-pact-1954"]
    assert {"parties", "bound_until"} <= {s.field for s in manila.sources}


def test_every_reference_resolves(dataset: ad.Dataset) -> None:
    ids = {name: {r.id for r in dataset.collection(name)} for name in COLLECTION_NAMES}
    nested = {c.field for c in CHILDREN}
    for record in all_records(dataset):
        items = [record, *(i for f in nested for i in getattr(record, f, ()))]
        for item in items:
            for name, target in REFERENCES.items():
                value = getattr(item, name, None)
                for ref in (value if isinstance(value, tuple) else (value,)):
                    assert ref is None or ref in ids[target], f"{record.id}.{name} -> {ref}"


# --- the analysis -----------------------------------------------------------------------------


def test_options_run_from_most_to_least_integrated(dataset: ad.Dataset) -> None:
    ranks = [o.rank for o in dataset.options]
    assert ranks == list(range(1, len(ranks) + 1))
    assert "nato" in dataset.options[0].actors


@pytest.mark.parametrize(
    ("collection", "words"),
    [
        ("drivers", ["perception", "multilateral", "scope|broaden|widen", "partner", "chin"]),
        ("trends", ["share|burden|responsib", "regional|global", "network|hub", "chin"]),
        ("recommendations", ["integrat", "principle|rule", "economy", "boilerplate|agreement", "china"]),
        ("conditions", ["cooperat|collaborat", "alienat|outside|non-member|antagoni", "responsib", "asean"]),
    ],
)
def test_enumerations_follow_the_commentary(dataset: ad.Dataset, collection: str, words: list[str]) -> None:
    """The commentary lists these in order; our records keep its order and cover each item."""
    records = dataset.collection(collection)
    assert len(records) == len(words)
    for record, pattern in zip(records, words, strict=True):
        assert re.search(pattern, (record.label + " " + record.statement).lower()), record.id


# --- the loading path -------------------------------------------------------------------------


def test_loading_imports_no_heavy_library() -> None:
    code = (
        "import sys, alliance_data as ad; ad.load(); ad.load()['us-japan'];"
        "print(sorted(m for m in ('frictionless','jsonschema','pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_import_alone_is_cheap() -> None:
    code = "import sys, alliance_data; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_load_a_checkout_or_its_data_folder(checkout: Path) -> None:
    assert ad.load(checkout).counts() == COUNTS
    assert ad.load(checkout / "data").counts() == COUNTS
