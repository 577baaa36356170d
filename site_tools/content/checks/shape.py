"""Shape: type each file through its model, and put pydantic's errors in plain words.

Each error is mapped back to the YAML node it is about. A record with shape errors is
still built from its valid top-level fields, so the other checks can look at those.
"""

from __future__ import annotations

import functools
import types
import unicodedata
from typing import Annotated, Any, TypeVar, Union, cast, get_args, get_origin

from pydantic import BaseModel, RootModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from site_tools.content.checks.context import Valid
from site_tools.content.checks.hints import did_you_mean
from site_tools.content.checks.problems import Loc, Problems
from site_tools.content.load import RawContent, RawRecord
from site_tools.content.located import LocatedDict
from site_tools.content.model import LocalizedText, Page, PageFrontMatter, Record, Term
from site_tools.content.scalars import GERMAN_WEEKDAYS, is_id

ModelT = TypeVar("ModelT", bound=BaseModel)
RecordT = TypeVar("RecordT", bound=Record)


def all_valid(*_names: str) -> bool:
    """The `valid` of a record without shape errors."""
    return True


def typed(model: type[ModelT], source: RawRecord, problems: Problems) -> ModelT | None:
    """The file's data as `model`, or None after reporting why it does not fit."""
    try:
        return model.model_validate(source.data)
    except ValidationError as error:
        _report_shape_errors(model, error, source, problems)
        return None


def typed_record(model: type[RecordT], source: RawRecord, problems: Problems) -> tuple[RecordT, Valid]:
    """The record and which of its fields are valid; shape problems are reported."""
    try:
        record = model.model_validate(source.data)
        valid: Valid = all_valid
    except ValidationError as error:
        failed = _report_shape_errors(model, error, source, problems)
        record = _partial(model, source.data, failed)
        valid = _fields_valid(frozenset(failed))
    record._id = source.id
    return record, valid


def typed_terms(term_model: type[Term], source: RawRecord, problems: Problems) -> dict[str, Term]:
    """The valid terms of a taxonomy file; each bad term is reported on its own."""
    terms: dict[str, Term] = {}
    for term_id, data in source.data.items():
        if not is_id(term_id):
            problems.add(
                source,
                (term_id,),
                'must be an id: lowercase letters a-z, digits and "-", e.g. "baeckerei-beispiel"',
                at_key=True,
            )
            continue
        try:
            terms[term_id] = term_model.model_validate(data)
        except ValidationError as error:
            _report_shape_errors(term_model, error, source, problems, prefix=(term_id,))
    return terms


def typed_pages(raw: RawContent, problems: Problems) -> dict[str, dict[str, Page]]:
    """The pages whose front matter is valid, by id and language."""
    pages: dict[str, dict[str, Page]] = {}
    for source in raw.pages:
        front = typed(PageFrontMatter, source, problems)
        if front is not None:
            page = Page(
                id=source.id, language=source.language, title=front.title, summary=front.summary, body=source.body
            )
            pages.setdefault(source.id, {})[source.language] = page
    return pages


def unwrap_annotation(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type inside."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


# --- partial records -------------------------------------------------------------------


def _report_shape_errors(
    model: type[BaseModel], error: ValidationError, source: RawRecord, problems: Problems, prefix: Loc = ()
) -> set[Any]:
    """Report every error of one validation in plain words; return the failed top-level fields."""
    failed = set()
    for detail in error.errors(include_url=False):
        loc, message, at_key = _translate(model, detail)
        problems.add(source, (*prefix, *loc), message, at_key=at_key)
        if detail["loc"]:
            failed.add(detail["loc"][0])
    return failed


def _fields_valid(failed: frozenset[Any]) -> Valid:
    def valid(*names: str) -> bool:
        return not any(name in failed for name in names)

    return valid


def _partial(model: type[RecordT], data: LocatedDict, failed: set[Any]) -> RecordT:
    """The record built from its valid top-level fields only (the others stay unset)."""
    values = {
        name: _field_adapter(model, name).validate_python(data[name])
        for name in model.model_fields
        if name in data and name not in failed
    }
    return cast(RecordT, model.model_construct(**values))


@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    # The FieldInfo as metadata carries the field's constraints (min_length, ge, …).
    return TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]


