"""Putting a questionnaire to people and taking their answers — the one engine the retro,
the pairing fit, the mid-program check-in and the final evaluation share.

`put_to` records who is asked (one `responses` row per person and subject) and queues the
first question for their working time. People answer one question at a time — by a button
(scales and choices), by replying in the DM, or all at once in a form — and may `skip`,
go `back` or `stop` (what was said is kept). The person's DMs go to the open questionnaire
first (a `commands.HOLDING` conversation) from the moment its question reaches them until a
day after it, or after their last answer: someone who ignores it can type commands again
the next day, and `retro` (or the reminder) shows the open question again.

What happens when a questionnaire is finished is its kind's: `when_done(kind, handler)`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from conversations.commands import (
    ASK_EXPIRES,
    HOLDING,
    Command,
    Flow,
    HelpLine,
    ParsedCommand,
    parse_command,
    parse_id,
    table,
)
from conversations.context import Context
from conversations.flows import retro_sharing
from conversations.flows.concerns import concern_button
from conversations.flows.hours import parse_hours
from conversations.flows.members import members_of, names
from conversations.flows.wording import accepted, long_date, parse_day, translator_of
from conversations.i18n import Translator
from conversations.program import Program
from conversations.questionnaire.answers import Parsed, choices_of, parse, steering, storable
from conversations.questionnaire.kinds import QUESTIONNAIRES
from conversations.questionnaire.model import (
    SCALE,
    Question,
    Questionnaire,
    Situation,
    goal_index,
)
from conversations.replies import (
    Button,
    Card,
    Choice,
    Field,
    Form,
    FormAccepted,
    FormErrors,
    Reply,
    Text,
    Update,
    message_to_dict,
    verbatim,
)
from conversations.working_time import WorkingTime, next_working_moment, working_time_of
from storage.models import MAX_ANSWER_TEXT, ConversationState, Person, Response, Tandem
from storage.questionnaires import Ask, Given
from storage.repositories import Queued, Repositories

FLOW = "questionnaire"  # ConversationState.flow of the DM route
FORM = "qform"  # form id "qform:<response id>"
Values = dict[str, str | list[str]]

# kind → what happens once someone finished it (the fit's "no" reaches the coordinators…):
# extra replies to the person. Filled by the kinds' flows at import (`when_done`).
Done = Callable[[Context, Response, Tandem, dict[str, Given]], Awaitable[list[Reply]]]
# Several flows may follow one kind (the retro's own, and the quick wins' offer): in the
# order they registered.
_DONE: dict[str, list[Done]] = {}
# Those that also follow a later change of a finished questionnaire's answers ("Change my
# answers"): a fit changed to "no" still reaches the coordinators, a final "continue" changed
# to "yes" may still let the tandem go on. They must be safe to run again.
_CHANGED: dict[str, list[Done]] = {}


def when_done(kind: str, handler: Done, *, on_change: bool = False) -> None:
    _DONE.setdefault(kind, []).append(handler)
    if on_change:
        _CHANGED.setdefault(kind, []).append(handler)


# --- asking -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asking:
    """Where `put_to` reads and writes: a flow's context or a tick's unit of work."""
    repos: Repositories
    program: Program
    now: datetime


def situation(response: Response, tandem: Tandem) -> Situation:
    return retro_sharing.situation_of(response, tandem)


def questions_of(response: Response, tandem: Tandem) -> list[Question]:
    return QUESTIONNAIRES[response.kind].asked(situation(response, tandem))


async def put_to(at: Asking, asks: Sequence[Ask], people: dict[int, Person],
                 tandems: dict[int, Tandem]) -> list[Response]:
    """Ask each of `asks` once (a second call, another replica: nothing new) and queue the
    first question inside the person's working time. Returns the new responses.

    A fixed number of statements however many are asked (a tick's thousands of tandems):
    one insert of the asks, one of their messages, a query or two for the DM routes."""
    new = await at.repos.responses.ask_many(asks, at.now)
    queued: list[Queued] = []
    holds: list[tuple[str, Response, datetime]] = []
    moments: dict[WorkingTime, datetime] = {}  # most people share a few working times
    for response in new:
        person, tandem = people[response.person_id], tandems[response.tandem_id]
        questions = questions_of(response, tandem)  # a new response has no answers yet
        if not questions:  # nothing to ask this person (e.g. goals only, and none set)
            response.completed_at = at.now
            continue
        hours = working_time_of(person, at.program)
        when = moments.get(hours) or moments.setdefault(
            hours, next_working_moment(at.now, hours))
        card = question_card(translator_of(person, at.program), response, tandem, questions,
                             1, questions[0], intro=True)
        queued.append(Queued(f"q:{response.id}>{person.key}", person.key,
                             message_to_dict(card), when))
        holds.append((person.key, response, when))
    await at.repos.outbox.enqueue_many(queued, at.now)
    await hold(at.repos, holds, at.now)
    return new


async def hold(repos: Repositories, holds: Sequence[tuple[str, Response, datetime]],
               now: datetime, *, reminder: bool = False) -> None:
    """Route each person's DMs to their response from the moment given (when its question
    reaches them), for many people at once: a query for their routes, one for whether what
    holds them is still open, an UPDATE, an INSERT. Someone still answering another
    questionnaire keeps it — open, not only reminded, and its day not over when the new
    question arrives —; one they finished or let be gives way (their reply is to the newest
    question). The first given per person wins: one questionnaire holds a person's DMs."""
    states = await repos.states.of_flow(sorted({key for key, _r, _w in holds}), FLOW)
    held = {key: i for key, state in states.items() if (i := _held_id(state)) is not None}
    still_open = await repos.responses.open_among(sorted(set(held.values())))
    moved: dict[str, tuple[ConversationState, str, dict[str, Any]]] = {}
    added: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for key, response, since in holds:
        state = states.get(key)
        if key in moved or key in added or (
                state is not None and held.get(key) != response.id
                and held.get(key) in still_open and not _reminded(state)
                and since <= _since(state, since) + ASK_EXPIRES):
            continue
        step = f"{HOLDING}{response.id}"
        data: dict[str, Any] = {"from": since.isoformat(), **({"reminder": True} if reminder
                                                              else {})}
        if state is None:
            added[key] = (key, step, data)
        else:
            moved[key] = (state, step, data)
    await repos.states.update_many(list(moved.values()), now)
    await repos.states.add_many(FLOW, list(added.values()), now)


