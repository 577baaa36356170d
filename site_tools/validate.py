"""Validate loaded content and collect every problem, each at its file, line and column.

Two passes, both over every file before anything is reported:
1. shape: each file through its model (model.py); pydantic's errors are put in plain
   words and mapped back to the YAML node they are about;
2. meaning: references between files, coordinates inside the map, dates in order,
   opening hours, consent, languages, and warnings about stale or untranslated entries.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, RootModel, ValidationError

from site_tools.errors import Problem, Severity
from site_tools.load import RawContent, RawRecord, display_path, load_content
from site_tools.model import (
    DEFAULT_LANGUAGE,
    REQUIRED_PAGES,
    TAXONOMIES,
    Company,
    Contact,
    GeoPoint,
    LocalizedText,
    Offer,
    OfferContact,
    OpeningSlot,
    Page,
    PageFrontMatter,
    Record,
    SiteConfig,
    Term,
    Venue,
)
from site_tools.scalars import GERMAN_WEEKDAYS
from site_tools.strict_yaml import START, LocatedDict, LocatedList, Position

Loc = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)
RecordT = TypeVar("RecordT", bound=Record)

STALE_AFTER_MONTHS = 12

# How a taxonomy's entries are called in messages.
TERM_NAMES = {
    "target_groups": "target group",
    "topics": "topic",
    "branches": "branch",
    "boroughs": "borough",
    "districts": "district",
    "languages": "language",
    "occupations": "occupation",
    "funding": "funding type",
}


@dataclass
class Content:
    """Valid, typed content: what every later stage (pages, search, map) reads."""

    root: Path
    site: SiteConfig
    taxonomies: dict[str, dict[str, Term]]
    offers: dict[str, Offer]
    companies: dict[str, Company]
    venues: dict[str, Venue]
    pages: dict[str, dict[str, Page]]


@dataclass
class ValidationResult:
    """Problems found in a content folder and, if there were no errors, its typed content."""

    content: Content | None
    problems: list[Problem]
    files_checked: int
    records_checked: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def failed(self, strict: bool = False) -> bool:
        """Tell whether this result must stop a build (with `strict`, warnings too)."""
        return bool(self.errors) or (strict and bool(self.problems))


def load_and_validate(root: Path, today: dt.date) -> ValidationResult:
    """Read and check the content folder `root` as of `today`."""
    return validate_content(load_content(root), today)


def validate_content(raw: RawContent, today: dt.date) -> ValidationResult:
    """Check everything that was loaded; never stop at the first problem."""
    problems = _Problems(list(raw.problems))

    site = _typed(SiteConfig, raw.site, problems) if raw.site else None
    taxonomies: dict[str, dict[str, Term]] = {}
    for name, source in raw.taxonomies.items():
        taxonomy = _typed(TAXONOMIES[name], source, problems)
        if taxonomy is not None:
            taxonomies[name] = dict(taxonomy.root)

    offers = _typed_records(Offer, raw.records.get("offers", {}), problems)
    companies = _typed_records(Company, raw.records.get("companies", {}), problems)
    venues = _typed_records(Venue, raw.records.get("venues", {}), problems)
    pages = _typed_pages(raw, problems)

    checker = _Checker(problems, site, taxonomies, set(raw.records.get("venues", {})), today, raw.root)
    if site is not None and raw.site is not None:
        checker.check_site(raw.site, site)
    for name, terms in taxonomies.items():
        checker.check_taxonomy(raw.taxonomies[name], name, terms)
    for offer_id, offer in offers.items():
        checker.check_offer(raw.records["offers"][offer_id], offer)
    for company_id, company in companies.items():
        checker.check_company(raw.records["companies"][company_id], company)
    for venue_id, venue in venues.items():
        checker.check_venue(raw.records["venues"][venue_id], venue)
    checker.check_pages(raw, pages)

    records_checked = sum(len(records) for records in raw.records.values())
    sorted_problems = sorted(problems.items)
    if any(p.is_error for p in sorted_problems) or site is None:
        return ValidationResult(None, sorted_problems, raw.files_read, records_checked)
    content = Content(raw.root, site, taxonomies, offers, companies, venues, pages)
    return ValidationResult(content, sorted_problems, raw.files_read, records_checked)


# --- positions ------------------------------------------------------------------------


class _Problems:
    """Collects problems, turning a key path into the file, line and column it is about."""

    def __init__(self, items: list[Problem]) -> None:
        self.items = items

    def add(
        self,
        source: RawRecord,
        loc: Loc,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
    ) -> None:
        position = locate(source.data, loc, at_key=at_key) if loc else START
        # Page front matter starts below its "---" line; a whole-file problem stays at 1:1.
        line = position.line + source.line_offset if loc else 1
        self.items.append(Problem(source.file, line, position.column, severity, format_loc(loc), message))

    def warn(self, source: RawRecord, loc: Loc, message: str = "", *, at_key: bool = False) -> None:
        self.add(source, loc, message, severity=Severity.WARNING, at_key=at_key)


def locate(data: LocatedDict, loc: Loc, *, at_key: bool = False) -> Position:
    """Find where `loc` stands in the file: the value, or its key with `at_key`.

    For a path that does not exist (a missing field), the deepest existing field's key.
    """
    node: Any = data
    value_position = START
    key_position = START
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, LocatedDict) and isinstance(part, str) and part in node:
            key_position = node.key_position(part)
            value_position = node.value_position(part)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and 0 <= part < len(node):
            key_position = value_position = node.item_position(part)
            node = node[part]
        else:
            return key_position
        if last:
            return key_position if at_key else value_position
    return value_position


def format_loc(loc: Loc) -> str:
    """Write a key path as people read it: `open_door.hours[0].closes`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# --- shape ----------------------------------------------------------------------------


