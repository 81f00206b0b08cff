"""One message catalog for every user-facing text (gettext via Babel).

English is the source language (msgids are the English text). Catalogs are `.po` files read with
Babel and compiled in memory, so there is no build step and no stale `.mo` file to forget.

German comes in two complete catalogs: formal "Sie" (`de/LC_MESSAGES/tandem.po`) and informal
"du" (`de/LC_MESSAGES/tandem_du.po`), chosen by the program's `german = "sie" | "du"`. The du
catalog does not fall back to the Sie one (a mix of both reads worse than either): a missing
entry shows in English, and the catalog test fails on it.

Numbers and dates go through Babel for the reader's locale (`t.number(1.5)` is "1,5" in German).
Command words in code spans (`` `help` ``) are shown in the language the person typed them in:
someone who wrote `hilfe` is told `anmelden`, not `join` (the flows' tables,
`conversations.commands.Command.german`).
"""

from __future__ import annotations

import gettext
import re
from datetime import date, datetime, tzinfo
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from babel import negotiate_locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from conversations.commands import localize_command

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "tandem"
LANGUAGES = ("en", "de")
GERMAN_FORMS = ("sie", "du")  # formal and informal address; the program file picks one

# A code span in a text: `help`, `/tandem pause 2027-03-31`, `messages retry 12`.
_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def catalog_file(language: str, german: str = "sie") -> Path:
    """The `.po` file of a language (and, for German, of its form of address)."""
    domain = f"{DOMAIN}_du" if language == "de" and german == "du" else DOMAIN
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


@cache
def _translations(language: str, german: str) -> gettext.NullTranslations:
    po = catalog_file(language, german)
    if language == "en" or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@lru_cache(maxsize=4096)
def _date(day: date, format: str, language: str) -> str:
    """A day in a locale's words: the same each time (a tick words thousands of them)."""
    return format_date(day, format=format, locale=language)


def pick_language(locale: str | None, default: str = "en") -> str:
    """The catalog language for a platform locale such as `de-DE`, `de_AT` or `en-US`."""
    if locale:
        found = negotiate_locale([locale.replace("-", "_")], list(LANGUAGES))
        if found:
            return found
    return default if default in LANGUAGES else "en"


class Translator:
    """`t("Hello {name}", name=…)`: translate, then fill placeholders.

    `german` is the program's form of address ("sie" or "du"); `commands` the language command
    words are shown in (default: the text's language).
    """

    def __init__(self, language: str, german: str = "sie", commands: str | None = None
                 ) -> None:
        self.language = language if language in LANGUAGES else "en"
        self.german = german if german in GERMAN_FORMS else "sie"
        self.commands = commands if commands in LANGUAGES else self.language
        self._gettext = _translations(self.language, self.german).gettext

    def __call__(self, message: str, /, **values: object) -> str:
        text = self._gettext(message)
        if "`" in text:  # before filling in: what people typed is never rewritten
            text = _CODE_SPAN.sub(lambda m: f"`{localize_command(m[1], self.commands)}`", text)
        return text.format(**values) if values else text

    def with_commands(self, language: str | None) -> Translator:
        """The same words, with commands shown in `language` (the one the person typed)."""
        if language is None or language == self.commands:
            return self
        return Translator(self.language, self.german, language)

    def command(self, text: str) -> str:
        """A command as the person should type it, e.g. `t.command("help")` → "hilfe"."""
        return localize_command(text, self.commands)

    # Numbers and dates in the reader's locale (Babel): 1.5 is "1,5" in German.
    def number(self, value: float, digits: int | None = None) -> str:
        """A number; with `digits`, exactly that many decimals (`number(1.5, 2)` → "1,50")."""
        pattern = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, format=pattern, locale=self.language)

    def date(self, day: date, format: str = "long") -> str:
        return _date(day, format, self.language)

    def datetime(self, moment: datetime, format: str = "short", zone: tzinfo | None = None
                 ) -> str:
        return format_datetime(moment, format=format, tzinfo=zone, locale=self.language)
