"""The site as a whole: site.yaml beyond its shape, taxonomy terms, and the pages."""

from __future__ import annotations

from site_tools.content.checks import places, translations
from site_tools.content.checks.context import CheckContext
from site_tools.content.checks.hints import did_you_mean_language
from site_tools.content.checks.references import check_terms, report_duplicates
from site_tools.content.load import RawContent, RawRecord, display_path
from site_tools.content.model import REQUIRED_PAGES, Page, SiteConfig, Term
from site_tools.content.strict_yaml import MAX_FILE_BYTES, too_large_message
from site_tools.content.svg_check import svg_problems
from site_tools.errors import Problem, Severity


def check_site(context: CheckContext, source: RawRecord, site: SiteConfig) -> None:
    """Check site.yaml: its languages, map, HTTPS, sticker file and texts."""
    _check_languages(context, source, site)
    places.check_map_settings(context, source, site.map)
    if site.hsts and site.base_url.startswith("http://"):
        context.problems.add(
            source,
            ("hsts",),
            "base_url is http://, so the site has no HTTPS: set hsts: false, or give the https:// address",
        )
    _check_sticker(context, source, site.campaign.sticker)
    translations.check_texts(context, source, site)


def check_taxonomy(context: CheckContext, source: RawRecord, terms: dict[str, Term]) -> None:
    """Check each term's borough and texts."""
    for term_id, term in terms.items():
        borough = getattr(term, "borough", None)
        if borough is not None:
            check_terms(context, source, (term_id, "borough"), [borough], "boroughs", single=True)
        translations.check_texts(context, source, term, (term_id,))


def check_pages(context: CheckContext, raw: RawContent, pages: dict[str, dict[str, Page]]) -> None:
    """Check that each page is in a site language and every required page is there in German."""
    if context.site is None:
        return
    site_languages = set(context.site.languages)
    for source in raw.pages:
        if source.language not in site_languages:
            context.problems.add(
                source,
                (),
                f'language "{source.language}" is not one of the site languages ({", ".join(context.site.languages)})'
                + did_you_mean_language(source.language, site_languages),
            )
    page_dir = raw.root / "pages"
    for page_id in REQUIRED_PAGES:
        if "de" not in pages.get(page_id, {}):
            context.problems.items.append(
                Problem(
                    display_path(page_dir / f"{page_id}.de.md"),
                    1,
                    1,
                    Severity.ERROR,
                    "",
                    "required page is missing (every site needs it in German)",
                )
            )


def _check_languages(context: CheckContext, source: RawRecord, site: SiteConfig) -> None:
    report_duplicates(context.problems, source, ("languages",), site.languages)
    if "de" not in site.languages:
        context.problems.add(source, ("languages",), 'must include "de": every record is written in German first')
    known_languages = context.term_ids.get("languages")
    if known_languages is not None:
        for index, code in enumerate(site.languages):
            if code not in known_languages:
                context.problems.add(
                    source,
                    ("languages", index),
                    f'"{code}" is not in taxonomies/languages.yaml; add it there with its native name',
                )


def _check_sticker(context: CheckContext, source: RawRecord, sticker: str) -> None:
    # The build copies this file into the public site: it must come from the content folder.
    root = context.root.resolve()
    path = (context.root / sticker).resolve()
    if not path.is_relative_to(root) or (context.root / sticker).is_symlink():
        context.problems.add(
            source, ("campaign", "sticker"), "must be a file inside the content folder, e.g. assets/sticker.svg"
        )
    elif not path.is_file():
        context.problems.add(
            source, ("campaign", "sticker"), f"file not found: {sticker} (relative to the content folder)"
        )
    elif path.suffix != ".svg":
        context.problems.add(source, ("campaign", "sticker"), "must be an SVG image (.svg), e.g. assets/sticker.svg")
    elif (size := path.stat().st_size) > MAX_FILE_BYTES:
        context.problems.add(source, ("campaign", "sticker"), too_large_message(size))
    else:
        # The site serves the file as it is: it may hold drawing only (svg_check.py).
        shown = display_path(context.root / sticker)
        for problem in svg_problems(path.read_bytes()):
            context.problems.items.append(
                Problem(shown, problem.line, problem.column, Severity.ERROR, "", problem.message)
            )
