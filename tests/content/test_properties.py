"""Property-based: nothing a contributor types crashes the loader or validator, and every
problem comes back with a file, a line and a column inside that file."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fixture_paths import TESTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_tools.content.strict_yaml import YamlError, parse_yaml
from site_tools.content.validate import load_and_validate

FIXTURE = TESTS / "fixtures" / "content"
TODAY = dt.date(2026, 11, 21)
RECORDS = {
    "companies": "baeckerei-test",
    "offers": "beratung-test",
    "venues": "treff-hamme",
}
# derandomize: CI sees the same examples every run; a failure is reproducible, not a coin toss.
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def content() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "content"
        shutil.copytree(FIXTURE, target)
        yield target


def assert_positioned(content: Path, written: Path, text: str) -> None:
    """Validate; every problem in the written file lies within its text, all others are positioned."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # as editors count lines
    result = load_and_validate(content, TODAY)
    for problem in result.problems:
        assert problem.file and problem.line >= 1 and problem.column >= 1, problem
        if Path(problem.file) == written:
            assert problem.line <= len(lines), problem
            assert problem.column <= len(lines[problem.line - 1]) + 1, problem


# --- arbitrary input --------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_loader(raw: bytes) -> None:
    try:
        data = parse_yaml(raw)
    except YamlError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.position.line >= 1 and problem.position.column >= 1
    else:
        assert isinstance(data, dict)


yaml_ish = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}#&*!|>'\"\n\r\t ,?%@`0123456789äöü\u200f\ufeff\u2028\x85")), max_size=200
)


@SETTINGS
@given(st.one_of(st.text(max_size=200), yaml_ish))
def test_arbitrary_text_as_a_record_never_crashes_validation(content: Path, text: str) -> None:
    path = content / "companies" / "zufall.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        assert_positioned(content, path, text)
    finally:
        path.unlink()


# --- mutated valid records ----------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["", "no", "yes", "01067", "10:30", "2026-02-30", "de", "javascript:x", "~", "null"]),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated_records(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    kind = draw(st.sampled_from(sorted(RECORDS)))
    data = yaml.safe_load((FIXTURE / kind / f"{RECORDS[kind]}.yaml").read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(data)))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["delete", "replace", "rename", "add"]))
        last = path[-1]
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(values)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = parent.pop(last)
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(values)
        if not data:
            break
    return kind, data


@SETTINGS
@given(mutated_records())
def test_mutated_records_never_crash_validation(content: Path, record: tuple[str, dict[str, Any]]) -> None:
    kind, data = record
    text = yaml.safe_dump(data, allow_unicode=True)
    path = content / kind / f"{RECORDS[kind]}.yaml"
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        assert_positioned(content, path, text)
    finally:
        path.write_bytes(original)
