"""Coordinators list and dissolve tandems; a participant can privately ask for a change.

Dissolving asks first: a card says what will happen and offers one button per reason
category. Only the category is kept (on the ended tandem, for `tandems all`); nothing typed
is asked, so no free text needs a retention rule, and the pair never sees the reason.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from conversations.aggregates import IllegalTransition
from conversations.aggregates import tandem as tandem_states
from conversations.aggregates.enrollment import EnrollmentState
from conversations.aggregates.tandem import TandemState
from conversations.commands import ASKING, Command, Flow, HelpLine, parse_id
from conversations.context import Context
from conversations.flows import peer_signup, project, quiet
from conversations.flows.circle_wording import circle_head, is_circle
from conversations.flows.kickoff import missing, mode_name
from conversations.flows.matching import refuse
from conversations.flows.members import Members, members_of, one_of, sides_text
from conversations.flows.members import names as names_of
from conversations.flows.wording import (
    dash,
    long_date,
    person_name,
    translator_of,
)
from conversations.i18n import Translator
from conversations.replies import (
    Button,
    Card,
    Reply,
    Text,
    Update,
    as_update,
    message_to_dict,
    verbatim,
)
from conversations.working_time import notice_time
from storage.models import ConversationState, Enrollment, Person, Tandem

MAX_REASON = 500
CHANGE_FLOW = "change"  # the open question "What should change?" (conversation_states.flow)

# Why a coordinator ends a tandem (one button each), in the order offered.
END_REASONS = ("did_not_meet", "no_fit", "asked", "circumstances", "other")
# Set by the bot itself when a participant leaves the program.
LEFT = "left"


def reason_name(t: Translator, code: str | None) -> str:
    # Literal msgids so the extractor finds them.
    return {
        "did_not_meet": t("they did not meet"),
        "no_fit": t("not a good fit"),
        "asked": t("a participant asked for it"),
        "circumstances": t("circumstances changed"),
        "other": t("another reason"),
        LEFT: t("a participant left the program"),
    }.get(code or "", t("reason not recorded"))


def _day(ctx: Context, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(ctx.program.timezone)).date()


def _head(t: Translator, members: Members) -> str:
    """"#12 Ada (mentor) ↔ Erika (mentee)"; a circle names each side; peers "(peers)"."""
    mentors, mentees = members.current("mentor"), members.current("mentee")
    tandem = members.tandem
    if not mentors and not mentees:
        return f"#{tandem.id} " + t("{people} (peers)", people=" ↔ ".join(
            person_name(p, p.key) for p in members.current()))
    if len(mentors) == len(mentees) == 1:
        return f"#{tandem.id} " + t("{mentor} (mentor) ↔ {mentee} (mentee)",
                                    mentor=person_name(mentors[0], mentors[0].key),
                                    mentee=person_name(mentees[0], mentees[0].key))
    return f"#{tandem.id} " + circle_head(t, [person_name(p, p.key) for p in mentors],
                                          [person_name(p, p.key) for p in mentees])


def _pauses(ctx: Context, members: Members, enrollments: dict[int, Enrollment]) -> list[str]:
    t = ctx.t
    out = []
    for p in members.current():
        e = enrollments.get(p.id)
        if e is not None and e.status == EnrollmentState.PAUSED and e.paused_until:
            out.append(t("{who} until {date}", who=person_name(p, p.key),
                         date=long_date(t, e.paused_until)))
    return out


def _asker(t: Translator, members: Members) -> str:
    """Who asked for a change: the person; in a circle, whoever has the asker's role."""
    role = members.tandem.change_requested_by or ""
    return one_of(t, members.current(role)) if members.current(role) else "—"


