"""A static website for the dataset: the commentary with every evidence span highlighted, and a page per record.

``alliance-data site OUT [--data PATH]`` writes it. The pages are plain HTML and CSS with a little
vanilla JavaScript (``static/``): they work opened from disk (``file://``) and on any static host,
and load nothing from elsewhere. Everything is generated from a loaded :class:`~alliance_data.Dataset`
through the public API, so a fork renders its own data.

Overlapping evidence is shown by cutting the text at every span boundary into segments; each
segment knows the evidence items (and so the records) covering it:

>>> from alliance_data.models import Evidence
>>> a = Span("x", "trends", 1, Evidence(source_id="s", start=0, end=5, quote="Hello"))
>>> b = Span("y", "drivers", 1, Evidence(source_id="s", start=3, end=8, quote="lo, w"))
>>> [(s.start, s.end, [x.key for x in s.spans]) for s in segments("Hello, world", [a, b])]
[(0, 3, ['x-1']), (3, 5, ['x-1', 'y-1']), (5, 8, ['y-1']), (8, 12, [])]
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import posixpath
import re
import shutil
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .models import Evidence, FactSource, Source
from .tables import CLAIMS, COLLECTIONS, NESTED_FIELDS, REFERENCES

#: A file every generated site holds: ``write_site`` only ever replaces a folder that has it (or is empty).
MARKER = ".alliance-data-site"
ASSETS = ("site.css", "site.js")
INDEX = "index.html"
WIKIDATA = "https://www.wikidata.org/wiki/"

# One highlight colour per collection whose records carry evidence: (background, underline).
PALETTE: dict[str, tuple[str, str]] = {
    "alliances": ("#dbeafe", "#2563eb"),
    "developments": ("#fef9c3", "#ca8a04"),
    "drivers": ("#fee2e2", "#dc2626"),
    "trends": ("#dcfce7", "#16a34a"),
    "options": ("#ede9fe", "#7c3aed"),
    "assessments": ("#cffafe", "#0891b2"),
    "recommendations": ("#fce7f3", "#db2777"),
    "conditions": ("#e7e5e4", "#57534e"),
}
DEFAULT_COLOUR = ("#f1f5f9", "#475569")
FACT_COLLECTIONS = tuple(c.name for c in COLLECTIONS if c.name not in CLAIMS)

# Columns shown on a collection's index page, besides the record's title.
SUMMARY_FIELDS: dict[str, tuple[str, ...]] = {
    "sources": ("kind", "publisher", "issued"),
    "actors": ("kind", "iso3", "cow_ccode", "wikidata"),
    "treaties": ("signed_date", "in_force_date", "status", "alliance_id"),
    "suspensions": ("treaty_id", "actor_id", "partner_id", "date"),
    "alliances": ("ally_id", "treaty_ids"),
    "ties": ("date", "place", "participants"),
    "options": ("rank", "statement"),
}
DEFAULT_SUMMARY = ("statement",)
_CURRENT = ' aria-current="page"'
CRUMB = "&rsaquo;"
TREATY_DATES = ("signed_date", "in_force_date", "status", "ended_date")

# Markdown marks in the bundled text, dimmed so the prose reads well (the characters stay: offsets index them).
_MARKUP = re.compile(r"\*+|^#+ |\[(?=[^\]\n]*\]\()|\]\([^)\s]*\)|<(?=https?://)|(?<=[\w/])>", re.MULTILINE)


class SiteError(Exception):
    """The site cannot be written where asked (the folder is not one ``write_site`` made)."""


@dataclass(frozen=True)
class Span:
    """One evidence item: position ``position`` (from 1) of record ``record_id``'s evidence."""

    record_id: str
    collection: str
    position: int
    evidence: Evidence

    @property
    def key(self) -> str:
        return f"{self.record_id}-{self.position}"

    @property
    def anchor(self) -> str:
        """The element id of the span in the annotated text: ``span-<record>-<n>``."""
        return f"span-{self.key}"


