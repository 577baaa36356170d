"""Turn a submitted "Betrieb anmelden" issue into a company record.

Companies that don't use git fill in the issue form .github/ISSUE_TEMPLATE/betrieb-anmelden.yml.
GitHub writes each answer into the issue under a "### Label" heading, `_No response_` for
an empty field, ticked boxes as "- [X] text" and a multiple choice as "A, B". The labels are
read from the form file, so the form is the only place they are written; the form's field
ids tie each answer to a record field. Dropdown answers are German labels of taxonomy terms
and become their ids again.

The record is checked by the same validation as every other record (validate.py), and each
problem is reported with the form field it comes from, so staff know what to ask the company.
The record is written only when it has no errors, and never over an existing file.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from site_tools.content.load import RawContent, display_path, load_content
from site_tools.content.scalars import is_id, suggest_id
from site_tools.content.validate import TERM_NAMES
from site_tools.errors import ConfigError, Problem, Severity
from site_tools.intake.company_text import check_companies, company_yaml, parse_door_hours
from site_tools.intake.scaffold import write_record_file
from site_tools.paths import PROJECT_ROOT

FORM_FILE = PROJECT_ROOT / ".github" / "ISSUE_TEMPLATE" / "betrieb-anmelden.yml"
RECORD_FOLDER = "companies"

NO_RESPONSE = "_No response_"
# What GitHub writes for an optional dropdown left at its automatic "None" choice.
NO_CHOICE = "None"
YES, NO = "Ja", "Nein"

# Form field id -> the taxonomy whose German labels are the field's options.
TAXONOMY_FIELDS = {"branches": "branches", "district": "districts", "languages": "languages"}
# Form fields answered "Ja" or "Nein".
YES_NO_FIELDS = ("internships", "step_free")
# Every field id the importer reads; the form must have each of them.
FIELD_IDS = (
    "name",
    "description",
    "description_en",
    "branches",
    "street",
    "postcode",
    "district",
    "coordinates",
    "occupations",
    "dual_study",
    "internships",
    "open_door_hours",
    "ask_for",
    "ask_about",
    "contact_person",
    "phone",
    "email",
    "website",
    "languages",
    "step_free",
    "consent",
)
# Record field (a prefix of a problem's path) -> the form fields it is made from. First match wins.
RECORD_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name", ("name",)),
    ("description.en", ("description_en",)),
    ("description", ("description",)),
    ("branches", ("branches",)),
    ("address.street", ("street",)),
    ("address.postcode", ("postcode",)),
    ("address.district", ("district",)),
    ("address", ("street", "postcode", "district")),
    ("geo", ("coordinates",)),
    ("occupations", ("occupations",)),
    ("dual_study", ("dual_study",)),
    ("internships", ("internships",)),
    ("open_door.hours", ("open_door_hours",)),
    ("open_door.ask_for", ("ask_for",)),
    ("open_door.ask_about", ("ask_about",)),
    ("open_door", ("open_door_hours", "ask_for")),
    ("contact.person", ("contact_person",)),
    ("contact.phone", ("phone",)),
    ("contact.email", ("email",)),
    ("contact.website", ("website",)),
    ("contact", ("phone", "email", "website")),
    ("languages", ("languages",)),
    ("accessibility", ("step_free",)),
    ("consent", ("consent",)),
)

_HEADING = re.compile(r"^###[ \t]+(.*?)[ \t]*$")
# A task-list item as GitHub renders it: at most three spaces in (four make a code block).
_VISIBLE_CHECKBOX = re.compile(r"^ {0,3}[-*][ \t]+\[([ xX])\][ \t]+(.*?)\s*$")
# What GitHub shows nothing of: comments (also one never closed), and elements marked hidden.
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_HIDDEN_ELEMENT = re.compile(
    r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*(?:\shidden(?=[\s/>=])|display\s*:\s*none|visibility\s*:\s*hidden)[^>]*>.*?</(?P=tag)\s*>",
    re.DOTALL | re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NUMBER = r"-?\d{1,3}(?:[.,]\d+)?"
_COORDINATE_PAIR = re.compile(rf"^\s*({_NUMBER})\s*(?:[,;/]\s*|\s+)({_NUMBER})\s*$")
_OSM_MAP_URL = re.compile(r"[#&?]map=\d+/(-?\d+(?:\.\d+)?)/(-?\d+(?:\.\d+)?)")


# --- the form ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    """One question of the issue form: its id, its label (the heading in the issue), its choices."""

    id: str
    label: str
    kind: str
    options: tuple[str, ...] = ()
    multiple: bool = False
    required: bool = False


def read_form(path: Path = FORM_FILE) -> dict[str, FormField]:
    """Read the issue form's questions by id; raise `ConfigError` if one the importer needs is missing."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the issue form {path}: {exc}") from None
    body = data.get("body") if isinstance(data, dict) else None
    if not isinstance(body, list):
        raise ConfigError(f"the issue form {path} has no body")
    fields: dict[str, FormField] = {}
    for element in body:
        if not isinstance(element, dict) or element.get("type") == "markdown" or "id" not in element:
            continue
        attributes = element.get("attributes") or {}
        options: list[Any] = attributes.get("options") or []
        labels = [str(option["label"] if isinstance(option, dict) else option) for option in options]
        fields[str(element["id"])] = FormField(
            id=str(element["id"]),
            label=str(attributes.get("label", "")),
            kind=str(element.get("type")),
            options=tuple(" ".join(label.split()) for label in labels),
            multiple=bool(attributes.get("multiple", False)),
            # A box to tick is required on its own; other fields through their validations.
            required=bool((element.get("validations") or {}).get("required", False))
            or any(isinstance(option, dict) and option.get("required") for option in options),
        )
    missing = [field_id for field_id in FIELD_IDS if field_id not in fields]
    if missing:
        raise ConfigError(f"the issue form {path} lacks the field ids: {', '.join(missing)}")
    return fields


