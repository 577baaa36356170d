"""Records: the strict loader's traps and every validation check, each at its exact position.

tests/records/invalid/KIND/FIELD_REASON.yaml holds one mistake per file;
tests/records/invalid/expected.txt lists, compiler-style, exactly what each must produce.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from fixture_paths import TESTS

from site_tools.content.load import display_path
from site_tools.content.scalars import suggest_id
from site_tools.content.strict_yaml import MAX_FILE_BYTES, YamlError, parse_yaml, read_yaml
from site_tools.content.validate import ValidationResult, load_and_validate

HERE = TESTS
FIXTURE = HERE / "fixtures" / "content"
INVALID = HERE / "records" / "invalid"
EXPECTED = INVALID / "expected.txt"
TODAY = dt.date(2026, 11, 21)
RECORD_KINDS = ("companies", "offers", "venues")


def fresh_content(tmp_path: Path) -> Path:
    """A copy of the valid fixture site to break on purpose."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def validate(content: Path) -> ValidationResult:
    return load_and_validate(content, TODAY)


def _as_expected_lines(
    result: ValidationResult, copies: dict[Path, str], *, ignore_elsewhere: bool = False
) -> list[str]:
    """Rewrite each problem's file to the fixture it came from; fail on problems elsewhere."""
    by_name = {str(path): name for path, name in copies.items()}
    lines, elsewhere = [], []
    for problem in result.problems:
        name = by_name.get(problem.file)
        if name is None:
            elsewhere.append(str(problem))
        else:
            lines.append(str(problem).replace(problem.file, name, 1))
    assert ignore_elsewhere or not elsewhere, "problems outside the fixtures under test:\n" + "\n".join(elsewhere)
    return lines


def run_invalid_corpus(tmp_path: Path) -> list[str]:
    """Validate every invalid fixture; return its problems as `FIXTURE:line:col: …` lines."""
    lines: list[str] = []
    # Records and pages: all in one content folder, in one run, as a real pull request would be.
    content = fresh_content(tmp_path / "records")
    copies: dict[Path, str] = {}
    for kind in (*RECORD_KINDS, "pages"):
        for fixture in sorted((INVALID / kind).iterdir()):
            if kind == "pages":  # FIELD_REASON.LANGUAGE.md
                field_reason, suffix = fixture.name.split(".", 1)
                target = content / kind / f"{suggest_id(field_reason)}.{suffix}"
            else:
                target = content / kind / f"{suggest_id(fixture.stem)}.yaml"
            assert not target.exists(), f"two fixtures map to {target.name}"
            shutil.copyfile(fixture, target)
            copies[target] = f"{kind}/{fixture.name}"
    lines += _as_expected_lines(validate(content), _relative(copies))
    # The site and taxonomies: each fixture replaces the real file in a run of its own.
    singles = [(fixture, "site.yaml") for fixture in sorted((INVALID / "site").iterdir())]
    for folder in sorted((INVALID / "taxonomies").iterdir()):
        singles += [(fixture, f"taxonomies/{folder.name}.yaml") for fixture in sorted(folder.iterdir())]
    for index, (fixture, replaces) in enumerate(singles):
        content = fresh_content(tmp_path / f"single-{index}")
        shutil.copyfile(fixture, content / replaces)
        name = fixture.relative_to(INVALID).as_posix()
        # A change to the site (say, a new language) rightly shows up in other files too.
        lines += _as_expected_lines(
            validate(content), _relative({content / replaces: name}), ignore_elsewhere=replaces == "site.yaml"
        )
    return lines


def _relative(copies: dict[Path, str]) -> dict[Path, str]:
    """Key the copies by the path as messages print it (relative to the working folder if inside)."""
    return {Path(_shown(path)): name for path, name in copies.items()}


