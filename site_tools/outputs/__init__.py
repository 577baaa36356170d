"""Stage 3, outputs: everything written into the site folder (HTML, search index, map, open data, assets)."""
