"""Hostile staff tables: zip bombs, XML entities, endless rows, control characters.

Each ends in one line and exit code 1, within seconds and in little memory, with nothing
written; the memory is measured on a real `python build.py import` process.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from cli_tools import run

from site_tools.intake import table_file
from site_tools.intake.table_columns import COLUMNS
from site_tools.intake.table_file import MAX_ROWS, MAX_TABLE_BYTES
from site_tools.paths import EXAMPLE_CONTENT, PROJECT_ROOT

TODAY = ["--today", "2026-11-21"]
HEADINGS = [column.header for column in COLUMNS]
GOOD_ROW = [
    "",
    "Optik Klarsicht",
    "Wir schleifen Brillengläser.",
    "crafts",
    "Glasweg 1",
    "44787",
    "Bochum",
    "hamme",
    "51.4921",
    "7.1893",
    "",
    "",
    "nein",
    "Mo–Fr 09:00–12:00",
    "Frau Klar",
    "",
    "",
    "0234 123456",
    "",
    "",
    "de",
    "",
    "2026-11-01",
    "ja",
    "2026-11-01",
]
MEMORY_LIMIT_KB = 500_000


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, target)
    return target


def workbook_bytes(rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_parts(data: bytes, change: dict[str, bytes]) -> bytes:
    """The .xlsx `data` with some parts replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change.get(info.filename, source.read(info.filename)))
        for name in sorted(set(change) - set(source.namelist())):
            target.writestr(name, change[name])
    return buffer.getvalue()


SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml"'
    b' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def import_in_process(table: Path, content: Path) -> tuple[int, str, str]:
    return run("import", str(table), "--content", str(content), *TODAY)


def import_measured(table: Path, content: Path) -> tuple[int, str, int]:
    """Run the import as its own process; return exit code, stderr and its peak memory in kB."""
    measure = (
        "import resource, subprocess, sys;"
        " done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120);"
        " sys.stdout.write(str(done.returncode) + '\\n' + str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        " + '\\n' + done.stderr)"
    )
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "import", str(table), "--content", str(content), *TODAY]
    output = subprocess.run([sys.executable, "-c", measure, *command], capture_output=True, text=True, check=True)
    code, peak, stderr = output.stdout.split("\n", 2)
    return int(code), stderr, int(peak)


def assert_refused_in_one_line(code: int, err: str, *phrases: str) -> None:
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("nothing imported: "), err
    assert "Traceback" not in err
    for phrase in phrases:
        assert phrase in err, err


# --- zip bombs and sizes --------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_by_its_unpacked_size(content: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "betriebe.xlsx"
    base = zipfile.ZipFile(io.BytesIO(workbook_bytes([HEADINGS, GOOD_ROW])))
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in base.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with archive.open(info.filename, "w", force_zip64=True) as sheet:
                    sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/')
                    sheet.write(b'spreadsheetml/2006/main"><sheetData>')
                    for _ in range(400):  # 400 MB of one cell's text, about 400 kB packed
                        sheet.write(b"<row><c t='inlineStr'><is><t>" + b"A" * 1_000_000 + b"</t></is></c></row>")
                    sheet.write(b"</sheetData></worksheet>")
            else:
                archive.writestr(info.filename, base.read(info.filename))
    assert bomb.stat().st_size < 2_000_000
    code, err, peak = import_measured(bomb, content)
    assert_refused_in_one_line(code, err, "unpacks to more than 50 MB", "xl/worksheets/sheet1.xml")
    assert peak < MEMORY_LIMIT_KB


def test_a_zip_bomb_that_lies_about_its_size_is_cut_off(content: Path, tmp_path: Path) -> None:
    """Declared small, packed large: zipfile unpacks no more than declared, so the part is broken, not big."""
    real_size = 300_000_000
    sheet = b"<row><c t='inlineStr'><is><t>" + b"A" * 1000 + b"</t></is></c></row>"
    data = rewrite_parts(
        workbook_bytes([HEADINGS, GOOD_ROW]),
        {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData>" + sheet * (real_size // len(sheet))},
    )
    # Overwrite the unpacked size the central directory declares for the sheet.
    name = b"xl/worksheets/sheet1.xml"
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    patched = data[: entry + 24] + struct.pack("<I", 2000) + data[entry + 28 :]
    bomb = tmp_path / "betriebe.xlsx"
    bomb.write_bytes(patched)
    assert zipfile.ZipFile(bomb).getinfo(name.decode()).file_size == 2000
    code, err, peak = import_measured(bomb, content)
    assert_refused_in_one_line(code, err, "cannot read", "as an Excel table (.xlsx)")
    assert peak < MEMORY_LIMIT_KB


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(content: Path, tmp_path: Path) -> None:
    table = tmp_path / "betriebe.csv"
    with table.open("wb") as stream:
        stream.truncate(MAX_TABLE_BYTES + 1)
    code, _, err = import_in_process(table, content)
    assert_refused_in_one_line(code, err, f"is {MAX_TABLE_BYTES + 1:,} bytes", "must be under 10,000,000 bytes")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_more_rows_than_the_limit_are_refused(content: Path, tmp_path: Path, suffix: str) -> None:
    rows = [HEADINGS] + [[f"betrieb-{number}", *GOOD_ROW[1:]] for number in range(MAX_ROWS + 5)]
    table = tmp_path / f"betriebe{suffix}"
    if suffix == ".csv":
        table.write_text("\n".join(";".join(row) for row in rows), encoding="utf-8")
    else:
        table.write_bytes(workbook_bytes(rows))
    before = sorted(p.name for p in (content / "companies").iterdir())
    code, err, peak = import_measured(table, content)
    assert_refused_in_one_line(code, err, "has more than 10,000 rows; import it in parts")
    assert sorted(p.name for p in (content / "companies").iterdir()) == before
    assert peak < MEMORY_LIMIT_KB


# --- XML entities ---------------------------------------------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (level, (b"&lol%d;" % (level - 1) if level > 1 else b"&lol;") * 10)
        for level in range(1, 10)
    )
    + b"]>\n"
)
XXE = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'


