"""Issue 7, item 4 in the console: what people type is printed to others exactly as typed.

The flows mark it verbatim; the console drops only the bot's own markers (bold, italic) and
never a person's. And a guard for every flow: people's text never enters a reply unmarked.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapters.console import ConsoleSender
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor
from conversations.replies import (
    Card,
    DirectMessage,
    Form,
    FormAccepted,
    FormErrors,
    Reply,
    Text,
    Update,
    has_verbatim,
    segments,
    without_markers,
)
from tests.flows.test_matching_kickoff import Cohort, button

TYPED = ("[Your HR review is ready](https://evil.example) *bold* <!channel> "
         "<https://evil.example|x> **b** _i_ `c`")


async def printed(cohort: Cohort, name: str) -> str:
    """The person's messages as the console shows them on delivery."""
    out: list[str] = []
    sender = ConsoleSender(out.append, name)
    bodies: list[Text | Card] = cohort.inbox.get(name, [])
    for body in bodies:
        await sender.send(f"console:{name}", None, body)
    return "\n".join(out)


async def test_a_goal_and_a_change_reason_are_printed_as_typed(core: TandemCore,
                                                               clock: FakeClock) -> None:
    cohort = Cohort(core, clock)
    await cohort.signup("ana", "mentor", "apprentice", "Technik", ["ai"], None)
    await cohort.signup("ceo", "mentee", "executive", "Vorstand", ["ai"], None)
    [card] = await cohort.send("hr", "match")
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))

    await cohort.submit("ceo", "goals:1", {"goal1": TYPED})
    partner = await printed(cohort, "ana")
    assert f"Ceo set your tandem's learning goals:\n- {TYPED}" in partner

    await cohort.send("ceo", f"change {TYPED}")
    coordinator = await printed(cohort, "hr")
    assert "Ceo privately asks for a change" in coordinator  # the bot's bold is dropped
    assert f"> {TYPED}" in coordinator  # the person's is not


# Markup, a link and a mention: wherever it turns up outside a verbatim segment, a flow put
# people's text into a reply without marking it.
CANARY = "[x](https://evil.example)*c*<!here>"


def strings(reply: Reply | Text | Card) -> list[str]:
    """Every text a platform shows of a reply (a form's pre-filled answers apart)."""
    match reply:
        case Text():
            return [reply.markdown]
        case Card():
            return [reply.title, *reply.sections, *(b.label for b in reply.buttons)]
        case Form():
            fields = [x for f in reply.fields
                      for x in (f.label, f.hint or "", f.placeholder or "",
                                *(c.label for c in f.choices))]
            return [reply.title, reply.intro, reply.submit_label, reply.open_label, *fields]
        case FormErrors():
            return [*reply.errors.values(), *(strings(reply.form) if reply.form else [])]
        case FormAccepted():
            return [reply.message]
        case DirectMessage():
            return strings(reply.body)
        case Update():
            return strings(reply.body)
    raise TypeError(reply)


class Recording(Cohort):
    """A cohort whose names and answers are all the canary; it keeps every reply."""

    replies: list[Reply]

    def actor(self, name: str, locale: str = "en") -> Actor:
        return Actor("console", name, display_name=f"{CANARY} {name}", locale=locale)

    async def send(self, name: str, event_or_text: Any, locale: str = "en") -> list[Reply]:
        replies = await super().send(name, event_or_text, locale)
        self.replies = [*getattr(self, "replies", []), *replies]
        return replies


async def test_no_flow_puts_peoples_text_into_a_reply_unmarked(core: TandemCore,
                                                               clock: FakeClock) -> None:
    c = Recording(core, clock)
    await c.send("hr", "help")
    await c.signup("ana", "mentor", "apprentice", CANARY, ["ai"], None)
    await c.signup("ceo", "mentee", "executive", CANARY, ["ai"], None)
    [card] = await c.send("hr", "match")
    await c.click("hr", "match.approve_all", button(card, "match.approve_all"))
    for name in ("ceo", "ana"):
        await c.send(name, "status")
    await c.click("ceo", "kickoff.rules", "1")
    await c.click("ceo", "kickoff.goals", "1")
    [refused] = await c.submit("ceo", "goals:1", {"goal1": CANARY, "goal2": "x" * 300})
    assert isinstance(refused, FormErrors) and refused.form is not None
    assert refused.form.fields[0].initial == CANARY  # pre-filled as typed, unmarked
    await c.submit("ceo", "goals:1", {"goal1": CANARY, "goal2": CANARY})
    await c.submit("ana", "cadence:1", {"days": "14", "minutes": "45", "mode": "video"})
    for name in ("ceo", "ana"):
        await c.send(name, "status")
    await c.send("hr", "tandems")
    await c.send("ceo", f"change {CANARY}")
    await c.send("ceo", CANARY.replace(" ", ""))  # an unknown word, echoed
    clock.advance(timedelta(days=21))
    await c.tick()
    await c.send("hr", "dissolve 1")

    texts = [s for r in c.replies for s in strings(r)]
    texts += [s for bodies in c.inbox.values() for b in bodies for s in strings(b)]
    assert sum("evil.example" in without_markers(s) for s in texts) >= 15  # it was shown
    for text in texts:
        for part, is_verbatim in segments(text):
            assert is_verbatim or "evil.example" not in part, text
    for reply in c.replies:
        if isinstance(reply, Form):
            assert not any(has_verbatim(str(f.initial)) for f in reply.fields)


async def test_the_console_sender_takes_every_destination() -> None:
    from conversations.destinations import Channel, Group
    from conversations.outbox import Unreachable, send_to

    out: list[str] = []
    sender = ConsoleSender(out.append, "alice")
    assert sender.groups is False  # the outbox sends a group's message to each terminal
    with pytest.raises(Unreachable):
        await send_to(sender, Group(("console:alice", "console:bob")), None, Text("hi"))
    await send_to(sender, Channel("console", "program"), None, Text("Welcome **all**"))
    assert out == ["(in #program) Welcome all"]
