"""site_tools/intake/company_text.py: open-door times as people write them, and a company record as YAML.

Both importers (import TABLE, import-issue) use these; their own tests cover how problems
reach staff. Here: what the parser reads and refuses, word for word, and that every value
the writer is given comes back unchanged through the project's strict loader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_tools.content.model import Company
from site_tools.content.strict_yaml import parse_yaml, read_yaml
from site_tools.intake.company_text import FIELD_ORDER, DoorSlot, company_yaml, parse_days, parse_door_hours
from site_tools.paths import EXAMPLE_CONTENT, RECORD_TEMPLATE_DIR, SCHEMA_DIR

WEEK = ["mo", "tu", "we", "th", "fr"]
HOW = 'write days and times like "Mo–Fr 09:00–12:00", several separated by ";"'

# --- open-door times -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, slots",
    [
        ("Mo–Fr 09:00–12:00", [(WEEK, "09:00", "12:00")]),
        ("Mo-Fr 9-12", [(WEEK, "09:00", "12:00")]),
        ("Mo bis Fr 9 bis 12 Uhr", [(WEEK, "09:00", "12:00")]),
        ("Mo – Fr 9 Uhr – 12 Uhr", [(WEEK, "09:00", "12:00")]),
        ("Dienstag bis Donnerstag 14:00 bis 16:00", [(["tu", "we", "th"], "14:00", "16:00")]),
        ("Mo, Mi 10–12 Uhr", [(["mo", "we"], "10:00", "12:00")]),
        ("Di und Do 14.30–16", [(["tu", "th"], "14:30", "16:00")]),
        ("Mo-Mi, Fr 9.30 - 12 Uhr", [(["mo", "tu", "we", "fr"], "09:30", "12:00")]),
        ("Mo, Mi bis Fr 8–9", [(["mo", "we", "th", "fr"], "08:00", "09:00")]),
        ("Sa. 10–12", [(["sa"], "10:00", "12:00")]),
        ("Sonnabend, Sonntag 10–12", [(["sa", "su"], "10:00", "12:00")]),
        ("tu, th 14:00–16:00", [(["tu", "th"], "14:00", "16:00")]),  # the record's own ids
        ("Mo, Mo–Di 9–10", [(["mo", "tu"], "09:00", "10:00")]),  # each day once
        ("Mo 8–9; Sa, So 10:00–11:00", [(["mo"], "08:00", "09:00"), (["sa", "su"], "10:00", "11:00")]),
        ("Mo–Fr 09:00–11:30\nSa 8:00 - 10:00", [(WEEK, "09:00", "11:30"), (["sa"], "08:00", "10:00")]),
        ("Mo 09:00–12:60", [(["mo"], "09:00", "12:60")]),  # left for the validator to name
    ],
)
def test_door_times(text: str, slots: list[tuple[list[str], str, str]]) -> None:
    assert parse_door_hours(text) == [DoorSlot(*slot) for slot in slots]


@pytest.mark.parametrize(
    "text, message",
    [
        ("09:00–12:00", f"the days are missing; {HOW}"),
        ("Mx 09:00–12:00", '"Mx" is not a day; write Mo, Di, Mi, Do, Fr, Sa or So, e.g. "Mo–Fr 09:00–12:00"'),
        ("Mo–Fx 09:00–12:00", '"Fx" is not a day; write Mo, Di, Mi, Do, Fr, Sa or So, e.g. "Mo–Fr 09:00–12:00"'),
        ("Fr–Mo 09:00–12:00", '"Fr–Mo" runs backwards; write the days from Monday on, e.g. "Mo, Fr–So"'),
        ("Sa bis Di 9–12", '"Sa–Di" runs backwards; write the days from Monday on, e.g. "Mo–Di, Sa–So"'),
        ("Mo–Di–Mi 9–12", '"Mo–Di–Mi" is not a range of days; write the first and the last day, e.g. "Mo–Mi"'),
        ("Mo–Fr vormittags", f'cannot read "Mo–Fr vormittags"; {HOW}'),
        ("Mo 9–12, Di 14–16", f'cannot read "Mo 9–12, Di 14–16"; {HOW}'),  # the ";" between them is missing
        ("Mo 9–12; morgens", f'cannot read "morgens"; {HOW}'),
        (" ; ", f"no days and times found; {HOW}"),
    ],
)
def test_door_times_that_cannot_be_read(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_door_hours(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text, days",
    [
        ("Mo–Fr", WEEK),
        ("Mo - Mi", ["mo", "tu", "we"]),
        ("Di, Do", ["tu", "th"]),
        ("Di/Do", ["tu", "th"]),
        ("Di & Do", ["tu", "th"]),
        ("Mo, Mi bis Fr", ["mo", "we", "th", "fr"]),
        ("MONTAG", ["mo"]),
        ("So", ["su"]),
    ],
)
def test_days(text: str, days: list[str]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["Fr–Mo", "", "Mo–Di–Mi", "Mo–", "täglich"])
def test_days_that_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_days(text)


# --- the record as YAML -------------------------------------------------------------------

FOLDER = EXAMPLE_CONTENT / "companies"
TWO_PARAGRAPHS = "Wir backen Brot.\n\nWir bilden Bäcker*innen aus."


def complete_record(**changes: Any) -> dict[str, Any]:
    """A record as an importer hands it over: text, lists and mappings of text, and bools."""
    record: dict[str, Any] = {
        "name": 'Bäckerei "Zum Korn": Brot & mehr #1',
        "description": {"de": TWO_PARAGRAPHS, "en": "We bake bread."},
        "branches": ["crafts", "food"],
        "address": {"street": "Markt 2", "postcode": "01067", "city": "Bochum", "district": "hamme"},
        "geo": {"lat": "51.4818", "lon": "7.2162"},
        "occupations": ["baecker"],
        "dual_study": ["B.A. BWL (dual)"],
        "internships": True,
        "open_door": {
            "hours": [{"days": ["mo", "tu"], "opens": "09:00", "closes": "12:00"}],
            "ask_for": {"de": "ja"},
            "ask_about": {"de": "no"},
        },
        "contact": {"person": "Yes", "phone": "0234 123456", "website": "https://korn.example/"},
        "languages": ["de", "no"],  # Norwegian: a YAML 1.1 reader would take a bare no for false
        "accessibility": {"step_free": False},
        "joined": "2026-03-31",
        "consent": True,
        "reviewed": "2026-04-01",
    }
    record.update(changes)
    return record


def as_read(value: Any) -> Any:
    """What the strict loader gives for a value: bools as the text true or false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {key: as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_read(item) for item in value]
    return value