def _current_line(ctx: Context, members: Members, enrollments: dict[int, Enrollment]
                  ) -> tuple[str, str]:
    """One tandem's line, and its state for the summary: kickoff | active | paused."""
    t = ctx.t
    tandem = members.tandem
    pauses = _pauses(ctx, members, enrollments)
    if pauses:
        state = "paused"
        text = t("paused: {pauses}", pauses="; ".join(pauses))
    elif tandem.status == TandemState.ACTIVE:
        state = "active"
        text = t("active, every {days} days ({mode})", days=tandem.cadence_days,
                 mode=mode_name(t, tandem.mode))
    else:
        state = "kickoff"
        todo = missing(members, t)
        text = t("kick-off, missing: {todo}", todo="; ".join(todo))
    line = f"- {_head(t, members)}: {text}"
    if deliverable := project.describe(t, tandem):
        line += dash(t) + deliverable
    if tandem.change_requested_at is not None:
        line += dash(t) + t("**change requested** by {who} on {date}",
                          who=_asker(t, members),
                          date=long_date(t, _day(ctx, tandem.change_requested_at)))
    return line, state


async def list_tandems(ctx: Context, args: str = "") -> list[Reply]:
    t = ctx.t
    if args.strip().lower() in ("quiet", "ruhig"):
        return await quiet.quiet_list(ctx)
    show_ended = args.strip().lower() in ("all", "alle")
    current = await ctx.repos.tandems.current(ctx.program_id)
    ended = await ctx.repos.tandems.ended(ctx.program_id)
    ids = sorted({m.person_id for tandem in [*current, *ended] for m in tandem.members})
    people = await ctx.repos.people.by_ids(ids)
    enrollments = await ctx.repos.enrollments.for_people(ctx.program_id, ids)
    parts = []
    if current:
        lines, states = [], {"kickoff": 0, "active": 0, "paused": 0}
        for tandem in current:
            line, state = _current_line(ctx, Members(tandem, people), enrollments)
            lines.append(line)
            states[state] += 1
        requests = sum(1 for x in current if x.change_requested_at is not None)
        summary = t("{active} active, {kickoff} in kick-off, {paused} paused",
                    active=states["active"], kickoff=states["kickoff"],
                    paused=states["paused"])
        if requests:
            summary += "; " + t("open change requests: {n}", n=requests)
        parts.append(t("**Current tandems ({n})**", n=len(current)) + ": " + summary + "\n"
                     + "\n".join(lines))
    else:
        parts.append(t("There are no current tandems. Type `match` to propose some."))
    if show_ended and ended:
        lines = []
        for tandem in ended:
            when = long_date(t, _day(ctx, tandem.dissolved_at or tandem.approved_at))
            lines.append(f"- {_head(t, _everyone(tandem, people))}: "
                         + t("ended on {date}: {reason}", date=when,
                             reason=reason_name(t, tandem.end_reason)))
        parts.append(t("**Ended tandems ({n})**", n=len(ended)) + "\n" + "\n".join(lines))
    elif show_ended:
        parts.append(t("No tandem has ended yet."))
    elif ended:
        parts.append(t("Ended tandems: {n}. `tandems all` lists them with when and why.",
                       n=len(ended)))
    if current:
        parts.append(t("To end one: `dissolve <number>`."))
    return [Text("\n\n".join(parts))]


def _everyone(tandem: Tandem, people: dict[int, Person]) -> Members:
    """An ended tandem's members as they were at its end."""
    return Members(tandem, people)


def _current_or_none(ctx: Context, tandem: Tandem | None) -> Tandem | None:
    if (tandem is None or tandem.program_id != ctx.program_id
            or tandem.status == TandemState.DISSOLVED):
        return None
    return tandem


def _no_such_tandem(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("Please give the number of a current tandem, for example "
                       "`dissolve 12`. Type `tandems` to see them."))]


def _already_ended(ctx: Context, tandem: Tandem | None) -> list[Reply] | None:
    """The answer to a stale or repeated click on an ended tandem, else None.

    Takes the row the caller loaded: loading it twice could see two different states (read
    committed, and the identity map forgets an unchanged row once nothing refers to it)."""
    if (tandem is None or tandem.program_id != ctx.program_id
            or tandem.status != TandemState.DISSOLVED):
        return None
    t = ctx.t
    when = long_date(t, _day(ctx, tandem.dissolved_at or tandem.approved_at))
    return [Text(t("Tandem #{id} already ended on {date} ({reason}). Nothing changed.",
                   id=tandem.id, date=when, reason=reason_name(t, tandem.end_reason)))]


