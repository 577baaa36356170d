"""Where the tests' own files are, for tests in any stage folder."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
