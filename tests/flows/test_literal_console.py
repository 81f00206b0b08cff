"""Issue 7, item 4 in the console: what people type is printed to others exactly as typed.

The flows mark it verbatim; the console drops only the bot's own markers (bold, italic) and
never a person's.
"""

from __future__ import annotations

from adapters.console import ConsoleSender
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.replies import Card, Text
from tests.flows.test_matching_kickoff import Cohort, button

TYPED = ("[Your HR review is ready](https://evil.example) *bold* <!channel> "
         "<https://evil.example|x> **b** _i_ `c`")


async def printed(cohort: Cohort, name: str) -> str:
    """The person's messages as the console shows them on delivery."""
    out: list[str] = []
    sender = ConsoleSender(out.append)
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
