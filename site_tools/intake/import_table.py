"""Import companies from a staff spreadsheet (.xlsx or .csv) into content/companies/.

The first row of the table holds the German column headings listed in
`table_columns.COLUMNS`; every further row is one company. Each row becomes a YAML record
written like a hand-written one, and all of them are checked by validate.py together with
the content folder's site.yaml and taxonomies, before anything is written (gather
everything, then write): rows without errors are written, rows with errors are reported by
row number (as the spreadsheet shows it, the heading row is row 1) and German column name,
and not written.

Spreadsheets type their cells: a postcode 01067 arrives as the number 1067, a date as a
datetime, "ja" as text. Cells are therefore turned into text on purpose, column by
column (`table_columns._cell_text`), and written quoted where the strict loader must keep
them text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from site_tools.content.load import SITE_FILE, TAXONOMY_DIR, RawContent, display_path, load_content
from site_tools.errors import ConfigError, ContentError, Problem
from site_tools.intake.company_text import check_companies
from site_tools.intake.scaffold import write_record_file
from site_tools.intake.table_columns import RowProblem, columns_of, match_headings, problem_order, row_cells
from site_tools.intake.table_file import read_table
from site_tools.intake.table_record import Candidate, candidate_from_row

# Validator messages that read oddly for a table cell, reworded.
_REWORDED = {
    "is required but missing": "is empty; it must be filled in",
    "must be true: the company confirms that this entry may be published": (
        'must be "ja": the company must agree that its entry may be published'
    ),
}
# Imported texts are German only by design; `validate` still lists the missing translations.
_TRANSLATION_WARNING = "not translated into"


# --- outcome ---------------------------------------------------------------------------


RowStatus = Literal["written", "unchanged", "skipped", "failed"]


@dataclass
class RowOutcome:
    """What became of one row: written, unchanged, skipped (record exists) or failed."""

    row: int
    record_id: str
    status: RowStatus
    path: Path | None
    problems: list[RowProblem] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The lines that tell staff about this row."""
        shown = display_path(self.path) if self.path else ""
        said = {
            "written": f"row {self.row}: wrote {shown}",
            "unchanged": f"row {self.row}: {shown} is unchanged",
            "skipped": f"row {self.row}: skipped: {shown} exists, use --update to replace it",
            "failed": "",
        }[self.status]
        return ([said] if said else []) + [str(problem) for problem in self.problems]


@dataclass
class ImportResult:
    """The outcome of every non-empty row of the table, in table order."""

    rows: list[RowOutcome]

    @property
    def failed(self) -> bool:
        return any(outcome.status == "failed" for outcome in self.rows)

    def lines(self) -> list[str]:
        """Every row's outcome and problems, in table order."""
        return [line for outcome in self.rows for line in outcome.lines()]

    def summary(self) -> str:
        """ "2 written, 0 unchanged, 1 skipped, 3 with errors (not written)"."""
        counts = {status: sum(o.status == status for o in self.rows) for status in get_args(RowStatus)}
        return (
            f"{counts['written']} written, {counts['unchanged']} unchanged, {counts['skipped']} skipped,"
            f" {counts['failed']} with errors (not written)"
        )


# --- the import ----------------------------------------------------------------------------


def import_companies(table: Path, content_dir: Path, today: dt.date, *, update: bool = False) -> ImportResult:
    """Check every row of `table` as a company record; write the rows without errors to content_dir.

    A record that exists is replaced only with `update`, and only if it changes.
    """
    rows = read_table(table)
    if not rows:
        raise ConfigError(f"{table} is empty; row 1 holds the column headings, see python build.py import --columns")
    headings = rows[0]
    columns = match_headings(headings)
    raw = load_content(content_dir)
    folder = content_dir / "companies"

    # 1. Every non-empty row as a record text; ids checked against each other and the folder.
    candidates: list[Candidate] = []
    outcomes: dict[int, RowOutcome] = {}
    first_row_of: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        cells, problems = row_cells(number, values, columns, headings)
        if not any(cells.values()) and not problems:
            continue
        candidate = candidate_from_row(number, cells, problems, folder)
        record_id = candidate.record_id
        path = folder / f"{record_id}.yaml" if record_id else None
        if record_id in first_row_of:
            made = "" if cells.get("Kennung") else " made from the name"
            candidate.problems.append(
                RowProblem(
                    number,
                    ("Kennung",),
                    f'the id "{record_id}"{made} is already used in row {first_row_of[record_id]};'
                    " give this row its own Kennung",
                )
            )
        elif record_id:
            first_row_of[record_id] = number
            if not update and path is not None and (path.exists() or path.is_symlink()) and not candidate.problems:
                outcomes[number] = RowOutcome(number, record_id, "skipped", path)
                continue
        candidates.append(candidate)
        outcomes[number] = RowOutcome(number, record_id, "failed", path)

    # 2. Check them all with the project's own validation, beside site.yaml and the taxonomies.
    by_row = {candidate.row: candidate for candidate in candidates}
    for problem in _validate(candidates, raw, today):
        candidate = by_row[problem.row]
        if not (set(problem.columns) & candidate.unreadable):
            candidate.problems.append(problem)

    # 3. Write the rows without errors; a record that would not change is not touched.
    for candidate in candidates:
        outcome = outcomes[candidate.row]
        outcome.problems = sorted(candidate.problems, key=problem_order)
        if any(problem.is_error for problem in candidate.problems) or outcome.path is None:
            continue
        new = candidate.text.encode("utf-8")
        if outcome.path.is_file() and not outcome.path.is_symlink() and outcome.path.read_bytes() == new:
            outcome.status = "unchanged"
        else:
            write_record_file(outcome.path, new, replace=update)  # without --update, never over a file
            outcome.status = "written"
    return ImportResult([outcomes[number] for number in sorted(outcomes)])


def _validate(candidates: list[Candidate], raw: RawContent, today: dt.date) -> list[RowProblem]:
    """Validate the candidates as company records of the content folder `raw` was read from."""
    row_of = {f"row {candidate.row}": candidate.row for candidate in candidates}
    result = check_companies(
        raw,
        [(c.record_id or f"row-{c.row}", c.text, f"row {c.row}") for c in candidates],
        today,
    )

    site_file = display_path(raw.root / SITE_FILE)
    taxonomy_dir = display_path(raw.root / TAXONOMY_DIR)
    foundation = [
        problem
        for problem in result.errors
        if problem.file in (site_file, taxonomy_dir) or problem.file.startswith(taxonomy_dir + "/")
    ]
    if foundation:  # rows cannot be checked against a broken site.yaml or taxonomy
        raise ContentError(foundation)
    return [
        _row_problem(row_of[problem.file], problem)
        for problem in result.problems
        if problem.file in row_of and not problem.message.startswith(_TRANSLATION_WARNING)
    ]


def _row_problem(row: int, problem: Problem) -> RowProblem:
    """A validator problem about a record field, told as one about the row's column."""
    return RowProblem(row, columns_of(problem.path), _REWORDED.get(problem.message, problem.message), problem.severity)


__all__ = ["ImportResult", "RowOutcome", "import_companies"]
