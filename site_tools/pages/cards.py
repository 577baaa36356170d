"""Cards: an offer, company or venue as one entry of a list, the home page or a venue page.

Each card says what it is (kind), where (districts, or citywide) and, for offers with
dates ahead, when: the next session, or the first day of a course that has not begun.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from site_tools.content.model import Company, Offer, Venue
from site_tools.pages.common import LanguageSite
from site_tools.pages.i18n import N_, Text
from site_tools.pages.labels import OFFER_KIND_LABELS, VENUE_KIND_LABELS

NEXT_DATE = N_("Next date")
STARTS = N_("Starts")


def district_names(site: LanguageSite, district_ids: list[str]) -> list[Text]:
    """District names: German place names in every language (as on street signs), marked so."""
    names = []
    for district_id in district_ids:
        link = site.district_link(district_id)
        if link is not None:
            names.append(site.loc.name(link.label))
    return names


def next_date(site: LanguageSite, offer: Offer) -> dict[str, str] | None:
    """The offer's next session, or the start of a course still ahead; None when no date lies ahead."""
    if offer.dates is None:
        return None
    today = site.index.today
    # As on the offer page: a session is past from the day after it ends.
    ahead = [s for s in offer.dates.sessions if (s.end or s.start).date() >= today]
    if ahead:
        start = min(s.start for s in ahead)
        return {"label": site._(NEXT_DATE), "text": site.loc.datetime(start), "iso": start.strftime("%Y-%m-%dT%H:%M")}
    first: dt.date | None = offer.dates.start
    if first is not None and first >= today:
        return {"label": site._(STARTS), "text": site.loc.date(first), "iso": first.isoformat()}
    return None


def offer_card(site: LanguageSite, offer: Offer) -> dict[str, Any]:
    where = [Text(site._("Citywide"), site.language, fallback=False)] if offer.citywide else []
    return {
        "group": "",
        "title": site.loc.text(offer.title),
        "summary": site.loc.text(offer.summary),
        "kind": site._(OFFER_KIND_LABELS[offer.kind]),
        "url": site.offer_url(offer),
        "where": where + district_names(site, offer.districts),
        "comma": site.loc.comma,
        "when": next_date(site, offer),
        "free": offer.cost.free,
    }


def company_card(site: LanguageSite, company: Company) -> dict[str, Any]:
    return {
        "group": "",
        "title": site.loc.name(company.name),  # names are not translated: German, marked so
        "summary": site.loc.text(company.description),
        "kind": site.loc.join(site.term_labels("branches", company.branches)),
        "url": site.company_url(company),
        "where": district_names(site, [company.address.district]),
        "comma": site.loc.comma,
        "when": None,
        "free": False,
    }


def venue_card(site: LanguageSite, venue: Venue) -> dict[str, Any]:
    return {
        "group": "",
        "title": site.loc.name(venue.name),
        "summary": site.loc.optional_text(venue.description),
        "kind": site._(VENUE_KIND_LABELS[venue.kind]),
        "url": site.venue_url(venue),
        "where": district_names(site, [venue.address.district]),
        "comma": site.loc.comma,
        "when": None,
        "free": False,
    }


def card(site: LanguageSite, item: Offer | Company | Venue) -> dict[str, Any]:
    if isinstance(item, Offer):
        return offer_card(site, item)
    if isinstance(item, Company):
        return company_card(site, item)
    return venue_card(site, item)