# --- problems ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormProblem:
    """Something wrong with one answer, named by the form's labels so staff can ask about it."""

    severity: Severity
    labels: tuple[str, ...]
    message: str
    path: str = ""
    entry: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = ", ".join(f"„{label}“" for label in self.labels)
        if self.entry:
            where = f"{where} {self.entry}".strip()
        if self.path:
            where = f"{where} ({self.path})" if where else self.path
        return f"{self.severity.value}: {where}: {self.message}" if where else f"{self.severity.value}: {self.message}"


def count_problems(problems: Iterable[FormProblem]) -> str:
    """ "2 errors, 1 warning"."""
    listed = list(problems)
    errors = sum(problem.is_error for problem in listed)
    warnings = len(listed) - errors
    return f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}"


@dataclass
class ImportResult:
    """What importing an issue gave: the record's path, whether it was written, and every problem."""

    record_id: str
    path: Path
    written: bool
    problems: list[FormProblem]
    other_errors: int = 0
    """Errors in site.yaml, the taxonomies or the pages, which `validate` lists."""

    @property
    def errors(self) -> list[FormProblem]:
        return [problem for problem in self.problems if problem.is_error]

    def summary(self) -> str:
        """The last line of the command: what was written, or why nothing was."""
        shown = display_path(self.path)
        if self.written:
            line = (
                f"wrote {shown} ({count_problems(self.problems)}); compare it with the issue, then open a pull request"
            )
        else:
            line = (
                f"nothing written ({count_problems(self.problems)}): ask the company about the fields named above,"
                f" then run again; the record would be {shown}"
            )
        if self.other_errors:
            line += (
                f"\nnote: the content folder has {self.other_errors} more errors (site.yaml, taxonomies or pages);"
                " run python build.py validate"
            )
        return line


# --- reading the issue ---------------------------------------------------------------------


def read_issue_text(path: Path) -> str:
    """The issue text from a file, or from standard input for "-"."""
    try:
        if str(path) == "-":
            return sys.stdin.read()
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text; save the issue text as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None


def visible_text(body: str) -> str:
    """The issue text without what GitHub does not show: HTML comments and hidden elements.

    A company confirms what it sees; an answer hidden in a comment (a ticked consent box,
    say) was never seen by anyone and must not become part of the record.
    """
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    body = _HTML_COMMENT.sub("", body)
    return _HIDDEN_ELEMENT.sub("", body)


def parse_issue_body(body: str, fields: dict[str, FormField]) -> dict[str, str]:
    """Each answered field's visible text by field id; fields without an answer are left out.

    Raise `ConfigError` if the text holds no heading of the form at all, or one twice.
    """
    body = visible_text(body)
    by_label = {form_field.label: form_field.id for form_field in fields.values()}
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading and heading.group(1) in by_label:
            if by_label[heading.group(1)] in sections:
                # GitHub writes each question once; a second one (a ticked consent box moved above
                # the real, unticked one, say) means the text was edited: which answer counts?
                raise ConfigError(
                    f'the heading "### {heading.group(1)}" appears twice: the issue text was changed after the'
                    " form was sent; compare it with the form on GitHub and ask the company"
                )
            current = sections[by_label[heading.group(1)]] = []
        elif current is not None:
            current.append(line)
    if not sections:
        raise ConfigError(
            'this is not an issue from the form "Betrieb anmelden": none of its "### " headings found;'
            " give the issue text as GitHub shows it (gh issue view NUMBER --json body -q .body)"
        )
    answers: dict[str, str] = {}
    for field_id, lines in sections.items():
        # Boxes keep their indentation: four spaces in, a box is code, not a ticked box.
        text = (
            "\n".join(lines).strip("\n").rstrip() if fields[field_id].kind == "checkboxes" else "\n".join(lines).strip()
        )
        empty = text in ("", NO_RESPONSE) or (fields[field_id].kind == "dropdown" and text == NO_CHOICE)
        if not empty:
            answers[field_id] = text
    return answers


