"""Issue 7 item 12: a form sent while the database is down stays open, answers and all.

Real outages, not mocks: on SQLite another process holds the write lock; on PostgreSQL the
database stops taking connections and the bot's are cut. The view_submission ack then keeps
the modal open (`response_action: errors` under its first field, in the person's language);
once the database is back, pressing the button again signs the person up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from conversations.clock import FakeClock
from conversations.i18n import Translator
from conversations.unavailable import form_not_saved
from tests.slack.harness import SlackBot, running_bot
from tests.slack.outage import outage

ANSWERS = {"role": "mentee", "topics": ["ai"], "consent": ["yes"], "department": "Sales"}


@pytest.fixture
async def bot(db_url: str, clock: FakeClock) -> AsyncIterator[SlackBot]:
    async with running_bot(db_url, clock) as running:
        yield running


async def test_a_form_sent_during_a_database_outage_stays_open_with_its_answers(
        bot: SlackBot) -> None:
    view = await bot.open_signup("UEN")  # Alex's Slack profile says en-US
    async with outage(bot.runtime.store.engine.url):
        refused = await bot.submit(view, ANSWERS, user="UEN")
    assert refused.status == 200
    body = refused.json()
    assert body is not None, "an empty ack closes the modal: the answers would be gone"
    assert body["response_action"] == "errors"  # the modal stays as it is, answers included
    assert bot.runtime.program.language == "de"
    assert body["errors"] == {"role": form_not_saved(Translator("en"))}
    assert await bot.enrollment("UEN") is None

    accepted = await bot.submit(view, ANSWERS, user="UEN")  # the database is back
    assert accepted.status == 200 and accepted.text == ""
    enrollment = await bot.enrollment("UEN")
    assert enrollment is not None and enrollment.department == "Sales"
    (welcome,) = await bot.posted("UEN")
    assert "Welcome" in welcome.body["text"]