def _reminded(state: ConversationState) -> bool:
    """The route was held again by a reminder and not answered since: a new question that
    arrives takes its place (the reply is to the newest question; `retro` and the
    reminder's buttons still reach the reminded one)."""
    return bool(state.data.get("reminder"))


async def _take(repos: Repositories, person_key: str, response: Response,
                now: datetime) -> None:
    """The person is answering `response` now: their DMs go to it for the next day."""
    await repos.states.put(person_key, FLOW, f"{HOLDING}{response.id}",
                           {"from": now.isoformat()}, now)


def _since(state: ConversationState, now: datetime) -> datetime:
    return datetime.fromisoformat(str(state.data.get("from") or now.isoformat()))


def _active(state: ConversationState, now: datetime) -> bool:
    """The held questionnaire's question has reached the person, and a day has not passed."""
    since = _since(state, now)
    return since <= now <= since + ASK_EXPIRES


def _held_id(state: ConversationState) -> int | None:
    return parse_id(state.step.removeprefix(HOLDING))


def _current(questions: list[Question], given: dict[str, Given]) -> tuple[int, Question] | None:
    """The first question not answered yet (1-based position), or None when all are."""
    for n, question in enumerate(questions, start=1):
        if question.id not in given:
            return n, question
    return None


def open_question(questions: list[Question], given: dict[str, Given]
                  ) -> tuple[int, Question] | None:
    """The first question not answered yet (1-based position), or None when all are."""
    return _current(questions, given)


async def _ask_next(repos: Repositories, t: Translator, response: Response, tandem: Tandem,
                    *, intro: bool = False) -> Card | None:
    questions = questions_of(response, tandem)
    given = await repos.responses.answers_of(response.id)
    found = _current(questions, given)
    if found is None:
        return None
    return question_card(t, response, tandem, questions, *found, intro=intro)


def title_of(t: Translator, response: Response) -> str:
    """"Retro: your session on …", or the questionnaire's title."""
    return _title(t, response)


