"""``alliance-data site OUT [--data PATH]``: write the static website (annotated text, a page per record)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "site",
        help="write a static website: the commentary with its evidence highlighted, and a page per record",
    )
    p.add_argument("out", metavar="OUT", help="folder to write (replaced only if it holds a site made by this command)")
    p.add_argument(
        "--data", metavar="PATH", default=None, help="a checkout or data folder (default: the bundled release)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import alliance_data as ad

    from ..site import SiteError, write_site

    dataset = ad.load(args.data)
    try:
        files = write_site(dataset, args.out)
    except SiteError as exc:
        print(f"alliance-data site: {exc}", file=sys.stderr)
        return 2
    pages = sum(f.endswith(".html") for f in files)
    print(f"wrote {pages} pages to {args.out} (alliance-data {dataset.version}); open {args.out}/index.html")
    return 0
