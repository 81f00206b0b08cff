"""The one entry point: `await core.handle(event)` → replies. Adapters call nothing else.

Each event runs in one unit of work: deduplication, state changes and queued messages commit
together or not at all. A concurrent change to what the event read (a version conflict, or a
known unique constraint) runs it once more in a fresh unit, so the answer is about what is
there now. Any other failure becomes a friendly reply and an error line, never a trace.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from conversations import commands
from conversations.clock import Clock
from conversations.context import Context
from conversations.destinations import channel_key
from conversations.events import (
    AppInstalled,
    ButtonClicked,
    ChannelSeen,
    CommandInvoked,
    Event,
    FormSubmitted,
    HomeOpened,
    MemberJoined,
    MessageReceived,
    TimerFired,
)
from conversations.flows import home, matching, registry
from conversations.flows.wording import try_again
from conversations.i18n import Translator, pick_language
from conversations.program import Program
from conversations.replies import Outcome, Reply, Text, Update
from conversations.sanitize import clean_event
from storage.db import Store
from storage.errors import constraint_name, is_transient, sqlstate
from storage.repositories import Repositories

log = logging.getLogger("tandem.core")

Handler = Callable[[Any, Context], Awaitable[list[Reply]]]
# The caller's own record of an event, written in the event's unit of work (the Slack inbox
# keeps the replies to send there, so a crash after the commit cannot lose them).
BeforeCommit = Callable[[Repositories, list[Reply]], Awaitable[None]]

# Unique constraints that two concurrent copies of one action run into (two sign-ups, two
# approvals, two forms opened at once): after a fresh look the thing exists, so "already
# handled" is true. Any other constraint is a bug and is answered "try again".
KNOWN_CONFLICTS = frozenset({
    "uq_tandem_live",  # one live tandem per pair
    "uq_enrollment_person",  # one sign-up per person and program
    "uq_state_person_flow",  # one half-finished flow per person
    "people_key_key",  # one person per platform identity
    "uq_session_day",  # one session per tandem and day: two members logging it at once
})


async def _run_command(text: str, ctx: Context, prefix: str) -> list[Reply]:
    parsed = commands.parse_command(text)
    # Replies suggest commands in the language the person just typed one in.
    ctx.t = ctx.t.with_commands(commands.word_language(parsed.word))
    command = registry.TABLE.commands.get(parsed.name or "")
    if command is None:
        return registry.unknown(ctx, parsed.word, prefix)
    # The one place "coordinators only" is enforced for commands.
    if command.coordinator_only and not ctx.program.is_coordinator(ctx.actor.key):
        return matching.refuse(ctx)
    return await command.handler(ctx, parsed.args, prefix)


async def on_command(event: CommandInvoked, ctx: Context) -> list[Reply]:
    return await _run_command(event.text, ctx, "/tandem ")


# Held conversations (`commands.HOLDING`) have no time limit: any update counts.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


async def _answer_open(text: str, ctx: Context) -> list[Reply] | None:
    """A DM to the person's open question, or None when nothing waits for their text."""
    state = await ctx.repos.states.waiting(ctx.actor.key, commands.ASKING,
                                           ctx.now - commands.ASK_EXPIRES)
    holding = state is None
    if holding:
        state = await ctx.repos.states.waiting(ctx.actor.key, commands.HOLDING, EPOCH)
    if state is None:
        return None
    handler = registry.TABLE.conversations.get(state.flow)
    if handler is None:  # a flow that no longer asks: its question is void
        await ctx.repos.states.end(state)
        return None
    parsed = commands.parse_command(text)
    if parsed.name == "help" and parsed.word and not parsed.args:
        ctx.t = ctx.t.with_commands(commands.word_language(parsed.word))
        return [*registry.help_text(ctx, ""), Text(ctx.t(
            "I am still waiting for your answer to my question (`cancel` to stop)."))]
    if holding:
        return await handler(ctx, text, state)
    if parsed.name == state.flow and not parsed.args:
        # The command that asked, typed again (`change` while "What should change?" waits):
        # not an answer, and not a second question either.
        return [Text(ctx.t("I am still waiting for your answer to my question (`cancel` to "
                           "stop)."))]
    if not parsed.args and parsed.word.lower().strip(".!") in commands.STOP_WORDS:
        await ctx.repos.states.end(state)
        return [Text(ctx.t("Stopped. Nothing was sent."))]
    return await handler(ctx, text, state)


