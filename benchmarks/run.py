"""Performance benchmarks of alliance-data: each target is a ratio to a baseline measured in the same run.

    python benchmarks/run.py [--quick] [--only cold,validate,scale] [--profile] [--json FILE]

Every figure comes from fresh subprocesses (``subprocess`` + ``os.wait4``, which gives each
child's own CPU time and peak RSS). Subject and baseline runs are interleaved, in alternating
order (subject first, then baseline first), so that drift on a busy machine falls on both; the
ratio of each round is taken, and the median, min and max of those ratios are printed next to
the target, with PASS when the median ratio meets it.

Targets (from the issue "Performance: free to import, fast to validate, linear as the data grows"):

1. cold start: ``python -c "import alliance_data as ad; ad.load()"`` <= 1.10 x
   ``python -c "from pydantic import BaseModel"`` (wall, median); peak RSS <= 1.2 x; and
   frictionless, jsonschema, pandas are not imported. For reference (no target) the run also
   measures the *pydantic floor*: defining and validating one one-field model, which any use of
   pydantic pays.
2. validation: ``alliance-data validate .`` <= 1.00 x ``frictionless validate data/datapackage.json``.
3. scale, on synthetic checkouts (``benchmarks/synth.py``) of 10^3, 10^4, 10^5 claims: loading
   and validation grow linearly (time at 10^5 <= 12 x time at 10^4); at 10^5, validation <= 1.5 x
   frictionless alone and loading (``alliance_data.load(root)``) <= 0.5 x frictionless alone.

Bytecode: pip compiles an installed package's bytecode; a checkout run with
``PYTHONDONTWRITEBYTECODE=1`` would recompile ours at every start. So the subprocesses run with
that variable removed and ``PYTHONPYCACHEPREFIX`` pointing into a scratch folder, after one
warm-up run of every command (the same for subjects and baselines).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
HEAVY = ("frictionless", "jsonschema", "pandas")


# --- running and measuring --------------------------------------------------------------------


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child (and the children it waited for)
    rss: int  # peak resident set size, KiB
    code: int
    out: str
    err: str


def run(argv: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float = 3600) -> Sample:
    """Run ``argv`` once; measure its wall time, CPU time and peak RSS."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.002)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, child.returncode, out.read(), err.read())


def interleaved(
    commands: dict[str, Callable[[], Sample]], rounds: int, *, warmup: bool = True, progress: str = ""
) -> dict[str, list[Sample]]:
    """Run every command once per round, alternating the order between rounds."""
    names = list(commands)
    if warmup:
        for name in names:
            commands[name]()
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    for i in range(rounds):
        for name in names if i % 2 == 0 else names[::-1]:
            samples[name].append(commands[name]())
        if progress and sys.stderr.isatty():
            print(f"\r  {progress}: round {i + 1}/{rounds}", end="", file=sys.stderr, flush=True)
    if progress and sys.stderr.isatty():
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr, flush=True)
    return samples


# --- reporting --------------------------------------------------------------------------------


@dataclass
class Result:
    target: str
    subject: list[float]
    baseline: list[float]
    unit: str
    limit: float | None  # ratio the median must not exceed; None: for information
    note: str = ""
    ratios: list[float] = field(default_factory=list)
    check: bool | None = None  # a yes/no target (no ratio)

    def __post_init__(self) -> None:
        if not self.ratios:
            self.ratios = [s / b for s, b in zip(self.subject, self.baseline, strict=False) if b > 0]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else float("nan")

    @property
    def verdict(self) -> str:
        if self.check is not None:
            return "PASS" if self.check else "FAIL"
        if self.limit is None:
            return "info"
        return "PASS" if self.ratio <= self.limit else "FAIL"

    def to_dict(self) -> dict[str, Any]:
        def stats(values: list[float]) -> dict[str, float]:
            return {"median": statistics.median(values), "min": min(values), "max": max(values)} if values else {}

        return {
            "target": self.target, "unit": self.unit, "limit": self.limit, "verdict": self.verdict, "note": self.note,
            "subject": stats(self.subject), "baseline": stats(self.baseline), "ratio": stats(self.ratios),
            "rounds": len(self.ratios),
        }


