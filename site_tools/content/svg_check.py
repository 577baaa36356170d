"""Check an SVG image from the content (the campaign sticker) before the site serves it.

An SVG opened on its own is a document that runs scripts, event handlers and embedded HTML,
and it can fetch from other hosts. The sticker arrives by pull request like every record,
so it may hold only drawing: SVG elements without scripts, handlers, foreignObject,
animation of attributes, external references or a DOCTYPE (entities). Whatever else is
found is reported with its line and column; the build refuses the file rather than
rewriting it, so what the site serves is exactly what was reviewed.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Editors write their own data in these; browsers ignore it.
METADATA_NS = frozenset(
    {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://creativecommons.org/ns#",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.inkscape.org/namespaces/inkscape",
    }
)
# SVG elements that run code, embed other documents or change attributes after loading.
FORBIDDEN_ELEMENTS = frozenset(
    {
        "script",
        "foreignObject",
        "iframe",
        "embed",
        "object",
        "audio",
        "video",
        "canvas",
        "handler",
        "listener",
        "set",
        "animate",
        "animateMotion",
        "animateTransform",
        "animateColor",
        "discard",
    }
)
FORBIDDEN_LOWER = frozenset(name.lower() for name in FORBIDDEN_ELEMENTS)
# Only references inside the file, or embedded raster images.
_SAFE_REFERENCE = re.compile(r"#[^\s]*|data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*", re.IGNORECASE)
# What a url( points at: its first character after blanks and an opening quote must be "#".
_URL_TARGET = re.compile(r"url\(\s*['\"]?\s*(.?)", re.IGNORECASE)
_CSS_DANGER = re.compile(r"image-set|expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.IGNORECASE)


@dataclass(frozen=True)
class SvgProblem:
    line: int
    column: int
    message: str


def svg_problems(data: bytes) -> list[SvgProblem]:
    """Everything in `data` that an image served by the site may not contain; [] if it is plain drawing."""
    checker = _Checker()
    try:
        checker.parser.Parse(data, True)
    except _Stop:
        pass
    except xml.parsers.expat.ExpatError as exc:
        checker.add(f"not well-formed XML: {xml.parsers.expat.ErrorString(exc.code)}", exc.lineno, exc.offset + 1)
    if not checker.problems and not checker.saw_root:
        checker.add("not an SVG image", 1, 1)
    return checker.problems


class _Stop(Exception):
    """Reading ends here: what follows must not even be parsed."""


class _Checker:
    def __init__(self) -> None:
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.entity
        self.parser.ProcessingInstructionHandler = self.instruction
        self.problems: list[SvgProblem] = []
        self.saw_root = False
        self.open: list[str] = []
        self.style_text: list[str] = []  # a <style>'s text comes in pieces (entities, CDATA): checked whole

    def add(self, message: str, line: int | None = None, column: int | None = None) -> None:
        where_line = self.parser.CurrentLineNumber if line is None else line
        where_column = self.parser.CurrentColumnNumber + 1 if column is None else column
        self.problems.append(SvgProblem(where_line, where_column, message))

    def doctype(self, name: str, *_: object) -> None:
        self.add("a DOCTYPE is not allowed (it can declare entities); delete it")
        raise _Stop  # before any entity is declared, let alone expanded

    def entity(self, name: str, *_: object) -> None:
        self.add(f"the entity {name} is not allowed; write the text out")
        raise _Stop

    def instruction(self, target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.add("an xml-stylesheet instruction loads a stylesheet from elsewhere; delete it")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if not self.saw_root:
            self.saw_root = True
            if (namespace, local) != (SVG_NS, "svg"):
                self.add(f'the file must start with <svg xmlns="{SVG_NS}">')
        self.open.append(local)
        if local == "style":
            self.style_text = []
        if namespace in METADATA_NS:  # an editor's notes; what stands inside them is checked as usual
            return
        if namespace != SVG_NS:
            self.add(f"<{local}> from {namespace or 'no namespace'} is not SVG drawing; delete it")
        elif local.lower() in FORBIDDEN_LOWER:
            self.add(f"<{local}> is not allowed in an image the site serves (it runs code or changes the image)")
        for attribute, value in attributes.items():
            self.check_attribute(attribute, value)

    def check_attribute(self, attribute: str, value: str) -> None:
        namespace, _, local = attribute.rpartition(" ")
        shown = f"xlink:{local}" if namespace == XLINK_NS else local
        if local.lower().startswith("on"):
            self.add(f"the event handler {shown} is not allowed; delete it")
        elif namespace == "http://www.w3.org/XML/1998/namespace" and local == "base":
            self.add("xml:base is not allowed; links must point inside the file")
        elif local == "href" and not _SAFE_REFERENCE.fullmatch(value.strip()):
            self.add(f'{shown}="{value[:60]}" points outside the file; only "#id" references are allowed')
        elif local == "style":
            self.check_css(value, shown)
        else:  # presentation attributes take CSS values too: fill="url(…)"
            self.check_css_values(value, shown)

    def check_css(self, css: str, where: str) -> None:
        """A style sheet or style attribute: plain properties only, references inside the file only."""
        if "\\" in css:
            self.add(f"{where} uses a CSS escape (\\), which can hide what the CSS does; write the text plainly")
        if "@" in css:
            self.add(f"{where} uses a CSS at-rule (@…), which can load from elsewhere; delete it")
        self.check_css_values(css, where)

    def check_css_values(self, css: str, where: str) -> None:
        danger = _CSS_DANGER.search(css)
        if danger:
            self.add(f"{where} holds CSS that loads or runs something ({danger.group(0)})")
        if any(target.group(1) != "#" for target in _URL_TARGET.finditer(css)):
            self.add(f"{where} uses a url() that points outside the file; only url(#id) is allowed")

    def text(self, data: str) -> None:
        if self.open and self.open[-1] == "style":
            self.style_text.append(data)

    def end(self, _name: str) -> None:
        if self.open.pop() == "style":
            self.check_css("".join(self.style_text), "<style>")
