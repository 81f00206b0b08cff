"""The marker test: nothing anyone types into a questionnaire reaches a coordinator, a log
line or the partner.

The example cohort (four tandems, tests/season) at the console: every free-text answer of
every questionnaire — the retro after a logged session answered by DM replies and by the
form, the pairing fit, the mid-program check-in and the final evaluation put to everyone
with the engine's `put_to`, and answers changed afterwards in the prefilled form — is a
marker of its own. Then the coordinator runs every command `help` lists (and `evaluation`)
and the scheduler runs three weeks of due work. Searched for every marker: each outbox row's
body (to anyone, sent or not, read before delivery deletes it), every reply the coordinator
saw, everything delivered, and every log record of every logger at DEBUG (even those
`tandem serve` holds at WARNING: SQLAlchemy and aiosqlite would log rows and parameters at
DEBUG, which storage/db.py filters out). Each person may see only their own markers: nothing
is shared by default.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.logs import JsonFormatter
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import MessageReceived
from conversations.flows.questionnaires import Asking, put_to
from conversations.flows.registry import TABLE
from conversations.program import Program
from conversations.replies import Card, Form, Reply, Update
from storage.db import Store
from storage.models import (
    AnswerText,
    OutboxMessage,
    Person,
    Response,
    Tandem,
    TandemMember,
)
from storage.questionnaires import Ask
from tests.season.test_six_months import KICKOFF, Season, kick_off, log, season_program

__all__ = ["season_program"]  # the fixture, used below by name

COORDINATOR = "hr"


class Watched(Season):
    """The season, also keeping every reply each person saw and every outbox body before
    delivery deletes it."""

    def __init__(self, core: TandemCore, clock: FakeClock) -> None:
        super().__init__(core, clock)
        self.saw: dict[str, list[str]] = {}
        self.outbox: dict[int, tuple[str, str]] = {}  # id → (recipients, body)

    async def send(self, name: str, event: Any) -> list[Reply]:
        replies = await super().send(name, event)
        self.saw.setdefault(name, []).append(repr(replies))
        return replies

    async def snapshot(self) -> None:
        async with self.core.store.session() as db:
            for m in await db.scalars(select(OutboxMessage).where(
                    OutboxMessage.body.is_not(None))):
                self.outbox[m.id] = (" ".join(m.group_keys or [m.person_key]), repr(m.body))

    async def deliver(self) -> None:
        await self.snapshot()
        await super().deliver()


@pytest.fixture
async def watched(store: Store, season_program: Program) -> Watched:
    clock = FakeClock(KICKOFF)
    core = TandemCore(store, season_program, clock)
    await core.start()
    return Watched(core, clock)


class Markers:
    """A unique marker for each free-text answer, remembering whose it is."""

    def __init__(self) -> None:
        self.counter = itertools.count(1)
        self.of: dict[str, str] = {}  # marker → author

    def new(self, author: str) -> str:
        marker = f"ZQX{next(self.counter):04d}{author.upper()}QZ"
        self.of[marker] = author
        return marker


def _bodies(replies: Sequence[Reply]) -> list[Any]:
    return [r.body if isinstance(r, Update) else r for r in replies]


def _open_card(replies: Sequence[Reply]) -> Card | None:
    """The question card among the replies, if one is asked."""
    cards = [b for b in _bodies(replies) if isinstance(b, Card)
             and any(x.action_id == "q.skip" for x in b.buttons)]
    return cards[-1] if cards else None


async def answer_by_dm(s: Watched, name: str, markers: Markers) -> int:
    """Answer every open questionnaire one question at a time: a reply for a text question,
    the first button for a score or a choice. Returns how many questions were answered."""
    replies, answered = await s.send(name, "retro"), 0
    while (card := _open_card(replies)) is not None:
        buttons = [b for b in card.buttons if b.action_id == "q.answer"]
        if buttons and buttons[-1].value.count(":") == 2:  # a score or a choice: tap it
            replies = await s.click(name, "q.answer", buttons[-1].value)
        elif buttons:  # a kick-off goal ("goals:0"): its label typed, as people may
            replies = await s.send(name, MessageReceived(s.actor(name), buttons[-1].label))
        else:
            replies = await s.send(name, MessageReceived(s.actor(name), markers.new(name)))
        answered += 1
        assert answered < 100, replies
    return answered


async def answer_by_form(s: Watched, name: str, markers: Markers) -> int:
    """Answer every open questionnaire in its form, everything at once."""
    done = 0
    while (card := _open_card(await s.send(name, "retro"))) is not None:
        # A one-question card (the pairing fit) has no form button: its Skip names it too.
        rid = next(b.value.partition(":")[0] for b in card.buttons
                   if b.action_id in ("q.form", "q.skip"))
        done += await fill_form(s, name, rid, markers)
        assert done < 100
    return done


async def fill_form(s: Watched, name: str, rid: str, markers: Markers) -> int:
    [form] = _bodies(await s.click(name, "q.form", rid))
    assert isinstance(form, Form), form
    values: dict[str, str | list[str]] = {
        f.id: markers.new(name) if f.kind == "text" else f.choices[0].value
        for f in form.fields if f.kind != "checkbox"}  # "share with my partner" stays unticked
    await s.submit(name, form.form_id, values)
    return len(values)


async def members_of(s: Watched) -> dict[int, list[tuple[str, int, str]]]:
    """tandem id → [(name, person id, role)]."""
    async with s.core.store.session() as db:
        names = {p.id: p.platform_user_id for p in await db.scalars(select(Person))}
        out: dict[int, list[tuple[str, int, str]]] = {}
        for m in await db.scalars(select(TandemMember).order_by(TandemMember.id)):
            out.setdefault(m.tandem_id, []).append((names[m.person_id], m.person_id, m.role))
        return out


async def put_everyone(s: Watched, kind: str, period: date) -> int:
    """The engine's `put_to`: `kind` for every member of every tandem."""
    assert s.core.program_id is not None
    members = await members_of(s)
    async with s.core.store.unit() as repos:
        tandems = {t.id: t for t in await repos.session.scalars(select(Tandem))}
        people = {p.id: p for p in await repos.session.scalars(select(Person))}
        asks = [Ask(s.core.program_id, tid, pid, kind, kind, role, period)
                for tid, ms in members.items() for _, pid, role in ms]
        new = await put_to(Asking(repos, s.core.program, s.clock.now()), asks, people, tandems)
    await s.deliver()
    return len(new)


