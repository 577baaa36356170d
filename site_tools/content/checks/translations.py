"""Translations: texts only in site languages (errors), and in all of them (a warning)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any, get_args

from pydantic import BaseModel, RootModel

from site_tools.content.checks.context import CheckContext, Valid
from site_tools.content.checks.hints import did_you_mean_language
from site_tools.content.checks.problems import Loc, format_loc
from site_tools.content.checks.shape import unwrap_annotation
from site_tools.content.load import RawRecord
from site_tools.content.model import DEFAULT_LANGUAGE, LocalizedText, Record


def check_record(context: CheckContext, source: RawRecord, record: Record, _valid: Valid) -> None:
    """Check the record's texts; fields that failed their shape are unset, so skipped."""
    check_texts(context, source, record)


def check_texts(context: CheckContext, source: RawRecord, model: BaseModel, prefix: Loc = ()) -> None:
    """Report texts in a language the site lacks; warn once about texts missing a site language."""
    if context.site is None:
        return
    site_languages = context.site.languages
    texts = list(_localized_fields(model, prefix))
    for loc, text in texts:
        for language in text.languages:
            # A site without German gets one error for that, on its language list.
            if language not in site_languages and language != DEFAULT_LANGUAGE:
                context.problems.add(
                    source,
                    (*loc, language),
                    f'"{language}" is not a site language ({", ".join(site_languages)})'
                    + did_you_mean_language(language, set(site_languages)),
                    at_key=True,
                )
    missing = _missing_in(texts, site_languages)
    if missing:
        incomplete: list[Loc] = []
        for locs in missing.values():
            incomplete.extend(loc for loc in locs if loc not in incomplete)
        others = ", ".join(format_loc(loc[len(prefix) :]) for loc in incomplete[1:])
        context.problems.warn(
            source,
            incomplete[0],
            f"not translated into {', '.join(missing)}" + (f"; neither are: {others}" if others else ""),
            at_key=True,
        )


def missing_translations(model: BaseModel, languages: Sequence[str]) -> dict[str, list[Loc]]:
    """Say which translatable texts of `model` lack each of `languages`.

    Keys are only the languages something is missing in, in the order first met; each
    list holds the key paths of the texts without that language, in field order.
    """
    return _missing_in(list(_localized_fields(model)), languages)


def _missing_in(texts: list[tuple[Loc, LocalizedText]], languages: Sequence[str]) -> dict[str, list[Loc]]:
    missing: dict[str, list[Loc]] = {}
    for loc, text in texts:
        for language in languages:
            if language not in text.languages:
                missing.setdefault(language, []).append(loc)
    return missing


def _localized_fields(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every translatable text inside a model, with its key path (unset fields are skipped)."""
    if isinstance(value, LocalizedText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in _fields_with_text(type(value)):
            yield from _localized_fields(getattr(value, name, None), (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _localized_fields(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _localized_fields(item, (*loc, key))


@functools.cache
def _fields_with_text(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` whose type can hold a LocalizedText: the only ones worth walking."""
    return tuple(name for name, info in model.model_fields.items() if _can_hold_text(info.annotation))


def _can_hold_text(annotation: Any) -> bool:
    annotation = unwrap_annotation(annotation)
    if annotation is LocalizedText:
        return True
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        return _can_hold_text(annotation.model_fields["root"].annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return bool(_fields_with_text(annotation))
    return any(_can_hold_text(arg) for arg in get_args(annotation))
