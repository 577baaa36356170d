"""The site's own CSS, JavaScript and images, with content hashes in their names.

A changed file gets a new name, so browsers may cache every asset for a year.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from site_tools.content.validate import Content
from site_tools.outputs.search_index import BUNDLE_DIR
from site_tools.outputs.write import SiteWriter
from site_tools.paths import PROJECT_ROOT

ASSET_DIR = PROJECT_ROOT / "templates" / "assets"
# name in templates -> source file in templates/assets/
SITE_ASSETS = {"css": "site.css", "js": "site.js"}


def fingerprinted(name: str, data: bytes) -> str:
    """ "site.css" -> "site.3f2a9c1b0d.css"."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def write_assets(writer: SiteWriter, content: Content, *, search: bool = True) -> dict[str, str]:
    """Copy the assets into the site; return their URLs by name.

    With `search`, "search_ui" is the URL of Pagefind's UI script, which the search stage writes.
    """
    urls = {}
    sources = {key: ASSET_DIR / name for key, name in SITE_ASSETS.items()}
    sources["sticker"] = content.root / content.site.campaign.sticker
    for key, source in sources.items():
        data = Path(source).read_bytes()
        name = fingerprinted(Path(source).name, data)
        writer.write_bytes(f"assets/{name}", data)
        urls[key] = f"/assets/{name}"
    if search:
        urls["search_ui"] = f"/{BUNDLE_DIR}/pagefind-ui.js"
    return urls
