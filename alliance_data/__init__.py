"""alliance-data: the US alliance system in Asia, as a versioned, validated dataset.

Importing the package is cheap: the loader, the models and pydantic are imported on first use.

>>> import alliance_data as ad
>>> ds = ad.load()
>>> len(ds.alliances)
5
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

__all__ = ["DataError", "Dataset", "Problem", "__version__", "cite", "dyad_years", "load"]

if TYPE_CHECKING:
    from .citation import cite
    from .dataset import Dataset
    from .dyads import dyad_years
    from .errors import DataError, Problem
    from .loader import load

_LAZY = {
    "load": ("loader", "load"),
    "Dataset": ("dataset", "Dataset"),
    "DataError": ("errors", "DataError"),
    "Problem": ("errors", "Problem"),
    "dyad_years": ("dyads", "dyad_years"),
    "cite": ("citation", "cite"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attribute = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'alliance_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
