"""The typed content model: site config, taxonomies, offers, companies, venues, pages.

These classes describe the *shape* of each record. Checks that need more than one
field or more than one file (references, bounds, dates in order) live in checks/, run
by validate.py, where they can point at the exact line of each field involved.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, RootModel, model_validator
from pydantic_core import PydanticCustomError

from site_tools.content.scalars import (
    Bool,
    Date,
    DateTime,
    Decimal,
    Email,
    Id,
    LanguageCode,
    Line,
    Phone,
    Postcode,
    Ref,
    Text,
    Time,
    Url,
    Weekday,
    Whole,
)

DEFAULT_LANGUAGE = "de"


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedText(RootModel[dict[LanguageCode, Text]]):
    """Text in several languages, `{language: text}`; German ("de") is required."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _german_required(self) -> LocalizedText:
        if DEFAULT_LANGUAGE not in self.root:
            raise PydanticCustomError("german", 'needs the German text ("de"); other languages are optional')
        return self

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.root)

    def get(self, language: str) -> tuple[str, str]:
        """Return (text, language of that text): the language asked for, else German."""
        if language in self.root:
            return self.root[language], language
        return self.root[DEFAULT_LANGUAGE], DEFAULT_LANGUAGE


# --- shared parts -----------------------------------------------------------------


class GeoPoint(Strict):
    """A point on the map in WGS 84 degrees."""

    lat: Decimal = Field(ge=-90, le=90, description="latitude, e.g. 51.4818")
    lon: Decimal = Field(ge=-180, le=180, description="longitude, e.g. 7.2162")


class Address(Strict):
    street: Line = Field(description='street and number, e.g. "Hauptstraße 12"')
    postcode: Postcode = Field(description='5 digits in quotes, e.g. "44801"')
    city: Line
    district: Ref = Field(description="id from taxonomies/districts.yaml")


class Contact(Strict):
    person: Line | None = Field(default=None, description="a name or a role people can ask for")
    phone: Phone | None = None
    email: Email | None = None
    website: Url | None = None


class OpeningSlot(Strict):
    """Hours on some weekdays, e.g. Monday to Friday 09:00–12:00."""

    days: list[Weekday] = Field(min_length=1, description="mo, tu, we, th, fr, sa, su")
    opens: Time = Field(description='"HH:MM"')
    closes: Time = Field(description='"HH:MM", after opens')


class Accessibility(Strict):
    step_free: Bool | None = Field(default=None, description="entrance without steps")
    accessible_toilet: Bool | None = None
    note: LocalizedText | None = None


class Record(Strict):
    """A record read from one file; its id is the file name."""

    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        # Straight from pydantic's private store: `self._id` goes through a slow __getattr__.
        return str(self.__pydantic_private__["_id"])  # type: ignore[index]


# --- offers -------------------------------------------------------------------------

OfferKind = Literal["counselling", "course", "qualification", "event", "programme"]
OfferFormat = Literal["in_person", "online", "phone", "outreach"]


class Provider(Strict):
    name: Line
    website: Url | None = None


class Cost(Strict):
    free: Bool
    fee: LocalizedText | None = Field(default=None, description="the price and what it covers; needed unless free")
    funding: list[Ref] = Field(default=[], description="ids from taxonomies/funding.yaml")


class Session(Strict):
    """One date of an event."""

    start: DateTime = Field(description='"YYYY-MM-DD HH:MM"')
    end: DateTime | None = None
    venue: Ref | None = Field(default=None, description="id of a file in venues/")
    registration_url: Url | None = None


class Dates(Strict):
    start: Date | None = None
    end: Date | None = None
    sessions: list[Session] = []


class OfferContact(Contact):
    registration_url: Url | None = None


class Offer(Record):
    """An offer (Angebot): counselling, a course, a qualification, an event or a programme."""

    title: LocalizedText
    summary: LocalizedText = Field(description="one or two sentences for lists and search results")
    description: LocalizedText = Field(description="Markdown")
    kind: OfferKind
    provider: Provider
    target_groups: list[Ref] = Field(min_length=1)
    topics: list[Ref] = Field(min_length=1)
    citywide: Bool = False
    districts: list[Ref] = []
    venues: list[Ref] = []
    formats: list[OfferFormat] = Field(min_length=1)
    languages: list[Ref] = Field(min_length=1)
    cost: Cost
    dates: Dates | None = None
    requirements: LocalizedText | None = None
    duration: LocalizedText | None = None
    contact: OfferContact
    reviewed: Date = Field(description="when the entry was last checked")
    expires: Date | None = Field(default=None, description="after this day the offer leaves lists and search")


# --- companies -------------------------------------------------------------------------


class OpenDoor(Strict):
    """When people may simply walk in and ask about an apprenticeship."""

    hours: list[OpeningSlot] = Field(min_length=1)
    ask_for: LocalizedText = Field(description="whom to ask at the door")
    ask_about: LocalizedText | None = Field(default=None, description="what people may ask about")


