"""The example cohort of 8 signed up, matched, approved and kicked off in the console."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work
from conversations.events import Actor, ButtonClicked, CommandInvoked, FormSubmitted
from conversations.outbox import deliver
from conversations.replies import Card, Form, FormErrors, Reply, Text, Update, without_markers
from storage.models import MatchRun, Tandem

# 4 senior leaders (mentees) and 4 junior engineers (mentors), as in the method's example.
LEADERS = {
    "ceo": ("executive", "Vorstand", ["ai", "social"], None),
    "cto": ("executive", "Technik", ["devex", "tools", "ai"], "console:ceo"),
    "hrlead": ("lead", "Personal", ["culture", "onboarding", "careers"], None),
    "salesvp": ("lead", "Vertrieb", ["social", "tools"], None),
}
JUNIORS = {
    "ana": ("apprentice", "Technik", ["ai", "tools", "devex"], "console:cto"),
    "ben": ("junior", "Marketing", ["social", "ai"], None),
    "cem": ("junior", "Personal", ["onboarding", "careers", "culture"], None),
    "dora": ("apprentice", "Vertrieb", ["tools", "social", "devex"], None),
}


class Cohort:
    def __init__(self, core: TandemCore, clock: FakeClock) -> None:
        self.core = core
        self.clock = clock
        self.inbox: dict[str, list[Text | Card]] = {}

    def actor(self, name: str, locale: str = "en") -> Actor:
        return Actor("console", name, display_name=name.title(), locale=locale)

    async def send(self, name: str, event_or_text: Any, locale: str = "en") -> list[Reply]:
        event = (CommandInvoked(self.actor(name, locale), event_or_text)
                 if isinstance(event_or_text, str) else event_or_text)
        outcome = await self.core.handle(event)
        assert outcome.outcome == "ok", outcome
        await self.deliver()
        return outcome.replies

    async def text(self, name: str, line: str, locale: str = "en") -> str:
        replies = await self.send(name, line, locale)
        return without_markers("\n".join(
            r.markdown if isinstance(r, Text) else
            "\n".join([r.title, *r.sections]) if isinstance(r, Card) else repr(r)
            for r in replies))

    async def click(self, name: str, action: str, value: str) -> list[Reply]:
        return await self.send(name, ButtonClicked(self.actor(name), action, value))

    async def submit(self, name: str, form_id: str, values: dict[str, Any]) -> list[Reply]:
        return await self.send(name, FormSubmitted(self.actor(name), form_id, values))

    async def deliver(self) -> None:
        inbox = self.inbox

        class Recorder:
            groups = False  # like the console: a group message goes to each person

            async def send(self, key: str, reference: object, body: Text | Card) -> None:
                inbox.setdefault(key.split(":", 1)[1], []).append(body)

        await deliver(self.core.store, self.clock, {"console": Recorder()})

    async def tick(self) -> None:
        assert self.core.program_id is not None
        await run_due_work(self.core.store, self.core.program, self.core.program_id, self.clock)
        await self.deliver()

    def received(self, name: str) -> str:
        return without_markers("\n".join(
            b.markdown if isinstance(b, Text) else "\n".join([b.title, *b.sections])
            for b in self.inbox.get(name, [])))

    async def signup(self, name: str, role: str, level: str, dept: str, topics: list[str],
                     manager: str | None, languages: tuple[str, ...] = ("de", "en")) -> None:
        replies = await self.submit(name, "signup", {
            "role": role, "topics": topics, "department": dept, "manager": manager or "",
            "languages": list(languages), "timezone": "Europe/Berlin", "level": level,
            "consent": ["yes"]})
        assert "Welcome to" in replies[-1].markdown  # type: ignore[union-attr]


async def example_cohort(core: TandemCore, clock: FakeClock) -> Cohort:
    """The example cohort of eight, signed up: the leaders as mentees, the juniors as mentors."""
    c = Cohort(core, clock)
    for name, (level, dept, topics, manager) in LEADERS.items():
        await c.signup(name, "mentee", level, dept, topics, manager)
    for name, (level, dept, topics, manager) in JUNIORS.items():
        await c.signup(name, "mentor", level, dept, topics, manager)
    return c


@pytest.fixture
async def cohort(core: TandemCore, clock: FakeClock) -> Cohort:
    return await example_cohort(core, clock)


def proposals(card: Reply) -> list[tuple[str, str]]:
    assert isinstance(card, Card)
    pairs = []
    for section in map(without_markers, card.sections):
        if section.startswith("**") and "↔" in section:
            head = section.split("**")[1]
            mentor = head.split(" (mentor)")[0].split(". ", 1)[1]
            mentee = head.split("↔ ")[1].split(" (mentee)")[0]
            pairs.append((mentor.lower(), mentee.lower()))
    return sorted(pairs)


def button(card: Reply, action: str, n: int = 0) -> str:
    assert isinstance(card, Card)
    return [b.value for b in card.buttons if b.action_id == action][n]


async def test_only_coordinators_can_run_coordinator_commands(cohort: Cohort) -> None:
    for line in ("match", "tandems", "dissolve 1"):
        out = await cohort.text("ana", line)
        assert "only the program's coordinators can do that" in out
    [card] = await cohort.send("hr", "match")
    for action in ("match.approve_all", "match.approve", "match.reject"):
        value = button(card, action)
        [refusal] = await cohort.click("ana", action, value)
        assert "only the program's coordinators" in refusal.markdown  # type: ignore[union-attr]
    async with cohort.core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Tandem)) == 0
        assert await s.scalar(select(func.count()).select_from(MatchRun)) == 1


async def test_the_cohort_of_eight_is_matched_by_the_rules(cohort: Cohort) -> None:
    [card] = await cohort.send("hr", "match")
    pairs = proposals(card)
    assert len(pairs) == 4
    mentees = {m for _, m in pairs}
    assert mentees == set(LEADERS)
    for mentor, mentee in pairs:
        # reverse: the mentor is the more junior one
        assert JUNIORS[mentor][0] in ("apprentice", "junior")
        # no reporting line: Ana reports to the CTO (and so to the CEO as skip-level)
        assert (mentor, mentee) not in {("ana", "cto"), ("ana", "ceo")}
    assert "shared topics:" in card.sections[0]  # type: ignore[union-attr]


async def test_approve_all_introduces_and_kicks_off(cohort: Cohort, clock: FakeClock) -> None:
    [card] = await cohort.send("hr", "match")
    pairs = dict(proposals(card))
    [done] = await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    assert isinstance(done, Update) and isinstance(done.body, Text)  # the card is spent
    assert "Approved 4 tandem(s)" in done.body.markdown
    for name in [*LEADERS, *JUNIORS]:
        assert "Meet your tandem partner" in cohort.received(name)
        assert "Confidential" in cohort.received(name)
    mentor = next(m for m, e in pairs.items() if e == "ceo")
    status = await cohort.text("ceo", "status")
    assert "is in its kick-off. Still missing:" in status
    # Her own steps are addressed to her, never in the third person.
    assert "you record 1–3 learning goals" in status and "Ceo records" not in status
    tid = status.split("tandem #")[1].split(" ")[0]

    await cohort.click("ceo", "kickoff.rules", tid)
    [form] = await cohort.click("ceo", "kickoff.goals", tid)
    assert isinstance(form, Form)
    [errors] = await cohort.submit("ceo", f"goals:{tid}", {"goal1": "", "goal2": "x" * 300})
    assert isinstance(errors, FormErrors) and set(errors.errors) == {"goal2"}
    [errors] = await cohort.submit("ceo", f"goals:{tid}", {"goal1": " ", "goal3": ""})
    assert isinstance(errors, FormErrors) and set(errors.errors) == {"goal1"}
    await cohort.submit("ceo", f"goals:{tid}", {"goal1": "Use AI assistants daily",
                                                 "goal2": "Understand TikTok"})
    assert "set your tandem's learning goals" in cohort.received(mentor)
    [cadence] = await cohort.click(mentor, "kickoff.cadence", tid)
    assert isinstance(cadence, Form)
    [errors] = await cohort.submit(mentor, f"cadence:{tid}", {"days": "3", "minutes": "500",
                                                               "mode": "x"})
    assert isinstance(errors, FormErrors) and set(errors.errors) == {"days", "minutes", "mode"}
    replies = await cohort.submit(mentor, f"cadence:{tid}", {"days": "14", "minutes": "45",
                                                              "mode": "video"})
    assert "Ceo confirms" not in replies[-1].markdown  # type: ignore[union-attr]
    assert "proposes to meet every 14 days for 45 minutes (video)" in cohort.received("ceo")
    await cohort.click(mentor, "kickoff.rules", tid)
    status = await cohort.text("ceo", "status")
    assert "you agree to the cadence" in status and "Ceo agrees" not in status
    replies = await cohort.click("ceo", "kickoff.cadence_ok", tid)
    assert "your tandem is now active" in replies[-1].markdown  # type: ignore[union-attr]
    assert "Your tandem is active!" in cohort.received("ceo")
    assert "is active: every 14 days, 45 minutes (video)" in await cohort.text(mentor, "status")
    # Someone outside the tandem cannot act on it.
    [no] = await cohort.click("hrlead", "kickoff.rules", tid)
    assert "not part of" in no.markdown  # type: ignore[union-attr]

    # Deadlines: the other three tandems are nudged after 10 days, escalated after 20, once.
    clock.advance(timedelta(days=10, minutes=1))  # a Saturday: the nudges wait for Monday
    for _ in range(3):
        await cohort.tick()
    assert "started 10 days ago" not in cohort.received("cto")
    clock.advance(timedelta(days=2))
    for _ in range(3):
        await cohort.tick()
    assert cohort.received("cto").count("started 10 days ago and is not active yet") == 1
    assert "started 10 days ago" not in cohort.received("ceo")
    assert "still not active" not in cohort.received("hr")
    clock.advance(timedelta(days=8))  # Tuesday, 20 days after approval
    for _ in range(3):
        await cohort.tick()
    assert cohort.received("hr").count("is still not active 20 days after approval") == 3


async def test_a_late_first_tick_says_how_many_days_really_passed(
        cohort: Cohort, clock: FakeClock) -> None:
    [card] = await cohort.send("hr", "match")
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    clock.advance(timedelta(days=60, minutes=1))  # no tick ran before (a demo weeks on)
    await cohort.tick()
    assert "not active yet" not in cohort.received("cto")  # a Sunday: it waits for Monday
    clock.advance(timedelta(days=1))
    await cohort.tick()
    assert "started 60 days ago and is not active yet" in cohort.received("cto")
    assert "started 10 days ago" not in cohort.received("cto")
    assert cohort.received("hr").count("is still not active 60 days after approval") == 4


async def test_reject_proposes_again_without_the_pair(cohort: Cohort) -> None:
    [card] = await cohort.send("hr", "match")
    first = proposals(card)
    replies = await cohort.click("hr", "match.reject", button(card, "match.reject", 0))
    assert "will not be proposed again" in replies[0].markdown  # type: ignore[union-attr]
    again = proposals(replies[1])
    assert first[0] not in again
    # the old proposals are out of date now
    [stale] = await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    assert "out of date" in stale.markdown  # type: ignore[union-attr]


async def test_unmatched_people_are_told_kindly_and_nothing_private(cohort: Cohort) -> None:
    # An apprentice who wants to be mentored: no mentor is more junior (the reverse rule).
    await cohort.signup("azubi", "mentee", "apprentice", "Finanzen", ["careers"], None,
                        languages=("en",))
    [card] = await cohort.send("hr", "match")
    assert ("Azubi (mentee): mentors who offer these topics: 1, of them 1 not at least 1 "
            "level(s) more "
            "junior than them" in without_markers("\n".join(card.sections)))  # type: ignore[union-attr]
    assert cohort.received("azubi") == ""  # nothing before approval
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    told = cohort.received("azubi")
    assert "could not find a fitting tandem partner" in told
    assert "stay on the waiting list" in told
    assert "In reverse mentoring the mentor is the more junior one" in told
    for other in [*LEADERS, *JUNIORS]:
        assert other.title() not in told


async def test_dissolve_frees_both_and_they_are_not_paired_again(cohort: Cohort) -> None:
    [card] = await cohort.send("hr", "match")
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    listing = await cohort.text("hr", "tandems")
    assert "Current tandems (4)" in listing
    tid = listing.split("#")[1].split(" ")[0]
    [confirm] = await cohort.send("hr", f"dissolve {tid}")
    [out] = await cohort.click("hr", "tandems.dissolve", button(confirm, "tandems.dissolve"))
    assert isinstance(out, Update) and isinstance(out.body, Text)  # in place of the card
    assert f"Tandem #{tid}" in out.body.markdown and "is dissolved" in out.body.markdown
    assert "Please give the number" in await cohort.text("hr", "dissolve x")
    assert "already ended" in await cohort.text("hr", f"dissolve {tid}")
    async with cohort.core.store.session() as s:
        tandem = await s.get(Tandem, int(tid))
        assert tandem is not None and tandem.status == "dissolved"
    [again] = await cohort.send("hr", "match")
    assert isinstance(again, Card)
    # Two people are free again but may not be paired with each other: no proposal at all.
    assert proposals(again) == []


async def test_change_request_reaches_only_the_coordinators(cohort: Cohort) -> None:
    assert "not in a tandem" in await cohort.text("ceo", "change")
    [card] = await cohort.send("hr", "match")
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    before = {name: cohort.received(name) for name in [*LEADERS, *JUNIORS]}
    out = await cohort.text("ceo", "change we do not click, sorry")
    assert "went privately to the program coordinators" in out
    assert "privately asks for a change" in cohort.received("hr")
    assert "we do not click, sorry" in cohort.received("hr")
    for name in [*LEADERS, *JUNIORS]:
        if name != "ceo":
            assert cohort.received(name) == before[name]


async def test_leaving_ends_the_tandem_and_tells_the_partner(cohort: Cohort) -> None:
    [card] = await cohort.send("hr", "match")
    pairs = dict(proposals(card))
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    mentor = next(m for m, e in pairs.items() if e == "salesvp")
    [confirm] = await cohort.send("salesvp", "leave")
    assert f"your tandem with **{mentor.title()}** ends" in without_markers(
        "\n".join(confirm.sections))  # type: ignore[union-attr]
    assert "Your tandem partner has left" not in cohort.received(mentor)
    await cohort.click("salesvp", "leave.confirm", button(confirm, "leave.confirm"))
    assert "Your tandem partner has left" in cohort.received(mentor)
    assert "waiting for a tandem partner" in await cohort.text(mentor, "status")
