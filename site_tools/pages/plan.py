"""Which pages the site has and at which address, before any language.

Every page exists once per language at /{lang}/{rel}, where `rel` is the same in every
language; that makes the language switcher and hreflang alternates a matter of swapping
the first path segment. `plan_pages` lists the pages without language; the modules beside
this one make each kind of page's context in one language.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from site_tools.content.model import Company, Offer, Venue
from site_tools.content.validate import Content

PER_PAGE = 50
NEWEST_OFFERS = 6
# Taxonomies that get a page per term, and where those pages live.
TERM_SECTIONS = {
    "target_groups": "target-groups",
    "topics": "topics",
    "districts": "districts",
    "branches": "branches",
    "languages": "languages",  # offers, venues and companies in a language
}
# Offer fields that are no taxonomy but are filters of the offer list all the same: a page per
# value that some offer has (formats/online/, cost/free/), so the filters work as plain links.
OFFER_FILTER_SECTIONS = {"formats": "formats", "cost": "cost"}
COST_FREE = "free"  # the one value of the "cost" filter (cost/free/)
FILTER_SECTIONS = TERM_SECTIONS | OFFER_FILTER_SECTIONS


def filter_rel(taxonomy: str, value: str) -> str:
    """A term's or filter value's page below /LANG/: "topics/recognition/", "formats/in-person/"."""
    return f"{FILTER_SECTIONS[taxonomy]}/{value.replace('_', '-')}/"  # in_person: a model value, not a slug


@dataclass(frozen=True)
class PageSpec:
    """A page without its language: what it shows and where it lives below /{lang}/."""

    kind: str
    rel: str
    key: str = ""
    number: int = 1
    pages: int = 1

    def file(self, language: str) -> str:
        """The file below the site root, e.g. "de/offers/x/index.html" ("" for entry pages)."""
        folder = f"{language}/{self.rel}" if language else self.rel
        return folder + ("" if self.rel.endswith(".html") else "index.html")


@dataclass
class SiteIndex:
    """Language-independent lookups every page may need, computed once per build."""

    content: Content
    today: dt.date

    @cached_property
    def active_offers(self) -> dict[str, Offer]:
        """Offers still running: expired ones leave every list (their page stays)."""
        return {i: offer for i, offer in self.content.offers.items() if not self.is_expired(offer)}

    def is_expired(self, offer: Offer) -> bool:
        return offer.expires is not None and offer.expires < self.today

    @cached_property
    def offers_at_venue(self) -> dict[str, list[Offer]]:
        found: dict[str, list[Offer]] = defaultdict(list)
        for offer in self.active_offers.values():
            venues = set(offer.venues)
            if offer.dates is not None:
                venues.update(session.venue for session in offer.dates.sessions if session.venue)
            for venue_id in sorted(venues):
                found[venue_id].append(offer)
        return found

    @cached_property
    def by_term(self) -> dict[tuple[str, str], tuple[list[Offer], list[Venue], list[Company]]]:
        """(taxonomy, term id) -> offers, venues and companies that belong to the term."""
        found: dict[tuple[str, str], tuple[list[Offer], list[Venue], list[Company]]] = defaultdict(lambda: ([], [], []))
        for offer in self.active_offers.values():
            for taxonomy, ids in (
                ("target_groups", offer.target_groups),
                ("topics", offer.topics),
                ("districts", offer.districts),
                ("languages", offer.languages),
                ("formats", offer.formats),
                ("cost", [COST_FREE] if offer.cost.free else []),
            ):
                for term_id in ids:
                    found[(taxonomy, term_id)][0].append(offer)
        for venue in self.content.venues.values():
            found[("districts", venue.address.district)][1].append(venue)
            for language in venue.languages:
                found[("languages", language)][1].append(venue)
        for company in self.content.companies.values():
            found[("districts", company.address.district)][2].append(company)
            for language in company.languages:
                found[("languages", language)][2].append(company)
            for branch in company.branches:
                found[("branches", branch)][2].append(company)
        return found

    @cached_property
    def newest_offers(self) -> list[Offer]:
        """Most recently checked first; the id breaks ties so builds stay identical."""
        ordered = sorted(self.active_offers.values(), key=lambda offer: offer.id)
        return sorted(ordered, key=lambda offer: offer.reviewed, reverse=True)[:NEWEST_OFFERS]


def _page_count(items: int) -> int:
    return max(1, -(-items // PER_PAGE))


def _paged(kind: str, base: str, items: int, key: str = "") -> list[PageSpec]:
    count = _page_count(items)
    return [
        PageSpec(kind, base if number == 1 else f"{base}page/{number}/", key, number, count)
        for number in range(1, count + 1)
    ]


def plan_pages(index: SiteIndex) -> list[PageSpec]:
    """Every page of the site, once, without language."""
    content = index.content
    specs = [PageSpec("home", ""), PageSpec("search", "search/"), PageSpec("map", "map/")]
    specs.append(PageSpec("not_found", "404.html"))
    specs += _paged("offers", "offers/", len(index.active_offers))
    specs += [PageSpec("offer", f"offers/{offer_id}/", offer_id) for offer_id in content.offers]
    specs += _paged("companies", "companies/", len(content.companies))
    specs += [PageSpec("company", f"companies/{company_id}/", company_id) for company_id in content.companies]
    specs += _paged("venues", "venues/", len(content.venues))
    specs += [PageSpec("venue", f"venues/{venue_id}/", venue_id) for venue_id in content.venues]
    for taxonomy in TERM_SECTIONS:
        for term_id in content.taxonomies.get(taxonomy, {}):
            offers, venues, companies = index.by_term.get((taxonomy, term_id), ([], [], []))
            items = len(offers) + len(venues) + len(companies)
            specs += _paged("term", filter_rel(taxonomy, term_id), items, f"{taxonomy}:{term_id}")
    for field in OFFER_FILTER_SECTIONS:
        for value in sorted(value for key, value in index.by_term if key == field):
            offers = index.by_term[(field, value)][0]
            specs += _paged("term", filter_rel(field, value), len(offers), f"{field}:{value}")
    specs += [PageSpec("static", f"{page_id}/", page_id) for page_id in sorted(content.pages)]
    if "contact" in content.pages:
        specs.append(PageSpec("contact_sent", f"{CONTACT_SENT}/"))
    return specs


# The GitHub issue form companies without git sign up with (.github/ISSUE_TEMPLATE/).
JOIN_FORM = "betrieb-anmelden.yml"

# Where the contact form lands after sending (Netlify Forms answers a POST with this page).
CONTACT_SENT = "contact/sent"

# Pages whose main content goes into the search index (their builders set "search" facets).
SEARCHABLE_KINDS = ("offer", "company", "venue", "static")


def searchable_sections(specs: list[PageSpec]) -> list[str]:
    """Folders below /LANG/ that hold every searchable page, e.g. "offers/*" and "about".

    The indexer reads only these: lists and filter pages are never indexed.
    """
    sections = set()
    for spec in specs:
        if spec.kind in SEARCHABLE_KINDS:
            section, _, rest = spec.rel.rstrip("/").partition("/")
            sections.add(f"{section}/*" if rest else section)
    return sorted(sections)


def plan_entry_pages(index: SiteIndex) -> list[PageSpec]:
    """Pages without a language: `/` and the QR code address of each company.

    They send the visitor on to their browser's language (a script of ours) and list
    every language as plain links for everyone else.
    """
    return [PageSpec("entry", "")] + [PageSpec("entry", f"companies/{i}/", i) for i in index.content.companies]