class Company(Record):
    """A company taking part in the campaign "Bei uns rennst du offene Türen ein"."""

    name: Line
    description: LocalizedText
    branches: list[Ref] = Field(min_length=1)
    address: Address
    geo: GeoPoint
    occupations: list[Ref] = Field(default=[], description="ids from taxonomies/occupations.yaml")
    dual_study: list[Line] = Field(default=[], description="names of dual study programmes")
    internships: Bool = False
    open_door: OpenDoor
    contact: Contact
    languages: list[Ref] = Field(min_length=1)
    accessibility: Accessibility | None = None
    joined: Date
    consent: Bool = Field(description="the company confirmed its data may be published; must be true")
    reviewed: Date


# --- venues ------------------------------------------------------------------------------

VenueKind = Literal[
    "jobcenter",
    "employment_agency",
    "youth_career_agency",
    "integration_centre",
    "counselling_service",
    "neighbourhood_centre",
    "youth_centre",
    "sports_club",
    "education_provider",
    "other",
]


class Venue(Record):
    """A counselling venue or meeting point (Beratungsstelle)."""

    name: Line
    kind: VenueKind
    operator: Line
    description: LocalizedText | None = None
    address: Address
    geo: GeoPoint
    opening_hours: list[OpeningSlot] = []
    appointment_only: Bool = Field(default=False, description="by appointment only")
    appointment: LocalizedText | None = Field(default=None, description="how to make an appointment")
    languages: list[Ref] = Field(min_length=1)
    accessibility: Accessibility | None = None
    transit: LocalizedText | None = Field(default=None, description="public transport hint")
    contact: Contact
    reviewed: Date


# --- static pages --------------------------------------------------------------------------


class PageFrontMatter(Strict):
    """The YAML block at the top of a static page in content/pages/ID.LANG.md."""

    title: Line
    summary: Line | None = None


class Page(BaseModel):
    """A static page in one language."""

    model_config = ConfigDict(frozen=True)

    id: str
    language: str
    title: str
    summary: str | None
    body: str = Field(description="Markdown")


REQUIRED_PAGES = ("about", "employers", "imprint", "privacy", "accessibility", "easy-read", "contact")


# --- taxonomies ------------------------------------------------------------------------------


class Term(Strict):
    """One entry of a controlled vocabulary."""

    label: LocalizedText
    description: LocalizedText | None = None


class DistrictTerm(Term):
    borough: Ref = Field(description="id from taxonomies/boroughs.yaml")


class LanguageTerm(Term):
    native: Line = Field(description="the language's name in itself, e.g. العربية")
    dir: Literal["ltr", "rtl"] = "ltr"


class Taxonomy(RootModel[dict[Id, Term]]):
    model_config = ConfigDict(frozen=True)


class DistrictTaxonomy(RootModel[dict[Id, DistrictTerm]]):
    model_config = ConfigDict(frozen=True)


class LanguageTaxonomy(RootModel[dict[Id, LanguageTerm]]):
    model_config = ConfigDict(frozen=True)


# File name in content/taxonomies/ -> the model of one term in it. Every file must exist.
TAXONOMIES: dict[str, type[Term]] = {
    "target_groups": Term,
    "topics": Term,
    "branches": Term,
    "boroughs": Term,
    "districts": DistrictTerm,
    "languages": LanguageTerm,
    "occupations": Term,
    "funding": Term,
}


# --- the site itself ---------------------------------------------------------------------------


class Bounds(Strict):
    """The rectangle every record's coordinates must lie in."""

    south: Decimal = Field(ge=-90, le=90)
    west: Decimal = Field(ge=-180, le=180)
    north: Decimal = Field(ge=-90, le=90)
    east: Decimal = Field(ge=-180, le=180)

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


class Tiles(Strict):
    url: Text = Field(description="tile URL template with {z}, {x} and {y}")
    attribution: Line
    needs_consent: Bool = Field(
        default=True, description="ask before loading tiles; only an own tile server may say false"
    )


class MapConfig(Strict):
    center: GeoPoint
    zoom: Whole = Field(ge=1, le=19)
    bounds: Bounds
    tiles: Tiles


class Campaign(Strict):
    name: LocalizedText
    sticker: Line = Field(description="path of the sticker image, relative to the content folder")


class Publisher(Strict):
    """Who publishes the site, for the Impressum."""

    organisation: Line
    represented_by: Line | None = None
    responsible_for_content: Line = Field(description="person responsible under § 18 MStV")
    address: PostalAddress
    phone: Phone | None = None
    email: Email


class PostalAddress(Strict):
    street: Line
    postcode: Postcode
    city: Line


class SiteConfig(Strict):
    """content/site.yaml: the site's name, languages, map, campaign and legal data."""

    name: LocalizedText
    tagline: LocalizedText
    city: Line
    base_url: Url
    hsts: Bool = Field(
        default=True,
        description="send Strict-Transport-Security, so browsers use only HTTPS; false only for a host without HTTPS",
    )
    languages: list[LanguageCode] = Field(min_length=1, description="ordered; the first is the default")
    demo: Bool = Field(default=False, description="show an 'example data' banner on every page")
    repository: Url | None = Field(
        default=None, description="the public repository of the content; the employers page links its CONTRIBUTING.md"
    )
    map: MapConfig
    campaign: Campaign
    publisher: Publisher
    contact: Contact


Publisher.model_rebuild()

# Record folders in content/ -> model.
RECORD_MODELS: dict[str, type[Record]] = {"offers": Offer, "companies": Company, "venues": Venue}
