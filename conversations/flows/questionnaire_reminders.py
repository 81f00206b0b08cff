"""One reminder for a questionnaire left unanswered for three days — never a second.

Three days after its question reached the person (inside their working time) and three days
after their last answer, the open question comes again, in their working time, and their DMs
go to it again from the moment it arrives. Not for a tandem that ended, a member who left it
or someone on a break, and after the program's end only for the final evaluation.

Set-based like every tick's work: one query finds the due responses (with their tandems and
people), one reads their answers, one UPDATE records the reminders (only the rows it marked
are reminded, so a second replica reminds nobody again), one insert queues the messages, one
query and one flush move the DM routes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm.exc import StaleDataError

from conversations.aggregates import tandem as tandem_states
from conversations.commands import Flow
from conversations.due import DueRun
from conversations.flows.questionnaires import (
    hold,
    open_question,
    question_card,
    questions_of,
)
from conversations.flows.quiet import program_today
from conversations.flows.wording import translator_of
from conversations.i18n import Translator
from conversations.replies import Card, message_to_dict
from conversations.working_time import next_working_moment, working_time_of
from storage.models import Person, Response, Tandem
from storage.questionnaires import Given
from storage.repositories import Queued, Repositories

log = logging.getLogger("tandem.due")

REMIND_AFTER = timedelta(days=3)
AFTER_THE_END = ("final",)  # the only questionnaire that may still remind after the end


def key(response: Response, person: Person) -> str:
    """The reminder's dedupe key: it names the response (one reminder each, ever)."""
    return f"qremind:{response.id}>{person.key}"


@dataclass(frozen=True)
class _Due:
    response: Response
    tandem: Tandem
    person: Person
    at: datetime  # when it may arrive: the person's next working moment


async def remind(run: DueRun) -> None:
    try:
        async with run.store.unit() as repos:
            queued, would = await _remind(run, repos)
    except StaleDataError:  # someone answered while this tick ran: the next one decides
        log.info("questionnaire answered meanwhile")
        return
    run.report.queued += queued
    run.report.would_queue += would


async def _remind(run: DueRun, repos: Repositories
                  ) -> tuple[list[str], list[tuple[str, str]]]:
    program, now = run.program, run.now
    ended = program_today(program, now) > program.end
    found = await repos.responses.reminders_due(
        run.program_id, now - REMIND_AFTER, kinds=AFTER_THE_END if ended else None)
    due = []
    for response, tandem, person in found:
        if tandem_states.member(tandem, person.id) is None:
            continue  # left the circle: its questions are no longer theirs
        hours = working_time_of(person, program)
        if next_working_moment(response.asked_at, hours) + REMIND_AFTER > now:
            continue  # three days after the question reached them, not after it was queued
        due.append(_Due(response, tandem, person, next_working_moment(now, hours)))
    if not due:
        return [], []
    given = await repos.responses.answers_of_many([d.response.id for d in due])
    rows: dict[int, Queued] = {}
    for d in due:
        card = reminder_card(translator_of(d.person, program), d.response, d.tandem,
                             given[d.response.id])
        if card is not None:
            rows[d.response.id] = Queued(key(d.response, d.person), d.person.key,
                                         message_to_dict(card), d.at)
    if run.dry_run:
        known = await repos.outbox.known([r.dedupe_key for r in rows.values()])
        return [], [(r.dedupe_key, r.person_key) for r in rows.values()
                    if r.dedupe_key not in known]
    # Marked even without a card (all answered, never finished): nothing to remind of.
    marked = await repos.responses.mark_reminded([d.response.id for d in due], now)
    sent = [rows[i] for i in rows if i in marked]
    await repos.outbox.enqueue_many(sent, now)
    # Their DMs answer the reminded question from the moment it arrives (oldest first).
    await hold(repos, [(d.person.key, d.response, d.at) for d in due
                       if d.response.id in marked and d.response.id in rows], now, reminder=True)
    return [r.dedupe_key for r in sent], []


def reminder_card(t: Translator, response: Response, tandem: Tandem,
                  given: dict[str, Given]) -> Card | None:
    """The open question again, said to be the one reminder; None when none is open."""
    questions = questions_of(response, tandem)
    found = open_question(questions, given)
    if found is None:
        return None
    card = question_card(t, response, tandem, questions, *found)
    return Card(card.title, (t("A reminder — the only one I send for this. Answer with the "
                               "buttons or by replying here; `stop` ends it and keeps what "
                               "you said."), *card.sections), card.buttons)


ANSWERS = Flow(due=(remind,))
