"""How to cite the dataset: APA, BibTeX, CFF or CSL-JSON, each naming the version and the content hash.

The citation is made from the loaded dataset (version, content hash, the commentary and the
report it is made from) and the metadata of its ``data/datapackage.json`` (title, date,
licence, keywords), which :data:`alliance_data.generate.PACKAGE_METADATA` generates. The
committed ``CITATION.cff`` is tested to agree with ``cite(format="cff")``.

>>> import alliance_data as ad
>>> text = cite("apa")
>>> text.startswith("alliance-data contributors. (2026).")
True
>>> f"Version {ad.__version__}, content hash sha256:" in text
True
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dataset import Dataset

FORMATS = ("apa", "bibtex", "cff", "csl-json")

# The documents the dataset is made from, by their (stable) ids in sources.csv: the commentary and
# the report it announces. CITATION.cff lists them as references; datapackage.json as sources.
SOURCE_IDS = ("pacnet-doing-more-with-less", "issues-insights-13-1")

CFF_MESSAGE = (
    "If you use this dataset, please cite it as below, with the version you used and its content hash "
    "(`alliance-data cite` prints both)."
)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def metadata(dataset: Dataset | None = None) -> dict[str, Any]:
    """What a citation of ``dataset`` (default: the bundled release) says, as plain values."""
    import alliance_data as ad

    ds = ad.load() if dataset is None else dataset
    descriptor = _descriptor(ds)
    created = str(descriptor.get("created") or "")
    date = created[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", created) else None
    licenses = descriptor.get("licenses") or [{}]
    authors = [c["title"] for c in descriptor.get("contributors", []) if "creator" in c.get("roles", [c.get("role")])]
    return {
        "title": descriptor["title"],
        "authors": authors or ["alliance-data contributors"],
        "version": ds.version,
        "content_hash": f"sha256:{ds.content_hash}" if ds.content_hash else None,
        "date": date,
        "year": int(date[:4]) if date else None,
        "url": descriptor.get("homepage"),
        "license": licenses[0].get("name"),
        "keywords": list(descriptor.get("keywords", [])),
        "abstract": descriptor.get("description"),
        "sources": [ds[i] for i in SOURCE_IDS if i in ds],
    }


def _descriptor(ds: Dataset) -> dict[str, Any]:
    """The metadata of the release the dataset was loaded from, or the package's own."""
    if ds.root is not None:
        from .loader import read_descriptor

        descriptor, problems = read_descriptor(ds.root)
        if not problems and "title" in descriptor:
            return descriptor
    from .generate import PACKAGE_METADATA

    return dict(PACKAGE_METADATA)


def cite(format: str = "apa", dataset: Dataset | None = None) -> str:
    """A citation of ``dataset`` (default: the bundled release) in ``format``: apa, bibtex, cff or csl-json."""
    renderers = {"apa": apa, "bibtex": bibtex, "cff": cff, "csl-json": csl_json}
    if format not in renderers:
        raise ValueError(f"unknown citation format {format!r}; formats: {', '.join(FORMATS)}")
    return renderers[format](metadata(dataset))


def _note(meta: dict[str, Any]) -> str:
    note = f"Version {meta['version']}"
    if meta["content_hash"]:
        note += f", content hash {meta['content_hash']}"
    return note