@dataclass(frozen=True)
class Segment:
    """A stretch ``text[start:end]`` covered by the same evidence items throughout."""

    start: int
    end: int
    spans: tuple[Span, ...]

    @property
    def record_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(span.record_id for span in self.spans))


def evidence_spans(dataset: Dataset, source_id: str | None = None) -> list[Span]:
    """Every evidence item of every record, in collection order (only those on ``source_id`` if given)."""
    spans = []
    for collection in COLLECTIONS:
        for record in dataset.collection(collection.name):
            for position, evidence in enumerate(getattr(record, "evidence", ()), start=1):
                if source_id is None or evidence.source_id == source_id:
                    spans.append(Span(record.id, collection.name, position, evidence))
    return spans


def segments(text: str, spans: Sequence[Span], start: int = 0, end: int | None = None) -> list[Segment]:
    """Cut ``text[start:end]`` at every span boundary; each segment lists the spans covering it."""
    end = len(text) if end is None else end
    cuts = {start, end}
    for span in spans:
        cuts.update(min(max(b, start), end) for b in (span.evidence.start, span.evidence.end))
    bounds = sorted(cuts)
    return [
        Segment(a, b, tuple(s for s in spans if s.evidence.start <= a and b <= s.evidence.end))
        for a, b in itertools.pairwise(bounds)
        if a < b
    ]


