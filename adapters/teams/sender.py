"""Proactive messages to one person's Teams chat, for the outbox and for `DirectMessage`s."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ConversationReference, ErrorResponseException

from adapters.teams.backoff import Backoff, connector_status
from adapters.teams.files import TooLargeForTeams
from adapters.teams.gate import Gate
from adapters.teams.render import message_activities
from conversations.destinations import Channel
from conversations.outbox import SendFailed, Unreachable
from conversations.pacing import Pace, Rate
from conversations.replies import Message

log = logging.getLogger("tandem.teams")
# The connector's answers when the app was removed, the user left or blocked the bot.
GONE = frozenset({403, 404})
# The longest a send sleeps for a throttled connector; a longer Retry-After is scheduled by
# the outbox (RetryLater) so one busy conversation never holds up the tick.
MAX_IN_SEND_WAIT = 2.0
# Microsoft's limits per bot: per conversation 7 sends/s, 60 per 30 s and 1800 per hour; per
# app and tenant about 30 requests/s. Paced below all: a burst of 5, then one every 2.2 s
# (about 1,620 an hour) per chat; 20/s across the tenant. A message of several activities
# counts once, so the margins are wide.
PACE = Pace(platform=Rate(per_second=20.0, burst=20), conversation=Rate(per_second=0.45, burst=5))


class TeamsUnreachable(Unreachable):
    """`Unreachable`, with a short code for the log (the message goes to the outbox row)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def reference_from_dict(reference: dict[str, Any] | None) -> ConversationReference:
    """A stored reference, or `Unreachable` if there is none we can use."""
    if not reference:
        # Reaching someone who never talked to the bot needs `create_conversation` with the
        # tenant id, and the app installed for them (e.g. by an admin). Until Tandem does that,
        # such a person is unreachable and the outbox records it.
        raise TeamsUnreachable(
            "no_reference", "no stored Teams conversation: the person never talked to the bot")
    try:
        ref = ConversationReference().deserialize(reference)
    except Exception as exc:
        raise TeamsUnreachable("unreadable_reference",
                               "the stored Teams conversation reference is unreadable") from exc
    if not ref.service_url or ref.conversation is None or not ref.conversation.id:
        raise TeamsUnreachable("incomplete_reference",
                               "the stored Teams conversation reference is incomplete")
    return ref


class TeamsSender:
    """Implements the outbox `Sender`: `continue_conversation` on the stored reference.

    Throttling (429/503) is retried in the send only for short waits; longer ones raise
    `RetryLater` with the connector's Retry-After, which the outbox schedules."""

    # No group chat is opened for several people (that needs Graph permissions): the outbox
    # sends a group's message to each person's own chat.
    groups = False
    pace = PACE

    def __init__(self, adapter: CloudAdapter, app_id: str, backoff: Backoff,
                 gate: Gate) -> None:
        self.adapter = adapter
        self.app_id = app_id
        self.backoff = backoff
        self.gate = gate

    async def send(self, person_key: str, reference: dict[str, Any] | None,
                   body: Message) -> None:
        try:
            await self._send(person_key, reference, body)
        except TeamsUnreachable as exc:
            # Said once, here, with why; the outbox marks the message failed and moves on.
            log.warning("teams person unreachable", extra={"platform": "teams",
                                                           "outcome": "unreachable",
                                                           "reason": exc.reason})
            raise
        log.info("teams proactive message sent", extra={"platform": "teams", "outcome": "sent"})

    async def send_group(self, person_keys: list[str], body: Message) -> None:
        raise Unreachable("teams has no group conversation here")

    async def send_channel(self, channel: Channel, body: Message) -> None:
        """A team's channel, through the reference stored when the app was added to the team
        (or saw the channel): without one the app is not in that channel's team."""
        try:
            if channel.platform != "teams":
                raise TeamsUnreachable("other_platform", "not a Teams channel")
            if not channel.reference:
                raise TeamsUnreachable("no_channel_reference", "the app was never added to "
                                       "this channel's team, or never saw the channel")
            await self._continue(reference_from_dict(channel.reference), body)
        except TeamsUnreachable as exc:
            log.warning("teams channel unreachable", extra={"platform": "teams",
                                                            "outcome": "unreachable",
                                                            "reason": exc.reason})
            raise
        log.info("teams channel message sent", extra={"platform": "teams", "outcome": "sent"})

    async def _send(self, person_key: str, reference: dict[str, Any] | None,
                    body: Message) -> None:
        if not person_key.startswith("teams:"):
            raise TeamsUnreachable("other_platform", "not a Teams person")
        await self._continue(reference_from_dict(reference), body)

    async def _continue(self, ref: ConversationReference, body: Message) -> None:
        # Checked again here: an address stored before the gate existed (or before the allowed
        # connectors or tenants changed) may point anywhere.
        if not self.gate.service_urls.allows(ref.service_url):
            raise TeamsUnreachable("service_url_not_allowed", "the stored Teams address names "
                                   "a connector outside the allowed list (TEAMS_SERVICE_URLS)")
        tenant = ref.conversation.tenant_id if ref.conversation is not None else None
        if tenant and not self.gate.tenants.allows(tenant):
            raise TeamsUnreachable("tenant_not_allowed", "the stored Teams address is in a "
                                   "tenant outside the allowed list")
        try:
            activities = message_activities(body)
        except TooLargeForTeams as exc:  # parked for the coordinators' `messages` list
            raise TeamsUnreachable("file_too_large", "the file is too large for a Teams "
                                   "chat") from exc

        async def deliver(turn_context: TurnContext) -> None:
            for activity in activities:
                await self.backoff.run(partial(turn_context.send_activity, activity),
                                       max_wait=MAX_IN_SEND_WAIT)

        try:
            await self.adapter.continue_conversation(ref, deliver, bot_app_id=self.app_id)
        except ErrorResponseException as exc:
            status = connector_status(exc)
            if status in GONE:
                raise TeamsUnreachable(f"http_{status}", f"Teams answered {status}: app "
                                       "removed or chat gone") from exc
            raise SendFailed(f"teams:http_{status}") from exc
