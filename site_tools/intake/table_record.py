"""Turn one row of the import table into a company record's text, noting what could not be read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_tools.content.scalars import is_id, suggest_id
from site_tools.intake.company_text import company_yaml, parse_door_hours
from site_tools.intake.table_columns import RowProblem

_TRUE_WORDS = frozenset({"ja", "j", "x", "yes", "y", "true", "wahr", "1"})
_FALSE_WORDS = frozenset({"nein", "n", "no", "false", "falsch", "0"})


@dataclass
class Candidate:
    """One row turned into a record's text, with the problems met on the way."""

    row: int
    record_id: str
    text: str
    problems: list[RowProblem]
    # Columns whose cell could not be read: the field is left out, and the validator's
    # "is required" about it would only repeat the problem already reported.
    unreadable: set[str]


def _split(text: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(f"[{separators}\n]", text) if part.strip()]


def _bool(text: str) -> bool | None:
    word = text.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return None


def candidate_from_row(row: int, cells: dict[str, str], problems: list[RowProblem], folder: Path) -> Candidate:
    """Write the row as a record, laid out like the example records; note what could not be read."""
    unreadable: set[str] = set()

    def cell(header: str) -> str:
        return cells.get(header, "")

    def cells_of(fields: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        # An empty group stays, so the validator names each missing field, not the group.
        return {key: cell(header) for key, header in fields if cell(header)}

    def flag(header: str) -> bool | None:
        if not cell(header):
            return None
        value = _bool(cell(header))
        if value is None:
            problems.append(RowProblem(row, (header,), f'"{cell(header)}" is neither ja nor nein; write ja or nein'))
            unreadable.add(header)
        return value

    record: dict[str, Any] = {}
    if cell("Name"):
        record["name"] = cell("Name")
    if cell("Beschreibung"):
        record["description"] = {"de": cell("Beschreibung")}
    if cell("Branchen"):
        record["branches"] = _split(cell("Branchen"), ",;")
    record["address"] = cells_of(
        (("street", "Straße"), ("postcode", "PLZ"), ("city", "Ort"), ("district", "Stadtteil"))
    )
    record["geo"] = cells_of((("lat", "Breitengrad"), ("lon", "Längengrad")))
    if cell("Ausbildungsberufe"):
        record["occupations"] = _split(cell("Ausbildungsberufe"), ",;")
    if cell("Duales Studium"):
        record["dual_study"] = _split(cell("Duales Studium"), ";")
    record["internships"] = flag("Praktikum") or False

    open_door: dict[str, Any] = {}
    if cell("Offene Tür"):
        try:
            open_door["hours"] = [slot._asdict() for slot in parse_door_hours(cell("Offene Tür"))]
        except ValueError as exc:
            problems.append(RowProblem(row, ("Offene Tür",), str(exc)))
            unreadable.add("Offene Tür")
    for key, header in (("ask_for", "Fragen nach"), ("ask_about", "Fragen zu")):
        if cell(header):
            open_door[key] = {"de": cell(header)}
    record["open_door"] = open_door
    record["contact"] = cells_of(
        (("person", "Ansprechperson"), ("phone", "Telefon"), ("email", "E-Mail"), ("website", "Website"))
    )
    record["languages"] = _split(cell("Sprachen"), ",;") or ["de"]
    step_free = flag("Stufenlos")
    if step_free is not None:
        record["accessibility"] = {"step_free": step_free}
    if cell("Dabei seit"):
        record["joined"] = cell("Dabei seit")
    consent = flag("Einwilligung")
    if consent is not None:
        record["consent"] = consent
    if cell("Geprüft am"):
        record["reviewed"] = cell("Geprüft am")

    text = company_yaml(record, folder)
    return Candidate(row, _record_id(row, cells, problems), text, problems, unreadable)


def _record_id(row: int, cells: dict[str, str], problems: list[RowProblem]) -> str:
    """The id from "Kennung", else made from the name; "" if there is none."""
    given = cells.get("Kennung", "")
    if given:
        if not is_id(given):
            problems.append(
                RowProblem(
                    row,
                    ("Kennung",),
                    f'"{given}" is not a valid id: use lowercase letters a-z, digits and "-",'
                    f' e.g. "{suggest_id(given)}", or leave it empty to make one from the name',
                )
            )
            return ""
        return given
    name = cells.get("Name", "")
    return suggest_id(name) if name else ""
