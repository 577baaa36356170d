"""What the search index learns about a page beyond its text: filters and result metadata."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from site_tools.pages.labels import SEARCH_FILTER_NAMES, SEARCH_TYPE_LABELS

if TYPE_CHECKING:  # common.py makes one FacetMaker per language
    from site_tools.pages.common import LanguageSite
    from site_tools.pages.i18n import Text

SUMMARY_LENGTH = 160  # characters of a search result's summary


def inert_for_pagefind(text: str) -> str:
    """A filter name or value as Pagefind's UI may show it: it puts them into innerHTML.

    Escaping does not survive: Pagefind decodes entities, even twice escaped ones, before it
    stores a filter. So a WORD JOINER (U+2060, invisible) follows each "<" and "&": a "<" not
    followed by a letter opens no tag, an "&" not followed by a name starts no entity.
    """
    return text.replace("&", "&\u2060").replace("<", "<\u2060")


@dataclass
class SearchFacets:
    """What the search index learns about a page beyond its text: filters and result metadata."""

    filters: list[tuple[str, str]]  # (filter name, value), made inert for Pagefind's UI; a name may repeat
    # (key, value); "summary" is shown in place of an empty excerpt; "title_lang_LL" and
    # "text_lang_LL" say that a result's title or excerpt is in language LL, not the page's (search.js)
    meta: list[tuple[str, str]]


class FacetMaker:
    """Makes the facets of each searchable page in one language; filter names are translated once.

    Called as `site.search_facets(kind, summary, ...)` (common.LanguageSite makes one per language).
    """

    def __init__(self, site: LanguageSite) -> None:
        self.site = site
        self.filter_names = {name: inert_for_pagefind(site._(label)) for name, label in SEARCH_FILTER_NAMES.items()}

    def __call__(
        self,
        kind: str,
        summary: str,
        *,
        target_groups: list[str] | None = None,
        topics: list[str] | None = None,
        branches: list[str] | None = None,
        districts: list[str] | None = None,
        citywide: bool = False,
        languages: list[str] | None = None,
        free: bool = False,
        title: Text | None = None,
        text: Text | None = None,
    ) -> SearchFacets:
        """Filters and metadata for one page, all labels in the page's language.

        `title` and `text` are the page's title and main text: a German name or fallback among
        them is marked lang="de" in the search results.
        """
        site = self.site
        _ = site._
        type_label = _(SEARCH_TYPE_LABELS[kind])
        district_labels = ([_("Citywide")] if citywide else []) + site.term_labels("districts", districts or [])
        values = {
            "type": [type_label],
            "target_group": site.term_labels("target_groups", target_groups or []),
            "topic": site.term_labels("topics", topics or []),
            "branch": site.term_labels("branches", branches or []),
            "district": district_labels,
            "language": [site.loc.language_name(code) for code in languages or []],
            "cost": [_("Free of charge")] if free else [],
        }
        names = self.filter_names
        filters = [(names[name], inert_for_pagefind(value)) for name, labels in values.items() for value in labels]
        meta = [(_("Type"), type_label)]
        if district_labels:
            meta.append((_("District"), site.loc.join(district_labels)))
        # Short: it only stands in for an excerpt, and every word of metadata is indexed again.
        meta.append(("summary", textwrap.shorten(summary, SUMMARY_LENGTH, placeholder=" …")))
        # The language goes into the key: Pagefind indexes metadata values, and "de" is a word
        # (in Turkish, for one); a lone "-" gives it nothing to find.
        for key, shown in (("title_lang", title), ("text_lang", text)):
            if shown is not None and shown.language != site.language:
                meta.append((f"{key}_{shown.language}", "-"))
        return SearchFacets(filters, meta)