def _title(t: Translator, response: Response) -> str:
    title = QUESTIONNAIRES[response.kind].title(t)
    if response.kind == "retro":
        return t("{title}: your session on {date}", title=title,
                 date=long_date(t, response.period))
    return title


def _short_title(t: Translator, response: Response) -> str:
    """A form's title: Slack allows 24 characters ("Retro · Feb 10, 2027")."""
    title = QUESTIONNAIRES[response.kind].title(t)
    if response.kind == "retro":
        return t("{title} · {date}", title=title, date=t.date(response.period, "medium"))
    return title


def _intro(t: Translator, questionnaire: Questionnaire, count: int) -> str:
    private = (t("Your answers are private: your partner sees them only if you share them, "
                 "and the coordinators only ever see totals of several tandems.")
               if questionnaire.shareable else
               t("Your answers are private: the coordinators only ever see totals of "
                 "several tandems."))
    if count == 1:
        return t("One short question: answer with a button or by replying here.") + " " + private
    return (t("{count} short questions. Answer with the buttons or by replying here, one "
              "at a time — `skip` skips one, `back` goes back, `stop` ends and keeps what "
              "you said.", count=count) + " " + private)


def prompt_of(t: Translator, question: Question, response: Response, tandem: Tandem) -> str:
    text = question.prompt(t, situation(response, tandem))
    n = goal_index(question.id)
    goals = tandem.goals or []
    if n is not None and n < len(goals):
        text += "\n> " + verbatim(goals[n])
    return text


def question_card(t: Translator, response: Response, tandem: Tandem,
                  questions: list[Question], position: int, question: Question, *,
                  intro: bool = False) -> Card:
    rid = str(response.id)
    sections = [_intro(t, QUESTIONNAIRES[response.kind], len(questions))] if intro else []
    sections.append(t("**{n} of {total}.** ", n=position, total=len(questions))
                    + prompt_of(t, question, response, tandem))
    buttons: list[Button] = []
    if question.kind == "scale":
        buttons += [Button("q.answer", str(n), f"{rid}:{question.id}:{n}")
                    for n in range(SCALE[0], SCALE[1] + 1)]
    elif question.kind in ("choice", "goals"):
        buttons += [Button("q.answer", label, f"{rid}:{question.id}:{value}")
                    for value, label in choices_of(t, question)]
    else:
        sections.append(t("_Reply here in your own words._"))
    buttons.append(Button("q.skip", t("Skip"), f"{rid}:{question.id}"))
    if position > 1:
        buttons.append(Button("q.back", t("Back"), rid))
    if len(questions) > 1:  # one question (the pairing fit): its buttons and Skip say it all
        buttons += [Button("q.form", t("Answer in a form"), rid),
                    Button("q.stop", t("Stop"), rid)]
    buttons.append(concern_button(t, tandem.id))
    return Card(_title(t, response), tuple(sections), tuple(buttons))


# --- answering ----------------------------------------------------------------------------


async def _mine(ctx: Context, raw: str) -> tuple[Response, Tandem] | list[Reply]:
    """The actor's own response by id (a button's or a form's), or the reply why not."""
    response = await ctx.repos.responses.get(parse_id(raw) or 0)
    me = await ctx.repos.people.by_key(ctx.actor.key)
    tandem = await ctx.repos.tandems.get(response.tandem_id) if response else None
    if response is None or me is None or tandem is None or response.person_id != me.id:
        return [Text(ctx.t("This questionnaire is no longer open. Nothing changed."))]
    return response, tandem


def _done_already(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("You have already finished this one — thank you. `my retros` shows "
                       "your answers, and you can change them there."))]


async def _apply(ctx: Context, response: Response, tandem: Tandem, question: Question,
                 parsed: Parsed) -> list[Reply]:
    """One step of answering; the replies are the next question, or the end."""
    t, repos = ctx.t, ctx.repos
    if parsed.step == "invalid":
        return [Text(parsed.problem or "")]
    if parsed.step == "stop":
        return await _finish(ctx, response, tandem, stopped=True)
    if parsed.step == "back":
        questions = questions_of(response, tandem)
        given = await repos.responses.answers_of(response.id)
        answered = [q for q in questions if q.id in given]
        current = _current(questions, given)
        before = [q for q in answered
                  if current is None or questions.index(q) < current[0] - 1]
        if not before:
            return [Text(t("This is the first question: there is nothing to go back to."))]
        await repos.responses.forget(response, before[-1].id)
    else:
        await repos.responses.put(response, Given(
            question.id, parsed.number, parsed.choice, parsed.text,
            skipped=parsed.step == "skip"), ctx.now)
    # Answering keeps their DMs with this questionnaire for another day.
    await _take(repos, ctx.actor.key, response, ctx.now)
    card = await _ask_next(repos, t, response, tandem)
    if card is None:
        return await _finish(ctx, response, tandem, stopped=False)
    return [card]