def at(s: Watched, day: date, hour: int) -> None:
    s.clock.set(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


async def test_no_free_text_reaches_a_coordinator_a_log_line_or_the_partner(
        watched: Watched, caplog: pytest.LogCaptureFixture) -> None:
    s, markers = watched, Markers()
    # Every logger at DEBUG, the database drivers' too (storage/db.py filters what of
    # theirs would name rows or parameters). `set_level` also sets the capturing handler's
    # level, so every call is DEBUG.
    for name in [*logging.root.manager.loggerDict, None]:
        caplog.set_level(logging.DEBUG, logger=name)
    pairs = await kick_off(s)
    members = await members_of(s)
    mentors = {mentor for _, mentor in pairs.values()}
    partner = {a: b for ms in members.values() for (a, _, _), (b, _, _) in
               (ms[:2], ms[1::-1])}
    by_dm, by_form = set(pairs), mentors  # retros: mentees reply in the DM, mentors in forms

    # Two sessions each, a week apart: two retros per person (and the fit, mid, final).
    answered = 0
    for week in (0, 1):
        day = date(2027, 1, 26) + timedelta(days=7 * week)
        at(s, day, 15)  # 16:00 in Berlin, 10:00 in New York: everyone's working time
        for _mentee, (tid, mentor) in pairs.items():
            await log(s, mentor, tid, day)
        await s.deliver()
        for name in sorted(by_dm):
            answered += await answer_by_dm(s, name, markers)
        for name in sorted(by_form):
            answered += await answer_by_form(s, name, markers)
    # (The pairing fit came with the first retros: it has no free text.)
    for kind, day in (("mid", date(2027, 4, 15)), ("final", date(2027, 7, 14))):
        at(s, day, 15)
        assert await put_everyone(s, kind, day) == 8
        for name in sorted(by_form):  # the other way round this time
            answered += await answer_by_dm(s, name, markers)
        for name in sorted(by_dm):
            answered += await answer_by_form(s, name, markers)
    # Two replies to one open question at once (two replicas, a double send): the core logs
    # the collision ("event conflict", or today "event failed": both insert the answer row,
    # and its unique key fires before the response's version does) — markers in flight.
    at(s, date(2027, 7, 15), 9)
    await put_everyone(s, "retro", date(2027, 7, 15))  # one more, to answer twice at once
    for name in sorted(pairs):
        card = _open_card(await s.send(name, "retro"))
        assert card is not None
        await asyncio.gather(*(s.core.handle(MessageReceived(s.actor(name), markers.new(name)))
                               for _ in range(2)))
    assert any(r.name == "tandem.core" for r in caplog.records)
    # Answers changed after the end, in the prefilled form: the author sees their own words.
    async with s.core.store.session() as db:
        names = {p.id: p.platform_user_id for p in await db.scalars(select(Person))}
        owners = {r.id: names[r.person_id] for r in await db.scalars(select(Response))}
        with_text = sorted(set(await db.scalars(select(AnswerText.response_id))))
    for rid in with_text[::3]:
        name = owners[rid]
        [form] = _bodies(await s.click(name, "q.form", str(rid)))
        assert isinstance(form, Form)
        assert any(f.initial in markers.of and markers.of[f.initial] == name
                   for f in form.fields), "the author's own form shows their own words"
        await fill_form(s, name, str(rid), markers)

    # Three weeks of the scheduler's due work, delivered.
    start = datetime(2027, 7, 15, tzinfo=UTC)
    for hours in range(0, 21 * 24, 6):
        s.clock.set(start + timedelta(hours=hours))
        await s.tick()
    # The coordinator runs every command `help` lists, `evaluation` among them.
    at(s, date(2027, 8, 5), 9)
    examples = {line.example for c in (True, False) for line in TABLE.help_lines(c)}
    assert {"evaluation", "tandems quiet", "outbox", "messages"} <= examples
    for example in [*sorted(examples), "evaluation", "auswertung", "tandems all"]:
        await s.send(COORDINATOR, example)
    await s.snapshot()

    async with s.core.store.session() as db:
        stored = {t for (t,) in (await db.execute(select(AnswerText.text))).all()}
        texts = await db.scalar(select(func.count()).select_from(AnswerText))
    assert answered > 100 and texts and len(markers.of) > 60
    assert stored <= set(markers.of) and len(stored) == texts  # the markers are what is kept

    def found_in(text: str) -> set[str]:
        return {m for m in markers.of if m in text}

    # Coordinators: no reply, no message (to them or to anyone: nothing is shared).
    assert not found_in("\n".join(s.saw[COORDINATOR]))
    assert "evaluation" in "\n".join(s.saw[COORDINATOR]).lower()
    leaked = {i: found_in(body) for i, (_, body) in s.outbox.items() if found_in(body)}
    assert not leaked, leaked
    delivered = {n: found_in("\n".join(repr(b) for b in bodies))
                 for n, bodies in s.bodies.items()}
    assert not any(delivered.values()), delivered
    # Each person saw only their own words; never the partner's.
    for name, seen in s.saw.items():
        authors = {markers.of[m] for m in found_in("\n".join(seen))}
        assert authors <= {name}, (name, authors)
        if name in partner:
            assert partner[name] not in authors
    # Every log record, with its arguments and extra fields, as the JSON log would print it.
    formatter = JsonFormatter()
    lines = [formatter.format(r) + repr(r.args) for r in caplog.records]
    assert len(lines) > 1000, "the run logs (else this would prove nothing)"
    assert not found_in("\n".join(lines)), [line for line in lines if found_in(line)][:3]
