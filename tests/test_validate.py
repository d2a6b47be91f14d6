"""``alliance-data validate`` and :mod:`alliance_data.validate`: the clean dataset, the output
formats, and the safety promises (no writes, no network, no reads outside PATH).

The bad contributions themselves are in ``test_validate_corpus.py``.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

pytest.importorskip("frictionless")  # imported once here, so each validation's worker inherits it

import alliance_data.validate as v
from alliance_data.cli import main
from alliance_data.commands.locate import find, near
from alliance_data.commands.validate import byte_size
from alliance_data.errors import Problem
from alliance_data.validate import Report, format_problem, merge, path_problem, validate

REPO = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alliance_data", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        timeout=120,
    )


def set_resource(root: Path, name: str, key: str, value: Any) -> int:
    path = root / "data/datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    index = next(i for i, r in enumerate(descriptor["resources"]) if r["name"] == name)
    descriptor["resources"][index][key] = value
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return index


# ---------------------------------------------------------------------------------------------
# The clean dataset


def test_the_clean_dataset_is_valid_on_the_command_line() -> None:
    run = run_cli("validate", ".", cwd=REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().startswith("valid: 16 tables, ")
    assert run.stderr == ""


def test_a_clean_copy_is_valid(checkout: Path) -> None:
    report = validate(checkout)
    assert report.ok, "\n".join(map(str, report.problems))
    assert report.tables == 16 and report.records > 200
    assert report.summary() == f"valid: 16 tables, {report.records} records"


def test_the_data_folder_itself_can_be_given(checkout: Path) -> None:
    assert validate(checkout / "data").to_dict() == validate(checkout).to_dict()


def test_json_output_is_the_library_report(checkout: Path) -> None:
    (checkout / "data/trends.csv").write_bytes((checkout / "data/trends.csv").read_bytes().replace(b",", b";", 3))
    run = run_cli("validate", str(checkout), "--format", "json")
    assert run.returncode == 1
    assert json.loads(run.stdout) == validate(checkout).to_dict()
    clean = run_cli("validate", str(REPO), "--format", "json")
    assert json.loads(clean.stdout) == validate(REPO).to_dict()
    assert json.loads(clean.stdout)["valid"] is True


def test_text_output_is_one_line_per_problem_then_a_summary(checkout: Path) -> None:
    (checkout / "data/actors.csv").write_bytes((checkout / "data/actors.csv").read_bytes().replace(b",740,", b",x,"))
    run = run_cli("validate", str(checkout))
    lines = run.stdout.splitlines()
    report = validate(checkout)
    assert lines == [*map(str, report.problems), report.summary()]
    assert "data/actors.csv:3:cow_ccode: type-error: " in run.stdout
    assert report.summary() == f"{len(report.problems)} problems in {len(report.files)} files"


def test_github_annotations(checkout: Path) -> None:
    (checkout / "data/actors.csv").write_bytes((checkout / "data/actors.csv").read_bytes().replace(b",740,", b",x,"))
    run = run_cli("validate", str(checkout), "--format", "github")
    assert run.returncode == 1
    *lines, summary = run.stdout.splitlines()
    assert all(line.startswith("::error file=") for line in lines)
    assert summary == validate(checkout).summary()
    relative = os.path.normpath(os.path.join(str(checkout), "data/actors.csv"))
    assert any(line.startswith(f"::error file={relative},line=3,title=type-error::cow_ccode: ") for line in lines)


def test_annotations_escape_what_github_would_misread() -> None:
    problem = Problem("data/a,b.csv", 2, "label", "x:y", "50% done\nnext line")
    assert (
        format_problem(problem, "github")
        == "::error file=data/a%2Cb.csv,line=2,title=x%3Ay::label: 50%25 done%0Anext line"
    )
    assert format_problem(
        Problem("data/alliance-data.json", None, "/treaties/0", "json-schema-error", "bad"), "github"
    ) == ("::error file=data/alliance-data.json,title=json-schema-error::/treaties/0: bad")


def test_report_helpers() -> None:
    one = Report((Problem("data/a.csv", 2, "id", "duplicate-id", "twice"),))
    assert not one.ok and one.files == ("data/a.csv",) and one.codes() == ("duplicate-id",)
    assert one.summary() == "1 problem in 1 file"
    assert one.to_dict() == {
        "valid": False,
        "summary": "1 problem in 1 file",
        "tables": 0,
        "records": 0,
        "problems": [{"file": "data/a.csv", "row": 2, "column": "id", "code": "duplicate-id", "message": "twice"}],
    }
    assert Report((), 16, 300).summary() == "valid: 16 tables, 300 records"


# ---------------------------------------------------------------------------------------------
# Usage errors and missing extras


def test_a_path_that_is_not_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    run = run_cli("validate", str(tmp_path / "nowhere"))
    assert run.returncode == 2 and "not a folder" in run.stderr and "Traceback" not in run.stderr


def test_a_folder_without_data_is_invalid(tmp_path: Path) -> None:
    report = validate(tmp_path)
    assert report.codes() == ("missing-data",)
    assert run_cli("validate", str(tmp_path)).returncode == 1


def test_bad_max_bytes_is_a_usage_error() -> None:
    run = run_cli("validate", ".", "--max-bytes", "lots", cwd=REPO)
    assert run.returncode == 2 and "not a size" in run.stderr


@pytest.mark.parametrize(
    ("text", "size"), [("1000", 1000), ("500K", 500 * 1024), ("50M", 50 * 1024**2), ("1GiB", 1024**3)]
)
def test_byte_sizes(text: str, size: int) -> None:
    assert byte_size(text) == size


def test_max_bytes_refuses_large_files_unread(checkout: Path) -> None:
    report = validate(checkout, max_bytes=20_000)
    too_large = {p.file for p in report.problems if p.code == "file-too-large"}
    assert too_large == {
        p.relative_to(checkout).as_posix() for p in checkout.rglob("*") if p.is_file() and p.stat().st_size > 20_000
    }
    assert run_cli("validate", str(checkout), "--max-bytes", "20000").returncode == 1


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "frictionless" else real(name, *a)
    )
    with pytest.raises(v.MissingExtraError, match=r"alliance-data\[validate\]"):
        validate(REPO)
    assert main(["validate", str(REPO)]) == 2
    assert "pip install 'alliance-data[validate]'" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Safety: no network, no reads outside PATH, no writes


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # pragma: no cover - the point is that it is never called
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"id,label,statement,actors\n")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Recorder.requests = []
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_remote_paths_are_reported_never_fetched(checkout: Path, server: str) -> None:
    path = checkout / "data/datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    trends, actors, ties = (names.index(n) for n in ("trends", "actors", "ties"))
    descriptor["profile"] = f"{server}/profile.json"
    descriptor["resources"][trends]["path"] = f"{server}/trends.csv"
    descriptor["resources"][actors]["schema"] = f"{server}/schema.json"
    descriptor["resources"][ties]["dialect"] = f"{server}/dialect.json"
    path.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    run = run_cli("validate", str(checkout))  # a real process: the worker is forked as in use
    report = validate(checkout)
    assert _Recorder.requests == []
    assert run.returncode == 1 and "Traceback" not in run.stderr
    remote = {(p.column, p.code) for p in report.problems if p.file == "data/datapackage.json"}
    assert {
        ("/profile", "remote-resource"),
        (f"/resources/{trends}/path", "remote-resource"),
        (f"/resources/{actors}/schema", "remote-resource"),
        (f"/resources/{ties}/dialect", "remote-resource"),
    } <= remote


def test_nothing_outside_the_folder_is_opened(checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Links and paths leading out are refused before anything opens them (frictionless included)."""
    outside = checkout.parent / "outside"
    outside.mkdir()
    for name in ("trends.csv", "text.txt", "schema.json"):
        (outside / name).write_text("secret", encoding="utf-8")
    (checkout / "data/drivers.csv").unlink()
    (checkout / "data/drivers.csv").symlink_to(outside / "trends.csv")
    text = checkout / "seeds" / next(p.name for p in (checkout / "seeds").iterdir())
    text.unlink()
    text.symlink_to(outside / "text.txt")
    set_resource(checkout, "trends", "path", "../../outside/trends.csv")
    set_resource(checkout, "actors", "schema", str(outside / "schema.json"))
    opened: list[str] = []
    watching = True

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if watching and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.append(os.path.realpath(os.fsdecode(args[0])))

    sys.addaudithook(hook)  # stays for the session: it only records while ``watching``
    monkeypatch.setattr(v, "_can_fork", lambda: False)  # frictionless in this process, where the hook sees it
    try:
        report = validate(checkout)
    finally:
        watching = False
    assert any(p.startswith(os.path.realpath(checkout)) for p in opened)  # the hook does see the reads
    assert not [p for p in opened if p.startswith(os.path.realpath(outside))]
    unsafe = {(p.file, p.column) for p in report.problems if p.code == "unsafe-path"}
    assert ("data/drivers.csv", None) in unsafe
    assert ("data/sources.csv", "path") in unsafe
    assert any(column and column.endswith("/path") for file, column in unsafe if file == "data/datapackage.json")
    assert any(column and column.endswith("/schema") for file, column in unsafe if file == "data/datapackage.json")


