"""Exports: CSV data package, JSON, SQLite (keys checked) and GraphML (read back)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from math import comb
from pathlib import Path

import pytest

import alliance_data as ad
from alliance_data import export as ex
from alliance_data.cli import main
from alliance_data.dyads import dyad_year_records
from alliance_data.tables import CHILDREN, CLAIMS, COLLECTIONS, primary_key

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def database(dataset: ad.Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ex.export(dataset, "sqlite", tmp_path_factory.mktemp("sqlite") / "alliance-data.sqlite")


@pytest.fixture
def db(database: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.close()


def edge_count(dataset: ad.Dataset) -> int:
    return len(dataset.alliances) + sum(comb(len(t.participants), 2) for t in dataset.ties)


# SQLite ----------------------------------------------------------------------------------------


def test_sqlite_passes_its_foreign_key_check(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sqlite_has_every_record(dataset: ad.Dataset, db: sqlite3.Connection) -> None:
    for name, count in dataset.counts().items():
        assert db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone() == (count,), name
    parties = sum(len(t.parties) for t in dataset.treaties)
    assert db.execute("SELECT COUNT(*) FROM treaty_parties").fetchone() == (parties,)
    assert db.execute("SELECT COUNT(*) FROM dyad_years").fetchone() == (len(dyad_year_records(dataset=dataset)),)
    claim_actors = sum(len(r.actors) for name in CLAIMS for r in dataset.collection(name))
    assert db.execute("SELECT COUNT(*) FROM claim_actors").fetchone() == (claim_actors,)


def test_sqlite_declares_primary_and_foreign_keys(db: sqlite3.Connection) -> None:
    for table in (*COLLECTIONS, *CHILDREN):
        info = db.execute(f'PRAGMA table_info("{table.name}")').fetchall()
        key = [row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        assert key == list(primary_key(table)), table.name
    targets = {(row[2], row[3]) for row in db.execute("PRAGMA foreign_key_list(treaty_parties)")}
    assert targets == {("treaties", "treaty_id"), ("actors", "actor_id")}
    targets = {(row[2], row[3]) for row in db.execute("PRAGMA foreign_key_list(tie_participants)")}
    assert targets == {("ties", "tie_id"), ("actors", "actor_id")}
    indexes = {row[1] for row in db.execute("PRAGMA index_list(treaty_parties)")}
    assert "treaty_parties_actor_id" in indexes
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO alliance_treaties VALUES ('us-japan', 9, 'no-such-treaty')")


def test_sqlite_join_treaties_per_alliance(dataset: ad.Dataset, db: sqlite3.Connection) -> None:
    linked = dict(
        db.execute(
            "SELECT a.id, COUNT(t.id) FROM alliances a JOIN alliance_treaties l ON l.alliance_id = a.id "
            "JOIN treaties t ON t.id = l.treaty_id GROUP BY a.id"
        )
    )
    assert linked == {a.id: len(a.treaty_ids) for a in dataset.alliances}
    assert linked == {"us-japan": 2, "us-south-korea": 1, "us-australia": 1, "us-philippines": 1, "us-thailand": 2}
    rows = db.execute(
        "SELECT ccode1, ccode2 FROM dyad_years d JOIN alliances a ON a.id = d.alliance_id "
        "WHERE year = 2013 AND ccode1 = 2 ORDER BY ccode2"
    ).fetchall()
    assert rows == [(2, 732), (2, 740), (2, 800), (2, 840), (2, 900)]


def test_sqlite_shell_reads_it(database: Path) -> None:
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("no sqlite3 shell")
    out = subprocess.run(
        [shell, str(database), "PRAGMA foreign_key_check;", "SELECT COUNT(*) FROM alliance_treaties;"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "7"


# CSV and JSON ----------------------------------------------------------------------------------


def test_csv_is_the_canonical_tables_and_descriptor(dataset: ad.Dataset, tmp_path: Path) -> None:
    out = ex.export(dataset, "csv", tmp_path / "package")
    names = sorted(p.name for p in out.iterdir())
    resources = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert names == sorted([*(r["path"] for r in resources), "datapackage.json"])
    assert {f"{t.name}.csv" for t in (*COLLECTIONS, *CHILDREN)} <= set(names)
    for name in names:
        assert (out / name).read_bytes() == (REPO / "data" / name).read_bytes()


def test_csv_package_validates(dataset: ad.Dataset, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    out = ex.export(dataset, "csv", tmp_path / "package")
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_csv_replaces_a_previous_export_but_not_other_folders(dataset: ad.Dataset, tmp_path: Path) -> None:
    out = tmp_path / "package"
    ex.export(dataset, "csv", out)
    (out / "stray.txt").write_text("old")
    ex.export(dataset, "csv", out)
    assert not (out / "stray.txt").exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        ex.export(dataset, "csv", other)
    assert (other / "keep.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_json_round_trips(dataset: ad.Dataset, tmp_path: Path) -> None:
    out = ex.export(dataset, "json", tmp_path / "alliance-data.json")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["$schema"].startswith("https://")
    loaded = ad.Dataset.model_validate(document)
    assert loaded.model_dump(exclude={"json_schema"}) == dataset.model_dump(exclude={"json_schema"})


# GraphML ---------------------------------------------------------------------------------------


def test_graphml_structure(dataset: ad.Dataset, tmp_path: Path) -> None:
    out = ex.export(dataset, "graphml", tmp_path / "network.graphml")
    ns = {"g": ex.GRAPHML_NS}
    graph = ET.parse(out).getroot().find("g:graph", ns)
    assert graph is not None
    assert len(graph.findall("g:node", ns)) == len(dataset.actors)
    assert len(graph.findall("g:edge", ns)) == edge_count(dataset)


def test_graphml_reads_with_networkx(dataset: ad.Dataset, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    graph = nx.read_graphml(ex.export(dataset, "graphml", tmp_path / "network.graphml"))
    assert graph.number_of_nodes() == len(dataset.actors)
    assert graph.number_of_edges() == edge_count(dataset) == 24
    assert graph.nodes["japan"]["cow_ccode"] == 740
    assert graph.nodes["japan"]["wikidata"] == "Q17"
    alliances = {d["record_id"]: d for _, _, d in graph.edges(data=True) if d["relation"] == "alliance"}
    assert set(alliances) == {a.id for a in dataset.alliances}
    assert alliances["us-japan"]["date"] == "1952-04-28"
    assert alliances["us-japan"]["treaty_ids"] == "us-japan-1951;us-japan-1960"
    assert "end_date" not in alliances["us-japan"]
    ties = [d for u, v, d in graph.edges(data=True) if d["relation"] == "tie" and {u, v} == {"japan", "australia"}]
    assert {(d["kind"], d["date"]) for d in ties} >= {("declaration", "2007-03-13"), ("dialogue", "2002")}


# Atomic writing and the command ----------------------------------------------------------------


def test_a_failed_export_leaves_the_old_file(
    dataset: ad.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "alliance-data.sqlite"
    out.write_text("old")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ex, "dyad_year_records", boom)
    with pytest.raises(RuntimeError):
        ex.export(dataset, "sqlite", out)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["alliance-data.sqlite"]


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "graphml", str(tmp_path / "n.graphml")]) == 0
    assert main(["export", str(tmp_path / "db.sqlite")]) == 0
    assert main(["export", str(tmp_path / "tables")]) == 0
    assert (tmp_path / "tables" / "datapackage.json").is_file()
    assert sqlite3.connect(tmp_path / "db.sqlite").execute("SELECT COUNT(*) FROM alliances").fetchone() == (5,)
    assert main(["export", str(tmp_path / "x.txt")]) == 2
    assert "--format" in capsys.readouterr().err