async def on_message(event: MessageReceived, ctx: Context) -> list[Reply]:
    answered = await _answer_open(event.text, ctx)
    if answered is not None:
        return answered
    return await _run_command(event.text, ctx, "")


async def on_button(event: ButtonClicked, ctx: Context) -> list[Reply]:
    if event.action_id == commands.RUN:  # a button that stands for a typed command
        return await _run_command(event.value, ctx, "")
    handler = registry.TABLE.button(event.action_id)
    if handler is not None:
        return await handler(ctx, event.action_id, event.value)
    return [Text(ctx.t("This button is no longer in use. Type `help` to see what you can do."))]


async def on_form(event: FormSubmitted, ctx: Context) -> list[Reply]:
    handler = registry.TABLE.form(event.form_id)
    if handler is not None:
        return await handler(ctx, event.form_id, event.values)
    return [Text(ctx.t("This form is no longer in use. Type `help` to see what you can do."))]


async def on_welcome(event: Event, ctx: Context) -> list[Reply]:
    # Installing the app or joining a channel never enrols anyone: we only say how to.
    return [Text(ctx.t("Hello! I am **Tandem**, the bot for the reverse mentoring program "
                       "**{program}**. Taking part is voluntary: type `join` if you want to "
                       "sign up, or `help` to see what I can do.", program=ctx.program.name))]


async def on_home(event: HomeOpened, ctx: Context) -> list[Reply]:
    return [await home.build(ctx)]


async def on_timer(event: TimerFired, ctx: Context) -> list[Reply]:
    return []


async def on_channel_seen(event: ChannelSeen, ctx: Context) -> list[Reply]:
    return []  # its channel is kept with every event (`_attempt`); nothing to say


HANDLERS: dict[type[Event], Handler] = {
    CommandInvoked: on_command,
    MessageReceived: on_message,
    ButtonClicked: on_button,
    FormSubmitted: on_form,
    MemberJoined: on_welcome,
    AppInstalled: on_welcome,
    HomeOpened: on_home,
    TimerFired: on_timer,
    ChannelSeen: on_channel_seen,
}


