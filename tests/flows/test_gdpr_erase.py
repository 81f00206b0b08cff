"""Erasure's edges: a person known only by their platform id (no display name), a quick win
on its way to the channel, and two people with the same display name."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.flows.wording import person_name
from conversations.replies import Text, message_to_dict, without_markers
from storage.models import Enrollment, OutboxMessage, Person, QuickWin
from storage.quick_wins import post_key
from tests.flows.test_gdpr import everything, seeded
from tests.flows.test_matching_kickoff import Cohort
from tests.flows.test_sessions import active_pair

NOTE = "we cannot agree on a time, please help"


async def forget(c: Cohort, name: str) -> None:
    [card] = [r for r in await c.send(name, "forget me") if hasattr(r, "buttons")]
    [yes] = [b for b in card.buttons if b.action_id == "gdpr.forget"]  # type: ignore[attr-defined]
    await c.click(name, yes.action_id, yes.value)


async def waiting(core: TandemCore) -> set[str]:
    async with core.store.session() as s:
        return set(await s.scalars(select(OutboxMessage.dedupe_key).where(
            OutboxMessage.sent_at.is_(None))))


async def test_a_slack_person_without_a_display_name_is_erased_from_waiting_notices(
        any_core: TandemCore, clock: FakeClock) -> None:
    core = any_core  # SQLite and PostgreSQL: the JSON searches differ between them
    now = clock.now()
    async with core.store.unit() as repos:
        # Slack's profile lookup failed: the person has an id and no name.
        person = await repos.people.upsert(key="slack:U07ABC", platform="slack",
                                           platform_user_id="U07ABC", now=now)
        name = person_name(person, person.key)
        assert without_markers(name) == "U07ABC"
        # "We need help" with a note: the coordinators' notice names them by that id.
        await repos.outbox.enqueue("help:1:console:hr", "console:hr", message_to_dict(Text(
            f"**{name}** asks for help with tandem #1: {NOTE}")), now,
            not_before=now + timedelta(hours=12))
        await repos.personal.erase(person, [])
    for table, row in await everything(core):
        assert "u07abc" not in row and NOTE not in row, (table, row)


async def test_a_quick_win_on_its_way_is_withdrawn_and_its_post_dropped(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid = await active_pair(core, clock)
    now = clock.now()
    assert core.program_id is not None
    text = "Salesvp's anonymous win, approved but not yet in the channel"
    async with core.store.unit() as repos:
        author = await repos.people.by_key("console:salesvp")
        assert author is not None
        win = QuickWin(program_id=core.program_id, tandem_id=tid, author_id=author.id,
                       text=text, status="posting", revision=1, created_at=now,
                       updated_at=now, consents=[])
        await repos.quick_wins.add(win)
        await repos.session.flush()
        win_id = win.id
        await repos.outbox.enqueue(post_key(win_id, "slack"), "slack:#CWINS",
                                   message_to_dict(Text(text)), now,
                                   not_before=now + timedelta(hours=12))
    await forget(c, "salesvp")
    assert post_key(win_id, "slack") not in await waiting(core)
    async with core.store.session() as s:
        found = await s.get(QuickWin, win_id)
        assert found is not None and (found.status, found.text) == ("withdrawn", "")
    for table, row in await everything(core):
        assert text.lower() not in row, table


async def test_a_namesake_keeps_her_manager_and_her_messages(any_core: TandemCore,
                                                             clock: FakeClock) -> None:
    core = any_core
    c, tid = await seeded(core, clock)  # salesvp and ben in tandem #tid
    now, later = clock.now(), clock.now() + timedelta(days=1)
    assert core.program_id is not None
    async with core.store.unit() as repos:
        # Two people called "Anna": salesvp's display name is Anna, and so is someone else's.
        salesvp = await repos.people.by_key("console:salesvp")
        assert salesvp is not None
        salesvp.display_name = "Anna"
        other = await repos.people.upsert(key="slack:UANNA2", platform="slack",
                                          platform_user_id="UANNA2", now=now,
                                          display_name="Anna")
        await repos.enrollments.add(Enrollment(
            program_id=core.program_id, person_id=other.id, role="mentor", topics=["ai"],
            wants=None, never_match=[], department="Technik", manager="Anna",
            languages=["de"], timezone="Europe/Berlin", level="junior", status="waiting",
            consented_at=now, created_at=now, updated_at=now))
        for key, to, body in (
                ("note:other", "console:cem", "Anna logged your session"),  # the other Anna
                (f"logged:{tid}:console:ben", "console:ben", "Anna logged your session"),
                ("note:key", "console:cem", "console:salesvp wrote")):
            await repos.outbox.enqueue(key, to, message_to_dict(Text(body)), now,
                                       not_before=later)
    await forget(c, "salesvp")
    kept = await waiting(core)
    assert "note:other" in kept  # about the other Anna: it stays
    assert f"logged:{tid}:console:ben" not in kept and "note:key" not in kept
    async with core.store.session() as s:
        managers = set(await s.scalars(select(Enrollment.manager)))
        assert "Anna" in managers  # the other Anna's manager entry is not hers to erase
        assert await s.scalar(select(Person.display_name).where(
            Person.key == "slack:UANNA2")) == "Anna"
    for table, row in await everything(core):
        assert "salesvp" not in row, table