def _if_ended(t: Translator, members: Members) -> list[str]:
    names = sides_text(members)
    if members.is_pair():
        told = [t("{mentor} and {mentee} are told kindly that the program coordination ended "
                  "their tandem, not why;", **names),
                t("both go back to the waiting list and will not be proposed to each other "
                  "again;")]
    else:
        told = [t("everyone in it ({people}) is told kindly that the program coordination "
                  "ended their tandem, not why;", people=names_of(members.current())),
                t("everyone goes back to the waiting list; its mentors and mentees will not "
                  "be proposed to each other again;")]
    return [*told, t("the tandem stays in `tandems all` with the date and the reason you "
                     "choose.")]


async def confirm_card(ctx: Context, tandem: Tandem, suggested: str | None = None) -> Card:
    """Ask before ending; `suggested` (a reason the button that led here knows, such as a
    pairing fit's "no") is offered first."""
    t = ctx.t
    reasons = sorted(END_REASONS, key=lambda code: code != suggested)
    members = await members_of(ctx.repos, tandem)
    names = sides_text(members)
    value = str(tandem.id)
    return Card(
        t("End tandem #{id} ({mentor} ↔ {mentee})?", id=tandem.id, **names),
        (
            t("If you end it:") + "\n" + "\n".join("- " + x for x in _if_ended(t, members)),
            (t("**Why does it end?** Only the category is kept, for the coordinators; "
               "{mentor} and {mentee} never see it.", **names) if members.is_pair() else
             t("**Why does it end?** Only the category is kept, for the coordinators; "
               "the members never see it.")),
        ),
        (*(Button("tandems.dissolve", t("End: {reason}", reason=reason_name(t, code)),
                  f"{value}:{code}", "danger" if i == 0 else "default")
           for i, code in enumerate(reasons)),
         Button("tandems.keep_tandem", t("Cancel: keep the tandem"), value)),
    )


async def dissolve(ctx: Context, args: str) -> list[Reply]:
    """`dissolve 12`: the confirmation card; nothing changes until a reason is clicked."""
    tandem_id = parse_id(args.strip().split(" ", 1)[0])
    if tandem_id is None:
        return _no_such_tandem(ctx)
    loaded = await ctx.repos.tandems.get(tandem_id)
    if (ended := _already_ended(ctx, loaded)) is not None:
        return ended
    tandem = _current_or_none(ctx, loaded)
    if tandem is None:
        return _no_such_tandem(ctx)
    return [await confirm_card(ctx, tandem)]


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    if not ctx.program.is_coordinator(ctx.actor.key):
        return refuse(ctx)
    t = ctx.t
    raw_id, _, code = value.partition(":")
    tandem_id = parse_id(raw_id)
    if tandem_id is None:
        return _no_such_tandem(ctx)
    loaded = await ctx.repos.tandems.get(tandem_id)
    if (ended := _already_ended(ctx, loaded)) is not None:
        return ended  # a second click, a stale card, or the tandem ended meanwhile
    tandem = _current_or_none(ctx, loaded)
    if tandem is None:
        return _no_such_tandem(ctx)
    if action == "tandems.dissolve" and code in END_REASONS:
        # Done: the confirmation card says so in place of its buttons.
        return as_update(await _dissolve(ctx, tandem, code))
    if action == "tandems.end":  # from a change request: ask first, as `dissolve` does
        return [await confirm_card(ctx, tandem, code if code in END_REASONS else None)]
    if action == "tandems.keep_tandem":
        return [Update(Text(t("Nothing changed: tandem #{id} continues.", id=tandem.id)))]
    if action == "tandems.close_request":
        try:
            tandem_states.close_change(tandem)
        except IllegalTransition:
            return [Text(t("Tandem #{id} has no open change request. Nothing changed.",
                           id=tandem.id))]
        return [Text(t("The change request for tandem #{id} is closed; the tandem continues. "
                       "The participants were not told.", id=tandem.id))]
    return [Text(t("This button is no longer in use. Type `help` to see what you can do."))]


