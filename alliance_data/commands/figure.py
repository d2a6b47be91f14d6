"""``alliance-data figure OUT.png``: draw the network of alliances and ties, year by year."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "figure",
        help="draw the network: US-ally treaties and the ties among the allies, year by year (needs matplotlib)",
    )
    p.add_argument("out", metavar="OUT.png", help="the PNG file to write")
    p.add_argument(
        "--data", default=None, metavar="PATH", help="a checkout or data folder (default: the bundled release)"
    )
    p.add_argument(
        "--years",
        default=None,
        metavar="Y1,Y2,...",
        help="snapshot years, one panel each (default: 1955,1978,1987,2002,2007,2017)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import alliance_data as ad

    from ..figure import YEARS, render

    try:
        years = tuple(int(y) for y in args.years.split(",")) if args.years else YEARS
    except ValueError:
        print(f"alliance-data figure: --years takes comma-separated years, not {args.years!r}", file=sys.stderr)
        return 2
    try:
        path = render(ad.load(args.data), args.out, years)
    except ImportError as exc:
        print(f"alliance-data figure: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0
