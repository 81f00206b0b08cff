"""The outbox's way into Slack: a DM by user id; "cannot be reached" told apart from "later"."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import UNREACHABLE, slack_error
from adapters.slack.render import render
from conversations.outbox import Unreachable
from conversations.replies import Card, Text


def user_id_from_key(person_key: str) -> str | None:
    """`slack:U123` → `U123`; None for another platform's key."""
    platform, _, user_id = person_key.partition(":")
    return user_id if platform == "slack" and user_id else None


class SlackSender:
    """Implements the outbox `Sender` protocol. The stored reference is not needed: a user id is
    a valid `channel` for chat.postMessage (our scopes do not allow conversations.open)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def send(self, person_key: str, reference: dict[str, Any] | None,
                   body: Text | Card) -> None:
        user_id = user_id_from_key(person_key)
        if user_id is None:
            raise Unreachable("not a Slack person")
        try:
            await self.client.chat_postMessage(channel=user_id, **render(body))
        except SlackApiError as exc:
            code = slack_error(exc)
            if code in UNREACHABLE:
                raise Unreachable(code) from exc
            raise  # rate limits and outages: the outbox retries on a later tick