async def _finish(ctx: Context, response: Response, tandem: Tandem, *, stopped: bool
                  ) -> list[Reply]:
    t = ctx.t
    response.completed_at = ctx.now
    given = await ctx.repos.responses.answers_of(response.id)
    replies: list[Reply] = [Text(
        t("Stopped — I kept what you said so far. Thank you.") if stopped else
        t("Thank you — your answers are saved."))]
    for handler in _DONE.get(response.kind, []):
        replies += await handler(ctx, response, tandem, given)
    return replies + await _next_open(ctx)


async def _next_open(ctx: Context) -> list[Reply]:
    """Hand the DM route to the person's next open questionnaire, if any, and ask it."""
    me = await ctx.repos.people.by_key(ctx.actor.key)
    state = await ctx.repos.states.get(ctx.actor.key, FLOW)
    waiting = [r for r in await ctx.repos.responses.open_of(me.id)] if me else []
    for response in waiting:
        tandem = await ctx.repos.tandems.get(response.tandem_id)
        if tandem is None:
            continue
        card = await _ask_next(ctx.repos, ctx.t, response, tandem, intro=True)
        if card is None:
            continue
        await _take(ctx.repos, ctx.actor.key, response, ctx.now)
        return [card]
    if state is not None:
        await ctx.repos.states.end(state)
    return []


async def on_dm(ctx: Context, text: str, state: ConversationState) -> list[Reply] | None:
    """A DM while a questionnaire holds the person's messages."""
    response = await ctx.repos.responses.get(_held_id(state) or 0)
    tandem = await ctx.repos.tandems.get(response.tandem_id) if response else None
    if response is None or tandem is None or response.completed_at is not None:
        await ctx.repos.states.end(state)
        return None
    if not _active(state, ctx.now):
        if ctx.now >= _since(state, ctx.now) and steering(text) == "stop":
            # A day later "stop" still ends it: no command has that name.
            return await _apply(ctx, response, tandem, _WORD, Parsed("stop"))
        # Its question has not reached them yet, or they let it be for a day: a command.
        return None
    parsed_command = parse_command(text)
    if parsed_command.name is not None and not parsed_command.args and _one_word(text):
        return None  # a command word alone ("sessions") is a command, not an answer
    if _typed_command(parsed_command):
        return None  # `pause 2027-03-28`, `my retros` while answering: the command
    questions = questions_of(response, tandem)
    current = _current(questions, await ctx.repos.responses.answers_of(response.id))
    if current is None:
        return await _finish(ctx, response, tandem, stopped=False)
    return await _apply(ctx, response, tandem, current[1], parse(ctx.t, current[1], text))


def _typed_command(parsed: ParsedCommand) -> bool:
    """A command with an argument only a command has — a date, a number, one of its own
    words (`tandems quiet`), working hours, `my retros` — rather than an answer that happens
    to begin with a command's word ("change the room")."""
    command = table().commands.get(parsed.name or "")
    if command is None or not parsed.args:
        return False
    if command.name == MY:
        return is_mine(parsed.args)
    first = parsed.args.split()[0].lower()
    if first in {w for pair in command.sub_german for w in pair}:
        return True
    if len(parsed.args.split()) == 1 and (parse_day(first) is not None
                                          or parse_id(first) is not None):
        return True
    return command.name == "hours" and parse_hours(parsed.args) is not None


def _one_word(text: str) -> bool:
    return len(text.split()) == 1 and steering(text) is None


_WORD = Question("word", "text", lambda t, s: "")

# `my retros` (conversations/flows/my_retros.py): the command word and what may follow it.
MY = "my"
MINE = frozenset({"retros", "retro", "answers", "questionnaires", "rückblicke", "rückblick",
                  "antworten", "fragebögen", "fragen"})


