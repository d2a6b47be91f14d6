"""The network figure: the US hub and its allies, and the ties among them, year by year.

Small multiples, one panel per snapshot year (:data:`YEARS`), all on one fixed layout (the
United States at the centre, its five allies on a ring, the other parties of the multilateral
treaties and of the ties outside it). Each panel draws:

* **US alliance edges** (thick): a US-ally pair bound that year by a treaty of that ally's
  alliance, as :func:`alliance_data.dyads.spells` counts it;
* **other treaty obligations** (thin): other pairs bound that year (ANZUS beyond US-Australia,
  the Manila Pact's parties until 1977);
* **security ties among them** (arcs): each pair of participants of a tie begun by that year,
  coloured by the year of the pair's first tie; a thicker arc means more ties.

Needs matplotlib (``pip install 'alliance-data[plot]'``). Rendering is deterministic: the Agg
canvas, fixed coordinates and size, and no date or software version in the PNG metadata.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dataset import Dataset

MATPLOTLIB_MISSING = "the figure needs matplotlib: install the extra with pip install 'alliance-data[plot]'"

# Snapshot years: Manila Pact in force; SEATO dissolved (1977); US-NZ suspended (1986);
# US-Japan-Australia dialogue (2002); Japan-Australia declaration and the Quad (2007); Quad revived.
YEARS = (1955, 1978, 1987, 2002, 2007, 2017)

# Angle (degrees) and radius of each actor on the fixed layout; others go on an outer ring.
LAYOUT: dict[str, tuple[float, float]] = {
    "united-states": (0.0, 0.0),
    "japan": (65.0, 1.0),
    "south-korea": (110.0, 1.0),
    "thailand": (165.0, 1.0),
    "philippines": (210.0, 1.0),
    "australia": (255.0, 1.0),
    "new-zealand": (300.0, 1.0),
    "india": (135.0, 1.75),
    "pakistan": (160.0, 1.75),
    "united-kingdom": (30.0, 1.75),
    "france": (5.0, 1.75),
}
SHORT_NAMES = {
    "united-states": "US",
    "south-korea": "South\nKorea",
    "new-zealand": "New\nZealand",
    "united-kingdom": "UK",
    "philippines": "Philip-\npines",
}

ALLIANCE_COLOUR = "#1f3b73"
TREATY_COLOUR = "#8fa3c7"
INACTIVE_COLOUR = "#d9d9d9"
TIE_COLOURS = ("#f2a007", "#e6550d", "#a50f15")  # earliest to latest first tie


def positions(actor_ids: list[str]) -> dict[str, tuple[float, float]]:
    """x, y of each actor: :data:`LAYOUT`, then the rest (sorted by id) spread on a ring of radius 2."""
    polar = {a: LAYOUT[a] for a in actor_ids if a in LAYOUT}
    others = sorted(a for a in actor_ids if a not in LAYOUT)
    for i, actor in enumerate(others):
        polar[actor] = (-60.0 + 360.0 * i / max(len(others), 1) / 3, 2.0)
    return {a: (r * math.cos(math.radians(t)), r * math.sin(math.radians(t))) for a, (t, r) in polar.items()}


def snapshot(dataset: Dataset, year: int) -> dict[str, Any]:
    """What one panel draws: US alliance pairs, other treaty pairs, and tie pairs with their years."""
    from .dyads import spells

    us = next(a.id for a in dataset.actors if a.cow_ccode == 2)
    ally_of = {alliance.id: alliance.ally_id for alliance in dataset.alliances}
    alliance_of = {t.id: t.alliance_id for t in dataset.treaties}
    alliance_pairs: set[frozenset[str]] = set()
    treaty_pairs: set[frozenset[str]] = set()
    for treaty_id, a, b, first, last in spells(dataset):
        if not (first.year <= year and (last is None or last.year >= year)):
            continue
        pair = frozenset((a, b))
        if us in pair and ally_of.get(alliance_of[treaty_id]) in pair:
            alliance_pairs.add(pair)
        else:
            treaty_pairs.add(pair)
    ties: dict[frozenset[str], list[int]] = defaultdict(list)
    for tie in dataset.ties:
        begun = int(tie.date[:4])
        if begun <= year:
            for i, a in enumerate(tie.participants):
                for b in tie.participants[i + 1 :]:
                    ties[frozenset((a, b))].append(begun)
    return {"alliances": alliance_pairs, "treaties": treaty_pairs - alliance_pairs, "ties": dict(ties)}


def render(dataset: Dataset, out: str | Path, years: tuple[int, ...] = YEARS) -> Path:
    """Draw the small multiples for ``years`` and write them to the PNG file ``out``."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.colors import LinearSegmentedColormap
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import FancyArrowPatch
    except ImportError as exc:
        raise ImportError(MATPLOTLIB_MISSING) from exc

    shots = {year: snapshot(dataset, year) for year in years}
    involved = sorted(
        {a for s in shots.values() for key in ("alliances", "treaties", "ties") for pair in s[key] for a in pair}
    )
    xy = positions(involved)
    names = {a.id: SHORT_NAMES.get(a.id, a.name) for a in dataset.actors}
    us = next(a.id for a in dataset.actors if a.cow_ccode == 2)
    first_years = sorted({min(b) for s in shots.values() for b in s["ties"].values()})
    ramp = LinearSegmentedColormap.from_list("ties", TIE_COLOURS)
    tie_colour = {y: ramp(i / max(len(first_years) - 1, 1)) for i, y in enumerate(first_years)}

    columns = min(3, len(years))
    rows = math.ceil(len(years) / columns)
    figure = Figure(figsize=(4.0 * columns, 3.3 * rows + 1.1), dpi=100)
    FigureCanvasAgg(figure)
    figure.suptitle(
        "The US alliance system in Asia: treaty obligations in force and security ties among the allies",
        fontsize=13,
    )
    for index, year in enumerate(years):
        ax = figure.add_subplot(rows, columns, index + 1)
        shot = shots[year]
        for pair in sorted(shot["treaties"], key=sorted):
            (x1, y1), (x2, y2) = (xy[a] for a in sorted(pair))
            ax.plot([x1, x2], [y1, y2], color=TREATY_COLOUR, linewidth=0.8, zorder=1)
        for pair in sorted(shot["alliances"], key=sorted):
            (x1, y1), (x2, y2) = (xy[a] for a in sorted(pair))
            ax.plot([x1, x2], [y1, y2], color=ALLIANCE_COLOUR, linewidth=3.0, zorder=2)
        for pair, begun in sorted(shot["ties"].items(), key=lambda item: sorted(item[0])):
            a, b = sorted(pair)
            ax.add_patch(
                FancyArrowPatch(
                    xy[a],
                    xy[b],
                    arrowstyle="-",
                    connectionstyle="arc3,rad=0.25",
                    color=tie_colour[min(begun)],
                    linewidth=1.3 + 0.9 * (len(begun) - 1),
                    zorder=3,
                    shrinkA=8,
                    shrinkB=8,
                )
            )
        active = {a for key in ("alliances", "treaties", "ties") for pair in shot[key] for a in pair}
        for actor in involved:
            x, y = xy[actor]
            on = actor in active
            ax.scatter(
                [x],
                [y],
                s=330 if actor == us else 200,
                color=ALLIANCE_COLOUR if on else INACTIVE_COLOUR,
                edgecolors="white",
                linewidths=1.0,
                zorder=4,
            )
            if actor == us:
                ax.text(
                    x,
                    y,
                    names[actor],
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    fontweight="bold",
                    color="white",
                    zorder=5,
                )
            else:
                ax.annotate(
                    names.get(actor, actor),
                    (x, y),
                    xytext=(0, -9),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    fontsize=7.5,
                    color="black" if on else "#9a9a9a",
                    zorder=5,
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
                )
        ax.set_title(str(year), fontsize=12, fontweight="bold")
        ax.set_xlim(-2.0, 2.0)
        ax.set_ylim(-1.4, 1.5)
        ax.set_aspect("equal")
        ax.axis("off")

    handles = [
        Line2D([], [], color=ALLIANCE_COLOUR, linewidth=3.0, label="US alliance treaty (US\N{EN DASH}ally)"),
        Line2D([], [], color=TREATY_COLOUR, linewidth=0.8, label="other treaty obligation (ANZUS, Manila Pact)"),
        *(
            Line2D([], [], color=colour, linewidth=2.0, label=f"security tie among them, the pair's first in {y}")
            for y, colour in tie_colour.items()
        ),
    ]
    figure.legend(handles=handles, loc="lower center", ncol=3, frameon=False, fontsize=8.5, bbox_to_anchor=(0.5, 0.0))
    figure.text(
        0.99,
        0.005,
        "thicker arc: more ties; grey: no obligation or tie that year",
        ha="right",
        va="bottom",
        fontsize=7,
        color="#666666",
    )
    figure.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.11, wspace=0.02, hspace=0.12)

    path = Path(out)
    from .atomic import atomic_file

    with atomic_file(path) as temporary:
        figure.savefig(temporary, format="png", metadata={"Software": None})
    return path
