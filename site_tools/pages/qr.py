"""QR codes for the printable company leaflet, as inline SVG made at build time."""

from __future__ import annotations

import functools
import re

import segno
from markupsafe import Markup

BORDER = 2  # quiet zone in modules; the leaflet's white margin adds to it
_DARK_RUN = re.compile(rb"[^\x00]+")  # a run of dark modules in one row of segno's matrix


@functools.lru_cache(maxsize=4096)
def qr_svg(url: str) -> Markup:
    """An inline SVG QR code for `url`, hidden from screen readers: its caption says what it is.

    segno encodes; the SVG is drawn here as one path of horizontal runs, which is
    several times faster than segno's writer. The mask is fixed: scanners read any of
    the eight, and trying all of them costs five times as long (10,000 companies).
    """
    code = segno.make(url, error="m", micro=False, mask=0)
    size = len(code.matrix) + 2 * BORDER
    # One stroked line per run of dark modules, each move relative to the last: the path
    # is about half the size of one with closed rectangles, on 10,000 pages.
    moves: list[str] = []
    x, y = 0, 0.0
    for row, modules in enumerate(code.matrix):
        for run in _DARK_RUN.finditer(bytes(modules)):
            start, length, middle = run.start() + BORDER, len(run.group()), row + BORDER + 0.5
            moves.append(f"m{start - x} {middle - y:g}h{length}" if moves else f"M{start} {middle:g}h{length}")
            x, y = start + length, middle
    return Markup(  # safe: our own markup, numbers only
        f'<svg class="qr" viewBox="0 0 {size} {size}" aria-hidden="true" focusable="false">'
        f'<path stroke="#000" d="{"".join(moves)}"/></svg>'
    )