def test_every_value_reads_back_unchanged_through_the_strict_loader() -> None:
    record = complete_record()
    text = company_yaml(record, FOLDER)
    assert parse_yaml(text.encode("utf-8")) == as_read(record)
    company = Company.model_validate(parse_yaml(text.encode("utf-8")))
    assert company.address.postcode == "01067"
    assert company.open_door.hours[0].opens == dt.time(9, 0)
    assert company.description.root["de"] == TWO_PARAGRAPHS
    assert company.open_door.ask_for.root == {"de": "ja"}


def test_texts_are_quoted_so_that_any_yaml_reader_keeps_them_text() -> None:
    text = company_yaml(complete_record(), FOLDER)
    for line in (
        'name: "Bäckerei \\"Zum Korn\\": Brot & mehr #1"',
        '  postcode: "01067"',
        '      opens: "09:00"',
        '    de: "ja"',
        '  person: "Yes"',
        'languages: [de, "no"]',
        "  district: hamme",
        "  lat: 51.4818",
        "joined: 2026-03-31",
        "  step_free: false",
    ):
        assert f"\n{line}\n" in text, line
    # PyYAML's YAML 1.1 typing, as editors and other tools read files, leaves them text too.
    data = yaml.safe_load(text)
    assert (data["address"]["postcode"], data["open_door"]["hours"][0]["opens"]) == ("01067", "09:00")
    assert (data["open_door"]["ask_for"]["de"], data["contact"]["person"], data["languages"]) == (
        "ja",
        "Yes",
        ["de", "no"],
    )


