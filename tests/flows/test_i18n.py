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


def test_levels_have_labels_like_topics_and_plain_names_still_work() -> None:
    import tomllib

    import pytest

    from bot.config import EXAMPLE_PROGRAM
    from conversations.program import ProgramError, parse_program

    data = tomllib.loads(EXAMPLE_PROGRAM.read_text())
    program = parse_program(data)
    assert program.levels[0] == "apprentice" and program.german == "sie"
    assert program.level("lead").label("de") == "Teamleitung"
    assert program.level("lead").label("en") == "Team lead"
    # The old form: a list of names; known names get their built-in labels.
    plain = parse_program({**data, "levels": ["junior", "staff", "executive"]})
    assert plain.levels == ("junior", "staff", "executive")
    assert plain.level("executive").label("de") == "Geschäftsleitung"
    assert plain.level("staff").label("de") == "Staff"
    mixed = parse_program({**data, "levels": [{"id": "azubi", "de": "Azubi"}, "senior"]})
    assert mixed.level("azubi").label("en") == "Azubi"  # no English label: the German one
    du = parse_program({**data, "program": {**data["program"], "german": "du"}})
    assert du.german == "du"
    with pytest.raises(ProgramError) as bad:
        parse_program({**data, "program": {**data["program"], "german": "ihr"},
                       "levels": [{"de": "ohne id"}, "x"]})
    assert any("program.german" in p for p in bad.value.problems)
    assert any("levels[0].id" in p for p in bad.value.problems)


def test_numbers_and_dates_follow_the_readers_locale() -> None:
    from datetime import date

    de, en = Translator("de"), Translator("en")
    assert de.number(1.5, 2) == "1,50" and en.number(1.5, 2) == "1.50"
    assert de.number(7.5) == "7,5" and de.number(1234) == "1.234"
    assert de.date(date(2027, 3, 31)) == "31. März 2027"
    assert en.date(date(2027, 3, 31)) == "March 31, 2027"


def test_commands_are_shown_in_the_words_of_who_typed_them() -> None:
    de = Translator("de")
    assert "`hilfe`" in de("This button is no longer in use. Type `help` to see what you can do.")
    assert "`help`" in de.with_commands("en")(
        "This button is no longer in use. Type `help` to see what you can do.")
    assert Translator("en", commands="de")("Type `match` for fresh ones.") == \
        "Type `vermitteln` for fresh ones."
    assert de.command("messages retry 12") == "nachrichten wiederholen 12"
    assert de.command("/tandem leave") == "/tandem abmelden"
    assert de.command("tandem match --dry-run") == "tandem match --dry-run"  # the CLI's own
    # Values filled in are what people typed: never rewritten.
    assert de("I don't know `{word}`. You can use:", word="help").startswith("`help`")
