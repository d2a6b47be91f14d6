"""``.zenodo.json``, the metadata a tagged release's DOI is minted with, agrees with CITATION.cff and the package."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
import yaml

import alliance_data as ad

from .conftest import REPO

# What Zenodo's deposit metadata accepts at the top level (the ones this file may use).
ZENODO_KEYS = {
    "title",
    "version",
    "upload_type",
    "description",
    "creators",
    "license",
    "access_right",
    "language",
    "keywords",
    "notes",
    "related_identifiers",
    "references",
    "publication_date",
    "contributors",
    "subjects",
}
RELATIONS = {"references", "isDerivedFrom", "isSupplementTo", "isSupplementedBy", "cites", "isDocumentedBy"}


@pytest.fixture(scope="module")
def zenodo() -> dict[str, Any]:
    return json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def cff() -> dict[str, Any]:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_only_known_zenodo_fields(zenodo: dict[str, Any]) -> None:
    assert set(zenodo) <= ZENODO_KEYS, set(zenodo) - ZENODO_KEYS
    assert zenodo["upload_type"] == "dataset"
    assert zenodo["access_right"] == "open"
    for related in zenodo["related_identifiers"]:
        assert related["relation"] in RELATIONS
        assert related["identifier"].startswith("https://")


def test_title_version_licence_and_keywords_agree_with_citation_cff(
    zenodo: dict[str, Any], cff: dict[str, Any]
) -> None:
    assert zenodo["title"] == cff["title"]
    assert zenodo["version"] == str(cff["version"]) == ad.__version__
    assert zenodo["license"] == str(cff["license"]).lower()
    assert zenodo["keywords"] == cff["keywords"]
    assert [c["name"] for c in zenodo["creators"]] == [a.get("name") for a in cff["authors"]]


def test_the_description_opens_with_the_abstract(zenodo: dict[str, Any], cff: dict[str, Any]) -> None:
    first = re.match(r"<p>(.*?)</p>", zenodo["description"], re.S)
    assert first and unescape(first.group(1)) == cff["abstract"]


def test_it_references_the_commentary_and_the_report(zenodo: dict[str, Any], cff: dict[str, Any]) -> None:
    titles = [r["title"] for r in cff["references"]]
    for reference, title in zip(zenodo["references"], titles, strict=True):
        assert title in reference
    urls = {r["url"] for r in cff["references"] if r.get("url")}
    assert urls <= {r["identifier"] for r in zenodo["related_identifiers"]}
