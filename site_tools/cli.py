"""The command line: thin click commands over the pipeline stages.

Only this module prints or chooses exit codes: 0 all good, 1 the content has errors
(or warnings with --strict), 2 the command was used wrongly.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import click
from click.decorators import FC

from site_tools.content import problem_formats
from site_tools.content.schema import write_schemas
from site_tools.content.validate import load_and_validate
from site_tools.errors import BuildError, ConfigError, ContentError
from site_tools.intake.import_issue import import_issue, read_issue_text
from site_tools.intake.import_table import import_companies
from site_tools.intake.scaffold import RECORD_KINDS, new_record
from site_tools.intake.table_columns import format_columns
from site_tools.paths import SCHEMA_DIR
from site_tools.pipeline import build_site
from site_tools.tools import content_report
from site_tools.tools.check_links import broken_links
from site_tools.tools.netlify import HostRules, read_host_rules
from site_tools.tools.serve import claim_port, serve_site

content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="Content folder to read.",
)


def today_option(help_text: str) -> Callable[[FC], FC]:
    """--today YYYY-MM-DD: check or build as of another day (tests, previews of expiry)."""
    return click.option("--today", callback=_parse_day, metavar="YYYY-MM-DD", help=help_text)


def _parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("must be a date like 2026-03-31") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build the offer directory and "Offene Tür" campaign site from content/."""


@main.command()
@content_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: file:line:column lines; github: workflow annotations and a job summary; json: one document.",
)
@today_option("Check freshness and expiry as of this day instead of today.")
def validate(content_dir: Path, strict: bool, output_format: str, today: dt.date) -> None:
    """Check every record and list every problem with file, line and column.

    Exits 0 when there are no errors, 1 when there are (with --strict, also on warnings).

    Example: python build.py validate --strict --format github
    """
    try:
        result = load_and_validate(content_dir, today, keep_content=False)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    problems = result.problems
    if output_format == "json":
        click.echo(problem_formats.format_json(problems, result.records_checked))
    elif output_format == "github":
        if problems:
            click.echo(problem_formats.format_github(problems))
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as summary:
                summary.write(problem_formats.summary_markdown(problems, result.records_checked))
        click.echo(problem_formats.count_line(problems, result.records_checked), err=True)
    else:
        if problems:
            click.echo(problem_formats.format_text(problems))
        click.echo(problem_formats.count_line(problems, result.records_checked), err=True)
    if result.failed(strict):
        raise SystemExit(1)


@main.command("report")
@content_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="text: for the terminal; markdown: headings and tables, also added to $GITHUB_STEP_SUMMARY if set.",
)
@today_option("Report as of this day (what is stale, expiring, expired) instead of today.")
def report_command(content_dir: Path, output_format: str, today: dt.date) -> None:
    """List what needs attention: stale records, offers expiring or expired, missing translations.

    Exits 0 whatever it lists; 1 if the content has errors (fix them first, see validate).

    Example: python build.py report --format markdown
    """
    try:
        result = load_and_validate(content_dir, today)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    if result.errors or result.content is None:
        click.echo(problem_formats.format_text(result.errors))
        click.echo(f"report stopped: {problem_formats.count_problems(result.problems)}; fix the errors first", err=True)
        raise SystemExit(1)
    gathered = content_report.gather_report(result.content, today)
    if output_format == "markdown":
        text = content_report.format_markdown(gathered)
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as summary:
                summary.write(text + "\n")
    else:
        text = content_report.format_text(gathered)
    click.echo(text)


@main.command()
@click.argument("kind", type=click.Choice(RECORD_KINDS))
@click.argument("record_id", metavar="ID")
@click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=Path("content"),
    show_default=True,
    help="Content folder to write into (must exist).",
)
def new(kind: str, record_id: str, content_dir: Path) -> None:
    """Write a commented template record to fill in, e.g. content/companies/ID.yaml.

    ID becomes the file name and the address of the page: lowercase letters a-z,
    digits and "-".

    Example: python build.py new company baeckerei-beispiel
    """
    try:
        path = new_record(kind, record_id, content_dir)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    except BuildError as exc:
        click.echo(f"nothing written: {exc}", err=True)
        raise SystemExit(1) from None
    click.echo(f"wrote {path}; fill it in, then run: python build.py validate")


