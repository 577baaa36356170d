"""`python build.py report`: stale records, expiring and expired offers, missing translations.

A copy of the fixture site gets a few extra offers whose dates sit on each boundary, a
company with a translation dropped, and Arabic as a third site language; both output
formats must then list exactly the expected entries, in the expected order.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from cli_tools import run
from fixture_paths import TESTS

from site_tools.content.validate import load_and_validate
from site_tools.paths import EXAMPLE_CONTENT
from site_tools.tools.content_report import ContentReport, format_markdown, format_text, gather_report

HERE = TESTS
FIXTURE = HERE / "fixtures" / "content"
TODAY = dt.date(2026, 11, 21)
TODAY_ARGS = ["--today", TODAY.isoformat()]

# Offers added to the fixture: id -> (German title, what replaces `reviewed: 2026-10-01`).
EXTRA_OFFERS = {
    "genau-zwoelf-monate": ("Genau zwölf Monate", "reviewed: 2025-11-21"),  # not stale: not *more* than 12
    "zwoelf-monate-und-ein-tag": ("Zwölf Monate und ein Tag", "reviewed: 2025-11-20"),
    "endet-heute": ("Endet heute", "reviewed: 2026-10-01\nexpires: 2026-11-21"),
    "endet-in-30-tagen": ("Kurs *neu* | Abend", "reviewed: 2026-10-01\nexpires: 2026-12-21"),
    "endet-in-31-tagen": ("Endet in 31 Tagen", "reviewed: 2026-10-01\nexpires: 2026-12-22"),
    "endete-gestern": ("Endete gestern", "reviewed: 2026-10-01\nexpires: 2026-11-20"),
    "endete-vor-einem-jahr": ("Endete vor einem Jahr", "reviewed: 2026-10-01\nexpires: 2025-11-21"),
}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    _edit(target / "site.yaml", "languages: [de, en]", "languages: [de, en, ar]")
    offer = (target / "offers" / "beratung-test.yaml").read_text(encoding="utf-8")
    for record_id, (title, dates) in EXTRA_OFFERS.items():
        text = offer.replace("title:\n  de: Beratung\n", f'title:\n  de: "{title}"\n')
        text = text.replace("reviewed: 2026-10-01", dates)
        (target / "offers" / f"{record_id}.yaml").write_text(text, encoding="utf-8")
    company = target / "companies" / "baeckerei-test.yaml"
    _edit(company, "reviewed: 2026-10-01", "reviewed: 2024-01-01")
    _edit(company, "  en: We bake.\n", "")
    return target


def file(content: Path, kind: str, record_id: str) -> str:
    return str(content / kind / f"{record_id}.yaml")


def gather(content: Path) -> ContentReport:
    result = load_and_validate(content, TODAY)
    assert result.errors == [] and result.content is not None
    return gather_report(result.content, TODAY)


# --- what is expected of the edited fixture -------------------------------------------------


def expected_stale(content: Path) -> list[list[str]]:
    return [
        [file(content, "companies", "baeckerei-test"), "Bäckerei Test", "2024-01-01", "34 months, 20 days"],
        [
            file(content, "offers", "zwoelf-monate-und-ein-tag"),
            "Zwölf Monate und ein Tag",
            "2025-11-20",
            "12 months, 1 day",
        ],
    ]


def expected_expiring(content: Path) -> list[list[str]]:
    return [
        [file(content, "offers", "endet-heute"), "Endet heute", "2026-11-21", "0"],
        [file(content, "offers", "endet-in-30-tagen"), "Kurs *neu* | Abend", "2026-12-21", "30"],
    ]


def expected_expired(content: Path) -> list[list[str]]:
    return [
        [file(content, "offers", "endete-vor-einem-jahr"), "Endete vor einem Jahr", "2025-11-21", "365"],
        [file(content, "offers", "endete-gestern"), "Endete gestern", "2026-11-20", "1"],
    ]


OFFER_TEXTS = "title, summary, description"


def expected_untranslated(content: Path) -> dict[str, list[list[str]]]:
    return {
        "en": [[file(content, "companies", "baeckerei-test"), "description"]],
        "ar": [
            [file(content, "offers", record_id), OFFER_TEXTS] for record_id in ("beratung-test", *sorted(EXTRA_OFFERS))
        ]
        + [[file(content, "companies", "baeckerei-test"), "description, open_door.ask_for"]],
    }


# --- the report itself ----------------------------------------------------------------------


def test_report_lists_each_kind_of_entry_in_order(content: Path) -> None:
    report = gather(content)
    assert report.records == 10
    assert [[e.record.file, e.record.name, e.reviewed.isoformat(), e.ago] for e in report.stale] == expected_stale(
        content
    )
    assert [
        [e.record.file, e.record.name, e.expires.isoformat(), str(e.days_left)] for e in report.expiring
    ] == expected_expiring(content)
    assert [
        [e.record.file, e.record.name, e.expires.isoformat(), str(-e.days_left)] for e in report.expired
    ] == expected_expired(content)
    assert report.languages == {"en": "English", "ar": "Arabic"}
    assert {
        code: [[e.record.file, ", ".join(e.fields)] for e in entries] for code, entries in report.untranslated.items()
    } == expected_untranslated(content)
    assert report.untranslated_counts("en") == {"offers": 0, "companies": 1, "venues": 0}
    assert report.untranslated_counts("ar") == {"offers": 8, "companies": 1, "venues": 0}


# --- plain text -----------------------------------------------------------------------------


def text_sections(text: str) -> dict[str, list[list[str]]]:
    """Each title line (not indented) -> its indented lines, split into columns at 2+ spaces."""
    sections: dict[str, list[list[str]]] = {}
    rows: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("  "):
            rows.append(re.split(r" {2,}", line.strip()))
        elif line:
            rows = sections.setdefault(line, [])
    return sections


def test_text_format(content: Path) -> None:
    sections = text_sections(format_text(gather(content)))
    assert list(sections) == [
        "Content report as of 2026-11-21: 10 records checked",
        "Not reviewed for more than 12 months, oldest first: 2",
        "Offers expiring in the next 30 days, soonest first: 2",
        "Expired offers, no longer shown: 2",
        "Missing translations: records with texts not in the language",
        "Not translated into en (English): 1 record",
        "Not translated into ar (Arabic): 9 records",
    ]
    assert sections["Not reviewed for more than 12 months, oldest first: 2"] == [
        [path, name, f"reviewed {day}", f"{ago} ago"] for path, name, day, ago in expected_stale(content)
    ]
    assert sections["Offers expiring in the next 30 days, soonest first: 2"] == [
        [file(content, "offers", "endet-heute"), "Endet heute", "expires 2026-11-21", "last day today"],
        [file(content, "offers", "endet-in-30-tagen"), "Kurs *neu* | Abend", "expires 2026-12-21", "30 days left"],
    ]
    assert sections["Expired offers, no longer shown: 2"] == [
        [
            file(content, "offers", "endete-vor-einem-jahr"),
            "Endete vor einem Jahr",
            "expired 2025-11-21",
            "365 days ago",
        ],
        [file(content, "offers", "endete-gestern"), "Endete gestern", "expired 2026-11-20", "1 day ago"],
    ]
    assert sections["Missing translations: records with texts not in the language"] == [
        ["language", "offers", "companies", "venues", "all"],
        ["en (English)", "0", "1", "0", "1"],
        ["ar (Arabic)", "8", "1", "0", "9"],
    ]
    untranslated = expected_untranslated(content)
    assert sections["Not translated into en (English): 1 record"] == untranslated["en"]
    assert sections["Not translated into ar (Arabic): 9 records"] == untranslated["ar"]


def test_text_format_says_none() -> None:
    lines = format_text(gather(FIXTURE)).splitlines()
    assert lines == [
        "Content report as of 2026-11-21: 3 records checked",
        "",
        "Not reviewed for more than 12 months, oldest first: none",
        "",
        "Offers expiring in the next 30 days, soonest first: none",
        "",
        "Expired offers, no longer shown: none",
        "",
        "Missing translations: records with texts not in the language",
        "  language      offers  companies  venues  all",
        "  en (English)       0          0       0    0",
    ]


# --- Markdown -------------------------------------------------------------------------------


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    """Each heading -> the rows of the table under it (header row first), cells unescaped."""
    tables: dict[str, list[list[str]]] = {}
    rows: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("#"):
            rows = tables.setdefault(line, [])
        elif line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            if all(re.fullmatch(r"-+", cell) for cell in cells):
                continue  # the line under the header
            rows.append([_unescape(cell.strip()) for cell in cells])
    return tables


def _unescape(cell: str) -> str:
    """Markdown cell -> its text: backslash escapes and code-span backticks removed."""
    return re.sub(r"\\(.)", r"\1", cell.replace("`", ""))


def test_markdown_format(content: Path) -> None:
    text = format_markdown(gather(content))
    tables = markdown_tables(text)
    assert list(tables) == [
        "## Content report, 2026-11-21",
        "### Not reviewed for more than 12 months",
        "### Offers expiring in the next 30 days",
        "### Expired offers, no longer shown",
        "### Missing translations",
        "#### Not translated into en (English)",
        "#### Not translated into ar (Arabic)",
    ]
    assert tables["### Not reviewed for more than 12 months"] == [
        ["file", "name", "reviewed", "how long ago"],
        *expected_stale(content),
    ]
    assert tables["### Offers expiring in the next 30 days"] == [
        ["file", "title", "expires", "days left"],
        *expected_expiring(content),
    ]
    assert tables["### Expired offers, no longer shown"] == [
        ["file", "title", "expired", "days ago"],
        *expected_expired(content),
    ]
    assert tables["### Missing translations"] == [
        ["language", "offers", "companies", "venues", "all"],
        ["en (English)", "0", "1", "0", "1"],
        ["ar (Arabic)", "8", "1", "0", "9"],
    ]
    untranslated = expected_untranslated(content)
    assert tables["#### Not translated into en (English)"] == [["file", "fields"], *untranslated["en"]]
    assert tables["#### Not translated into ar (Arabic)"] == [["file", "fields"], *untranslated["ar"]]
    # A title's "|" and "*" are escaped, so the row keeps its four cells and no emphasis starts.
    assert "| Kurs \\*neu\\* \\| Abend |" in text


def test_markdown_format_says_none() -> None:
    text = format_markdown(gather(FIXTURE))
    assert text.split("\n### ")[1:] == [
        "Not reviewed for more than 12 months\n\nNone.\n",
        "Offers expiring in the next 30 days\n\nNone.\n",
        "Expired offers, no longer shown\n\nNone.\n",
        "Missing translations\n\nRecords with texts not in the language, per record type.\n\n"
        "| language | offers | companies | venues | all |\n|---|---|---|---|---|\n| en (English) | 0 | 0 | 0 | 0 |\n\n"
        "#### Not translated into en (English)\n\nNone.\n",
    ]


def test_a_site_only_in_german_has_no_translations_to_miss() -> None:
    result = load_and_validate(FIXTURE, TODAY)
    assert result.content is not None
    german_only = replace(result.content, site=result.content.site.model_copy(update={"languages": ["de"]}))
    report = gather_report(german_only, TODAY)
    assert report.languages == {} and report.untranslated == {}
    assert format_markdown(report).endswith("### Missing translations\n\nThe site has no languages besides German.\n")
    assert format_text(report).endswith(
        "Missing translations: records with texts not in the language\n  none: the site has no languages besides German"
    )


# --- consistency with validate --------------------------------------------------------------


def test_report_agrees_with_validate_warnings_on_the_example_content() -> None:
    """The same threshold and the same translation check: the same files, in both."""
    result = load_and_validate(EXAMPLE_CONTENT, TODAY)
    assert result.content is not None
    report = gather_report(result.content, TODAY)

    def warned(phrase: str) -> set[str]:
        return {problem.file for problem in result.warnings if phrase in problem.message}

    assert {entry.record.file for entry in report.stale} == warned("more than 12 months ago")
    assert {entry.record.file for entry in report.expired} == warned("the offer ended on")
    untranslated = warned("not translated into")
    untranslated = {path for path in untranslated if "/taxonomies/" not in path and not path.endswith("site.yaml")}
    for code, entries in report.untranslated.items():
        assert {entry.record.file for entry in entries} == {
            problem.file
            for problem in result.warnings
            if problem.file in untranslated and re.search(rf"not translated into [a-z, ]*\b{code}\b", problem.message)
        }
    assert report.stale and report.expired and all(report.untranslated.values())


# --- the command ----------------------------------------------------------------------------


def test_command_prints_text_by_default_and_exits_0(content: Path) -> None:
    code, out, _ = run("report", "--content", str(content), *TODAY_ARGS)
    assert code == 0
    assert out == format_text(gather(content)) + "\n"


def test_command_markdown_appends_to_the_job_summary(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## Content check\n\nfrom an earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run("report", "--format", "markdown", "--content", str(content), *TODAY_ARGS)
    assert code == 0
    assert out == format_markdown(gather(content)) + "\n"
    assert summary.read_text(encoding="utf-8") == "## Content check\n\nfrom an earlier step\n" + out
    assert markdown_tables(out)["### Expired offers, no longer shown"][1:] == expected_expired(content)


def test_command_text_leaves_the_job_summary_alone(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, _, _ = run("report", "--content", str(content), *TODAY_ARGS)
    assert code == 0
    assert not summary.exists()


def test_command_with_content_errors_lists_them_and_exits_1(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    path = content / "companies" / "baeckerei-test.yaml"
    _edit(path, "postcode: 01067", 'postcode: "4479"')
    code, out, err = run("report", "--format", "markdown", "--content", str(content), *TODAY_ARGS)
    assert code == 1
    # Line 7, not 8 as in the fixture: the fixture above dropped the English description.
    assert out.splitlines() == [f'{path}:7:13: error: address.postcode: must be 5 digits, e.g. "44801"']
    assert err.startswith("report stopped: 1 error, ")
    assert not summary.exists()


def test_command_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("report", "--content", str(tmp_path / "nowhere"), *TODAY_ARGS)
    assert code == 2
    assert "content folder not found" in err
