"""Dates, numbers, plural forms and language names as each language writes them (Babel, CLDR).

A page in Indonesian says "5 Maret 2026" and "1.234 artikel"; in English "March 5, 2026".
An unknown language code falls back to English rules rather than failing the build.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

ENDONYMS = {"id": "Bahasa Indonesia", "ms": "Bahasa Melayu"}
"""Names that speakers use in menus where CLDR has the short form (CLDR: `Indonesia`, `Melayu`)."""


@lru_cache(maxsize=64)
def locale_of(lang: str) -> Locale:
    """The Babel locale of a language code (`pt-BR` -> pt_BR); English when CLDR has none."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def display_date(day: dt.date | None, lang: str) -> str | None:
    """A date in the language's long form: `March 5, 2026`, `5 Maret 2026`, `5. März 2026`."""
    return format_date(day, "long", locale=locale_of(lang)) if day else None


def display_number(value: int | float, lang: str) -> str:
    """A number with the language's separators: `1,234` in English, `1.234` in Indonesian."""
    return format_decimal(value, locale=locale_of(lang))


def plural_form(count: int, lang: str) -> str:
    """The CLDR plural category of `count` in the language: `one`, `few`, `many`, `other`…"""
    return locale_of(lang).plural_form(count)


def language_name(lang: str) -> str:
    """The language's name in itself, capitalised as in a menu: `English`, `Español`,
    `Bahasa Indonesia`; the same on every page, whatever the page's language."""
    if lang in ENDONYMS:
        return ENDONYMS[lang]
    locale = locale_of(lang)
    if str(locale) == "en" and not lang.startswith("en"):
        return lang
    name = locale.get_display_name(locale) or lang
    return name[:1].upper() + name[1:]
