"""The command line, through click's CliRunner: exit codes, output formats, templates, help."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import click
import pytest
from cli_tools import run

from site_tools.cli import main
from site_tools.content.schema import SCHEMA_MODELS, schema_text
from site_tools.paths import PROJECT_ROOT

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "content"
TODAY = ["--today", "2026-11-21"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def break_postcode(content: Path) -> Path:
    path = content / "companies" / "baeckerei-test.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("postcode: 01067", 'postcode: "4479"'), encoding="utf-8")
    return path


def make_stale(content: Path) -> Path:
    path = content / "venues" / "treff-hamme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("reviewed: 2026-10-01", "reviewed: 2024-01-01"))
    return path


# --- validate ---------------------------------------------------------------------------------


def test_validate_clean_content_exits_0(content: Path) -> None:
    code, out, err = run("validate", "--content", str(content), *TODAY)
    assert code == 0
    assert out == ""
    assert err.strip() == "0 errors, 0 warnings in 3 records"


def test_validate_errors_exit_1_with_positioned_lines(content: Path) -> None:
    path = break_postcode(content)
    code, out, err = run("validate", "--content", str(content), *TODAY)
    assert code == 1
    assert out.splitlines() == [f'{path}:8:13: error: address.postcode: must be 5 digits, e.g. "44801"']
    assert err.strip() == "1 error, 0 warnings in 3 records"


def test_warnings_pass_unless_strict(content: Path) -> None:
    path = make_stale(content)
    code, out, _ = run("validate", "--content", str(content), *TODAY)
    assert code == 0
    assert out.startswith(f"{path}:17:11: warning: reviewed: last checked on 2024-01-01")
    code, _, _ = run("validate", "--strict", "--content", str(content), *TODAY)
    assert code == 1


def test_validate_github_format_annotates_and_writes_summary(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    path = break_postcode(content)
    stale = make_stale(content)
    code, out, _ = run("validate", "--format", "github", "--content", str(content), *TODAY)
    assert code == 1
    assert out.splitlines() == [
        f'::error file={path},line=8,col=13::address.postcode: must be 5 digits, e.g. "44801"',
        f"::warning file={stale},line=17,col=11::reviewed: last checked on 2024-01-01, more than 12 months ago;"
        " check the entry and update the date",
    ]
    text = summary.read_text(encoding="utf-8")
    assert "1 error, 1 warning in 3 records" in text
    assert f'| ❌ | `{path}` | 8:13 | `address.postcode` | must be 5 digits, e.g. "44801" |' in text


def test_github_format_escapes_workflow_command_characters(content: Path) -> None:
    path = content / "companies" / "a,b%c.yaml"  # not an id: reported with this file name
    shutil.copyfile(content / "companies" / "baeckerei-test.yaml", path)
    _, out, _ = run("validate", "--format", "github", "--content", str(content), *TODAY)
    assert f"file={str(path).replace('%', '%25').replace(',', '%2C')}," in out
    assert "a%2Cb%25c" in out


def test_validate_json_format(content: Path) -> None:
    path = break_postcode(content)
    code, out, _ = run("validate", "--format", "json", "--content", str(content), *TODAY)
    assert code == 1
    document = json.loads(out)
    assert document["errors"] == 1 and document["warnings"] == 0 and document["records"] == 3
    assert document["problems"] == [
        {
            "file": str(path),
            "line": 8,
            "column": 13,
            "severity": "error",
            "path": "address.postcode",
            "message": 'must be 5 digits, e.g. "44801"',
        }
    ]


def test_validate_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("validate", "--content", str(tmp_path / "nowhere"))
    assert code == 2
    assert "content folder not found" in err


def test_validate_bad_today_is_a_usage_error(content: Path) -> None:
    code, _, err = run("validate", "--content", str(content), "--today", "21.11.2026")
    assert code == 2
    assert "must be a date like 2026-03-31" in err


# --- new ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, folder", [("company", "companies"), ("offer", "offers"), ("venue", "venues")])
def test_new_writes_a_template_that_points_at_the_schema(content: Path, kind: str, folder: str) -> None:
    code, out, _ = run("new", kind, "mein-eintrag", "--content", str(content))
    assert code == 0
    path = content / folder / "mein-eintrag.yaml"
    assert f"wrote {path}" in out
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    schema_ref = first_line.removeprefix("# yaml-language-server: $schema=")
    assert (path.parent / schema_ref).resolve() == PROJECT_ROOT / "schemas" / f"{kind}.schema.json"


def test_new_company_template_lists_what_to_fill_in(content: Path) -> None:
    run("new", "company", "mein-betrieb", "--content", str(content))
    _, out, _ = run("validate", "--content", str(content), *TODAY)
    problems = [re.sub(r"^.*?mein-betrieb\.yaml:\d+:\d+: ", "", line) for line in out.splitlines()]
    assert problems == [
        "error: name: must not be empty",
        "error: description.de: must not be empty",
        "error: branches: must list at least one entry",
        "error: address.street: must not be empty",
        'error: address.postcode: must be 5 digits, e.g. "44801"',
        "error: address.district: must not be empty",
        "error: geo.lat: must not be empty",
        "error: geo.lon: must not be empty",
        "error: open_door.ask_for.de: must not be empty",
        'error: open_door.ask_about.de: is empty: fill it in, or delete "ask_about" if it does not apply',
        "error: contact: give at least one way to get in touch: phone, email or website",
        "error: joined: must not be empty",
        "error: consent: must be true: the company confirms that this entry may be published",
        "error: reviewed: must not be empty",
    ]


def test_new_company_template_filled_in_is_valid(content: Path) -> None:
    run("new", "company", "mein-betrieb", "--content", str(content))
    path = content / "companies" / "mein-betrieb.yaml"
    filled = path.read_text(encoding="utf-8")
    for blank, value in [
        ("name:\n", "name: Mein Betrieb\n"),
        ("description:\n  de:\n", "description:\n  de: Wir bilden aus.\n  en: We train.\n"),
        ("branches: []", "branches: [crafts]"),
        ("  street:\n", "  street: Weg 1\n"),
        ('postcode: ""', 'postcode: "44793"'),
        ("  district: ", "  district: hamme "),
        ("  lat: ", "  lat: 51.49 "),
        ("  lon: ", "  lon: 7.19 "),
        ("  ask_for:\n    de: ", "  ask_for:\n    en: Ms Example\n    de: Frau Beispiel "),
        ("  ask_about:\n    de: ", "  ask_about:\n    en: Apprenticeships\n    de: Ausbildung "),
        ("  email:\n", "  email: ausbildung@mein-betrieb.example\n"),
        ("joined:\n", "joined: 2026-11-01\n"),
        ("consent: false", "consent: true"),
        ("reviewed:\n", "reviewed: 2026-11-01\n"),
    ]:
        assert blank in filled, blank
        filled = filled.replace(blank, value, 1)
    path.write_text(filled, encoding="utf-8")
    code, out, err = run("validate", "--content", str(content), *TODAY)
    assert (code, out) == (0, ""), out + err


def test_new_refuses_to_overwrite(content: Path) -> None:
    code, _, err = run("new", "company", "baeckerei-test", "--content", str(content))
    assert code == 2
    assert "exists already" in err
    assert "Bäckerei Test" in (content / "companies" / "baeckerei-test.yaml").read_text(encoding="utf-8")


def test_new_refuses_a_bad_id_and_suggests_one(content: Path) -> None:
    code, _, err = run("new", "company", "Bäckerei Müller", "--content", str(content))
    assert code == 2
    assert '"baeckerei-mueller"' in err
    assert not (content / "companies" / "Bäckerei Müller.yaml").exists()


@pytest.mark.parametrize("record_id", ["konditorei\n", "..", "-", "konditorei\x00"])
def test_new_refuses_ids_that_only_nearly_match(content: Path, record_id: str) -> None:
    before = sorted(path.name for path in (content / "companies").iterdir())
    code, _, err = run("new", "company", record_id, "--content", str(content))
    assert code == 2 and "is not a valid id" in err
    assert sorted(path.name for path in (content / "companies").iterdir()) == before


# --- schemas ------------------------------------------------------------------------------------


def test_checked_in_schemas_match_the_models() -> None:
    for name in SCHEMA_MODELS:
        path = PROJECT_ROOT / "schemas" / f"{name}.schema.json"
        assert path.read_text(encoding="utf-8") == schema_text(name), (
            f"{path.name} is stale: run python build.py schemas"
        )


def test_schemas_command_writes_every_schema(tmp_path: Path) -> None:
    code, _, _ = run("schemas", "--out", str(tmp_path))
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.schema.json" for n in SCHEMA_MODELS)
    company = json.loads((tmp_path / "company.schema.json").read_text(encoding="utf-8"))
    assert company["properties"]["consent"]["type"] == "boolean"
    assert "name" in company["required"]
    assert company["additionalProperties"] is False


# --- help and documentation ---------------------------------------------------------------------


def _commands() -> dict[str, click.Command]:
    assert isinstance(main, click.Group)
    return dict(main.commands)


def test_every_command_has_help_with_an_example() -> None:
    for name, command in _commands().items():
        assert command.help, f"{name} has no help"
        assert "Example: python build.py " + name in command.help, f"{name} help lacks an example"
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert parameter.help, f"{name} {parameter.opts} has no help"


def test_readme_lists_exactly_the_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `python build\.py ([a-z-]+)", readme, flags=re.M))
    assert documented == set(_commands())


def test_file_names_that_are_not_utf8_are_printed_safely(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = os.fsdecode(b"b\xe4cker.yaml")  # Linux allows any bytes in a file name
    shutil.copyfile(content / "companies" / "baeckerei-test.yaml", content / "companies" / name)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run("validate", "--format", "github", "--content", str(content), *TODAY)
    assert code == 1 and "b\ufffdcker.yaml" in out
    assert "b\ufffdcker" in summary.read_text(encoding="utf-8")
    code, out, _ = run("validate", "--format", "json", "--content", str(content), *TODAY)
    assert json.loads(out)["problems"][0]["file"].endswith("b\ufffdcker.yaml")


def test_new_needs_an_existing_content_folder(tmp_path: Path) -> None:
    code, _, _ = run("new", "company", "x", "--content", str(tmp_path / "contnet"))
    assert code == 2
    assert not (tmp_path / "contnet").exists()


def test_new_never_writes_through_a_link_left_in_the_folder(content: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    for name in (".konditorei.yaml.writing", ".konditorei.yaml.importing"):  # the scratch names once used
        (content / "companies" / name).symlink_to(victim)
    code, _, _ = run("new", "company", "konditorei", "--content", str(content))
    assert code == 0
    assert victim.read_text() == "mine"
    written = content / "companies" / "konditorei.yaml"
    assert not written.is_symlink() and written.read_text(encoding="utf-8").startswith("# yaml-language-server")
