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
from dataclasses import dataclass
from pathlib import Path

from site_tools.content.load import display_path, load_content
from site_tools.content.scalars import is_id, suggest_id
from site_tools.errors import ConfigError, Problem, Severity
from site_tools.intake.company_text import check_companies, company_yaml
from site_tools.intake.issue_form import (
    FORM_FILE,
    FormField,
    FormProblem,
    missing_sections,
    parse_issue_body,
    read_form,
)
from site_tools.intake.issue_record import RecordBuilder, build_record
from site_tools.intake.scaffold import write_record_file

RECORD_FOLDER = "companies"
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


# --- the outcome ---------------------------------------------------------------------------


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


# --- the whole import ----------------------------------------------------------------------


def _form_fields_of(path: str) -> tuple[str, ...]:
    for prefix, field_ids in RECORD_FIELDS:
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return field_ids
    return ()


def _from_validation(problem: Problem, build: RecordBuilder) -> FormProblem | None:
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
        for field_id in missing_sections(body, fields)
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