def _typed(model: type[ModelT], source: RawRecord, problems: _Problems) -> ModelT | None:
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, message, at_key = _translate(model, error)
            problems.add(source, loc, message, at_key=at_key)
        return None


def _typed_records(model: type[RecordT], sources: dict[str, RawRecord], problems: _Problems) -> dict[str, RecordT]:
    records: dict[str, RecordT] = {}
    for record_id, source in sources.items():
        record = _typed(model, source, problems)
        if record is not None:
            record._id = record_id
            records[record_id] = record
    return records


def _typed_pages(raw: RawContent, problems: _Problems) -> dict[str, dict[str, Page]]:
    pages: dict[str, dict[str, Page]] = {}
    for source in raw.pages:
        front = _typed(PageFrontMatter, source, problems)
        if front is not None:
            page = Page(
                id=source.id, language=source.language, title=front.title, summary=front.summary, body=source.body
            )
            pages.setdefault(source.id, {})[source.language] = page
    return pages


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f'"{value}"'


def _translate(model: type[BaseModel], error: Any) -> tuple[Loc, str, bool]:
    """Put one pydantic error in plain words; say whether it is about the key."""
    loc: Loc = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}

    if loc and loc[-1] == "[key]":  # a dict key failed its type, e.g. a bad language code
        return loc[:-1], error["msg"], True
    if kind == "missing":
        return loc, "is required but missing", False
    if kind == "extra_forbidden":
        fields = _field_names_at(model, loc[:-1])
        return loc, "unknown field" + _did_you_mean(str(loc[-1]), fields), True
    if kind == "literal_error":
        expected = ", ".join(part.strip(" '") for part in ctx.get("expected", "").replace(" or ", ", ").split(","))
        hint = ""
        if isinstance(value, str) and value.lower() in GERMAN_WEEKDAYS:
            hint = f'; did you mean "{GERMAN_WEEKDAYS[value.lower()]}"?'
        return loc, f"{_describe(value)} is not allowed; must be one of: {expected}{hint}", False
    if value is None:
        return loc, "must not be empty", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if _annotation_at(model, loc) is LocalizedText:
            return loc, 'must be text per language, e.g. "de: Text auf Deutsch" on an indented line below', False
        return loc, f"must be a group of fields (name: value), not {_describe(value)}", False
    if kind == "list_type":
        return loc, f'must be a list, e.g. "[first, second]", not {_describe(value)}', False
    if kind.endswith("_type") and isinstance(value, (list, dict)):
        what = "text" if kind == "string_type" else "a single value"
        return loc, f"must be {what}, not {_describe(value)}", False
    if kind == "too_short":
        return loc, "must list at least one entry", False
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        word = "at least" if kind == "greater_than_equal" else "at most"
        return loc, f"must be {word} {bound:g}", False
    message: str = error["msg"]
    return loc, message[:1].lower() + message[1:], False


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type inside."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    """The declared type of the value at `loc`, or None when the path leaves the model."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, RootModel):
            current = _unwrap(current.model_fields["root"].annotation)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field_info = current.model_fields.get(str(part))
            if field_info is None:
                return None
            current = field_info.annotation
        elif get_origin(current) is list:
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    return _unwrap(current)


