"""The template and context of each page in one language: which page kind module builds it.

One module per kind of page, like Pelican's one generator per kind: home.py, lists.py (lists
and term pages), records.py (offer, company, venue), map_page.py, search_page.py and static.py
(static pages, the contact form's answer, entry pages, 404). They share common.LanguageSite.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from site_tools.pages import home, lists, map_page, records, search_page, static
from site_tools.pages.common import LanguageSite
from site_tools.pages.i18n import Localizer
from site_tools.pages.plan import PageSpec, SiteIndex

PageBuilder = Callable[[LanguageSite, PageSpec], tuple[str, dict[str, Any]]]

# PageSpec.kind (plan.py) -> the function that makes that page's template name and context.
PAGE_KINDS: dict[str, PageBuilder] = {
    "home": home.home_page,
    "offers": lists.offers_page,
    "companies": lists.companies_page,
    "venues": lists.venues_page,
    "term": lists.term_page,
    "offer": records.offer_page,
    "company": records.company_page,
    "venue": records.venue_page,
    "map": map_page.map_page,
    "search": search_page.search_page,
    "static": static.static_page,
    "contact_sent": static.contact_sent_page,
    "entry": static.entry_page,
    "not_found": static.not_found_page,
}


class PageContexts:
    """Builds the declared context of each page in one language."""

    def __init__(self, index: SiteIndex, language: str, assets: dict[str, str]) -> None:
        self.site = LanguageSite(index, language, assets)

    @property
    def loc(self) -> Localizer:
        return self.site.loc

    def common(self) -> dict[str, Any]:
        """What every page shows: site name, navigation, footer, assets."""
        return self.site.common()

    @cached_property
    def _common(self) -> dict[str, Any]:
        return self.common()

    def build(self, spec: PageSpec) -> tuple[str, dict[str, Any]]:
        """The template and context of one page."""
        template, context = PAGE_KINDS[spec.kind](self.site, spec)
        return template, {**self._common, **context}