def test_the_worker_refuses_writes_and_network() -> None:
    hook = v._refuse_writes_and_network
    hook("open", ("data/trends.csv", "r", os.O_RDONLY))  # reading is fine
    for event, args in [
        ("open", ("data/trends.csv", "w", os.O_WRONLY)),
        ("open", ("x", None, os.O_RDWR | os.O_CREAT)),
        ("socket.connect", (None, ("127.0.0.1", 80))),
        ("socket.getaddrinfo", ("example.org", 80, 0, 0, 0)),
        ("os.remove", ("data/trends.csv", -1)),
    ]:
        with pytest.raises(PermissionError):
            hook(event, args)


def test_forked_and_inline_frictionless_agree(checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (checkout / "data/actors.csv").write_bytes((checkout / "data/actors.csv").read_bytes().replace(b",740,", b",x,"))
    forked = validate(checkout)
    monkeypatch.setattr(v, "_can_fork", lambda: False)
    assert validate(checkout) == forked
    assert "type-error" in forked.codes()


def test_a_fifo_is_refused_without_blocking(checkout: Path) -> None:
    (checkout / "data/trends.csv").unlink()
    os.mkfifo(checkout / "data/trends.csv")
    report = validate(checkout)
    assert ("data/trends.csv", "unsafe-path") in {(p.file, p.code) for p in report.problems}


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("trends.csv", None),
        ("sub/trends.csv", None),
        ("https://example.org/x.csv", "remote-resource"),
        ("s3://bucket/x.csv", "remote-resource"),
        ("file:///etc/passwd", "unsafe-path"),
        ("/etc/passwd", "unsafe-path"),
        ("C:\\data\\x.csv", "unsafe-path"),
        ("../x.csv", "unsafe-path"),
        ("a/../../x.csv", "unsafe-path"),
        ("~/x.csv", "unsafe-path"),
        ("$HOME/x.csv", "unsafe-path"),
        ("", "unsafe-path"),
    ],
)
def test_path_problem(path: str, code: str | None) -> None:
    problem = path_problem(path)
    assert (problem[0] if problem else None) == code


