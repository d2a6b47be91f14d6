"""``alliance-data locate SOURCE_ID QUOTE``: the offsets of a quote in a source's bundled text.

Prints ``start,end`` for each place the quote occurs (``quote == text[start:end]``), ready for
the ``start`` and ``end`` columns of ``data/evidence.csv``. Give ``-`` as QUOTE to read it from
standard input (handy for quotes with shell characters). Exit 0 when found, 1 when not (with a
near match, ignoring case and spacing, when there is one), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "locate",
        help="print start,end of a quote in a source's bundled text (for data/evidence.csv)",
        description="Print start,end of each occurrence of QUOTE in the bundled text of SOURCE_ID.",
    )
    p.add_argument("source_id", metavar="SOURCE_ID", help="the id of a source with a bundled text (data/sources.csv)")
    p.add_argument("quote", metavar="QUOTE", help="the exact words to find, or - to read them from standard input")
    p.add_argument("--path", default=".", help="a checkout or data folder (default: the current directory)")
    p.set_defaults(run=run)


def find(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) with ``text[start:end] == quote``, overlapping ones included.

    >>> find("a rose is a rose", "a rose")
    [(0, 6), (10, 16)]
    """
    spans, start = [], text.find(quote)
    while quote and start >= 0:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def near(text: str, quote: str) -> tuple[int, int] | None:
    """The first span of ``text`` equal to ``quote`` ignoring case and runs of whitespace.

    >>> near("Hello,\\n  World", "hello, world")
    (0, 14)
    """
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..validate import MAX_BYTES, Files, Unreadable, _find_root

    quote = sys.stdin.read().rstrip("\n") if args.quote == "-" else args.quote
    root = _find_root(Path(args.path)) if Path(args.path).is_dir() else None
    if root is None:
        print(f"alliance-data locate: {args.path} is not a checkout or data folder", file=sys.stderr)
        return 2
    files = Files(root, MAX_BYTES)
    try:
        sources = list(csv.DictReader(io.StringIO(files.text("data/sources.csv"), newline="")))
        source = next((row for row in sources if row.get("id") == args.source_id), None)
        if source is None:
            print(f"alliance-data locate: no source {args.source_id!r} in data/sources.csv", file=sys.stderr)
            return 2
        if not source.get("path"):
            print(f"alliance-data locate: source {args.source_id!r} has no bundled text", file=sys.stderr)
            return 2
        text = files.text(source["path"])
    except Unreadable as exc:
        print(f"alliance-data locate: {exc.message}", file=sys.stderr)
        return 2
    spans = find(text, quote)
    for start, end in spans:
        print(f"{start},{end}")
    if spans:
        if len(spans) > 1:
            print(f"the quote occurs {len(spans)} times; use the occurrence you mean", file=sys.stderr)
        return 0
    hint = near(text, quote)
    message = f"not found in {source['path']}"
    if hint:
        start, end = hint
        message += f"; ignoring case and spacing it matches at {start},{end}: {text[start:end]!r}"
    print(message, file=sys.stderr)
    return 1
