"""One version, stated once (``alliance_data.__version__``), and the content hash that pins the bytes.

Every other statement of the version must agree: the installed package metadata, ``version`` in
``data/datapackage.json``, ``version`` in ``CITATION.cff``, the newest released entry of
``CHANGELOG.md``, ``alliance-data --version`` and the loaded dataset.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

import alliance_data as ad
from alliance_data.generate import PACKAGE_METADATA, content_hash
from alliance_data.tables import CHILDREN, COLLECTIONS

REPO = Path(__file__).resolve().parent.parent
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$")
RELEASE_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?", re.MULTILINE)


class _CffLoader(yaml.SafeLoader):
    """YAML as CFF tools read it: dates stay strings (the CFF schema expects strings)."""


_CffLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def citation_cff() -> dict[str, object]:
    return yaml.load((REPO / "CITATION.cff").read_text(encoding="utf-8"), Loader=_CffLoader)  # type: ignore[no-any-return]


def newest_release() -> tuple[str, str | None]:
    """The version and date of the first ``## [x.y.z]`` heading of CHANGELOG.md that is not Unreleased."""
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    for match in RELEASE_HEADING.finditer(text):
        if match["version"].strip().lower() != "unreleased":
            return match["version"].strip(), match["date"]
    raise AssertionError("CHANGELOG.md has no released version (a '## [x.y.z] - YYYY-MM-DD' heading)")


def test_the_version_is_semver() -> None:
    assert SEMVER.match(ad.__version__), ad.__version__


def test_every_statement_of_the_version_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    from alliance_data.cli import main

    with pytest.raises(SystemExit):
        main(["--version"])
    cli = capsys.readouterr().out.split()[-1]
    descriptor = json.loads((REPO / "data/datapackage.json").read_text(encoding="utf-8"))
    stated = {
        "installed package metadata (importlib.metadata; reinstall after a bump)": importlib.metadata.version(
            "alliance-data"
        ),
        "data/datapackage.json version (run `alliance-data generate`)": descriptor["version"],
        "CITATION.cff version": citation_cff()["version"],
        "CHANGELOG.md newest release": newest_release()[0],
        "alliance-data --version": cli,
        "ad.load().version": ad.load().version,
    }
    wrong = {where: version for where, version in stated.items() if version != ad.__version__}
    assert not wrong, f"alliance_data.__version__ is {ad.__version__}, but: {wrong}"


def test_the_release_date_agrees() -> None:
    """``created`` in datapackage.json, ``date-released`` in CITATION.cff and the CHANGELOG entry."""
    created = PACKAGE_METADATA["created"]
    assert re.match(r"^\d{4}-\d{2}-\d{2}T00:00:00Z$", created), "created is a fixed release date, not a timestamp"
    descriptor = json.loads((REPO / "data/datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["created"] == created
    assert citation_cff()["date-released"] == created[:10]
    version, date = newest_release()
    if version == ad.__version__:
        assert date == created[:10], f"CHANGELOG.md dates {version} {date}; datapackage.json says {created[:10]}"


# -- the content hash ------------------------------------------------------------------------------


def readme_content_hash(root: Path) -> str:
    """The content hash exactly as the README defines it, computed without the package's code."""
    tables = [f"data/{t.name}.csv" for t in (*COLLECTIONS, *CHILDREN)]
    with (root / "data/sources.csv").open(encoding="utf-8", newline="") as handle:
        import csv

        texts = sorted({row["path"] for row in csv.DictReader(handle) if row["path"]})
    digest = hashlib.sha256()
    for relative in [*tables, *texts]:
        file_hash = hashlib.sha256((root / relative).read_bytes()).hexdigest()
        digest.update(f"{relative}\0{file_hash}\n".encode())
    return digest.hexdigest()


def test_content_hash_is_a_fresh_recomputation(dataset: ad.Dataset) -> None:
    root = Path(str(dataset.root))
    stale = "datapackage.json is stale: run `alliance-data generate`"
    assert dataset.content_hash == content_hash(root, dataset), stale
    assert dataset.content_hash == readme_content_hash(root), "the README's definition of the content hash changed"


def test_content_hash_covers_the_table_order_and_paths(dataset: ad.Dataset) -> None:
    from alliance_data.generate import content_files

    files = content_files(Path(str(dataset.root)), dataset)
    assert files[: len(COLLECTIONS) + len(CHILDREN)] == [f"data/{t.name}.csv" for t in (*COLLECTIONS, *CHILDREN)]
    assert all(f.startswith("seeds/") for f in files[len(COLLECTIONS) + len(CHILDREN) :])
    assert "data/datapackage.json" not in files and "data/released-ids.txt" not in files


def test_one_byte_of_a_csv_changes_the_hash(checkout: Path) -> None:
    before = content_hash(checkout, ad.load(checkout))
    trends = checkout / "data/trends.csv"
    data = bytearray(trends.read_bytes())
    at = data.index(b"\n") + 1 + data[data.index(b"\n") + 1 :].index(b",") + 1  # the first label
    at += data[at] == ord('"')  # its first letter
    data[at] = ord("X") if data[at] != ord("X") else ord("Y")
    trends.write_bytes(bytes(data))
    after = content_hash(checkout, ad.load(checkout))
    assert after != before
    assert after == readme_content_hash(checkout)


def test_a_bundled_text_is_covered_too(checkout: Path) -> None:
    before = readme_content_hash(checkout)
    seed = next((checkout / "seeds").glob("*.txt"))
    seed.write_bytes(seed.read_bytes() + b" ")
    assert readme_content_hash(checkout) != before


def test_the_hash_does_not_depend_on_where_the_tree_is(checkout: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(checkout, elsewhere)
    assert readme_content_hash(elsewhere) == readme_content_hash(checkout) == readme_content_hash(REPO)