# ---------------------------------------------------------------------------------------------
# Merging the layers


def test_merge_prefers_earlier_layers_and_keeps_distinct_codes() -> None:
    f = Problem("data/t.csv", 3, "label", "constraint-error", "too long")
    mine = Problem("data/t.csv", 3, "label", "unknown-reference", "no such")
    injection = Problem("data/t.csv", 3, "label", "formula-injection", "starts with =")
    model = Problem("data/t.csv", 3, "label", "string-too-long", "too long")
    other = Problem("data/t.csv", 4, "label", "string-too-long", "too long")
    assert merge([f], [mine, injection], [model, other]) == [f, injection, other]


def test_merge_drops_structural_model_problems_covered_by_frictionless() -> None:
    shape = Problem("data/t.csv", 5, None, "row-shape", "9 cells; expected 8")
    extra = Problem("data/t.csv", 5, None, "extra-cell", "extra value")
    header = Problem("data/t.csv", 1, None, "header-mismatch", "header differs")
    label = Problem("data/t.csv", 1, "kind", "duplicate-label", "duplicated")
    unreadable = Problem("data/u.csv", None, None, "encoding-error", "not UTF-8")
    bad_byte = Problem("data/u.csv", 7, None, "encoding-error", "byte 0xe9")
    unknown = Problem("data/evidence.csv", 9, "record_id", "unknown-record", "no trends record")
    kept = merge([extra, label], [bad_byte], [shape, header, unreadable, unknown])
    assert kept == [label, extra, bad_byte]