async def _dissolve(ctx: Context, tandem: Tandem, reason: str) -> list[Reply]:
    t = ctx.t
    # Not proposed together again (the one rule of `end`); both go back to the waiting list.
    await tandem_states.end(ctx.repos, tandem, reason, ctx.now, ctx.actor.key)
    members = await members_of(ctx.repos, tandem)
    for person in members.current():
        tp = translator_of(person, ctx.program)
        body = Text(tp("The program coordination has ended your circle in **{program}**. "
                       "Thank you for the time you invested. You are back on the waiting list "
                       "and will be considered in the next round.", program=ctx.program.name)
                    if is_circle(tandem) else
                    tp("The program coordination has ended your tandem in **{program}**. "
                       "Thank you for the time you invested. You are back on the waiting list "
                       "and will be considered for a new tandem in the next round.",
                       program=ctx.program.name))
        await ctx.repos.outbox.enqueue(f"dissolved:{tandem.id}:{person.key}", person.key,
                                       message_to_dict(body), ctx.now,
                                       not_before=notice_time(ctx.now, person, ctx.program))
    facts = {"id": tandem.id, **sides_text(members), "reason": reason_name(t, reason)}
    return [Text(t("Tandem #{id} ({mentor} ↔ {mentee}) is dissolved ({reason}). Everyone in "
                   "the circle was told kindly and is back on the waiting list; type `match` "
                   "to match them anew.", **facts) if is_circle(tandem) else
                 t("Tandem #{id} ({mentor} ↔ {mentee}) is dissolved ({reason}). Both were told "
                   "kindly and are back on the waiting list; type `match` to re-match them.",
                   **facts))]


async def request_change(ctx: Context, reason: str) -> list[Reply]:
    t = ctx.t
    me = await ctx.repos.people.by_key(ctx.actor.key)
    tandems = await ctx.repos.tandems.current_for(ctx.program_id, me.id) if me else []
    if me is None or not tandems:
        return [Text(t("You are not in a tandem right now, so there is nothing to change. "
                       "Type `status` to see where you stand."))]
    if not ctx.program.coordinators:
        return [Text(t("This program has no coordinators configured yet; please contact your "
                       "HR team directly."))]
    reason = " ".join(reason.split())[:MAX_REASON]
    if not reason:  # ask; the next DM is the reason (`answer_change`)
        await ctx.repos.states.put(ctx.actor.key, CHANGE_FLOW, ASKING + "reason", {}, ctx.now)
        return [Text(t("What should change? Tell me in one message — only the coordinators "
                       "will see it. (`cancel` to stop)"))]
    # The overview keeps that a request is open, and from whom; the reason typed travels
    # only in the coordinators' messages (their bodies are deleted once delivered).
    for tandem in tandems:
        mine = tandem_states.member(tandem, me.id)
        if mine is not None:
            tandem_states.request_change(tandem, mine.role, ctx.now)
    ids = ", ".join(f"#{x.id}" for x in tandems)
    for coordinator in sorted(ctx.program.coordinators):
        reader = await ctx.repos.people.by_key(coordinator)
        tc = translator_of(reader, ctx.program)
        buttons: list[Button] = []
        for tandem in tandems:
            buttons += [Button("tandems.end", tc("End tandem #{id}…", id=tandem.id),
                               str(tandem.id)),
                        Button("tandems.close_request",
                               tc("Keep #{id}, close the request", id=tandem.id),
                               str(tandem.id))]
        body = Card(tc("Change request"), (
            tc("**{who}** privately asks for a change to their tandem {ids}. Their partner has "
               "not been told.", who=person_name(me, me.key), ids=ids)
            + (("\n\n> " + verbatim(reason)) if reason else ""),
            tc("Reply to them directly, then end the tandem or close the request."),
        ), tuple(buttons))
        await ctx.repos.outbox.enqueue(f"change:{me.key}:{ctx.now.isoformat()}:{coordinator}",
                                       coordinator, message_to_dict(body), ctx.now,
                                       not_before=notice_time(ctx.now, reader, ctx.program))
    return [Text(t("Your request went privately to the program coordinators. Your partner has "
                   "not been told. A coordinator will get in touch with you."))]


