"""The network figure: the command writes a PNG; without matplotlib it says which extra to install."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import alliance_data as ad
from alliance_data.cli import main
from alliance_data.figure import snapshot

PNG = b"\x89PNG\r\n\x1a\n"


def test_snapshots_follow_the_data(dataset: ad.Dataset) -> None:
    in_1955 = snapshot(dataset, 1955)
    assert frozenset(("united-states", "thailand")) in in_1955["alliances"]
    assert frozenset(("united-kingdom", "france")) in in_1955["treaties"]
    in_1987 = snapshot(dataset, 1987)
    assert frozenset(("united-states", "new-zealand")) not in in_1987["treaties"] | in_1987["alliances"]
    assert frozenset(("australia", "new-zealand")) in in_1987["treaties"]
    assert len(in_1987["alliances"]) == len(dataset.alliances)
    assert snapshot(dataset, 2007)["ties"][frozenset(("japan", "australia"))] == [2002, 2006, 2007, 2007]


def test_figure_command_writes_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "network.png"
    assert main(["figure", str(out), "--years", "1955,2017"]) == 0
    assert out.read_bytes().startswith(PNG)
    assert b"Software" not in out.read_bytes()[:400]


def test_without_matplotlib_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")] or ["matplotlib"]:
        monkeypatch.setitem(sys.modules, name, None)
    assert main(["figure", str(tmp_path / "network.png")]) == 2
    assert "alliance-data[plot]" in capsys.readouterr().err
    assert not (tmp_path / "network.png").exists()
