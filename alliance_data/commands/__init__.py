"""Subcommands of ``alliance-data``: each module has ``add_parser`` and ``run``."""
