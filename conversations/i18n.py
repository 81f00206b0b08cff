"""One message catalog for every user-facing text (gettext via Babel).

English is the source language (msgids are the English text). Catalogs are `.po` files read with
Babel and compiled in memory, so there is no build step and no stale `.mo` file to forget.
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "tandem"
LANGUAGES = ("en", "de")


@cache
def _translations(language: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def pick_language(locale: str | None, default: str = "en") -> str:
    """The catalog language for a platform locale such as `de-DE`, `de_AT` or `en-US`."""
    if locale:
        found = negotiate_locale([locale.replace("-", "_")], list(LANGUAGES))
        if found:
            return found
    return default if default in LANGUAGES else "en"


class Translator:
    """`t("Hello {name}", name=…)`: translate, then fill placeholders."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else "en"
        self._gettext = _translations(self.language).gettext

    def __call__(self, message: str, /, **values: object) -> str:
        text = self._gettext(message)
        return text.format(**values) if values else text
