"""The clicked card is replaced in Teams, over real HTTP against the fake connector: a click
arrives with `replyToId` naming the card; the bot PUTs the card's new text to
/v3/conversations/{id}/activities/{replyToId} (botbuilder's `update_activity`), without
buttons, or sends it as a new message where the connector refuses."""

from __future__ import annotations

from tests.teams.fake_connector import Call
from tests.teams.harness import ANNA, BEN, HANNA, TeamsBot, submit_actions, texts
from tests.teams.test_teams_matching import a_tandem, card_reply, tandem_row

DONE = "(Anna Berg ↔ Ben Ochs) is dissolved (not a good fit)"


def updates_of(bot: TeamsBot, card: Call) -> list[Call]:
    """The PUTs that changed this card (approving the tandem updated its proposals card)."""
    return [c for c in bot.connector.updates() if c.activity_id == card.response_id]


async def confirmation(bot: TeamsBot, tid: str) -> Call:
    confirm = card_reply(await bot.answer(bot.message(HANNA, f"dissolve {tid}")))
    assert confirm.card is not None and submit_actions(confirm.card)
    return confirm


async def test_the_dissolve_click_updates_its_card_in_place(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    tid = await a_tandem(bot)
    confirm = await confirmation(bot, tid)
    calls = await bot.click(HANNA, confirm, "tandems.dissolve", 1)
    [update] = calls  # no new message: the card itself says what was done
    assert (update.method, update.activity_id) == ("PUT", confirm.response_id)
    assert update.conversation_id == HANNA.conversation_id
    assert update.path == (f"/v3/conversations/{HANNA.conversation_id}/activities/"
                           f"{confirm.response_id}")
    assert update.card is not None and DONE in texts(update.card)
    assert not submit_actions(update.card)  # nothing left to press
    assert (await tandem_row(bot, tid))["end_reason"] == "no_fit"
    await bot.settle()
    for person in (ANNA, BEN):
        assert "has ended your tandem" in bot.inbox(person)[-1].text

    # A stale copy of the card pressed again: one effect, answered as a new message.
    again = await bot.click(HANNA, confirm, "tandems.dissolve", 0)
    [answer] = [c for c in again if c.method == "POST"]
    assert "already ended" in answer.text and "(not a good fit)" in answer.text
    assert len(updates_of(bot, confirm)) == 1
    assert (await tandem_row(bot, tid))["end_reason"] == "no_fit"
    await bot.settle()
    for person in (ANNA, BEN):
        told = [c for c in bot.inbox(person) if "has ended your tandem" in c.text]
        assert len(told) == 1


async def test_a_card_that_cannot_be_updated_gets_the_words_as_a_new_message(
        teams_bot: TeamsBot) -> None:
    bot = teams_bot
    tid = await a_tandem(bot)
    confirm = await confirmation(bot, tid)
    bot.connector.failures = [404]  # the card is gone (deleted, or too old to edit)
    calls = await bot.click(HANNA, confirm, "tandems.dissolve", 1)
    [sent] = [c for c in calls if c.method == "POST"]
    assert sent.card is not None and DONE in texts(sent.card)
    assert not submit_actions(sent.card)
    assert not updates_of(bot, confirm)  # the refused PUT was not recorded as done
    assert (await tandem_row(bot, tid))["end_reason"] == "no_fit"


async def test_a_click_without_a_card_id_answers_with_a_new_message(
        teams_bot: TeamsBot) -> None:
    bot = teams_bot
    tid = await a_tandem(bot)
    confirm = await confirmation(bot, tid)
    calls = await bot.send(bot.submit(HANNA, {"action_id": "tandems.keep_tandem",
                                              "value": tid}))
    [sent] = calls
    assert sent.method == "POST" and f"Nothing changed: tandem #{tid} continues." in sent.text
    assert not updates_of(bot, confirm)
