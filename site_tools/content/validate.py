"""Validate loaded content and collect every problem, each at its file, line and column.

Two passes, both over every file before anything is reported:
1. shape (checks/shape.py): each file through its model (model.py); pydantic's errors
   are put in plain words and mapped back to the YAML node they are about;
2. meaning (the other modules in checks/, one per concern): references between files,
   places inside the map, opening hours, dates in order, consent and contact,
   languages, and warnings about stale or untranslated entries.

A record with shape errors still gets the second pass on the fields that are valid, so
a contributor sees every problem of a file in one run, not one round at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from site_tools.content.checks import completeness, dates, freshness, hours, places, references, translations
from site_tools.content.checks.context import CheckContext, RecordCheck, Valid
from site_tools.content.checks.problems import Problems
from site_tools.content.checks.shape import all_valid, typed, typed_pages, typed_record, typed_terms
from site_tools.content.checks.site import check_pages, check_site, check_taxonomy
from site_tools.content.load import RawContent, RawRecord, RecordFile, load_content, read_record
from site_tools.content.model import RECORD_MODELS, TAXONOMIES, Company, Offer, Page, Record, SiteConfig, Term, Venue
from site_tools.errors import Problem
from site_tools.parallel import map_chunks, worker_count

# What is checked in a record once it is typed: each concern in turn, in this order.
RECORD_CHECKS: dict[str, tuple[RecordCheck, ...]] = {
    "offers": (
        references.check_offer,
        places.check_offer,
        dates.check_offer,
        completeness.check_offer,
        translations.check_record,
        freshness.check_offer,
    ),
    "companies": (
        references.check_company,
        places.check_company,
        hours.check_company,
        completeness.check_company,
        translations.check_record,
        freshness.check_company,
    ),
    "venues": (
        references.check_venue,
        places.check_venue,
        hours.check_venue,
        completeness.check_venue,
        translations.check_record,
        freshness.check_venue,
    ),
}


@dataclass
class Content:
    """Valid, typed content: what every later stage (pages, search, map) reads."""

    root: Path
    site: SiteConfig
    taxonomies: dict[str, dict[str, Term]]
    offers: dict[str, Offer]
    companies: dict[str, Company]
    venues: dict[str, Venue]
    pages: dict[str, dict[str, Page]]


@dataclass
class ValidationResult:
    """Problems found in a content folder and, if there were no errors, its typed content."""

    content: Content | None
    problems: list[Problem]
    files_checked: int
    records_checked: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def failed(self, strict: bool = False) -> bool:
        """Tell whether this result must stop a build (with `strict`, warnings too)."""
        return bool(self.errors) or (strict and bool(self.problems))


def load_and_validate(
    root: Path, today: dt.date, *, keep_content: bool = True, workers: int | None = None
) -> ValidationResult:
    """Read and check the content folder `root` as of `today`.

    Without `keep_content` only the problems are wanted (the `validate` command), which
    spares sending every typed record back from the worker processes.
    """
    return validate_content(load_content(root), today, keep_content=keep_content, workers=workers)


def validate_content(
    raw: RawContent, today: dt.date, *, keep_content: bool = True, workers: int | None = None
) -> ValidationResult:
    """Check everything that was loaded; never stop at the first problem."""
    problems = Problems(list(raw.problems))

    # The shape of the site, taxonomies and pages: what the record checks look things up in.
    site = typed(SiteConfig, raw.site, problems) if raw.site else None
    taxonomies = {name: typed_terms(TAXONOMIES[name], source, problems) for name, source in raw.taxonomies.items()}
    term_ids = {name: set(source.data) for name, source in raw.taxonomies.items()}
    pages = typed_pages(raw, problems)
    # Listed, not read: an offer naming a venue whose file is broken gets no second error.
    venue_ids = {record_file.id for record_file in raw.record_files.get("venues", [])}
    context = CheckContext(problems, site, taxonomies, term_ids, venue_ids, today, raw.root)

    # Their meaning.
    if site is not None and raw.site is not None:
        check_site(context, raw.site, site)
    for name, terms in taxonomies.items():
        check_taxonomy(context, raw.taxonomies[name], terms)
    check_pages(context, raw, pages)

    # The records: each read, typed and checked, in one process or several.
    files = [record_file for kind in RECORD_MODELS for record_file in raw.record_files.get(kind, [])]
    batch = _check_record_files(context, files, keep_content, workers)
    problems.items.extend(batch.problems)

    sorted_problems = sorted(problems.items)
    content = None
    if keep_content and site is not None and not any(p.is_error for p in sorted_problems):
        by_kind: dict[str, dict[str, Any]] = {kind: {} for kind in RECORD_MODELS}
        for kind, record_id, record in sorted(batch.records, key=lambda item: (item[0], item[1])):
            by_kind[kind][record_id] = record
        content = Content(raw.root, site, taxonomies, by_kind["offers"], by_kind["companies"], by_kind["venues"], pages)
    return ValidationResult(content, sorted_problems, raw.files_read + batch.files_read, len(files))


# --- records, in one process or several ----------------------------------------------

# Below this many records, starting processes costs more than it saves.
PARALLEL_FROM = 1000


@dataclass
class _Batch:
    """What checking some record files gave: problems, and the records that are valid."""

    problems: list[Problem]
    records: list[tuple[str, str, Record]]
    files_read: int


def _check_records(job: tuple[CheckContext, bool], files: list[RecordFile]) -> _Batch:
    """Read, type and check each record file; collect its problems (and valid records if kept)."""
    shared_context, keep_records = job
    collector = Problems([])
    context = replace(shared_context, problems=collector)
    records: list[tuple[str, str, Record]] = []
    for record_file in files:
        source, read_problems = read_record(record_file)
        collector.items.extend(read_problems)
        if source is None:
            continue
        record, valid = _check_record(context, record_file.kind, source)
        if keep_records and valid is all_valid:
            records.append((record_file.kind, record_file.id, record))
    return _Batch(collector.items, records, len(files))


def _check_record(context: CheckContext, kind: str, source: RawRecord) -> tuple[Record, Valid]:
    """Type one record file's data, then run each concern's check on it (RECORD_CHECKS)."""
    record, valid = typed_record(RECORD_MODELS[kind], source, context.problems)
    for check in RECORD_CHECKS[kind]:
        check(context, source, record, valid)
    return record, valid


def _check_record_files(
    context: CheckContext, files: list[RecordFile], keep_records: bool, workers: int | None
) -> _Batch:
    workers = worker_count(len(files), PARALLEL_FROM) if workers is None else workers
    batches = map_chunks(_check_records, (context, keep_records), files, workers, chunks_per_worker=4)
    return _Batch(
        [problem for batch in batches for problem in batch.problems],
        [record for batch in batches for record in batch.records],
        sum(batch.files_read for batch in batches),
    )
