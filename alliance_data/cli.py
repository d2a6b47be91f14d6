"""The ``alliance-data`` command: one subcommand per module in :mod:`alliance_data.commands`.

Exit codes: 0 success; 1 the data is invalid (or, for ``diff``, differences were found only
with ``--exit-code``); 2 a usage or internal error.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from . import __version__

# Each module defines ``add_parser(subparsers)`` and ``run(args) -> int`` and keeps its heavy
# imports inside ``run``, so that ``alliance-data --help`` stays fast.
COMMANDS = ("summary", "generate", "validate", "locate", "cite", "diff", "export", "site", "figure", "codebook")

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="alliance-data",
        description="The US alliance system in Asia as a versioned, validated dataset.",
    )
    top.add_argument("--version", action="version", version=f"alliance-data {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError:
            continue  # a command not written yet
        module.add_parser(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    from .errors import DataError

    args = parser().parse_args(argv)
    if args.command is None:
        args = parser().parse_args(["summary", *(argv or [])])
    try:
        return int(args.run(args))
    except DataError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return EXIT_ERROR
    except Exception as exc:  # an internal error: say so plainly, no traceback
        print(f"alliance-data: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
