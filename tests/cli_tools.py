"""Run `python build.py …` in-process for the command-line tests."""

from __future__ import annotations

from click.testing import CliRunner

from site_tools.cli import main


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Run the command line with `args`; return (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr
