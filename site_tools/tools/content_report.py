"""What in valid content needs staff's attention: stale entries, offers about to expire, gaps in translation.

Not to be confused with report.py, which prints validation *problems*. This module reads
content that has passed validation and lists work to do, as plain text for the terminal
or as Markdown for a CI job summary. The thresholds are validation's own: a record is
stale exactly when `validate` warns about it, and a text lacks a language exactly when
`validate` says it is "not translated into" it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from site_tools.content.checks.freshness import STALE_AFTER_MONTHS, months_before
from site_tools.content.checks.problems import format_loc
from site_tools.content.checks.translations import missing_translations
from site_tools.content.load import display_path
from site_tools.content.model import DEFAULT_LANGUAGE, RECORD_MODELS, Company, Offer, Venue
from site_tools.content.validate import Content

# An offer whose `expires` day is at most this many days away is listed as expiring soon.
EXPIRING_WITHIN_DAYS = 30

AnyRecord = Offer | Company | Venue


@dataclass(frozen=True)
class RecordRef:
    """Which record an entry is about: its folder (`offers`, …), file as printed, and German name."""

    kind: str
    file: str
    name: str


@dataclass(frozen=True)
class StaleRecord:
    record: RecordRef
    reviewed: dt.date
    ago: str


@dataclass(frozen=True)
class ExpiringOffer:
    record: RecordRef
    expires: dt.date
    # Days from today to `expires`: 0 is the last day it is shown, negative once it has ended.
    days_left: int


@dataclass(frozen=True)
class UntranslatedRecord:
    record: RecordRef
    fields: tuple[str, ...]


@dataclass
class ContentReport:
    """Everything the report lists, each list in the order it is shown."""

    today: dt.date
    records: int
    stale: list[StaleRecord]
    expiring: list[ExpiringOffer]
    expired: list[ExpiringOffer]
    # Site languages other than German, in site order: code -> the language's English name.
    languages: dict[str, str]
    # Per language of `languages`: the records with texts not in it.
    untranslated: dict[str, list[UntranslatedRecord]]

    def untranslated_counts(self, language: str) -> dict[str, int]:
        """Count the records lacking `language` per record folder (offers, companies, venues)."""
        counts = dict.fromkeys(RECORD_MODELS, 0)
        for entry in self.untranslated[language]:
            counts[entry.record.kind] += 1
        return counts


def gather_report(content: Content, today: dt.date) -> ContentReport:
    """List what in `content` needs attention as of `today`."""
    stale_before = months_before(today, STALE_AFTER_MONTHS)
    languages = {code: _language_name(content, code) for code in content.site.languages if code != DEFAULT_LANGUAGE}
    stale: list[StaleRecord] = []
    expiring: list[ExpiringOffer] = []
    expired: list[ExpiringOffer] = []
    untranslated: dict[str, list[UntranslatedRecord]] = {code: [] for code in languages}
    records = 0
    for ref, record in _records(content):
        records += 1
        if record.reviewed < stale_before:
            stale.append(StaleRecord(ref, record.reviewed, _time_since(record.reviewed, today)))
        if isinstance(record, Offer) and record.expires is not None:
            days_left = (record.expires - today).days
            if days_left < 0:
                expired.append(ExpiringOffer(ref, record.expires, days_left))
            elif days_left <= EXPIRING_WITHIN_DAYS:
                expiring.append(ExpiringOffer(ref, record.expires, days_left))
        for code, locs in missing_translations(record, list(languages)).items():
            untranslated[code].append(UntranslatedRecord(ref, tuple(format_loc(loc) for loc in locs)))
    stale.sort(key=lambda entry: (entry.reviewed, entry.record.file))
    expiring.sort(key=lambda entry: (entry.expires, entry.record.file))
    expired.sort(key=lambda entry: (entry.expires, entry.record.file))
    return ContentReport(today, records, stale, expiring, expired, languages, untranslated)


def _records(content: Content) -> Iterator[tuple[RecordRef, AnyRecord]]:
    folders: list[tuple[str, Mapping[str, AnyRecord]]] = [
        ("offers", content.offers),
        ("companies", content.companies),
        ("venues", content.venues),
    ]
    for kind, records in folders:
        shown_folder = display_path(content.root / kind)  # as validate.py prints it
        for record_id, record in sorted(records.items()):
            name = record.title.get(DEFAULT_LANGUAGE)[0] if isinstance(record, Offer) else record.name
            yield RecordRef(kind, f"{shown_folder}/{record_id}.yaml", name), record


def _language_name(content: Content, code: str) -> str:
    term = content.taxonomies.get("languages", {}).get(code)
    return term.label.get("en")[0] if term is not None else code


def _time_since(earlier: dt.date, later: dt.date) -> str:
    """ "12 months, 1 day": whole months counted the way the stale threshold counts them."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    while months > 0 and months_before(later, months) < earlier:
        months -= 1
    days = (months_before(later, months) - earlier).days
    parts = [_plural(months, "month")] if months else []
    if days or not months:
        parts.append(_plural(days, "day"))
    return ", ".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _days_left(days: int) -> str:
    return "last day today" if days == 0 else f"{_plural(days, 'day')} left"


# --- plain text ------------------------------------------------------------------------


