"""Suggest what was probably meant: shared by the shape messages and the checks."""

from __future__ import annotations

import difflib

# Country codes and old codes people write for a language.
LANGUAGE_ALIASES = {
    "ua": "uk",
    "gr": "el",
    "cz": "cs",
    "dk": "da",
    "se": "sv",
    "jp": "ja",
    "kr": "ko",
    "cn": "zh",
    "ir": "fa",
    "al": "sq",
    "rs": "sr",
    "ge": "ka",
    "ee": "et",
    "si": "sl",
    "gb": "en",
    "us": "en",
}


def did_you_mean(word: str, candidates: list[str] | set[str]) -> str:
    """Return '; did you mean "…"?' for the closest candidate, or "" if none is close."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f'; did you mean "{matches[0]}"?' if matches else ""


def did_you_mean_language(code: str, candidates: set[str]) -> str:
    """Like `did_you_mean`, but knowing upper case and country codes written for languages."""
    for guess in (code.lower(), LANGUAGE_ALIASES.get(code.lower(), "")):
        if guess in candidates:
            return f'; did you mean "{guess}"?'
    return did_you_mean(code.lower(), candidates)
