"""Generated artefacts, all derived from the Pydantic models and the canonical CSV tables.

``alliance-data generate [PATH]`` rewrites them; ``alliance-data generate --check`` (and the
test suite) fails when a committed copy differs from what generation gives.

=================================  ==========================================================
file                               made from
=================================  ==========================================================
``schema/alliance-data.schema.json``  the :class:`~alliance_data.dataset.Dataset` model
``data/datapackage.json``          the models (Table Schemas), ``tables.py`` and the CSV bytes
``data/alliance-data.json``        the loaded CSV tables (the JSON form of the same data)
``docs/codebook.md``               the models, the Table Schemas and example values of the data
=================================  ==========================================================
"""

from __future__ import annotations

import copy
import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json

from . import __version__
from .atomic import write_text_atomic as write_atomic
from .dataset import Dataset
from .errors import DataError
from .layout import CODEBOOK_FILE, DATA_DIR, DESCRIPTOR, JSON_FILE, JSON_SCHEMA_FILE
from .loader import find_root, read_tables, table_file
from .models import Actor
from .tables import ALL_TABLES, LIST_DELIMITER, REFERENCES, Child, Collection, columns, primary_key

JSON_SCHEMA_ID = "https://alliance-data.github.io/schema/alliance-data.schema.json"

# Stated once here; the README and CITATION.cff are tested against these. ``created`` is the
# release date of this version (not the time of generation, so that generation is reproducible);
# ``alliance-data cite`` and CITATION.cff take ``date-released`` from it.
PACKAGE_METADATA: dict[str, Any] = {
    "name": "alliance-data",
    "title": "US Alliances in Asia: a dataset of Baker and Glosserman's PacNet commentary",
    "description": (
        "The five US treaty alliances in Asia (Japan, South Korea, Australia, the Philippines, Thailand), "
        "their treaties and the actors involved, and the analysis of the commentary 'US Alliances in Asia: "
        "Doing More with Less' (Carl Baker and Brad Glosserman, Pacific Forum CSIS, PacNet): developments, "
        "drivers, trends, options, assessments, recommendations and conditions, each with verbatim evidence."
    ),
    "homepage": "https://github.com/alliance-data/alliance-data",
    "keywords": [
        "alliances",
        "Asia-Pacific",
        "United States",
        "international relations",
        "security",
        "treaties",
        "PacNet",
        "Correlates of War",
        "ATOP",
    ],
    "created": "2026-11-27T00:00:00Z",
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": (
                "Creative Commons Attribution 4.0: the records in data/. Exception: the bundled commentary "
                "text in seeds/ keeps its authors' and publisher's terms (see LICENSE-DATA)"
            ),
        },
        {
            "name": "MIT",
            "path": "https://opensource.org/licenses/MIT",
            "title": "MIT License: the code (the alliance_data package and its tests; see LICENSE)",
        },
    ],
    "contributors": [
        {
            "title": "alliance-data contributors",
            "path": "https://github.com/alliance-data/alliance-data",
            "roles": ["creator", "dataCurator", "rightsHolder", "contact"],
        }
    ],
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON form (``data/alliance-data.json``)."""
    schema = Dataset.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": JSON_SCHEMA_ID, **schema}


@cache
def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _property(model: type[BaseModel], name: str) -> tuple[dict[str, Any], bool]:
    """The JSON Schema of one field with references resolved, and whether null is allowed."""
    schema = _model_schema(model)
    prop = copy.deepcopy(schema["properties"][name])
    nullable = False
    if "anyOf" in prop:
        variants = prop.pop("anyOf")
        options = [o for o in variants if o.get("type") != "null"]
        nullable = len(options) < len(variants)
        prop.update(options[0])
    if "$ref" in prop:
        prop.update(schema["$defs"][prop.pop("$ref").split("/")[-1]])
    required = name in schema.get("required", []) and not nullable
    return prop, required


def _field(name: str, prop: dict[str, Any], required: bool) -> dict[str, Any]:
    """A Table Schema field from a JSON Schema property."""
    field: dict[str, Any] = {"name": name}
    constraints: dict[str, Any] = {}
    kind = prop.get("type")
    if kind == "array":
        field["type"] = "list"
        field["delimiter"] = LIST_DELIMITER
        field["itemType"] = "string"
        if "minItems" in prop:
            constraints["minLength"] = prop["minItems"]
    elif kind == "integer":
        field["type"] = "integer"
        for key in ("minimum", "maximum"):
            if key in prop:
                constraints[key] = prop[key]
    elif prop.get("format") == "date":
        field["type"] = "date"
    else:
        field["type"] = "string"
        for key in ("minLength", "maxLength", "pattern", "enum"):
            if key in prop:
                constraints[key] = prop[key]
        if "const" in prop:
            constraints["enum"] = [prop["const"]]
    if prop.get("description"):
        field["description"] = prop["description"]
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _link_fields(child: Child) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = []
    for name in child.link:
        if name == "collection":
            fields.append(
                {
                    "name": name,
                    "type": "string",
                    "description": "The collection of the record this row belongs to.",
                    "constraints": {"required": True, "enum": list(child.parents)},
                }
            )
        else:
            prop, _ = _property(Actor, "id")  # any model's id: they share one type
            field = _field(name, prop, True)
            field["description"] = "The record this row belongs to."
            fields.append(field)
    if child.order:
        fields.append(
            {
                "name": child.order,
                "type": "integer",
                "description": "Order of the item within its record, from 1.",
                "constraints": {"required": True, "minimum": 1},
            }
        )
    return fields


def table_schema(table: Collection | Child) -> dict[str, Any]:
    """The Frictionless Table Schema of one CSV table, generated from its model."""
    own = [c for c in columns(table) if c in table.model.model_fields]
    fields = _link_fields(table) if isinstance(table, Child) else []
    for name in own:
        prop, required = _property(table.model, name)
        fields.append(_field(name, prop, required))
    assert [f["name"] for f in fields] == list(columns(table))
    key = list(primary_key(table))
    for name in key:
        fields[[f["name"] for f in fields].index(name)].setdefault("constraints", {})["required"] = True
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""], "primaryKey": key}
    foreign = [
        {"fields": name, "reference": {"resource": REFERENCES[name], "fields": "id"}}
        for name in columns(table)
        if name in REFERENCES and next(f for f in fields if f["name"] == name)["type"] != "list"
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _sha256(root: Path, relative: str) -> str:
    return hashlib.sha256((root / relative).read_bytes()).hexdigest()


def content_files(root: Path, dataset: Dataset) -> list[str]:
    """The canonical bytes the content hash covers: every CSV table, then every bundled source text."""
    tables = [table_file(t) for t in ALL_TABLES]
    texts = sorted({s.path for s in dataset.sources if s.path})
    return [*tables, *texts]


def content_hash(root: Path, dataset: Dataset) -> str:
    """sha256 over (path, NUL, sha256 of bytes, newline) for each file of :func:`content_files`, in order."""
    digest = hashlib.sha256()
    for relative in content_files(root, dataset):
        digest.update(f"{relative}\0{_sha256(root, relative)}\n".encode())
    return digest.hexdigest()


def datapackage(root: Path, dataset: Dataset) -> dict[str, Any]:
    """The Data Package descriptor: metadata, and one resource per CSV table with its Table Schema."""
    resources = []
    for table in ALL_TABLES:
        relative = table_file(table)
        resources.append(
            {
                "name": table.name,
                "path": relative.removeprefix(f"{DATA_DIR}/"),
                "profile": "tabular-data-resource",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": f"sha256:{_sha256(root, relative)}",
                "schema": table_schema(table),
            }
        )
    from .citation import SOURCE_IDS  # the documents the dataset is made from: the commentary and its report

    sources = []
    for source in (dataset[i] for i in SOURCE_IDS):
        details = ", ".join(p for p in (source.publisher, source.series, source.issued) if p)
        entry = {"title": f"{' and '.join(source.authors)}, {source.title} ({details})"}
        if source.url:
            entry["path"] = source.url
        sources.append(entry)
    return {
        "profile": "tabular-data-package",
        **PACKAGE_METADATA,
        "sources": sources,
        "version": __version__,
        "contentHash": f"sha256:{content_hash(root, dataset)}",
        "resources": resources,
    }


def json_document(dataset: Dataset) -> dict[str, Any]:
    """The JSON form of the dataset, naming its JSON Schema."""
    document = dataset.model_dump(mode="json", by_alias=True)
    document["$schema"] = os.path.relpath(JSON_SCHEMA_FILE, DATA_DIR)
    return document


def _dumps(value: Any) -> str:
    # pydantic-core's encoder gives the same bytes as json.dumps(indent=2, ensure_ascii=False),
    # several times faster (the standard library falls back to pure Python with an indent).
    return to_json(value, indent=2).decode() + "\n"


def dataset_of(records: dict[str, Any], root: Path) -> Dataset:
    """A dataset of validated ``records`` read from ``root``, at this package's version."""
    dataset = Dataset(version=__version__, **records)
    dataset._root = root
    return dataset


