"""Active tandems made straight in the database, for the check-in tests: the kick-off has
its own tests; these start where it ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from conversations.aggregates import cadence
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import DueReport, run_due_work
from conversations.events import Actor, ButtonClicked, CommandInvoked, MessageReceived
from conversations.replies import Card, Reply, Text, Update, message_from_dict
from storage.db import Store
from storage.models import CheckIn, Enrollment, OutboxMessage, Tandem, TandemMember


@dataclass(frozen=True)
class Sent:
    key: str
    person: str
    body: dict[str, Any]
    not_before: datetime | None

    @property
    def text(self) -> str:
        message = message_from_dict(self.body)
        if isinstance(message, Card):
            return "\n".join((message.title, *message.sections,
                              *(f"[{b.label}]" for b in message.buttons)))
        return message.markdown if isinstance(message, Text) else ""

    def button(self, action: str) -> str:
        message = message_from_dict(self.body)
        assert isinstance(message, Card), self.body
        return next(b.value for b in message.buttons if b.action_id == action)


async def active_tandem(store: Store, program_id: int, now: datetime, names: list[str],
                        roles: list[str], *, format: str = "one_to_one",
                        activated: date | None = None, **fields: Any) -> int:
    """An active tandem of `names` (console people) with the given roles; returns its id."""
    async with store.unit() as repos:
        ids = []
        for name in names:
            person = await repos.people.by_key(f"console:{name}")
            if person is None:
                person = await repos.people.upsert(
                    key=f"console:{name}", platform="console", platform_user_id=name,
                    display_name=name.title(), locale="en", timezone="Europe/Berlin", now=now)
                await repos.enrollments.add(Enrollment(
                    program_id=program_id, person_id=person.id, role=roles[len(ids)],
                    topics=["ai"], never_match=[], languages=["en"], timezone="Europe/Berlin",
                    status="active", created_at=now, updated_at=now))
            ids.append(person.id)
        tandem = Tandem(program_id=program_id, format=format,
                        members_key=",".join(str(i) for i in sorted(ids)), status="active",
                        shared_topics=["ai"], approved_by="console:hr", approved_at=now,
                        activated_at=now, goals=["Try one AI tool"], cadence_days=14,
                        session_minutes=60, mode="video",
                        members=[TandemMember(person_id=i, role=r)
                                 for i, r in zip(ids, roles, strict=True)], **fields)
        cadence.start(tandem, activated or now.date())
        await repos.tandems.add(tandem)
        return tandem.id


async def tick(core: TandemCore, clock: FakeClock) -> DueReport:
    assert core.program_id is not None
    return await run_due_work(core.store, core.program, core.program_id, clock)


async def outbox(store: Store, kind: str | None = None) -> list[Sent]:
    async with store.session() as s:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return [Sent(m.dedupe_key, m.person_key, m.body or {}, m.next_attempt_at)
                for m in await s.scalars(query)]


async def checkins(store: Store) -> list[CheckIn]:
    async with store.session() as s:
        return list(await s.scalars(select(CheckIn).order_by(CheckIn.id)))


def actor(name: str) -> Actor:
    return Actor("console", name, display_name=name.title(), locale="en")


async def click(core: TandemCore, name: str, action: str, value: str) -> str:
    replies = (await core.handle(ButtonClicked(actor(name), action, value))).replies
    return text_of(replies)


async def say(core: TandemCore, name: str, line: str, command: bool = False) -> str:
    event = (CommandInvoked(actor(name), line) if command
             else MessageReceived(actor(name), line))
    return text_of((await core.handle(event)).replies)


def text_of(replies: list[Reply]) -> str:
    out = []
    for reply in replies:
        body = reply.body if isinstance(reply, Update) else reply
        if isinstance(body, Text):
            out.append(body.markdown)
        elif isinstance(body, Card):
            out.append("\n".join((body.title, *body.sections,
                                  *(f"[{b.label}]" for b in body.buttons))))
    return "\n".join(out)


def day_at(clock: FakeClock, day: date, hour: int = 8) -> None:
    """Move the clock to `day` at `hour`:00 UTC (9:00 or 10:00 in Berlin)."""
    clock.set(datetime(day.year, day.month, day.day, hour, tzinfo=clock.now().tzinfo))


ONE_DAY = timedelta(days=1)
