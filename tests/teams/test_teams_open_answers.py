"""In Teams: `change` asks what should change; the next message is the reason, `abbrechen`
ends the question."""

from __future__ import annotations

from tests.teams.harness import BEN, HANNA, TeamsBot
from tests.teams.test_teams_matching import a_tandem, in_new_york_morning


async def test_the_next_message_after_change_is_the_reason(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    await a_tandem(bot)
    assert "What should change?" in await bot.say(BEN, "change")
    assert "went privately" in await bot.say(BEN, "We never find a slot")
    await in_new_york_morning(bot)
    sent = [c for c in bot.inbox(HANNA) if "We never find a slot" in (c.text or str(c.card))]
    assert len(sent) == 1


async def test_cancel_sends_nothing(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    await a_tandem(bot)
    assert "What should change?" in await bot.say(BEN, "change")
    assert "Nothing was sent" in await bot.say(BEN, "cancel")
    assert "I don't know we" in await bot.say(BEN, "we never meet")
    await bot.settle()
    assert not [c for c in bot.inbox(HANNA) if "Change request" in str(c.card)]
