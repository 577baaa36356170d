"""The issue form "Betrieb anmelden" and `import-issue`, which turns a submitted issue into a record.

The fixtures in tests/fixtures/issues/ are issue texts as GitHub writes them from the form:
one complete submission, and one with problems (postcode, coordinates, an unknown occupation,
hours, contact, consent). The CLI runs against a copy of the example content.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_tools import run
from fixture_paths import TESTS

from site_tools.content.validate import load_and_validate
from site_tools.intake.issue_form import FIELD_IDS, FORM_FILE, read_form
from site_tools.intake.issue_record import (
    NO,
    TAXONOMY_FIELDS,
    YES,
    YES_NO_FIELDS,
    find_occupation,
    occupation_names,
    parse_coordinates,
)
from site_tools.paths import EXAMPLE_CONTENT, PROJECT_ROOT

ISSUES = TESTS / "fixtures" / "issues"
TODAY = ["--today", "2026-11-21"]
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
CONSENT = "Ich bin berechtigt, diesen Betrieb anzumelden, und willige ein, dass diese Angaben veröffentlicht werden."


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, target)
    return target


def issue(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """A fixture issue, with some answers changed."""
    text = (ISSUES / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"changed-{name}"
    path.write_text(text, encoding="utf-8")
    return path


def read_back(content: Path, record_id: str) -> dict[str, Any]:
    """The record as the site reads it: the whole content folder validates, then the typed record."""
    result = load_and_validate(content, dt.date(2026, 11, 21))
    assert result.errors == []
    assert result.content is not None
    return result.content.companies[record_id].model_dump(mode="json")


def form_yaml() -> dict[str, Any]:
    data = yaml.safe_load(FORM_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# --- the form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, schema",
    [
        (FORM_FILE, "vendor.github-issue-forms"),
        (FORM_FILE.parent / "config.yml", "vendor.github-issue-config"),
    ],
)
def test_issue_templates_match_githubs_schema(path: Path, schema: str) -> None:
    checked = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, str(path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("field_id, taxonomy", sorted(TAXONOMY_FIELDS.items()))
def test_dropdown_options_are_the_taxonomy_labels(field_id: str, taxonomy: str) -> None:
    terms = yaml.safe_load((EXAMPLE_CONTENT / "taxonomies" / f"{taxonomy}.yaml").read_text(encoding="utf-8"))
    labels = {term_id: term["label"]["de"] for term_id, term in terms.items()}
    options = read_form()[field_id].options
    missing = {term_id: label for term_id, label in labels.items() if label not in options}
    assert missing == {}, f"add these {taxonomy} to the dropdown {field_id!r} of {FORM_FILE.name}"
    extra = [option for option in options if option not in labels.values()]
    assert extra == [], f"these options of {field_id!r} are not in taxonomies/{taxonomy}.yaml"
    assert len(set(labels.values())) == len(labels), f"two {taxonomy} share a German label"
    # GitHub joins several choices with ", " and writes "None" for no choice.
    assert [option for option in options if "," in option or option == "None"] == []


def test_yes_no_questions_offer_ja_and_nein() -> None:
    form = read_form()
    for field_id in YES_NO_FIELDS:
        assert form[field_id].options == (YES, NO)


def test_form_has_every_field_the_importer_reads() -> None:
    form = read_form()  # raises if a field id is missing
    assert set(FIELD_IDS) <= set(form)
    labels = [form_field.label for form_field in form.values()]
    assert len(set(labels)) == len(labels)
    assert form["consent"].options == (CONSENT,)
    assert form["consent"].kind == "checkboxes"
    assert form_yaml()["labels"] == ["anmeldung"]


def test_required_form_fields_are_the_required_record_fields() -> None:
    form = read_form()
    required = {field_id for field_id, form_field in form.items() if form_field.required}
    assert required == {
        "name",
        "description",
        "branches",
        "street",
        "postcode",
        "district",
        "internships",
        "open_door_hours",
        "ask_for",
        "languages",
        "consent",
    }


def test_chooser_links_point_at_pages_of_the_site() -> None:
    config = yaml.safe_load((FORM_FILE.parent / "config.yml").read_text(encoding="utf-8"))
    site = yaml.safe_load((EXAMPLE_CONTENT / "site.yaml").read_text(encoding="utf-8"))
    for link in config["contact_links"]:
        assert link["url"].startswith(site["base_url"]), link["url"]
        language, page = link["url"].removeprefix(site["base_url"]).strip("/").split("/")
        assert (EXAMPLE_CONTENT / "pages" / f"{page}.{language}.md").is_file(), link["url"]


def test_pull_request_template_lists_the_checks() -> None:
    text = (PROJECT_ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for needed in ("python build.py validate", "consent: true", "Koordinaten", "reviewed", "Netlify"):
        assert needed in text


# --- a good submission ------------------------------------------------------------------------


def test_complete_issue_becomes_a_valid_record(content: Path) -> None:
    code, out, err = run("import-issue", str(ISSUES / "complete.md"), "--content", str(content), *TODAY)
    path = content / "companies" / "konditorei-zuckerguss.yaml"
    assert code == 0, out + err
    assert out.splitlines() == [
        "warning: „Beschreibung (Deutsch)“ (description): not translated into tr, ar, uk, en;"
        " neither are: open_door.ask_for, open_door.ask_about"
    ]
    assert err.splitlines() == [
        f"wrote {path} (0 errors, 1 warning); compare it with the issue, then open a pull request"
    ]
    assert read_back(content, "konditorei-zuckerguss") == {
        "name": "Konditorei Zuckerguss",
        "description": {
            "de": "Kleine Konditorei mit Café am Markt. Wir backen Torten und Pralinen selbst.\n\n"
            "Wir bilden Konditor*innen und Fachverkäufer*innen aus.",
            "en": "Small patisserie with a café at the market. We train pastry chefs and sales staff.",
        },
        "branches": ["crafts", "food"],
        "address": {
            "street": "Marktstraße 7 #Hinterhof",
            "postcode": "44866",
            "city": "Bochum",
            "district": "wattenscheid-mitte",
        },
        "geo": {"lat": 51.4818, "lon": 7.1362},
        "occupations": ["konditor", "fachverkaeufer-lebensmittelhandwerk", "baecker"],
        "dual_study": [],
        "internships": True,
        "open_door": {
            "hours": [
                {"days": ["mo", "tu", "we", "th", "fr"], "opens": "09:00:00", "closes": "11:30:00"},
                {"days": ["sa"], "opens": "08:00:00", "closes": "10:00:00"},
            ],
            "ask_for": {"de": "Herr Öztürk, Backstube"},
            "ask_about": {"de": 'Ausbildung, Praktikum, Arbeitszeiten "am Wochenende"'},
        },
        "contact": {
            "person": "Kemal Öztürk",
            "phone": "0234 5550123",
            "email": "ausbildung@zuckerguss.example",
            "website": "https://www.zuckerguss.example",
        },
        "languages": ["de", "tr", "en"],
        "accessibility": {"step_free": False, "accessible_toilet": None, "note": None},
        "joined": "2026-11-21",
        "consent": True,
        "reviewed": "2026-11-21",
    }
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    for line in ('  postcode: "44866"', '      opens: "09:00"', "branches: [crafts, food]", "consent: true"):
        assert f"\n{line}\n" in text


def test_id_option_names_the_file(content: Path) -> None:
    code, _, _ = run(
        "import-issue", str(ISSUES / "complete.md"), "--id", "zuckerguss", "--content", str(content), *TODAY
    )
    assert code == 0
    assert read_back(content, "zuckerguss")["name"] == "Konditorei Zuckerguss"


def test_issue_text_from_standard_input(content: Path) -> None:
    text = (ISSUES / "complete.md").read_text(encoding="utf-8")
    code, _, _ = run("import-issue", "-", "--content", str(content), *TODAY, stdin=text)
    assert code == 0
    assert (content / "companies" / "konditorei-zuckerguss.yaml").is_file()


def test_windows_line_ends_and_optional_answers_left_empty(content: Path, tmp_path: Path) -> None:
    path = issue(
        tmp_path,
        "complete.md",
        ("Small patisserie with a café at the market. We train pastry chefs and sales staff.", "_No response_"),
        ("### Eingang ohne Stufen\n\nNein", "### Eingang ohne Stufen\n\nNone"),
        ("Konditor*in\nFachverkäuferin im Lebensmittelhandwerk\nbaecker", "_No response_"),
    )
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    code, out, err = run("import-issue", str(path), "--content", str(content), *TODAY)
    assert code == 0, out + err
    record = read_back(content, "konditorei-zuckerguss")
    assert record["description"] == {"de": record["description"]["de"]}
    assert "\r" not in record["description"]["de"]
    assert record["accessibility"] is None
    assert record["occupations"] == []


# --- problems -----------------------------------------------------------------------------------


def test_problems_are_named_by_form_field_and_nothing_is_written(content: Path) -> None:
    code, out, err = run("import-issue", str(ISSUES / "problems.md"), "--content", str(content), *TODAY)
    path = content / "companies" / "kfz-werkstatt-oelwechsel.yaml"
    assert code == 1
    assert out.splitlines() == [
        "warning: „Beschreibung (Deutsch)“ (description): not translated into en, tr, ar, uk;"
        " neither are: open_door.ask_for",
        'error: „Postleitzahl“ (address.postcode): must be 5 digits, e.g. "44801"',
        "error: „Koordinaten des Eingangs (freiwillig)“: empty, so the company leaves them to us:"
        ' look up the entrance on openstreetmap.org (right-click on it, "Show address")'
        " and run again with --lat LAT --lon LON",
        "error: „Ausbildungsberufe“ (occupations[1]): unknown occupation"
        ' "Tierpfleger*in" (see taxonomies/occupations.yaml)',
        # Line 1, "Mo-Fr 9 bis 12 Uhr", is read: times may leave out the minutes.
        'error: „Zeiten der offenen Tür“ line 2 "Sa 12:00–10:00" (open_door.hours[1].closes):'
        " must be after opens (12:00)",
        "error: „Telefon“, „E-Mail“, „Website“ (contact): give at least one way to get in touch:"
        " phone, email or website",
        "error: „Einwilligung“ (consent): must be true: the company confirms that this entry may be published",
    ]
    assert err.splitlines() == [
        "nothing written (6 errors, 1 warning): ask the company about the fields named above,"
        f" then run again; the record would be {path}"
    ]
    assert not path.exists()
    assert sorted(p.name for p in (content / "companies").iterdir()) == sorted(
        p.name for p in (EXAMPLE_CONTENT / "companies").iterdir()
    )


def test_coordinates_given_on_the_command_line(content: Path, tmp_path: Path) -> None:
    path = issue(tmp_path, "complete.md", ("51.48180, 7.13620", "_No response_"))
    code, out, _ = run("import-issue", str(path), "--content", str(content), *TODAY)
    assert code == 1
    assert "error: „Koordinaten des Eingangs (freiwillig)“: empty" in out
    code, _, _ = run(
        "import-issue", str(path), "--lat", "51.4790", "--lon", "7.1290", "--content", str(content), *TODAY
    )
    assert code == 0
    assert read_back(content, "konditorei-zuckerguss")["geo"] == {"lat": 51.479, "lon": 7.129}


def test_coordinates_outside_the_map_and_bad_hours_are_named(content: Path, tmp_path: Path) -> None:
    path = issue(
        tmp_path,
        "complete.md",
        ("51.48180, 7.13620", "7.13620, 51.48180"),
        ("Sa 8:00 - 10:00", "Sa 08:00–25:00\nSo 10:00-12:00 Uhr\nMo–Fx 10:00–11:00\nDi nachmittags"),
        ("Handwerk, Lebensmittel", "Handwerk, Bäckerei"),
    )
    code, out, _ = run("import-issue", str(path), "--content", str(content), *TODAY)
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("error")] == [
        'error: „Branche“: "Bäckerei" is not a branch in taxonomies/branches.yaml'
        " (was the answer edited, or does the form differ from the taxonomy?)",
        "error: „Koordinaten des Eingangs (freiwillig)“ (geo.lat): lies outside the map area of Bochum"
        " (lat 51.38 to 51.56, lon 7.08 to 7.37); lat and lon look swapped",
        'error: „Zeiten der offenen Tür“ line 4 "Mo–Fx 10:00–11:00": "Fx" is not a day;'
        ' write Mo, Di, Mi, Do, Fr, Sa or So, e.g. "Mo–Fr 09:00–12:00"',
        'error: „Zeiten der offenen Tür“ line 5 "Di nachmittags": cannot read "Di nachmittags";'
        ' write days and times like "Mo–Fr 09:00–12:00", several separated by ";"',
        'error: „Zeiten der offenen Tür“ line 2 "Sa 08:00–25:00" (open_door.hours[1].closes):'
        ' must be a time of day in 24-hour form HH:MM, e.g. "09:30"',
    ]


def test_an_existing_record_is_never_overwritten(content: Path) -> None:
    existing = content / "companies" / "baeckerei-mohnkorn.yaml"
    before = existing.read_bytes()
    code, _, err = run(
        "import-issue", str(ISSUES / "complete.md"), "--id", "baeckerei-mohnkorn", "--content", str(content), *TODAY
    )
    assert code == 2
    assert f"{existing} exists already and is never overwritten; choose another id with --id" in err
    assert existing.read_bytes() == before
    # The same issue imported twice: the second run stops.
    assert run("import-issue", str(ISSUES / "complete.md"), "--content", str(content), *TODAY)[0] == 0
    written = (content / "companies" / "konditorei-zuckerguss.yaml").read_bytes()
    code, _, err = run("import-issue", str(ISSUES / "complete.md"), "--content", str(content), *TODAY)
    assert code == 2 and "exists already" in err
    assert (content / "companies" / "konditorei-zuckerguss.yaml").read_bytes() == written


@pytest.mark.parametrize(
    "args, message",
    [
        (["--id", "Konditorei Zuckerguss"], '"konditorei-zuckerguss"'),
        (["--lat", "51.48"], "give both --lat and --lon"),
    ],
)
def test_wrong_use_exits_2(content: Path, args: list[str], message: str) -> None:
    code, _, err = run("import-issue", str(ISSUES / "complete.md"), *args, "--content", str(content), *TODAY)
    assert code == 2
    assert message in err
    assert not (content / "companies" / "konditorei-zuckerguss.yaml").exists()


def test_a_text_that_is_not_from_the_form_exits_2(content: Path, tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("### Hallo\n\nWir möchten mitmachen!\n", encoding="utf-8")
    code, _, err = run("import-issue", str(path), "--content", str(content), *TODAY)
    assert code == 2
    assert 'this is not an issue from the form "Betrieb anmelden"' in err


def test_a_section_missing_from_an_older_form_is_a_warning(content: Path, tmp_path: Path) -> None:
    path = issue(tmp_path, "complete.md", ("### Eingang ohne Stufen\n\nNein\n\n", ""))
    code, out, _ = run("import-issue", str(path), "--content", str(content), *TODAY)
    assert code == 0
    assert "warning: „Eingang ohne Stufen“: not in the issue (an older form?); read as no answer" in out.splitlines()


# --- pieces -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, pair",
    [
        ("51.48180, 7.21620", ("51.48180", "7.21620")),
        ("51.4818 7.2162", ("51.4818", "7.2162")),
        ("51,4818, 7,2162", ("51.4818", "7.2162")),
        ("51.4818;7.2162", ("51.4818", "7.2162")),
        ("https://www.openstreetmap.org/#map=19/51.48180/7.21620", ("51.48180", "7.21620")),
        ("Hauptstraße 12", None),
        ("51,4818", None),
    ],
)
def test_coordinates(text: str, pair: tuple[str, str] | None) -> None:
    assert parse_coordinates(text) == pair


def test_every_occupation_is_found_by_its_labels_and_id() -> None:
    terms = yaml.safe_load((EXAMPLE_CONTENT / "taxonomies" / "occupations.yaml").read_text(encoding="utf-8"))
    names = occupation_names({term_id: term["label"] for term_id, term in terms.items()})
    assert None not in names.values(), "two occupations are written alike"
    for term_id, term in terms.items():
        for text in (term_id, *term["label"].values()):
            assert find_occupation(text, names) == term_id, text


@pytest.mark.parametrize(
    "text, term_id",
    [
        ("Bäckerin", "baecker"),
        ("bäcker", "baecker"),
        ("Koch", "koch"),
        ("Hotelfachmann", "hotelfachmann"),
        ("Kaufmann im Einzelhandel (m/w/d)", "kaufmann-einzelhandel"),
        ("Medizinische Fachangestellte", "mfa"),
        ("KFZ-Mechatroniker", "kfz-mechatroniker"),
        ("Tierpfleger*in", None),
    ],
)
def test_occupations_as_people_write_them(text: str, term_id: str | None) -> None:
    terms = yaml.safe_load((EXAMPLE_CONTENT / "taxonomies" / "occupations.yaml").read_text(encoding="utf-8"))
    names = occupation_names({term_id: term["label"] for term_id, term in terms.items()})
    assert find_occupation(text, names) == term_id


# --- only what GitHub shows counts -----------------------------------------------------------------

UNTICKED = f"- [ ] {CONSENT}"
TICKED = f"- [X] {CONSENT}"


NOT_GIVEN = "error: „Einwilligung“ (consent): must be true: the company confirms that this entry may be published"
NOT_JUST_THE_BOX = (
    "error: „Einwilligung“: the answer is not just the form's box to tick (other text, a box twice or a box"
    " in a code block); ask the company to tick the box in the form itself"
)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (f"{UNTICKED}\n<!-- {TICKED} -->", NOT_GIVEN),  # GitHub shows the comment to no one
        (f"<!--\n{TICKED}\n-->\n{UNTICKED}", NOT_GIVEN),
        (f"{UNTICKED}\n<!-- {TICKED}", NOT_GIVEN),  # a comment never closed hides the rest
        (f"<div hidden>\n\n{TICKED}\n\n</div>\n{UNTICKED}", NOT_GIVEN),
        (f'{UNTICKED}\n<span style="display: none">{TICKED}</span>', NOT_GIVEN),
        (f"{TICKED}\n{UNTICKED}", NOT_JUST_THE_BOX),  # the box twice
        (f"```\n{TICKED}\n```", NOT_JUST_THE_BOX),  # a box in a code block is text, not a ticked box
        (f"    {TICKED}", NOT_JUST_THE_BOX),  # indented four spaces: a code block too
        (f"{TICKED}\nund noch etwas", NOT_JUST_THE_BOX),
    ],
)
def test_consent_comes_only_from_the_visible_box_alone(
    content: Path, tmp_path: Path, answer: str, expected: str
) -> None:
    path = issue(tmp_path, "complete.md", (TICKED, answer))
    code, out, _ = run("import-issue", str(path), "--content", str(content), *TODAY)
    assert code == 1
    assert expected in out.splitlines()
    assert not (content / "companies" / "konditorei-zuckerguss.yaml").exists()


def test_answers_hidden_in_comments_do_not_reach_the_record(content: Path, tmp_path: Path) -> None:
    path = issue(
        tmp_path,
        "complete.md",
        ("Konditorei Zuckerguss", "Konditorei <!-- Evil Corp --> Zuckerguss"),
        ("### Website", "<!--\n### Name des Betriebs\n\nEvil Corp\n-->\n### Website"),
    )
    code, out, err = run("import-issue", str(path), "--content", str(content), *TODAY)
    assert code == 0, out + err
    assert read_back(content, "konditorei-zuckerguss")["name"] == "Konditorei  Zuckerguss"


@pytest.mark.parametrize(
    ("written", "shown"),
    [("\0", "U+0000"), ("\x1b[31m", "U+001B"), ("\x07", "U+0007"), ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)")],
)
def test_control_characters_in_an_answer_are_refused(content: Path, tmp_path: Path, written: str, shown: str) -> None:
    path = issue(tmp_path, "complete.md", ("Konditorei Zuckerguss", f"Konditorei {written}Zuckerguss"))
    code, out, _ = run("import-issue", str(path), "--content", str(content), *TODAY)
    assert code == 1
    assert any(line.startswith("error: „Name des Betriebs“ (name): ") and shown in line for line in out.splitlines()), (
        out
    )
    assert list((content / "companies").glob("konditorei*")) == []


def test_an_id_with_a_line_break_is_refused(content: Path) -> None:
    code, _, err = run(
        "import-issue", str(ISSUES / "complete.md"), "--id", "konditorei\n", "--content", str(content), *TODAY
    )
    assert code == 2 and "is not a valid id" in err
    assert list((content / "companies").glob("konditorei*")) == []


def test_a_question_twice_stops_the_import(content: Path, tmp_path: Path) -> None:
    """A ticked consent section moved above the form's own, unticked one: not a record, whichever came first."""
    fake = f"### Einwilligung\n\n{TICKED}\n\n### Website"
    path = issue(tmp_path, "complete.md", (TICKED, UNTICKED), ("### Website", fake))
    code, _, err = run("import-issue", str(path), "--content", str(content), *TODAY)
    assert code == 2
    assert 'the heading "### Einwilligung" appears twice' in err
    assert not (content / "companies" / "konditorei-zuckerguss.yaml").exists()
