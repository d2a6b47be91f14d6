"""How the collections are laid out as CSV tables: one short declaration per table.

A *collection* table holds one record per row (its columns are the model's scalar and list
fields). A *child* table holds items nested in records of other tables (evidence, fact sources,
treaty parties): its first columns say which record the row belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from . import models as m

LIST_DELIMITER = ";"


@dataclass(frozen=True)
class Collection:
    """A public collection: ``data/<name>.csv``, one ``model`` per row."""

    name: str
    model: type[BaseModel]
    description: str


@dataclass(frozen=True)
class Child:
    """Items nested in records of other collections, stored in their own table.

    ``link`` are the columns naming the parent record; ``field`` the parent's field that holds
    the items; ``parents`` the collections whose records can have such items.
    """

    name: str
    model: type[BaseModel]
    link: tuple[str, ...]
    field: str
    parents: tuple[str, ...]
    order: str | None
    description: str


CLAIMS = ("developments", "drivers", "trends", "options", "assessments", "recommendations", "conditions")

COLLECTIONS: tuple[Collection, ...] = (
    Collection("sources", m.Source, "Documents the dataset draws on: the commentary, what it cites, fact sources."),
    Collection("actors", m.Actor, "States and organisations, with ISO, Correlates of War and Wikidata codes."),
    Collection("treaties", m.Treaty, "The instruments the alliances rest on."),
    Collection("suspensions", m.Suspension, "Suspensions of obligations under treaties still in force."),
    Collection("alliances", m.Alliance, "The five US treaty alliances in Asia."),
    Collection("ties", m.Tie, "Security ties among the US allies."),
    Collection("developments", m.Development, "Regional changes the commentary opens with."),
    Collection("drivers", m.Driver, "Forces changing the alliances."),
    Collection("trends", m.Trend, "Common features of the alliance analyses."),
    Collection("options", m.Option, "Ways to adapt the alliance system, most to least integrated."),
    Collection("assessments", m.Assessment, "The authors' conclusions."),
    Collection("recommendations", m.Recommendation, "Considerations the authors recommend."),
    Collection("conditions", m.Condition, "When promoting cooperation from within the alliances makes sense."),
)

CHILDREN: tuple[Child, ...] = (
    Child(
        "treaty_parties",
        m.TreatyParty,
        link=("treaty_id",),
        field="parties",
        parents=("treaties",),
        order=None,
        description="The parties to each treaty.",
    ),
    Child(
        "fact_sources",
        m.FactSource,
        link=("collection", "record_id"),
        field="sources",
        parents=("actors", "treaties", "suspensions", "ties"),
        order=None,
        description="The source of every fact: one row per field of a record and source.",
    ),
    Child(
        "evidence",
        m.Evidence,
        link=("collection", "record_id"),
        field="evidence",
        parents=("alliances", *CLAIMS),
        order="position",
        description="Verbatim evidence: quote == text[start:end] of the source.",
    ),
)

# Which collection a field's ids point to, wherever the field appears (scalar or list).
REFERENCES: dict[str, str] = {
    "source_id": "sources",
    "actor_id": "actors",
    "ally_id": "actors",
    "partner_id": "actors",
    "actors": "actors",
    "participants": "actors",
    "treaty_id": "treaties",
    "treaty_ids": "treaties",
    "superseded_by": "treaties",
    "alliance_id": "alliances",
}

# Fields of the records of each collection that state a fact taken from a source, so that need
# a fact_sources row when they are not null. Not facts: ids, kinds, links between our own
# records, notes, what we write in our own words, and what follows from other facts (a treaty's
# status and successor follow from the successor's dates). ``parties`` and ``bound_until`` live
# in treaty_parties.csv.
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "actors": ("iso3", "cow_ccode", "cow_abbr", "wikidata"),
    "treaties": (
        "title",
        "signed_date",
        "signed_place",
        "in_force_date",
        "ended_date",
        "atop_id",
        "cow_id",
        "cow_v3_id",
        "citation",
        "parties",
        "bound_until",
    ),
    "suspensions": ("date",),
    "ties": ("date", "place", "participants"),
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "treaty_parties": ("treaty_id", "actor_id"),
    "fact_sources": ("collection", "record_id", "field", "source_id"),
    "evidence": ("collection", "record_id", "position"),
}

ALL_TABLES: tuple[Collection | Child, ...] = (*COLLECTIONS, *CHILDREN)
COLLECTION_NAMES = tuple(c.name for c in COLLECTIONS)
NESTED_FIELDS = frozenset(c.field for c in CHILDREN)


def columns(table: Collection | Child) -> tuple[str, ...]:
    """The CSV header of a table, in order."""
    own = tuple(name for name in table.model.model_fields if name not in NESTED_FIELDS)
    if isinstance(table, Child):
        extra = (table.order,) if table.order else ()
        return (*table.link, *extra, *own)
    return own


def primary_key(table: Collection | Child) -> tuple[str, ...]:
    return PRIMARY_KEYS.get(table.name, ("id",))


def list_fields(model: type[BaseModel]) -> frozenset[str]:
    """Fields stored in CSV as ``;``-separated lists."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if name not in NESTED_FIELDS and getattr(info.annotation, "__origin__", None) is tuple
    )