def test_merge_sorts_by_file_then_row() -> None:
    a = Problem("data/b.csv", 10, "x", "c", "m")
    b = Problem("data/b.csv", 2, "x", "c", "m")
    c = Problem("data/a.csv", None, None, "c", "m")
    assert merge([a, b, c]) == [c, b, a]


# ---------------------------------------------------------------------------------------------
# Generated files


def test_the_json_form_passes_the_json_schema() -> None:
    """What lets validation skip the schema pass when the JSON form is exactly what generation gives."""
    import jsonschema

    schema = json.loads((REPO / "schema/alliance-data.schema.json").read_text(encoding="utf-8"))
    document = json.loads((REPO / "data/alliance-data.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []


def test_a_stale_codebook_is_located_at_its_first_differing_line(checkout: Path) -> None:
    from alliance_data.generate import expected_files, generate

    generated = {relative for relative in expected_files(checkout) if not relative.startswith(("data/", "schema/"))}
    if not generated:
        pytest.skip("generation writes nothing outside data/ and schema/")
    generate(checkout)
    relative = sorted(generated)[0]
    path = checkout / relative
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = "changed by hand\n"
    path.write_text("".join(lines), encoding="utf-8")
    report = validate(checkout)
    assert [(p.code, p.file, p.row) for p in report.problems] == [("stale-generated-file", relative, 3)]
    shutil.rmtree(path.parent)  # a data-only copy has no such folder: nothing to check
    assert validate(checkout).ok


# ---------------------------------------------------------------------------------------------
# alliance-data locate


def test_locate_prints_offsets_that_evidence_can_use() -> None:
    evidence = (REPO / "data/evidence.csv").read_text(encoding="utf-8").splitlines()[1]
    import csv

    row = next(csv.DictReader([(REPO / "data/evidence.csv").read_text(encoding="utf-8").splitlines()[0], evidence]))
    run = run_cli("locate", row["source_id"], row["quote"], cwd=REPO)
    assert run.returncode == 0
    assert f"{row['start']},{row['end']}" in run.stdout.splitlines()
    piped = run_cli("locate", row["source_id"], "-", cwd=REPO, stdin=row["quote"] + "\n")
    assert piped.stdout == run.stdout


def test_locate_suggests_a_near_match_or_fails_plainly() -> None:
    run = run_cli("locate", "pacnet-doing-more-with-less", "THE  RISE of chinese influence", cwd=REPO)
    assert run.returncode == 1 and "ignoring case and spacing" in run.stderr
    assert run_cli("locate", "no-such-source", "x", cwd=REPO).returncode == 2


def test_find_and_near() -> None:
    assert find("abcabc", "bc") == [(1, 3), (4, 6)]
    assert find("abc", "") == []
    assert near("One  two\nthree", "one two three") == (0, 14)
    assert near("abc", "zzz") is None


def test_expected_documents_are_what_generation_writes(checkout: Path) -> None:
    """Validation compares generated JSON as data; it must be the very data ``generate`` encodes."""
    import alliance_data as ad
    from alliance_data.generate import expected_documents, expected_files

    dataset = ad.load(checkout)
    documents = expected_documents(checkout, dataset)
    files = expected_files(checkout)
    assert set(documents) == set(files)
    for relative, text in files.items():
        assert documents[relative] == (json.loads(text) if relative.endswith(".json") else text), relative
