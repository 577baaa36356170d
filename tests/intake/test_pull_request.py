"""The way an entry arrives: a pull request checked by the workflow, published from main.

A company's first pull request, with the usual mistakes, must come back as annotations on
exactly the lines at fault; the workflows must be valid for GitHub and run the checks we rely on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from fixture_paths import TESTS

from site_tools.cli import main
from site_tools.paths import EXAMPLE_CONTENT, PROJECT_ROOT

WORKFLOWS = PROJECT_ROOT / ".github" / "workflows"
PULL_REQUEST = TESTS / "fixtures" / "pull-request"


def workflow(name: str) -> dict[Any, Any]:
    # PyYAML reads the key `on` as True: look it up either way.
    document: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return document


def commands(document: dict[Any, Any], job: str) -> list[str]:
    return [step["run"] for step in document["jobs"][job]["steps"] if "run" in step]


def test_the_workflows_are_valid_github_actions_workflows() -> None:
    files = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    checked = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_pull_request_is_validated_with_annotations_built_link_checked_and_tested() -> None:
    document = workflow("pull-request.yml")
    assert "pull_request" in document[True]
    run = commands(document, "check")
    expected = [
        "build.py validate --format github",
        "build.py build --out public",
        "build.py check-links --out public",
        "bash .ci/run",
    ]
    positions = [next(i for i, command in enumerate(run) if wanted in command) for wanted in expected]
    assert positions == sorted(positions)  # in this order


def test_main_is_built_on_every_merge_and_every_night() -> None:
    document = workflow("publish.yml")
    triggers = document[True]
    assert triggers["push"]["branches"] == ["main"]
    assert len(triggers["schedule"]) == 1 and triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]
    assert any("build.py build" in command for command in commands(document, "build"))
    assert document["jobs"]["rebuild"]["needs"] == "build"


def test_a_broken_company_pull_request_gives_exactly_these_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content")
    for record in (PULL_REQUEST / "companies").glob("*.yaml"):
        shutil.copy(record, tmp_path / "content" / "companies" / record.name)
    monkeypatch.chdir(tmp_path)  # as in the workflow: paths relative to the repository
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = CliRunner().invoke(main, ["validate", "--format", "github", "--today", "2026-11-21"])
    assert result.exit_code == 1
    path = "content/companies/baeckerei-sonnenschein.yaml"
    assert [line for line in result.stdout.splitlines() if f"file={path}," in line] == [
        f"::warning file={path},line=7,col=1::description: not translated into en, tr, ar, uk",
        f'::error file={path},line=10,col=12::branches[0]: unknown branch "baeckerei" (see taxonomies/branches.yaml)',
        f'::error file={path},line=14,col=13::address.postcode: must be 5 digits, e.g. "44801"',
        f"::error file={path},line=28,col=14::open_door.hours[0].opens:"
        ' must be a time of day written HH:MM in quotes: "06:30"',
        f"::error file={path},line=41,col=10::consent:"
        " must be true: the company confirms that this entry may be published",
    ]
    # The example content itself has no errors: the four are the pull request's.
    assert result.stdout.count("::error ") == 4
    assert f"| ❌ | `{path}` | 14:13 | `address.postcode` |" in summary.read_text(encoding="utf-8")


def test_check_links_fails_on_a_broken_link_and_names_the_page(tmp_path: Path) -> None:
    site = tmp_path / "public"
    (site / "de" / "about").mkdir(parents=True)
    (site / "de" / "index.html").write_text('<a href="/de/about/">ok</a>\n<a href="/de/gone/">x</a>', encoding="utf-8")
    (site / "de" / "about" / "index.html").write_text('<img src="/assets/logo.svg">', encoding="utf-8")
    result = CliRunner().invoke(main, ["check-links", "--out", str(site)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "de/about/index.html:1: /assets/logo.svg does not exist",
        "de/index.html:2: /de/gone/ does not exist",
    ]
    (site / "de" / "about" / "index.html").write_text("<p>fixed</p>", encoding="utf-8")
    (site / "de" / "index.html").write_text('<a href="/de/about/">ok</a>', encoding="utf-8")
    assert CliRunner().invoke(main, ["check-links", "--out", str(site)]).exit_code == 0


def test_the_employers_page_links_the_guide_and_the_sign_up_form(built_site: Path) -> None:
    page = BeautifulSoup((built_site / "de" / "employers" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [str(a["href"]) for a in page.select(".joining a")]
    assert [urlsplit(link).path.rsplit("/", 1)[-1] for link in links] == ["CONTRIBUTING.md", "new"]
    assert (PROJECT_ROOT / "CONTRIBUTING.md").is_file()
    form = parse_qs(urlsplit(links[1]).query)["template"][0]
    assert (PROJECT_ROOT / ".github" / "ISSUE_TEMPLATE" / form).is_file()


def test_contributing_is_german_with_an_english_section_and_names_only_real_commands() -> None:
    guide = (PROJECT_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert guide.startswith("# Mitmachen") and "\n## English: joining as a company\n" in guide
    mentioned = set(re.findall(r"python build\.py ([a-z-]+)", guide))
    assert {"new", "validate", "serve", "import-issue", "import", "report"} <= mentioned
    assert mentioned <= set(main.commands)  # type: ignore[attr-defined]
