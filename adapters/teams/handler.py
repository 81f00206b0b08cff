"""The Teams turn: translate (with the address to remember), `core.handle`, render, send.

No program rules here; every decision about what to say is the core's.
"""

from __future__ import annotations

import dataclasses
import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, ErrorResponseException
from botbuilder.schema.teams import FileConsentCardResponse

from adapters.teams.backoff import Backoff, connector_status
from adapters.teams.files import ConsentRefused, upload_accepted, upload_url_allowed
from adapters.teams.inbound import activity_to_event, channel_id, tenant_id, to_actor
from adapters.teams.render import Instruction, Replace, Send, SendTo, Turn, render
from adapters.teams.sender import TeamsSender
from conversations.core import TandemCore
from conversations.events import Address, ChannelAddress, Event, FormSubmitted
from conversations.outbox import Unreachable

log = logging.getLogger("tandem.teams")
# Only 1:1 chats are a person's address; a team channel or group chat is not private.
PRIVATE_CONVERSATIONS = frozenset({"personal", None})


def _log_extra(activity: Activity, **more: object) -> dict[str, object]:
    return {"platform": "teams", "activity_id": activity.id, "activity_type": activity.type,
            **more}


class TandemTeamsHandler(TeamsActivityHandler):
    def __init__(self, core: TandemCore, sender: TeamsSender, backoff: Backoff) -> None:
        self.core = core
        self.sender = sender
        self.backoff = backoff

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await self._handle(turn_context)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        # Translated directly: the SDK's version would look up every added member
        # (`TeamsInfo.get_member`), a connector call we do not need to tell who joined.
        await self._handle(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._handle(turn_context)

    async def on_teams_file_consent_accept(
            self, turn_context: TurnContext,
            file_consent_card_response: FileConsentCardResponse) -> None:
        """The person accepted a file (`adapters/teams/files.py`): upload it, then show it."""
        activity = turn_context.activity
        try:
            info_card = await upload_accepted(
                file_consent_card_response,
                lambda url: upload_url_allowed(url, self.sender.gate.service_urls))
        except ConsentRefused as exc:
            # The invoke fails (500) and Teams tells the person on the card.
            log.warning("teams file not uploaded", extra=_log_extra(
                activity, outcome="file_refused", reason=exc.code))
            raise
        await self.backoff.run(lambda: turn_context.send_activity(info_card))
        log.info("teams file uploaded", extra=_log_extra(activity, outcome="file_sent"))

    async def on_teams_file_consent_decline(
            self, turn_context: TurnContext,
            file_consent_card_response: FileConsentCardResponse) -> None:
        # Declined: nothing to upload, nothing kept (the bytes were only in the card).
        log.info("teams file declined", extra=_log_extra(turn_context.activity,
                                                         outcome="file_declined"))

    async def _handle(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        event = activity_to_event(activity)
        if event is None:
            log.info("teams activity ignored", extra=_log_extra(activity, outcome="ignored"))
            return
        address = _address(activity)
        writer = to_actor(activity.from_property, activity) if address is not None else None
        # Stored by the core in the event's own unit of work, under the actor's key: only
        # when the actor is the one who wrote (a member added by someone else is not here).
        if address is not None and writer is not None and writer.key == event.actor.key:
            event = dataclasses.replace(event, address=address)
        channel = _channel_address(activity)
        if channel is not None:  # a team channel the bot can post quick wins to later
            event = dataclasses.replace(event, channel=channel)
        outcome = await self.core.handle(event)
        log.info("teams turn", extra=_log_extra(activity, event_type=type(event).__name__,
                                                outcome=outcome.outcome,
                                                replies=len(outcome.replies)))
        if not outcome.replies:
            return
        turn = Turn(reply_to_id=_card_id(event, activity))
        for reply in outcome.replies:
            for instruction in render(reply, turn):
                await self._carry_out(instruction, turn_context)

    async def _carry_out(self, instruction: Instruction, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if isinstance(instruction, Send):
            await self.backoff.run(lambda: turn_context.send_activity(instruction.activity))
        elif isinstance(instruction, Replace):
            try:
                await self.backoff.run(lambda: turn_context.update_activity(instruction.activity))
            except ErrorResponseException as exc:
                # Too old, deleted or not ours: a fresh card still shows the person the form.
                log.warning("teams card not updated", extra=_log_extra(
                    activity, status=connector_status(exc), fallback=instruction.or_send))
                if instruction.or_send:  # sending clears the id: it becomes a new message
                    await self.backoff.run(
                        lambda: turn_context.send_activity(instruction.activity))
        elif isinstance(instruction, SendTo):
            await self._send_to(instruction, activity)
        else:  # pragma: no cover - render only returns the types above
            raise TypeError(f"unknown instruction {type(instruction).__name__}")

    async def _send_to(self, instruction: SendTo, activity: Activity) -> None:
        if not instruction.person_key.startswith("teams:"):
            # Another platform's person is reached through the outbox, not from this turn.
            log.warning("direct message to another platform not sent from a teams turn",
                        extra=_log_extra(activity, outcome="skipped"))
            return
        async with self.core.store.unit() as repos:
            reference = await repos.addresses.reference(instruction.person_key)
        try:
            await self.sender.send(instruction.person_key, reference, instruction.body)
        except Unreachable:
            pass  # the sender logged why; this turn's own replies still go out


def _address(activity: Activity) -> Address | None:
    """Where this person can be messaged later (the outbox, reminders): their 1:1 chat."""
    person, conversation = activity.from_property, activity.conversation
    if person is None or conversation is None or not activity.service_url:
        return None
    if conversation.conversation_type not in PRIVATE_CONVERSATIONS:
        return None
    if activity.recipient is not None and person.id == activity.recipient.id:
        return None
    reference = TurnContext.get_conversation_reference(activity)
    if reference.conversation is not None:
        # Inbound activities carry the tenant in channelData only; keep it for later sends.
        reference.conversation.tenant_id = tenant_id(activity)
    return Address(reference.serialize())


def _channel_address(activity: Activity) -> ChannelAddress | None:
    """Where the bot can post in this team channel later: the activity's reference, pointed
    at the channel itself (not a thread in it), without the person who happened to write."""
    found = channel_id(activity)
    if found is None or not activity.service_url or activity.conversation is None:
        return None
    reference = TurnContext.get_conversation_reference(activity)
    if reference.conversation is None:
        return None
    reference.conversation.id = found
    reference.conversation.tenant_id = tenant_id(activity)
    reference.activity_id = None
    reference.user = None
    return ChannelAddress("teams", found, reference.serialize())


def _card_id(event: Event, activity: Activity) -> str | None:
    """A submit's `replyToId` names the card it came from, which we may update in place."""
    return activity.reply_to_id if isinstance(event, FormSubmitted) else None
