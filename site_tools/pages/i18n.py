"""Languages: UI strings from gettext catalogs, locale formatting, record text with fallback.

UI strings live in locale/LANG.po (msgids in English, every site language translated,
German included). They are read with Babel and turned into gettext translations in
memory, so no compiled .mo files are kept in the repository.

Record text is `LocalizedText`; `Localizer.text` picks the visitor's language or falls
back to German, and says so, so templates can mark the fallback with lang="de" and a note.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from site_tools.content.model import DEFAULT_LANGUAGE, LanguageTerm, LocalizedText
from site_tools.content.scalars import WEEKDAYS
from site_tools.errors import BuildError
from site_tools.paths import PROJECT_ROOT


def N_(message: str) -> str:
    """Mark a UI string for extraction; it is translated where it is shown."""
    return message


LOCALE_DIR = PROJECT_ROOT / "locale"
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur", "ku-arab"})
ARABIC_COMMA = frozenset({"ar", "fa", "ps", "ur", "ku-arab"})  # "،" (U+060C), as Babel's lists have


@dataclass(frozen=True)
class Text:
    """A piece of record text in one language; `fallback` when it stands in for a missing translation.

    `foreign` marks text that is in another language than the page on purpose: a company's
    or venue's name stays German on an Arabic page. Both are marked with lang and dir, so
    screen readers pronounce them and browsers hyphenate them as German; only a fallback
    earns the "not yet translated" note.
    """

    value: str
    language: str
    fallback: bool
    foreign: bool = False

    @property
    def dir(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    @property
    def marked(self) -> bool:
        """Whether the text needs its own lang and dir: it is not in the page's language."""
        return self.fallback or self.foreign


def load_translations(language: str, locale_dir: Path = LOCALE_DIR) -> Translations:
    """Read locale/LANG.po into a gettext translations object."""
    path = locale_dir / f"{language}.po"
    if not path.is_file():
        raise BuildError(f"no UI translations for {language!r}: {path} is missing")
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


class Localizer:
    """Everything language-specific a page needs: UI strings, formats, record text."""

    def __init__(self, language: str, languages: dict[str, LanguageTerm]) -> None:
        self.language = language
        self.translations = load_translations(language)
        self.locale = Locale.parse(language)
        self._languages = languages

    @property
    def dir(self) -> str:
        term = self._languages.get(self.language)
        return term.dir if term is not None else ("rtl" if self.language in RTL_LANGUAGES else "ltr")

    def gettext(self, message: str) -> str:
        return str(self.translations.gettext(message))

    def text(self, localized: LocalizedText) -> Text:
        """The text in this language, or the German text marked as fallback."""
        value, language = localized.get(self.language)
        return Text(value, language, fallback=language != self.language)

    def name(self, name: str) -> Text:
        """A proper name (company, venue, provider): German on every page, marked as such elsewhere."""
        return Text(name, DEFAULT_LANGUAGE, fallback=False, foreign=self.language != DEFAULT_LANGUAGE)

    def optional_text(self, localized: LocalizedText | None) -> Text | None:
        return None if localized is None else self.text(localized)

    def label(self, localized: LocalizedText) -> str:
        """A short label (taxonomy terms): the fallback is not marked, labels are complete."""
        return localized.get(self.language)[0]

    def date(self, day: dt.date) -> str:
        return _format_date(day, "long", self.language)

    def time(self, moment: dt.time) -> str:
        return _format_time(moment, self.language)

    def datetime(self, moment: dt.datetime) -> str:
        """Weekday, date and time, joined in this language's own order and words."""
        pattern = str(self.locale.datetime_formats["full"]).replace("'", "")
        day = _format_date(moment.date(), "full", self.language)
        return pattern.replace("{1}", day).replace("{0}", _format_time(moment.time(), self.language))

    @property
    def comma(self) -> str:
        """The comma between items of a short list whose items carry their own markup."""
        return "، " if self.language in ARABIC_COMMA else ", "

    def join(self, items: list[str]) -> str:
        """ "A, B and C" with this language's separators (Arabic uses its own comma)."""
        return str(format_list(items, locale=self.locale)) if items else ""

    @cached_property
    def weekday_names(self) -> dict[str, str]:
        """Weekday ids (mo…su) to their names in this language."""
        names = get_day_names("wide", locale=self.locale)
        return {day: str(names[index]) for index, day in enumerate(WEEKDAYS)}

    @cached_property
    def weekday_abbreviations(self) -> dict[str, str]:
        """Weekday ids (mo…su) to their short names in this language ("Mo.", "Pzt", "пн")."""
        names = get_day_names("abbreviated", locale=self.locale)
        return {day: str(names[index]) for index, day in enumerate(WEEKDAYS)}

    def language_name(self, code: str) -> str:
        """The name of language `code` in this page's language."""
        term = self._languages.get(code)
        if term is not None:
            return self.label(term.label)
        return str(Locale.parse(code).get_display_name(self.locale) or code)


# Babel is slow per call and a site repeats the same opening times thousands of times.
@functools.lru_cache(maxsize=65536)
def _format_date(day: dt.date, length: str, language: str) -> str:
    return str(format_date(day, length, locale=language))


@functools.lru_cache(maxsize=4096)
def _format_time(moment: dt.time, language: str) -> str:
    return str(format_time(moment, "short", locale=language))


def native_name(code: str, languages: dict[str, LanguageTerm]) -> str:
    """A language's name in itself, for the language switcher."""
    term = languages.get(code)
    return term.native if term is not None else code


__all__ = ["DEFAULT_LANGUAGE", "Localizer", "Text", "load_translations", "native_name"]