def _missing_sections(body: str, fields: dict[str, FormField]) -> list[str]:
    present = {match.group(1) for line in body.splitlines() if (match := _HEADING.match(line))}
    return [field_id for field_id in FIELD_IDS if fields[field_id].label not in present]


# --- the record ----------------------------------------------------------------------------


@dataclass
class _Builder:
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


# --- the whole import ----------------------------------------------------------------------


def build_record(
    fields: dict[str, FormField],
    answers: dict[str, str],
    raw: RawContent,
    today: str,
    lat: str | None = None,
    lon: str | None = None,
) -> tuple[dict[str, Any], _Builder]:
    """The record's data from the answers, and the builder that knows what could not be used."""
    labels = {taxonomy: _labels(raw, taxonomy) for taxonomy in (*TAXONOMY_FIELDS.values(), "occupations")}
    term_ids = {
        taxonomy: {terms["de"]: term_id for term_id, terms in labels[taxonomy].items() if "de" in terms}
        for taxonomy in TAXONOMY_FIELDS.values()
    }
    build = _Builder(fields, answers, term_ids)
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


def _form_fields_of(path: str) -> tuple[str, ...]:
    for prefix, field_ids in RECORD_FIELDS:
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return field_ids
    return ()


def _from_validation(problem: Problem, build: _Builder) -> FormProblem | None:
    """A validation problem named by its form fields; None if it only repeats an import error.

    An answer the import could not use is left out of the record, so validation finds the
    field missing or empty; problems with the items that were used still count.
    """
    field_ids = _form_fields_of(problem.path)
    if build.failed.intersection(field_ids) and "[" not in problem.path:
        return None
    entry = ""
    item = re.match(r"^([a-z_.]+)\[(\d+)\]", problem.path)
    if item and item.group(1) in build.entries and int(item.group(2)) < len(build.entries[item.group(1)]):
        entry = build.entries[item.group(1)][int(item.group(2))]
    labels = tuple(build.fields[field_id].label for field_id in field_ids)
    return FormProblem(problem.severity, labels, problem.message, problem.path, entry)


def _in_form_order(problems: list[FormProblem], fields: dict[str, FormField]) -> list[FormProblem]:
    order = {form_field.label: index for index, form_field in enumerate(fields.values())}
    return sorted(problems, key=lambda problem: min((order.get(label, 999) for label in problem.labels), default=999))


def import_issue(
    body: str,
    content_dir: Path,
    today: dt.date,
    *,
    record_id: str | None = None,
    lat: str | None = None,
    lon: str | None = None,
    form_file: Path = FORM_FILE,
) -> ImportResult:
    """Make content_dir/companies/ID.yaml from an issue body; write it only if it passes validation.

    `today` becomes `joined` and `reviewed`. Raise `ConfigError` if the record
    exists already, the id is not valid, or the text is not an issue from the form.
    """
    if (lat is None) != (lon is None):
        raise ConfigError("give both --lat and --lon")
    fields = read_form(form_file)
    answers = parse_issue_body(body, fields)
    if record_id is not None and not is_id(record_id):
        raise ConfigError(
            f'"{record_id}" is not a valid id; use lowercase letters a-z, digits and "-",'
            f' e.g. "{suggest_id(record_id)}"'
        )
    record_id = record_id or suggest_id(answers.get("name", ""))
    folder = content_dir / RECORD_FOLDER
    path = folder / f"{record_id}.yaml"
    if path.exists() or path.is_symlink():
        raise ConfigError(f"{display_path(path)} exists already and is never overwritten; choose another id with --id")

    raw = load_content(content_dir)
    data, build = build_record(fields, answers, raw, today.isoformat(), lat, lon)
    problems = [
        FormProblem(Severity.WARNING, (fields[field_id].label,), "not in the issue (an older form?); read as no answer")
        for field_id in _missing_sections(body, fields)
    ]
    problems += build.problems
    text = company_yaml(
        data,
        folder,
        notes=(
            f'From the issue form "Betrieb anmelden", imported on {today.isoformat()} (python build.py import-issue).',
            "Compare it with the issue before you open the pull request.",
        ),
    )

    # Check the record alone, as validate would check it in the content folder, before writing it.
    shown = display_path(path)
    result = check_companies(raw, [(record_id, text, shown)], today, workers=1)
    for problem in result.problems:
        if problem.file == shown:
            form_problem = _from_validation(problem, build)
            if form_problem is not None:
                problems.append(form_problem)
    other_errors = sum(problem.is_error and problem.file != shown for problem in result.problems)
    problems = _in_form_order(problems, fields)

    written = not any(problem.is_error for problem in problems)
    if written:
        write_record_file(path, text.encode("utf-8"), replace=False)
    return ImportResult(record_id, path, written, problems, other_errors)
