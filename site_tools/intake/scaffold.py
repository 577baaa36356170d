"""Write a new record from its commented template in templates/records/."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from site_tools.content.scalars import is_id, suggest_id
from site_tools.errors import ConfigError, write_error
from site_tools.paths import RECORD_TEMPLATE_DIR, SCHEMA_DIR

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
    if path.exists() or path.is_symlink():
        raise ConfigError(f"{path} exists already; edit it, or choose another id")
    write_record_file(path, record_template(kind, folder).encode("utf-8"), replace=False)
    return path


def write_record_file(path: Path, data: bytes, *, replace: bool) -> None:
    """Write a record whole or not at all, through a new hidden file beside it (which the loader skips).

    The scratch file is made new (never an existing file or a link someone left there), then
    renamed or linked into place. Without `replace`, an existing record is never touched
    (ConfigError). A full disk or a folder without write permission is a BuildError of one
    line that names the record.
    """
    scratch: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".writing", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(scratch, 0o644)  # mkstemp makes it private; a record is as readable as the others
        if replace:
            os.replace(scratch, path)
        else:
            os.link(scratch, path)  # fails if the file exists, even one made a moment ago
    except FileExistsError:
        raise ConfigError(f"{path} exists already and is never overwritten") from None
    except OSError as exc:
        raise write_error(path, exc, again="try again") from None
    finally:
        if scratch is not None:
            with contextlib.suppress(OSError):
                os.unlink(scratch)


def record_template(kind: str, folder: Path) -> str:
    """The template for `kind`, its schema line pointing at schemas/ from `folder`."""
    lines = (RECORD_TEMPLATE_DIR / f"{kind}.yaml").read_text(encoding="utf-8").split("\n")
    if lines[0].startswith(SCHEMA_LINE_PREFIX):
        lines[0] = schema_line(kind, folder)
    return "\n".join(lines)


def schema_line(kind: str, folder: Path) -> str:
    """The first line of a record file in `folder`: points editors at the kind's JSON Schema."""
    return SCHEMA_LINE_PREFIX + Path(os.path.relpath(SCHEMA_DIR / f"{kind}.schema.json", folder.resolve())).as_posix()
