"""What the session nudges say: the check-in, the planned-day and target reminders, the
preparation tips (rotating, per role) and the month's agenda theme."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from conversations.flows.concerns import concern_button
from conversations.flows.members import Members, partners_text
from conversations.flows.wording import long_date
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import Button, Card, verbatim
from storage.models import Person, Tandem

SNOOZE_DAYS = 3


def value(tandem_id: int, period: date) -> str:
    """A check-in button's value: "<tandem id>:<period iso>"."""
    return f"{tandem_id}:{period.isoformat()}"


def _mentor_tips(t: Translator) -> tuple[str, ...]:
    return (t("Prepare one topic and a few concrete examples; no need to over-prepare."),
            t("Show rather than tell: open the tool, walk through a real case."),
            t("Ask questions instead of lecturing: what does your mentee already know?"),
            t("You are the expert in the session: say what you see, respectfully and plainly."))


def _mentee_tips(t: Translator) -> tuple[str, ...]:
    return (t("Bring two or three concrete questions from your own work."),
            t("Listen without getting defensive: ask a follow-up question instead."),
            t("Take notes, and try one thing before the next session."),
            t("Leave the title at the door: here you are the one learning."))


def tip(t: Translator, role: str | None, turn: int) -> str:
    """The preparation tip for `role` at the tandem's `turn`-th period (rotating)."""
    mentor, mentee = _mentor_tips(t), _mentee_tips(t)
    if role == "mentor":
        return mentor[turn % len(mentor)]
    if role == "mentee":
        return mentee[turn % len(mentee)]
    # Peers teach and learn: both halves.
    return t("When you teach: {teach} When you learn: {learn}",
             teach=mentor[turn % len(mentor)], learn=mentee[turn % len(mentee)])


def run_month(program: Program, day: date) -> int:
    """The month of the program's run `day` falls in: 1 from the start day on."""
    start = program.start
    months = (day.year - start.year) * 12 + day.month - start.month
    if day.day < start.day:
        months -= 1
    return months + 1


def turn_of(tandem: Tandem, period: date, program: Program) -> int:
    """How many cadences the tandem has had by `period`: the tips rotate with it."""
    return turn_since(tandem.activated_at or tandem.approved_at, tandem.cadence_days, period,
                      program)


def turn_since(started: datetime, cadence_days: int, period: date, program: Program) -> int:
    """`turn_of` a tandem that started (activated, else approved) at `started`."""
    since = started.astimezone(ZoneInfo(program.timezone)).date()
    return max((period - since).days, 0) // max(cadence_days, 1)


def extras(t: Translator, program: Program, members: Members, person: Person,
           period: date) -> list[str]:
    """The month's theme and the person's tip, each a paragraph (either may be off)."""
    out: list[str] = []
    topic_id = program.theme(run_month(program, period))
    label = program.topic_label(topic_id, t.language) if topic_id else None
    if label:
        out.append(t("This month's theme: **{topic}**.", topic=label))
    if program.tips:
        role = members.role_of(person.id)
        out.append(t("Tip: {tip}", tip=tip(t, role, turn_of(members.tandem, period, program))))
    return out


def _deliverable(t: Translator, tandem: Tandem) -> list[str]:
    if tandem.format != "project" or not tandem.deliverable:
        return []
    text = t("And how is your deliverable coming along? {deliverable}",
             deliverable=verbatim(tandem.deliverable))
    if tandem.target_date:
        text += " " + t("(target: {date})", date=long_date(t, tandem.target_date))
    return [text]


def log_button(t: Translator, tandem: Tandem, label: str | None = None,
               period: date | None = None) -> Button:
    """Opens the log form; from a check-in (`period`, its due day) with that day as its date."""
    return Button("sessions.log", label or t("Yes — log it"),
                  value(tandem.id, period) if period else str(tandem.id), "primary")


def help_button(t: Translator, tandem: Tandem, period: date) -> Button:
    return Button("checkin.help", t("We need help"), value(tandem.id, period))


def checkin_card(t: Translator, program: Program, members: Members, person: Person,
                 period: date) -> Card:
    tandem = members.tandem
    ask = t("Your session with **{partner}** was due on {date}. Did you meet?",
            partner=partners_text(members, person.id), date=long_date(t, period))
    return Card(t("Did you meet?"),
                (ask, *_deliverable(t, tandem), *extras(t, program, members, person, period)),
                (log_button(t, tandem, period=period),
                 Button("checkin.snooze", t("Not yet — remind me in 3 days"),
                        value(tandem.id, period)),
                 help_button(t, tandem, period), concern_button(t, tandem.id)))


def snoozed_card(t: Translator, members: Members, person: Person, period: date) -> Card:
    """The reminder a snooze asked for: no second snooze on it."""
    tandem = members.tandem
    return Card(t("Did you meet?"),
                (t("You asked me to remind you: did you and **{partner}** meet?",
                   partner=partners_text(members, person.id)), *_deliverable(t, tandem)),
                (log_button(t, tandem, period=period), help_button(t, tandem, period),
                 concern_button(t, tandem.id)))


def reminder_card(t: Translator, program: Program, members: Members, person: Person,
                  day: date) -> Card:
    """The morning of a planned session, instead of a check-in."""
    tandem = members.tandem
    return Card(t("Your session today"),
                (t("You planned a session with **{partner}** for today.",
                   partner=partners_text(members, person.id)),
                 *extras(t, program, members, person, day)),
                (log_button(t, tandem, t("Log it afterwards")),))


def target_card(t: Translator, members: Members, person: Person) -> Card:
    """A week before a project tandem's target date."""
    tandem = members.tandem
    assert tandem.target_date is not None
    return Card(t("One week to your target date"),
                (t("Your project with **{partner}** is due on {date}: {deliverable} How is it "
                   "coming along?", partner=partners_text(members, person.id),
                   date=long_date(t, tandem.target_date),
                   deliverable=verbatim(tandem.deliverable or "")),),
                (log_button(t, tandem, t("Log a session")),
                 help_button(t, tandem, tandem.target_date), concern_button(t, tandem.id)))
