"""Synthetic, valid alliance-data checkouts of any size, for the scale benchmarks and tests.

``write(root, n)`` writes a full checkout: the CSV tables of ``data/``, the source texts of
``seeds/``, every id as released (``data/released-ids.txt``, no ``data/redirects.csv`` rows),
then runs :func:`alliance_data.generate.generate` for the derived files
(``data/datapackage.json``, ``data/alliance-data.json``, ``schema/``, the codebook). ``n`` is the number of
claim records (spread round-robin over the seven claim collections); every claim has one
evidence span, every fourth a second one, so ``data/evidence.csv`` has about ``1.25 n`` rows.
The other collections grow with ``n`` too (actors ``n/100``, alliances and their treaties
``n/1000``, ties ``n/200``), so that every reference index grows with the data.

The data keeps every rule the real data keeps: ids unique across the dataset and kebab-case;
every reference resolves; every quote is exactly ``text[start:end]`` of its source (offsets are
``str`` indices; the texts hold non-ASCII characters so that bytes and characters differ); quotes
are stripped and cover every word of their text; every fact (actor codes, treaty dates, ...) has
a fact source; option ranks run 1..k; statements use words the texts never use.

    python benchmarks/synth.py ROOT N [--seed S] [--no-generate]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import shutil
import string
import sys
from pathlib import Path
from typing import Any

CLAIMS = ("developments", "drivers", "trends", "options", "assessments", "recommendations", "conditions")
COMMENTARY, REPORT = "pacnet-doing-more-with-less", "issues-insights-13-1"
SPANS_PER_TEXT = 1000  # evidence spans quoted from each synthetic source text

# Source texts and our own statements draw on disjoint vocabularies, so no statement repeats the text.
TEXT_WORDS = (
    "alliance", "partners", "burden", "deterrence", "région", "Pacific", "maritime", "dialogue", "security",
    "économie", "treaty", "cooperation", "network", "hub", "spokes", "capabilities", "Washington", "Canberra",
    "Tōkyō", "Seoul", "Manila", "Bangkok", "commitment", "reassurance", "forces", "basing", "exercises",
)
OWN_WORDS = (
    "authors", "argue", "observe", "note", "stress", "suggest", "claim", "insist", "hold", "warn", "expect",
    "shifting", "growing", "weaker", "stronger", "wider", "closer", "roles", "ties", "links", "efforts", "aims",
)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(TEXT_WORDS) for _ in range(rng.randint(6, 14))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice((".", ";", " \u2013", "."))  # an en dash: 3 bytes, 1 character


def _own_words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(OWN_WORDS) for _ in range(count))


def _code(i: int, width: int = 3) -> str:
    """A distinct upper-case code for each i (ISO- and COW-like)."""
    letters = []
    for _ in range(width):
        i, r = divmod(i, 26)
        letters.append(string.ascii_uppercase[r])
    return "".join(reversed(letters))


def _write_csv(root: Path, name: str, header: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    with (root / "data" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row[c] for c in header])


# Which fields are facts that need a fact source (alliance_data.tables.FACT_FIELDS, when it is there).
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "actors": ("iso3", "cow_ccode", "cow_abbr", "wikidata"),
    "treaties": ("title", "signed_date", "signed_place", "in_force_date", "ended_date", "atop_id", "cow_id",
                 "cow_v3_id", "citation", "parties", "bound_until"),
    "suspensions": ("date",),
    "ties": ("date", "place", "participants"),
}
FACT_SOURCES = {"iso3": "synth-iso-3166", "cow_ccode": "synth-cow", "cow_abbr": "synth-cow"}


def _facts(rows: dict[str, list[dict[str, Any]]]) -> None:
    """A fact_sources row for every fact present, as the validator wants."""
    try:
        from alliance_data.tables import FACT_FIELDS as fact_fields
    except ImportError:
        fact_fields = FACT_FIELDS
    parties: dict[str, list[dict[str, Any]]] = {}
    for party in rows["treaty_parties"]:
        parties.setdefault(party["treaty_id"], []).append(party)
    for collection, fields in fact_fields.items():
        for record in rows[collection]:
            for field in fields:
                if field == "parties":
                    present = bool(parties.get(record["id"]))
                elif field == "bound_until" and collection == "treaties":
                    present = any(p.get("bound_until") for p in parties.get(record["id"], ()))
                else:
                    present = record.get(field) not in (None, "")
                if present:
                    default = "synth-wikidata" if collection in ("actors", "ties") else "synth-treaty-series"
                    source = FACT_SOURCES.get(field, default)
                    rows["fact_sources"].append({
                        "collection": collection, "record_id": record["id"], "field": field, "source_id": source,
                        "confidence": "H" if len(rows["fact_sources"]) % 3 else "M",
                    })


def tables(n: int, seed: int = 0) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """The rows of every table (by name) and the source texts (by path) of a dataset of ``n`` claims."""
    from alliance_data.tables import LIST_DELIMITER

    rng = random.Random(seed)
    join = LIST_DELIMITER.join
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in (
        "sources", "actors", "treaties", "suspensions", "alliances", "ties", *CLAIMS,
        "treaty_parties", "fact_sources", "evidence",
    )}

    # The report the commentary announces (the commentary itself comes with the texts, below), and
    # fact sources; neither has a bundled text. The two documents keep the real ids: the citation
    # and datapackage.json name them.
    rows["sources"].append({
        "id": REPORT, "kind": "report", "title": "Synthetic report", "authors": "Ann Author;Bo Writer",
        "publisher": "Synthetic Forum", "series": "Issues-like, Vol. 1", "issued": "2013-01",
        "url": "https://example.org/report",
    })
    fact_sources = ("synth-iso-3166", "synth-cow", "synth-wikidata", "synth-treaty-series")
    for i, sid in enumerate(fact_sources):
        rows["sources"].append({
            "id": sid, "kind": ("reference-work", "dataset", "web-page", "treaty-text")[i],
            "title": f"Synthetic fact source {i + 1}", "publisher": "Synthetic Press",
            "url": f"https://example.org/{sid}", "issued": "2020-01",
        })

    # Actors: one hub state, states with unique codes, a few organisations.
    n_actors = max(12, n // 100)
    actors, states = [], []
    for i in range(n_actors):
        aid = f"actor-{i:05d}"
        actors.append(aid)
        if i % 50 == 49:
            organisation = {"id": aid, "name": f"Organisation {i}", "kind": "organisation", "wikidata": f"Q{i + 1}"}
            rows["actors"].append(organisation)
            continue
        state = {
            "id": aid, "name": f"State {i}", "kind": "state", "iso3": _code(i), "cow_abbr": _code(i + 7),
            "cow_ccode": 2 + i if i < 998 else None, "wikidata": f"Q{100000 + i}",
        }
        rows["actors"].append(state)
        if i:
            states.append(aid)
    hub = actors[0]

    # Alliances, each resting on a treaty (every fifth on a superseded one too).
    n_alliances = max(5, n // 1000)
    alliance_ids = []
    for i in range(n_alliances):
        alliance_id = f"alliance-{i:04d}"
        alliance_ids.append(alliance_id)
        ally = states[i % len(states)]
        third = states[(i + 1) % len(states)]
        year = 1950 + i % 60
        treaty_ids = []
        if i % 5 == 0:
            old, new = f"treaty-{i:04d}-a", f"treaty-{i:04d}-b"
            rows["treaties"].append({
                "id": old, "title": f"Synthetic Security Treaty {i} (first)", "kind": "treaty",
                "alliance_id": alliance_id, "signed_date": f"{year}-01-15", "signed_place": "Geneva",
                "in_force_date": f"{year}-06-01", "status": "superseded", "ended_date": f"{year + 5}-06-01",
                "superseded_by": new, "atop_id": 1000 + 2 * i, "cow_id": 100 + 2 * i,
            })
            for party in (hub, ally):
                rows["treaty_parties"].append({"treaty_id": old, "actor_id": party})
            treaty_ids.append(old)
            year += 5
        else:
            new = f"treaty-{i:04d}"
        parties = [hub, ally] + ([third] if i % 3 == 0 else [])
        rows["treaties"].append({
            "id": new, "title": f"Synthetic Mutual Defense Treaty {i}", "kind": "treaty",
            "alliance_id": alliance_id, "signed_date": f"{year}-03-01", "signed_place": "Honolulu",
            "in_force_date": f"{year}-09-01", "status": "in-force", "atop_id": 1001 + 2 * i,
            "citation": f"{i} UST {100 + i}",
        })
        for party in parties:
            rows["treaty_parties"].append({"treaty_id": new, "actor_id": party})
        if len(parties) == 3 and i % 2 == 0:  # the hub suspends its obligations toward the third party
            rows["treaty_parties"][-1]["bound_until"] = f"{year + 20}-08-10"
            rows["treaty_parties"][-1]["bound_until_note"] = "Obligations suspended (synthetic)."
            sid = f"suspension-{i:04d}"
            rows["suspensions"].append({
                "id": sid, "treaty_id": new, "actor_id": hub, "partner_id": third, "date": f"{year + 20}-08-11",
                "note": "Synthetic suspension.",
            })
        treaty_ids.append(new)
        rows["alliances"].append({
            "id": alliance_id, "label": f"Synthetic alliance {i}", "ally_id": ally, "treaty_ids": join(treaty_ids),
            "statement": f"The {_own_words(rng, 8)} alliance {i}.",
        })

    # Ties among the allies.
    for i in range(max(5, n // 200)):
        tid = f"tie-{i:05d}"
        members = sorted({states[(i * 7 + k) % len(states)] for k in range(2 + i % 2)} | {hub})
        tie = {
            "id": tid, "label": f"Synthetic dialogue {i}", "kind": ("dialogue", "declaration")[i % 2],
            "date": ("2001", "2002-05", "2003-07-21")[i % 3], "place": "Sydney" if i % 2 else None,
            "participants": join(members), "statement": f"The {_own_words(rng, 10)}.",
        }
        rows["ties"].append(tie)

    _facts(rows)

    # Claims, round-robin over the seven claim collections, each with evidence.
    owners: list[tuple[str, str]] = [("alliances", a) for a in alliance_ids]
    for i in range(n):
        collection = CLAIMS[i % len(CLAIMS)]
        cid = f"{collection[:-1]}-{i:06d}"
        claim = {
            "id": cid, "label": f"{collection[:-1].capitalize()} {i}", "statement": f"The {_own_words(rng, 12)}.",
            "actors": join(sorted({actors[(i * 13 + k) % n_actors] for k in range(i % 4)})),
        }
        if collection == "options":
            claim["rank"] = len(rows["options"]) + 1
            claim["consequences"] = "Synthetic consequences." if i % 2 else None
        rows[collection].append(claim)
        owners.append((collection, cid))
        if i % 4 == 3:
            owners.append((collection, cid))  # a second span

    # Evidence, quoting the synthetic source texts sentence by sentence (every word covered).
    texts: dict[str, str] = {}
    positions: dict[tuple[str, str], int] = {}
    n_texts = -(-len(owners) // SPANS_PER_TEXT)
    for t in range(n_texts):
        sid = COMMENTARY if t == 0 else f"synth-text-{t:04d}"
        path = f"seeds/synth_{t:04d}.txt"
        parts, offset = [], 0
        for collection, record_id in owners[t * SPANS_PER_TEXT : (t + 1) * SPANS_PER_TEXT]:
            quote = _sentence(rng)
            start = offset
            parts.append(quote)
            offset += len(quote)
            separator = "\n\n" if len(parts) % 5 == 0 else " "
            parts.append(separator)
            offset += len(separator)
            position = positions[(collection, record_id)] = positions.get((collection, record_id), 0) + 1
            rows["evidence"].append({
                "collection": collection, "record_id": record_id, "position": position, "source_id": sid,
                "start": start, "end": start + len(quote), "quote": quote,
            })
        text = "".join(parts)
        texts[path] = text
        rows["sources"].append({
            "id": sid, "kind": "commentary" if t == 0 else "report", "title": f"Synthetic commentary {t}",
            "authors": "Ann Author;Bo Writer", "publisher": "Synthetic Forum", "series": "PacNet-like",
            "path": path, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        })
    return rows, texts


def _stable_ids(root: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Every id released (data/released-ids.txt), none redirected (data/redirects.csv), if the package has them."""
    try:
        from alliance_data import ids
    except ImportError:
        return
    from alliance_data.tables import COLLECTION_NAMES

    current = [f"{name}/{row['id']}" for name in COLLECTION_NAMES for row in rows[name]]
    (root / ids.RELEASED_IDS_FILE).write_text(ids.released_ids_text(current), encoding="utf-8")
    (root / ids.REDIRECTS_FILE).write_text(",".join(ids.REDIRECT_COLUMNS) + "\n", encoding="utf-8")


def write(root: str | Path, n: int, *, seed: int = 0, generate: bool = True) -> dict[str, int]:
    """Write a synthetic checkout of ``n`` claim records at ``root`` (replacing it); return the row counts."""
    from alliance_data.tables import CHILDREN, COLLECTIONS, columns

    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    (root / "data").mkdir(parents=True)
    (root / "seeds").mkdir()
    rows, texts = tables(n, seed)
    for table in (*COLLECTIONS, *CHILDREN):
        _write_csv(root, table.name, columns(table), rows[table.name])
    for path, text in texts.items():
        (root / path).write_bytes(text.encode("utf-8"))
    _stable_ids(root, rows)
    if generate:
        from alliance_data.generate import generate as generate_files

        generate_files(root)
    return {name: len(table) for name, table in rows.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("root", type=Path, help="folder to write (replaced if it exists)")
    p.add_argument("n", type=int, help="number of claim records")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-generate", action="store_true", help="write data/ and seeds/ only")
    args = p.parse_args(argv)
    counts = write(args.root, args.n, seed=args.seed, generate=not args.no_generate)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
