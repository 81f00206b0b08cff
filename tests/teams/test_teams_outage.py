"""A card submitted while the database is down: the card and its answers stay, and the person is
asked to try again in their own language; submitting the same answers later signs them up."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conversations.i18n import Translator
from tests.teams.harness import ANNA, GRETA, SIGNUP, Person, TeamsBot


@contextmanager
def database_down(path: Path) -> Iterator[None]:
    """The SQLite file is gone and cannot be created: every connection fails."""
    moved = path.with_suffix(".away")
    path.rename(moved)
    path.mkdir()
    try:
        yield
    finally:
        path.rmdir()
        moved.rename(path)


@pytest.mark.parametrize("person, language", [(ANNA, "en"), (GRETA, "de")])
async def test_a_submit_during_an_outage_keeps_the_card_and_its_answers(
        teams_bot: TeamsBot, sqlite_url: str, person: Person, language: str) -> None:
    card_id, card = await teams_bot.join(person)
    [submit] = card["actions"]
    answers = submit["data"] | {k: v for k, v in SIGNUP.items() if k != "form_id"}
    await teams_bot.runtime.store.engine.dispose()  # the pool's open connections go first

    with database_down(Path(sqlite_url.split(":///", 1)[1])):
        calls = await teams_bot.answer(teams_bot.submit(person, answers, card_id))

    assert [c.method for c in calls] == ["POST"]  # a new message; the card is not replaced
    assert not teams_bot.connector.updates()
    t = Translator(language)
    assert calls[0].text == t("Sorry, something went wrong on my side and nothing was changed. "
                              "Please try again in a moment.")
    assert await teams_bot.count("enrollments") == 0
    # Back up: the same card, with the answers still in it, submitted again.
    await teams_bot.answer(teams_bot.submit(person, answers, card_id))
    assert await teams_bot.count("enrollments") == 1
    [confirmed] = teams_bot.connector.updates()  # only now does the card give way to a notice
    assert confirmed.activity_id == card_id
