"""``alliance-data diff OLD NEW``: records added, removed and changed, field by field."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

import alliance_data as ad
from alliance_data.cli import main
from alliance_data.diff import Change, Changed, diff, render


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def old(checkout: Path, tmp_path: Path) -> Path:
    """An untouched copy of the checkout, to compare the changed one with."""
    shutil.copytree(checkout, tmp_path / "old")
    return tmp_path / "old"


@pytest.fixture
def edited(checkout: Path, old: Path) -> dict[str, object]:
    """A copy with one label changed, one record removed and one added (still valid data)."""
    header, trends = read(checkout / "data/trends.csv")
    changed, removed = trends[0], trends[-1]
    old_label = changed["label"]
    changed["label"] = "A label changed by the test"
    trends.remove(removed)
    added = {**trends[1], "id": "trend-added-by-test", "label": "A trend added by the test"}
    trends.append(added)
    write(checkout / "data/trends.csv", header, trends)

    eheader, evidence = read(checkout / "data/evidence.csv")
    evidence = [e for e in evidence if not (e["collection"] == "trends" and e["record_id"] == removed["id"])]
    model = next(e for e in evidence if e["collection"] == "trends" and e["record_id"] == trends[1]["id"])
    evidence.append({**model, "record_id": "trend-added-by-test", "position": "1"})
    write(checkout / "data/evidence.csv", eheader, evidence)
    ad.load(checkout)  # still valid
    return {
        "old": old,
        "new": checkout,
        "changed": changed["id"],
        "old_label": old_label,
        "removed": removed["id"],
        "removed_label": removed["label"],
    }


def test_identical_trees_have_no_differences(old: Path, checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = diff(old, checkout)
    assert d.identical and d.collections == () and d.columns == {} and d.bump is None
    assert d.counts() == {"added": 0, "removed": 0, "changed": 0}
    assert main(["diff", str(old), str(checkout), "--exit-code"]) == 0
    assert capsys.readouterr().out.endswith("\nno differences\n")
    assert main(["diff", str(old), str(checkout / "data"), "--format", "markdown"]) == 0
    assert capsys.readouterr().out == "No changes to the data.\n"
    assert main(["diff", str(old), str(checkout), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["identical"] is True and out["collections"] == {} and out["bump"] is None


def test_a_label_changed_a_record_removed_a_record_added(edited: dict[str, object]) -> None:
    d = diff(edited["old"], edited["new"])  # type: ignore[arg-type]
    assert [c.name for c in d.collections] == ["trends"]
    (trends,) = d.collections
    assert trends.added == ("trend-added-by-test",)
    assert trends.removed == (edited["removed"],)
    assert trends.changed == (
        Changed(str(edited["changed"]), (Change("label", edited["old_label"], "A label changed by the test"),)),
    )
    assert d.columns == {}
    assert d.bump == "major"  # a released id disappeared
    assert d.to_dict()["collections"] == {
        "trends": {
            "added": ["trend-added-by-test"],
            "removed": [edited["removed"]],
            "changed": [
                {
                    "id": edited["changed"],
                    "changes": [{"field": "label", "old": edited["old_label"], "new": "A label changed by the test"}],
                }
            ],
        }
    }


def test_markdown_is_a_changelog_entry(edited: dict[str, object]) -> None:
    text = render(diff(edited["old"], edited["new"]), "markdown")  # type: ignore[arg-type]
    assert text == (
        "<!-- alliance-data diff: 3 record(s) differ (1 added, 1 removed, 1 changed); "
        "suggested version bump: major -->\n"
        "\n### Added\n\n"
        "- `trends/trend-added-by-test`: A trend added by the test\n"
        "\n### Changed\n\n"
        f"- `trends/{edited['changed']}`: `label` `{json.dumps(edited['old_label'], ensure_ascii=False)}` → "
        '`"A label changed by the test"`\n'
        "\n### Removed\n\n"
        f"- `trends/{edited['removed']}`: {edited['removed_label']}\n"
    )


def test_text_and_json_output(edited: dict[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = str(edited["old"]), str(edited["new"])
    assert main(["diff", old, new]) == 0
    text = capsys.readouterr().out
    assert "trends: 1 added, 1 removed, 1 changed\n" in text
    assert '  + trend-added-by-test  "A trend added by the test"\n' in text
    assert f"  - {edited['removed']}  " in text
    assert f'  ~ {edited["changed"]}\n      label: ' in text
    assert text.endswith("3 record(s) differ (1 added, 1 removed, 1 changed); suggested version bump: major\n")
    assert main(["diff", old, new, "--exit-code", "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["summary"] == {"added": 1, "removed": 1, "changed": 1}
    assert out["old"]["version"] == out["new"]["version"] == ad.__version__
    assert out["old"]["path"] == old and out["new"]["contentHash"].startswith("sha256:")


def test_nested_evidence_and_sources_are_compared(old: Path, checkout: Path) -> None:
    eheader, evidence = read(checkout / "data/evidence.csv")
    first = evidence[0]
    first["quote"], first["end"] = first["quote"][:-1], str(int(first["end"]) - 1)
    write(checkout / "data/evidence.csv", eheader, evidence)

    fheader, facts = read(checkout / "data/fact_sources.csv")
    gone = facts.pop(0)
    facts[0]["confidence"] = "M" if facts[0]["confidence"] == "H" else "H"
    write(checkout / "data/fact_sources.csv", fheader, facts)

    d = diff(old, checkout)
    changes = {(c.name, r.id): r.changes for c in d.collections for r in c.changed}
    old_quote = read(old / "data/evidence.csv")[1][0]
    assert changes[(first["collection"], first["record_id"])] == (
        Change(f"evidence[{first['position']}].end", int(old_quote["end"]), int(first["end"])),
        Change(f"evidence[{first['position']}].quote", old_quote["quote"], first["quote"]),
    )
    gone_key = f"sources[{gone['field']},{gone['source_id']}]"
    item = {k: (v or None) for k, v in gone.items() if k not in ("collection", "record_id")}
    assert Change(gone_key, item, None) in changes[(gone["collection"], gone["record_id"])]
    flipped = facts[0]
    key = f"sources[{flipped['field']},{flipped['source_id']}].confidence"
    assert any(c.field == key for c in changes[(flipped["collection"], flipped["record_id"])])
    assert d.bump == "patch"


def test_treaty_parties_are_compared(old: Path, checkout: Path) -> None:
    header, parties = read(checkout / "data/treaty_parties.csv")
    parties[0]["bound_until"] = "1999-12-31"
    write(checkout / "data/treaty_parties.csv", header, parties)
    (treaties,) = diff(old, checkout).collections
    assert treaties.changed == (
        Changed(
            parties[0]["treaty_id"],
            (Change(f"parties[{parties[0]['actor_id']}].bound_until", None, "1999-12-31"),),
        ),
    )


def test_list_and_number_cells_keep_their_type(old: Path, checkout: Path) -> None:
    header, options = read(checkout / "data/options.csv")
    options[0]["rank"], options[1]["rank"] = options[1]["rank"], options[0]["rank"]
    options[0]["actors"] = "united-states"
    write(checkout / "data/options.csv", header, options)
    changes = {r.id: r.changes for c in diff(old, checkout).collections for r in c.changed}
    assert Change("actors", read(old / "data/options.csv")[1][0]["actors"].split(";"), ["united-states"]) in changes[
        options[0]["id"]
    ]
    assert Change("rank", int(options[1]["rank"]), int(options[0]["rank"])) in changes[options[0]["id"]]


def test_a_column_added_is_a_schema_change_not_a_record_change(old: Path, checkout: Path) -> None:
    header, trends = read(checkout / "data/trends.csv")
    write(checkout / "data/trends.csv", [*header, "extra"], [{**t, "extra": "x"} for t in trends])
    d = diff(old, checkout)
    assert d.columns == {"trends": (("extra",), ())}
    assert d.collections == ()
    assert d.bump == "minor"
    assert "- Column `extra` in `trends`." in render(d, "markdown")
    d = diff(checkout, old)
    assert d.columns == {"trends": ((), ("extra",))} and d.bump == "major"


def test_a_missing_tree_is_a_usage_error(old: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(old), str(tmp_path / "nowhere")]) == 2
    assert "holds no data/ folder" in capsys.readouterr().err
