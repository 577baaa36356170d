"""Write a new record from its commented template in templates/records/."""

from __future__ import annotations

import os
from pathlib import Path

from site_tools.errors import ConfigError
from site_tools.paths import RECORD_TEMPLATE_DIR, SCHEMA_DIR
from site_tools.scalars import is_id, suggest_id

# `new KIND` -> folder in content/
RECORD_KINDS = {"company": "companies", "offer": "offers", "venue": "venues"}
SCHEMA_LINE_PREFIX = "# yaml-language-server: $schema="


def new_record(kind: str, record_id: str, content_dir: Path) -> Path:
    """Write content_dir/FOLDER/ID.yaml from the template; refuse to overwrite."""
    if not is_id(record_id):
        raise ConfigError(
            f'"{record_id}" is not a valid id; use lowercase letters a-z, digits and "-",'
            f' e.g. "{suggest_id(record_id)}"'
        )
    folder = content_dir / RECORD_KINDS[kind]
    path = folder / f"{record_id}.yaml"
    if path.exists():
        raise ConfigError(f"{path} exists already; edit it, or choose another id")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(record_template(kind, folder), encoding="utf-8")
    return path


def record_template(kind: str, folder: Path) -> str:
    """The template for `kind`, its schema line pointing at schemas/ from `folder`."""
    lines = (RECORD_TEMPLATE_DIR / f"{kind}.yaml").read_text(encoding="utf-8").split("\n")
    if lines[0].startswith(SCHEMA_LINE_PREFIX):
        lines[0] = schema_line(kind, folder)
    return "\n".join(lines)


def schema_line(kind: str, folder: Path) -> str:
    """The first line of a record file in `folder`: points editors at the kind's JSON Schema."""
    return SCHEMA_LINE_PREFIX + Path(os.path.relpath(SCHEMA_DIR / f"{kind}.schema.json", folder.resolve())).as_posix()
