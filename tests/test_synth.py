"""The synthetic datasets of the scale benchmarks (``benchmarks/synth.py``) are valid data."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import alliance_data as ad

from .conftest import REPO


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth", REPO / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("synth") / "checkout"
    counts: dict[str, int] = _synth().write(root, 200)
    return root, counts


def test_a_synthetic_dataset_loads(synthetic: tuple[Path, dict[str, int]]) -> None:
    root, counts = synthetic
    ds = ad.load(root)
    assert ds.counts() == {name: counts[name] for name in ds.counts()}
    claims = ("developments", "drivers", "trends", "options", "assessments", "recommendations", "conditions")
    assert sum(counts[name] for name in claims) == 200
    evidence = [e for name in ("alliances", *claims) for record in ds.collection(name) for e in record.evidence]
    assert len(evidence) == counts["evidence"] > 200
    for item in evidence[::7]:
        assert ds.text(item.source_id)[item.start : item.end] == item.quote  # offsets are str indices
    assert any(not item.quote.isascii() for item in evidence)


def test_a_synthetic_dataset_validates_clean(synthetic: tuple[Path, dict[str, int]]) -> None:
    validate = pytest.importorskip("alliance_data.validate")
    pytest.importorskip("frictionless")
    pytest.importorskip("jsonschema")
    root, _ = synthetic
    report = validate.validate(root)
    assert [str(p) for p in report.problems] == []
