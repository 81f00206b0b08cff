"""Issue 8, item 4: only the current open run, from the pool it was proposed from, can be
approved; nobody hears "no partner" twice for one sign-up; button numbers are not proposals."""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.console import ConsoleAdapter
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor, Event
from conversations.replies import Card, Reply
from storage.models import Tandem
from tests.flows.test_matching_kickoff import Cohort, button, proposals


async def tandems(c: Cohort) -> int:
    async with c.core.store.session() as s:
        return int(await s.scalar(select(func.count()).select_from(Tandem)) or 0)


async def two_pairs(core: TandemCore, clock: FakeClock) -> tuple[Cohort, Reply]:
    c = Cohort(core, clock)
    await c.signup("m1", "mentor", "junior", "Technik", ["ai"], None)
    await c.signup("m2", "mentor", "junior", "Marketing", ["tools"], None)
    await c.signup("e1", "mentee", "lead", "Vertrieb", ["ai"], None)
    await c.signup("e2", "mentee", "lead", "Recht", ["tools"], None)
    [card] = await c.send("hr", "match")
    assert proposals(card) == [("m1", "e1"), ("m2", "e2")]
    return c, card


def text(replies: list[Reply]) -> str:
    """What each reply says; an updated card says its new words."""
    return "\n".join(getattr(getattr(r, "body", r), "markdown", "") for r in replies)


async def test_a_sign_up_after_the_card_makes_it_out_of_date(core: TandemCore,
                                                             clock: FakeClock) -> None:
    c, card = await two_pairs(core, clock)
    await c.signup("late", "mentee", "lead", "Einkauf", ["ai"], None)
    for action in ("match.approve_all", "match.approve", "match.reject"):
        assert "out of date" in text(await c.click("hr", action, button(card, action)))
    assert await tandems(c) == 0
    [fresh] = await c.send("hr", "match")
    done = text(await c.click("hr", "match.approve_all", button(fresh, "match.approve_all")))
    assert "Approved 2 tandem(s)" in done


async def test_a_pause_after_the_card_makes_it_out_of_date(
        core: TandemCore, clock: FakeClock) -> None:
    c, card = await two_pairs(core, clock)
    await c.text("e2", "pause 2027-03-01")
    replies = await c.click("hr", "match.approve", button(card, "match.approve"))
    assert "out of date" in text(replies)
    assert await tandems(c) == 0


async def test_the_runs_own_approvals_keep_its_card_current(core: TandemCore,
                                                            clock: FakeClock) -> None:
    c, card = await two_pairs(core, clock)
    first = text(await c.click("hr", "match.approve", button(card, "match.approve", 0)))
    second = text(await c.click("hr", "match.approve", button(card, "match.approve", 1)))
    assert "Approved 1 tandem(s)" in first and "Approved 1 tandem(s)" in second
    assert await tandems(c) == 2


async def test_an_older_run_is_out_of_date_once_a_newer_one_exists(core: TandemCore,
                                                                   clock: FakeClock) -> None:
    c, old = await two_pairs(core, clock)
    [new] = await c.send("hr", "match")
    assert "out of date" in text(await c.click("hr", "match.approve", button(old, "match.approve")))
    assert "Approved 2" in text(await c.click("hr", "match.approve_all",
                                              button(new, "match.approve_all")))


async def test_a_button_value_without_the_pools_digest_is_out_of_date(
        core: TandemCore, clock: FakeClock) -> None:
    c, card = await two_pairs(core, clock)
    bare = button(card, "match.approve").split(".")[0]  # a card from before this change
    assert "out of date" in text(await c.click("hr", "match.approve", bare))
    assert await tandems(c) == 0


async def test_nobody_is_told_no_partner_twice_for_one_sign_up(core: TandemCore,
                                                               clock: FakeClock) -> None:
    c, card = await two_pairs(core, clock)
    await c.signup("lonely", "mentee", "lead", "Einkauf", ["careers"], None)
    [card] = await c.send("hr", "match")
    await c.click("hr", "match.approve_all", button(card, "match.approve_all"))
    assert c.received("lonely").count("could not find a fitting tandem partner") == 1
    # New people, a new run: Lonely is still unmatched, and hears nothing new.
    await c.signup("m3", "mentor", "junior", "Technik", ["ai"], None)
    await c.signup("e3", "mentee", "lead", "Recht", ["ai"], None)
    [again] = await c.send("hr", "match")
    done = text(await c.click("hr", "match.approve_all", button(again, "match.approve_all")))
    assert "without a partner were told" not in done
    assert c.received("lonely").count("could not find a fitting tandem partner") == 1
    # A changed sign-up is a new round: then the next run tells them again.
    await c.text("lonely", "pause 2027-03-01")
    await c.text("lonely", "resume")
    await c.signup("m4", "mentor", "junior", "Technik", ["tools"], None)
    await c.signup("e4", "mentee", "lead", "Recht", ["tools"], None)
    [third] = await c.send("hr", "match")
    await c.click("hr", "match.approve_all", button(third, "match.approve_all"))
    assert c.received("lonely").count("could not find a fitting tandem partner") == 2


async def test_typing_1_at_the_console_never_approves_all(core: TandemCore,
                                                          clock: FakeClock) -> None:
    c, _ = await two_pairs(core, clock)
    out: list[str] = []
    actor = Actor("console", "hr", display_name="Hr", locale="en")

    async def handle(event: Event) -> list[Reply]:
        return (await core.handle(event)).replies

    async def ask(prompt: str) -> str | None:
        return None

    console = ConsoleAdapter(handle, actor, ask, out.append)
    await console.process_line("match")
    shown = "\n".join(out)
    assert "A. " in shown and "B. " in shown and "1. " not in shown.replace("[1]", "")
    assert "[1] Approve A" in shown and "[5] Approve all" in shown
    out.clear()
    await console.process_line("1")
    assert "Approved 1 tandem(s)" in "\n".join(out)
    assert await tandems(c) == 1
    assert isinstance(_, Card)