@main.command("import")
@click.argument("table", type=click.Path(path_type=Path, dir_okay=False, exists=True), required=False)
@content_option
@click.option("--update", is_flag=True, help="Replace records that exist already; without it their rows are skipped.")
@click.option("--columns", "show_columns", is_flag=True, help="Print the columns the table may have, then stop.")
@today_option("Check dates (joined, reviewed) as of this day instead of today.")
def import_table(table: Path | None, content_dir: Path, update: bool, show_columns: bool, today: dt.date) -> None:
    """Import companies from a staff table (.xlsx or .csv) into companies/ID.yaml.

    Row 1 holds the German column headings (see --columns); every further row is one
    company. Rows are checked like validate checks records: rows with errors are listed
    by row and column and not written, the others are. Exits 1 if any row has errors.

    Example: python build.py import companies.xlsx
    """
    if show_columns:
        click.echo(format_columns())
        return
    if table is None:
        raise click.UsageError("name the table to import, e.g. python build.py import companies.xlsx")
    try:
        result = import_companies(table, content_dir, today, update=update)
    except ConfigError as exc:  # the table itself: unreadable, too large, wrong headings
        click.echo(f"nothing imported: {exc}", err=True)
        raise SystemExit(1) from None
    except BuildError as exc:  # a full disk, a folder without write permission
        click.echo(
            f"import stopped: {exc}; rows before it were written, run the import again when it can write"
            " (rows already written are then skipped)",
            err=True,
        )
        raise SystemExit(1) from None
    except ContentError as exc:
        click.echo(problem_formats.format_text(exc.problems))
        click.echo("nothing imported: fix site.yaml and the taxonomies first (python build.py validate)", err=True)
        raise SystemExit(1) from None
    for line in result.lines():
        click.echo(line)
    click.echo(result.summary(), err=True)
    if result.failed:
        raise SystemExit(1)


@main.command("import-issue")
@click.argument("issue_file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("--id", "record_id", metavar="ID", help="Id (file name) of the new record; default: made from the name.")
@content_option
@click.option("--lat", metavar="DEGREES", help="Latitude of the entrance, e.g. 51.4818, if the issue has none.")
@click.option("--lon", metavar="DEGREES", help="Longitude of the entrance, e.g. 7.2162 (give it with --lat).")
@today_option("Date for joined and reviewed instead of today.")
def import_issue_command(
    issue_file: Path, record_id: str | None, content_dir: Path, lat: str | None, lon: str | None, today: dt.date
) -> None:
    """Turn a "Betrieb anmelden" issue into companies/ID.yaml; written only if it is valid.

    FILE is the issue text as GitHub shows it ("-" reads standard input), e.g. from
    gh issue view 42 --json body -q .body > issue.md. Every problem is listed with the form
    field it comes from; with errors nothing is written and the exit code is 1. An existing
    record is never overwritten.

    Example: python build.py import-issue issue.md --id baeckerei-beispiel
    """
    try:
        result = import_issue(read_issue_text(issue_file), content_dir, today, record_id=record_id, lat=lat, lon=lon)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    except BuildError as exc:
        click.echo(f"nothing written: {exc}", err=True)
        raise SystemExit(1) from None
    for problem in result.problems:
        click.echo(str(problem))
    click.echo(result.summary(), err=True)
    if not result.written:
        raise SystemExit(1)


@main.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=SCHEMA_DIR,
    show_default="schemas/",
    help="Folder to write the JSON Schema files into.",
)
def schemas(out: Path) -> None:
    """Write the JSON Schema of each record type, for editor completion and checks.

    Run after changing site_tools/content/model.py; a test fails while schemas/ is stale.

    Example: python build.py schemas
    """
    for path in write_schemas(out):
        click.echo(f"wrote {path}")


out_option = click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("public"),
    show_default=True,
    help="Folder the site is written to; replaced only when the build succeeds.",
)


no_search_option = click.option(
    "--no-search", is_flag=True, help="Skip the search index: a quicker build for local previews."
)


