"""The home page: ways in by life situation, the newest offers, the campaign's figures, the way in for companies."""

from __future__ import annotations

from typing import Any

from site_tools.pages.cards import offer_card
from site_tools.pages.common import LanguageSite
from site_tools.pages.plan import PageSpec


def home_page(site: LanguageSite, spec: PageSpec) -> tuple[str, dict[str, Any]]:
    groups = site.content.taxonomies.get("target_groups", {})
    return "home.html", {
        "page": site.meta(spec, site.loc.label(site.site.name), site.loc.label(site.site.tagline)),
        "campaign": site.loc.label(site.site.campaign.name),
        "entry_points": [
            {
                "label": site.loc.label(term.label),
                "description": site.loc.optional_text(term.description),
                "url": site.term_url("target_groups", term_id),
            }
            for term_id, term in groups.items()
        ],
        "newest": [offer_card(site, offer) for offer in site.index.newest_offers],
        "company_count": len(site.content.companies),
        "venue_count": len(site.content.venues),
        "offer_count": len(site.index.active_offers),
        # Companies' way in: the static page on how to join the campaign, where the site has one.
        "employers_url": site.url("employers/") if "employers" in site.content.pages else "",
    }