def generated_dataset(root: Path) -> Dataset:
    """The dataset as generation sees it: the CSV tables under ``root``, at this package's version."""
    records, problems = read_tables(root)
    if problems:
        raise DataError(problems)
    return dataset_of(records, root)


def expected_documents(root: Path, dataset: Dataset) -> dict[str, Any]:
    """Every generated file, relative to ``root``, as data: JSON files as parsed, text as text.

    ``alliance-data validate`` compares committed JSON files with these as data: encoding large
    JSON with indentation is slow pure Python, and formatting is ``generate --check``'s concern.
    """
    from .codebook import codebook

    return {
        JSON_SCHEMA_FILE: json_schema(),
        DESCRIPTOR: datapackage(root, dataset),
        JSON_FILE: json_document(dataset),
        CODEBOOK_FILE: codebook(dataset),
    }


def expected_files(root: Path) -> dict[str, str]:
    """Every generated file, relative to ``root``, with the text generation gives."""
    documents = expected_documents(root, generated_dataset(root))
    return {relative: value if isinstance(value, str) else _dumps(value) for relative, value in documents.items()}


def stale_files(root: Path) -> list[str]:
    """Generated files whose committed text differs from what generation gives."""
    stale = []
    for relative, text in expected_files(root).items():
        path = root / relative
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(relative)
    return stale


def generate(path: str | Path = ".") -> list[str]:
    """Regenerate every derived file under the checkout at ``path``; return those that changed."""
    root = find_root(path)
    changed = []
    for relative, text in expected_files(root).items():
        target = root / relative
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text)
            changed.append(relative)
    return changed
