"""QR codes for the printable company leaflet, as inline SVG made at build time."""

from __future__ import annotations

import functools
import html

import segno
from markupsafe import Markup


@functools.lru_cache(maxsize=4096)
def qr_svg(url: str, label: str) -> Markup:
    """An inline SVG QR code for `url`; `label` names it for screen readers.

    The mask is fixed: scanners read any of the eight, and choosing the best one costs
    five times as long, which matters for 10,000 companies.
    """
    code = segno.make(url, error="m", micro=False, mask=0)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None, title=label)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
    return Markup(svg)  # safe: segno's own markup; the label is escaped
