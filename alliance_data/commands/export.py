"""``alliance-data export [--format FORMAT] OUT``: the dataset as CSV, JSON, SQLite or GraphML."""

from __future__ import annotations

import argparse
import sys
from typing import Any

FORMATS = ("csv", "json", "sqlite", "graphml")  # as alliance_data.export.FORMATS, without importing it


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="export the dataset as a CSV data package, JSON, an SQLite database or a GraphML network",
        description=(
            "Write the dataset to OUT, atomically. csv: a directory with the CSV tables and datapackage.json; "
            "json: the JSON form; sqlite: a database with primary and foreign keys, link tables for list "
            "fields and a dyad_years table; graphml: actors as nodes, alliances and ties as dated edges."
        ),
    )
    p.add_argument("out", metavar="OUT", help="the file (json, sqlite, graphml) or directory (csv) to write")
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="output format (default: from OUT's suffix: .json, .sqlite/.db, .graphml; csv when it has none)",
    )
    p.add_argument(
        "--data", default=None, metavar="PATH", help="a checkout or data folder (default: the bundled release)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import alliance_data as ad

    from ..export import export, guess_format

    fmt = args.format or guess_format(args.out)
    if fmt is None:
        print(f"alliance-data export: cannot tell the format from {args.out!r}; give --format", file=sys.stderr)
        return 2
    try:
        path = export(ad.load(args.data), fmt, args.out)
    except FileExistsError as exc:
        print(f"alliance-data export: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path} ({fmt})")
    return 0
