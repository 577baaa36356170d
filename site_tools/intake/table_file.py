"""Read a staff table (.csv or .xlsx) from outside, within limits, as rows of cell values.

The file comes from an office's spreadsheet program or from anyone who mails one in. Far
larger files are mistakes or attacks (a "zip bomb" .xlsx of 700 kB unpacks to gigabytes, an
entity declaration multiplies text a billion times), so sizes, rows and columns are limited
and checked before anything big is read, and every failure is one ConfigError line.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from pathlib import Path

import openpyxl

from site_tools.errors import ConfigError

Cell = object


# Limits for a table from outside: a city's campaign has hundreds of companies, a table of
# them is well under a megabyte. Far larger files are mistakes or attacks (a "zip bomb" .xlsx
# of 700 kB unpacks to gigabytes), and are refused before anything big is read.
MAX_TABLE_BYTES = 10_000_000
MAX_XLSX_PART_BYTES = 25_000_000  # one part of the .xlsx (a sheet, the shared strings), unpacked
MAX_XLSX_BYTES = 50_000_000  # all parts together, unpacked
MAX_XLSX_PARTS = 1_000
MAX_ROWS = 10_000  # with the heading row
MAX_COLUMNS = 100


def read_table(path: Path) -> list[list[Cell]]:
    """The rows of a .csv or .xlsx file (first sheet), as the cells' values; row 1 first."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ConfigError(f"{path}: cannot read {suffix or 'this'} files; save the table as .xlsx or .csv (UTF-8)")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    if size > MAX_TABLE_BYTES:
        raise ConfigError(
            f"{path} is {size:,} bytes; a table to import must be under {MAX_TABLE_BYTES:,} bytes (split it)"
        )
    rows = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    if len(rows) > MAX_ROWS:
        raise ConfigError(f"{path} has more than {MAX_ROWS:,} rows; import it in parts of fewer rows")
    return rows


def _read_csv(path: Path) -> list[list[Cell]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(
            f'{path} is not saved as UTF-8; in Excel save it as "CSV UTF-8 (durch Trennzeichen getrennt)"'
        ) from None
    delimiter = _sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Cells of text, typed as the cells of an .xlsx (Cell), which may be numbers and dates too.
        return [list[Cell](row[:MAX_COLUMNS]) for row in itertools.islice(reader, MAX_ROWS + 1)]
    except csv.Error as exc:
        raise ConfigError(f"cannot read {path} as a table: line {reader.line_num}: {exc}") from None


def _sniff_delimiter(heading_line: str) -> str:
    """German Excel separates with ";", others with ","; headings contain neither."""
    return ";" if heading_line.count(";") >= heading_line.count(",") else ","


def _read_xlsx(path: Path) -> list[list[Cell]]:
    _check_xlsx_parts(path)
    # openpyxl meets whatever the file holds; any failure of it is a file we cannot read, and
    # says so in one line (the file is not ours: nothing in it may end in a traceback).
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # Some programs write a wrong size into the file; read what is really there.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS, values_only=True)
            return [list(row) for row in itertools.islice(rows, MAX_ROWS + 1)]
        finally:
            workbook.close()
    except ConfigError:
        raise
    except Exception as exc:
        raise ConfigError(f"cannot read {path} as an Excel table (.xlsx): {_first_cause(exc)}") from None


def _first_cause(exc: BaseException) -> str:
    """The error at the bottom of a chain (openpyxl wraps what its XML parser said), on one line."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return " ".join(f"{type(exc).__name__}: {exc}".split())


def _check_xlsx_parts(path: Path) -> None:
    """Refuse an .xlsx whose parts unpack too large or declare XML entities, before openpyxl reads it.

    The sizes are those the archive declares; Python's zipfile never unpacks more than that.
    No Excel file has a DOCTYPE: one is there only for entities (XXE, "billion laughs").
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_XLSX_PARTS:
                raise ConfigError(f"{path} holds {len(parts):,} parts; an Excel table has a few dozen")
            total = 0
            for part in parts:
                total += part.file_size
                if part.file_size > MAX_XLSX_PART_BYTES or total > MAX_XLSX_BYTES:
                    raise ConfigError(
                        f"{path} unpacks to more than {MAX_XLSX_BYTES // 1_000_000} MB ({part.filename}:"
                        f" {part.file_size:,} bytes); a table to import is far smaller"
                    )
            for part in parts:  # every part: a sheet need not be named .xml
                if _declares_entities(archive, part):
                    raise ConfigError(
                        f"{path}: {part.filename} has a DOCTYPE or declares XML entities, which Excel never"
                        " writes; save the table anew from Excel or LibreOffice"
                    )
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
        raise ConfigError(f"cannot read {path} as an Excel table (.xlsx): {exc}") from None


def _declares_entities(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether a part holds "<!DOCTYPE" or "<!ENTITY", read in chunks.

    NUL bytes are dropped first, so UTF-16 and UTF-32 text (with or without a byte-order mark)
    is found too. This is the clear first answer; openpyxl parsing with defusedxml is the guard
    that holds for whatever this misses.
    """
    with archive.open(part) as stream:
        tail = b""
        while chunk := stream.read(1_000_000):
            text = tail + chunk.replace(b"\0", b"").upper()
            if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
                return True
            tail = text[-16:]
    return False
