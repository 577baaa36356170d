"""Validate loaded content and collect every problem, each at its file, line and column.

Two passes, both over every file before anything is reported:
1. shape: each file through its model (model.py); pydantic's errors are put in plain
   words and mapped back to the YAML node they are about;
2. meaning: references between files, coordinates inside the map, dates in order,
   opening hours, consent, languages, and warnings about stale or untranslated entries.

A record with shape errors still gets the second pass on the fields that are valid, so
a contributor sees every problem of a file in one run, not one round at a time.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import types
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, cast, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import BaseModel, RootModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from site_tools.content.load import RawContent, RawRecord, RecordFile, display_path, load_content, read_record
from site_tools.content.model import (
    DEFAULT_LANGUAGE,
    RECORD_MODELS,
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
from site_tools.content.scalars import GERMAN_WEEKDAYS, is_id
from site_tools.content.strict_yaml import MAX_FILE_BYTES, START, LocatedDict, LocatedList, Position, too_large_message
from site_tools.content.svg_check import svg_problems
from site_tools.errors import Problem, Severity
from site_tools.parallel import map_chunks, worker_count

Loc = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)
RecordT = TypeVar("RecordT", bound=Record)

STALE_AFTER_MONTHS = 12
# A tile server's host, with an optional port; "{s}." subdomains are allowed too.
_TILE_HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?")
_NOT_IN_TILE_URL = re.compile(r"[\s;,'\"<>\\]")

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
# Country codes and old codes people write for a language.
LANGUAGE_ALIASES = {
    "ua": "uk",
    "gr": "el",
    "cz": "cs",
    "dk": "da",
    "se": "sv",
    "jp": "ja",
    "kr": "ko",
    "cn": "zh",
    "ir": "fa",
    "al": "sq",
    "rs": "sr",
    "ge": "ka",
    "ee": "et",
    "si": "sl",
    "gb": "en",
    "us": "en",
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


def load_and_validate(
    root: Path, today: dt.date, *, keep_content: bool = True, workers: int | None = None
) -> ValidationResult:
    """Read and check the content folder `root` as of `today`.

    Without `keep_content` only the problems are wanted (the `validate` command), which
    spares sending every typed record back from the worker processes.
    """
    return validate_content(load_content(root), today, keep_content=keep_content, workers=workers)


def validate_content(
    raw: RawContent, today: dt.date, *, keep_content: bool = True, workers: int | None = None
) -> ValidationResult:
    """Check everything that was loaded; never stop at the first problem."""
    problems = _Problems(list(raw.problems))

    site = _typed(SiteConfig, raw.site, problems) if raw.site else None
    taxonomies = {name: _typed_terms(TAXONOMIES[name], source, problems) for name, source in raw.taxonomies.items()}
    term_ids = {name: set(source.data) for name, source in raw.taxonomies.items()}
    pages = _typed_pages(raw, problems)
    # Listed, not read: an offer naming a venue whose file is broken gets no second error.
    venue_ids = {record_file.id for record_file in raw.record_files.get("venues", [])}

    checker = _Checker(problems, site, taxonomies, term_ids, venue_ids, today, raw.root)
    if site is not None and raw.site is not None:
        checker.check_site(raw.site, site)
    for name, terms in taxonomies.items():
        checker.check_taxonomy(raw.taxonomies[name], terms)
    checker.check_pages(raw, pages)

    files = [record_file for kind in RECORD_MODELS for record_file in raw.record_files.get(kind, [])]
    batch = _check_record_files(checker, files, keep_content, workers)
    problems.items.extend(batch.problems)

    sorted_problems = sorted(problems.items)
    content = None
    if keep_content and site is not None and not any(p.is_error for p in sorted_problems):
        by_kind: dict[str, dict[str, Any]] = {kind: {} for kind in RECORD_MODELS}
        for kind, record_id, record in sorted(batch.records, key=lambda item: (item[0], item[1])):
            by_kind[kind][record_id] = record
        content = Content(raw.root, site, taxonomies, by_kind["offers"], by_kind["companies"], by_kind["venues"], pages)
    return ValidationResult(content, sorted_problems, raw.files_read + batch.files_read, len(files))


# --- records, in one process or several ----------------------------------------------

# Below this many records, starting processes costs more than it saves.
PARALLEL_FROM = 1000


@dataclass
class _Batch:
    """What checking some record files gave: problems, and the records that are valid."""

    problems: list[Problem]
    records: list[tuple[str, str, Record]]
    files_read: int


def _check_records(job: tuple[_Checker, bool], files: list[RecordFile]) -> _Batch:
    """Read, type and check each record file; collect its problems (and valid records if kept)."""
    checker, keep_records = job
    collector = _Problems([])
    local = replace(checker, problems=collector)
    checks: dict[str, Callable[[RawRecord, Any, Callable[..., bool]], None]] = {
        "offers": local.check_offer,
        "companies": local.check_company,
        "venues": local.check_venue,
    }
    records: list[tuple[str, str, Record]] = []
    for record_file in files:
        source, read_problems = read_record(record_file)
        collector.items.extend(read_problems)
        if source is None:
            continue
        record, valid = _typed_record(RECORD_MODELS[record_file.kind], source, collector)
        checks[record_file.kind](source, record, valid)
        if keep_records and valid is _all_valid:
            records.append((record_file.kind, record_file.id, record))
    return _Batch(collector.items, records, len(files))


def _check_record_files(checker: _Checker, files: list[RecordFile], keep_records: bool, workers: int | None) -> _Batch:
    workers = worker_count(len(files), PARALLEL_FROM) if workers is None else workers
    batches = map_chunks(_check_records, (checker, keep_records), files, workers, chunks_per_worker=4)
    return _Batch(
        [problem for batch in batches for problem in batch.problems],
        [record for batch in batches for record in batch.records],
        sum(batch.files_read for batch in batches),
    )


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

    def warn(self, source: RawRecord, loc: Loc, message: str, *, at_key: bool = False) -> None:
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


def _all_valid(*_names: str) -> bool:
    return True


def _report_shape_errors(
    model: type[BaseModel], error: ValidationError, source: RawRecord, problems: _Problems, prefix: Loc = ()
) -> set[Any]:
    """Report every error of one validation in plain words; return the failed top-level fields."""
    failed = set()
    for detail in error.errors(include_url=False):
        loc, message, at_key = _translate(model, detail)
        problems.add(source, (*prefix, *loc), message, at_key=at_key)
        if detail["loc"]:
            failed.add(detail["loc"][0])
    return failed


def _typed(model: type[ModelT], source: RawRecord, problems: _Problems) -> ModelT | None:
    try:
        return model.model_validate(source.data)
    except ValidationError as error:
        _report_shape_errors(model, error, source, problems)
        return None


def _typed_record(model: type[RecordT], source: RawRecord, problems: _Problems) -> tuple[RecordT, Callable[..., bool]]:
    """The record and which of its fields are valid; shape problems are reported."""
    try:
        record = model.model_validate(source.data)
        valid: Callable[..., bool] = _all_valid
    except ValidationError as error:
        failed = _report_shape_errors(model, error, source, problems)
        record = _partial(model, source.data, failed)
        valid = _fields_valid(frozenset(failed))
    record._id = source.id
    return record, valid


def _fields_valid(failed: frozenset[Any]) -> Callable[..., bool]:
    def valid(*names: str) -> bool:
        return not any(name in failed for name in names)

    return valid


def _partial(model: type[RecordT], data: LocatedDict, failed: set[Any]) -> RecordT:
    """The record built from its valid top-level fields only (the others stay unset)."""
    values = {
        name: _field_adapter(model, name).validate_python(data[name])
        for name in model.model_fields
        if name in data and name not in failed
    }
    return cast(RecordT, model.model_construct(**values))


@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    # The FieldInfo as metadata carries the field's constraints (min_length, ge, …).
    return TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]


def _typed_terms(term_model: type[Term], source: RawRecord, problems: _Problems) -> dict[str, Term]:
    """The valid terms of a taxonomy file; each bad term is reported on its own."""
    terms: dict[str, Term] = {}
    for term_id, data in source.data.items():
        if not is_id(term_id):
            problems.add(
                source,
                (term_id,),
                'must be an id: lowercase letters a-z, digits and "-", e.g. "baeckerei-beispiel"',
                at_key=True,
            )
            continue
        try:
            terms[term_id] = term_model.model_validate(data)
        except ValidationError as error:
            _report_shape_errors(term_model, error, source, problems, prefix=(term_id,))
    return terms


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
        return loc, _unknown_field_message(str(loc[-1]), _field_names_at(model, loc[:-1])), True
    if kind == "literal_error":
        expected = ", ".join(part.strip(" '") for part in ctx.get("expected", "").replace(" or ", ", ").split(","))
        hint = ""
        if isinstance(value, str) and value.lower() in GERMAN_WEEKDAYS:
            hint = f'; did you mean "{GERMAN_WEEKDAYS[value.lower()]}"?'
        elif isinstance(value, str):
            hint = _did_you_mean(value.lower(), expected.split(", "))
        return loc, f"{_describe(value)} is not allowed; must be one of: {expected}{hint}", False
    if value is None:
        return loc, _empty_message(model, loc), False
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


def _empty_message(model: type[BaseModel], loc: Loc) -> str:
    """Say an empty value must be filled in, or may go if its field is optional."""
    for end in range(len(loc), 0, -1):
        info = _field_info_at(model, loc[:end])
        if info is not None:
            if not info.is_required():
                return f'is empty: fill it in, or delete "{loc[end - 1]}" if it does not apply'
            break
    return "must not be empty"


def _unknown_field_message(name: str, fields: list[str]) -> str:
    hidden = [char for char in name if unicodedata.category(char) in ("Zs", "Cf", "Cc") and char != " "]
    if hidden:
        code = f"U+{ord(hidden[0]):04X}"
        cleaned = "".join(" " if char in hidden else char for char in name).strip()
        return f"unknown field: it contains an invisible character ({code}); retype it" + _did_you_mean(cleaned, fields)
    return "unknown field" + _did_you_mean(name, fields)


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


def _field_info_at(model: type[BaseModel], loc: Loc) -> FieldInfo | None:
    """The model field `loc` names, if its last part is one."""
    parent = _annotation_at(model, loc[:-1])
    if isinstance(parent, type) and issubclass(parent, BaseModel) and not issubclass(parent, RootModel):
        return parent.model_fields.get(str(loc[-1]))
    return None


def _field_names_at(model: type[BaseModel], loc: Loc) -> list[str]:
    annotation = _annotation_at(model, loc)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _did_you_mean(word: str, candidates: list[str] | set[str]) -> str:
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f'; did you mean "{matches[0]}"?' if matches else ""


def _did_you_mean_language(code: str, candidates: set[str]) -> str:
    for guess in (code.lower(), LANGUAGE_ALIASES.get(code.lower(), "")):
        if guess in candidates:
            return f'; did you mean "{guess}"?'
    return _did_you_mean(code.lower(), candidates)


# --- meaning --------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """Return the day `months` months before `day` (the month's last day if it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _localized_fields(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every translatable text inside a model, with its key path (unset fields are skipped)."""
    if isinstance(value, LocalizedText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in _fields_with_text(type(value)):
            yield from _localized_fields(getattr(value, name, None), (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _localized_fields(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _localized_fields(item, (*loc, key))


def missing_translations(model: BaseModel, languages: Sequence[str]) -> dict[str, list[Loc]]:
    """Say which translatable texts of `model` lack each of `languages`.

    Keys are only the languages something is missing in, in the order first met; each
    list holds the key paths of the texts without that language, in field order.
    """
    return _missing_in(list(_localized_fields(model)), languages)


def _missing_in(texts: list[tuple[Loc, LocalizedText]], languages: Sequence[str]) -> dict[str, list[Loc]]:
    missing: dict[str, list[Loc]] = {}
    for loc, text in texts:
        for language in languages:
            if language not in text.languages:
                missing.setdefault(language, []).append(loc)
    return missing


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
    """Checks that need more than one field or more than one file.

    Each record check receives `valid(*fields)`: a record with shape errors is checked
    only where the fields a check needs are valid.
    """

    problems: _Problems
    site: SiteConfig | None
    taxonomies: dict[str, dict[str, Term]]
    # Every id written in a taxonomy file, valid or not: a reference to a broken term
    # is not reported again as unknown.
    term_ids: dict[str, set[str]]
    venue_ids: set[str]
    today: dt.date
    root: Path
    stale_before: dt.date = field(init=False)

    def __post_init__(self) -> None:
        self.stale_before = months_before(self.today, STALE_AFTER_MONTHS)

    # records

    def check_offer(self, source: RawRecord, offer: Offer, valid: Callable[..., bool]) -> None:
        for name, taxonomy in (
            ("target_groups", "target_groups"),
            ("topics", "topics"),
            ("districts", "districts"),
            ("languages", "languages"),
        ):
            if valid(name):
                self._references(source, (name,), getattr(offer, name), taxonomy)
        if valid("cost"):
            self._references(source, ("cost", "funding"), offer.cost.funding, "funding")
            if not offer.cost.free and offer.cost.fee is None:
                self.problems.add(source, ("cost", "fee"), "is required when the offer is not free: say what it costs")
        if valid("venues"):
            self._venue_references(source, ("venues",), offer.venues)
        if valid("citywide", "districts"):
            if offer.citywide and offer.districts:
                self.problems.add(source, ("citywide",), "say either citywide: true or list districts, not both")
            if not offer.citywide and not offer.districts:
                self.problems.add(source, ("districts",), "list the districts the offer is for, or set citywide: true")
        if valid("dates", "kind"):
            self._check_dates(source, offer)
        if valid("contact"):
            self._contact(source, ("contact",), offer.contact)
        self._translations(source, offer)
        if valid("reviewed"):
            self._reviewed(source, offer.reviewed)
        if valid("expires") and offer.expires is not None and offer.expires < self.today:
            self.problems.warn(
                source,
                ("expires",),
                f"the offer ended on {offer.expires.isoformat()}; it no longer appears in lists and search",
            )

    def check_company(self, source: RawRecord, company: Company, valid: Callable[..., bool]) -> None:
        for name in ("branches", "occupations", "languages"):
            if valid(name):
                self._references(source, (name,), getattr(company, name), name)
        if valid("address"):
            self._references(source, ("address", "district"), [company.address.district], "districts", single=True)
        if valid("geo"):
            self._geo(source, ("geo",), company.geo)
        if valid("open_door"):
            self._hours(source, ("open_door", "hours"), company.open_door.hours)
        if valid("consent") and not company.consent:
            self.problems.add(
                source,
                ("consent",),
                "must be true: the company confirms that this entry may be published",
            )
        if valid("contact"):
            self._contact(source, ("contact",), company.contact)
        self._translations(source, company)
        if valid("reviewed"):
            self._reviewed(source, company.reviewed)
        if valid("joined") and company.joined > self.today:
            self.problems.add(source, ("joined",), f"lies in the future ({company.joined.isoformat()})")

    def check_venue(self, source: RawRecord, venue: Venue, valid: Callable[..., bool]) -> None:
        if valid("languages"):
            self._references(source, ("languages",), venue.languages, "languages")
        if valid("address"):
            self._references(source, ("address", "district"), [venue.address.district], "districts", single=True)
        if valid("geo"):
            self._geo(source, ("geo",), venue.geo)
        if valid("opening_hours"):
            self._hours(source, ("opening_hours",), venue.opening_hours)
        if valid("opening_hours", "appointment_only") and not venue.opening_hours and not venue.appointment_only:
            self.problems.add(source, ("opening_hours",), "give the opening hours, or set appointment_only: true")
        if valid("contact"):
            self._contact(source, ("contact",), venue.contact)
        self._translations(source, venue)
        if valid("reviewed"):
            self._reviewed(source, venue.reviewed)

    # the site, taxonomies and pages

    def check_site(self, source: RawRecord, site: SiteConfig) -> None:
        self._duplicates(source, ("languages",), site.languages)
        if "de" not in site.languages:
            self.problems.add(source, ("languages",), 'must include "de": every record is written in German first')
        known_languages = self.term_ids.get("languages")
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
        elif not _TILE_HOST.fullmatch(urlsplit(tile_url.replace("{s}", "s")).netloc) or _NOT_IN_TILE_URL.search(
            tile_url
        ):
            # The host goes into the Content-Security-Policy (host_headers.py): a plain host name, nothing more.
            self.problems.add(
                source,
                ("map", "tiles", "url"),
                'must be a plain address: a host of letters, digits, "-" and ".", then a path without spaces,'
                ' quotes, ";" or ","',
            )
        if site.hsts and site.base_url.startswith("http://"):
            self.problems.add(
                source,
                ("hsts",),
                "base_url is http://, so the site has no HTTPS: set hsts: false, or give the https:// address",
            )
        self._check_sticker(source, site.campaign.sticker)
        self._translations(source, site)

    def _check_sticker(self, source: RawRecord, sticker: str) -> None:
        # The build copies this file into the public site: it must come from the content folder.
        root = self.root.resolve()
        path = (self.root / sticker).resolve()
        if not path.is_relative_to(root) or (self.root / sticker).is_symlink():
            self.problems.add(
                source, ("campaign", "sticker"), "must be a file inside the content folder, e.g. assets/sticker.svg"
            )
        elif not path.is_file():
            self.problems.add(
                source, ("campaign", "sticker"), f"file not found: {sticker} (relative to the content folder)"
            )
        elif path.suffix != ".svg":
            self.problems.add(source, ("campaign", "sticker"), "must be an SVG image (.svg), e.g. assets/sticker.svg")
        elif (size := path.stat().st_size) > MAX_FILE_BYTES:
            self.problems.add(source, ("campaign", "sticker"), too_large_message(size))
        else:
            # The site serves the file as it is: it may hold drawing only (svg_check.py).
            shown = display_path(self.root / sticker)
            for problem in svg_problems(path.read_bytes()):
                self.problems.items.append(
                    Problem(shown, problem.line, problem.column, Severity.ERROR, "", problem.message)
                )

    def check_taxonomy(self, source: RawRecord, terms: dict[str, Term]) -> None:
        for term_id, term in terms.items():
            borough = getattr(term, "borough", None)
            if borough is not None:
                self._references(source, (term_id, "borough"), [borough], "boroughs", single=True)
            self._translations(source, term, (term_id,))

    def check_pages(self, raw: RawContent, pages: dict[str, dict[str, Page]]) -> None:
        if self.site is None:
            return
        site_languages = set(self.site.languages)
        for source in raw.pages:
            if source.language not in site_languages:
                self.problems.add(
                    source,
                    (),
                    f'language "{source.language}" is not one of the site languages ({", ".join(self.site.languages)})'
                    + _did_you_mean_language(source.language, site_languages),
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
        known = self.term_ids.get(taxonomy)
        if known is None:  # the taxonomy file itself is missing or unreadable; its own errors say why
            return
        if not single:
            self._duplicates(source, loc, values)
        for index, value in enumerate(values):
            if value in known:
                continue
            where = loc if single else (*loc, index)
            self.problems.add(
                source,
                where,
                f'unknown {TERM_NAMES[taxonomy]} "{value}"{self._term_hint(value, taxonomy, known)}'
                f" (see taxonomies/{taxonomy}.yaml)",
            )

    def _term_hint(self, value: str, taxonomy: str, known: set[str]) -> str:
        """Suggest the id for a typo, a label written instead of an id, or a start of a label."""
        if taxonomy == "languages":
            hint = _did_you_mean_language(value, known)
            if hint:
                return hint
        wanted = value.strip().lower()
        labels = [
            (term_id, text.lower())
            for term_id, term in self.taxonomies.get(taxonomy, {}).items()
            for text in term.label.root.values()
        ]
        exact = sorted(term_id for term_id, label in labels if label == wanted)
        # "Gastronomie" for "Gastronomie und Hotellerie"; short words would match too much.
        starts = sorted(term_id for term_id, label in labels if len(wanted) >= 4 and label.startswith(wanted))
        if exact or starts:
            return f'; did you mean "{(exact or starts)[0]}"?'
        return _did_you_mean(wanted, known)

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
        texts = list(_localized_fields(model, prefix))
        for loc, text in texts:
            for language in text.languages:
                # A site without German gets one error for that, on its language list.
                if language not in site_languages and language != DEFAULT_LANGUAGE:
                    self.problems.add(
                        source,
                        (*loc, language),
                        f'"{language}" is not a site language ({", ".join(site_languages)})'
                        + _did_you_mean_language(language, set(site_languages)),
                        at_key=True,
                    )
        missing = _missing_in(texts, site_languages)
        if missing:
            incomplete: list[Loc] = []
            for locs in missing.values():
                incomplete.extend(loc for loc in locs if loc not in incomplete)
            others = ", ".join(format_loc(loc[len(prefix) :]) for loc in incomplete[1:])
            self.problems.warn(
                source,
                incomplete[0],
                f"not translated into {', '.join(missing)}" + (f"; neither are: {others}" if others else ""),
                at_key=True,
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