def apa(meta: dict[str, Any]) -> str:
    """APA 7 reference for a data set (plain text)."""
    year = meta["year"] or "n.d."
    text = f"{' & '.join(meta['authors'])}. ({year}). {meta['title']} ({_note(meta)}) [Data set]."
    if meta["url"]:
        text += f" {meta['url']}"
    return text + "\n"


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bib(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", value).replace("~", r"\textasciitilde{}")


def bibtex(meta: dict[str, Any]) -> str:
    """A BibTeX ``@misc`` entry (``version`` and ``note`` carry the version and content hash)."""
    key = "alliance-data-" + meta["version"]
    fields: list[tuple[str, str]] = [
        ("author", " and ".join("{" + _bib(a) + "}" for a in meta["authors"])),
        ("title", "{" + _bib(meta["title"]) + "}"),
    ]
    if meta["year"]:
        fields.append(("year", str(meta["year"])))
        fields.append(("month", _MONTHS[int(meta["date"][5:7]) - 1]))
    fields.append(("version", _bib(meta["version"])))
    fields.append(("howpublished", "Data set"))
    if meta["url"]:
        fields.append(("url", meta["url"]))
    fields.append(("note", _bib(_note(meta))))
    lines = [f"@misc{{{key},"]
    for name, value in fields:
        braced = value if name == "month" else "{" + value + "}"
        lines.append(f"  {name:<12} = {braced},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def csl_json(meta: dict[str, Any]) -> str:
    """A CSL-JSON item list (as citeproc, Zotero and pandoc read it)."""
    item: dict[str, Any] = {
        "id": "alliance-data-" + meta["version"],
        "type": "dataset",
        "title": meta["title"],
        "author": [{"literal": a} for a in meta["authors"]],
    }
    if meta["date"]:
        item["issued"] = {"date-parts": [[int(part) for part in meta["date"].split("-")]]}
    item["version"] = meta["version"]
    if meta["url"]:
        item["URL"] = meta["url"]
    item["note"] = _note(meta)
    if meta["abstract"]:
        item["abstract"] = meta["abstract"]
    if meta["keywords"]:
        item["keyword"] = ", ".join(meta["keywords"])
    return json.dumps([item], indent=2, ensure_ascii=False) + "\n"


def _person(name: str) -> dict[str, str]:
    given, _, family = name.rpartition(" ")
    return {"family-names": family, "given-names": given} if given else {"name": name}


def _reference(source: Any) -> dict[str, Any]:
    """A CFF reference for a :class:`~alliance_data.models.Source`."""
    kinds = {"commentary": "article", "report": "report", "book": "book", "web-page": "website", "dataset": "data"}
    ref: dict[str, Any] = {
        "type": kinds.get(source.kind, "generic"),
        "title": source.title,
        "authors": [_person(a) for a in source.authors] or [{"name": source.publisher or "anonymous"}],
    }
    series = source.series or ""
    numbered = re.match(r"^(?P<title>.+?),\s*Vol\.\s*(?P<volume>\d+),\s*No\.\s*(?P<issue>\d+)$", series)
    if source.kind == "commentary" and series:
        ref["journal"] = series
    elif numbered:
        ref["collection-title"] = numbered["title"]
        ref["volume"] = int(numbered["volume"])
        ref["issue"] = numbered["issue"]
    elif series:
        ref["collection-title"] = series
    if source.publisher:
        ref["publisher"] = {"name": source.publisher}
    if source.issued:
        ref["year"] = int(source.issued[:4])
        if len(source.issued) >= 7:
            ref["month"] = int(source.issued[5:7])
    if source.url:
        ref["url"] = source.url
    return ref


def cff_document(meta: dict[str, Any]) -> dict[str, Any]:
    """The Citation File Format (1.2.0) document, as data."""
    doc: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": CFF_MESSAGE,
        "type": "dataset",
        "title": meta["title"],
        "version": meta["version"],
    }
    if meta["date"]:
        doc["date-released"] = meta["date"]
    doc["authors"] = [{"name": a} for a in meta["authors"]]
    if meta["license"]:
        doc["license"] = meta["license"]
    if meta["url"]:
        doc["repository-code"] = meta["url"]
        doc["url"] = meta["url"]
    if meta["content_hash"]:
        doc["identifiers"] = [
            {
                "type": "other",
                "value": meta["content_hash"],
                "description": f"Content hash of version {meta['version']} (see the README)",
            }
        ]
    if meta["keywords"]:
        doc["keywords"] = meta["keywords"]
    if meta["abstract"]:
        doc["abstract"] = meta["abstract"]
    if meta["sources"]:
        doc["references"] = [_reference(s) for s in meta["sources"]]
    return doc


def cff(meta: dict[str, Any]) -> str:
    """A CITATION.cff (Citation File Format 1.2.0) for this version."""
    return _yaml(cff_document(meta))


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.;()/&'-]*[A-Za-z0-9.)]$")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"not a CFF scalar: {value!r}")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _yaml(value: Any, indent: int = 0) -> str:
    """Block-style YAML for dicts, lists and scalars (enough for CFF, without a YAML library)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}:")
                lines.append(_yaml(item, indent + 2).rstrip("\n"))
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict):
                body = _yaml(item, indent + 2).rstrip("\n")
                lines.append(f"{pad}- {body[indent + 2:]}")
            elif isinstance(item, list):
                raise TypeError("nested lists are not needed in CFF")
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return "\n".join(lines) + "\n"
