"""Export a JSON Schema per record type, so editors can complete and check fields.

The files in schemas/ are checked in; a test fails when they differ from the models.
Regenerate them with `python build.py schemas`.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from site_tools.content.model import (
    Company,
    DistrictTaxonomy,
    LanguageTaxonomy,
    Offer,
    PageFrontMatter,
    SiteConfig,
    Taxonomy,
    Venue,
)

# schemas/NAME.schema.json -> model
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "site": SiteConfig,
    "offer": Offer,
    "company": Company,
    "venue": Venue,
    "page": PageFrontMatter,
    "taxonomy": Taxonomy,
    "districts": DistrictTaxonomy,
    "languages": LanguageTaxonomy,
}


def schema_text(name: str) -> str:
    """The JSON Schema of one record type, as the text written to schemas/."""
    schema = SCHEMA_MODELS[name].model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_MODELS:
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written
