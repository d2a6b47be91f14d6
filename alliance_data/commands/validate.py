"""``alliance-data validate [PATH]``: every check a contribution must pass, all problems at once.

Prints one line per problem (``FILE:ROW:COLUMN: CODE: message``) and a summary; ``--format
json`` prints :meth:`alliance_data.validate.Report.to_dict`, ``--format github`` prints GitHub
Actions annotations. Exit 0 valid, 1 invalid, 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def byte_size(text: str) -> int:
    """A size such as ``52428800``, ``500K``, ``50M`` or ``1G`` (binary units), in bytes.

    >>> byte_size("50M")
    52428800
    """
    match = re.fullmatch(r"\s*([0-9]+)\s*([KMG]?)(i?B)?\s*", text, re.IGNORECASE)
    if not match or int(match.group(1)) < 1:
        raise argparse.ArgumentTypeError(f"not a size in bytes: {text!r} (e.g. 52428800, 500K, 50M)")
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "validate",
        help="check a checkout or data folder: schemas, models, references, evidence, generated files",
        description="Check a checkout (or its data folder) and report every problem, located as FILE:ROW:COLUMN.",
    )
    p.add_argument("path", nargs="?", default=".", help="a checkout or data folder (default: the current directory)")
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json (the library's Report.to_dict()), or github (Actions annotations)",
    )
    p.add_argument(
        "--max-bytes",
        type=byte_size,
        default=None,
        metavar="SIZE",
        help="refuse, unread, any file larger than this (default: 256M)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..validate import MAX_BYTES, MissingExtraError, format_problem, validate

    try:
        report = validate(args.path, max_bytes=args.max_bytes or MAX_BYTES)
    except MissingExtraError as exc:
        print(f"alliance-data validate: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"alliance-data validate: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        import json

        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for problem in report.problems:
            print(format_problem(problem, args.format, base=args.path if args.format == "github" else ""))
        print(report.summary())  # in GitHub's log too: the annotations show as errors above it
    return 0 if report.ok else 1