def is_mine(args: str) -> bool:
    """What follows `my`/`meine` names the person's questionnaires ("" too: `retros`)."""
    return not args or args.lower().strip(".!?") in MINE


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    rid, _, rest = value.partition(":")
    found = await _mine(ctx, rid)
    if isinstance(found, list):
        return found
    response, tandem = found
    if action == "q.form":
        return [await form_of(ctx, response, tandem)]
    if response.completed_at is not None:
        return _done_already(ctx)
    questions = {q.id: q for q in questions_of(response, tandem)}
    # "<question>:<answer>" (a goal's question id has a colon too: "goals:0"), "<question>"
    question_id, _, answer = (rest.rpartition(":") if action == "q.answer"
                              else (rest, "", ""))
    if action == "q.stop":
        return _as_update(await _apply(ctx, response, tandem, _WORD, Parsed("stop")))
    if action == "q.back":
        return await _apply(ctx, response, tandem, _WORD, Parsed("back"))
    question = questions.get(question_id)
    current = _current(list(questions.values()),
                       await ctx.repos.responses.answers_of(response.id))
    if question is None or current is None or current[1].id != question.id:
        # A card of an earlier question (answered since by a reply): it changes nothing.
        card = await _ask_next(ctx.repos, ctx.t, response, tandem)
        return [Text(ctx.t("You have answered that question already; `back` changes the "
                           "last answer. The open question:")), *([card] if card else [])]
    shown = prompt_of(ctx.t, question, response, tandem)
    if action == "q.skip":
        replies = await _apply(ctx, response, tandem, question, Parsed("skip"))
        return [Update(Text(shown + "\n" + ctx.t("_Skipped._"))), *replies]
    parsed = parse(ctx.t, question, answer)
    if parsed.step != "answer":
        return [Text(ctx.t("This button is no longer in use. Type `help` to see what you "
                           "can do."))]
    replies = await _apply(ctx, response, tandem, question, parsed)
    label = answer if question.kind == "scale" else dict(choices_of(ctx.t, question))[answer]
    return [Update(Text(shown + "\n" + ctx.t("Your answer: **{answer}**", answer=label))),
            *replies]


def _as_update(replies: list[Reply]) -> list[Reply]:
    return [Update(replies[0]), *replies[1:]] if replies and isinstance(
        replies[0], Text | Card) else replies


# --- the form -----------------------------------------------------------------------------


async def form_of(ctx: Context, response: Response, tandem: Tandem,
                  values: Values | None = None) -> Form:
    """Every question at once, prefilled with what was answered so far (also to change
    answers after the questionnaire is done)."""
    t = ctx.t
    given = await ctx.repos.responses.answers_of(response.id, with_text=True)
    fields: list[Field] = []
    for question in questions_of(response, tandem):
        label = without_bold(prompt_of(t, question, response, tandem))
        old = given.get(question.id)
        if values is not None:
            initial: str | None = str(values.get(question.id) or "") or None
        elif old is None:
            initial = None
        else:
            initial = old.text or old.choice or (str(old.number) if old.number else None)
        if question.kind == "scale":
            choices = tuple(Choice(str(n), str(n)) for n in range(SCALE[0], SCALE[1] + 1))
            fields.append(Field(question.id, label, "single", choices, initial=initial))
        elif question.kind in ("choice", "goals"):
            choices = tuple(Choice(v, lab) for v, lab in choices_of(t, question))
            fields.append(Field(question.id, label, "single", choices, initial=initial))
        else:
            fields.append(Field(question.id, label, "text", initial=initial,
                                hint=t("At most {most} characters. Private to you.",
                                       most=t.number(MAX_ANSWER_TEXT))))
    fields += await _share_field(ctx, response, tandem, values)
    # The short title (a Slack modal's holds 24 characters); the session's day in the intro.
    about = (t("About your session on {date}.", date=long_date(t, response.period)) + " "
             if response.kind == "retro" else "")
    return Form(f"{FORM}:{response.id}", _short_title(t, response),
                about + t("Leave out what you do not want to answer."), tuple(fields),
                t("Save"), t("Cancel"), open_action="q.form", open_value=str(response.id),
                open_label=t("Open the form"),
                check=lambda v: _errors(t, response, tandem, v))


