"""Logging sessions in the console: `log`, `sessions`, correcting and removing, and every bad
answer of the log form refused next to its field with nothing stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import ButtonClicked, FormSubmitted
from conversations.program import Program
from conversations.replies import (
    Card,
    Form,
    FormAccepted,
    FormErrors,
    Text,
    Update,
    without_markers,
)
from storage.db import Store
from storage.models import OutboxMessage, Person, SessionRow, Tandem
from tests.flows.test_matching_kickoff import Cohort

GOAL = "Use <b>AI</b> assistants daily"  # typed: shown as typed, never markup


async def active_pair(core: TandemCore, clock: FakeClock) -> tuple[Cohort, int]:
    """salesvp (mentee) and ben (mentor), approved and through the kick-off on 20 January."""
    c = Cohort(core, clock)
    await c.signup("salesvp", "mentee", "lead", "Vertrieb", ["social", "tools"], None)
    await c.signup("ben", "mentor", "junior", "Marketing", ["social", "ai"], None)
    [card] = await c.send("hr", "match")
    assert isinstance(card, Card)
    run = next(b.value for b in card.buttons if b.action_id == "match.approve_all")
    await c.click("hr", "match.approve_all", run)
    async with core.store.session() as s:
        tid = await s.scalar(select(Tandem.id))
        assert tid is not None
    await c.click("ben", "kickoff.rules", str(tid))
    await c.click("salesvp", "kickoff.rules", str(tid))
    await c.submit("salesvp", f"goals:{tid}", {"goal1": GOAL})
    await c.submit("ben", f"cadence:{tid}", {"days": "14", "minutes": "45", "mode": "video"})
    replies = await c.click("salesvp", "kickoff.cadence_ok", str(tid))
    assert "now active" in c_text(replies)
    c.inbox.clear()
    return c, tid


def c_text(replies: list[object]) -> str:
    parts = []
    for r in replies:
        if isinstance(r, Update):
            r = r.body
        if isinstance(r, Text):
            parts.append(r.markdown)
        elif isinstance(r, Card):
            parts += [r.title, *r.sections]
    return without_markers("\n".join(parts))


async def _sessions(core: TandemCore) -> list[SessionRow]:
    async with core.store.session() as s:
        return list(await s.scalars(select(SessionRow).order_by(SessionRow.held_on)))


async def _tandem(core: TandemCore, tid: int) -> Tandem:
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None
        return tandem


async def test_log_opens_a_prefilled_form_and_saving_tells_the_partner(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid = await active_pair(core, clock)
    clock.advance(timedelta(days=6))  # 26 January
    [form] = await c.send("ben", "log")
    assert isinstance(form, Form) and form.form_id == f"log:{tid}"
    initial = {f.id: f.initial for f in form.fields}
    assert initial["date"] == "2027-01-26" and initial["minutes"] == "45"
    about = next(f for f in form.fields if f.id == "about")
    assert [ch.value for ch in about.choices] == ["goal1", "social"]  # goals, shared topics
    replies = await c.submit("ben", f"log:{tid}", {
        "date": "2027-01-25", "minutes": "50", "about": "goal1", "about_text": "",
        "next": "2027-02-08"})
    assert isinstance(replies[0], FormAccepted)
    said = c_text(replies)
    assert f"Logged: January 25, 2027, 50 minutes: {GOAL}." in said
    assert "Next session planned: February 8, 2027." in said
    # The notice, then the partner's own retro and (the first session) pairing fit.
    note, retro, fit = c.inbox["salesvp"]
    assert isinstance(retro, Card) and retro.title.startswith("Retro: your session on")
    assert isinstance(fit, Card) and fit.title == "Pairing fit"
    assert isinstance(note, Card)
    assert c.received("salesvp").startswith(
        f"Session logged\nBen logged your session on January 25, 2027, 50 minutes: {GOAL}\n")
    [row] = await _sessions(core)
    assert [(b.action_id, b.value, without_markers(b.label)) for b in note.buttons] == [
        ("sessions.ask", str(row.id), "Ask for a correction")]
    assert (row.held_on, row.minutes, row.topic) == (date(2027, 1, 25), 50, GOAL)
    tandem = await _tandem(core, tid)
    assert tandem.last_session_on == date(2027, 1, 25)
    assert tandem.planned_on == date(2027, 2, 8) and tandem.due_on == date(2027, 2, 9)
    # The partner logging the same day makes no second session: told who logged it.
    replies = await c.submit("salesvp", f"log:{tid}", {
        "date": "25.01.2027", "minutes": "60", "about": "social"})
    assert "Ben already logged this session: January 25, 2027, 50 minutes" in c_text(replies)
    assert "only Ben can correct it" in c_text(replies)
    card = replies[-1]
    assert isinstance(card, Card) and card.buttons[0].action_id == "sessions.ask"
    assert len(await _sessions(core)) == 1
    # The same person submitting twice: one session, said plainly.
    replies = await c.submit("ben", f"log:{tid}", {
        "date": "2027-01-25", "minutes": "50", "about": "goal1"})
    assert "You already logged this session" in c_text(replies)
    assert len(await _sessions(core)) == 1


async def test_a_topic_in_own_words_and_a_german_date(core: TandemCore,
                                                      clock: FakeClock) -> None:
    c, tid = await active_pair(core, clock)
    clock.advance(timedelta(days=3))
    replies = await c.submit("salesvp", f"log:{tid}", {
        "date": "22.01.2027", "minutes": "30", "about": "social",
        "about_text": "  **TikTok**   for   managers "})
    assert "30 minutes: **TikTok** for managers" in c_text(replies)  # as typed, spaces tidied
    [row] = await _sessions(core)
    assert row.topic == "**TikTok** for managers"
    tandem = await _tandem(core, tid)
    assert tandem.due_on == date(2027, 2, 5)  # 14 days after the session


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"date": "2027-01-31"}, "date", "not in the future"),
    ({"date": "2027-01-19"}, "date", "on or after January 20, 2027, when your tandem began"),
    ({"date": "yesterday"}, "date", "a date like 2027-01-30"),
    ({"date": "31.02.2027"}, "date", "a date like"),
    ({"minutes": "0"}, "minutes", "from 5 to 480"),
    ({"minutes": "600"}, "minutes", "from 5 to 480"),
    ({"minutes": "4"}, "minutes", "from 5 to 480"),
    ({"minutes": "481"}, "minutes", "from 5 to 480"),
    ({"minutes": "45.5"}, "minutes", "from 5 to 480"),
    ({"minutes": "²"}, "minutes", "from 5 to 480"),
    ({"about": "", "about_text": ""}, "about_text", "what the session was about"),
    ({"about": "", "about_text": " \u200b "}, "about_text", "what the session was about"),
    ({"about": "goal7"}, "about", "one of the listed topics"),
    ({"about": None, "about_text": None}, "about_text", "what the session was about"),
    ({"about": "careers"}, "about", "one of the listed topics"),
    ({"about_text": "x" * 201}, "about_text", "under 200 characters"),
    ({"next": "2027-01-25"}, "next", "a day after the session"),
    ({"next": "2027-01-28"}, "next", "not in the past"),
    ({"next": "2027-07-16"}, "next", "ends on July 15, 2027"),
    ({"next": "soon"}, "next", "or leave it empty"),
])
async def test_every_bad_answer_is_explained_next_to_its_field_and_stores_nothing(
        core: TandemCore, clock: FakeClock, values: dict[str, str | None], field: str,
        message: str) -> None:
    c, tid = await active_pair(core, clock)
    clock.advance(timedelta(days=10))  # 30 January
    before = await _tandem(core, tid)
    answers = {k: v for k, v in {"date": "2027-01-25", "minutes": "45", "about": "goal1",
                                 "about_text": "", "next": "", **values}.items()
               if v is not None}  # None: the platform left the field out
    [reply] = await c.submit("ben", f"log:{tid}", answers)
    assert isinstance(reply, FormErrors), reply
    assert message in reply.errors[field], reply.errors
    assert set(reply.errors) == {field}
    assert reply.form is not None and reply.form.form_id == f"log:{tid}"
    assert await _sessions(core) == []
    after = await _tandem(core, tid)
    assert (after.last_session_on, after.planned_on, after.due_on, after.version) == (
        before.last_session_on, before.planned_on, before.due_on, before.version)
    assert c.inbox.get("salesvp") is None


async def test_the_console_form_checks_each_answer_as_it_is_given(
        core: TandemCore, clock: FakeClock) -> None:
    from tests.flows.conftest import Transcript

    await active_pair(core, clock)
    clock.advance(timedelta(days=2))
    term = Transcript(core)
    out = await term.say("ben", "log", ["2027-02-01", "", "0", "", "2", "", ""])
    assert "not in the future" in out and "from 5 to 480" in out
    assert "Logged: January 22, 2027, 45 minutes: Social media" in out
    assert [r.minutes for r in await _sessions(core)] == [45]


async def test_at_the_console_a_dash_empties_the_plan_shown_in_the_form(
        core: TandemCore, clock: FakeClock) -> None:
    from tests.flows.conftest import Transcript

    _c, tid = await active_pair(core, clock)
    clock.advance(timedelta(days=2))  # 22 January
    term = Transcript(core)
    # date, minutes, about (a choice), own words, next
    await term.say("ben", "log", ["", "", "2", "", "2027-02-01"])
    [row] = await _sessions(core)
    # The correction shows the plan: Enter keeps it, `-` empties it.
    out = await term.say("ben", "sessions", [])
    assert "Next session planned: February 1, 2027" in out
    form = await term.say("ben", "2", ["", "", "", "", ""])  # Correct …: all as suggested
    assert "[2027-02-01]" in form and "`-` empties" in form
    assert (await _tandem(core, tid)).planned_on == date(2027, 2, 1)
    await term.say("ben", "sessions", [])
    await term.say("ben", "2", ["", "", "", "", "-"])
    tandem = await _tandem(core, tid)
    assert (tandem.planned_on, tandem.due_on) == (None, row.held_on + timedelta(days=14))


async def test_sessions_lists_them_and_only_the_one_who_logged_may_change_them(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid = await active_pair(core, clock)
    clock.advance(timedelta(days=20))  # 9 February
    for who, day, about in (("ben", "2027-01-25", "goal1"), ("salesvp", "2027-02-08", "social")):
        await c.submit(who, f"log:{tid}", {"date": day, "minutes": "45", "about": about})
    [card] = await c.send("salesvp", "sessions")
    assert isinstance(card, Card)
    listed = c_text([card])
    assert listed.index("February 8, 2027") < listed.index("January 25, 2027")  # latest first
    assert "(logged by Ben)" in listed and "Next session due: February 22, 2027." in listed
    first, second = await _sessions(core)
    actions = [(b.action_id, b.value) for b in card.buttons]
    assert ("sessions.remove", str(second.id)) in actions  # hers
    assert ("sessions.edit", str(second.id)) in actions
    assert ("sessions.remove", str(first.id)) not in actions  # Ben's
    assert ("sessions.edit", str(first.id)) not in actions
    # Pressing remove or correct on Ben's session anyway: a friendly refusal, nothing changed.
    for action in ("sessions.remove", "sessions.remove_confirm", "sessions.edit"):
        [refused] = await c.click("salesvp", action, str(first.id))
        assert ("Only Ben, who logged it, can correct or remove this session"
                in c_text([refused])), action
    assert len(await _sessions(core)) == 2
    # Ben removes his: asked first, then gone, and the due day counts from what is left.
    [ask] = await c.click("ben", "sessions.remove", str(first.id))
    assert isinstance(ask, Card) and "Remove the session of January 25, 2027?" in ask.title
    [kept] = await c.click("ben", "sessions.keep", str(first.id))
    assert isinstance(kept, Update) and len(await _sessions(core)) == 2
    [done] = await c.click("ben", "sessions.remove_confirm", str(first.id))
    assert isinstance(done, Update) and "Removed: the session of January 25" in c_text([done])
    assert [r.id for r in await _sessions(core)] == [second.id]
    assert "Ben removed the session of January 25, 2027" in c.received("salesvp")
    [again] = await c.click("ben", "sessions.remove_confirm", str(first.id))
    assert "no longer there" in c_text([again])
    await c.click("salesvp", "sessions.remove_confirm", str(second.id))
    tandem = await _tandem(core, tid)
    assert tandem.last_session_on is None
    assert tandem.due_on == date(2027, 2, 3)  # back to 14 days after the kick-off


async def test_the_partner_asks_the_one_who_logged_it_to_correct_it(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid = await active_pair(core, clock)
    clock.advance(timedelta(days=5))
    await c.submit("ben", f"log:{tid}", {"date": "2027-01-24", "minutes": "45",
                                          "about": "goal1"})
    [row] = await _sessions(core)
    # The notice, then the partner's own retro and (the first session) pairing fit.
    note, retro, fit = c.inbox["salesvp"]
    assert isinstance(retro, Card) and retro.title.startswith("Retro: your session on")
    assert isinstance(fit, Card) and fit.title == "Pairing fit"
    assert isinstance(note, Card)
    # The partner cannot correct it: not by the form either; they can ask Ben.
    [refused] = await c.click("salesvp", "sessions.edit", str(row.id))
    assert "Only Ben, who logged it, can correct" in c_text([refused])
    replies = await c.submit("salesvp", f"logedit:{row.id}", {
        "date": "2027-01-23", "minutes": "90", "about": "goal1"})
    assert isinstance(replies[0], FormAccepted) and "Only Ben" in c_text(replies)
    assert [(r.held_on, r.minutes) for r in await _sessions(core)] == [(date(2027, 1, 24), 45)]
    [asked] = await c.click("salesvp", note.buttons[0].action_id, note.buttons[0].value)
    assert "I asked Ben to check the session of January 24, 2027" in c_text([asked])
    [again] = await c.click("salesvp", note.buttons[0].action_id, note.buttons[0].value)
    assert "already asked Ben" in c_text([again])
    [request] = [m for m in c.inbox["ben"]  # his own retro came before it
                 if isinstance(m, Card) and m.title == "Please check a session"]
    assert ("Salesvp asks you to check the session you logged: January 24, 2027, 45 minutes"
            in c.received("ben"))
    [form] = await c.click("ben", request.buttons[0].action_id, request.buttons[0].value)
    assert isinstance(form, Form) and form.form_id == f"logedit:{row.id}"
    initial = {f.id: f.initial for f in form.fields}
    assert (initial["date"], initial["minutes"], initial["about"]) == ("2027-01-24", "45",
                                                                        "goal1")
    replies = await c.submit("ben", form.form_id, {
        "date": "2027-01-23", "minutes": "90", "about": "goal1"})
    assert "Corrected: January 23, 2027, 90 minutes" in c_text(replies)
    assert "Ben corrected your session of January 23, 2027: 90 minutes" in \
        c.received("salesvp")
    [row] = await _sessions(core)
    assert (row.held_on, row.minutes) == (date(2027, 1, 23), 90)
    tandem = await _tandem(core, tid)
    assert (tandem.last_session_on, tandem.due_on) == (date(2027, 1, 23), date(2027, 2, 6))
    # A corrected session may be asked about again (its new version).
    [asked] = await c.click("salesvp", "sessions.ask", str(row.id))
    assert "I asked Ben" in c_text([asked])
    # Moving it onto a day that has its own session is refused next to the date.
    await c.submit("ben", f"log:{tid}", {"date": "2027-01-25", "minutes": "45",
                                          "about": "social"})
    [reply] = await c.submit("ben", form.form_id, {
        "date": "2027-01-25", "minutes": "90", "about": "goal1"})
    assert isinstance(reply, FormErrors) and "already a session on" in reply.errors["date"]


async def test_once_the_one_who_logged_it_has_left_a_circle_the_others_may_correct_it(
        store: Store, program: Program, clock: FakeClock) -> None:
    core = TandemCore(store, replace(program, format="group"), clock)
    await core.start()
    c, tid = await _circle(core, clock)
    await c.submit("ana", f"log:{tid}", {"date": "2027-01-21", "minutes": "60",
                                          "about": "goal1"})
    [row] = await _sessions(core)
    [refused] = await c.click("ben", "sessions.edit", str(row.id))
    assert "Only Ana, who logged it" in c_text([refused])
    [leave] = await c.send("ana", "leave")
    assert isinstance(leave, Card)
    await c.click("ana", "leave.confirm", leave.buttons[0].value)
    [form] = await c.click("ben", "sessions.ask", str(row.id))  # the old notice's button
    assert isinstance(form, Form) and form.form_id == f"logedit:{row.id}"
    replies = await c.submit("ben", form.form_id, {"date": "2027-01-21", "minutes": "75",
                                                    "about_text": "Prompts"})
    assert "Corrected: January 21, 2027, 75 minutes" in c_text(replies)


async def test_correcting_the_latest_session_shows_the_plan_to_keep_or_empty(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid = await active_pair(core, clock)
    clock.advance(timedelta(days=6))  # 26 January
    await c.submit("ben", f"log:{tid}", {"date": "2027-01-22", "minutes": "45",
                                          "about": "goal1", "next": "2027-02-08"})
    # Met early: the new log's form shows the plan, and kept as shown, it stands.
    await c.submit("ben", f"log:{tid}", {"date": "2027-01-25", "minutes": "45",
                                          "about": "goal1", "next": "2027-02-08"})
    assert (await _tandem(core, tid)).planned_on == date(2027, 2, 8)
    first, latest = await _sessions(core)
    # A new log shows the plan too (it is still ahead); an earlier session's correction
    # leaves the plan to the later ones.
    [form] = await c.send("ben", "log")
    assert isinstance(form, Form) and {f.id: f.initial for f in form.fields}["next"] == (
        "2027-02-08")
    [form] = await c.click("ben", "sessions.edit", str(first.id))
    assert isinstance(form, Form) and {f.id: f.initial for f in form.fields}["next"] is None
    await c.submit("ben", form.form_id, {"date": "2027-01-22", "minutes": "50",
                                          "about": "goal1", "next": ""})
    assert (await _tandem(core, tid)).planned_on == date(2027, 2, 8)
    # The latest one's form shows the plan: kept as shown, it stays ...
    [form] = await c.click("ben", "sessions.edit", str(latest.id))
    assert isinstance(form, Form)
    initial = {f.id: f.initial for f in form.fields}
    assert initial["next"] == "2027-02-08"
    replies = await c.submit("ben", form.form_id, {"date": "2027-01-25", "minutes": "60",
                                                    "about": "goal1", "next": "2027-02-08"})
    assert "Next session planned: February 8, 2027." in c_text(replies)
    # ... emptied, there is no plan: due a cadence after the session.
    replies = await c.submit("ben", form.form_id, {"date": "2027-01-25", "minutes": "60",
                                                    "about": "goal1", "next": ""})
    assert "Next session due: February 8, 2027." in c_text(replies)
    tandem = await _tandem(core, tid)
    assert (tandem.planned_on, tandem.due_on) == (None, date(2027, 2, 8))
    # A plan for today is the session being logged: a new log does not offer it again.
    await c.submit("ben", f"log:{tid}", {"date": "2027-01-26", "minutes": "45",
                                          "about": "goal1", "next": "2027-01-27"})
    clock.advance(timedelta(days=1))
    [form] = await c.send("ben", "log")
    assert isinstance(form, Form) and {f.id: f.initial for f in form.fields}["next"] is None


async def test_a_partners_notice_waits_for_their_working_time(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid = await active_pair(core, clock)
    async with core.store.session() as s:  # Sales VP works in New York
        partner = await s.scalar(select(Person).where(Person.key == "console:salesvp"))
        assert partner is not None
        partner.timezone = "America/New_York"
        await s.commit()
    # Ben logs at 9:00 in Berlin: 3:00 in New York. His own answer comes at once ...
    clock.set(datetime(2027, 1, 26, 8, tzinfo=UTC))
    replies = await c.submit("ben", f"log:{tid}", {"date": "2027-01-26", "minutes": "45",
                                                    "about": "goal1"})
    assert "Logged: January 26, 2027" in c_text(replies)
    assert c.inbox.get("salesvp") is None  # ... the notice waits for 9:00 in New York
    async with core.store.session() as s:
        [waiting] = list(await s.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "session")))
    assert waiting.next_attempt_at == datetime(2027, 1, 26, 14, tzinfo=UTC)
    clock.set(datetime(2027, 1, 26, 13, 59, tzinfo=UTC))
    await c.deliver()
    assert c.inbox.get("salesvp") is None
    clock.set(datetime(2027, 1, 26, 14, tzinfo=UTC))
    await c.deliver()
    assert "Ben logged your session on January 26, 2027" in c.received("salesvp")
    # She corrects nothing of his, but logs her own at 3:00 her time: the answer to her is
    # immediate, and Ben, at 9:00 in Berlin, is told at once.
    clock.set(datetime(2027, 1, 28, 8, tzinfo=UTC))
    replies = await c.submit("salesvp", f"log:{tid}", {"date": "2027-01-27", "minutes": "30",
                                                        "about": "social"})
    assert "Logged: January 27, 2027" in c_text(replies)
    assert "Salesvp logged your session on January 27, 2027" in c.received("ben")
    # And a notice queued at night in Berlin waits for Ben's morning.
    clock.set(datetime(2027, 1, 28, 23, tzinfo=UTC))  # 18:00 in New York, midnight in Berlin
    [row] = [r for r in await _sessions(core) if r.held_on == date(2027, 1, 27)]
    await c.click("salesvp", "sessions.remove_confirm", str(row.id))
    assert "removed the session" not in c.received("ben")
    clock.set(datetime(2027, 1, 29, 8, tzinfo=UTC))
    await c.deliver()
    assert "Salesvp removed the session of January 27, 2027" in c.received("ben")


async def test_who_may_log_and_when(core: TandemCore, clock: FakeClock) -> None:
    c = Cohort(core, clock)
    assert "once you are in a tandem" in await c.text("ben", "log")
    await c.signup("salesvp", "mentee", "lead", "Vertrieb", ["social", "tools"], None)
    await c.signup("ben", "mentor", "junior", "Marketing", ["social", "ai"], None)
    [card] = await c.send("hr", "match")
    assert isinstance(card, Card)
    await c.click("hr", "match.approve_all",
                  next(b.value for b in card.buttons if b.action_id == "match.approve_all"))
    async with core.store.session() as s:
        tid = await s.scalar(select(Tandem.id))
    assert "still in its kick-off" in await c.text("ben", "log")
    [reply] = await c.click("ben", "sessions.log", str(tid))
    assert "still in its kick-off" in c_text([reply])
    assert "No session logged yet" in await c.text("ben", "sessions")
    # Someone outside the tandem, a made-up id, another person's form.
    [reply] = await c.click("hr", "sessions.log", str(tid))
    assert "not part of" in c_text([reply])
    assert "one of your tandems: #" in await c.text("ben", "log 999")
    replies = await c.send("hr", FormSubmitted(c.actor("hr"), f"log:{tid}", {
        "date": "2027-01-20", "minutes": "45", "about_text": "x"}))
    assert "not part of" in c_text(replies)
    async with core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(SessionRow)) == 0


async def test_the_log_button_opens_the_prefilled_form(core: TandemCore,
                                                       clock: FakeClock) -> None:
    c, tid = await active_pair(core, clock)
    [form] = await c.click("ben", "sessions.log", str(tid))
    assert isinstance(form, Form) and form.form_id == f"log:{tid}"
    assert form.open_action == "sessions.log" and form.open_value == str(tid)


async def test_german_words_and_both_forms_of_address(core: TandemCore,
                                                      clock: FakeClock) -> None:
    c, tid = await active_pair(core, clock)
    [form] = await c.send("ben", "eintragen", locale="de")
    assert isinstance(form, Form) and form.title == "Sitzung eintragen"
    assert form.fields[0].label == "Datum (20.01.2027)"
    replies = await c.send("ben", FormSubmitted(c.actor("ben", "de"), f"log:{tid}", {
        "date": "21.01.2027", "minutes": "45", "about": "goal1"}))
    assert isinstance(replies[0], FormErrors)
    assert "nicht in der Zukunft" in replies[0].errors["date"]
    text = await c.text("ben", "treffen", locale="de")
    assert "Noch keine Sitzung eingetragen" in text
    async with core.store.session() as s:
        count = await s.scalar(select(func.count()).select_from(OutboxMessage)
                               .where(OutboxMessage.kind == "session"))
    assert count == 0


async def test_button_values_that_name_nothing(core: TandemCore, clock: FakeClock) -> None:
    c, _tid = await active_pair(core, clock)
    for action, value in (("sessions.edit", "abc"), ("sessions.edit", "99999"),
                          ("sessions.remove", ""), ("sessions.log", "-1")):
        replies = await c.send("ben", ButtonClicked(c.actor("ben"), action, value))
        assert isinstance(replies[0], Text), (action, value)
    assert await _sessions(core) == []


async def _kick_off(c: Cohort, tid: int, mentees: list[str], mentors: list[str]) -> None:
    for name in (*mentees, *mentors):
        await c.click(name, "kickoff.rules", str(tid))
    await c.submit(mentees[0], f"goals:{tid}", {"goal1": GOAL})
    await c.submit(mentors[0], f"cadence:{tid}", {"days": "14", "minutes": "60",
                                                  "mode": "video"})
    for name in (*mentees, *mentors[1:]):
        await c.click(name, "kickoff.cadence_ok", str(tid))
    assert (await _tandem(c.core, tid)).status == "active"


async def _circle(core: TandemCore, clock: FakeClock) -> tuple[Cohort, int]:
    """A circle of the CEO (mentee) and Ana, Ben and Cem (mentors), active; two days on."""
    c = Cohort(core, clock)
    await c.signup("ceo", "mentee", "executive", "Vorstand", ["ai", "tools"], None)
    for name, dept, topics in (("ana", "Technik", ["ai", "tools"]),
                               ("ben", "Marketing", ["ai", "social"]),
                               ("cem", "Personal", ["tools", "ai"])):
        await c.signup(name, "mentor", "junior", dept, topics, None)
    [card] = await c.send("hr", "match")
    assert isinstance(card, Card)
    await c.click("hr", "match.approve_all",
                  next(b.value for b in card.buttons if b.action_id == "match.approve_all"))
    async with core.store.session() as s:
        tid = await s.scalar(select(Tandem.id))
        assert tid is not None
    await _kick_off(c, tid, ["ceo"], ["ana", "ben", "cem"])
    c.inbox.clear()
    clock.advance(timedelta(days=2))
    return c, tid


async def test_any_member_of_a_circle_logs_the_circle_s_session(
        store: Store, program: Program, clock: FakeClock) -> None:
    core = TandemCore(store, replace(program, format="group"), clock)
    await core.start()
    c, tid = await _circle(core, clock)
    [form] = await c.send("ben", "log")
    assert isinstance(form, Form) and "everyone in it is told" in form.intro
    assert {f.id: f.initial for f in form.fields}["minutes"] == "60"
    await c.submit("ben", f"log:{tid}", {"date": "2027-01-21", "minutes": "60",
                                          "about": "goal1"})
    for name in ("ana", "cem", "ceo"):
        assert "Ben logged your session on January 21, 2027, 60 minutes" in c.received(name)
    # The logger is not told of his own session; he gets only his retro of it.
    assert "logged" not in c.received("ben") and "What did you teach" in c.received("ben")
    replies = await c.submit("ceo", f"log:{tid}", {"date": "2027-01-21", "minutes": "45",
                                                    "about": "ai"})
    assert "Ben already logged this session" in c_text(replies)
    [overview] = await c.send("cem", "sessions")
    assert isinstance(overview, Card) and overview.title.startswith("Sessions of your circle #")
    assert len(await _sessions(core)) == 1


async def test_a_mentor_with_two_tandems_picks_which(store: Store, program: Program,
                                                     clock: FakeClock) -> None:
    two = replace(program, matching=replace(program.matching, group_size=2,
                                            mentor_capacity=2))
    core = TandemCore(store, two, clock)
    await core.start()
    c = Cohort(core, clock)
    await c.signup("m1", "mentor", "junior", "A", ["ai"], None)
    for name in ("e1", "e2"):
        await c.signup(name, "mentee", "lead", "B", ["ai"], None)
    [card] = await c.send("hr", "match")
    assert isinstance(card, Card)
    await c.click("hr", "match.approve_all",
                  next(b.value for b in card.buttons if b.action_id == "match.approve_all"))
    async with core.store.session() as s:
        first, second = list(await s.scalars(select(Tandem.id).order_by(Tandem.id)))
    await _kick_off(c, first, ["e1"], ["m1"])
    # One active, one in its kick-off: `log` opens the active one's form.
    [form] = await c.send("m1", "log")
    assert isinstance(form, Form) and form.form_id == f"log:{first}"
    assert "still in its kick-off" in await c.text("m1", f"log {second}")
    await _kick_off(c, second, ["e2"], ["m1"])
    [choice] = await c.send("m1", "log")
    assert isinstance(choice, Card) and "Which tandem did you meet with?" in choice.sections
    assert [(b.action_id, b.value, without_markers(b.label)) for b in choice.buttons] == [
        ("sessions.log", str(first), f"#{first} with E1"),
        ("sessions.log", str(second), f"#{second} with E2")]
    c.inbox.clear()
    [form] = await c.send("m1", f"log {second}")
    assert isinstance(form, Form) and form.form_id == f"log:{second}"
    await c.submit("m1", f"log:{second}", {"date": "2027-01-20", "minutes": "60",
                                            "about": "ai"})
    assert "M1 logged your session" in c.received("e2") and c.received("e1") == ""
    cards = await c.send("m1", "sessions")
    assert [c_text([x]).count("No session logged yet") for x in cards] == [1, 0]
    [only] = await c.send("m1", f"sessions {second}")
    assert "60 minutes: AI in everyday work" in c_text([only])


async def test_informal_german_and_a_german_partner_s_notice(store: Store, program: Program,
                                                            clock: FakeClock) -> None:
    core = TandemCore(store, replace(program, german="du"), clock)
    await core.start()
    c, tid = await active_pair(core, clock)
    [form] = await c.send("ben", "protokoll", locale="de")
    assert isinstance(form, Form)
    assert form.intro == "Ein Eintrag für dein Tandem: Dein Tandempartner erfährt davon."
    async with core.store.session() as s:  # the partner reads German
        partner = await s.scalar(select(Person).where(Person.key == "console:salesvp"))
        assert partner is not None
        partner.locale = "de"
        await s.commit()
    await c.send("ben", FormSubmitted(c.actor("ben", "de"), f"log:{tid}", {
        "date": "20.01.2027", "minutes": "45", "about_text": "Prompts"}))
    assert ("Ben hat eure Sitzung vom 20. Januar 2027 eingetragen, 45 Minuten: Prompts"
            in c.received("salesvp"))
    [refused] = await c.send("salesvp", FormSubmitted(c.actor("salesvp", "de"), f"log:{tid}", {
        "date": "20.01.2027", "minutes": "600", "about_text": "Prompts"}))
    assert isinstance(refused, FormErrors)
    assert refused.errors["minutes"] == "Bitte gib eine Minutenzahl von 5 bis 480 an."
