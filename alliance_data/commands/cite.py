"""``alliance-data cite [PATH] [--format apa|bibtex|cff|csl-json]``: how to cite this version."""

from __future__ import annotations

import argparse
from typing import Any

FORMATS = ("apa", "bibtex", "cff", "csl-json")  # as alliance_data.citation.FORMATS, kept here so --help stays cheap


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "cite",
        help="print a citation of the dataset, with its version and content hash",
        description="Print a citation of the dataset. Every format names the version and the content hash.",
    )
    p.add_argument("path", nargs="?", default=None, help="a checkout or data folder (default: the bundled release)")
    p.add_argument("--format", "-f", choices=FORMATS, default="apa", help="citation format (default: apa)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    import alliance_data as ad
    from alliance_data.citation import cite

    sys.stdout.write(cite(args.format, ad.load(args.path)))
    return 0