@pytest.mark.parametrize("declaration", [LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "[Content_Types].xml"]
)
def test_xml_entities_anywhere_in_an_xlsx_end_in_one_line(
    content: Path, tmp_path: Path, declaration: bytes, part: str
) -> None:
    data = workbook_bytes([HEADINGS, GOOD_ROW])
    changes = {}
    if part == "xl/sharedStrings.xml":  # openpyxl writes none; a part Excel would write, listed where openpyxl looks
        body = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol;</t></si></sst>'
        types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
        changes["[Content_Types].xml"] = types.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
    else:
        body = zipfile.ZipFile(io.BytesIO(data)).read(part).split(b"?>", 1)[-1].lstrip()
    changes[part] = declaration + body
    table = tmp_path / "betriebe.xlsx"
    table.write_bytes(rewrite_parts(data, changes))
    code, err, peak = import_measured(table, content)
    assert_refused_in_one_line(code, err, f"{part} has a DOCTYPE or declares XML entities")
    assert peak < MEMORY_LIMIT_KB
    assert "root:" not in err


def test_openpyxl_itself_refuses_entities_too(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second line of defence holds on its own: openpyxl parses with defusedxml."""
    monkeypatch.setattr(table_file, "_check_xlsx_parts", lambda path: None)
    data = workbook_bytes([HEADINGS, GOOD_ROW])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").split(b"?>", 1)[-1]
    table = tmp_path / "betriebe.xlsx"
    table.write_bytes(rewrite_parts(data, {"xl/worksheets/sheet1.xml": LAUGHS + sheet.lstrip()}))
    code, _, err = import_in_process(table, content)
    assert_refused_in_one_line(code, err, "cannot read", "EntitiesForbidden")


@pytest.mark.parametrize("garbage", [b"PK\x03\x04 not really a zip", b"", b"<html>not a table</html>"])
def test_a_broken_xlsx_ends_in_one_line(content: Path, tmp_path: Path, garbage: bytes) -> None:
    table = tmp_path / "betriebe.xlsx"
    table.write_bytes(garbage)
    code, _, err = import_in_process(table, content)
    assert_refused_in_one_line(code, err, "cannot read", "as an Excel table (.xlsx)")


# --- what a cell may hold -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [("\0", "U+0000"), ("\x1b[31m", "U+001B"), ("\x07", "U+0007"), ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)")],
)
def test_control_characters_in_a_cell_are_refused_with_row_and_column(
    content: Path, tmp_path: Path, written: str, shown: str
) -> None:
    row = list(GOOD_ROW)
    row[1] = f"Optik {written}Klarsicht"
    table = tmp_path / "betriebe.csv"
    table.write_text(";".join(HEADINGS) + "\n" + ";".join(row) + "\n", encoding="utf-8")
    code, out, _ = import_in_process(table, content)
    assert code == 1
    assert any(line.startswith('row 2, column "Name": error: ') and shown in line for line in out.splitlines()), out
    assert list((content / "companies").glob("optik-*klarsicht*")) == []


def test_an_id_with_a_line_break_inside_is_refused(content: Path, tmp_path: Path) -> None:
    table = tmp_path / "betriebe.xlsx"
    table.write_bytes(workbook_bytes([HEADINGS, ["optik\nklarsicht", *GOOD_ROW[1:]]]))
    code, out, _ = import_in_process(table, content)
    assert code == 1
    assert out.startswith('row 2, column "Kennung": error: "optik\nklarsicht" is not a valid id')
    assert list((content / "companies").glob("optik-*klarsicht*")) == []


@pytest.mark.parametrize(
    ("part", "encode"),
    [
        ("xl/worksheets/sheet1.xml", lambda text: text.decode().encode("utf-16-le")),  # no byte-order mark
        ("xl/worksheets/sheet1.xml", lambda text: text.decode().encode("utf-32")),
        ("xl/worksheets/sheet9.txt", lambda text: text),  # a part need not be named .xml
    ],
)
def test_entities_are_found_in_any_encoding_and_any_part(
    content: Path, tmp_path: Path, part: str, encode: Callable[[bytes], bytes]
) -> None:
    table = tmp_path / "betriebe.xlsx"
    table.write_bytes(rewrite_parts(workbook_bytes([HEADINGS, GOOD_ROW]), {part: encode(LAUGHS + b"<worksheet/>")}))
    code, _, err = import_in_process(table, content)
    assert_refused_in_one_line(code, err, f"{part} has a DOCTYPE or declares XML entities")
