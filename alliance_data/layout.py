"""Where things live in a dataset root (a checkout, or the bundle inside the installed package).

A module of constants only, so that anything may import it without importing pydantic.
"""

DATA_DIR = "data"
DESCRIPTOR = "data/datapackage.json"
JSON_FILE = "data/alliance-data.json"
JSON_SCHEMA_FILE = "schema/alliance-data.schema.json"
CODEBOOK_FILE = "docs/codebook.md"
