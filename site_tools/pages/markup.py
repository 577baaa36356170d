"""Markdown from records to safe HTML.

Record text arrives by pull request and is untrusted. Markdown is converted, then the
HTML is cleaned by nh3 (the Rust sanitiser ammonia) against an allow-list: raw HTML
such as <script>, <iframe>, <svg onload> or <img onerror> is removed, links keep only
http, https, mailto and tel addresses, and every link gets rel="noopener". Phone numbers
in the text are then isolated left to right, for Arabic pages.
"""

from __future__ import annotations

import functools
import re

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote",
    "h2", "h3", "h4", "h5", "h6", "code", "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# Dropped with everything inside them, not just their tags.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript"}

# A phone number: "+49 234 000000", "0234 910-1234". In an Arabic sentence its blocks would be
# laid out right to left ("000000 234 +49"); <bdi dir="ltr"> keeps the number one run.
PHONE_NUMBER = re.compile(r"(?<![\w+])(?:\+\d{1,3}|0\d{2,5})(?:[ /-]?\d{2,})+")
TAG = re.compile(r"(<[^>]*>)")  # nh3 escapes "<" in text, so every "<" starts a tag

_converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")


@functools.lru_cache(maxsize=8192)
def render_markdown(text: str, shift: int = 0, highest: int = 2) -> Markup:
    """Turn untrusted Markdown into HTML that is safe to put into a page.

    Headings move down by `shift` levels and never above `highest`: a static page's "##"
    stays h2 under the page's h1; a record description (shift 1, highest 3) sits under
    the page's own h2 sections.
    """
    html = _converter.reset().convert(text)
    for level in range(6, 0, -1) if shift else range(1, 7):  # never move a heading twice
        new = max(highest, min(level + shift, 6))
        if new != level:
            html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    return Markup(_isolate_phone_numbers(cleaned))  # safe: cleaned by nh3, then only <bdi> added


def _isolate_phone_numbers(html: str) -> str:
    """Wrap each phone number in the text (not in tags) in <bdi dir="ltr">."""
    isolated = r'<bdi dir="ltr">\g<0></bdi>'
    return "".join(part if part.startswith("<") else PHONE_NUMBER.sub(isolated, part) for part in TAG.split(html))