def _field_names_at(model: type[BaseModel], loc: Loc) -> list[str]:
    annotation = _annotation_at(model, loc)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _did_you_mean(word: str, candidates: list[str] | set[str]) -> str:
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f'; did you mean "{matches[0]}"?' if matches else ""


# --- meaning --------------------------------------------------------------------------


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _localized_fields(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every translatable text inside a model, with its key path."""
    if isinstance(value, LocalizedText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in _fields_with_text(type(value)):
            yield from _localized_fields(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _localized_fields(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _localized_fields(item, (*loc, key))


@functools.cache
def _fields_with_text(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` whose type can hold a LocalizedText: the only ones worth walking."""
    return tuple(name for name, info in model.model_fields.items() if _can_hold_text(info.annotation))


def _can_hold_text(annotation: Any) -> bool:
    annotation = _unwrap(annotation)
    if annotation is LocalizedText:
        return True
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        return _can_hold_text(annotation.model_fields["root"].annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return bool(_fields_with_text(annotation))
    return any(_can_hold_text(arg) for arg in get_args(annotation))


@dataclass
class _Checker:
    """Checks that need more than one field or more than one file."""

    problems: _Problems
    site: SiteConfig | None
    taxonomies: dict[str, dict[str, Term]]
    venue_ids: set[str]
    today: dt.date
    root: Path
    stale_before: dt.date = field(init=False)

    def __post_init__(self) -> None:
        self.stale_before = _months_before(self.today, STALE_AFTER_MONTHS)

    # records

    def check_offer(self, source: RawRecord, offer: Offer) -> None:
        self._references(source, ("target_groups",), offer.target_groups, "target_groups")
        self._references(source, ("topics",), offer.topics, "topics")
        self._references(source, ("districts",), offer.districts, "districts")
        self._references(source, ("languages",), offer.languages, "languages")
        self._references(source, ("cost", "funding"), offer.cost.funding, "funding")
        self._venue_references(source, ("venues",), offer.venues)
        if offer.citywide and offer.districts:
            self.problems.add(source, ("citywide",), "say either citywide: true or list districts, not both")
        if not offer.citywide and not offer.districts:
            self.problems.add(source, ("districts",), "list the districts the offer is for, or set citywide: true")
        if not offer.cost.free and offer.cost.fee is None:
            self.problems.add(source, ("cost", "fee"), "is required when the offer is not free: say what it costs")
        self._check_dates(source, offer)
        self._contact(source, ("contact",), offer.contact)
        self._translations(source, offer)
        self._reviewed(source, offer.reviewed)
        if offer.expires is not None and offer.expires < self.today:
            self.problems.warn(
                source,
                ("expires",),
                f"the offer ended on {offer.expires.isoformat()}; it no longer appears in lists and search",
            )

    def check_company(self, source: RawRecord, company: Company) -> None:
        self._references(source, ("branches",), company.branches, "branches")
        self._references(source, ("occupations",), company.occupations, "occupations")
        self._references(source, ("languages",), company.languages, "languages")
        self._references(source, ("address", "district"), [company.address.district], "districts", single=True)
        self._geo(source, ("geo",), company.geo)
        self._hours(source, ("open_door", "hours"), company.open_door.hours)
        if not company.consent:
            self.problems.add(
                source,
                ("consent",),
                "must be true: the company confirms that this entry may be published",
            )
        self._contact(source, ("contact",), company.contact)
        self._translations(source, company)
        self._reviewed(source, company.reviewed)
        if company.joined > self.today:
            self.problems.add(source, ("joined",), f"lies in the future ({company.joined.isoformat()})")

    def check_venue(self, source: RawRecord, venue: Venue) -> None:
        self._references(source, ("languages",), venue.languages, "languages")
        self._references(source, ("address", "district"), [venue.address.district], "districts", single=True)
        self._geo(source, ("geo",), venue.geo)
        self._hours(source, ("opening_hours",), venue.opening_hours)
        if not venue.opening_hours and not venue.appointment_only:
            self.problems.add(source, ("opening_hours",), "give the opening hours, or set appointment_only: true")
        self._contact(source, ("contact",), venue.contact)
        self._translations(source, venue)
        self._reviewed(source, venue.reviewed)

    # the site, taxonomies and pages

    def check_site(self, source: RawRecord, site: SiteConfig) -> None:
        self._duplicates(source, ("languages",), site.languages)
        if "de" not in site.languages:
            self.problems.add(source, ("languages",), 'must include "de": every record is written in German first')
        known_languages = self.taxonomies.get("languages")
        if known_languages is not None:
            for index, code in enumerate(site.languages):
                if code not in known_languages:
                    self.problems.add(
                        source,
                        ("languages", index),
                        f'"{code}" is not in taxonomies/languages.yaml; add it there with its native name',
                    )
        bounds = site.map.bounds
        if bounds.south >= bounds.north:
            self.problems.add(source, ("map", "bounds", "north"), "must be north of south (a larger latitude)")
        if bounds.west >= bounds.east:
            self.problems.add(source, ("map", "bounds", "east"), "must be east of west (a larger longitude)")
        bounds_valid = bounds.south < bounds.north and bounds.west < bounds.east
        if bounds_valid and not bounds.contains(site.map.center.lat, site.map.center.lon):
            self.problems.add(source, ("map", "center"), "must lie inside map.bounds")
        tile_url = site.map.tiles.url
        if not tile_url.startswith(("https://", "http://")) or any(
            part not in tile_url for part in ("{z}", "{x}", "{y}")
        ):
            self.problems.add(
                source,
                ("map", "tiles", "url"),
                'must be a tile address with {z}, {x} and {y}, e.g. "https://tile.openstreetmap.org/{z}/{x}/{y}.png"',
            )
        if not (self.root / site.campaign.sticker).is_file():
            self.problems.add(
                source,
                ("campaign", "sticker"),
                f"file not found: {site.campaign.sticker} (relative to the content folder)",
            )
        self._translations(source, site)

    def check_taxonomy(self, source: RawRecord, name: str, terms: dict[str, Term]) -> None:
        for term_id, term in terms.items():
            borough = getattr(term, "borough", None)
            if borough is not None:
                self._references(source, (term_id, "borough"), [borough], "boroughs", single=True)
            self._translations(source, term, (term_id,))

    def check_pages(self, raw: RawContent, pages: dict[str, dict[str, Page]]) -> None:
        if self.site is None:
            return
        for source in raw.pages:
            if source.language not in self.site.languages:
                self.problems.add(
                    source,
                    (),
                    f'language "{source.language}" is not one of the site languages ({", ".join(self.site.languages)})'
                    + _did_you_mean(source.language, set(self.site.languages)),
                )
        page_dir = raw.root / "pages"
        for page_id in REQUIRED_PAGES:
            if "de" not in pages.get(page_id, {}):
                self.problems.items.append(
                    Problem(
                        display_path(page_dir / f"{page_id}.de.md"),
                        1,
                        1,
                        Severity.ERROR,
                        "",
                        "required page is missing (every site needs it in German)",
                    )
                )

    # helpers

    def _references(
        self, source: RawRecord, loc: Loc, values: list[str], taxonomy: str, *, single: bool = False
    ) -> None:
        terms = self.taxonomies.get(taxonomy)
        if terms is None:  # the taxonomy itself failed; its own errors say why
            return
        if not single:
            self._duplicates(source, loc, values)
        for index, value in enumerate(values):
            if value in terms:
                continue
            label_match = [
                term_id for term_id, term in terms.items() if term.label.get("de")[0].lower() == value.lower()
            ]
            hint = f'; did you mean "{label_match[0]}"?' if label_match else _did_you_mean(value.lower(), set(terms))
            where = loc if single else (*loc, index)
            self.problems.add(
                source,
                where,
                f'unknown {TERM_NAMES[taxonomy]} "{value}"{hint} (see taxonomies/{taxonomy}.yaml)',
            )

    def _venue_references(self, source: RawRecord, loc: Loc, values: list[str]) -> None:
        self._duplicates(source, loc, values)
        for index, value in enumerate(values):
            self._venue_reference(source, (*loc, index), value)

    def _venue_reference(self, source: RawRecord, loc: Loc, value: str) -> None:
        if value not in self.venue_ids:
            self.problems.add(
                source,
                loc,
                f'unknown venue "{value}"{_did_you_mean(value, self.venue_ids)} (no file venues/{value}.yaml)',
            )

    def _duplicates(self, source: RawRecord, loc: Loc, values: list[str]) -> None:
        seen: set[str] = set()
        for index, value in enumerate(values):
            if value in seen:
                self.problems.add(source, (*loc, index), f'"{value}" is listed twice')
            seen.add(value)

    def _geo(self, source: RawRecord, loc: Loc, point: GeoPoint) -> None:
        if self.site is None:
            return
        bounds = self.site.map.bounds
        if bounds.contains(point.lat, point.lon):
            return
        area = (
            f"the map area of {self.site.city} (lat {bounds.south:g} to {bounds.north:g},"
            f" lon {bounds.west:g} to {bounds.east:g})"
        )
        if bounds.contains(point.lon, point.lat):
            message = f"lies outside {area}; lat and lon look swapped"
        else:
            message = f"lat {point.lat:g}, lon {point.lon:g} lies outside {area}"
        self.problems.add(source, (*loc, "lat"), message)

    def _hours(self, source: RawRecord, loc: Loc, slots: list[OpeningSlot]) -> None:
        for index, slot in enumerate(slots):
            if slot.closes <= slot.opens:
                self.problems.add(
                    source,
                    (*loc, index, "closes"),
                    f"must be after opens ({slot.opens.strftime('%H:%M')})",
                )
            self._duplicates(source, (*loc, index, "days"), list(slot.days))

    def _check_dates(self, source: RawRecord, offer: Offer) -> None:
        dates = offer.dates
        if dates is None:
            if offer.kind == "event":
                self.problems.add(source, ("dates",), "an event needs dates with at least one session")
            return
        if dates.start and dates.end and dates.end < dates.start:
            self.problems.add(source, ("dates", "end"), f"must not be before start ({dates.start.isoformat()})")
        if offer.kind == "event" and not dates.sessions:
            self.problems.add(source, ("dates", "sessions"), "an event needs at least one session")
        for index, session in enumerate(dates.sessions):
            if session.end is not None and session.end <= session.start:
                self.problems.add(
                    source,
                    ("dates", "sessions", index, "end"),
                    f"must be after start ({session.start.strftime('%Y-%m-%d %H:%M')})",
                )
            if session.venue is not None:
                self._venue_reference(source, ("dates", "sessions", index, "venue"), session.venue)

    def _contact(self, source: RawRecord, loc: Loc, contact: Contact) -> None:
        ways = [contact.phone, contact.email, contact.website]
        if isinstance(contact, OfferContact):
            ways.append(contact.registration_url)
        if not any(ways):
            self.problems.add(source, loc, "give at least one way to get in touch: phone, email or website")

    def _translations(self, source: RawRecord, model: BaseModel, prefix: Loc = ()) -> None:
        if self.site is None:
            return
        site_languages = self.site.languages
        missing: dict[str, list[Loc]] = {}
        for loc, text in _localized_fields(model, prefix):
            for language in text.languages:
                # A site without German gets one error for that, on its language list.
                if language not in site_languages and language != DEFAULT_LANGUAGE:
                    self.problems.add(
                        source,
                        (*loc, language),
                        f'"{language}" is not a site language ({", ".join(site_languages)})'
                        + _did_you_mean(language, set(site_languages)),
                        at_key=True,
                    )
            for language in site_languages:
                if language not in text.languages:
                    missing.setdefault(language, []).append(loc)
        if missing:
            incomplete: list[Loc] = []
            for locs in missing.values():
                incomplete.extend(loc for loc in locs if loc not in incomplete)
            others = ", ".join(format_loc(loc[len(prefix) :]) for loc in incomplete[1:])
            self.problems.warn(
                source,
                incomplete[0],
                at_key=True,
                message=f"not translated into {', '.join(missing)}" + (f"; neither are: {others}" if others else ""),
            )

    def _reviewed(self, source: RawRecord, reviewed: dt.date) -> None:
        if reviewed > self.today:
            self.problems.add(source, ("reviewed",), f"lies in the future ({reviewed.isoformat()})")
        elif reviewed < self.stale_before:
            self.problems.warn(
                source,
                ("reviewed",),
                f"last checked on {reviewed.isoformat()}, more than {STALE_AFTER_MONTHS} months ago;"
                " check the entry and update the date",
            )