def test_text_of_several_lines_is_a_literal_block() -> None:
    text = company_yaml(complete_record(), FOLDER)
    assert "\ndescription:\n  de: |-\n    Wir backen Brot.\n\n    Wir bilden Bäcker*innen aus.\n  en: " in text


@pytest.mark.parametrize(
    "tricky",
    [
        "Zeile 1\nZeile 2",
        "Absatz\n\n\nnoch einer\n  eingerückt",
        "# kein Kommentar\n- keine Liste\nkey: value",
        " führendes Leerzeichen\nx",
        "Leerzeichen am Ende \nx",
        "x\n",
        "\nx",
        "Tab\tmitten\nx",
        "Steuerzeichen \x07 und \x00",
        "\ufeffBOM, \u2028Zeilentrenner, \x85NEL",
        "Anführung \"doppelt\" und 'einfach', Backslash \\",
        "null",
        "~",
        "",
        "12:30",
        "2026-03-31",
    ],
)
def test_awkward_text_reads_back_unchanged(tricky: str) -> None:
    record = complete_record(description={"de": tricky}, dual_study=[tricky], contact={"person": tricky})
    document = read_yaml(company_yaml(record, FOLDER).encode("utf-8"))
    read = document.data
    assert (read["description"]["de"], read["dual_study"], read["contact"]["person"]) == (tricky, [tricky], tricky)
    # Written faithfully, and then refused by the reader, with the field they are in.
    hidden = "\x07" in tricky or "\x85" in tricky
    assert [problem.path for problem in document.problems] == (
        ["description.de", "dual_study[0]", "contact.person"] if hidden else []
    )


def test_fields_are_written_in_the_templates_order_with_a_schema_line_and_notes() -> None:
    shuffled = dict(reversed(list(complete_record(address={}, open_door={"ask_for": {"de": "Frau Korn"}}).items())))
    text = company_yaml(shuffled, FOLDER, notes=("Imported from a test.",))
    lines = text.split("\n")
    assert lines[:4] == [
        "# yaml-language-server: $schema=../../schemas/company.schema.json",
        "#",
        "# Imported from a test.",
        "",
    ]
    assert [line.split(":")[0] for line in lines if line and not line.startswith((" ", "#"))] == [
        path for path in FIELD_ORDER if "." not in path
    ]
    assert "\n\naddress: {}\ngeo:\n" in text  # an empty group stays, for the validator to name its fields
    assert text.endswith("\nreviewed: 2026-04-01\n")


def _key_paths(data: Any, prefix: str = "") -> list[str]:
    paths: list[str] = []
    items = data if isinstance(data, list) else [data]
    for item in items:
        if isinstance(item, dict):
            for key, value in item.items():
                paths += [prefix + key, *_key_paths(value, f"{prefix}{key}.")]
    return paths


def test_field_order_is_the_templates_and_the_models() -> None:
    template = _key_paths(yaml.safe_load((RECORD_TEMPLATE_DIR / "company.yaml").read_text(encoding="utf-8")))
    assert [path for path in FIELD_ORDER if path in template] == template
    assert [path for path in FIELD_ORDER if "." not in path] == list(Company.model_fields)


def test_schema_line_points_at_the_schema_from_any_folder(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "companies"
    schema_line = company_yaml({}, folder).split("\n")[0]
    reference = schema_line.removeprefix("# yaml-language-server: $schema=")
    assert (folder / reference).resolve() == SCHEMA_DIR / "company.schema.json"
