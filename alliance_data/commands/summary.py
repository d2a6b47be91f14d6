"""``alliance-data summary [PATH]``: what the dataset holds, at a glance."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("summary", help="summarise the dataset (the default command)")
    p.add_argument("path", nargs="?", default=None, help="a checkout or data folder (default: the bundled release)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import alliance_data as ad

    ds = ad.load(args.path)
    print(f"alliance-data {ds.version}")
    print(f"source: {ds.sources[0].title} ({', '.join(ds.sources[0].authors)})")
    print()
    print("records per collection:")
    for name, count in ds.counts().items():
        print(f"  {name:<16} {count:>4}")
    print()
    print("the five US alliances:")
    for alliance in ds.alliances:
        print(f"  {alliance.label} ({alliance.id})")
        for treaty_id in alliance.treaty_ids:
            t = ds[treaty_id]
            in_force = t.in_force_date.isoformat() if t.in_force_date else "not a treaty"
            ended = f", ended {t.ended_date.isoformat()}" if t.ended_date else ""
            print(f"    {t.signed_date.year} {t.title}")
            print(f"         signed {t.signed_date.isoformat()}, in force {in_force}{ended}")
    return 0
