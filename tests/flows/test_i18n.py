"""The German catalog: complete for every text in the flows, and safe to format."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from conversations.i18n import LOCALE_DIR, Translator, pick_language

ROOT = Path(__file__).resolve().parents[2]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_german_text_keeps_the_placeholders_of_its_english_text() -> None:
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "tandem.po").open("rb") as fh:
        catalog = read_po(fh)
    checked = 0
    for message in catalog:
        if message.id and message.string:
            assert fields(message.id) == fields(message.string), message.id
            # Markdown emphasis must stay balanced, or Slack and Teams show stray stars.
            assert message.string.count("**") % 2 == 0, message.string
            checked += 1
    assert checked > 150


def test_the_catalog_covers_every_text_in_the_code(tmp_path: Path) -> None:
    pot = tmp_path / "now.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "babel.cfg"), "-k", "t", "-k", "tp", "-k", "tg", "-k", "tc",
                    "--no-default-keywords", "-o", str(pot), str(ROOT)],
                   check=True, capture_output=True, cwd=ROOT)
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "tandem.po").open("rb") as fh:
        german = {m.id for m in read_po(fh) if m.id and m.string}
    missing = sorted(wanted - german)
    assert not missing, f"untranslated (run tools/i18n_update.sh): {missing[:5]}"


def test_locales_pick_the_right_catalog() -> None:
    assert pick_language("de-AT") == "de" and pick_language("de_CH") == "de"
    assert pick_language("en-GB") == "en" and pick_language("fr-FR", "de") == "de"
    assert pick_language(None, "de") == "de"
    assert Translator("de")("Topics: {topics}", topics="KI") == "Themen: KI"
    assert Translator("xx")("Topics: {topics}", topics="AI") == "Topics: AI"
    assert re.search("Rolle", Translator("de")("Role"))
