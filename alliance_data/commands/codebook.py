"""``alliance-data codebook [PATH] [--check]``: write (or check) ``docs/codebook.md``."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("codebook", help="regenerate docs/codebook.md from the models, Table Schemas and data")
    p.add_argument("path", nargs="?", default=".", help="the checkout (default: the current directory)")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if the codebook is stale")
    p.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="FILE",
        help="where to write it (default: docs/codebook.md in the checkout; - for standard output)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    import alliance_data as ad

    from ..codebook import codebook, is_stale, write
    from ..layout import CODEBOOK_FILE
    from ..loader import find_root

    root = find_root(args.path)
    dataset = ad.load(root)
    if args.output == "-":
        print(codebook(dataset), end="")
        return 0
    target = Path(args.output) if args.output else root / CODEBOOK_FILE
    if args.check:
        if is_stale(dataset, target):
            print(f"{target}: stale-generated-file: run `alliance-data codebook`")
            return 1
        return 0
    if write(dataset, target):
        print(f"wrote {target}")
    return 0
