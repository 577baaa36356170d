"""Read the issue form's questions, and the answers GitHub wrote into an issue from the form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_tools.errors import ConfigError, Severity
from site_tools.paths import PROJECT_ROOT

FORM_FILE = PROJECT_ROOT / ".github" / "ISSUE_TEMPLATE" / "betrieb-anmelden.yml"

NO_RESPONSE = "_No response_"
# What GitHub writes for an optional dropdown left at its automatic "None" choice.
NO_CHOICE = "None"
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

_HEADING = re.compile(r"^###[ \t]+(.*?)[ \t]*$")
# What GitHub shows nothing of: comments (also one never closed), and elements marked hidden.
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_HIDDEN_ELEMENT = re.compile(
    r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*(?:\shidden(?=[\s/>=])|display\s*:\s*none|visibility\s*:\s*hidden)[^>]*>.*?</(?P=tag)\s*>",
    re.DOTALL | re.IGNORECASE,
)


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


# --- reading the answers -------------------------------------------------------------------


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


def missing_sections(body: str, fields: dict[str, FormField]) -> list[str]:
    """The ids of the fields whose heading is not in the issue text at all."""
    present = {match.group(1) for line in body.splitlines() if (match := _HEADING.match(line))}
    return [field_id for field_id in FIELD_IDS if fields[field_id].label not in present]
