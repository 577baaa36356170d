"""The search page: Pagefind's UI, with topics to browse while the index loads."""

from __future__ import annotations

from typing import Any

from site_tools.content.model import Offer
from site_tools.pages.common import LanguageSite
from site_tools.pages.plan import PageSpec


def search_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    _ = site._
    return "search.html", {
        "page": site.meta(spec, _("Search"), _("Search offers, companies and counselling venues")),
        "search_ui": site.assets.get("search_ui", ""),
        "topics": site.chip_group(_("Offers by topic"), "topics", Offer),
    }
