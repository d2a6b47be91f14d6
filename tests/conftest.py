"""Shared fixtures: the bundled dataset, and a scratch copy of the checkout to damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import alliance_data as ad

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def dataset() -> ad.Dataset:
    """The release as a user gets it."""
    return ad.load()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the dataset's folders (data/, schema/, seeds/) that a test may change."""
    root = tmp_path / "checkout"
    for folder in ("data", "schema", "seeds"):
        shutil.copytree(REPO / folder, root / folder)
    return root
