"""The outbox's way into Slack: a DM by user id, a group DM for a tandem's shared messages;
"cannot be reached" told apart from "later"."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import GROUP_UNREACHABLE, UNREACHABLE, slack_error
from adapters.slack.render import render
from conversations.outbox import Unreachable
from conversations.replies import Card, Text


def user_id_from_key(person_key: str) -> str | None:
    """`slack:U123` → `U123`; None for another platform's key."""
    platform, _, user_id = person_key.partition(":")
    return user_id if platform == "slack" and user_id else None


class SlackSender:
    """Implements the outbox `Sender` and `GroupSender` protocols.

    A 1:1 message needs no stored reference: a user id is a valid `channel` for
    chat.postMessage, so the bot needs no `im:write`. A group DM is opened with
    conversations.open (scope `mpim:write`), which returns the same conversation every time
    for the same people, so a tandem's later messages land beside its introduction.
    """

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def send(self, person_key: str, reference: dict[str, Any] | None,
                   body: Text | Card) -> None:
        user_id = user_id_from_key(person_key)
        if user_id is None:
            raise Unreachable("not a Slack person")
        await self._post(user_id, body)

    async def send_group(self, person_keys: list[str], body: Text | Card) -> None:
        found = [user_id_from_key(k) for k in person_keys]
        user_ids = list(dict.fromkeys(u for u in found if u))  # in order, each once
        if not user_ids or len(user_ids) < len(set(found)):
            raise Unreachable("not a Slack person")
        if len(user_ids) == 1:  # one person: their DM (conversations.open would need im:write)
            await self._post(user_ids[0], body)
            return
        try:
            opened = await self.client.conversations_open(users=",".join(user_ids))
        except SlackApiError as exc:
            code = slack_error(exc)
            if code in GROUP_UNREACHABLE:
                raise Unreachable(code) from exc
            raise  # rate limits, outages, a missing scope: the outbox retries later
        channel = opened.get("channel")
        channel_id = channel.get("id") if isinstance(channel, dict) else None
        if not isinstance(channel_id, str) or not channel_id:
            raise RuntimeError("conversations.open answered without a channel id")
        await self._post(channel_id, body)

    async def _post(self, channel: str, body: Text | Card) -> None:
        try:
            await self.client.chat_postMessage(channel=channel, **render(body))
        except SlackApiError as exc:
            code = slack_error(exc)
            if code in UNREACHABLE:
                raise Unreachable(code) from exc
            raise  # rate limits and outages: the outbox retries on a later tick
