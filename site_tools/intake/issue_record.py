"""Turn the answers of an issue form into a company record's data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from site_tools.content.checks.references import TERM_NAMES
from site_tools.content.load import RawContent
from site_tools.errors import ConfigError, Severity
from site_tools.intake.company_text import parse_door_hours
from site_tools.intake.issue_form import FormField, FormProblem

YES, NO = "Ja", "Nein"

# Form field id -> the taxonomy whose German labels are the field's options.
TAXONOMY_FIELDS = {"branches": "branches", "district": "districts", "languages": "languages"}
# Form fields answered "Ja" or "Nein".
YES_NO_FIELDS = ("internships", "step_free")

# A task-list item as GitHub renders it: at most three spaces in (four make a code block).
_VISIBLE_CHECKBOX = re.compile(r"^ {0,3}[-*][ \t]+\[([ xX])\][ \t]+(.*?)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NUMBER = r"-?\d{1,3}(?:[.,]\d+)?"
_COORDINATE_PAIR = re.compile(rf"^\s*({_NUMBER})\s*(?:[,;/]\s*|\s+)({_NUMBER})\s*$")
_OSM_MAP_URL = re.compile(r"[#&?]map=\d+/(-?\d+(?:\.\d+)?)/(-?\d+(?:\.\d+)?)")


# --- the record ----------------------------------------------------------------------------


@dataclass
class RecordBuilder:
    """Turns answers into record data, noting what cannot be turned and where list items came from."""

    fields: dict[str, FormField]
    answers: dict[str, str]
    term_ids: dict[str, dict[str, str]]
    problems: list[FormProblem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)
    # Record list path -> for each item, which line of which answer it came from.
    entries: dict[str, list[str]] = field(default_factory=dict)

    def error(self, field_id: str, message: str, entry: str = "") -> None:
        self.problems.append(FormProblem(Severity.ERROR, (self.fields[field_id].label,), message, entry=entry))
        self.failed.add(field_id)

    def text(self, field_id: str) -> str | None:
        return self.answers.get(field_id)

    def terms(self, field_id: str) -> list[str]:
        """Dropdown labels turned back into the ids of their taxonomy terms."""
        taxonomy = TAXONOMY_FIELDS[field_id]
        answer = self.text(field_id)
        if answer is None:
            return []
        chosen = [part.strip() for part in answer.split(",")] if self.fields[field_id].multiple else [answer]
        known = self.term_ids.get(taxonomy, {})
        folded = {label.casefold(): term_id for label, term_id in known.items()}
        ids = []
        for label in chosen:
            term_id = known.get(label) or folded.get(label.casefold())
            if term_id is None:
                self.error(
                    field_id,
                    f'"{label}" is not a {TERM_NAMES[taxonomy]} in taxonomies/{taxonomy}.yaml'
                    " (was the answer edited, or does the form differ from the taxonomy?)",
                )
            elif term_id not in ids:
                ids.append(term_id)
        return ids

    def yes_no(self, field_id: str) -> bool | None:
        answer = self.text(field_id)
        if answer is None:
            return None
        if answer.casefold() in (YES.casefold(), NO.casefold()):
            return answer.casefold() == YES.casefold()
        self.error(field_id, f'"{answer}" is not one of the choices {YES} or {NO}')
        return None

    def ticked(self, field_id: str) -> bool:
        """Whether the answer is exactly the field's boxes, each once, each ticked, as GitHub shows them.

        Anything else in the answer (a box twice, a box in a code block, other text) means
        the visible answer may not be what the lines say: no consent, and an error.
        """
        options = self.fields[field_id].options
        lines = [line for line in (self.text(field_id) or "").split("\n") if line.strip()]
        boxes = [match for line in lines if (match := _VISIBLE_CHECKBOX.match(line))]
        labels = [" ".join(match.group(2).split()) for match in boxes]
        if not lines or len(boxes) != len(lines) or sorted(labels) != sorted(options):
            if lines:
                self.error(
                    field_id,
                    "the answer is not just the form's box to tick (other text, a box twice or a box in a code"
                    " block); ask the company to tick the box in the form itself",
                )
            return False
        return all(match.group(1) in "xX" for match in boxes)

    def lines(self, field_id: str) -> list[tuple[int, str]]:
        """The non-empty lines of an answer with their line numbers, list bullets removed."""
        answer = self.text(field_id) or ""
        numbered = [(number, _BULLET.sub("", line).strip()) for number, line in enumerate(answer.split("\n"), 1)]
        return [(number, line) for number, line in numbered if line]

    def coordinates(self, lat: str | None, lon: str | None) -> dict[str, Any] | None:
        if lat is not None and lon is not None:
            return {"lat": lat.strip(), "lon": lon.strip()}
        answer = self.text("coordinates")
        if answer is None:
            self.error(
                "coordinates",
                "empty, so the company leaves them to us: look up the entrance on openstreetmap.org"
                ' (right-click on it, "Show address") and run again with --lat LAT --lon LON',
            )
            return None
        pair = parse_coordinates(answer)
        if pair is None:
            self.error(
                "coordinates",
                f'"{answer}" is not two numbers like "51.48180, 7.21620"; look up the entrance on'
                " openstreetmap.org and run again with --lat LAT --lon LON",
            )
            return None
        return {"lat": pair[0], "lon": pair[1]}

    def occupations(self, names: dict[str, str | None]) -> list[str]:
        """Occupation names or ids, one a line, turned into ids where they are known.

        An unknown name stays as written: validation names it and suggests an id.
        """
        occupations: list[str] = []
        for _, line in self.lines("occupations"):
            # "Bäcker*in, Konditor*in" on one line; but some names hold a comma themselves.
            parts = [line] if find_occupation(line, names) else [part.strip() for part in re.split(r"[,;]", line)]
            for part in filter(None, parts):
                term_id = find_occupation(part, names)
                name = term_id or part
                if name not in occupations:
                    occupations.append(name)
        return occupations

    def hours(self) -> list[dict[str, Any]]:
        """The open-door times, read line by line, so that each problem names its line."""
        slots: list[dict[str, Any]] = []
        entries = self.entries.setdefault("open_door.hours", [])
        for number, line in self.lines("open_door_hours"):
            entry = f'line {number} "{line}"'
            try:
                line_slots = parse_door_hours(line)
            except ValueError as exc:
                self.error("open_door_hours", str(exc), entry)
                continue
            for slot in line_slots:
                slots.append(slot._asdict())
                entries.append(entry)
        return slots


def parse_coordinates(text: str) -> tuple[str, str] | None:
    """(lat, lon) as decimal text from "51.4818, 7.2162", "51,4818 7,2162" or an openstreetmap.org link."""
    link = _OSM_MAP_URL.search(text)
    if link:
        return link.group(1), link.group(2)
    pair = _COORDINATE_PAIR.match(text)
    if pair is None:
        return None
    return pair.group(1).replace(",", "."), pair.group(2).replace(",", ".")


def _loose(text: str) -> str:
    """An occupation name without gender endings and "(m/w/d)", to match what people write."""
    loose = text.casefold()
    loose = re.sub(r"\(\s*[mwd](\s*/\s*[mwd])*\s*\)", " ", loose)  # (m/w/d)
    loose = re.sub(r"/-?\w+", " ", loose)  # Kaufmann/-frau, Koch/Köchin
    loose = re.sub(r"[*:_](innen|in|r)\b", " ", loose)  # Bäcker*in, Fachangestellte*r
    loose = re.sub(r"(?<=\w)(innen|in)\b", "", loose)  # Bäckerin
    return " ".join(loose.replace(" -", "-").replace("- ", "-").split())


def occupation_names(terms: dict[str, dict[str, str]]) -> dict[str, str | None]:
    """Every way of writing an occupation -> its id (None where two occupations would match)."""
    names: dict[str, str | None] = {}
    for term_id, labels in terms.items():
        for name in {_loose(term_id), _loose(term_id.replace("-", " ")), *(_loose(label) for label in labels.values())}:
            names[name] = term_id if names.get(name, term_id) == term_id else None
    return names


def find_occupation(text: str, names: dict[str, str | None]) -> str | None:
    """The id of the occupation `text` names (a label, an id, or near enough), if one does."""
    return names.get(_loose(text))


# --- taxonomies and site, as read ----------------------------------------------------------


def _labels(raw: RawContent, taxonomy: str) -> dict[str, dict[str, str]]:
    """Each term of a taxonomy as read: id -> {language: label}; malformed terms are left out."""
    source = raw.taxonomies.get(taxonomy)
    terms: dict[str, dict[str, str]] = {}
    for term_id, term in (source.data if source else {}).items():
        label = term.get("label") if isinstance(term, dict) else None
        if isinstance(label, dict):
            terms[term_id] = {language: text for language, text in label.items() if isinstance(text, str)}
    return terms


def _site_city(raw: RawContent) -> str:
    city = raw.site.data.get("city") if raw.site else None
    if not isinstance(city, str) or not city.strip():
        raise ConfigError("content/site.yaml has no city; run python build.py validate")
    return city.strip()


# --- the whole record ----------------------------------------------------------------------


def build_record(
    fields: dict[str, FormField],
    answers: dict[str, str],
    raw: RawContent,
    today: str,
    lat: str | None = None,
    lon: str | None = None,
) -> tuple[dict[str, Any], RecordBuilder]:
    """The record's data from the answers, and the builder that knows what could not be used."""
    labels = {taxonomy: _labels(raw, taxonomy) for taxonomy in (*TAXONOMY_FIELDS.values(), "occupations")}
    term_ids = {
        taxonomy: {terms["de"]: term_id for term_id, terms in labels[taxonomy].items() if "de" in terms}
        for taxonomy in TAXONOMY_FIELDS.values()
    }
    build = RecordBuilder(fields, answers, term_ids)
    text = build.text
    record: dict[str, Any] = {}

    def put(target: dict[str, Any], key: str, value: Any) -> None:
        if value not in (None, [], {}):
            target[key] = value

    put(record, "name", text("name"))
    description: dict[str, Any] = {}
    put(description, "de", text("description"))
    put(description, "en", text("description_en"))
    put(record, "description", description)
    put(record, "branches", build.terms("branches"))
    address: dict[str, Any] = {}
    put(address, "street", text("street"))
    put(address, "postcode", text("postcode"))
    address["city"] = _site_city(raw)
    district = build.terms("district")
    put(address, "district", district[0] if district else None)
    record["address"] = address
    put(record, "geo", build.coordinates(lat, lon))
    put(record, "occupations", build.occupations(occupation_names(labels["occupations"])))
    put(record, "dual_study", [line for _, line in build.lines("dual_study")])
    record["internships"] = build.yes_no("internships") or False
    open_door: dict[str, Any] = {}
    put(open_door, "hours", build.hours())
    put(open_door, "ask_for", {"de": text("ask_for")} if text("ask_for") else None)
    put(open_door, "ask_about", {"de": text("ask_about")} if text("ask_about") else None)
    record["open_door"] = open_door
    contact: dict[str, Any] = {}
    put(contact, "person", text("contact_person"))
    put(contact, "phone", text("phone"))
    put(contact, "email", text("email"))
    website = text("website")
    # "www.beispiel.de" is what most people write for their website.
    put(contact, "website", f"https://{website}" if website and website.casefold().startswith("www.") else website)
    record["contact"] = contact
    put(record, "languages", build.terms("languages"))
    step_free = build.yes_no("step_free")
    put(record, "accessibility", {"step_free": step_free} if step_free is not None else None)
    record["joined"] = today
    record["consent"] = build.ticked("consent")
    record["reviewed"] = today
    return record, build
