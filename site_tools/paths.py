"""Where the project's own folders are, independent of the working folder."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = PROJECT_ROOT / "schemas"
RECORD_TEMPLATE_DIR = PROJECT_ROOT / "templates" / "records"
EXAMPLE_CONTENT = PROJECT_ROOT / "content"
NODE_MODULES = PROJECT_ROOT / "node_modules"  # npm packages pinned in package-lock.json (make setup)
