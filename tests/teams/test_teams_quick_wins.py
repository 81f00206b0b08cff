"""Teams channels for quick wins: the app added to a team keeps that channel's conversation
reference (and a channel created there later, or one it is @mentioned in), the outbox posts
to it through the fake connector, and a channel the app is not in is parked with its reason.
"""

from __future__ import annotations

from typing import Any

from conversations.destinations import channel_key
from conversations.outbox import deliver
from conversations.replies import Text, message_to_dict
from storage.models import OutboxMessage
from tests.teams.harness import BOT, HANNA, TENANT, TeamsBot

GENERAL = "19:general@thread.tacv2"
WINS = "19:wins@thread.tacv2"


def in_channel(bot: TeamsBot, channel: str, **fields: Any) -> dict[str, Any]:
    activity = bot.activity(HANNA, fields.pop("type_", "message"), **fields)
    activity["conversation"] = {"id": channel, "conversationType": "channel", "isGroup": True,
                                "tenantId": TENANT}
    activity["channelData"] = {"tenant": {"id": TENANT}, "team": {"id": GENERAL, "name": "RM"},
                               **activity.get("channelData", {}), **fields.get("extra", {})}
    return activity


async def stored(bot: TeamsBot, key: str) -> dict[str, Any] | None:
    async with bot.runtime.store.unit() as repos:
        return await repos.addresses.reference(key)


async def post(bot: TeamsBot, channel: str, words: str) -> list[str]:
    async with bot.runtime.store.unit() as repos:
        await repos.outbox.enqueue(f"win-post:1:{channel}", channel_key("teams", channel),
                                   message_to_dict(Text(words)), bot.clock.now())
    report = await deliver(bot.runtime.store, bot.clock, bot.runtime.senders)
    return report.sent


async def test_adding_the_app_to_a_team_keeps_its_channel_to_post_to(teams_bot: TeamsBot
                                                                     ) -> None:
    install = in_channel(teams_bot, GENERAL, type_="conversationUpdate",
                         membersAdded=[dict(BOT)])
    install["channelData"]["eventType"] = "teamMemberAdded"
    calls = await teams_bot.send(install)
    assert any("I am **Tandem**" in c.text for c in calls)  # the welcome, in the channel
    reference = await stored(teams_bot, f"teams:#{GENERAL}")
    assert reference is not None
    assert reference["conversation"]["id"] == GENERAL
    assert reference["conversation"]["tenantID"] == TENANT
    assert reference["serviceUrl"] == teams_bot.connector.url
    assert reference.get("user") is None  # whoever added the app is not kept with it
    assert await stored(teams_bot, HANNA.key) is None  # a channel is nobody's address
    before = len(teams_bot.connector.calls)
    assert await post(teams_bot, GENERAL, "A **quick win**") == [f"win-post:1:{GENERAL}"]
    [call] = teams_bot.connector.calls[before:]
    assert call.method == "POST" and call.conversation_id == GENERAL
    assert "quick win" in call.text


async def test_a_channel_created_later_and_one_mentioned_in_are_kept(teams_bot: TeamsBot
                                                                     ) -> None:
    created = in_channel(teams_bot, GENERAL, type_="conversationUpdate",
                         extra={"eventType": "channelCreated",
                                "channel": {"id": WINS, "name": "Quick wins"}})
    assert await teams_bot.send(created) == []  # nothing said
    assert (await stored(teams_bot, f"teams:#{WINS}") or {})["conversation"]["id"] == WINS
    thread = "19:other@thread.tacv2"
    mention = in_channel(teams_bot, f"{thread};messageid=1700000000000", text="help")
    await teams_bot.send(mention)
    kept = await stored(teams_bot, f"teams:#{thread}")
    assert kept is not None and kept["conversation"]["id"] == thread  # not the thread
    assert await stored(teams_bot, f"teams:#{thread};messageid=1700000000000") is None
    before = len(teams_bot.connector.calls)
    await post(teams_bot, WINS, "Posted in the new channel")
    assert [c.conversation_id for c in teams_bot.connector.calls[before:]] == [WINS]


async def test_a_channel_the_app_is_not_in_is_parked_with_its_reason(teams_bot: TeamsBot
                                                                     ) -> None:
    before = len(teams_bot.connector.calls)
    assert await post(teams_bot, WINS, "Nobody hears this") == []
    assert teams_bot.connector.calls[before:] == []
    async with teams_bot.runtime.store.session() as session:
        row = await session.get(OutboxMessage, 1)
        assert row is not None
        assert (row.failed_reason, row.person_key) == ("unreachable:no_channel_reference",
                                                       f"teams:#{WINS}")
