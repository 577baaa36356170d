"""The security headers the host sends with every response, made from site.yaml: `/_headers`.

Netlify reads `_headers` from the published folder (and `serve --headers` does too), so the
policy is part of each build and always matches its content: images may come only from
this site and from the tile server named in site.yaml, and a deploy preview that changes
the tile server carries its own policy. Caching and redirects stay in netlify.toml.

- No 'unsafe-inline': pages have no inline script or style.
- Pagefind compiles its WebAssembly ('wasm-unsafe-eval') and starts a worker from a blob.
- `data:` images: Leaflet cancels a tile it no longer needs by pointing it at an empty
  data: GIF (`emptyImageUrl`); only img-src allows them, and an image runs no script.
- Forms post only to this site (Netlify Forms); no one may frame the site.
- Strict-Transport-Security unless site.yaml says `hsts: false` (a host without HTTPS).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from site_tools.content.model import SiteConfig
from site_tools.outputs.write import SiteWriter

HEADERS_FILE = "_headers"
HSTS = "max-age=31536000"  # a year; no includeSubDomains: other hosts of the city are not ours to bind
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"


def tile_origin(tile_url: str) -> str:
    """The origin map images come from: "https://tile.openstreetmap.org", "{s}." subdomains as "*."."""
    parts = urlsplit(tile_url.replace("{s}", "s-placeholder"))
    host = (parts.hostname or "").replace("s-placeholder", "*")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def content_security_policy(site: SiteConfig) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": "'self' 'wasm-unsafe-eval'",
        "worker-src": "'self' blob:",
        "style-src": "'self'",
        "img-src": f"'self' data: {tile_origin(site.map.tiles.url)}",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(site: SiteConfig) -> dict[str, str]:
    """The headers every response of the site carries."""
    headers = {"Content-Security-Policy": content_security_policy(site)}
    if site.hsts:
        headers["Strict-Transport-Security"] = HSTS
    headers |= {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": PERMISSIONS,
        "X-Frame-Options": "DENY",
    }
    return headers


def write_host_headers(writer: SiteWriter, site: SiteConfig) -> None:
    """Write /_headers in Netlify's format: a path pattern, then its headers indented."""
    lines = [
        "# Written by the build from content/site.yaml (site_tools/outputs/host_headers.py); edit those, not this.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in security_headers(site).items()]
    writer.write_text(HEADERS_FILE, "\n".join(lines) + "\n")
