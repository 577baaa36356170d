"""The site in one language: addresses, labels, hours and the parts every kind of page shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from site_tools.content.model import Company, GeoPoint, LanguageTerm, Offer, Venue
from site_tools.pages.facets import FacetMaker
from site_tools.pages.i18n import Localizer, native_name
from site_tools.pages.labels import STATIC_PAGE_TITLES
from site_tools.pages.plan import PageSpec, SiteIndex, filter_rel


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


class LanguageSite:
    """The site in one language: what the page kinds (home.py, lists.py, records.py …) build on."""

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
        return self.url(filter_rel(taxonomy, term_id))

    # terms

    def term_links(self, taxonomy: str, ids: list[str]) -> list[Link]:
        terms = self.content.taxonomies.get(taxonomy, {})
        links = [Link(self.loc.label(terms[i].label), self.term_url(taxonomy, i)) for i in ids if i in terms]
        return links

    def term_labels(self, taxonomy: str, ids: list[str]) -> list[str]:
        terms = self.content.taxonomies.get(taxonomy, {})
        return [self.loc.label(terms[i].label) for i in ids if i in terms]

    def district_link(self, district_id: str) -> Link | None:
        term = self.content.taxonomies["districts"].get(district_id)
        return Link(self.loc.label(term.label), self.term_url("districts", district_id)) if term else None

    def chip_group(self, title: str, taxonomy: str, kind: type) -> dict[str, Any]:
        """Links to the term pages of a taxonomy that list something of `kind`: no filter leads to nothing."""
        position = (Offer, Venue, Company).index(kind)  # by_term holds offers, venues, companies
        terms = self.content.taxonomies.get(taxonomy, {})
        used = [i for i in terms if self.index.by_term.get((taxonomy, i), ([], [], []))[position]]
        return {"title": title, "links": self.term_links(taxonomy, used)}

    def options(self, taxonomy: str, ids: set[str]) -> list[dict[str, str]]:
        """Terms of a taxonomy as <option>s, by label in the page's language."""
        terms = self.content.taxonomies.get(taxonomy, {})
        options = [{"value": i, "label": self.loc.label(terms[i].label)} for i in ids if i in terms]
        return sorted(options, key=lambda option: option["label"].casefold())

    # hours and places

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

    # order of records in this language

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

    def sorted_offers(self, offers: list[Offer]) -> list[Offer]:
        order = self._offer_order
        return sorted(offers, key=lambda offer: order[offer.id])

    @staticmethod
    def by_name(records: list[Any]) -> list[Any]:
        return sorted(records, key=lambda record: (record.name.casefold(), record.id))

    @cached_property
    def all_active_offers(self) -> list[Offer]:
        return self.sorted_offers(list(self.index.active_offers.values()))

    @cached_property
    def all_companies(self) -> list[Company]:
        return self.by_name(list(self.content.companies.values()))

    @cached_property
    def all_venues(self) -> list[Venue]:
        return self.by_name(list(self.content.venues.values()))

    def term_items(self, taxonomy: str, term_id: str) -> list[Any]:
        """Offers, then venues, then companies of a term, in this language's order (cached per term)."""
        key = (taxonomy, term_id)
        if key not in self._term_cache:
            offers, venues, companies = self.index.by_term.get(key, ([], [], []))
            self._term_cache = {key: [*self.sorted_offers(offers), *self.by_name(venues), *self.by_name(companies)]}
        return self._term_cache[key]

    @cached_property
    def search_facets(self) -> FacetMaker:
        """Search filters and metadata of the searchable pages (records and static pages)."""
        return FacetMaker(self)

    # what every page has

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
