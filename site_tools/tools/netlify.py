"""netlify.toml read back: the headers and redirects the host applies to the built site.

`python build.py serve --headers` and the tests use these rules, so the Content-Security-Policy,
the cache lifetimes, the language redirect of "/" and the 404 pages can be checked on this
machine before Netlify ever sees them. Only what our netlify.toml uses is understood: header
rules by path pattern, and redirects with a `/*` splat, `force` and a `Language` condition.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from site_tools.errors import ConfigError
from site_tools.outputs.host_headers import HEADERS_FILE
from site_tools.paths import PROJECT_ROOT

NETLIFY_TOML = PROJECT_ROOT / "netlify.toml"
# Netlify lets this cookie, set by our language switcher, override the browser's language.
LANGUAGE_COOKIE = "nf_lang"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


def _path_pattern(pattern: str) -> re.Pattern[str]:
    """Netlify's path syntax: `*` matches anything, `:name` one path segment."""
    parts = re.split(r"(\*|:[A-Za-z_]+)", pattern)
    regex = "".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts)
    return re.compile(regex + r"\Z")


@dataclass(frozen=True)
class Redirect:
    source: str
    target: str
    status: int
    force: bool
    languages: tuple[str, ...]

    def target_for(self, path: str, language: str | None) -> str | None:
        """Where `path` goes under this rule, or None when the rule does not apply."""
        if self.languages and language not in self.languages:
            return None
        if self.source.endswith("/*"):
            prefix = self.source[:-1]
            if not path.startswith(prefix) and path != prefix.rstrip("/"):
                return None
            return self.target.replace(":splat", path[len(prefix) :])
        return self.target if path == self.source else None


@dataclass(frozen=True)
class HostRules:
    headers: tuple[tuple[str, re.Pattern[str], dict[str, str]], ...]
    redirects: tuple[Redirect, ...]

    def header_rules_for(self, path: str) -> list[tuple[str, dict[str, str]]]:
        """Every header rule whose `for` matches `path`, as (pattern, values)."""
        return [(source, values) for source, pattern, values in self.headers if pattern.match(path)]

    def headers_for(self, path: str) -> dict[str, str]:
        """The headers sent with `path`; like Netlify, two matching rules for one header are joined."""
        sent: dict[str, str] = {}
        for _, values in self.header_rules_for(path):
            for name, value in values.items():
                sent[name] = f"{sent[name]}, {value}" if name in sent else value
        return sent

    def redirect_for(
        self, path: str, language: str | None, exists: Callable[[str], bool]
    ) -> tuple[Redirect, str] | None:
        """The first rule that applies, top-down, and its target; a file at `path` wins unless forced."""
        for rule in self.redirects:
            target = rule.target_for(path, language)
            if target is not None and (rule.force or not exists(path)):
                return rule, target
        return None


def request_language(accept_language: str | None, cookies: dict[str, str]) -> str | None:
    """The language Netlify's `Language` condition sees: the cookie, else the browser's first language."""
    if cookies.get(LANGUAGE_COOKIE):
        return cookies[LANGUAGE_COOKIE].lower()
    if not accept_language:
        return None
    return accept_language.split(",")[0].strip()[:2].lower() or None


def read_host_rules(site: Path | None = None, path: Path = NETLIFY_TOML) -> HostRules:
    """Read the [[headers]] and [[redirects]] of a netlify.toml, and the built `site`'s _headers file.

    Like Netlify, the _headers file's rules come first.
    """
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    rules = _read_headers_file(site / HEADERS_FILE) if site is not None else []
    rules += [
        (rule["for"], {str(k): str(v) for k, v in rule.get("values", {}).items()}) for rule in config.get("headers", [])
    ]
    headers = tuple((source, _path_pattern(source), values) for source, values in rules)
    redirects = tuple(
        Redirect(
            source=rule["from"],
            target=rule["to"],
            status=int(rule.get("status", 301)),
            force=bool(rule.get("force", False)),
            languages=tuple(rule.get("conditions", {}).get("Language", [])),
        )
        for rule in config.get("redirects", [])
    )
    return HostRules(headers, redirects)


def _read_headers_file(path: Path) -> list[tuple[str, dict[str, str]]]:
    """Netlify's _headers format: a path pattern on its own line, its headers indented below."""
    if not path.is_file():
        return []
    rules: list[tuple[str, dict[str, str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        elif rules and ":" in line:
            name, _, value = line.partition(":")
            rules[-1][1][name.strip()] = value.strip()
        else:
            raise ConfigError(f"{path}:{number}: not a path or an indented header")
    return rules
