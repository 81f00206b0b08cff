"""A DM answers the bot's open question first: `change` without a reason asks for one.

`help` and `cancel` (and their German words) still work; an unanswered question stops
capturing after a day; `/tandem …` is always a command; the reason is never kept.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.commands import Flow, merge
from conversations.core import TandemCore
from conversations.events import CommandInvoked, MessageReceived
from conversations.flows import registry
from conversations.flows.tandems import answer_change
from conversations.replies import Card, Text, without_markers
from storage.db import Store
from storage.models import ConversationState
from tests.flows.test_matching_kickoff import Cohort, button, example_cohort

ASKED = "What should change? Tell me in one message"


@pytest.fixture
async def cohort(core: TandemCore, clock: FakeClock) -> Cohort:
    c = await example_cohort(core, clock)
    [card] = await c.send("hr", "match")
    await c.click("hr", "match.approve_all", button(card, "match.approve_all"))
    return c


async def states(store: Store) -> list[ConversationState]:
    async with store.unit() as repos:
        return list(await repos.session.scalars(
            select(ConversationState).where(ConversationState.flow == "change")))


async def dm(cohort: Cohort, name: str, line: str, locale: str = "en") -> str:
    """`name` types `line` to the bot in a DM (not a slash command)."""
    replies = await cohort.send(name, MessageReceived(cohort.actor(name, locale), line))
    return without_markers("\n".join(r.markdown if isinstance(r, Text) else repr(r)
                                      for r in replies))


def requests(cohort: Cohort) -> list[Card]:
    return [b for b in cohort.inbox.get("hr", []) if isinstance(b, Card)
            and b.title == "Change request"]


async def test_free_text_reaches_the_open_question(cohort: Cohort, store: Store) -> None:
    assert ASKED in await dm(cohort, "cto", "change")
    assert "Please write in one message what should change" in await dm(cohort, "cto", "  ")
    sent = await dm(cohort, "cto", "I learned we never find a slot")
    assert "went privately to the program coordinators" in sent
    await cohort.deliver()
    [request] = requests(cohort)
    assert "I learned we never find a slot" in request.sections[0]
    assert await states(store) == []  # the question, and nothing typed, is gone
    # Afterwards the same words are a command again.
    assert "I don't know `I`" in await dm(cohort, "cto", "I learned something")


@pytest.mark.parametrize(("stop", "locale"), [("cancel", "en"), ("stop", "en"),
                                               ("abbrechen", "de"), ("Stopp", "de")])
async def test_cancel_ends_the_question_and_sends_nothing(cohort: Cohort, store: Store,
                                                          stop: str, locale: str) -> None:
    await dm(cohort, "cto", "change", locale=locale)
    await dm(cohort, "cto", stop, locale=locale)
    await cohort.deliver()
    assert requests(cohort) == [] and await states(store) == []
    assert "I don't know" in await dm(cohort, "cto", "we never meet")


@pytest.mark.parametrize(("word", "locale"), [("help", "en"), ("hilfe", "de")])
async def test_help_keeps_the_question_open(cohort: Cohort, word: str, locale: str) -> None:
    await dm(cohort, "cto", "change")
    shown = await dm(cohort, "cto", word, locale=locale)
    assert "`" in shown and len(shown.splitlines()) > 3  # the list of commands
    assert "went privately" in await dm(cohort, "cto", "please a new partner")


@pytest.mark.parametrize(("again", "locale"), [("change", "en"), ("wechseln", "de")])
async def test_the_asking_command_typed_again_is_not_the_answer(
        cohort: Cohort, store: Store, again: str, locale: str) -> None:
    await dm(cohort, "cto", again, locale=locale)
    assert "still waiting" in await dm(cohort, "cto", again, locale="en")
    await cohort.deliver()
    assert requests(cohort) == [] and len(await states(store)) == 1
    assert "went privately" in await dm(cohort, "cto", "a new partner, please")


async def test_an_unanswered_question_expires(cohort: Cohort, clock: FakeClock,
                                              store: Store) -> None:
    await dm(cohort, "cto", "change")
    clock.advance(timedelta(hours=25))
    assert "I don't know `we`" in await dm(cohort, "cto", "we never meet")
    await cohort.deliver()
    assert requests(cohort) == []


async def test_a_slash_command_is_never_captured(cohort: Cohort, store: Store) -> None:
    await dm(cohort, "cto", "change")
    replies = await cohort.send("cto", CommandInvoked(cohort.actor("cto"), "status"))
    assert replies and "went privately" not in repr(replies)
    assert len(await states(store)) == 1  # still waiting for the typed answer


async def test_a_signed_up_persons_state_does_not_capture(cohort: Cohort, store: Store) -> None:
    async with store.unit() as repos:
        enrolled = await repos.states.get("console:cto", "signup")
    assert enrolled is not None and not enrolled.step.startswith("ask:")
    assert "I don't know `we`" in await dm(cohort, "cto", "we never meet")


async def test_the_question_is_asked_in_german(cohort: Cohort) -> None:
    asked = await dm(cohort, "cto", "wechseln", locale="de")
    assert "Was soll sich ändern?" in asked and "`abbrechen`" in asked
    assert "Abgebrochen. Es wurde nichts gesendet." in await dm(cohort, "cto", "abbrechen",
                                                                 locale="de")


def test_a_conversation_claimed_twice_is_rejected_when_merging() -> None:
    twice = Flow(conversations=(("change", answer_change),))
    with pytest.raises(ValueError, match="conversation 'change' is declared twice"):
        merge(*registry.FLOWS, twice)