def test_invalid_corpus_gives_exactly_the_expected_messages(tmp_path: Path) -> None:
    actual = run_invalid_corpus(tmp_path)
    expected = [line for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    missing = [line for line in expected if line not in actual]
    unexpected = [line for line in actual if line not in expected]
    assert not missing and not unexpected, (
        "expected but not produced:\n  "
        + "\n  ".join(missing)
        + "\nproduced but not expected:\n  "
        + "\n  ".join(unexpected)
    )


def test_every_invalid_fixture_has_an_expectation() -> None:
    expected_files = {
        line.split(":", 1)[0] for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"
    }
    fixtures = {path.relative_to(INVALID).as_posix() for path in INVALID.rglob("*") if path.is_file()}
    fixtures.discard("expected.txt")
    assert fixtures == expected_files


def test_every_problem_in_the_corpus_is_positioned(tmp_path: Path) -> None:
    for line in run_invalid_corpus(tmp_path):
        _file, line_number, column, rest = line.split(":", 3)
        assert int(line_number) >= 1 and int(column) >= 1, line
        assert rest.startswith((" error: ", " warning: ")), line


# --- the loader's traps: scalars stay text and are typed only by the schema ---------------


def test_fixture_site_is_valid() -> None:
    result = validate(FIXTURE)
    assert result.problems == []
    assert result.content is not None


def test_postcode_with_leading_zero_stays_text() -> None:
    content = validate(FIXTURE).content
    assert content is not None
    assert content.companies["baeckerei-test"].address.postcode == "01067"


def test_no_stays_a_language_code() -> None:
    content = validate(FIXTURE).content
    assert content is not None
    assert content.companies["baeckerei-test"].languages == ["de", "no"]
    assert "no" in content.taxonomies["languages"]


def test_unquoted_time_stays_a_time_of_day() -> None:
    content = validate(FIXTURE).content
    assert content is not None
    assert content.venues["treff-hamme"].opening_hours[0].opens == dt.time(10, 30)


def test_dates_and_numbers_are_typed_through_the_schema() -> None:
    content = validate(FIXTURE).content
    assert content is not None
    company = content.companies["baeckerei-test"]
    assert company.reviewed == dt.date(2026, 10, 1)
    assert company.geo.lat == pytest.approx(51.4921)
    assert company.consent is True
    assert company.id == "baeckerei-test"
    session = content.offers["beratung-test"].dates.sessions[0]  # type: ignore[union-attr]
    assert session.start == dt.datetime(2026, 12, 3, 17, 0)


def test_loader_reads_scalars_as_text_with_positions() -> None:
    data = parse_yaml(b"postcode: 01067\nlanguages: [no]\nopens: 10:30\nempty:\n")
    assert data == {"postcode": "01067", "languages": ["no"], "opens": "10:30", "empty": None}
    assert data.value_position("opens") == (3, 8)
    assert data.key_position("opens") == (3, 1)
    assert data["languages"].item_position(0) == (2, 13)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    path = content / "companies" / "baeckerei-test.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = validate(content)
    assert result.problems == []


def test_bom_does_not_shift_columns() -> None:
    data = parse_yaml("\ufeffname: x\n".encode())
    assert data.value_position("name") == (1, 7)


def test_file_over_one_megabyte_is_refused(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    path = content / "companies" / "baeckerei-test.yaml"
    padding = b"# " + b"x" * 98 + b"\n"
    path.write_bytes(path.read_bytes() + padding * (MAX_FILE_BYTES // len(padding) + 1))
    result = validate(content)
    assert [str(p) for p in result.problems] == [
        f"{_shown(path)}:1:1: error: file is {path.stat().st_size:,} bytes;"
        " a record must be under 1 MB (1,000,000 bytes)"
    ]


def test_columns_count_characters_not_bytes() -> None:
    data = parse_yaml("name: Äöü\nwörter: [Übung, Ärger]\n".encode())
    assert data["wörter"].item_position(1) == (2, 17)  # 2 bytes per umlaut would give 19
    with pytest.raises(YamlError) as caught:
        parse_yaml("wörter: [Übung, Ärger\n".encode())
    assert caught.value.problems[0].position == (2, 1)


# --- file names and ids ---------------------------------------------------------------------


def _shown(path: Path) -> str:
    return display_path(path)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Bäckerei Müller.yaml",
            'file name "Bäckerei Müller" is not a valid id; use lowercase letters a-z,'
            ' digits and "-", e.g. "baeckerei-mueller.yaml"',
        ),
        # A .yml twin is not silently ignored.
        ("baeckerei-test.yml", 'rename to "baeckerei-test.yaml"; records must end in .yaml'),
        # Hidden, so easy to miss in a pull request, and never published: said, not skipped.
        (
            "..yaml",
            'file name "..yaml" starts with "." and is not read; records are named ID.yaml, e.g. "eintrag.yaml"',
        ),
        (
            ".konditorei.yaml",
            'file name ".konditorei.yaml" starts with "." and is not read; records are named ID.yaml,'
            ' e.g. "konditorei.yaml"',
        ),
        # "$" in a pattern also matches before a final line break: the id must match as a whole.
        (
            "konditorei\n.yaml",
            'file name "konditorei\n" is not a valid id; use lowercase letters a-z, digits and "-",'
            ' e.g. "konditorei.yaml"',
        ),
    ],
)
def test_file_names_must_be_ids_ending_in_yaml(tmp_path: Path, name: str, message: str) -> None:
    content = fresh_content(tmp_path)
    bad = content / "companies" / name
    shutil.copyfile(content / "companies" / "baeckerei-test.yaml", bad)
    result = validate(content)
    assert [str(p) for p in result.problems] == [f"{_shown(bad)}:1:1: error: {message}"]


def test_other_files_in_record_folders_are_errors_not_silently_skipped(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    offers = content / "offers"
    (offers / "notizen.txt").write_text("todo")
    (offers / "kurs.YAML").write_text("x: y")
    (offers / "kurs.yaml.txt").write_text("x: y")
    (offers / "2026").mkdir()
    (offers / ".DS_Store").write_text("")  # hidden files and editor backups are not content
    (offers / "beratung-test.yaml~").write_text("")
    (content / "taxonomies" / "topics.yml").write_text("x: y")
    (content / "angebote.yaml").write_text("x: y")
    result = validate(content)
    assert [(Path(p.file).name, p.severity.value, p.message) for p in result.problems] == [
        (
            "angebote.yaml",
            "warning",
            "not part of the content and not read; records go into offers/, companies/ or venues/",
        ),
        ("2026", "error", "folders inside a record folder are not read; move the records up one level"),
        ("kurs.YAML", "error", 'rename to "kurs.yaml"; records must end in .yaml'),
        ("kurs.yaml.txt", "error", 'not a record: records are files named ID.yaml, e.g. "baeckerei-beispiel.yaml"'),
        ("notizen.txt", "error", 'not a record: records are files named ID.yaml, e.g. "baeckerei-beispiel.yaml"'),
        ("topics.yml", "error", 'rename to "topics.yaml"; taxonomies must end in .yaml'),
    ]


def test_missing_site_and_taxonomy_are_errors(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    (content / "site.yaml").unlink()
    (content / "taxonomies" / "topics.yaml").unlink()
    result = validate(content)
    messages = sorted(f"{Path(p.file).name}: {p.message}" for p in result.errors)
    assert messages == ["site.yaml: site configuration is missing", "topics.yaml: taxonomy 'topics' is missing"]


def test_every_problem_is_collected_in_one_run(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    for kind in RECORD_KINDS:
        for fixture in sorted((INVALID / kind).iterdir())[:3]:
            shutil.copyfile(fixture, content / kind / f"{suggest_id(fixture.stem)}.yaml")
    result = validate(content)
    files_with_problems = {p.file for p in result.problems}
    assert len(files_with_problems) == 9
    assert result.content is None and result.failed()


def test_required_pages_in_german(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    (content / "pages" / "imprint.de.md").unlink()
    result = validate(content)
    assert [str(p) for p in result.problems] == [
        f"{_shown(content / 'pages' / 'imprint.de.md')}:1:1: error: required page is missing"
        " (every site needs it in German)"
    ]


def test_page_body_and_title_are_read(tmp_path: Path) -> None:
    content = validate(FIXTURE).content
    assert content is not None
    page = content.pages["about"]["en"]
    assert page.title == "Page about"
    assert page.body.strip() == "Text of the page."


def test_deep_nesting_is_refused_before_libyaml_slows_down() -> None:
    """libyaml is quadratic in nesting depth: 400,000 "[" took minutes before the limit."""
    with pytest.raises(YamlError) as caught:
        parse_yaml(b"name: " + b"[" * 400_000 + b"\n")
    problem = caught.value.problems[0]
    assert (problem.position, problem.message) == ((1, 26), "nested more than 20 levels deep; records are flatter")


def test_block_style_nesting_is_limited_too() -> None:
    lines = [f"{'  ' * depth}k{depth}:" for depth in range(30)]
    with pytest.raises(YamlError) as caught:
        parse_yaml(("\n".join(lines) + " x\n").encode())
    assert caught.value.problems[0].message == "nested more than 20 levels deep; records are flatter"


# --- files from a pull request that are not plain files ------------------------------------------


def test_symbolic_links_are_not_followed(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: geheim\n")
    (content / "venues" / "leak.yaml").symlink_to(secret)
    (content / "companies" / "zero.yaml").symlink_to("/dev/zero")
    # Hidden, the loader would skip it; a later import writing ".x.yaml.writing" must not follow it.
    (content / "companies" / ".konditorei.yaml.writing").symlink_to(secret)
    result = validate(content)
    assert sorted((Path(p.file).name, p.message) for p in result.problems) == [
        (".konditorei.yaml.writing", "symbolic links are not read; put the file itself here"),
        ("leak.yaml", "symbolic links are not read; put the file itself here"),
        ("zero.yaml", "symbolic links are not read; put the file itself here"),
    ]
    assert "geheim" not in str(result.problems)


def test_special_files_are_refused_without_reading(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    os.mkfifo(content / "companies" / "wartet.yaml")  # reading a FIFO would block forever
    (content / "pages" / "faq.de.md").mkdir()
    result = validate(content)
    assert sorted((Path(p.file).name, p.message) for p in result.problems) == [
        ("faq.de.md", "not a regular file; it is not read"),
        ("wartet.yaml", "not a regular file; it is not read"),
    ]


def test_a_linked_record_folder_is_refused(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (content / "offers").rename(elsewhere)
    (content / "offers").symlink_to(elsewhere)
    result = validate(content)
    assert [(Path(p.file).name, p.message) for p in result.problems] == [
        ("offers", "symbolic links are not read; put the folder itself here")
    ]


def test_sticker_must_stay_inside_the_content_folder(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("assets/sticker.svg", "../../../../etc/passwd"))
    result = validate(content)
    assert [p.message for p in result.problems] == ["must be a file inside the content folder, e.g. assets/sticker.svg"]


# --- how a file is written --------------------------------------------------------------------------


def test_crlf_line_endings_give_the_same_positions(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    path = content / "companies" / "baeckerei-test.yaml"
    text = path.read_text(encoding="utf-8").replace("postcode: 01067", 'postcode: "4479"')
    path.write_bytes(text.replace("\n", "\r\n").encode())
    result = validate(content)
    assert [(p.line, p.column, p.path) for p in result.problems] == [(8, 13, "address.postcode")]


def test_merge_keys_are_not_special() -> None:
    data = parse_yaml(b"name: x\n'<<': y\n")
    assert data["<<"] == "y"
    with pytest.raises(YamlError) as caught:
        parse_yaml(b"base: &b {name: x}\nother:\n  <<: *b\n")
    assert [p.message for p in caught.value.problems] == [
        "anchors (&b) are not allowed; write each value out",
        "aliases (*b) are not allowed; write the value out",
    ]


def test_invalid_utf8_after_a_bom_is_placed_without_the_bom() -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(b"\xef\xbb\xbfname: \xe4\n")
    assert caught.value.problems[0].position == (1, 7)


def test_columns_are_characters_in_flow_mappings() -> None:
    data = parse_yaml("x: {a: Äöü, b: y}\n".encode())
    assert data["x"].value_position("b") == (1, 16)


def test_record_count_includes_files_that_could_not_be_read(tmp_path: Path) -> None:
    content = fresh_content(tmp_path)
    (content / "venues" / "treff-hamme.yaml").write_text("name: [unclosed\n")
    result = validate(content)
    assert result.records_checked == 3


def test_a_direction_control_does_not_hide_the_files_other_problems() -> None:
    document = read_yaml('name: Bäckerei \u202etseT\nname: Zwei\ncity: "Bochum\\L"\n'.encode())
    assert [(p.position, p.message.split(" (")[0]) for p in document.problems] == [
        ((1, 16), "invisible direction control U+202E"),
        ((2, 1), 'duplicate field "name"'),
        ((3, 7), "control character U+2028"),
    ]