# --- pydantic's errors in plain words ----------------------------------------------------


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f'"{value}"'


def _translate(model: type[BaseModel], error: Any) -> tuple[Loc, str, bool]:
    """Put one pydantic error in plain words; say whether it is about the key."""
    loc: Loc = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}

    if loc and loc[-1] == "[key]":  # a dict key failed its type, e.g. a bad language code
        return loc[:-1], error["msg"], True
    if kind == "missing":
        return loc, "is required but missing", False
    if kind == "extra_forbidden":
        return loc, _unknown_field_message(str(loc[-1]), _field_names_at(model, loc[:-1])), True
    if kind == "literal_error":
        expected = ", ".join(part.strip(" '") for part in ctx.get("expected", "").replace(" or ", ", ").split(","))
        hint = ""
        if isinstance(value, str) and value.lower() in GERMAN_WEEKDAYS:
            hint = f'; did you mean "{GERMAN_WEEKDAYS[value.lower()]}"?'
        elif isinstance(value, str):
            hint = did_you_mean(value.lower(), expected.split(", "))
        return loc, f"{_describe(value)} is not allowed; must be one of: {expected}{hint}", False
    if value is None:
        return loc, _empty_message(model, loc), False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if _annotation_at(model, loc) is LocalizedText:
            return loc, 'must be text per language, e.g. "de: Text auf Deutsch" on an indented line below', False
        return loc, f"must be a group of fields (name: value), not {_describe(value)}", False
    if kind == "list_type":
        return loc, f'must be a list, e.g. "[first, second]", not {_describe(value)}', False
    if kind.endswith("_type") and isinstance(value, (list, dict)):
        what = "text" if kind == "string_type" else "a single value"
        return loc, f"must be {what}, not {_describe(value)}", False
    if kind == "too_short":
        return loc, "must list at least one entry", False
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        word = "at least" if kind == "greater_than_equal" else "at most"
        return loc, f"must be {word} {bound:g}", False
    message: str = error["msg"]
    return loc, message[:1].lower() + message[1:], False


def _empty_message(model: type[BaseModel], loc: Loc) -> str:
    """Say an empty value must be filled in, or may go if its field is optional."""
    for end in range(len(loc), 0, -1):
        info = _field_info_at(model, loc[:end])
        if info is not None:
            if not info.is_required():
                return f'is empty: fill it in, or delete "{loc[end - 1]}" if it does not apply'
            break
    return "must not be empty"


def _unknown_field_message(name: str, fields: list[str]) -> str:
    hidden = [char for char in name if unicodedata.category(char) in ("Zs", "Cf", "Cc") and char != " "]
    if hidden:
        code = f"U+{ord(hidden[0]):04X}"
        cleaned = "".join(" " if char in hidden else char for char in name).strip()
        return f"unknown field: it contains an invisible character ({code}); retype it" + did_you_mean(cleaned, fields)
    return "unknown field" + did_you_mean(name, fields)


def _annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    """The declared type of the value at `loc`, or None when the path leaves the model."""
    current: Any = model
    for part in loc:
        current = unwrap_annotation(current)
        if isinstance(current, type) and issubclass(current, RootModel):
            current = unwrap_annotation(current.model_fields["root"].annotation)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field_info = current.model_fields.get(str(part))
            if field_info is None:
                return None
            current = field_info.annotation
        elif get_origin(current) is list:
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    return unwrap_annotation(current)


def _field_info_at(model: type[BaseModel], loc: Loc) -> FieldInfo | None:
    """The model field `loc` names, if its last part is one."""
    parent = _annotation_at(model, loc[:-1])
    if isinstance(parent, type) and issubclass(parent, BaseModel) and not issubclass(parent, RootModel):
        return parent.model_fields.get(str(loc[-1]))
    return None


def _field_names_at(model: type[BaseModel], loc: Loc) -> list[str]:
    annotation = _annotation_at(model, loc)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []
