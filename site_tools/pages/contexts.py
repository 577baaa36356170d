"""Which pages the site has, at which address, and the context each template gets.

Every page exists once per language at /{lang}/{rel}, where `rel` is the same in every
language; that makes the language switcher and hreflang alternates a matter of swapping
the first path segment. `plan_pages` lists the pages without language; `PageContexts`
builds the declared context of one page in one language.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from site_tools.content.model import Company, GeoPoint, LanguageTerm, Offer, Term, Venue
from site_tools.content.validate import Content
from site_tools.pages.i18n import N_, Localizer, Text, native_name
from site_tools.pages.markup import render_markdown
from site_tools.pages.qr import qr_svg

PER_PAGE = 50
SUMMARY_LENGTH = 160  # characters of a search result's summary
NEWEST_OFFERS = 6
# Taxonomies that get a page per term, and where those pages live.
TERM_SECTIONS = {
    "target_groups": "target-groups",
    "topics": "topics",
    "districts": "districts",
    "branches": "branches",
}


OFFER_KIND_LABELS = {
    "counselling": N_("Counselling"),
    "course": N_("Course"),
    "qualification": N_("Qualification"),
    "event": N_("Event"),
    "programme": N_("Programme"),
}
OFFER_FORMAT_LABELS = {
    "in_person": N_("In person"),
    "online": N_("Online"),
    "phone": N_("By phone"),
    "outreach": N_("We come to you"),
}
VENUE_KIND_LABELS = {
    "jobcenter": N_("Jobcenter"),
    "employment_agency": N_("Employment agency"),
    "youth_career_agency": N_("Youth career agency"),
    "integration_centre": N_("Integration centre"),
    "counselling_service": N_("Counselling service"),
    "neighbourhood_centre": N_("Neighbourhood centre"),
    "youth_centre": N_("Youth centre"),
    "sports_club": N_("Sports club"),
    "education_provider": N_("Education provider"),
    "other": N_("Other venue"),
}
STATIC_PAGE_TITLES = {
    "about": N_("About this site"),
    "employers": N_("For employers"),
    "imprint": N_("Imprint"),
    "privacy": N_("Privacy"),
    "accessibility": N_("Accessibility"),
    "easy-read": N_("Easy read"),
    "contact": N_("Contact"),
}
# Search filters (Pagefind filter names, in the page's language) and the kinds of result.
# Pagefind reads "," ":" "[" "]" in a filter name as syntax; a test checks every translation.
SEARCH_FILTER_NAMES = {
    "type": N_("Type"),
    "target_group": N_("Target group"),
    "topic": N_("Topic"),
    "branch": N_("Industry"),
    "district": N_("District"),
    "language": N_("Language spoken"),
    "cost": N_("Cost"),
}
SEARCH_TYPE_LABELS = {
    "offer": N_("Offer"),
    "company": N_("Company"),
    "venue": N_("Counselling venue"),
    "page": N_("Information page"),
}


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
            ):
                for term_id in ids:
                    found[(taxonomy, term_id)][0].append(offer)
        for venue in self.content.venues.values():
            found[("districts", venue.address.district)][1].append(venue)
        for company in self.content.companies.values():
            found[("districts", company.address.district)][2].append(company)
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
    for taxonomy, section in TERM_SECTIONS.items():
        for term_id in content.taxonomies.get(taxonomy, {}):
            offers, venues, companies = index.by_term.get((taxonomy, term_id), ([], [], []))
            items = len(offers) + len(venues) + len(companies)
            specs += _paged("term", f"{section}/{term_id}/", items, f"{taxonomy}:{term_id}")
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


@dataclass
class Link:
    label: str
    url: str


@dataclass
class Alternate:
    language: str
    name: str
    dir: str
    url: str
    absolute_url: str
    current: bool


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
    meta: list[tuple[str, str]]  # (key, value); "summary" is shown in place of an empty excerpt


@dataclass
class PageMeta:
    """What the base template needs about any page."""

    language: str
    dir: str
    title: str
    description: str
    url: str
    absolute_url: str
    alternates: list[Alternate]
    x_default: str
    body_class: str
    pagination: list[Link] = field(default_factory=list)
    previous_page: str = ""
    next_page: str = ""
    has_fallback: bool = False


class PageContexts:
    """Builds the declared context of each page in one language."""

    def __init__(self, index: SiteIndex, language: str, assets: dict[str, str]) -> None:
        self.index = index
        self.content = index.content
        self.site = index.content.site
        self.language = language
        self.languages: dict[str, LanguageTerm] = self.content.taxonomies.get("languages", {})  # type: ignore[assignment]
        self.loc = Localizer(language, self.languages)
        self.assets = assets
        self._ = self.loc.gettext
        # Only the term being rendered: its pages come one after another.
        self._term_cache: dict[tuple[str, str], list[Any]] = {}

    # urls

    def url(self, rel: str, language: str | None = None) -> str:
        return f"/{language or self.language}/{rel}"

    def absolute(self, url: str) -> str:
        return self.site.base_url.rstrip("/") + url

    def offer_url(self, offer: Offer) -> str:
        return self.url(f"offers/{offer.id}/")

    def company_url(self, company: Company) -> str:
        return self.url(f"companies/{company.id}/")

    def venue_url(self, venue: Venue) -> str:
        return self.url(f"venues/{venue.id}/")

    def term_url(self, taxonomy: str, term_id: str) -> str:
        return self.url(f"{TERM_SECTIONS[taxonomy]}/{term_id}/")

    # pieces

    def term_links(self, taxonomy: str, ids: list[str]) -> list[Link]:
        terms = self.content.taxonomies.get(taxonomy, {})
        links = [Link(self.loc.label(terms[i].label), self.term_url(taxonomy, i)) for i in ids if i in terms]
        return links

    def term_labels(self, taxonomy: str, ids: list[str]) -> list[str]:
        terms = self.content.taxonomies.get(taxonomy, {})
        return [self.loc.label(terms[i].label) for i in ids if i in terms]

    def hours(self, slots: list[Any], closed_days: bool = False) -> list[dict[str, Any]]:
        """Opening hours as rows per weekday, in the page's language; with `closed_days`, all seven."""
        rows = []
        for day, name in self.loc.weekday_names.items():
            times = [
                f"{self.loc.time(slot.opens)} – {self.loc.time(slot.closes)}" for slot in slots if day in slot.days
            ]
            spans = [
                f"{slot.opens.strftime('%H:%M')}-{slot.closes.strftime('%H:%M')}" for slot in slots if day in slot.days
            ]
            if times or closed_days:
                rows.append({"day": day, "name": name, "times": times or [self._("Closed")], "spans": " ".join(spans)})
        return rows

    def offer_card(self, offer: Offer) -> dict[str, Any]:
        return {
            "group": "",
            "title": self.loc.text(offer.title),
            "summary": self.loc.text(offer.summary),
            "kind": self._(OFFER_KIND_LABELS[offer.kind]),
            "url": self.offer_url(offer),
            "district": "",
            "free": offer.cost.free,
        }

    def district_link(self, district_id: str) -> Link | None:
        term = self.content.taxonomies["districts"].get(district_id)
        return Link(self.loc.label(term.label), self.term_url("districts", district_id)) if term else None

    @cached_property
    def map_settings(self) -> dict[str, Any]:
        """What the map page and the small maps on record pages need to ask before loading tiles.

        The same for every page of a language: made once, not for each of 10,000 company pages.
        """
        tiles = self.site.map.tiles
        return {
            "needs_consent": tiles.needs_consent,
            "tile_host": urlsplit(tiles.url).hostname or tiles.url,
            "tiles_url": tiles.url,
            "attribution": tiles.attribution,
            "privacy_url": self.url("privacy/"),
            "leaflet_js": self.assets["leaflet_js"],
            "leaflet_css": self.assets["leaflet_css"],
        }

    def place(self, name: str, geo: GeoPoint) -> dict[str, Any]:
        """A company's or venue's position: a small map after consent, and a plain link to openstreetmap.org."""
        return {
            "name": name,
            "lat": geo.lat,
            "lon": geo.lon,
            "osm_url": f"https://www.openstreetmap.org/?mlat={geo.lat}&mlon={geo.lon}#map=18/{geo.lat}/{geo.lon}",
            "map": self.map_settings,
        }

    def company_card(self, company: Company) -> dict[str, Any]:
        district = self.district_link(company.address.district)
        return {
            "group": "",
            "title": Text(company.name, self.language, fallback=False),  # names are not translated
            "summary": self.loc.text(company.description),
            "kind": ", ".join(self.term_labels("branches", company.branches)),
            "url": self.company_url(company),
            "district": district.label if district else "",
            "free": False,
        }

    def venue_card(self, venue: Venue) -> dict[str, Any]:
        district = self.district_link(venue.address.district)
        return {
            "group": "",
            "title": Text(venue.name, self.language, fallback=False),
            "summary": self.loc.optional_text(venue.description),
            "kind": self._(VENUE_KIND_LABELS[venue.kind]),
            "url": self.venue_url(venue),
            "district": district.label if district else "",
            "free": False,
        }

    def search_facets(
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
    ) -> SearchFacets:
        """Filters and metadata for one page, all labels in the page's language."""
        _ = self._
        type_label = _(SEARCH_TYPE_LABELS[kind])
        district_labels = ([_("Citywide")] if citywide else []) + self.term_labels("districts", districts or [])
        values = {
            "type": [type_label],
            "target_group": self.term_labels("target_groups", target_groups or []),
            "topic": self.term_labels("topics", topics or []),
            "branch": self.term_labels("branches", branches or []),
            "district": district_labels,
            "language": [self.loc.language_name(code) for code in languages or []],
            "cost": [_("Free of charge")] if free else [],
        }
        names = self._filter_names
        filters = [(names[name], inert_for_pagefind(value)) for name, labels in values.items() for value in labels]
        meta = [(_("Type"), type_label)]
        if district_labels:
            meta.append((_("District"), self.loc.join(district_labels)))
        # Short: it only stands in for an excerpt, and every word of metadata is indexed again.
        meta.append(("summary", textwrap.shorten(summary, SUMMARY_LENGTH, placeholder=" …")))
        return SearchFacets(filters, meta)

    @cached_property
    def _filter_names(self) -> dict[str, str]:
        return {name: inert_for_pagefind(self._(label)) for name, label in SEARCH_FILTER_NAMES.items()}

    def meta(self, spec: PageSpec, title: str, description: str, has_fallback: bool = False) -> PageMeta:
        url = self.url(spec.rel)
        alternates = [
            Alternate(
                language,
                native_name(language, self.languages),
                self.languages[language].dir if language in self.languages else "ltr",
                self.url(spec.rel, language),
                self.absolute(self.url(spec.rel, language)),
                language == self.language,
            )
            for language in self.site.languages
        ]
        meta = PageMeta(
            language=self.language,
            dir=self.loc.dir,
            title=title,
            description=description,
            url=url,
            absolute_url=self.absolute(url),
            alternates=alternates,
            x_default=self.absolute(self.url(spec.rel, self.site.languages[0])),
            body_class=spec.kind,
            has_fallback=has_fallback,
        )
        if spec.pages > 1:
            base = spec.rel if spec.number == 1 else spec.rel.rsplit("page/", 1)[0]

            def page_url(number: int) -> str:
                return self.url(base if number == 1 else f"{base}page/{number}/")

            meta.pagination = [Link(str(number), page_url(number)) for number in range(1, spec.pages + 1)]
            meta.previous_page = page_url(spec.number - 1) if spec.number > 1 else ""
            meta.next_page = page_url(spec.number + 1) if spec.number < spec.pages else ""
        return meta

    @cached_property
    def _common(self) -> dict[str, Any]:
        return self.common()

    def common(self) -> dict[str, Any]:
        """What every page shows: site name, navigation, footer, assets."""
        _ = self._
        return {
            "site_name": self.loc.label(self.site.name),
            "tagline": self.loc.label(self.site.tagline),
            "demo": self.site.demo,
            "home_url": self.url(""),
            "search_url": self.url("search/"),
            "nav": [
                Link(_("Offers"), self.url("offers/")),
                Link(_("Companies"), self.url("companies/")),
                Link(_("Counselling venues"), self.url("venues/")),
                Link(_("Map"), self.url("map/")),
            ],
            "footer": [
                Link(_(STATIC_PAGE_TITLES.get(page_id, page_id)), self.url(f"{page_id}/"))
                for page_id in STATIC_PAGE_TITLES
                if page_id in self.content.pages
            ],
            "assets": self.assets,
            "search": None,  # record and static pages: their SearchFacets, and they are indexed
        }

    # pages

    def build(self, spec: PageSpec) -> tuple[str, dict[str, Any]]:
        """The template and context of one page."""
        builder = getattr(self, f"_{spec.kind}")
        template, context = builder(spec)
        return template, {**self._common, **context}

    def _home(self, spec: PageSpec) -> tuple[str, dict[str, Any]]:
        _ = self._
        groups = self.content.taxonomies.get("target_groups", {})
        return "home.html", {
            "page": self.meta(spec, self.loc.label(self.site.name), self.loc.label(self.site.tagline)),
            "campaign": self.loc.label(self.site.campaign.name),
            "entry_points": [
                {
                    "label": self.loc.label(term.label),
                    "description": self.loc.optional_text(term.description),
                    "url": self.term_url("target_groups", term_id),
                }
                for term_id, term in groups.items()
            ],
            "newest": [self.offer_card(offer) for offer in self.index.newest_offers],
            "company_count": len(self.content.companies),
            "venue_count": len(self.content.venues),
            "offer_count": len(self.index.active_offers),
        }

    def _list(
        self, spec: PageSpec, title: str, items: list[Any], chips: list[dict[str, Any]]
    ) -> tuple[str, dict[str, Any]]:
        """A page of a list; cards are made only for the items this page shows."""
        start = (spec.number - 1) * PER_PAGE
        heading = title if spec.pages == 1 else f"{title} ({spec.number}/{spec.pages})"
        cards = [self.card(item) for item in items[start : start + PER_PAGE]]
        fallback = any(card["title"].fallback or (card["summary"] and card["summary"].fallback) for card in cards)
        return "list.html", {
            "page": self.meta(spec, heading, title, has_fallback=fallback),
            "heading": title,
            "cards": cards,
            "total": len(items),
            "chip_groups": chips,
            "description": None,
            "parent": None,
        }

    def card(self, item: Offer | Company | Venue) -> dict[str, Any]:
        if isinstance(item, Offer):
            return self.offer_card(item)
        if isinstance(item, Company):
            return self.company_card(item)
        return self.venue_card(item)

    def _chip_group(self, title: str, taxonomy: str) -> dict[str, Any]:
        terms = self.content.taxonomies.get(taxonomy, {})
        return {"title": title, "links": self.term_links(taxonomy, list(terms))}

    @cached_property
    def _offer_order(self) -> dict[str, int]:
        """Every offer's place in this language's alphabetical order, computed once."""
        # Translated titles first: German fallbacks would otherwise head every Arabic list.
        ordered = sorted(
            self.content.offers.values(),
            key=lambda offer: (
                self.loc.text(offer.title).fallback,
                self.loc.text(offer.title).value.casefold(),
                offer.id,
            ),
        )
        return {offer.id: place for place, offer in enumerate(ordered)}

    def _sorted_offers(self, offers: list[Offer]) -> list[Offer]:
        order = self._offer_order
        return sorted(offers, key=lambda offer: order[offer.id])

    @staticmethod
    def _by_name(records: list[Any]) -> list[Any]:
        return sorted(records, key=lambda record: (record.name.casefold(), record.id))

    @cached_property
    def _all_active_offers(self) -> list[Offer]:
        return self._sorted_offers(list(self.index.active_offers.values()))

    @cached_property
    def _all_companies(self) -> list[Company]:
        return self._by_name(list(self.content.companies.values()))

    @cached_property
    def _all_venues(self) -> list[Venue]:
        return self._by_name(list(self.content.venues.values()))

    def _offers(self, spec: PageSpec) -> Any:
        _ = self._
        chips = [
            self._chip_group(_("By life situation"), "target_groups"),
            self._chip_group(_("By topic"), "topics"),
            self._chip_group(_("By district"), "districts"),
        ]
        return self._list(spec, _("Offers"), self._all_active_offers, chips)

    def _companies(self, spec: PageSpec) -> Any:
        _ = self._
        chips = [self._chip_group(_("By industry"), "branches"), self._chip_group(_("By district"), "districts")]
        return self._list(spec, _("Companies with an open door"), self._all_companies, chips)

    def _venues(self, spec: PageSpec) -> Any:
        _ = self._
        chips = [self._chip_group(_("By district"), "districts")]
        return self._list(spec, _("Counselling venues"), self._all_venues, chips)

    def _term_items(self, taxonomy: str, term_id: str) -> list[Any]:
        """Offers, then venues, then companies of a term, in this language's order (cached per term)."""
        key = (taxonomy, term_id)
        if key not in self._term_cache:
            offers, venues, companies = self.index.by_term.get(key, ([], [], []))
            self._term_cache = {key: [*self._sorted_offers(offers), *self._by_name(venues), *self._by_name(companies)]}
        return self._term_cache[key]

    def _term(self, spec: PageSpec) -> Any:
        taxonomy, term_id = spec.key.split(":", 1)
        term: Term = self.content.taxonomies[taxonomy][term_id]
        items = self._term_items(taxonomy, term_id)
        template, context = self._list(spec, self.loc.label(term.label), items, [])
        groups: dict[type, str] = {
            Offer: self._("Offers"),
            Venue: self._("Counselling venues"),
            Company: self._("Companies with an open door"),
        }
        start = (spec.number - 1) * PER_PAGE
        for card, item in zip(context["cards"], items[start : start + PER_PAGE], strict=True):
            card["group"] = groups[type(item)]
        context["description"] = self.loc.optional_text(term.description)
        parents = {
            "branches": Link(self._("Companies with an open door"), self.url("companies/")),
            "districts": Link(self._("Home page"), self.url("")),
        }
        context["parent"] = parents.get(taxonomy, Link(self._("Offers"), self.url("offers/")))
        return template, context

    def _offer(self, spec: PageSpec) -> Any:
        _ = self._
        offer = self.content.offers[spec.key]
        loc = self.loc
        venues = [self.content.venues[v] for v in offer.venues if v in self.content.venues]
        sessions = []
        if offer.dates is not None:
            for session in offer.dates.sessions:
                venue = self.content.venues.get(session.venue or "")
                sessions.append(
                    {
                        "past": (session.end or session.start).date() < self.index.today,
                        "start": loc.datetime(session.start),
                        "end": loc.time(session.end.time()) if session.end else "",
                        "venue": Link(venue.name, self.venue_url(venue)) if venue else None,
                        "registration_url": session.registration_url or "",
                    }
                )
        texts = [loc.text(offer.title), loc.text(offer.summary), loc.text(offer.description)]
        description = loc.text(offer.description)
        expired = self.index.is_expired(offer)
        search = self.search_facets(
            "offer",
            texts[1].value,
            target_groups=offer.target_groups,
            topics=offer.topics,
            districts=offer.districts,
            citywide=offer.citywide,
            languages=offer.languages,
            free=offer.cost.free,
        )
        return "offer.html", {
            "page": self.meta(spec, texts[0].value, texts[1].value, has_fallback=any(t.fallback for t in texts)),
            "offer": offer,
            "title": texts[0],
            "summary": texts[1],
            "description": description,
            "description_html": render_markdown(description.value, shift=1, highest=3),
            "kind": _(OFFER_KIND_LABELS[offer.kind]),
            "expired": expired,
            "search": None if expired else search,  # an ended offer is not found by search
            "expired_on": loc.date(offer.expires) if offer.expires else "",
            "target_groups": self.term_links("target_groups", offer.target_groups),
            "topics": self.term_links("topics", offer.topics),
            "districts": self.term_links("districts", offer.districts),
            "venues": [Link(v.name, self.venue_url(v)) for v in venues],
            "formats": loc.join([_(OFFER_FORMAT_LABELS[f]) for f in offer.formats]),
            "languages": loc.join([loc.language_name(code) for code in offer.languages]),
            "fee": loc.optional_text(offer.cost.fee),
            "funding": loc.join(self.term_labels("funding", offer.cost.funding)),
            "starts": loc.date(offer.dates.start) if offer.dates and offer.dates.start else "",
            "ends": loc.date(offer.dates.end) if offer.dates and offer.dates.end else "",
            "sessions": sessions,
            "requirements": loc.optional_text(offer.requirements),
            "duration": loc.optional_text(offer.duration),
            "reviewed": loc.date(offer.reviewed),
        }

    def _company(self, spec: PageSpec) -> Any:
        company = self.content.companies[spec.key]
        loc = self.loc
        description = loc.text(company.description)
        texts = [description, loc.text(company.open_door.ask_for)]
        # One address for all languages: it sends each visitor on to their own language.
        qr_url = self.absolute(f"/companies/{company.id}/")
        return "company.html", {
            "page": self.meta(spec, company.name, description.value, has_fallback=any(t.fallback for t in texts)),
            "company": company,
            "description": description,
            "branches": self.term_links("branches", company.branches),
            "district": self.district_link(company.address.district),
            "occupations": self.term_labels("occupations", company.occupations),
            "hours": self.hours(company.open_door.hours),
            "ask_for": loc.text(company.open_door.ask_for),
            "ask_about": loc.optional_text(company.open_door.ask_about),
            "languages": loc.join([loc.language_name(code) for code in company.languages]),
            "accessibility_note": loc.optional_text(company.accessibility.note) if company.accessibility else None,
            "step_free": company.accessibility.step_free if company.accessibility else None,
            "joined": loc.date(company.joined),
            "reviewed": loc.date(company.reviewed),
            "place": self.place(company.name, company.geo),
            "qr_url": qr_url,
            "qr_svg": qr_svg(qr_url),
            "campaign": self.loc.label(self.site.campaign.name),
            "search": self.search_facets(
                "company",
                description.value,
                branches=company.branches,
                districts=[company.address.district],
                languages=company.languages,
            ),
        }

    def _venue(self, spec: PageSpec) -> Any:
        _ = self._
        venue = self.content.venues[spec.key]
        loc = self.loc
        description = loc.optional_text(venue.description)
        offers = self._sorted_offers(self.index.offers_at_venue.get(venue.id, []))
        texts = [t for t in (description, loc.optional_text(venue.appointment), loc.optional_text(venue.transit)) if t]
        return "venue.html", {
            "page": self.meta(
                spec,
                venue.name,
                description.value if description else venue.name,
                has_fallback=any(t.fallback for t in texts),
            ),
            "venue": venue,
            "kind": _(VENUE_KIND_LABELS[venue.kind]),
            "description": description,
            "district": self.district_link(venue.address.district),
            "hours": self.hours(venue.opening_hours, closed_days=True),
            "appointment": loc.optional_text(venue.appointment),
            "transit": loc.optional_text(venue.transit),
            "languages": loc.join([loc.language_name(code) for code in venue.languages]),
            "accessibility_note": loc.optional_text(venue.accessibility.note) if venue.accessibility else None,
            "step_free": venue.accessibility.step_free if venue.accessibility else None,
            "offers": [self.offer_card(offer) for offer in offers],
            "reviewed": loc.date(venue.reviewed),
            "place": self.place(venue.name, venue.geo),
            "search": self.search_facets(
                "venue",
                description.value if description else _(VENUE_KIND_LABELS[venue.kind]),
                districts=[venue.address.district],
                languages=venue.languages,
            ),
        }

    def _static(self, spec: PageSpec) -> Any:
        versions = self.content.pages[spec.key]
        page = versions.get(self.language) or versions["de"]
        text = Text(page.body, page.language, fallback=page.language != self.language)
        return "page.html", {
            "page": self.meta(spec, page.title, page.summary or page.title, has_fallback=text.fallback),
            "title": Text(page.title, page.language, fallback=text.fallback),
            "body": text,
            "body_html": render_markdown(page.body),
            "is_privacy": spec.key == "privacy",
            "joining": self._joining_links() if spec.key == "employers" else None,
            "contact_form": {"action": self.url(f"{CONTACT_SENT}/"), "privacy_url": self.url("privacy/")}
            if spec.key == "contact"
            else None,
            "search": self.search_facets("page", page.summary or ""),
        }

    def _joining_links(self) -> dict[str, str] | None:
        """The employers page's ways in through the repository: the guide and the sign-up form."""
        if self.site.repository is None:
            return None
        repository = str(self.site.repository).rstrip("/")
        return {
            "guide": f"{repository}/blob/main/CONTRIBUTING.md",
            "form": f"{repository}/issues/new?template={JOIN_FORM}",
        }

    def _contact_sent(self, spec: PageSpec) -> Any:
        _ = self._
        return "contact_sent.html", {
            "page": self.meta(spec, _("Message sent"), _("Thank you: your message has reached us.")),
            "contact_url": self.url("contact/"),
        }

    def _search(self, spec: PageSpec) -> Any:
        _ = self._
        return "search.html", {
            "page": self.meta(spec, _("Search"), _("Search offers, companies and counselling venues")),
            "search_ui": self.assets.get("search_ui", ""),
            "topics": self._chip_group(_("Offers by topic"), "topics"),
        }

    def _map(self, spec: PageSpec) -> Any:
        _ = self._
        companies = self.content.companies
        venues = self.content.venues
        used = {
            "branches": {b for c in companies.values() for b in c.branches},
            "occupations": {o for c in companies.values() for o in c.occupations},
            "districts": {c.address.district for c in companies.values()}
            | {v.address.district for v in venues.values()},
        }
        filters = [
            {"name": name, "label": label, "options": self._options(taxonomy, used[taxonomy])}
            for name, taxonomy, label in [
                ("branch", "branches", _("Industry")),
                ("occupation", "occupations", _("Training as")),
                ("district", "districts", _("District")),
            ]
        ]
        spoken = {code for c in companies.values() for code in c.languages} | {
            code for v in venues.values() for code in v.languages
        }
        languages = sorted(
            ({"value": code, "label": self.loc.language_name(code)} for code in spoken), key=lambda o: o["label"]
        )
        filters.append({"name": "language", "label": _("Language spoken"), "options": languages})
        by_district: dict[str, list[Company]] = defaultdict(list)
        for company in companies.values():
            by_district[company.address.district].append(company)
        groups = [
            {
                "district": option["label"],
                "companies": [Link(c.name, self.company_url(c)) for c in self._by_name(by_district[option["value"]])],
            }
            for option in self._options("districts", set(by_district))
        ]
        return "map.html", {
            "page": self.meta(spec, _("Map"), _("Companies with an open door and counselling venues on a map")),
            "map_script": self.assets[f"map_script_{self.language}"],
            "map": self.map_settings,
            # Monday first, as in the marker data's hours; "|" because no day name contains it.
            "weekdays": "|".join(self.loc.weekday_abbreviations.values()),
            "filters": filters,
            "groups": groups,
            "company_count": len(companies),
        }

    def _options(self, taxonomy: str, ids: set[str]) -> list[dict[str, str]]:
        """Terms of a taxonomy as <option>s, by label in the page's language."""
        terms = self.content.taxonomies.get(taxonomy, {})
        options = [{"value": i, "label": self.loc.label(terms[i].label)} for i in ids if i in terms]
        return sorted(options, key=lambda option: option["label"].casefold())

    def _entry(self, spec: PageSpec) -> Any:
        return "entry.html", {
            "links": [
                {"language": a.language, "name": a.name, "dir": a.dir, "url": a.url}
                for a in self.meta(spec, "", "").alternates
            ],
            "target": spec.rel,
        }

    def _not_found(self, spec: PageSpec) -> Any:
        _ = self._
        return "404.html", {
            "page": self.meta(spec, _("Page not found"), _("This page does not exist (any more).")),
        }