async def answer_change(ctx: Context, text: str, state: ConversationState) -> list[Reply]:
    """The DM answering "What should change?": sent as the reason; the question ends."""
    if not " ".join(text.split()):
        return [Text(ctx.t("Please write in one message what should change, or type `cancel` "
                           "to stop."))]
    await ctx.repos.states.end(state)  # the reason itself is never stored here
    return await request_change(ctx, text)


async def program_overview(ctx: Context) -> str:
    """A coordinator's `status`: the program's counts."""
    t = ctx.t
    rows = await ctx.repos.enrollments.overview_rows(ctx.program_id)
    busy = await ctx.repos.tandems.busy_counts(ctx.program_id)
    counts = await ctx.repos.tandems.status_counts(ctx.program_id)
    signed = {"mentor": 0, "mentee": 0}
    waiting = {"mentor": 0, "mentee": 0}
    paused = left = 0
    for row in rows:
        person_id, role, status = row.person_id, row.role, row.status
        if status == EnrollmentState.WITHDRAWN:
            left += 1
            continue
        signed[role] = signed.get(role, 0) + 1
        if status == EnrollmentState.PAUSED:
            paused += 1
        elif not busy.get(person_id):
            waiting[role] = waiting.get(role, 0) + 1
    current = await ctx.repos.tandems.current(ctx.program_id)
    requests = sum(1 for x in current if x.change_requested_at is not None)
    lines = [
        *(peer_signup.overview_lines(ctx.program, t, signed, waiting) or [
            t("Signed up: mentors {mentors}, mentees {mentees}", mentors=signed["mentor"],
              mentees=signed["mentee"]),
            t("Waiting for a tandem: mentors {mentors}, mentees {mentees}",
              mentors=waiting["mentor"], mentees=waiting["mentee"])]),
        t("On a break: {n}", n=paused),
        t("Tandems in kick-off: {n}", n=counts.get("kickoff", 0)),
        t("Active tandems: {n}", n=counts.get("active", 0)),
        t("Ended tandems: {n}; left the program: {left}", n=counts.get("dissolved", 0),
          left=left),
    ]
    if requests:
        lines.append(t("Open change requests: {n}", n=requests))
    head = t("**{program}**: program overview", program=ctx.program.name)
    start = ctx.program.start
    if ctx.today(ctx.program.timezone) < start:
        head += "\n" + t("The program starts on {date}.", date=long_date(t, start))
    return (head + "\n" + "\n".join(f"- {x}" for x in lines) + "\n\n"
            + t("Details: `tandems` (current), `tandems all` (with the ended ones)."))


ANSWERS = Flow(
    commands=(
        Command("tandems", ("tandems",), ("tandems",),
                lambda ctx, args, prefix: list_tandems(ctx, args), (
            HelpLine("tandems", lambda t: t("list current tandems and what their kick-off "
                                            "misses"), 20, coordinator=True),
            HelpLine("tandems all", lambda t: t("also the ended tandems, with when and why"), 30,
                     coordinator=True),
            HelpLine("tandems quiet", lambda t: t("tandems that logged no session for a while"),
                     35, coordinator=True)), coordinator_only=True,
                sub_german=(("all", "alle"), ("quiet", "ruhig"))),
        Command("dissolve", ("dissolve",), ("auflösen", "aufloesen"),
                lambda ctx, args, prefix: dissolve(ctx, args), (
            HelpLine("dissolve 12", lambda t: t("end tandem #12; both go back to the waiting "
                                                "list"), 50, coordinator=True),),
                coordinator_only=True),
        Command("change", ("change",), ("wechseln", "wechsel"),
                lambda ctx, args, prefix: request_change(ctx, args),
                (HelpLine("change", lambda t: t("privately ask the coordinators to change your "
                                                "tandem"), 60),)),
    ),
    buttons=(("tandems.", on_button),),
    conversations=((CHANGE_FLOW, answer_change),),
)
