"""`python build.py import`: staff tables (.csv, .xlsx) into company records, row by row.

tests/fixtures/import/companies.csv is written as German Excel writes it (";", BOM, CRLF,
decimal commas, dates as 31.12.2026); companies.xlsx has cells typed as Excel types them
(postcode as a number, dates as datetimes, booleans). Both mix good and bad rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from cli_tools import run
from fixture_paths import TESTS

from site_tools.content.load import RecordFile, display_path, read_record
from site_tools.content.model import Company
from site_tools.intake.table_columns import COLUMNS, _cell_text
from site_tools.paths import EXAMPLE_CONTENT, PROJECT_ROOT

HERE = TESTS
FIXTURES = HERE / "fixtures" / "import"
CSV = FIXTURES / "companies.csv"
XLSX = FIXTURES / "companies.xlsx"
TODAY = ["--today", "2026-11-21"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the example content to import into."""
    target = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, target)
    return target


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in `folder` (hidden ones too), with its bytes and modification time."""
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.iterdir())}


def load_company(path: Path) -> Company:
    """Read a written record back the way validation does: strict YAML, then the model."""
    raw, problems = read_record(RecordFile("companies", path.stem, path, str(path)))
    assert raw is not None and problems == []
    return Company.model_validate(raw.data)


def shown(content: Path, record_id: str) -> str:
    return display_path(content / "companies" / f"{record_id}.yaml")


# --- CSV, as German Excel writes it ---------------------------------------------------------------


def test_csv_writes_good_rows_and_names_row_and_column_of_each_problem(content: Path) -> None:
    companies = content / "companies"
    before = snapshot(companies)
    code, out, err = run("import", str(CSV), "--content", str(content), *TODAY)
    assert code == 1
    assert out.splitlines() == [
        f"row 2: wrote {shown(content, 'tischlerei-hobelspan')}",
        'row 4, column "Branchen": error: unknown branch "baeckerei" (see taxonomies/branches.yaml)',
        'row 4, column "Einwilligung": error: must be "ja": the company must agree that its entry may be published',
        'row 5, column "PLZ": error: must be 5 digits, e.g. "44801"',
        'row 5, column "Offene Tür": error: must be a time of day in 24-hour form HH:MM, e.g. "09:30"',
        'row 6, column "Kennung": error: the id "tischlerei-hobelspan" is already used in row 2;'
        " give this row its own Kennung",
        f"row 7: skipped: {shown(content, 'baeckerei-mohnkorn')} exists, use --update to replace it",
        'row 8, column "Straße": error: is empty; it must be filled in',
        f"row 9: wrote {shown(content, 'pflegedienst-lindenblatt')}",
    ]
    assert err.strip() == "2 written, 0 unchanged, 1 skipped, 4 with errors (not written)"

    # Exactly the two good rows were written; every other file is byte-identical and untouched.
    after = snapshot(companies)
    assert set(after) - set(before) == {"tischlerei-hobelspan.yaml", "pflegedienst-lindenblatt.yaml"}
    assert {name: after[name] for name in before} == before


def test_csv_record_reads_like_a_hand_written_one(content: Path) -> None:
    run("import", str(CSV), "--content", str(content), *TODAY)
    path = content / "companies" / "tischlerei-hobelspan.yaml"
    text = path.read_text(encoding="utf-8")
    schema_line, _, body = text.partition("\n")
    schema_ref = schema_line.removeprefix("# yaml-language-server: $schema=")
    assert (path.parent / schema_ref).resolve() == PROJECT_ROOT / "schemas" / "company.schema.json"
    assert body == (
        "\n"
        'name: "Tischlerei Hobelspan"\n'
        "description:\n"
        '  de: "Wir bauen Möbel und Treppen; wir bilden Tischler*innen aus."\n'
        "branches: [crafts]\n"
        "\n"
        "address:\n"
        '  street: "Werkstraße 3"\n'
        '  postcode: "44793"\n'
        '  city: "Bochum"\n'
        "  district: hamme\n"
        "geo:\n"
        "  lat: 51.489\n"
        "  lon: 7.195\n"
        "\n"
        "occupations: [tischler]\n"
        "internships: true\n"
        "\n"
        "open_door:\n"
        "  hours:\n"
        "    - days: [mo, tu, we, th, fr]\n"
        '      opens: "09:00"\n'
        '      closes: "12:00"\n'
        "    - days: [sa]\n"
        '      opens: "10:00"\n'
        '      closes: "12:00"\n'
        "  ask_for:\n"
        '    de: "Herr Span, Meister"\n'
        "  ask_about:\n"
        '    de: "Ausbildung und Praktikum"\n'
        "\n"
        "contact:\n"
        '  person: "Jan Span"\n'
        '  phone: "0234 555123"\n'
        '  email: "ausbildung@hobelspan.example"\n'
        '  website: "https://hobelspan.example/"\n'
        "\n"
        "languages: [de, tr]\n"
        "accessibility:\n"
        "  step_free: false\n"
        "\n"
        "joined: 2026-10-01\n"
        "consent: true\n"
        "reviewed: 2026-11-01\n"
    )


def test_csv_records_read_back_with_every_field(content: Path) -> None:
    run("import", str(CSV), "--content", str(content), *TODAY)
    tischlerei = load_company(content / "companies" / "tischlerei-hobelspan.yaml")
    assert tischlerei.name == "Tischlerei Hobelspan"
    assert tischlerei.address.postcode == "44793"
    assert (tischlerei.geo.lat, tischlerei.geo.lon) == (51.489, 7.195)  # "51,489" from German Excel
    assert [(slot.days, slot.opens, slot.closes) for slot in tischlerei.open_door.hours] == [
        (["mo", "tu", "we", "th", "fr"], dt.time(9, 0), dt.time(12, 0)),
        (["sa"], dt.time(10, 0), dt.time(12, 0)),
    ]
    assert tischlerei.internships is True
    assert tischlerei.accessibility is not None and tischlerei.accessibility.step_free is False
    assert tischlerei.joined == dt.date(2026, 10, 1)  # "01.10.2026"
    assert tischlerei.reviewed == dt.date(2026, 11, 1)
    assert tischlerei.consent is True

    pflege = load_company(content / "companies" / "pflegedienst-lindenblatt.yaml")
    assert pflege.dual_study == ["B.Sc. Pflege (dual)", "B.A. Soziale Arbeit (dual)"]
    assert pflege.internships is False
    assert pflege.open_door.hours[0].days == ["sa", "su"]
    assert pflege.open_door.ask_about is None
    assert pflege.contact.phone is None and pflege.contact.website == "https://lindenblatt.example/"
    assert pflege.languages == ["de", "ar", "uk"]
    assert pflege.joined == dt.date(2026, 6, 15)


def test_imported_content_passes_validate(content: Path) -> None:
    run("import", str(CSV), "--content", str(content), *TODAY)
    run("import", str(XLSX), "--content", str(content), *TODAY)
    code, out, _ = run("validate", "--content", str(content), *TODAY)
    assert code == 0
    assert " error: " not in out


# --- Excel, with typed cells ------------------------------------------------------------------------


def test_xlsx_converts_numbers_dates_and_booleans_deliberately(content: Path) -> None:
    code, out, err = run("import", str(XLSX), "--content", str(content), *TODAY)
    assert code == 1
    assert out.splitlines() == [
        f"row 2: wrote {shown(content, 'elektro-funkenflug')}",
        'row 3, column "Name": error: is empty; it must be filled in',
        'row 4, column "Stadtteil": error: unknown district "innenstadt"; did you mean "suedinnenstadt"?'
        " (see taxonomies/districts.yaml)",
        'row 4, column "Breitengrad": error: lies outside the map area of Bochum'
        " (lat 51.38 to 51.56, lon 7.08 to 7.37); lat and lon look swapped",
        'row 5, column "Praktikum": error: "vielleicht" is neither ja nor nein; write ja or nein',
        'row 5, column "Offene Tür": error: cannot read "morgens"; write days and times like'
        ' "Mo–Fr 09:00–12:00", several separated by ";"',
        f"row 7: wrote {shown(content, 'friseur-lockenpracht')}",
    ]
    assert err.strip() == "2 written, 0 unchanged, 0 skipped, 3 with errors (not written)"
    for missing in ("ohne-namen", "spedition-weitweg", "cafe-morgenrot", "notiz"):
        assert not (content / "companies" / f"{missing}.yaml").exists()

    elektro = load_company(content / "companies" / "elektro-funkenflug.yaml")
    text = (content / "companies" / "elektro-funkenflug.yaml").read_text(encoding="utf-8")
    assert '  postcode: "01067"\n' in text  # the number 1067, formatted 00000 in Excel
    assert elektro.address.postcode == "01067"
    assert (elektro.geo.lat, elektro.geo.lon) == (51.5102, 7.2231)
    assert elektro.branches == ["crafts", "industry"]
    assert elektro.internships is True  # a TRUE cell
    assert elektro.accessibility is not None and elektro.accessibility.step_free is True
    assert elektro.joined == dt.date(2026, 10, 1)  # a datetime cell
    assert elektro.reviewed == dt.date(2026, 11, 2)
    assert elektro.contact.email == "ausbildung@funkenflug.example"  # heading "e-mail"
    assert elektro.address.street == "Voltastraße 5"  # heading "Strasse"

    friseur = load_company(content / "companies" / "friseur-lockenpracht.yaml")
    assert friseur.geo.lat == 51.4801  # text "51,4801"
    assert friseur.joined == dt.date(2026, 9, 15)  # text "15.09.2026"
    assert friseur.reviewed == dt.date(2026, 11, 3)  # a datetime with a time of day
    assert friseur.languages == ["de"]  # empty: German
    assert friseur.accessibility is None
    assert friseur.consent is True


# --- existing records, --update, running twice ---------------------------------------------------------


def test_update_replaces_existing_records_and_a_second_run_changes_nothing(content: Path) -> None:
    companies = content / "companies"
    code, out, err = run("import", str(CSV), "--update", "--content", str(content), *TODAY)
    assert code == 1
    assert f"row 7: wrote {shown(content, 'baeckerei-mohnkorn')}" in out.splitlines()
    assert err.strip() == "3 written, 0 unchanged, 0 skipped, 4 with errors (not written)"
    mohnkorn = load_company(companies / "baeckerei-mohnkorn.yaml")
    assert mohnkorn.description.root == {"de": "Familienbäckerei in Hofstede; neu aus der Tabelle."}
    assert mohnkorn.occupations == ["baecker", "konditor"]
    assert mohnkorn.joined == dt.date(2024, 12, 2)

    written = snapshot(companies)
    code, out, err = run("import", str(CSV), "--update", "--content", str(content), *TODAY)
    assert code == 1
    assert [line for line in out.splitlines() if "error" not in line] == [
        f"row 2: {shown(content, 'tischlerei-hobelspan')} is unchanged",
        f"row 7: {shown(content, 'baeckerei-mohnkorn')} is unchanged",
        f"row 9: {shown(content, 'pflegedienst-lindenblatt')} is unchanged",
    ]
    assert err.strip() == "0 written, 3 unchanged, 0 skipped, 4 with errors (not written)"
    assert snapshot(companies) == written

    code, out, _ = run("import", str(CSV), "--content", str(content), *TODAY)
    assert [line for line in out.splitlines() if "skipped" in line] == [
        f"row {row}: skipped: {shown(content, record_id)} exists, use --update to replace it"
        for row, record_id in ((2, "tischlerei-hobelspan"), (7, "baeckerei-mohnkorn"), (9, "pflegedienst-lindenblatt"))
    ]
    assert snapshot(companies) == written


def test_a_table_without_errors_exits_0_and_shows_warnings(content: Path, tmp_path: Path) -> None:
    table = tmp_path / "betriebe.csv"  # comma-separated, no byte-order mark, LF line ends
    table.write_text(
        "Name,Beschreibung,Branchen,Straße,PLZ,Ort,Stadtteil,Breitengrad,Längengrad,Offene Tür,Fragen nach,"
        "E-Mail,Dabei seit,Einwilligung,Geprüft am\n"
        'Optik Klarsicht,Brillen.,retail,Glasweg 1,44787,Bochum,hamme,51.48,7.21,"Mo, Mi 10–12 Uhr",'
        "Frau Klar,info@klarsicht.example,2024-01-01,ja,2025-01-01\n",
        encoding="utf-8",
    )
    code, out, err = run("import", str(table), "--content", str(content), *TODAY)
    assert code == 0, out + err
    assert out.splitlines() == [
        f"row 2: wrote {shown(content, 'optik-klarsicht')}",
        'row 2, column "Geprüft am": warning: last checked on 2025-01-01, more than 12 months ago;'
        " check the entry and update the date",
    ]
    optik = load_company(content / "companies" / "optik-klarsicht.yaml")
    assert optik.open_door.hours[0].days == ["mo", "we"]
    assert (optik.open_door.hours[0].opens, optik.open_door.hours[0].closes) == (dt.time(10), dt.time(12))


def test_a_problem_about_several_columns_names_them_all(content: Path, tmp_path: Path) -> None:
    table = tmp_path / "betriebe.csv"
    table.write_text(
        "Name;Beschreibung;Branchen;Straße;PLZ;Ort;Stadtteil;Breitengrad;Längengrad;Offene Tür;Fragen nach;"
        "Telefon;E-Mail;Website;Dabei seit;Einwilligung;Geprüft am\n"
        "Optik Klarsicht;Brillen.;retail;Glasweg 1;44787;Bochum;hamme;51,48;7,21;Mo 10–12;Frau Klar;;;;"
        "2026-01-01;ja;2026-11-01\n",
        encoding="utf-8",
    )
    code, out, _ = run("import", str(table), "--content", str(content), *TODAY)
    assert code == 1
    assert out.splitlines() == [
        'row 2, columns "Telefon", "E-Mail", "Website": error: give at least one way to get in touch:'
        " phone, email or website"
    ]
    assert not (content / "companies" / "optik-klarsicht.yaml").exists()


# --- what stops the whole import ----------------------------------------------------------------------


def test_unknown_and_missing_headings_stop_before_anything_is_written(content: Path, tmp_path: Path) -> None:
    table = tmp_path / "betriebe.csv"
    table.write_text("Name;Strase;PLZ\nOptik Klarsicht;Glasweg 1;44787\n", encoding="utf-8")
    before = snapshot(content / "companies")
    code, _, err = run("import", str(table), "--content", str(content), *TODAY)
    assert code == 1 and len(err.splitlines()) == 1
    assert 'unknown column heading "Strase" in column B; did you mean "Straße"?' in err
    assert "required columns are missing: Beschreibung, Branchen, Straße, Ort, Stadtteil," in err
    assert snapshot(content / "companies") == before


def test_a_broken_taxonomy_stops_the_import(content: Path) -> None:
    (content / "taxonomies" / "branches.yaml").unlink()
    before = snapshot(content / "companies")
    code, out, err = run("import", str(CSV), "--content", str(content), *TODAY)
    assert code == 1
    assert "taxonomy 'branches' is missing" in out
    assert "nothing imported" in err
    assert snapshot(content / "companies") == before


def test_other_file_types_are_refused(content: Path, tmp_path: Path) -> None:
    table = tmp_path / "betriebe.ods"
    table.write_bytes(b"")
    code, _, err = run("import", str(table), "--content", str(content))
    assert code == 1
    assert err.startswith("nothing imported: ") and "save the table as .xlsx or .csv" in err


def test_columns_lists_every_heading() -> None:
    code, out, _ = run("import", "--columns")
    assert code == 0
    for column in COLUMNS:
        assert f"| {column.header} | {'yes' if column.required else 'no'} | " in out


# --- cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, kind, text",
    [
        (1067, "postcode", "01067"),  # Excel dropped the leading zero
        (1067.0, "postcode", "01067"),
        ("1067", "postcode", "01067"),  # and so did its CSV export
        ("44801", "postcode", "44801"),
        (51.481799999999998, "decimal", "51.4818"),  # as Excel stores 51.4818
        (7.0, "decimal", "7.0"),
        ("7,2162", "decimal", "7.2162"),
        (dt.datetime(2026, 3, 31), "date", "2026-03-31"),
        (dt.datetime(2026, 3, 31, 14, 30), "date", "2026-03-31"),
        (dt.date(2026, 3, 31), "date", "2026-03-31"),
        ("31.3.2026", "date", "2026-03-31"),
        (dt.time(9, 5), "text", "09:05"),
        (True, "bool", "ja"),
        (False, "bool", "nein"),
        (None, "text", ""),
        (234123456, "text", "234123456"),  # a phone number that lost its 0: the validator says so
        ("  Bäckerei  ", "text", "Bäckerei"),
    ],
)
def test_cells_become_text_on_purpose(value: object, kind: str, text: str) -> None:
    assert _cell_text(value, kind) == text  # type: ignore[arg-type]
