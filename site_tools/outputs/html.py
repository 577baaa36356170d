"""Render every page in every language with Jinja2, in several processes for large sites.

Templates get autoescaping and StrictUndefined (a missing value is an error, not an empty
string), translations through jinja2's i18n extension, and exactly the context that
the page kind modules of site_tools/pages/ declare for them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from site_tools.outputs.write import SiteWriter, write_page
from site_tools.pages.contexts import PageContexts
from site_tools.pages.i18n import Text
from site_tools.pages.plan import PageSpec, SiteIndex
from site_tools.parallel import map_chunks, worker_count
from site_tools.paths import PROJECT_ROOT

TEMPLATE_DIR = PROJECT_ROOT / "templates"
# Partials the same on every page of a language: `footer_html` is templates/_footer.html.
SHARED_PARTS = ("footer_html", "search_form_html")
# Below this many pages, starting processes costs more than it saves.
PARALLEL_FROM = 2000


def _language_attributes(t: Text) -> str:
    return f' lang="{t.language}" dir="{t.dir}"' if t.marked else ""


def text(t: Text) -> Markup:
    """Record text inline; a German fallback or name on another language's page is wrapped with its lang and dir."""
    if t.marked:
        return Markup(f"<span{_language_attributes(t)}>{escape(t.value)}</span>")
    return escape(t.value)


def paragraph(t: Text, css_class: str = "") -> Markup:
    """Record text as a paragraph, marked like `text`."""
    class_attribute = f' class="{css_class}"' if css_class else ""
    return Markup(f"<p{class_attribute}{_language_attributes(t)}>{escape(t.value)}</p>")


def prose(t: Text, html: Markup) -> Markup:
    """Rendered Markdown of a record, in a block marked like `text`."""
    return Markup(f'<div class="prose"{_language_attributes(t)}>\n{html}\n</div>')


def bdi(name: str | Text, direction: str = "") -> Markup:
    """A name from content inside other text: isolated, so its direction cannot turn the text around it.

    A `Text` (the templates' `name()`, Localizer.name) also carries its language where it is
    not the page's; `direction` fixes the direction where it must not be guessed (addresses).
    """
    attributes = f' dir="{direction}"' if direction else ""
    if isinstance(name, Text):
        attributes = (f' lang="{name.language}"' if name.marked else "") + attributes
        name = name.value
    return Markup(f"<bdi{attributes}>{escape(name)}</bdi>")


def isolate(name: str) -> str:
    """Plain text isolated like <bdi>, for places without markup (<title>): U+2068 … U+2069."""
    return f"\u2068{name}\u2069"


def make_environment(contexts: PageContexts) -> Environment:
    """A Jinja2 environment for one language."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        auto_reload=False,  # templates do not change during a build: no stat() per page
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Old-style gettext: a plain call per string; autoescaping escapes what it returns.
    environment.install_gettext_translations(contexts.loc.translations, newstyle=False)  # type: ignore[attr-defined]
    # Called dozens of times per page: Python functions, far cheaper than Jinja macros.
    environment.globals.update(text=text, paragraph=paragraph, prose=prose, bdi=bdi, isolate=isolate)
    # name("Bäckerei Mohnkorn"): a German proper name, marked lang="de" on other languages' pages.
    environment.globals["name"] = contexts.loc.name
    return environment


class _Renderer:
    """Renders pages of any language; one per process, languages set up on first use."""

    def __init__(self, index: SiteIndex, assets: dict[str, str]) -> None:
        self.index = index
        self.assets = assets
        self._languages: dict[str, tuple[PageContexts, Environment]] = {}

    def render(self, language: str, spec: PageSpec) -> tuple[str, bool]:
        """The page's HTML, and whether it goes into the search index."""
        language = language or self.index.content.site.languages[0]  # entry pages: the default
        if language not in self._languages:
            contexts = PageContexts(self.index, language, self.assets)
            environment = make_environment(contexts)
            # Parts that are the same on every page of a language are rendered once.
            common = contexts.common()
            environment.globals.update(
                {
                    name: Markup(environment.get_template(f"_{name.removesuffix('_html')}.html").render(common))
                    for name in SHARED_PARTS
                }
            )
            self._languages[language] = (contexts, environment)
        contexts, environment = self._languages[language]
        template, context = contexts.build(spec)
        return environment.get_template(template).render(context), context["search"] is not None


@dataclass
class RenderReport:
    pages: int
    searchable: Counter[str]  # language -> pages written for the search index


def render_pages(
    index: SiteIndex, specs: list[PageSpec], entry_specs: list[PageSpec], writer: SiteWriter, assets: dict[str, str]
) -> RenderReport:
    """Render every spec in every site language, and the entry pages; say how many pages of each kind."""
    # Spec-major order: the pages of one record in all languages land in one chunk, so a
    # worker makes the record's shared parts (its QR code) once.
    jobs = [(language, spec) for spec in specs for language in index.content.site.languages]
    jobs += [("", spec) for spec in entry_specs]  # no language: "/" and the QR code addresses
    targets = writer.claim([spec.file(language) for language, spec in jobs])
    work = list(zip(jobs, targets, strict=True))
    # Workers set up each language on first use, after the fork.
    searchable = map_chunks(_render_work, _Renderer(index, assets), work, worker_count(len(work), PARALLEL_FROM), 32)
    return RenderReport(len(work), sum(searchable, Counter()))


def _render_work(renderer: _Renderer, work: list[tuple[tuple[str, PageSpec], Path]]) -> Counter[str]:
    """Write each page; count the searchable ones per language (the search stage checks its index by them)."""
    searchable: Counter[str] = Counter()
    for (language, spec), target in work:
        html, indexed = renderer.render(language, spec)
        write_page(target, html)
        if indexed:
            searchable[language] += 1
    return searchable
