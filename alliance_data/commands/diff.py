"""``alliance-data diff OLD NEW [--format text|json|markdown] [--exit-code]``: what changed between two versions."""

from __future__ import annotations

import argparse
from typing import Any

FORMATS = ("text", "json", "markdown")  # as alliance_data.diff.FORMATS, kept here so --help stays cheap


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "diff",
        help="records added, removed and changed between two checkouts or data folders",
        description=(
            "Compare two versions of the data (checkouts or data folders), record by record and field by "
            "field, nested evidence and sources included. Exit 0 whether or not they differ, unless --exit-code."
        ),
    )
    p.add_argument("old", help="the older checkout or data folder")
    p.add_argument("new", help="the newer checkout or data folder")
    p.add_argument(
        "--format", "-f", choices=FORMATS, default="text",
        help="text (default), json, or markdown (Keep a Changelog sections for a CHANGELOG entry)",
    )
    p.add_argument("--exit-code", action="store_true", help="exit 1 when the two differ (as git diff --exit-code)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..diff import diff, render
    from ..errors import DataError
    from ..loader import find_root

    for path in (args.old, args.new):
        try:
            find_root(path)
        except DataError as exc:
            print(f"alliance-data diff: {exc.problems[0].message}", file=sys.stderr)
            return 2
    result = diff(args.old, args.new)
    sys.stdout.write(render(result, args.format))
    return 1 if args.exit_code and not result.identical else 0