def _fmt(values: list[float], unit: str) -> str:
    if not values:
        return "-"
    scale, suffix = {"s": (1.0, "s"), "KiB": (1 / 1024, "MiB"), "x": (1.0, "")}[unit]
    med, lo, hi = (statistics.median(values) * scale, min(values) * scale, max(values) * scale)
    digits = 3 if unit == "s" else 1
    return f"{med:.{digits}f}{suffix} [{lo:.{digits}f}-{hi:.{digits}f}]"


def print_results(results: list[Result]) -> None:
    header = f"{'target':<56} {'subject median [min-max]':>26} {'baseline median [min-max]':>26}"
    header += f" {'ratio median [min-max]':>24} {'target':>8}  result"
    print(header)
    print("-" * len(header))
    for r in results:
        ratio = f"{r.ratio:.2f} [{min(r.ratios):.2f}-{max(r.ratios):.2f}]" if r.ratios else "-"
        limit = f"<= {r.limit:.2f}" if r.limit is not None else ""
        print(f"{r.target:<56} {_fmt(r.subject, r.unit):>26} {_fmt(r.baseline, r.unit):>26} {ratio:>24} {limit:>8}  "
              f"{r.verdict}")
        if r.note:
            print(f"{'':<4}{r.note}")


# --- the environment --------------------------------------------------------------------------


def bench_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def command(name: str) -> list[str]:
    """A console script of this environment (``alliance-data``, ``frictionless``)."""
    script = BIN / name
    if script.exists():
        return [str(script)]
    found = shutil.which(name)
    if found:
        return [found]
    if name == "alliance-data":
        return [sys.executable, "-m", "alliance_data"]
    raise SystemExit(f"{name} not found next to {sys.executable} nor on PATH")


