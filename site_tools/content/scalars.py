"""Scalar types of the schema: each turns the text the loader read into a typed value.

The loader hands over every scalar as text. These types decide, field by field, what
the text may be and say in plain words what is expected when it is not. The messages
are written for a company employee filling in a file, not for a programmer.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_POSTCODE = re.compile(r"^[0-9]{5}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/-]*[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$", re.I)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATETIME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]([0-9]{2}:[0-9]{2})$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_WHOLE = re.compile(r"^-?[0-9]+$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
# "9:00", "9.00", "16 Uhr"-less near misses of HH:MM, for a suggestion.
_NEAR_TIME = re.compile(r"^([0-9]{1,2})[.:h]([0-5][0-9])$")
# What people write for yes and no, in German and English: YAML 1.1 typed some of these.
_BOOL_WORDS = {
    **dict.fromkeys(("yes", "y", "ja", "j", "on", "wahr", "x", "1"), "true"),
    **dict.fromkeys(("no", "n", "nein", "off", "falsch", "0"), "false"),
}


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _text_or_none(value: Any) -> str | None:
    """Return the value if it is text; other inputs are left to the type's own error."""
    return value if isinstance(value, str) else None


def _check_text(value: Any) -> Any:
    text = _text_or_none(value)
    if text is not None and not text.strip():
        raise _fail("empty", "must not be empty")
    return value


def _check_line(value: Any) -> Any:
    text = _text_or_none(value)
    if text is not None:
        _check_text(text)
        if "\n" in text.strip():
            raise _fail("line", "must be a single line")
        if "\t" in text:
            raise _fail("line", "must not contain a tab; use a space")
        return text.strip()
    return value


def _check_id(value: Any) -> Any:
    text = _text_or_none(value)
    if text is not None and not _ID.fullmatch(text):
        raise _fail("id", 'must be an id: lowercase letters a-z, digits and "-", e.g. "baeckerei-beispiel"')
    return value


def _check_language_code(value: Any) -> Any:
    text = _text_or_none(value)
    # Checked for every translation of every text: plain string tests beat a regex here.
    if text is not None and not (len(text) == 2 and text.isascii() and text.isalpha() and text.islower()):
        if len(text) == 2 and text.isascii() and text.isalpha():
            raise _fail("language", f'language codes are lowercase: write "{text.lower()}"')
        raise _fail("language", 'must be a two-letter language code (ISO 639-1), e.g. "de" or "ar"')
    return value


def _check_postcode(value: Any) -> Any:
    text = _text_or_none(value)
    if text is not None and not _POSTCODE.fullmatch(text):
        raise _fail("postcode", 'must be 5 digits, e.g. "44801"')
    return value


def _check_phone(value: Any) -> Any:
    text = _text_or_none(value)
    if text is None:
        return value
    digits = sum(char.isdigit() for char in text)
    if not _PHONE.fullmatch(text) or not (text.startswith(("+", "0"))) or not 6 <= digits <= 15:
        raise _fail(
            "phone",
            'must be a phone number with area code, e.g. "0234 123456" or "+49 234 123456"',
        )
    return value


def _check_email(value: Any) -> Any:
    text = _text_or_none(value)
    if text is not None and not _EMAIL.fullmatch(text):
        raise _fail("email", 'must be an e-mail address, e.g. "ausbildung@beispiel.de"')
    return value


def _check_url(value: Any) -> Any:
    text = _text_or_none(value)
    if text is None:
        return value
    parts = urlsplit(text)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or "." not in host or any(c.isspace() for c in text):
        raise _fail("url", 'must be a web address starting with https://, e.g. "https://www.beispiel.de/"')
    return value


def _parse_date(value: Any) -> Any:
    text = _text_or_none(value)
    if text is None:
        return value
    if not _DATE.fullmatch(text):
        raise _fail("date", 'must be a date written year-month-day, e.g. "2026-03-31"')
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail("date", f"{text} is not a day in the calendar") from None


def _parse_datetime(value: Any) -> Any:
    text = _text_or_none(value)
    if text is None:
        return value
    match = _DATETIME.fullmatch(text)
    try:
        if not match or not _TIME.fullmatch(match.group(2)):
            raise ValueError
        return dt.datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}")
    except ValueError:
        raise _fail("datetime", 'must be a date and time, e.g. "2026-03-31 17:30"') from None