def _build_or_exit(content_dir: Path, out: Path, today: dt.date, strict: bool, search: bool) -> None:
    """Build, printing the outcome; exit 1 with every problem listed if the content has errors."""
    try:
        built = build_site(content_dir, out, today, strict=strict, search=search)
    except ContentError as exc:
        click.echo(problem_formats.format_text(exc.problems))
        click.echo(f"build stopped: {problem_formats.count_problems(exc.problems)}; {out} was not changed", err=True)
        raise SystemExit(1) from None
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    except BuildError as exc:
        click.echo(f"build failed: {exc}; {out} was not changed", err=True)
        raise SystemExit(1) from None
    except OSError as exc:  # the stages name their paths; this is the last net for one that did not
        click.echo(f"build failed: {exc.filename or out}: {exc.strerror or exc}; {out} was not changed", err=True)
        raise SystemExit(1) from None
    warnings = [problem for problem in built.problems if not problem.is_error]
    if warnings:
        click.echo(problem_formats.format_text(warnings))
    click.echo(
        f"built {built.pages:,} pages into {out} in {built.seconds:.1f} s"
        f" ({built.pages / built.seconds:,.0f} pages/s); {len(warnings)} warnings",
        err=True,
    )
    if built.search:
        click.echo(
            f"search index: {built.search.pages:,} pages in {built.search.languages} languages"
            f" in {built.search.seconds:.1f} s",
            err=True,
        )
    else:
        click.echo("search index skipped (--no-search): the search page will say search is unavailable", err=True)


@main.command()
@content_option
@out_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@today_option("Build as of this day (which offers have expired) instead of today.")
@no_search_option
def build(content_dir: Path, out: Path, strict: bool, today: dt.date, no_search: bool) -> None:
    """Check the content, then write the whole site in every language and index it for search.

    The site is written to a new folder that replaces --out only when every page was
    written and indexed; a failed or interrupted build leaves the previous site as it was.

    Example: python build.py build --out public
    """
    _build_or_exit(content_dir, out, today, strict, search=not no_search)


@main.command("check-links")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=Path("public"),
    show_default=True,
    help="The built site to check.",
)
def check_links(out: Path) -> None:
    """Check that every address a page links to on this site exists in the built site.

    Exits 1 and lists each broken link with its page and line.

    Example: python build.py check-links --out public
    """
    broken = broken_links(out)
    for link in broken:
        click.echo(str(link))
    pages = sum(1 for _ in out.rglob("*.html"))
    click.echo(f"{len(broken)} broken links in {pages:,} pages of {out}", err=True)
    if broken:
        raise SystemExit(1)


@main.command()
@content_option
@out_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (localhost) to serve on.")
@no_search_option
@click.option(
    "--headers",
    "host_headers",
    is_flag=True,
    help="Send netlify.toml's headers (Content-Security-Policy, caching) and follow its redirects, as the host will.",
)
def serve(content_dir: Path, out: Path, port: int, no_search: bool, host_headers: bool) -> None:
    """Build the site, serve it on http://localhost:8000 and rebuild when files change.

    Watches the content folder and templates/; a build with errors keeps serving the
    last good site and prints the problems.

    Example: python build.py serve --headers
    """
    try:
        if host_headers:
            read_host_rules()  # a broken netlify.toml stops us before anything is built

        def rules() -> HostRules:
            return read_host_rules(out)

        # The port first: a preview already running there keeps its site.
        server = claim_port(out, port, rules if host_headers else None)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    today = dt.date.today()
    try:
        _build_or_exit(content_dir, out, today, strict=False, search=not no_search)
    except BaseException:
        server.server_close()
        raise

    def rebuild() -> None:
        try:
            _build_or_exit(content_dir, out, dt.date.today(), strict=False, search=not no_search)
        except click.ClickException as exc:  # the content folder went away, say: keep watching
            click.echo(f"build failed: {exc.format_message()}", err=True)
            click.echo("serving the last good build", err=True)
        except SystemExit:
            click.echo("serving the last good build", err=True)

    click.echo(f"serving {out} on http://localhost:{port}/ (Ctrl+C stops)", err=True)
    serve_site(server, watch=[content_dir, Path("templates")], rebuild=rebuild)
