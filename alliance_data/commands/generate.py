"""``alliance-data generate [PATH] [--check]``: rewrite (or check) every generated file."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("generate", help="regenerate the JSON form, the JSON Schema and datapackage.json")
    p.add_argument("path", nargs="?", default=".", help="the checkout (default: the current directory)")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a generated file is stale")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..generate import generate, stale_files
    from ..loader import find_root

    if args.check:
        stale = stale_files(find_root(args.path))
        for relative in stale:
            print(f"{relative}: stale-generated-file: run `alliance-data generate`")
        return 1 if stale else 0
    for relative in generate(args.path):
        print(f"wrote {relative}")
    return 0