def record_title(record: Any) -> str:
    """What a record is called on the site: its label, name or title, else its id."""
    for name in ("label", "name", "title"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return str(record.id)


def e(value: object) -> str:
    return escape(str(value), quote=True)


def _value_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "; ".join(_value_text(v) for v in value)
    return str(value)


class _Site:
    """Renders every page of the site for one dataset."""

    def __init__(self, dataset: Dataset) -> None:
        from .citation import cite

        self.ds = dataset
        self.apa = cite("apa", dataset=dataset)
        self.bibtex = cite("bibtex", dataset=dataset)
        self.collection_of = {record.id: c.name for c in COLLECTIONS for record in dataset.collection(c.name)}
        texts = [s for s in dataset.sources if s.path is not None]
        texts.sort(key=lambda s: s.kind != "commentary")  # the commentary, if any, is the home page
        self.texts: dict[str, str] = {s.id: INDEX if i == 0 else self.record_page(s.id) for i, s in enumerate(texts)}

    # ---- addresses -----------------------------------------------------------------------
    def record_page(self, record_id: str) -> str:
        return f"{self.collection_of[record_id]}/{record_id}.html"

    @staticmethod
    def collection_page(name: str) -> str:
        return f"{name}/index.html"

    def span_href(self, here: str, span: Span) -> str | None:
        page = self.texts.get(span.evidence.source_id)
        return None if page is None else f"{_href(here, page)}#{span.anchor}"

    def link(self, here: str, record_id: str) -> str:
        """A link to a record's page, named by its title (an unknown id is shown as code)."""
        if record_id not in self.collection_of:
            return f"<code>{e(record_id)}</code>"
        return f'<a href="{_href(here, self.record_page(record_id))}">{e(record_title(self.ds[record_id]))}</a>'

    # ---- indexes ---------------------------------------------------------------------------
    @cached_property
    def spans_by_source(self) -> dict[str, list[Span]]:
        grouped: dict[str, list[Span]] = defaultdict(list)
        for span in evidence_spans(self.ds):
            grouped[span.evidence.source_id].append(span)
        return grouped

    @cached_property
    def referenced_by(self) -> dict[str, list[tuple[str, str]]]:
        """For each record id, the (record id, field) pairs naming it."""
        refs: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for c in COLLECTIONS:
            for record in self.ds.collection(c.name):
                for field in type(record).model_fields:
                    if field in REFERENCES:
                        value = getattr(record, field)
                        for target in value if isinstance(value, tuple) else (value,):
                            if target is not None and (record.id, field) not in refs[target]:
                                refs[target].append((record.id, field))
                for party in getattr(record, "parties", ()):
                    refs[party.actor_id].append((record.id, "parties"))
                for fact in getattr(record, "sources", ()):
                    if (record.id, "sources") not in refs[fact.source_id]:
                        refs[fact.source_id].append((record.id, "sources"))
        return refs

    # ---- the whole site ------------------------------------------------------------------------
    def files(self) -> dict[str, str]:
        files = {INDEX: self.index_page()}
        for c in COLLECTIONS:
            files[self.collection_page(c.name)] = self.collection_index(c.name)
            for record in self.ds.collection(c.name):
                if self.record_page(record.id) in files:
                    raise SiteError(f"{c.name} record {record.id!r} would overwrite {self.record_page(record.id)}")
                files[self.record_page(record.id)] = self.record_page_html(c.name, record)
        for name in ASSETS:
            files[f"assets/{name}"] = _asset(name)
        files["assets/site.css"] += _palette_css()
        return files

    # ---- page frame ----------------------------------------------------------------------------
    def page(self, here: str, title: str, body: str, current: str | None = None) -> str:
        up = _href(here, "")
        groups = []
        for heading, names in (("Facts", FACT_COLLECTIONS), ("Analysis", CLAIMS)):
            items = "".join(
                f'<li><a href="{_href(here, self.collection_page(n))}"{_CURRENT if n == current else ""}>'
                f"{e(n)}</a></li>"
                for n in names
            )
            groups.append(f'<div class="nav-group"><span class="nav-heading">{heading}</span><ul>{items}</ul></div>')
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · alliance-data {e(self.ds.version)}</title>
<link rel="stylesheet" href="{up}assets/site.css">
<script src="{up}assets/site.js" defer></script>
</head>
<body>
<header class="site-header">
<a class="brand" href="{_href(here, INDEX)}">alliance-data</a>
<a class="nav-text" href="{_href(here, INDEX)}"{_CURRENT if here == INDEX else ""}>The commentary</a>
<nav aria-label="Collections">{"".join(groups)}</nav>
</header>
<main>
{body}
</main>
{self.footer()}
</body>
</html>
"""

    def footer(self) -> str:
        digest = self.ds.content_hash
        hash_html = f"<code>sha256:{e(digest)}</code>" if digest else "<em>not recorded</em>"
        return f"""<footer class="site-footer">
<p class="release">Dataset <strong>{e(self.ds.name)}</strong>
version <strong class="version">{e(self.ds.version)}</strong>
· content hash <span class="content-hash">{hash_html}</span></p>
<div class="cite"><p><strong>How to cite.</strong> {e(self.apa)}</p>
<details><summary>BibTeX</summary><pre>{e(self.bibtex)}</pre></details></div>
<p class="licence">Records: CC BY 4.0. The commentary's text is quoted from its publisher and keeps its terms.
Generated by <code>alliance-data site</code> from the dataset's CSV tables.</p>
</footer>"""

    # ---- the annotated text ----------------------------------------------------------------------
    def index_page(self) -> str:
        source_id = next((s for s, page in self.texts.items() if page == INDEX), None)
        if source_id is None:
            body = "<h1>alliance-data</h1><p>This dataset bundles no source text to annotate.</p>"
            body += self.contents(INDEX)
            return self.page(INDEX, "alliance-data", body)
        source = self.ds[source_id]
        body = self.viewer(INDEX, source, heading="h1")
        return self.page(INDEX, source.title, body)

    def contents(self, here: str) -> str:
        rows = "".join(
            f'<li><a href="{_href(here, self.collection_page(c.name))}">{e(c.name)}</a> '
            f"({len(self.ds.collection(c.name))}): {e(c.description)}</li>"
            for c in COLLECTIONS
        )
        return f'<ul class="contents">{rows}</ul>'

    def viewer(self, here: str, source: Source, heading: str = "h2") -> str:
        """The source's bundled text, its evidence highlighted, and the panel that shows the records."""
        text = self.ds.text(source.id)
        spans = self.spans_by_source.get(source.id, [])
        keys = [s.anchor for s in spans]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise SiteError(f"evidence anchors clash: {', '.join(duplicates)}")
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        markup = [m.span() for m in _MARKUP.finditer(text)]
        pieces: list[str] = []
        started: set[str] = set()
        covered = 0
        for seg in segments(text, spans, lead, trail):
            for span in seg.spans:
                if span.key not in started:
                    started.add(span.key)
                    pieces.append(f'<span class="anchor" id="{span.anchor}"></span>')
            inner = _text_html(text, seg.start, seg.end, markup)
            where = f'data-start="{seg.start}" data-end="{seg.end}"'
            if not seg.spans:
                pieces.append(f'<span class="seg none" {where}>{inner}</span>')
                continue
            covered += seg.end - seg.start
            records = seg.record_ids
            kind = "multi" if len(records) > 1 else f"c-{seg.spans[0].collection}"
            label = ", ".join(record_title(self.ds[r]) for r in records)
            pieces.append(
                f'<mark class="seg {kind}" {where} tabindex="0" data-records="{e(" ".join(records))}" '
                f'data-ev="{e(" ".join(s.key for s in seg.spans))}" title="{e(label)}">{inner}</mark>'
            )
        record_ids = list(dict.fromkeys(s.record_id for s in spans))
        total = trail - lead
        share = f"{100 * covered / total:.0f}%" if total else "0%"
        byline = ", ".join(source.authors)
        meta = " · ".join(e(x) for x in (byline, source.publisher, source.series) if x)
        cards = "".join(self.card(here, r, spans) for r in record_ids)
        return f"""<div class="viewer">
<article class="text-column">
<{heading} class="page-title">{e(source.title)}</{heading}>
<p class="meta">{meta} · <a href="{_href(here, self.record_page(source.id))}">about this source</a></p>
<p class="coverage">{len(record_ids)} records cite this text; {share} of it is evidence for at least one record.
Shown verbatim, as the evidence offsets index it (Markdown marks dimmed).</p>
<div class="source-text" id="source-text" data-source="{e(source.id)}">{"".join(pieces)}</div>
</article>
<aside class="panel" id="panel" aria-live="polite">
{self.legend(here, spans)}
<p class="panel-hint" id="panel-hint">Select a highlighted passage to see the records it supports.</p>
<h2 class="panel-title" id="panel-title" hidden></h2>
<div class="cards">{cards}</div>
</aside>
</div>"""

    def legend(self, here: str, spans: Iterable[Span]) -> str:
        present = list(dict.fromkeys(s.collection for s in spans))
        items = "".join(
            f'<li><span class="swatch c-{e(n)}"></span><a href="{_href(here, self.collection_page(n))}">{e(n)}</a></li>'
            for n in present
        )
        return f"""<section class="legend" aria-label="Legend">
<h2>Legend</h2>
<ul>{items}
<li><span class="swatch multi"></span>used by several records</li>
<li><span class="swatch none">abc</span>not used by any record</li>
</ul>
</section>"""

    def card(self, here: str, record_id: str, spans: Sequence[Span]) -> str:
        record = self.ds[record_id]
        collection = self.collection_of[record_id]
        own = [s for s in spans if s.record_id == record_id]
        links = " ".join(
            f'<a class="span-link" href="#{s.anchor}" data-ev="{e(s.key)}">passage {s.position}</a>' for s in own
        )
        actors = ", ".join(self.link(here, a) for a in getattr(record, "actors", ()))
        ally = getattr(record, "ally_id", None)
        if ally:
            actors = self.link(here, ally)
        statement = getattr(record, "statement", None)
        return f"""<article class="card c-{e(collection)}" data-record="{e(record_id)}" hidden>
<p class="badge c-{e(collection)}">{e(_singular(collection))}</p>
<h3>{self.link(here, record_id)}</h3>
{f'<p class="statement">{e(statement)}</p>' if statement else ""}
{f'<p class="actors"><span class="k">Actors</span> {actors}</p>' if actors else ""}
<p class="spans"><span class="k">Evidence</span> {links}</p>
</article>"""

    # ---- collections ---------------------------------------------------------------------------
    def collection_index(self, name: str) -> str:
        here = self.collection_page(name)
        description = next(c.description for c in COLLECTIONS if c.name == name)
        fields = SUMMARY_FIELDS.get(name, DEFAULT_SUMMARY)
        head = "".join(f"<th>{e(f.replace('_', ' '))}</th>" for f in fields)
        rows = []
        for record in self.ds.collection(name):
            cells = "".join(f"<td>{self.value(here, record, f)}</td>" for f in fields)
            title = f"{self.link(here, record.id)}<br><code class='id'>{e(record.id)}</code>"
            rows.append(f"<tr><td>{title}</td>{cells}</tr>")
        body = f"""<nav class="crumbs"><a href="{_href(here, INDEX)}">alliance-data</a> {CRUMB} {e(name)}</nav>
<h1 class="page-title">{e(name.capitalize())}</h1>
<p class="lead">{e(description)} {len(rows)} records; table <code>data/{e(name)}.csv</code>.</p>
<table class="records"><thead><tr><th>record</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>"""
        return self.page(here, name.capitalize(), body, current=name)

    # ---- one record ------------------------------------------------------------------------------
    def record_page_html(self, collection: str, record: Any) -> str:
        record_id: str = record.id
        here = self.record_page(record_id)
        parts = [
            f'<nav class="crumbs"><a href="{_href(here, INDEX)}">alliance-data</a> {CRUMB} '
            f'<a href="{_href(here, self.collection_page(collection))}">{e(collection)}</a> {CRUMB} '
            f"<code>{e(record_id)}</code></nav>",
            f'<p class="badge c-{e(collection)}">{e(_singular(collection))}</p>',
            f'<h1 class="page-title">{e(record_title(record))}</h1>',
        ]
        statement = getattr(record, "statement", None)
        if statement:
            parts.append(f'<p class="lead">{e(statement)}</p>')
        note = getattr(record, "note", None)
        if note:
            parts.append(f'<aside class="note"><strong>Note.</strong> {e(note)}</aside>')
        parts.append(self.facts_table(here, record))
        if collection == "alliances":
            parts.append(self.alliance_treaties(here, record))
        if getattr(record, "parties", None):
            parts.append(self.parties_table(here, record))
        if getattr(record, "evidence", None):
            parts.append(self.evidence_list(here, record_id))
        if isinstance(record, Source):
            parts.append(self.source_uses(here, record))
            if self.texts.get(record.id) == here:
                parts.append(self.viewer(here, record))
        parts.append(self.referenced_by_list(here, record_id))
        return self.page(here, record_title(record), "\n".join(p for p in parts if p), current=collection)

    def value(self, here: str, record: Any, field: str) -> str:
        """One field of a record as HTML: references and identifiers become links."""
        value = getattr(record, field, None)
        if value is None or value == ():
            return '<span class="missing">not recorded</span>'
        if field in REFERENCES:
            targets = value if isinstance(value, tuple) else (value,)
            return ", ".join(self.link(here, t) for t in targets)
        if field == "wikidata":
            return f'<a class="external" href="{WIKIDATA}{e(value)}">{e(value)}</a>'
        if field == "url":
            return f'<a class="external" href="{e(value)}">{e(value)}</a>'
        if field == "path" and record.id in self.texts:
            page = self.texts[record.id]
            return f'<code>{e(value)}</code> (<a href="{_href(here, page)}#source-text">annotated text</a>)'
        if field in ("id", "iso3", "cow_abbr", "sha256", "path"):
            return f"<code>{e(value)}</code>"
        return e(_value_text(value))

    def facts_table(self, here: str, record: Any) -> str:
        """Every field with its value and, where the record has them, the sources stating it."""
        sourced: dict[str, list[FactSource]] = defaultdict(list)
        for fact in getattr(record, "sources", ()):
            sourced[fact.field].append(fact)
        fields = [f for f in type(record).model_fields if f not in NESTED_FIELDS and f not in ("statement", "note")]
        fields += [f for f in sourced if f not in fields]
        has_sources = hasattr(record, "sources")
        rows = []
        for field in fields:
            cells = f"<th>{e(field.replace('_', ' '))}</th><td>{self.fact_value(here, record, field)}</td>"
            if has_sources:
                cells += f"<td>{self.fact_sources(here, sourced.get(field, []))}</td>"
            rows.append(f'<tr id="field-{e(field)}">{cells}</tr>')
        head = "<tr><th>field</th><th>value</th><th>source</th></tr>" if has_sources else ""
        return f"""<section><h2>{"Facts and their sources" if has_sources else "Fields"}</h2>
<table class="facts">{f"<thead>{head}</thead>" if head else ""}<tbody>{"".join(rows)}</tbody></table></section>"""

    def fact_value(self, here: str, record: Any, field: str) -> str:
        if field in type(record).model_fields and field not in NESTED_FIELDS:
            return self.value(here, record, field)
        if field == "parties":
            return ", ".join(self.link(here, p.actor_id) for p in record.parties)
        items = [p for p in getattr(record, "parties", ()) if getattr(p, field, None) is not None]
        if items:  # a fact stated per party, e.g. bound_until
            return "<br>".join(f"{self.link(here, p.actor_id)}: {e(_value_text(getattr(p, field)))}" for p in items)
        return '<span class="missing">not recorded</span>'

    def fact_sources(self, here: str, facts: Sequence[FactSource]) -> str:
        if not facts:
            return '<span class="missing">—</span>'
        out = []
        for fact in facts:
            url = getattr(self.ds[fact.source_id], "url", None) if fact.source_id in self.ds else None
            external = f' <a class="out" href="{e(url)}" title="{e(url)}">↗</a>' if url else ""
            note = f'<br><span class="fact-note">{e(fact.note)}</span>' if fact.note else ""
            out.append(
                f'<div class="fact-source">{self.link(here, fact.source_id)}{external} '
                f'<span class="conf conf-{e(fact.confidence)}" title="confidence">{e(fact.confidence)}</span>'
                f"{note}</div>"
            )
        return "".join(out)

    def alliance_treaties(self, here: str, alliance: Any) -> str:
        rows = []
        for treaty_id in alliance.treaty_ids:
            if treaty_id not in self.ds:
                continue
            t = self.ds[treaty_id]
            dates = "".join(f"<td>{self.value(here, t, f)}</td>" for f in TREATY_DATES)
            rows.append(f"<tr><td>{self.link(here, t.id)}</td><td>{e(t.kind)}</td>{dates}</tr>")
        head = "".join(f"<th>{h}</th>" for h in ("instrument", "kind", "signed", "in force", "status", "ended"))
        return f"""<section><h2>Treaties</h2>
<table class="records"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>"""

    def parties_table(self, here: str, treaty: Any) -> str:
        rows = "".join(
            f"<tr><td>{self.link(here, p.actor_id)}</td><td>{self.value(here, p, 'bound_until')}</td>"
            f"<td>{e(p.bound_until_note or '')}</td></tr>"
            for p in treaty.parties
        )
        return f"""<section><h2>Parties</h2>
<table class="records"><thead><tr><th>party</th><th>obligations counted until</th><th>why</th></tr></thead>
<tbody>{rows}</tbody></table></section>"""

    def evidence_list(self, here: str, record_id: str) -> str:
        items = []
        record = self.ds[record_id]
        for position, evidence in enumerate(record.evidence, start=1):
            span = Span(record_id, self.collection_of[record_id], position, evidence)
            href = self.span_href(here, span)
            ev = span.evidence
            where = f"{self.link(here, ev.source_id)}, characters {ev.start}&ndash;{ev.end}"
            show = f' <a class="show-in-text" href="{href}">show in the text</a>' if href else ""
            items.append(
                f'<li id="evidence-{span.position}"><blockquote>{e(ev.quote)}</blockquote>'
                f'<p class="where">Passage {span.position}: {where}.{show}</p></li>'
            )
        return f'<section><h2>Evidence</h2><ol class="evidence">{"".join(items)}</ol></section>'

    def source_uses(self, here: str, source: Source) -> str:
        spans = self.spans_by_source.get(source.id, [])
        if not spans:
            return ""
        records = list(dict.fromkeys(s.record_id for s in spans))
        return (
            f"<section><h2>Evidence drawn from this text</h2><p>{len(spans)} passages support "
            f'{len(records)} records; see them <a href="{_href(here, self.texts[source.id])}#source-text">'
            "highlighted in the text</a>.</p></section>"
            if source.id in self.texts
            else ""
        )

    def referenced_by_list(self, here: str, record_id: str) -> str:
        refs = self.referenced_by.get(record_id, [])
        if not refs:
            return ""
        grouped: dict[str, list[str]] = defaultdict(list)
        for other, field in refs:
            label = "facts" if field == "sources" else field.replace("_", " ")
            grouped[self.collection_of[other]].append(f"{self.link(here, other)} <span class='via'>({e(label)})</span>")
        items = "".join(f"<li><span class='k'>{e(c)}</span> {', '.join(links)}</li>" for c, links in grouped.items())
        return f'<section><h2>Referenced by</h2><ul class="refs">{items}</ul></section>'


def _singular(collection: str) -> str:
    """``treaties`` -> ``treaty``, ``actors`` -> ``actor``: a collection's name for one record."""
    if collection.endswith("ies"):
        return collection[:-3] + "y"
    return collection.removesuffix("s")


def _text_html(text: str, start: int, end: int, markup: Sequence[tuple[int, int]]) -> str:
    """``text[start:end]`` escaped, with the Markdown marks inside it wrapped for dimming."""
    out, at = [], start
    for a, b in markup:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out.append(e(text[at:a]))
        out.append(f'<span class="md">{e(text[a:b])}</span>')
        at = b
    out.append(e(text[at:end]))
    return "".join(out)


def _href(here: str, target: str) -> str:
    """The relative address of ``target`` from page ``here`` (both relative to the site's root)."""
    base = posixpath.dirname(here)
    if target == "":
        return "../" * (here.count("/"))
    return posixpath.relpath(target, base or ".")


def _asset(name: str) -> str:
    return (resources.files("alliance_data") / "static" / name).read_text(encoding="utf-8")


def _palette_css() -> str:
    rules = ["\n/* Generated from alliance_data.site.PALETTE */"]
    for name in [c.name for c in COLLECTIONS]:
        background, line = PALETTE.get(name, DEFAULT_COLOUR)
        rules.append(
            f".seg.c-{name}, .swatch.c-{name} {{ background: {background}; border-bottom-color: {line}; }}\n"
            f".badge.c-{name} {{ background: {background}; color: {line}; border-color: {line}; }}\n"
            f".card.c-{name} {{ border-left-color: {line}; }}"
        )
    return "\n".join(rules) + "\n"


def build(dataset: Dataset) -> dict[str, str]:
    """Every file of the site, relative to its root, with its text."""
    return _Site(dataset).files()


def _replaceable(out: Path) -> bool:
    if not out.exists():
        return True
    return out.is_dir() and not out.is_symlink() and ((out / MARKER).is_file() or not any(out.iterdir()))


def write_site(dataset: Dataset, out: str | Path) -> list[str]:
    """Write the site for ``dataset`` into the folder ``out``; return the files written.

    The site is built in a temporary folder beside ``out`` and renamed into place, so ``out`` is
    never left half-written. An existing ``out`` is replaced only if it is empty or a site this
    function made (it holds :data:`MARKER`): pointing it at another folder raises :class:`SiteError`.
    """
    out = Path(out).absolute()
    if not _replaceable(out):
        raise SiteError(f"{out} exists and is not a site made by `alliance-data site`: refusing to replace it")
    files = build(dataset)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a site is for reading
        for relative, text in files.items():
            _write(staging / relative, text)
        _write(staging / MARKER, "Made by `alliance-data site`; the command may replace this folder.\n")
        if out.exists():
            old = out.parent / f".{out.name}.{uuid.uuid4().hex}.old"
            os.rename(out, old)
            try:
                os.rename(staging, out)
            except BaseException:
                os.rename(old, out)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(files)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
