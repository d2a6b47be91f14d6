"""The records of alliance-data: frozen Pydantic models, the single source of truth.

Every other description of the data (the JSON Schema in ``schema/``, the Table Schemas in
``data/datapackage.json``, the codebook) is generated from these classes.

>>> Evidence(source_id="x", start=0, end=3, quote="abc").end
3
"""

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Stable, human-readable identifier (lowercase kebab-case)."),
]
PartialDate = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
    Field(description="ISO 8601 date at the precision the source supports: YYYY, YYYY-MM or YYYY-MM-DD."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Label = Annotated[
    str, StringConstraints(min_length=1, max_length=80), Field(description="Short title, in our own words.")
]
Note = Annotated[
    str | None,
    Field(default=None, description="Caveats, and disagreements between sources, in our own words."),
]


class Record(BaseModel):
    """Base of every record: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def _date_order(record_id: str, *pairs: tuple[str, dt.date | None, str, dt.date | None]) -> None:
    for early_name, early, late_name, late in pairs:
        if early is not None and late is not None and early > late:
            raise PydanticCustomError(
                "date-order",
                "{record}: {early_name} {early} is after {late_name} {late}",
                {
                    "record": record_id,
                    "early_name": early_name,
                    "early": early.isoformat(),
                    "late_name": late_name,
                    "late": late.isoformat(),
                },
            )


class Evidence(Record):
    """A verbatim span of a source that supports a record: ``quote == text[start:end]``."""

    source_id: Id = Field(description="The source whose text the offsets index.")
    start: int = Field(ge=0, description="Start offset: a Python str index into the decoded text.")
    end: int = Field(ge=1, description="End offset (exclusive).")
    quote: Text = Field(description="The exact text between start and end.")

    @model_validator(mode="after")
    def _offsets(self) -> "Evidence":
        if self.start >= self.end:
            raise PydanticCustomError(
                "offset-order", "start {start} is not before end {end}", {"start": self.start, "end": self.end}
            )
        if self.end - self.start != len(self.quote):
            raise PydanticCustomError(
                "quote-length",
                "quote has {n} characters but end - start is {span}",
                {"n": len(self.quote), "span": self.end - self.start},
            )
        return self


class FactSource(Record):
    """Links one fact (a field of a record) to the source it was taken from."""

    field: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="Name of the field holding the fact."
    )
    source_id: Id = Field(description="The source that states the fact.")
    confidence: Literal["H", "M"] = Field(
        description="H: two or more independent sources, or the official text; M: one good source."
    )
    note: Note


class Source(Record):
    """A document the dataset draws on: the commentary, the report it cites, fact sources."""

    id: Id
    kind: Literal[
        "commentary",
        "report",
        "government-document",
        "treaty-text",
        "web-page",
        "news",
        "book",
        "dataset",
        "reference-work",
    ] = Field(description="What sort of document this is.")
    title: Text = Field(description="Title of the document.")
    authors: tuple[Annotated[str, StringConstraints(min_length=1)], ...] = Field(
        default=(), description="Personal authors or editors, in the order the document gives."
    )
    publisher: str | None = Field(default=None, description="Publishing organisation.")
    series: str | None = Field(default=None, description="Series, volume and number.")
    issued: PartialDate | None = Field(default=None, description="Date of issue; null when unverified.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="Where the document can be read."
    )
    path: Annotated[str, StringConstraints(pattern=r"^seeds/[A-Za-z0-9_.-]+\.txt$")] | None = Field(
        default=None, description="Bundled text, relative to the dataset root; evidence offsets index it."
    )
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None, description="SHA-256 of the bundled text's bytes."
    )
    note: Note

    @model_validator(mode="after")
    def _text_has_checksum(self) -> "Source":
        if (self.path is None) != (self.sha256 is None):
            raise PydanticCustomError("checksum-missing", "path and sha256 go together: give both or neither", {})
        return self


class Actor(Record):
    """A state or organisation, with the identifiers researchers merge on."""

    id: Id
    name: Text = Field(description="Common English name.")
    kind: Literal["state", "organisation"] = Field(description="A sovereign state or an international organisation.")
    iso3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="ISO 3166-1 alpha-3 code."
    )
    cow_ccode: int | None = Field(default=None, ge=2, le=999, description="Correlates of War state code.")
    cow_abbr: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="Correlates of War state abbreviation."
    )
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = Field(
        default=None, description="Wikidata item."
    )
    note: Note
    sources: tuple[FactSource, ...] = Field(default=(), description="Where each identifier comes from.")

    @model_validator(mode="after")
    def _organisations_have_no_state_codes(self) -> "Actor":
        if self.kind == "organisation" and (self.iso3 or self.cow_ccode or self.cow_abbr):
            raise PydanticCustomError("organisation-state-code", "an organisation has no ISO or COW state code", {})
        return self


class TreatyParty(Record):
    """A party to a treaty, and when (if ever) its obligations stop being counted."""

    actor_id: Id = Field(description="The party.")
    bound_until: dt.date | None = Field(
        default=None, description="Last day the party's obligations are counted; null while they run."
    )
    bound_until_note: str | None = Field(default=None, description="Why the obligations stop being counted.")


class Treaty(Record):
    """A legal instrument on which an alliance rests."""

    id: Id
    title: Text = Field(description="Official title.")
    kind: Literal["treaty", "joint-statement"] = Field(
        description="A treaty, or a joint statement that interprets one (not itself a treaty)."
    )
    alliance_id: Id = Field(description="The US alliance the instrument underpins.")
    signed_date: dt.date = Field(description="Date signed (for a joint statement: the date issued).")
    signed_place: str | None = Field(default=None, description="Where it was signed.")
    in_force_date: dt.date | None = Field(default=None, description="Date it entered into force.")
    status: Literal["in-force", "superseded"] | None = Field(default=None, description="Status today.")
    ended_date: dt.date | None = Field(default=None, description="Date it ceased to be in force.")
    superseded_by: Id | None = Field(default=None, description="The treaty that replaced it.")
    atop_id: int | None = Field(default=None, ge=1, description="ATOP 5.1 atopid (crosswalk only).")
    cow_id: int | None = Field(default=None, ge=1, description="COW Formal Alliances v4.1 id (crosswalk only).")
    cow_v3_id: int | None = Field(default=None, ge=1, description="COW Formal Alliances v3 id (crosswalk only).")
    citation: str | None = Field(default=None, description="Treaty-series citations.")
    note: Note
    parties: tuple[TreatyParty, ...] = Field(min_length=2, description="The parties.")
    sources: tuple[FactSource, ...] = Field(default=(), description="Where each fact comes from.")

    @model_validator(mode="after")
    def _dates(self) -> "Treaty":
        _date_order(
            self.id,
            ("signed_date", self.signed_date, "in_force_date", self.in_force_date),
            ("in_force_date", self.in_force_date, "ended_date", self.ended_date),
            ("signed_date", self.signed_date, "ended_date", self.ended_date),
        )
        for party in self.parties:
            _date_order(self.id, ("signed_date", self.signed_date, "bound_until", party.bound_until))
        return self


class Suspension(Record):
    """One party's suspension of its obligations toward another under a treaty still in force."""

    id: Id
    treaty_id: Id = Field(description="The treaty under which obligations were suspended.")
    actor_id: Id = Field(description="The party that suspended its obligations.")
    partner_id: Id = Field(description="The party toward which they were suspended.")
    date: dt.date = Field(description="Date the suspension took effect.")
    note: Note
    sources: tuple[FactSource, ...] = Field(default=(), description="Where each fact comes from.")


class Alliance(Record):
    """One of the five US treaty alliances in Asia."""

    id: Id
    label: Label
    ally_id: Id = Field(description="The US ally.")
    treaty_ids: tuple[Id, ...] = Field(min_length=1, description="The instruments the alliance rests on.")
    statement: Text = Field(description="What the alliance is, in our own words.")
    note: Note
    evidence: tuple[Evidence, ...] = Field(min_length=1, description="Where the commentary names it.")


class Tie(Record):
    """A security tie among US allies: the spokes linking to each other."""

    id: Id
    label: Label
    kind: Literal["dialogue", "declaration"] = Field(
        description="A standing dialogue among officials or ministers, or a joint declaration."
    )
    date: PartialDate = Field(description="When it began, at the precision the source supports.")
    place: str | None = Field(default=None, description="Where it began.")
    participants: tuple[Id, ...] = Field(min_length=2, description="Participating actors.")
    statement: Text = Field(description="What the tie is, in our own words.")
    note: Note
    sources: tuple[FactSource, ...] = Field(default=(), description="Where each fact comes from.")


class Claim(Record):
    """An analytical record: something the commentary says, in our own words, with its evidence."""

    id: Id
    label: Label
    statement: Text = Field(description="What the commentary says, paraphrased.")
    actors: tuple[Id, ...] = Field(default=(), description="Actors the record involves.")
    evidence: tuple[Evidence, ...] = Field(min_length=1, description="Verbatim spans supporting it.")


class Development(Claim):
    """A regional change the commentary opens with."""


class Driver(Claim):
    """A force changing the alliances."""


class Trend(Claim):
    """A common feature of the alliance analyses."""


class Option(Claim):
    """A way to adapt the alliance system; rank 1 is the most integrated."""

    rank: int = Field(ge=1, description="Position on the spectrum, 1 = most integrated.")
    consequences: str | None = Field(default=None, description="Consequences the authors attach.")


class Assessment(Claim):
    """A conclusion the authors draw."""


class Recommendation(Claim):
    """A consideration the authors recommend keeping in mind."""


class Condition(Claim):
    """A condition under which cooperation from within the alliances makes sense."""