def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    packages = {}
    for name in ("alliance-data", "pydantic", "pydantic-core", "frictionless", "jsonschema", "pandas"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": cpu,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": packages,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


# --- 1. cold start ----------------------------------------------------------------------------

BASELINE = "from pydantic import BaseModel"
FLOOR = "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)"
SUBJECT = "import alliance_data as ad; ad.load()"


def cold_start(rounds: int, env: dict[str, str], scratch: Path) -> list[Result]:
    cwd = scratch  # not the checkout: the package is imported as installed
    py = sys.executable
    commands = {
        "subject": lambda: run([py, "-c", SUBJECT], cwd=cwd, env=env),
        "baseline": lambda: run([py, "-c", BASELINE], cwd=cwd, env=env),
        "floor": lambda: run([py, "-c", FLOOR], cwd=cwd, env=env),
    }
    s = interleaved(commands, rounds, progress="cold start")
    for name, samples in s.items():
        bad = [x for x in samples if x.code != 0]
        if bad:
            raise SystemExit(f"cold start: {name} failed:\n{bad[0].err}")
    wall = {k: [x.wall for x in v] for k, v in s.items()}
    cpu = {k: [x.cpu for x in v] for k, v in s.items()}
    rss = {k: [float(x.rss) for x in v] for k, v in s.items()}
    code = f"import sys, alliance_data as ad; ad.load(); print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    probe = run([py, "-c", code], cwd=cwd, env=env)
    heavy = probe.out.strip()
    return [
        Result("1. cold start: wall vs `from pydantic import BaseModel`", wall["subject"], wall["baseline"], "s", 1.10),
        Result("1. cold start: peak RSS vs the same", rss["subject"], rss["baseline"], "KiB", 1.20),
        Result(
            "1. cold start: frictionless/jsonschema/pandas kept out", [], [], "x", None,
            note=f"of {', '.join(HEAVY)}, load() imported: {heavy}", check=heavy == "[]",
        ),
        Result("   info: CPU time vs `from pydantic import BaseModel`", cpu["subject"], cpu["baseline"], "s", None),
        Result("   info: pydantic floor (one model) wall vs the same", wall["floor"], wall["baseline"], "s", None),
        Result("   info: pydantic floor peak RSS vs the same", rss["floor"], rss["baseline"], "KiB", None),
        Result("   info: cold start wall vs the pydantic floor", wall["subject"], wall["floor"], "s", None),
        Result("   info: cold start CPU vs the pydantic floor", cpu["subject"], cpu["floor"], "s", None),
        Result("   info: cold start peak RSS vs the pydantic floor", rss["subject"], rss["floor"], "KiB", None),
    ]


# --- 2. validation ----------------------------------------------------------------------------


def has_validate(env: dict[str, str]) -> bool:
    return run([*command("alliance-data"), "validate", "--help"], cwd=REPO, env=env).code == 0


def validate_argv(root: Path, big: bool = False) -> list[str]:
    # Synthetic checkouts hold files above the validator's default 50M limit (the JSON form).
    return [*command("alliance-data"), "validate", str(root), *(["--max-bytes", "4G"] if big else [])]


def validation(rounds: int, env: dict[str, str]) -> list[Result]:
    if not has_validate(env):
        return [Result("2. validate: not measured (`alliance-data validate` missing)", [], [], "s", None)]
    commands = {
        "subject": lambda: run([*command("alliance-data"), "validate", "."], cwd=REPO, env=env),
        "baseline": lambda: run([*command("frictionless"), "validate", "data/datapackage.json"], cwd=REPO, env=env),
    }
    s = interleaved(commands, rounds, progress="validate")
    note = _exit_note(s)
    return [
        Result("2. validate . vs frictionless validate (wall)", [x.wall for x in s["subject"]],
               [x.wall for x in s["baseline"]], "s", 1.00, note=note),
        Result("   info: validate . vs frictionless (CPU)", [x.cpu for x in s["subject"]],
               [x.cpu for x in s["baseline"]], "s", None),
        Result("   info: validate . vs frictionless (peak RSS)", [float(x.rss) for x in s["subject"]],
               [float(x.rss) for x in s["baseline"]], "KiB", None),
    ]


def _exit_note(s: dict[str, list[Sample]]) -> str:
    notes = []
    for name, samples in s.items():
        codes = sorted({x.code for x in samples})
        if codes != [0]:
            first = next(x for x in samples if x.code != 0)
            tail = (first.out + first.err).strip().splitlines()[-3:]
            notes.append(f"{name} exited {codes}: {' | '.join(tail)}")
    return "; ".join(notes)


# --- 3. scale ---------------------------------------------------------------------------------

LOAD = """import sys, time
import alliance_data as ad
from alliance_data import dataset, loader  # imports outside the timed part
start, cpu = time.perf_counter(), time.process_time()
ds = ad.load(sys.argv[1])
print(time.perf_counter() - start, time.process_time() - cpu, sum(ds.counts().values()))
"""


def make_synthetic(sizes: Sequence[int], scratch: Path, keep: Path | None, env: dict[str, str]) -> dict[int, Path]:
    roots = {}
    for n in sizes:
        root = (keep or scratch) / f"synth-{n}"
        stamp = root / ".synth-stamp"
        expected = _synth_stamp(n)
        if keep is None or not stamp.is_file() or stamp.read_text() != expected:
            print(f"  writing a synthetic checkout of {n} claims in {root}", file=sys.stderr, flush=True)
            done = run([sys.executable, str(HERE / "synth.py"), str(root), str(n)], cwd=REPO, env=env)
            if done.code != 0:
                raise SystemExit(f"synth.py {n} failed:\n{done.err}")
            stamp.write_text(expected)
        roots[n] = root
    return roots


def _synth_stamp(n: int) -> str:
    """What a kept synthetic checkout was made from (the generator and the package's code)."""
    import hashlib

    digest = hashlib.sha256(str(n).encode())
    for path in sorted([HERE / "synth.py", *(REPO / "alliance_data").glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def scale(sizes: Sequence[int], rounds: int, env: dict[str, str], scratch: Path, keep: Path | None) -> list[Result]:
    roots = make_synthetic(sizes, scratch, keep, env)
    validate_ok = has_validate(env)
    # Warm up once on the smallest checkout (bytecode, page cache); not measured.
    run([*command("frictionless"), "validate", "data/datapackage.json"], cwd=roots[sizes[0]], env=env)
    run([sys.executable, "-c", LOAD, str(roots[sizes[0]])], cwd=scratch, env=env)
    if validate_ok:
        run(validate_argv(roots[sizes[0]], big=True), cwd=scratch, env=env)
    # One interleaved schedule over every size: each round runs every command at every size, in
    # alternating order, so that the 10^4 and 10^5 runs of a round are neighbours in time.
    commands: dict[str, Callable[[], Sample]] = {}
    for n, root in roots.items():
        commands[f"frictionless@{n}"] = lambda root=root: run(  # type: ignore[misc]
            [*command("frictionless"), "validate", "data/datapackage.json"], cwd=root, env=env
        )
        commands[f"load@{n}"] = lambda root=root: run(  # type: ignore[misc]
            [sys.executable, "-c", LOAD, str(root)], cwd=scratch, env=env
        )
        if validate_ok:
            commands[f"validate@{n}"] = lambda root=root: run(  # type: ignore[misc]
                validate_argv(root, big=True), cwd=scratch, env=env
            )
    samples = interleaved(commands, rounds, warmup=False, progress="scale")
    per: dict[int, dict[str, list[Sample]]] = {n: {} for n in sizes}
    for key, values in samples.items():
        name, n = key.split("@")
        per[int(n)][name] = values
    loads: dict[int, list[float]] = {}
    load_cpu: dict[int, list[float]] = {}
    for n in sizes:
        loads[n] = [float(x.out.split()[0]) for x in per[n]["load"] if x.code == 0 and x.out.strip()]
        load_cpu[n] = [float(x.out.split()[1]) for x in per[n]["load"] if x.code == 0 and x.out.strip()]

    results = []
    big, mid = sizes[-1], sizes[-2]
    note = _exit_note(per[big])
    # Linearity: the larger size against the one before, same rounds paired.
    results.append(Result(f"3. load time in-process: {big} vs {mid}", loads[big], loads[mid], "s", 12.0,
                           note=_marginal(loads, sizes)))
    results.append(Result(f"   info: load CPU time in-process: {big} vs {mid}", load_cpu[big], load_cpu[mid], "s",
                          None, note=_marginal(load_cpu, sizes)))
    if validate_ok:
        v = {n: [x.wall for x in per[n]["validate"]] for n in sizes}
        results.append(Result(f"3. validate wall: {big} vs {mid}", v[big], v[mid], "s", 12.0, note=_marginal(v, sizes)))
    f = {n: [x.wall for x in per[n]["frictionless"]] for n in sizes}
    results.append(Result(f"   info: frictionless wall: {big} vs {mid}", f[big], f[mid], "s", None,
                          note=_marginal(f, sizes)))
    if validate_ok:
        results.append(Result(f"3. validate vs frictionless at {big} (wall)", [x.wall for x in per[big]["validate"]],
                              f[big], "s", 1.5, note=note))
    lw = [x.wall for x in per[big]["load"]]
    results.append(Result(f"3. load (whole process) vs frictionless at {big}", lw, f[big], "s", 0.5))
    results.append(Result(f"   info: load in-process vs frictionless at {big}", loads[big], f[big], "s", None))
    for n in sizes:
        rss = {k: [float(x.rss) for x in v] for k, v in per[n].items()}
        if validate_ok:
            results.append(Result(f"   info: peak RSS at {n}: validate vs frictionless", rss["validate"],
                                  rss["frictionless"], "KiB", None))
        results.append(Result(f"   info: peak RSS at {n}: load vs frictionless", rss["load"], rss["frictionless"],
                              "KiB", None))
    return results


def _marginal(times: dict[int, list[float]], sizes: Sequence[int]) -> str:
    """The growth with fixed costs cancelled: (t(c) - t(b)) / (t(b) - t(a)); 10 for linear, 100 for quadratic."""
    if len(sizes) < 3:
        return ""
    a, b, c = (statistics.median(times[n]) for n in sizes[-3:])
    if b - a <= 0:
        return ""
    expected = (sizes[-1] - sizes[-2]) / (sizes[-2] - sizes[-3])
    medians = " / ".join(f"{statistics.median(times[n]):.3f}s" for n in sizes[-3:])
    growth = f"(t{sizes[-1]}-t{sizes[-2]})/(t{sizes[-2]}-t{sizes[-3]})"
    return f"medians {medians}; marginal growth {growth} = {(c - b) / (b - a):.1f} (linear: {expected:.0f})"


# --- profiles (--profile) ---------------------------------------------------------------------

PROFILE_COLD = """import cProfile, pstats, sys
from pydantic import BaseModel
class M(BaseModel):
    x: int
M(x=1)  # the pydantic floor, outside the profile
profile = cProfile.Profile()
profile.enable()
import alliance_data as ad
ad.load()
profile.disable()
pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
"""

PROFILE_GROWTH = """import cProfile, gc, json, pstats, sys, time
import alliance_data as ad
from alliance_data import dataset, loader
collections = []
def timer(phase, info):
    if phase == "start":
        timer.start = time.perf_counter()
    else:
        collections.append(time.perf_counter() - timer.start)
gc.callbacks.append(timer)
target = sys.argv[1]
profile = cProfile.Profile()
profile.enable()
if target == "load":
    ad.load(sys.argv[2])
else:
    from alliance_data.validate import validate
    validate(sys.argv[2], max_bytes=1 << 32)
profile.disable()
stats = pstats.Stats(profile).stats
rows = {f"{f[0].split('site-packages/')[-1]}:{f[1]}({f[2]})": tt for f, (cc, nc, tt, ct, callers) in stats.items()}
print(json.dumps({"functions": rows, "gc": [len(collections), sum(collections)]}))
"""


def profiles(sizes: Sequence[int], env: dict[str, str], scratch: Path, keep: Path | None) -> None:
    print("\n## Profile: cold start after the pydantic floor (cumulative)\n")
    run([sys.executable, "-c", PROFILE_COLD], cwd=scratch, env=env)  # warm-up: bytecode
    print(run([sys.executable, "-c", PROFILE_COLD], cwd=scratch, env=env).out)
    roots = make_synthetic(sizes[-2:], scratch, keep, env)
    targets = ["load"] + (["validate"] if has_validate(env) else [])
    for target in targets:
        data = {}
        for n, root in roots.items():
            out = run([sys.executable, "-c", PROFILE_GROWTH, target, str(root)], cwd=scratch, env=env)
            if out.code != 0:
                print(f"profile of {target} at {n} failed:\n{out.err[-2000:]}")
                break
            data[n] = json.loads(out.out.strip().splitlines()[-1])
        if len(data) < 2:
            continue
        small, big = sorted(data)
        fs, fb = data[small]["functions"], data[big]["functions"]
        total = sum(fb.values())
        print(f"\n## Growth of {target} from {small} to {big} claims (cProfile own time; "
              f"linear growth is x{big // small}); functions with >= 1% of the time at {big}:\n")
        print(f"{'function':<90} {small:>10} {big:>10} {'growth':>8}")
        for name, t in sorted(fb.items(), key=lambda kv: -kv[1]):
            if t < 0.01 * total:
                break
            growth = t / fs[name] if fs.get(name) else float("inf")
            flag = "  <-- superlinear" if growth > 1.2 * big / small else ""
            print(f"{name[-90:]:<90} {fs.get(name, 0):>9.3f}s {t:>9.3f}s {growth:>7.1f}x{flag}")
        for n in (small, big):
            count, seconds = data[n]["gc"]
            print(f"cyclic GC at {n}: {count} collections, {seconds:.3f}s")


# --- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer rounds; scale at 10^2, 10^3, 10^4 instead of up to 10^5")
    p.add_argument("--only", default="cold,validate,scale", help="comma-separated: cold, validate, scale")
    p.add_argument("--rounds", type=int, default=None, help="rounds per benchmark (default: 21/7/5, quick: 7/3/2)")
    p.add_argument("--profile", action="store_true", help="also print the cold-start profile and the growth profiles")
    p.add_argument("--keep", type=Path, default=None, help="keep (and reuse) the synthetic checkouts in this folder")
    p.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    args = p.parse_args(argv)
    only = set(args.only.split(","))
    sizes = (100, 1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    cold_rounds, validate_rounds, scale_rounds = (7, 3, 2) if args.quick else (21, 7, 5)
    if args.rounds:
        cold_rounds = validate_rounds = scale_rounds = args.rounds

    info = machine()
    print("# alliance-data benchmarks\n")
    print(f"machine: {info['nproc']} CPUs ({info['usable_cpus']} usable), {info['cpu']}; {info['platform']}")
    print(f"python {info['python']} ({sys.executable}); " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()))
    print(f"load average at start: {info['load_average']}\n")

    results: list[Result] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="alliance-bench-") as tmp:
        scratch = Path(tmp)
        env = bench_env(scratch)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        if "cold" in only:
            results += cold_start(cold_rounds, env, scratch)
        if "validate" in only:
            results += validation(validate_rounds, env)
        if "scale" in only:
            results += scale(sizes, scale_rounds, env, scratch, args.keep)
        print_results(results)
        if args.profile:
            profiles(sizes, env, scratch, args.keep)
    info["load_average_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    print(f"\nload average at end: {info['load_average_end']}; took {time.perf_counter() - started:.0f}s")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": [r.to_dict() for r in results]}, indent=2) + "\n")
    failed = [r for r in results if r.verdict == "FAIL"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
