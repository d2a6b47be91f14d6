"""The static site (``alliance-data site``), read as files: spans, pages, links, footer, atomic writing.

What it does in a browser (clicking, following links back to the text) is tested in
``test_site_browser.py``.
"""

from __future__ import annotations

import csv
import itertools
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import alliance_data as ad
from alliance_data import site
from alliance_data.citation import cite
from alliance_data.cli import main
from alliance_data.tables import COLLECTION_NAMES

from .conftest import REPO

COMMENTARY = "pacnet-doing-more-with-less"


class Page(HTMLParser):
    """What the tests need from a page: element ids, links, asset references and the text's segments."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.segments: list[dict[str, str]] = []  # attributes of each segment, plus its "text"
        self._depth = 0  # element depth inside the current segment
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            assert a["id"] not in self.ids, f"duplicate id {a['id']}"
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("link", "script", "img") and (a.get("href") or a.get("src")):
            self.assets.append(a.get("href") or a["src"])
        if self._depth:
            self._depth += 1
        elif "seg" in a.get("class", "").split():
            self.segments.append({**a, "text": ""})
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.segments[-1]["text"] += data


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site") / "site"
    site.write_site(ad.load(), target)
    return target


@pytest.fixture(scope="module")
def pages(out: Path) -> dict[str, Page]:
    return {p.relative_to(out).as_posix(): Page(p.read_text(encoding="utf-8")) for p in out.rglob("*.html")}


def covering(page: Page, key: str) -> list[dict[str, str]]:
    return [s for s in page.segments if key in s.get("data-ev", "").split()]


# ---- the annotated text ----------------------------------------------------------------------


@pytest.mark.parametrize("span", site.evidence_spans(ad.load(), COMMENTARY), ids=lambda s: s.key)
def test_every_evidence_span_is_highlighted_in_the_text(pages: dict[str, Page], span: site.Span) -> None:
    index = pages["index.html"]
    assert span.anchor in index.ids
    assert "".join(s["text"] for s in covering(index, span.key)) == span.evidence.quote
    for segment in covering(index, span.key):
        assert span.record_id in segment["data-records"].split()


def test_the_text_is_shown_whole_and_verbatim(dataset: ad.Dataset, pages: dict[str, Page]) -> None:
    segments = pages["index.html"].segments
    assert "".join(s["text"] for s in segments) == dataset.text(COMMENTARY).strip()
    ends = [(int(s["data-start"]), int(s["data-end"])) for s in segments]
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ends))


def test_shared_and_unused_text_have_their_own_styles(dataset: ad.Dataset, pages: dict[str, Page]) -> None:
    segments = pages["index.html"].segments
    shared = [s for s in segments if len(s.get("data-records", "").split()) > 1]
    unused = [s for s in segments if "data-records" not in s]
    single = [s for s in segments if len(s.get("data-records", "").split()) == 1]
    assert shared and unused and single
    assert all("multi" in s["class"].split() for s in shared)
    assert all("none" in s["class"].split() for s in unused)
    collection_of = {r.id: name for name in COLLECTION_NAMES for r in dataset.collection(name)}
    for s in single:
        assert f"c-{collection_of[s['data-records']]}" in s["class"].split()


def test_the_legend_explains_every_style(out: Path) -> None:
    index = (out / "index.html").read_text(encoding="utf-8")
    legend = index[index.index('class="legend"') :]
    assert "used by several records" in legend and "not used by any record" in legend
    classes = set(re.findall(r'<mark class="seg (c-[a-z]+)', index))
    for cls in classes:
        assert f'class="swatch {cls}"' in legend


def test_segments_split_overlapping_spans() -> None:
    from alliance_data.models import Evidence

    def span(record: str, start: int, end: int) -> site.Span:
        return site.Span(record, "trends", 1, Evidence(source_id="s", start=start, end=end, quote="x" * (end - start)))

    outer, inner, twin = span("outer", 2, 10), span("inner", 4, 6), span("twin", 4, 6)
    got = [(s.start, s.end, s.record_ids) for s in site.segments("0123456789ab", [outer, inner, twin])]
    assert got == [
        (0, 2, ()),
        (2, 4, ("outer",)),
        (4, 6, ("outer", "inner", "twin")),
        (6, 10, ("outer",)),
        (10, 12, ()),
    ]


def test_every_record_with_evidence_has_a_card_linking_its_spans(dataset: ad.Dataset, out: Path) -> None:
    index = (out / "index.html").read_text(encoding="utf-8")
    for span in site.evidence_spans(dataset, COMMENTARY):
        assert f'data-record="{span.record_id}"' in index
        assert f'href="#{span.anchor}"' in index


# ---- pages per collection and record -----------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTION_NAMES)
def test_every_record_has_a_page(dataset: ad.Dataset, out: Path, pages: dict[str, Page], collection: str) -> None:
    listing = pages[f"{collection}/index.html"]
    for record in dataset.collection(collection):
        page = out / collection / f"{record.id}.html"
        assert page.is_file(), page
        assert f"{record.id}.html" in listing.links
        assert f'<h1 class="page-title">{escape(site.record_title(record))}</h1>' in page.read_text(encoding="utf-8")


def test_record_pages_link_back_to_their_spans(dataset: ad.Dataset, pages: dict[str, Page]) -> None:
    for span in site.evidence_spans(dataset, COMMENTARY):
        page = pages[f"{span.collection}/{span.record_id}.html"]
        assert f"../index.html#{span.anchor}" in page.links


def _row(out: Path, page: str, field: str) -> str:
    markup = (out / page).read_text(encoding="utf-8")
    match = re.search(rf'<tr id="field-{field}">(.*?)</tr>', markup, re.S)
    assert match, f"{page} has no row for {field}"
    return match.group(1)


def test_treaty_facts_name_their_sources(dataset: ad.Dataset, out: Path) -> None:
    for treaty in dataset.treaties:
        for fact in treaty.sources:
            row = _row(out, f"treaties/{treaty.id}.html", fact.field)
            assert f'href="../sources/{fact.source_id}.html"' in row
            url = dataset[fact.source_id].url
            if url:
                assert f'href="{url}"' in row


def test_alliances_list_their_treaties_with_dates(dataset: ad.Dataset, out: Path) -> None:
    for alliance in dataset.alliances:
        markup = (out / "alliances" / f"{alliance.id}.html").read_text(encoding="utf-8")
        for treaty_id in alliance.treaty_ids:
            treaty = dataset[treaty_id]
            assert f'href="../treaties/{treaty_id}.html"' in markup
            assert treaty.signed_date.isoformat() in markup


def test_actors_link_to_wikidata(dataset: ad.Dataset, out: Path) -> None:
    with_items = [a for a in dataset.actors if a.wikidata]
    assert with_items
    for actor in with_items:
        row = _row(out, f"actors/{actor.id}.html", "wikidata")
        assert f'href="https://www.wikidata.org/wiki/{actor.wikidata}"' in row
        assert 'href="../sources/wikidata.html"' in row or not actor.sources


# ---- every page ---------------------------------------------------------------------------------


def test_every_page_names_version_content_hash_and_citation(dataset: ad.Dataset, out: Path) -> None:
    apa = escape(cite("apa", dataset=dataset))
    files = list(out.rglob("*.html"))
    assert len(files) == 1 + len(COLLECTION_NAMES) + sum(dataset.counts().values())
    for page in files:
        footer = page.read_text(encoding="utf-8").split('<footer class="site-footer">')[1]
        assert f'<strong class="version">{dataset.version}</strong>' in footer, page
        assert f"sha256:{dataset.content_hash}" in footer, page
        assert apa in footer, page


def test_links_resolve_to_files_and_anchors(out: Path, pages: dict[str, Page]) -> None:
    checked = 0
    for name, page in pages.items():
        for href in page.links + page.assets:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc, f"{name}: {href}"
            target = (out / name).parent / unquote(parts.path) if parts.path else out / name
            target = target.resolve()
            assert target.is_file(), f"{name}: {href} -> missing {target}"
            assert out.resolve() in target.parents, f"{name}: {href} leaves the site"
            if parts.fragment:
                assert parts.fragment in pages[target.relative_to(out.resolve()).as_posix()].ids, f"{name}: {href}"
            checked += 1
    assert checked > 1000


def test_no_asset_comes_from_elsewhere(pages: dict[str, Page]) -> None:
    for name, page in pages.items():
        assert page.assets, name
        for asset in page.assets:
            assert not urlsplit(asset).scheme and not asset.startswith("//"), f"{name}: {asset}"


# ---- writing ------------------------------------------------------------------------------------


def test_the_command_renders_a_forks_own_data(checkout: Path, tmp_path: Path) -> None:
    path = checkout / "data" / "trends.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("label")] = "A label only this fork has"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    target = tmp_path / "fork-site"
    assert main(["site", str(target), "--data", str(checkout)]) == 0
    assert "A label only this fork has" in (target / "trends" / f"{rows[1][0]}.html").read_text(encoding="utf-8")
    assert "A label only this fork has" in (target / "index.html").read_text(encoding="utf-8")


def test_rewriting_replaces_the_old_site(tmp_path: Path) -> None:
    target = tmp_path / "site"
    site.write_site(ad.load(), target)
    (target / "stale.html").write_text("old", encoding="utf-8")
    site.write_site(ad.load(), target)
    assert not (target / "stale.html").exists()
    assert (target / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging or backup folder left


@pytest.mark.parametrize("stage", ["building", "writing"])
def test_a_failure_leaves_the_old_site_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    target = tmp_path / "site"
    site.write_site(ad.load(), target)
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}

    if stage == "building":

        def fail(*args: object, **kwargs: object) -> str:
            raise RuntimeError("boom")

        monkeypatch.setattr(site._Site, "record_page_html", fail)
    else:
        real, written = site._write, list[Path]()

        def fail_later(path: Path, text: str) -> None:
            if len(written) == 20:
                raise OSError("disk full")
            written.append(path)
            real(path, text)

        monkeypatch.setattr(site, "_write", fail_later)

    with pytest.raises((RuntimeError, OSError)):
        site.write_site(ad.load(), target)
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failure_writes_no_new_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path: Path, text: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(site, "_write", fail)
    with pytest.raises(OSError):
        site.write_site(ad.load(), tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.tex").write_text("keep me", encoding="utf-8")
    with pytest.raises(site.SiteError):
        site.write_site(ad.load(), precious)
    assert main(["site", str(precious)]) == 2
    assert "refusing" in capsys.readouterr().err
    assert [p.name for p in precious.iterdir()] == ["chapter1.tex"]


# ---- what DATASHEET.md says about coverage --------------------------------------------------------

REPORT_INTRODUCTION = (
    "we examine the alliances and the role they have played in shaping US engagement",
    "five contributors, one from each alliance partner, give a perspective",
)


def test_datasheet_gap_the_report_introduction_is_not_evidence(dataset: ad.Dataset) -> None:
    """DATASHEET.md says these sentences carry no evidence: if that changes, change the datasheet too."""
    text = dataset.text(COMMENTARY)
    spans = site.evidence_spans(dataset, COMMENTARY)
    for phrase in REPORT_INTRODUCTION:
        start = text.index(phrase)
        assert not any(s.spans for s in site.segments(text, spans, start, start + len(phrase))), phrase
    assert "report-introduction sentences" in (REPO / "DATASHEET.md").read_text(encoding="utf-8").lower()
