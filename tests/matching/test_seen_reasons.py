"""The three cases in which a coordinator was given wrong reasons (issue 8, item 3), played
through the flows: the coordinator's card counts the binding reasons, the person's message
stays general and true."""

from __future__ import annotations

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.replies import Card, without_markers
from tests.flows.test_matching_kickoff import Cohort, button, proposals


def lines(card: object) -> str:
    assert isinstance(card, Card)
    return without_markers("\n".join(card.sections))


async def test_manager_of_two_mentors_and_more_junior_than_a_third(core: TandemCore,
                                                                   clock: FakeClock) -> None:
    c = Cohort(core, clock)
    await c.signup("boss", "mentee", "lead", "Technik", ["ai"], None, languages=("de",))
    await c.signup("m1", "mentor", "junior", "Technik", ["ai"], "console:boss", ("de",))
    await c.signup("m2", "mentor", "junior", "Technik", ["ai"], "console:boss", ("de",))
    await c.signup("m3", "mentor", "executive", "Vertrieb", ["ai"], None, ("de",))
    for n in range(3):  # mentors of other topics: never a reason
        await c.signup(f"x{n}", "mentor", "junior", "Marketing", ["tools"], None, ("de",))
    await c.signup("other", "mentee", "lead", "Einkauf", ["tools"], None, ("de",))
    [card] = await c.send("hr", "match")
    text = lines(card)
    assert ("Boss (mentee): mentors who offer these topics: 3, of them 2 in a direct "
            "reporting line with "
            "them and 1 not at least 1 level(s) more junior than them") in text
    assert "no mentor offers" not in text
    [card] = await c.send("hr", "match", locale="de")  # the same run, for a German coordinator
    assert ("Boss (Mentee): Mentor/innen mit diesen Themen: 3, davon 2 direkt vorgesetzt "
            "oder unterstellt und 1 nicht niedriger eingestuft (Mindestabstand in Stufen: 1)"
            ) in lines(card)
    assert "Stufe(n)" not in lines(card) and "zur Person" not in lines(card)
    await c.click("hr", "match.approve_all", button(card, "match.approve_all"))
    told = c.received("boss")
    assert ("Nobody who shares your topics could be paired with you this time. The program's "
            "rules that applied: no reporting line between the partners and the mentor being "
            "the more junior one.") in told
    for name in ("M1", "M2", "M3", "X0", "Other"):
        assert name not in told


async def test_after_a_rejection_the_mentor_is_not_told_nobody_speaks_english(
        core: TandemCore, clock: FakeClock) -> None:
    c = Cohort(core, clock)
    await c.signup("m", "mentor", "junior", "Technik", ["ai"], None, languages=("en",))
    await c.signup("e1", "mentee", "lead", "Vertrieb", ["ai"], None, languages=("en",))
    await c.signup("e2", "mentee", "lead", "Einkauf", ["ai"], None, languages=("de",))
    await c.signup("e3", "mentee", "lead", "Personal", ["ai"], None, languages=("de",))
    await c.signup("m2", "mentor", "junior", "Marketing", ["tools"], None, ("de",))
    await c.signup("e4", "mentee", "lead", "Recht", ["tools"], None, ("de",))
    [card] = await c.send("hr", "match")
    assert ("m", "e1") in proposals(card)
    index = proposals(card).index(("m", "e1"))
    _, again = await c.click("hr", "match.reject", button(card, "match.reject", index))
    text = lines(again)
    assert ("M (mentor): mentees who want these topics: 3, of them 1 rejected or dissolved "
            "as their pair "
            "before and 2 without a shared language") in text
    assert "nobody in the other role speaks" not in text
    await c.click("hr", "match.approve_all", button(again, "match.approve_all"))
    told = c.received("m")
    assert "could not find a fitting tandem partner" in told
    assert "speaks" not in told and "Nobody in the other role who shares" not in told
    assert "The program's rules that applied: a shared language." in told


async def test_after_a_dissolve_the_former_partner_is_counted(core: TandemCore,
                                                              clock: FakeClock) -> None:
    c = Cohort(core, clock)
    await c.signup("m", "mentor", "junior", "Technik", ["ai"], None)
    await c.signup("e", "mentee", "lead", "Vertrieb", ["ai"], None)
    [card] = await c.send("hr", "match")
    await c.click("hr", "match.approve_all", button(card, "match.approve_all"))
    listing = await c.text("hr", "tandems")
    tid = listing.split("#")[1].split(" ")[0]
    for reply in await c.send("hr", f"dissolve {tid}"):
        ends = [b for b in getattr(reply, "buttons", ()) if b.action_id == "tandems.dissolve"]
        if ends:  # a confirmation with the reason asked first
            await c.click("hr", ends[0].action_id, ends[0].value)
    await c.signup("m2", "mentor", "junior", "Marketing", ["tools"], None)
    await c.signup("e2", "mentee", "lead", "Recht", ["tools"], None)
    [again] = await c.send("hr", "match")
    text = lines(again)
    assert ("M (mentor): mentees who want these topics: 1, of them 1 rejected or dissolved "
            "as their pair "
            "before") in text
    assert "no mentee wants" not in text
    await c.click("hr", "match.approve_all", button(again, "match.approve_all"))
    assert "No other fitting partner was available this round." in c.received("m")


async def test_a_run_without_proposals_promises_no_message(core: TandemCore,
                                                          clock: FakeClock) -> None:
    """Nothing to approve, so nobody is told: the card must not say 'when you approve'."""
    c = Cohort(core, clock)
    await c.signup("boss", "mentee", "lead", "Technik", ["ai"], None, languages=("de",))
    await c.signup("m1", "mentor", "junior", "Technik", ["ai"], "console:boss", ("de",))
    [card] = await c.send("hr", "match")
    assert isinstance(card, Card) and not card.buttons
    text = lines(card)
    assert "When you approve" not in text
    assert "They stay on the waiting list and are not told anything yet." in text
    [card] = await c.send("hr", "match", locale="de")
    assert "Mit Ihrer Freigabe" not in lines(card)
    assert "bleiben auf der Warteliste" in lines(card)
