"""The pairing fit after a tandem's first logged session: asked once, after the retro; "no"
reaches the coordinators privately with Find a new partner (coordinators only, confirmed
first); "not sure" tells nobody; nothing after the program's end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import ButtonClicked, CommandInvoked, FormSubmitted
from conversations.replies import Card, without_markers
from storage.models import Person, Response
from tests.flows.checkin_setup import active_tandem, actor, outbox, text_of
from tests.flows.checkin_setup import click as click_raw

COORDINATORS = ["console:hr", "slack:UCOORD", "teams:coord-aad-id"]


async def click(core: TandemCore, name: str, action: str, value: str) -> str:
    return without_markers(await click_raw(core, name, action, value))


async def _log(core: TandemCore, who: str, tid: int, day: date) -> None:
    outcome = await core.handle(FormSubmitted(actor(who), f"log:{tid}", {
        "date": day.isoformat(), "minutes": "45", "about": "ai"}))
    assert "Logged:" in text_of(outcome.replies), outcome


async def _fit(core: TandemCore, name: str) -> int:
    async with core.store.session() as s:
        rid = await s.scalar(select(Response.id).join(Person, Person.id == Response.person_id)
                             .where(Person.platform_user_id == name, Response.kind == "fit"))
        assert rid is not None
        return rid


async def _hr_reads_english(core: TandemCore) -> None:
    """The coordinator acted once: the bot knows their language (else the program's, German)."""
    await core.handle(CommandInvoked(actor("hr"), "help"))


async def _pair(core: TandemCore, clock: FakeClock) -> int:
    assert core.program_id is not None
    await _hr_reads_english(core)
    return await active_tandem(core.store, core.program_id, clock.now(), ["ada", "erika"],
                               ["mentor", "mentee"])


async def test_the_fit_comes_after_the_first_session_s_retro_and_only_then(
        core: TandemCore, clock: FakeClock) -> None:
    tid = await _pair(core, clock)
    await _log(core, "ada", tid, date(2027, 1, 20))
    for name in ("ada", "erika"):
        mine = [s for s in await outbox(core.store, "q") if s.person == f"console:{name}"]
        assert [s.text.split("\n")[0] for s in mine] == [
            "Retro: your session on January 20, 2027", "Pairing fit"]
        assert "Is this a good fit?" in mine[1].text and "[not sure]" in mine[1].text
    clock.advance(timedelta(days=1))
    await _log(core, "erika", tid, date(2027, 1, 21))
    titles = [s.text.split("\n")[0] for s in await outbox(core.store, "q")]
    assert titles.count("Pairing fit") == 2 and len(titles) == 6  # a second retro each


async def test_no_reaches_the_coordinators_privately_never_the_partner(
        core: TandemCore, clock: FakeClock) -> None:
    tid = await _pair(core, clock)
    await _log(core, "ada", tid, date(2027, 1, 20))
    rid = await _fit(core, "erika")
    said = await click(core, "erika", "q.answer", f"{rid}:fit:no")
    assert "went privately to the program coordinators; Ada is not told" in said
    told = await outbox(core.store, "fit-no")
    assert sorted(s.person for s in told) == COORDINATORS
    hr = next(s for s in told if s.person == "console:hr")
    assert hr.not_before == clock.now()  # queued at once, inside hr's working time (10:00)
    shown = without_markers(hr.text)
    assert "Pairing fit: not a good fit" in shown and "**Erika** answered privately" in shown
    assert "Ada has not been told" in shown
    assert hr.button("tandems.end") == f"{tid}:no_fit"
    to_ada = [without_markers(s.text) for s in await outbox(core.store)
              if s.person == "console:ada"]
    assert len(to_ada) == 2  # her retro and her own fit question; nothing of Erika's answer
    assert not any("answered privately" in x or "not a good fit" in x for x in to_ada)
    # Whoever hears of the answer at all is a coordinator (two read German: never acted).
    about_it = [s.person for s in await outbox(core.store)
                if "answered privately" in s.text or "vertraulich geantwortet" in s.text]
    assert sorted(about_it) == COORDINATORS
    # Only a coordinator may press it; it asks first, "not a good fit" offered first.
    assert "Tandem #" not in await click(core, "ada", "tandems.end", f"{tid}:no_fit")
    [card] = (await core.handle(ButtonClicked(actor("hr"), "tandems.end",
                                              f"{tid}:no_fit"))).replies
    assert isinstance(card, Card) and card.title.startswith(f"End tandem #{tid}")
    assert (card.buttons[0].label, card.buttons[0].value) == ("End: not a good fit",
                                                              f"{tid}:no_fit")
    said = await click(core, "hr", "tandems.dissolve", f"{tid}:no_fit")
    assert f"Tandem #{tid}" in said and "is dissolved (not a good fit)" in said
    ended = {s.person: without_markers(s.text) for s in await outbox(core.store, "dissolved")}
    assert sorted(ended) == ["console:ada", "console:erika"]
    assert all("ended your tandem" in x and "fit" not in x for x in ended.values())
    # The partner's own "no" afterwards reaches nobody: the tandem has ended.
    said = await click(core, "ada", "q.answer", f"{await _fit(core, 'ada')}:fit:no")
    assert len(await outbox(core.store, "fit-no")) == len(COORDINATORS)


async def test_not_sure_and_yes_tell_nobody(core: TandemCore, clock: FakeClock) -> None:
    tid = await _pair(core, clock)
    await _log(core, "ada", tid, date(2027, 1, 20))
    said = await click(core, "erika", "q.answer", f"{await _fit(core, 'erika')}:fit:unsure")
    assert "`change` privately asks the coordinators" in said and "Ada is not told" in said
    said = await click(core, "ada", "q.answer", f"{await _fit(core, 'ada')}:fit:yes")
    assert "went privately" not in said and "`change`" not in said
    assert await outbox(core.store, "fit-no") == []


async def test_in_a_circle_each_member_is_asked_and_a_no_names_the_circle(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    await _hr_reads_english(core)
    tid = await active_tandem(core.store, core.program_id, clock.now(),
                              ["ben", "cem", "dora", "ceo"],
                              ["mentor", "mentor", "mentor", "mentee"], format="group")
    await _log(core, "cem", tid, date(2027, 1, 20))
    fits = [s.person for s in await outbox(core.store, "q") if "Pairing fit" in s.text]
    assert sorted(fits) == ["console:ben", "console:cem", "console:ceo", "console:dora"]
    await click(core, "dora", "q.answer", f"{await _fit(core, 'dora')}:fit:no")
    hr = next(s for s in await outbox(core.store, "fit-no") if s.person == "console:hr")
    assert "their circle" in hr.text and "[End the circle]" in hr.text
    assert hr.button("tandems.end") == f"{tid}:no_fit"


async def test_no_retro_or_fit_for_a_session_logged_from_the_end_day_on(
        core: TandemCore, clock: FakeClock) -> None:
    tid = await _pair(core, clock)
    clock.set(datetime(2027, 7, 15, 8, tzinfo=UTC))  # the program's end day
    await _log(core, "ada", tid, date(2027, 7, 14))
    assert await outbox(core.store, "q") == []


async def test_a_yes_changed_to_no_later_reaches_the_coordinators_once(
        core: TandemCore, clock: FakeClock) -> None:
    tid = await _pair(core, clock)
    await _log(core, "ada", tid, date(2027, 1, 20))
    rid = await _fit(core, "erika")
    await click(core, "erika", "q.answer", f"{rid}:fit:yes")
    assert await outbox(core.store, "fit-no") == []
    clock.advance(timedelta(days=10))
    for _ in range(2):  # "Change my answers" to no, and once more: told once
        outcome = await core.handle(FormSubmitted(actor("erika"), f"qform:{rid}",
                                                  {"fit": "no"}))
        said = without_markers(text_of(outcome.replies))
        assert "Your answers are updated" in said and "went privately" in said
    told = await outbox(core.store, "fit-no")
    assert sorted(s.person for s in told) == COORDINATORS
    assert not [s for s in await outbox(core.store) if s.person == "console:ada"
                and "answered privately" in s.text]
