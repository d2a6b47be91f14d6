"""Citations: every format names the version and the content hash; CITATION.cff is valid CFF 1.2.0
and agrees with ``alliance-data cite --format cff`` (the one source of truth: the loaded dataset and
the metadata ``generate.PACKAGE_METADATA`` writes into datapackage.json).

The CFF 1.2.0 JSON Schema is vendored in tests/cff/ (CC BY 4.0; see tests/cff/NOTICE).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import alliance_data as ad
from alliance_data.citation import FORMATS, SOURCE_IDS, cff_document, cite, metadata
from alliance_data.cli import main
from alliance_data.generate import PACKAGE_METADATA

REPO = Path(__file__).resolve().parent.parent
CFF_SCHEMA = json.loads((Path(__file__).parent / "cff/schema-1.2.0.json").read_text(encoding="utf-8"))


class _CffLoader(yaml.SafeLoader):
    """YAML as CFF validators read it: dates stay strings, as the CFF schema asks of tools."""


_CffLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_cff(text: str) -> dict[str, Any]:
    return yaml.load(text, Loader=_CffLoader)  # type: ignore[no-any-return]


def cff_errors(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(CFF_SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    return load_cff((REPO / "CITATION.cff").read_text(encoding="utf-8"))


# -- every format ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_carries_the_version_and_the_content_hash(dataset: ad.Dataset, fmt: str) -> None:
    text = cite(fmt, dataset)
    assert dataset.version in text
    assert f"sha256:{dataset.content_hash}" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_command_prints_the_same(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "--format", fmt]) == 0
    assert capsys.readouterr().out == cite(fmt)


def test_apa_is_the_default(capsys: pytest.CaptureFixture[str], dataset: ad.Dataset) -> None:
    assert main(["cite"]) == 0
    assert capsys.readouterr().out == cite() == cite("apa", dataset)
    assert cite() == (
        f"alliance-data contributors. (2026). {PACKAGE_METADATA['title']} "
        f"(Version {dataset.version}, content hash sha256:{dataset.content_hash}) [Data set]. "
        f"{PACKAGE_METADATA['homepage']}\n"
    )


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown citation format 'mla'"):
        cite("mla")
    with pytest.raises(SystemExit):
        main(["cite", "--format", "mla"])


def test_bibtex_entry(dataset: ad.Dataset) -> None:
    text = cite("bibtex", dataset)
    assert text.startswith(f"@misc{{alliance-data-{dataset.version},\n")
    assert text.count("{") == text.count("}")
    fields = dict(re.findall(r"^  (\w+)\s+= (.*),$", text, flags=re.MULTILINE))
    assert fields["author"] == "{{alliance-data contributors}}"
    assert fields["year"] == "{2026}" and fields["month"] == "nov"
    assert fields["version"] == f"{{{dataset.version}}}"
    assert fields["note"] == f"{{Version {dataset.version}, content hash sha256:{dataset.content_hash}}}"
    assert fields["url"] == f"{{{PACKAGE_METADATA['homepage']}}}"


def test_csl_json_item(dataset: ad.Dataset) -> None:
    (item,) = json.loads(cite("csl-json", dataset))
    assert item["type"] == "dataset"
    assert item["version"] == dataset.version
    assert item["issued"] == {"date-parts": [[2026, 11, 27]]}
    assert item["author"] == [{"literal": "alliance-data contributors"}]
    assert item["title"] == PACKAGE_METADATA["title"]
    assert f"sha256:{dataset.content_hash}" in item["note"]


def test_the_citation_follows_the_loaded_dataset(checkout: Path) -> None:
    """An older (or newer) tree is cited with its own version and hash, not the installed one."""
    descriptor_path = checkout / "data/datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["version"] = "0.9.1"
    descriptor["contentHash"] = "sha256:" + "0" * 64
    descriptor["created"] = "2025-01-31T00:00:00Z"
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    text = cite("apa", ad.load(checkout))
    assert "(2025)" in text and "Version 0.9.1" in text and "sha256:" + "0" * 64 in text
    document = load_cff(cite("cff", ad.load(checkout)))
    assert (document["version"], document["date-released"]) == ("0.9.1", "2025-01-31")


# -- CFF ---------------------------------------------------------------------------------------


def test_generated_cff_is_valid(dataset: ad.Dataset) -> None:
    document = load_cff(cite("cff", dataset))
    assert cff_errors(document) == []
    assert document["identifiers"] == [
        {
            "type": "other",
            "value": f"sha256:{dataset.content_hash}",
            "description": f"Content hash of version {dataset.version} (see the README)",
        }
    ]


def test_citation_cff_is_valid_cff_1_2_0(committed: dict[str, Any]) -> None:
    assert committed["cff-version"] == "1.2.0"
    assert cff_errors(committed) == []


def test_the_schema_really_checks() -> None:
    """Guard against a schema that accepts anything."""
    assert cff_errors({"cff-version": "1.2.0", "title": "x"})  # no message, no authors
    wrong_type = {"cff-version": "1.2.0", "message": "m", "title": "x", "authors": [{"name": "a"}], "type": "data"}
    assert cff_errors(wrong_type)


def test_citation_cff_says_what_the_issue_asks(committed: dict[str, Any], dataset: ad.Dataset) -> None:
    assert committed["type"] == "dataset"
    assert committed["title"] == PACKAGE_METADATA["title"]
    assert committed["version"] == ad.__version__
    assert committed["date-released"] == "2026-11-27"
    assert committed["authors"] == [{"name": "alliance-data contributors"}]
    assert committed["license"] == "CC-BY-4.0"
    assert committed["repository-code"] == PACKAGE_METADATA["homepage"]
    assert committed["keywords"] == PACKAGE_METADATA["keywords"]
    assert committed["abstract"] == PACKAGE_METADATA["description"]
    commentary, report = committed["references"]
    people = [{"family-names": "Baker", "given-names": "Carl"}, {"family-names": "Glosserman", "given-names": "Brad"}]
    assert commentary == {
        "type": "article",
        "title": "US Alliances in Asia: Doing More with Less",
        "authors": people,
        "journal": "PacNet",
        "publisher": {"name": "Pacific Forum CSIS"},
    }  # no date: it is unknown
    assert report["type"] == "report"
    assert report["title"] == "Doing More and Expecting Less: The Future of US Alliances in the Asia Pacific"
    assert report["authors"] == people
    assert (report["collection-title"], report["volume"], report["issue"]) == ("Issues & Insights", 13, "1")
    assert (report["year"], report["month"]) == (2013, 1)
    assert report["url"] == dataset["issues-insights-13-1"].url


def test_citation_cff_agrees_with_cite(committed: dict[str, Any], dataset: ad.Dataset) -> None:
    """CITATION.cff is ``alliance-data cite --format cff`` with or without the content-hash identifier.

    To refresh it: ``alliance-data cite --format cff > CITATION.cff`` (then drop ``identifiers``
    unless the data will not change before the release).
    """
    generated = load_cff(cite("cff", dataset))
    identifiers = generated.pop("identifiers")
    if "identifiers" in committed:
        assert committed["identifiers"] == identifiers, "CITATION.cff names another content hash"
    assert {k: v for k, v in committed.items() if k != "identifiers"} == generated


def test_the_datapackage_sources_are_the_cff_references(dataset: ad.Dataset) -> None:
    descriptor = json.loads((REPO / "data/datapackage.json").read_text(encoding="utf-8"))
    assert len(descriptor["sources"]) == len(SOURCE_IDS) == len(cff_document(metadata(dataset))["references"])
    for entry, source_id in zip(descriptor["sources"], SOURCE_IDS, strict=True):
        source = dataset[source_id]
        assert source.title in entry["title"]
        assert entry.get("path") == source.url


def test_metadata_comes_from_the_descriptor(dataset: ad.Dataset) -> None:
    meta = metadata(dataset)
    assert meta["date"] == PACKAGE_METADATA["created"][:10]
    assert meta["license"] == "CC-BY-4.0"
    assert meta["authors"] == ["alliance-data contributors"]
    assert [s.id for s in meta["sources"]] == list(SOURCE_IDS)


@pytest.mark.parametrize(
    "imports",
    [
        "import alliance_data as ad",
        "import alliance_data.citation; import alliance_data as ad",
        "from alliance_data import cite; import alliance_data as ad",
    ],
)
def test_alliance_data_cite_is_the_function(imports: str, tmp_path: Path) -> None:
    """``alliance_data.cite(format, dataset)`` works whichever import came first."""
    import subprocess
    import sys

    code = f"{imports}; print(ad.cite('bibtex', ad.load()) == ad.cite(format='bibtex'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert out.stdout.strip() == "True", out.stderr