SHARE = "share"  # the retro form's checkbox: share my written answers with my partner


async def _share_field(ctx: Context, response: Response, tandem: Tandem,
                       values: Values | None) -> list[Field]:
    if not retro_sharing.shareable(response):
        return []
    partners = (await members_of(ctx.repos, tandem)).others(response.person_id)
    if not partners:
        return []
    t = ctx.t
    ticked = (ticked_share(values) if values is not None else response.shared_at is not None)
    return [Field(SHARE, t("Share"), "checkbox", (Choice("yes", t(
        "Share my written answers with {partner}", partner=names(partners))),),
        initial=("yes",) if ticked else None,
        hint=t("Unticked, only you see them. Your scores are never shared."))]


def ticked_share(values: Values | None) -> bool:
    """The share checkbox's "yes": a list (Slack, the console) or a comma-separated text
    (Teams)."""
    value = (values or {}).get(SHARE)
    if isinstance(value, list):
        return "yes" in value
    return "yes" in (value or "").split(",")


def without_bold(text: str) -> str:
    return text.replace("**", "")


def _errors(t: Translator, response: Response, tandem: Tandem, values: Values
            ) -> dict[str, str]:
    errors: dict[str, str] = {}
    for question in questions_of(response, tandem):
        raw = values.get(question.id)
        typed = raw if isinstance(raw, str) else ""
        if not typed.strip():
            continue
        parsed = parse(t, question, typed)
        if parsed.step == "invalid" and parsed.problem:
            errors[question.id] = parsed.problem
    return errors


async def on_form(ctx: Context, form_id: str, values: Values) -> list[Reply]:
    t = ctx.t
    found = await _mine(ctx, form_id.partition(":")[2])
    if isinstance(found, list):
        return [FormAccepted(form_id, accepted(t)), *found]
    response, tandem = found
    errors = _errors(t, response, tandem, values)
    if errors:
        return [FormErrors(form_id, errors, await form_of(ctx, response, tandem, values))]
    for question in questions_of(response, tandem):
        raw = values.get(question.id)
        typed = storable(raw) if isinstance(raw, str) else ""
        if not typed:
            await ctx.repos.responses.put(response, Given(question.id, skipped=True), ctx.now)
            continue
        parsed = parse(t, question, typed)
        await ctx.repos.responses.put(response, Given(
            question.id, parsed.number, parsed.choice, parsed.text,
            skipped=parsed.step == "skip"), ctx.now)
    shared = await retro_sharing.set_shared(ctx, response, tandem, ticked_share(values))
    if response.completed_at is not None:
        replies: list[Reply] = [FormAccepted(form_id, accepted(t)),
                                Text(t("Your answers are updated. Thank you.")), *shared]
        given = await ctx.repos.responses.answers_of(response.id)
        for handler in _CHANGED.get(response.kind, []):
            replies += await handler(ctx, response, tandem, given)
        return replies
    return [FormAccepted(form_id, accepted(t)), *shared,
            *await _finish(ctx, response, tandem, stopped=False)]


# --- `retro`: the open question again ------------------------------------------------------


async def resume(ctx: Context, args: str, prefix: str) -> list[Reply]:
    me = await ctx.repos.people.by_key(ctx.actor.key)
    for response in (await ctx.repos.responses.open_of(me.id)) if me else []:
        tandem = await ctx.repos.tandems.get(response.tandem_id)
        if tandem is None:
            continue
        card = await _ask_next(ctx.repos, ctx.t, response, tandem, intro=True)
        if card is not None:
            await _take(ctx.repos, ctx.actor.key, response, ctx.now)
            return [card]
    return [Text(ctx.t("No retro or questionnaire is waiting for you right now. After "
                       "each session you log, I ask you a few short questions."))]


ANSWERS = Flow(
    commands=(
        Command("retro", ("retro", "questions"), ("retro", "fragen", "rückblick"), resume,
                (HelpLine("retro", lambda t: t("answer the open retro or questionnaire"),
                          47),)),
    ),
    buttons=(("q.", on_button),),
    forms=((f"{FORM}:", on_form),),
    conversations=((FLOW, on_dm),),
)