def _parse_time(value: Any) -> Any:
    text = _text_or_none(value)
    if text is None:
        return value
    if not _TIME.fullmatch(text):
        near = _NEAR_TIME.fullmatch(text.strip())
        if near and int(near.group(1)) < 24 and int(near.group(2)) < 60:
            suggestion = f"{int(near.group(1)):02d}:{near.group(2)}"
            raise _fail("time", f'must be a time of day written HH:MM in quotes: "{suggestion}"')
        raise _fail("time", 'must be a time of day in 24-hour form HH:MM, e.g. "09:30"')
    return dt.time.fromisoformat(text)


def _parse_bool(value: Any) -> Any:
    text = _text_or_none(value)
    if text is None:
        return value
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    meant = _BOOL_WORDS.get(text.strip().lower())
    if meant is not None:
        raise _fail("bool", f'must be true or false; for "{text}" write {meant}')
    raise _fail("bool", "must be true or false")


def _parse_decimal(value: Any) -> Any:
    text = _text_or_none(value)
    if text is None:
        return value
    if not _DECIMAL.fullmatch(text) or not math.isfinite(float(text)):
        raise _fail("decimal", 'must be a decimal number with a point, e.g. "51.4818"')
    return float(text)


def _parse_whole(value: Any) -> Any:
    text = _text_or_none(value)
    if text is None:
        return value
    if not _WHOLE.fullmatch(text):
        raise _fail("whole", "must be a whole number")
    return int(text)


def _pattern_schema(pattern: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": pattern})


Text = Annotated[str, BeforeValidator(_check_text)]
"""Free text, possibly several lines (Markdown where the field says so)."""

Line = Annotated[str, BeforeValidator(_check_line)]
"""A single line of text, such as a name; surrounding spaces are dropped."""

Id = Annotated[str, BeforeValidator(_check_id), _pattern_schema(ID_PATTERN)]
Ref = Annotated[str, BeforeValidator(_check_line), _pattern_schema(ID_PATTERN)]
"""The id of a taxonomy term or record; validate.py checks it exists (and hints at typos)."""
LanguageCode = Annotated[str, BeforeValidator(_check_language_code), _pattern_schema(_LANGUAGE_CODE.pattern)]
Postcode = Annotated[str, BeforeValidator(_check_postcode), _pattern_schema(_POSTCODE.pattern)]
Phone = Annotated[str, BeforeValidator(_check_phone), _pattern_schema(_PHONE.pattern)]
Email = Annotated[str, BeforeValidator(_check_email), WithJsonSchema({"type": "string", "format": "email"})]
Url = Annotated[str, BeforeValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri"})]
Date = Annotated[dt.date, BeforeValidator(_parse_date)]
DateTime = Annotated[
    dt.datetime,
    BeforeValidator(_parse_datetime),
    WithJsonSchema({"type": "string", "pattern": _DATETIME.pattern}),
]
Time = Annotated[dt.time, BeforeValidator(_parse_time), _pattern_schema(_TIME.pattern)]
Bool = Annotated[bool, BeforeValidator(_parse_bool)]
Decimal = Annotated[float, BeforeValidator(_parse_decimal)]
Whole = Annotated[int, BeforeValidator(_parse_whole)]

Weekday = Literal["mo", "tu", "we", "th", "fr", "sa", "su"]
WEEKDAYS: tuple[Weekday, ...] = ("mo", "tu", "we", "th", "fr", "sa", "su")
# German abbreviations people will write; used for a "did you mean" hint.
GERMAN_WEEKDAYS = {"mo": "mo", "di": "tu", "mi": "we", "do": "th", "fr": "fr", "sa": "sa", "so": "su"}


def is_id(text: str) -> bool:
    """Tell whether `text` is a well-formed record or term id."""
    return bool(_ID.fullmatch(text))


def suggest_id(text: str) -> str:
    """Turn a name such as "Bäckerei Müller" into an id such as "baeckerei-mueller"."""
    lowered = text.lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lowered = lowered.replace(umlaut, spelled)
    return re.sub(r"[^a-z0-9]+", "-", lowered).strip("-") or "eintrag"
