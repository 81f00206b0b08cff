"""`my data`, `forget me` and `erase`: the export holds every table's rows of the person
asking and nothing private of anyone else; after an erasure no row of any table holds the
person's name, platform id or what they typed, the partner was told neutrally, the
coordinators that a participant left; a second click erases nothing more; `erase` is for
coordinators only and is logged without content."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from conversations.attachments import File
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import ButtonClicked
from conversations.replies import Card, Reply, Text, Update, message_to_dict
from storage import personal_data
from storage.models import (
    Answer,
    Base,
    OutboxMessage,
    Person,
    QuickWin,
    QuickWinConsent,
    Response,
    Tandem,
)
from storage.personal_data import INVENTORY, unclassified
from storage.questionnaires import Ask, Given
from tests.flows.test_matching_kickoff import Cohort
from tests.flows.test_sessions import GOAL, active_pair

A_TEXT = "Salesvp's own secret: I learned that prompts need examples"
B_TEXT = "Ben's private note about the partner"
A_DRAFT = "Salesvp drafted this quick win about chatbots"
B_WIN = "Ben's posted anonymous win about automation"


def cards(replies: list[Reply]) -> list[Card]:
    return [r for r in replies if isinstance(r, Card)]


def said(replies: list[Reply]) -> str:
    out = []
    for r in replies:
        body = r.body if isinstance(r, Update) else r
        if isinstance(body, Text):
            out.append(body.markdown)
        elif isinstance(body, Card):
            out += [body.title, *body.sections, *(b.label for b in body.buttons)]
    return "\n".join(out)


async def seeded(core: TandemCore, clock: FakeClock) -> tuple[Cohort, int]:
    """salesvp and ben in an active tandem with a session, a retro each with free text,
    ben's posted anonymous quick win and salesvp's open draft."""
    c, tid = await active_pair(core, clock)
    clock.advance(timedelta(days=6))
    await c.submit("ben", f"log:{tid}", {"date": "2027-01-25", "minutes": "50",
                                         "about": "goal1"})
    assert core.program_id is not None
    async with core.store.unit() as repos:
        people = await repos.people.by_keys(["console:salesvp", "console:ben"])
        a, b = people["console:salesvp"], people["console:ben"]
        for person, role, text in ((a, "mentee", A_TEXT), (b, "mentor", B_TEXT)):
            [response] = await repos.responses.ask_many([Ask(
                core.program_id, tid, person.id, "mid", "mid", role, clock.now().date())],
                clock.now())
            await repos.responses.put(response, Given("rating", number=4), clock.now())
            await repos.responses.put(response, Given("learned", text=text), clock.now())
            response.completed_at = clock.now()
        now = clock.now()
        for author, text, status in ((b, B_WIN, "posted"), (a, A_DRAFT, "open")):
            await repos.quick_wins.add(QuickWin(
                program_id=core.program_id, tandem_id=tid, author_id=author.id, text=text,
                status=status, revision=1, created_at=now, updated_at=now,
                posted_at=now if status == "posted" else None,
                consents=[QuickWinConsent(person_id=p.id, approved_revision=1,
                                          show_name=False, updated_at=now)
                          for p in (a, b)]))
        # HR's directory knows her, and names her as Ben's manager; Ben's sign-up too; a
        # note to Ben that names her waits for his working hours.
        await repos.directory.upsert(person_key="console:salesvp",
                                     email="salesvp@example.com", now=now, name="Salesvp",
                                     department="Vertrieb")
        await repos.directory.upsert(person_key="console:ben", email="ben@example.com",
                                     now=now, name="Ben", manager_ref="salesvp@example.com")
        enrollment = await repos.enrollments.for_person(core.program_id, b.id)
        assert enrollment is not None
        enrollment.manager = "console:salesvp"
        await repos.outbox.enqueue("note:1", "console:ben", message_to_dict(Text(
            "Salesvp logged your session")), now, not_before=now + timedelta(days=1))
    return c, tid


async def exported(c: Cohort, name: str, command: str = "my data",
                   locale: str = "en") -> tuple[dict[str, Any], list[Reply]]:
    replies = await c.send(name, command, locale)
    [file] = [r for r in replies if isinstance(r, File)]
    assert file.media_type == "application/json" and file.name.endswith(".json")
    return json.loads(file.content), replies


def test_the_inventory_classifies_every_table_and_column(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    assert unclassified() == []
    # A column the inventory forgot is named, so a new table or column cannot slip through.
    people = INVENTORY["people"]
    monkeypatch.setitem(INVENTORY, "people", personal_data.Holds(
        people.relation, {k: v for k, v in people.columns.items() if k != "display_name"}))
    monkeypatch.delitem(INVENTORY, "quick_wins")
    assert unclassified() == ["people.display_name", "quick_wins"]


async def test_my_data_holds_every_table_of_mine_and_nothing_private_of_my_partner(
        core: TandemCore, clock: FakeClock) -> None:
    c, _tid = await seeded(core, clock)
    data, replies = await exported(c, "salesvp")
    assert "everything" in said(replies)
    personal = set(INVENTORY) - {"programs", "processed_events", "inbox"}
    assert set(data) == personal
    for table in ("people", "enrollments", "tandems", "tandem_members", "sessions",
                  "responses", "answers", "answer_texts", "quick_wins", "quick_win_consents",
                  "proposed_pairs"):
        assert data[table], table
    text = json.dumps(data, ensure_ascii=False)
    assert A_TEXT in text and A_DRAFT in text and GOAL in text
    assert B_TEXT not in text  # the partner's free text: never
    assert data["people"][0]["key"] == "console:salesvp"
    assert data["tandems"][0]["partners"] == [{"display_name": "Ben", "role": "mentor"}]
    assert "console:ben" not in text  # the partner by display name only
    assert {r["person_id"] for r in data["responses"]} == {data["people"][0]["id"]}
    # And ben's export has his text, not hers.
    theirs, _ = await exported(c, "ben", "meine daten", "de")
    other = json.dumps(theirs, ensure_ascii=False)
    assert B_TEXT in other and A_TEXT not in other and A_DRAFT in other  # a shared draft


async def test_my_data_in_german_and_for_a_stranger(core: TandemCore, clock: FakeClock
                                                   ) -> None:
    c = Cohort(core, clock)
    data, replies = await exported(c, "nobody", "meine daten", "de")
    assert "Hier ist alles" in said(replies)
    assert set(data) == {"addresses", "conversation_states"}
    assert "Tandem speichert keine personenbezogenen Daten" in said(
        await c.send("nobody", "vergiss mich", "de"))


def values(row: Any) -> str:
    return json.dumps([getattr(row, c.key) for c in row.__table__.columns], default=str,
                      ensure_ascii=False).lower()


async def everything(core: TandemCore) -> list[tuple[str, str]]:
    """(table, every value of a row as text) for every row of every table."""
    out = []
    async with core.store.session() as s:
        for mapper in Base.registry.mappers:
            model = mapper.class_
            for row in await s.scalars(select(model)):
                out.append((model.__tablename__, values(row)))
    return out


async def test_forget_me_leaves_no_trace_and_tells_partner_and_coordinators(
        any_core: TandemCore, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    core = any_core  # SQLite and PostgreSQL: the JSON searches differ between them
    c, tid = await seeded(core, clock)
    async with core.store.session() as s:
        answers_before = await s.scalar(select(func.count()).select_from(Answer))
        responses_before = await s.scalar(select(func.count()).select_from(Response))
        tables = {t for t, v in await everything(core) if "salesvp" in v}
    assert {"people", "answer_texts", "quick_wins", "directory", "enrollments", "outbox"} <= tables
    caplog.set_level(logging.DEBUG)

    [card] = cards(await c.send("salesvp", "forget me"))
    assert "Erase your data" in card.title and "told only that you left" in card.sections[0]
    [yes] = [b for b in card.buttons if b.action_id == "gdpr.forget"]
    done = await c.click("salesvp", yes.action_id, yes.value)
    assert isinstance(done[0], Update) and "has been erased" in said(done)

    for table, row in await everything(core):
        for needle in ("salesvp", A_TEXT.lower(), A_DRAFT.lower(), GOAL.lower()):
            assert needle not in row, (table, needle, row)
    assert "salesvp" not in caplog.text.lower() and A_TEXT not in caplog.text
    assert "a participant erased their own data" in caplog.text
    # What stays is anonymous and still counts.
    async with core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Answer)) == answers_before
        tomb = await s.scalar(select(Person).where(Person.platform == "erased"))
        assert tomb is not None and tomb.display_name is None
        assert await s.scalar(select(func.count()).select_from(Response)) == responses_before
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.status == "dissolved"
        win = await s.scalar(select(QuickWin).where(QuickWin.text == B_WIN))
        assert win is not None and win.status == "posted"  # anonymous: it stays
        # The partner's own free text is theirs: it stays.
        assert any(B_TEXT.lower() in v for t, v in await everything(core) if t == "answer_texts")
    # Delivered at once: it is within their working hours.
    assert "Your tandem partner has left" in c.received("ben")
    assert "Salesvp" not in c.received("ben")
    assert "A participant has left" in c.received("hr")

    # A second click: nothing more happens.
    again = await c.click("salesvp", yes.action_id, yes.value)
    assert "already been erased" in said(again)
    async with core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Person).where(
            Person.platform == "erased")) == 1
        coordinator_notes = await s.scalar(select(func.count()).select_from(OutboxMessage)
                                           .where(OutboxMessage.kind == "erased"))
    assert coordinator_notes == len(core.program.coordinators)  # one each, once
    for table, row in await everything(core):
        assert "salesvp" not in row, table


async def test_erase_is_for_coordinators_and_logged_without_content(
        core: TandemCore, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    c, _tid = await seeded(core, clock)
    refused = await c.send("ben", "erase Salesvp")
    assert "only the program's coordinators" in said(refused)
    assert "nobody by that name" in said(await c.send("hr", "erase Nobody Here"))
    assert "Whose data" in said(await c.send("hr", "erase"))
    caplog.set_level(logging.DEBUG)
    [card] = cards(await c.send("hr", "erase salesvp"))
    assert "Salesvp" in card.title
    [yes] = [b for b in card.buttons if b.action_id == "gdpr.erase"]
    # A participant pressing the coordinator's button changes nothing.
    assert "only the program's coordinators" in said(await c.click("ben", "gdpr.erase",
                                                                   yes.value))
    done = await c.click("hr", yes.action_id, yes.value)
    assert "personal data has been erased" in said(done)
    assert "already been erased" in said(await c.click("hr", yes.action_id, yes.value))
    for table, row in await everything(core):
        assert "salesvp" not in row and A_TEXT.lower() not in row, table
    erased = [r for r in caplog.records if "erased" in r.getMessage()]
    assert [r.getMessage() for r in erased] == ["a coordinator erased a participant's data"]
    assert "salesvp" not in caplog.text.lower()
    assert "Your tandem partner has left" in c.received("ben")
    assert "A participant has left" not in c.received("hr")  # the one who erased knows


async def test_cancel_and_german_confirmation(core: TandemCore, clock: FakeClock) -> None:
    c, _tid = await active_pair(core, clock)
    [card] = cards(await c.send("salesvp", "vergiss mich", "de"))
    assert "Ihre Daten" in card.title
    [no] = [b for b in card.buttons if b.action_id == "gdpr.cancel"]
    assert "Es wurde nichts gelöscht" in said(await c.send("salesvp", ButtonClicked(
        c.actor("salesvp", "de"), no.action_id, no.value)))
    assert "Did you mean `forget me`" in said(await c.send("salesvp", "forget it"))
    async with core.store.session() as s:
        assert await s.scalar(select(Person.id).where(Person.key == "console:salesvp"))
    assert "coordinator of this program" in said(await c.send("hr", "forget me"))


async def test_bad_button_values_change_nothing(core: TandemCore, clock: FakeClock) -> None:
    c, _tid = await active_pair(core, clock)
    for value in ("", "abc", "99999999999999999999:1", "-1:0", "1:x"):
        replies = await c.click("salesvp", "gdpr.forget", value)
        assert "erased" in said(replies) or "out of date" in said(replies) or (
            "no longer in use" in said(replies)), value
    async with core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Person).where(
            Person.platform == "erased")) == 0
        assert await s.scalar(select(Person.id).where(Person.key == "console:salesvp"))
    # Someone else's confirmation does nothing to them.
    [card] = cards(await c.send("ben", "forget me"))
    [yes] = [b for b in card.buttons if b.action_id == "gdpr.forget"]
    assert "no longer in use" in said(await c.click("salesvp", "gdpr.forget", yes.value))
    async with core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Person).where(
            Person.platform == "erased")) == 0


async def test_only_waiting_messages_that_name_them_are_dropped(core: TandemCore,
                                                                clock: FakeClock) -> None:
    c, _tid = await active_pair(core, clock)
    later = clock.now() + timedelta(days=1)
    async with core.store.unit() as repos:
        for key, text in (("a", "Ben logged your session"), ("b", "Benachrichtigungen: 3")):
            await repos.outbox.enqueue(f"note:{key}", "console:salesvp", message_to_dict(
                Text(text)), clock.now(), not_before=later)
    [card] = cards(await c.send("ben", "forget me"))
    [yes] = [b for b in card.buttons if b.action_id == "gdpr.forget"]
    await c.click("ben", yes.action_id, yes.value)
    async with core.store.session() as s:
        kept = set(await s.scalars(select(OutboxMessage.dedupe_key).where(
            OutboxMessage.dedupe_key.startswith("note:"))))
    assert kept == {"note:b"}
