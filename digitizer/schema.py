"""The record's JSON Schema: generated from the model, shipped in the package, used to validate."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from digitizer.errors import InvalidRecordError
from digitizer.model import Document

SCHEMA_FILE = "record.schema.json"


def generate_schema() -> dict[str, Any]:
    """Build the JSON Schema of a record from the pydantic model."""
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/digitizer/digitizer/record.schema.json"
    return schema


def schema_text() -> str:
    """The schema as the text shipped in the package (stable key order, Thai as characters)."""
    return json.dumps(generate_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def shipped_schema() -> dict[str, Any]:
    """The schema file shipped in the package."""
    text = resources.files("digitizer").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = shipped_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_record(record: dict[str, Any], *, path: str | None = None) -> None:
    """Raise InvalidRecordError naming the first problem when a record breaks the schema."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(record))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "<root>"
        raise InvalidRecordError(f"record invalid at {where}: {error.message}", path=path)
