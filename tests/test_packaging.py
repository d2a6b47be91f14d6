"""Packaging (slow integration test): the sdist and the wheel carry data/, schema/ and seeds/, and the
installed wheel loads, validates, summarises, cites and diffs its bundled release offline, from a
directory outside the checkout.

The wheel is built from the sdist (``python -m build``), so a file missing from the sdist fails too.
It is installed into a fresh virtual environment (no pip in it: the runner's pip installs with
``--python``); its dependencies (pydantic, and frictionless for ``validate``) are the runner's own,
made visible through a ``.pth`` file, so nothing is downloaded. Building uses ``--no-isolation``
when hatchling is importable (it is in the ``test`` extra); otherwise ``build`` fetches it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from importlib.util import find_spec
from pathlib import Path

import pytest

import alliance_data as ad

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
BUNDLED = ("data", "schema", "seeds")


def bundled_files() -> list[str]:
    """Every file of data/, schema/ and seeds/ in the checkout, relative to it."""
    return sorted(
        p.relative_to(REPO).as_posix()
        for folder in BUNDLED
        for p in (REPO / folder).rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )


def run(*args: str | Path, cwd: Path, timeout: float = 120, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    command = " ".join(map(str, args))
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sdist, wheel) built from a snapshot of the checkout (other work in the tree cannot disturb it)."""
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".*.tmp", "dist", "build", "*.egg-info", ".venv"),
    )
    args = [sys.executable, "-m", "build", "--outdir", str(tmp / "dist"), str(source)]
    if find_spec("hatchling") is not None:
        args.append("--no-isolation")
    run(*args, cwd=tmp, timeout=300)
    (sdist,) = (tmp / "dist").glob("*.tar.gz")
    (wheel,) = (tmp / "dist").glob("*.whl")
    return sdist, wheel


def test_the_sdist_carries_the_data(dists: tuple[Path, Path]) -> None:
    sdist, _ = dists
    with tarfile.open(sdist) as archive:
        top = f"alliance_data-{ad.__version__}/"
        names = {n.removeprefix(top) for n in archive.getnames()}
    expected = [*bundled_files(), "CITATION.cff", "pyproject.toml", "alliance_data/__init__.py"]
    missing = [f for f in expected if f not in names]
    assert not missing, f"missing from {sdist.name}: {missing}"
    assert {"data/released-ids.txt", "data/redirects.csv", "data/datapackage.json"} <= names


def test_the_wheel_carries_the_data(dists: tuple[Path, Path]) -> None:
    _, wheel = dists
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"alliance_data-{ad.__version__}.dist-info/METADATA").decode()
    missing = [f for f in bundled_files() if f"alliance_data/_bundle/{f}" not in names]
    assert not missing, f"missing from {wheel.name}: {missing}"
    assert f"\nVersion: {ad.__version__}\n" in metadata


@pytest.fixture(scope="module")
def installed(dists: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with the wheel installed, and the environment to run it offline."""
    _, wheel = dists
    tmp = tmp_path_factory.mktemp("installed")
    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    unset = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSAFEPATH")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["PIP_NO_INDEX"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp, env=env)
    # The dependencies: the runner's site-packages, appended after the venv's own (which wins).
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp).strip())
    runner = [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and Path(p).is_dir()]
    (site / "_runner_dependencies.pth").write_text("".join(f"{p}\n" for p in runner), encoding="utf-8")
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return elsewhere, env


def test_the_installed_wheel_loads_its_bundle(installed: tuple[Path, dict[str, str]], dataset: ad.Dataset) -> None:
    cwd, env = installed
    code = """
import json, sys
import alliance_data as ad
from alliance_data.generate import content_hash
from alliance_data.ids import check_released
from alliance_data.loader import bundled_root
ds = ad.load()
print(json.dumps({
    "file": ad.__file__, "root": str(bundled_root()), "version": ds.version, "package": ad.__version__,
    "hash": ds.content_hash, "recomputed": content_hash(ds.root, ds),
    "released": [str(p) for p in check_released(ds.root, ds)],
    "counts": ds.counts(),
}))
"""
    out = json.loads(run("python", "-c", code, cwd=cwd, env=env))
    prefix = str(cwd.parent / "venv")
    assert out["file"].startswith(prefix), f"imported from {out['file']}, not the installed wheel"
    assert out["root"].startswith(prefix) and out["root"].endswith("_bundle")
    assert out["version"] == out["package"] == ad.__version__
    assert out["hash"] == out["recomputed"] == dataset.content_hash
    assert out["released"] == []
    assert out["counts"] == dataset.counts()


def test_the_installed_commands_work_offline(installed: tuple[Path, dict[str, str]], dataset: ad.Dataset) -> None:
    cwd, env = installed
    summary = run("alliance-data", "summary", cwd=cwd, env=env)
    assert summary.startswith(f"alliance-data {ad.__version__}\n")
    for fmt in ("apa", "bibtex", "cff", "csl-json"):
        text = run("alliance-data", "cite", "--format", fmt, cwd=cwd, env=env)
        assert ad.__version__ in text and f"sha256:{dataset.content_hash}" in text
    where = "from alliance_data.loader import bundled_root; print(bundled_root())"
    bundle = run("python", "-c", where, cwd=cwd, env=env)
    assert run("alliance-data", "diff", bundle.strip(), bundle.strip(), "--exit-code", cwd=cwd, env=env).endswith(
        "no differences\n"
    )
    commands = run("alliance-data", "--help", cwd=cwd, env=env)
    if "validate" in commands.split() and find_spec("frictionless") is not None:
        run("alliance-data", "validate", bundle.strip(), cwd=cwd, env=env, timeout=120)