class TandemCore:
    """Composes flows with the store, the program and the clock."""

    def __init__(self, store: Store, program: Program, clock: Clock) -> None:
        self.store = store
        self.program = program
        self.clock = clock
        self.program_id: int | None = None
        # Called after a unit of work that queued messages (the bot starts a delivery).
        self.on_queued: Callable[[], None] | None = None

    async def start(self) -> None:
        """Make sure the program row exists (after migrations)."""
        async with self.store.unit() as repos:
            row = await repos.programs.ensure(name=self.program.name, start=self.program.start,
                                              months=self.program.months, now=self.clock.now())
            self.program_id = row.id

    async def handle(self, event: Event, *, before_commit: BeforeCommit | None = None
                     ) -> Outcome:
        if self.program_id is None:
            await self.start()
        handler = HANDLERS.get(type(event))
        if handler is None:
            log.warning("no handler", extra={"event_type": type(event).__name__})
            return Outcome([], "ignored")
        event = clean_event(event)
        kind = type(event).__name__
        # The person's language; replaced by their stored one inside the unit of work.
        words = [Translator(pick_language(event.actor.locale, self.program.language),
                            self.program.german)]
        for attempt in (1, 2):
            try:
                outcome, queued = await self._attempt(event, handler, words, before_commit)
            except Exception as exc:
                reason = conflict_reason(exc)
                if reason is None:
                    _log_failure(exc, kind)
                    return Outcome([Text(try_again(words[0]))], "error")
                log.info("event conflict", extra={"event_type": kind, "reason": reason,
                                                  "attempt": attempt})
                if attempt == 2 and reason in KNOWN_CONFLICTS:
                    # What it would create exists even after a fresh look: done meanwhile.
                    t = words[0]
                    return Outcome([Text(t("That was already handled. Type `status` to see "
                                           "where things stand."))], "conflict")
                continue
            # Committed: only now may a delivery start (a rolled-back try queued nothing).
            if queued and self.on_queued is not None:
                self.on_queued()
            return outcome
        # Changed under us twice: nothing of this event was applied, and the person says so.
        log.warning("event conflict twice", extra={"event_type": kind})
        return Outcome([Text(try_again(words[0]))], "conflict")

    async def _attempt(self, event: Event, handler: Handler, words: list[Translator],
                       before_commit: BeforeCommit | None = None) -> tuple[Outcome, int]:
        """One unit of work for the event: its outcome and how many messages it queued.

        Raises if it did not commit; then nothing of it (dedupe row, changes, queued
        messages) exists and running it again starts from scratch.
        """
        assert self.program_id is not None
        async with self.store.unit() as repos:
            if event.event_id and not await repos.events.first_time(
                event.actor.platform, event.event_id, self.clock.now()
            ):
                return Outcome([], "duplicate"), 0
            if event.address is not None:
                await repos.addresses.remember(event.actor.key, event.actor.platform,
                                               event.address.reference, self.clock.now())
            if event.channel is not None:  # a channel the bot can post to (quick wins)
                seen = event.channel
                await repos.addresses.remember(channel_key(seen.platform, seen.channel_id),
                                               seen.platform, seen.reference, self.clock.now())
            person = await repos.people.by_key(event.actor.key)
            if self.program.is_coordinator(event.actor.key):
                # Coordinators are named in the program file: keep their name and language
                # so escalations and requests reach them in their own words.
                a = event.actor
                person = await repos.people.upsert(
                    key=a.key, platform=a.platform, platform_user_id=a.user_id,
                    workspace_id=a.workspace_id, display_name=a.display_name,
                    locale=a.locale, timezone=a.timezone, now=self.clock.now())
            if person and person.locale and not event.actor.locale:
                words[0] = Translator(pick_language(person.locale, self.program.language),
                                      self.program.german)
            ctx = Context(repos, self.program, self.program_id, self.clock, event.actor,
                          words[0])
            replies = _with_source(await handler(event, ctx), event)
            if before_commit is not None:
                await before_commit(repos, replies)
        return Outcome(replies, "ok"), repos.outbox.enqueued


def _with_source(replies: list[Reply], event: Event) -> list[Reply]:
    """Each `Update` names the message it replaces: the clicked one (none for other events)."""
    source = event.source if isinstance(event, ButtonClicked) else None
    return [replace(r, source=source) if isinstance(r, Update) else r for r in replies]


def conflict_reason(exc: BaseException) -> str | None:
    """Why running the event again may succeed, or None for a failure (a bug, an outage).

    A version conflict means a row the event read changed meanwhile (a double click, the
    partner, another replica); a known constraint, that the same thing was just created;
    a deadlock or serialization failure, that two transactions crossed.
    """
    if isinstance(exc, StaleDataError):
        return "version"
    if isinstance(exc, IntegrityError):
        name = constraint_name(exc)
        return name if name in KNOWN_CONFLICTS else None
    if isinstance(exc, DBAPIError) and is_transient(exc):
        return sqlstate(exc)
    return None


def _log_failure(exc: BaseException, event_type: str) -> None:
    """An error line with where it failed, never the message: it may hold what people typed
    (PostgreSQL's DETAIL repeats the failing row's values)."""
    extra: dict[str, object] = {"event_type": event_type, "error": type(exc).__name__,
                                "stack": "".join(traceback.format_tb(exc.__traceback__))}
    if isinstance(exc, DBAPIError):
        extra |= {"sqlstate": sqlstate(exc), "constraint": constraint_name(exc),
                  "db_error": type(exc.orig).__name__}
    log.error("event failed", extra=extra)