def format_text(report: ContentReport) -> str:
    """The report for a terminal: one aligned line per entry under a title per list."""
    lines = [f"Content report as of {report.today.isoformat()}: {_plural(report.records, 'record')} checked", ""]

    lines.append(f"Not reviewed for more than {STALE_AFTER_MONTHS} months, oldest first: {_count(report.stale)}")
    lines += _aligned(
        [entry.record.file, entry.record.name, f"reviewed {entry.reviewed.isoformat()}", f"{entry.ago} ago"]
        for entry in report.stale
    )
    lines.append("")

    lines.append(f"Offers expiring in the next {EXPIRING_WITHIN_DAYS} days, soonest first: {_count(report.expiring)}")
    lines += _aligned(
        [entry.record.file, entry.record.name, f"expires {entry.expires.isoformat()}", _days_left(entry.days_left)]
        for entry in report.expiring
    )
    lines.append("")

    lines.append(f"Expired offers, no longer shown: {_count(report.expired)}")
    lines += _aligned(
        [
            entry.record.file,
            entry.record.name,
            f"expired {entry.expires.isoformat()}",
            f"{_plural(-entry.days_left, 'day')} ago",
        ]
        for entry in report.expired
    )
    lines.append("")

    lines.append("Missing translations: records with texts not in the language")
    if not report.languages:
        lines.append("  none: the site has no languages besides German")
    else:
        kinds = list(RECORD_MODELS)
        rows = [["language", *kinds, "all"]]
        for code, name in report.languages.items():
            counts = report.untranslated_counts(code)
            rows.append([f"{code} ({name})", *(str(counts[kind]) for kind in kinds), str(sum(counts.values()))])
        lines += _aligned(rows, right_from=1)
        for code, name in report.languages.items():
            entries = report.untranslated[code]
            if entries:
                lines += ["", f"Not translated into {code} ({name}): {_plural(len(entries), 'record')}"]
                lines += _aligned([entry.record.file, ", ".join(entry.fields)] for entry in entries)
    return "\n".join(lines)


def _count(entries: list[StaleRecord] | list[ExpiringOffer]) -> str:
    return str(len(entries)) if entries else "none"


def _aligned(rows: Iterable[list[str]], right_from: int | None = None) -> list[str]:
    """Indented lines with columns padded to line up; columns from `right_from` on right-aligned."""
    table = list(rows)
    if not table:
        return []
    widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
    lines = []
    for row in table:
        cells = [
            cell.rjust(width) if right_from is not None and column >= right_from else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


# --- Markdown --------------------------------------------------------------------------


def format_markdown(report: ContentReport) -> str:
    """The report as Markdown with headings and tables, e.g. for a GitHub job summary."""
    lines = [
        f"## Content report, {report.today.isoformat()}",
        "",
        f"{_plural(report.records, 'record')} checked.",
        "",
        f"### Not reviewed for more than {STALE_AFTER_MONTHS} months",
        "",
    ]
    lines += _table(
        ["file", "name", "reviewed", "how long ago"],
        [
            [_code(entry.record.file), _cell(entry.record.name), entry.reviewed.isoformat(), entry.ago]
            for entry in report.stale
        ],
        intro="Oldest first. Check each entry and update its `reviewed` date.",
    )
    lines += [f"### Offers expiring in the next {EXPIRING_WITHIN_DAYS} days", ""]
    lines += _table(
        ["file", "title", "expires", "days left"],
        [
            [_code(entry.record.file), _cell(entry.record.name), entry.expires.isoformat(), str(entry.days_left)]
            for entry in report.expiring
        ],
        intro="Soonest first; 0 days left means today is the last day the offer is shown.",
    )
    lines += ["### Expired offers, no longer shown", ""]
    lines += _table(
        ["file", "title", "expired", "days ago"],
        [
            [_code(entry.record.file), _cell(entry.record.name), entry.expires.isoformat(), str(-entry.days_left)]
            for entry in report.expired
        ],
        intro="Oldest first. They are left out of lists and search; renew or delete them.",
    )
    lines += ["### Missing translations", ""]
    if not report.languages:
        lines += ["The site has no languages besides German.", ""]
        return "\n".join(lines)
    kinds = list(RECORD_MODELS)
    count_rows = []
    for code, name in report.languages.items():
        counts = report.untranslated_counts(code)
        count_rows.append(
            [f"{code} ({_cell(name)})", *(str(counts[kind]) for kind in kinds), str(sum(counts.values()))]
        )
    lines += _table(
        ["language", *kinds, "all"], count_rows, intro="Records with texts not in the language, per record type."
    )
    for code, name in report.languages.items():
        lines += [f"#### Not translated into {code} ({_cell(name)})", ""]
        lines += _table(
            ["file", "fields"],
            [
                [_code(entry.record.file), ", ".join(_code(field) for field in entry.fields)]
                for entry in report.untranslated[code]
            ],
        )
    return "\n".join(lines)


def _table(header: list[str], rows: list[list[str]], intro: str = "") -> list[str]:
    """A Markdown table (or "None." without rows), then a blank line."""
    if not rows:
        return ["None.", ""]
    lines = [intro, ""] if intro else []
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


# Characters that would end a table cell or start Markdown formatting inside one.
_MARKDOWN_SPECIAL = "\\|*_`[]<>#~"


def _cell(text: str) -> str:
    """Text as it is, in a table cell: every Markdown special character escaped."""
    escaped = "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)
    return " ".join(escaped.splitlines())


def _code(text: str) -> str:
    """A file path or field name as code; in a table a "|" must be escaped even there."""
    if "`" in text:
        return _cell(text)
    return "`" + text.replace("|", "\\|") + "`"
