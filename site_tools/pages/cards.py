"""Cards: an offer, company or venue as one entry of a list, the home page or a venue page."""

from __future__ import annotations

from typing import Any

from site_tools.content.model import Company, Offer, Venue
from site_tools.pages.common import LanguageSite
from site_tools.pages.i18n import Text
from site_tools.pages.labels import OFFER_KIND_LABELS, VENUE_KIND_LABELS


def offer_card(site: LanguageSite, offer: Offer) -> dict[str, Any]:
    return {
        "group": "",
        "title": site.loc.text(offer.title),
        "summary": site.loc.text(offer.summary),
        "kind": site._(OFFER_KIND_LABELS[offer.kind]),
        "url": site.offer_url(offer),
        "district": "",
        "free": offer.cost.free,
    }


def company_card(site: LanguageSite, company: Company) -> dict[str, Any]:
    district = site.district_link(company.address.district)
    return {
        "group": "",
        "title": Text(company.name, site.language, fallback=False),  # names are not translated
        "summary": site.loc.text(company.description),
        "kind": ", ".join(site.term_labels("branches", company.branches)),
        "url": site.company_url(company),
        "district": district.label if district else "",
        "free": False,
    }


def venue_card(site: LanguageSite, venue: Venue) -> dict[str, Any]:
    district = site.district_link(venue.address.district)
    return {
        "group": "",
        "title": Text(venue.name, site.language, fallback=False),
        "summary": site.loc.optional_text(venue.description),
        "kind": site._(VENUE_KIND_LABELS[venue.kind]),
        "url": site.venue_url(venue),
        "district": district.label if district else "",
        "free": False,
    }


def card(site: LanguageSite, item: Offer | Company | Venue) -> dict[str, Any]:
    if isinstance(item, Offer):
        return offer_card(site, item)
    if isinstance(item, Company):
        return company_card(site, item)
    return venue_card(site, item)
