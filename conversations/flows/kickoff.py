"""The kick-off agreement in chat: ground rules, learning goals, cadence and mode.

A tandem becomes active only when both confirmed the ground rules, the mentee's goals are set
(1–3; the mentor may edit) and both agreed to the same cadence and mode. Changing the cadence
resets the partner's agreement, so nobody is held to something they did not see.
"""

from __future__ import annotations

from conversations.aggregates import cadence
from conversations.aggregates import tandem as tandem_states
from conversations.aggregates.tandem import TandemState
from conversations.commands import Flow, parse_id, parse_number
from conversations.context import Context
from conversations.flows import peer_kickoff, project
from conversations.flows.circle_wording import (
    how_it_works,
    is_circle,
    meet_line,
    sides_with_roles,
)
from conversations.flows.match_wording import topic_names
from conversations.flows.members import Members, members_of, one_of, partners_text
from conversations.flows.wording import (
    accepted,
    as_text,
    form_texts,
    long_date,
    person_name,
    role_name,
    translator_of,
)
from conversations.i18n import Translator, pick_language
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
    message_to_dict,
    verbatim,
)
from conversations.sanitize import is_blank
from conversations.working_time import notice_time
from storage.models import Person, Tandem, TandemMember

MODES = ("in_person", "video", "mixed")
MAX_GOALS = 3
MAX_GOAL_LENGTH = 200


def mode_name(t: Translator, mode: str | None) -> str:
    return {"in_person": t("in person"), "video": t("video"), "mixed": t("mixed")}.get(
        mode or "", t("not chosen yet"))


def ground_rules(t: Translator, *, peers: bool = False, circle: bool = False) -> str:
    return "\n".join((
        "- " + (t("**Confidential**: what is said in the circle stays in the circle.")
                if circle else
                t("**Confidential**: what is said in the tandem stays in the tandem.")),
        "- " + (t("**Voluntary**: each of you takes part because you want to.") if circle
                else t("**Voluntary**: both of you take part because you want to.")),
        "- " + (peer_kickoff.eye_level(t) if peers else
                t("**Eye level**: the mentor is the expert in the session.")),
        "- " + t("**Learning, never evaluation**: nothing here feeds into reviews."),
        "- " + t("**Dedicated time**: sessions are planned, not squeezed between meetings."),
    ))


def _group_language(program_language: str, *people: Person) -> str:
    languages = {pick_language(p.locale, program_language) for p in people}
    return languages.pop() if len(languages) == 1 else program_language


def kickoff_buttons(t: Translator, tandem: Tandem) -> tuple[Button, ...]:
    value = str(tandem.id)
    return (Button("kickoff.rules", t("I agree to the ground rules"), value, "primary"),
            Button("kickoff.goals", t("Learning goals"), value),
            Button("kickoff.cadence", t("Cadence and mode"), value),
            *((Button("kickoff.project", t("Deliverable and target date"), value),)
              if project.is_project(tandem) else ()))


async def introduce(ctx: Context, tandem: Tandem) -> None:
    """Queue one introduction to all members (a group DM where the platform has one)."""
    members = await members_of(ctx.repos, tandem)
    people = members.current()
    t = Translator(_group_language(ctx.program.language, *people), ctx.program.german)
    dept = {p.id: await _department(ctx, p) for p in people}
    circle = is_circle(tandem)

    def who(p: Person) -> str:
        name = f"**{person_name(p, p.key)}**"
        role = role_name(t, members.role_of(p.id) or "")
        d = dept[p.id]
        if circle:  # the circle's line names the roles once for each side
            return t("{name} ({department})", name=name, department=verbatim(d)) if d else name
        # Without a department (not asked, not given, not imported) the name and role stand
        # alone, in a phrase of their own: no empty comma, no dangling bracket.
        return (t("{name} ({role}, {department})", name=name, role=role,
                  department=verbatim(d)) if d else t("{name} ({role})", name=name, role=role))

    mentors, mentees = members.current("mentor"), members.current("mentee")
    topics = topic_names(tandem.shared_topics, ctx.program, t)
    peers = peer_kickoff.is_peer_tandem(tandem) and len(people) == 2
    if peers:
        meet = peer_kickoff.meet(t, ctx.program, members, await ctx.repos.enrollments.for_people(
            ctx.program_id, [p.id for p in people]), who)
    elif circle:
        meet = meet_line(t, members, who, topics)
    elif len(mentors) == len(mentees) == 1:
        meet = t("Meet your tandem partner: {mentor} and {mentee}. You share: {topics}.",
                 mentor=who(mentors[0]), mentee=who(mentees[0]), topics=topics)
    else:
        meet = t("Meet your tandem: {people}. You share: {topics}.",
                 people=", ".join(who(p) for p in people), topics=topics)
    body = Card(
        t("Your circle in {program}", program=ctx.program.name) if circle else
        t("Your tandem in {program}", program=ctx.program.name),
        (
            meet,
            *((how_it_works(t),) if circle else ()),
            *_before_start(ctx, t),
            t("**Our ground rules**") + "\n" + ground_rules(t, peers=peers, circle=circle),
            t("**Next steps for the kick-off**") + "\n"
            # Where a department is not known, the kick-off starts where people would anyway.
            + ("- " + t("introduce yourselves: your team and what you work on;") + "\n"
               if None in dept.values() else "")
            + "- " + t("each of you confirms the ground rules;") + "\n"
            + "- " + _goals_step(t, members) + "\n"
            + "- " + t("together you agree on cadence and mode (suggested: every {days} days, "
                       "{minutes} minutes).", days=tandem.cadence_days,
                       minutes=tandem.session_minutes)
            + ("\n- " + t("together you record your shared deliverable and its target date "
                           "(by {date} at the latest).", date=long_date(t, ctx.program.end))
               if project.is_project(tandem) else ""),
        ),
        kickoff_buttons(t, tandem),
    )
    keys = members.keys()
    await ctx.repos.outbox.enqueue(f"intro:{tandem.id}", keys[0], message_to_dict(body),
                                   ctx.now, group_keys=keys)


def _goals_step(t: Translator, members: Members) -> str:
    learners = [members.people[m.person_id] for m in tandem_states.learners(members.tandem)]
    helpers = members.current("mentor")
    if peer_kickoff.is_peer_tandem(members.tandem) and len(learners) == 2:
        return peer_kickoff.goals_step(t, members)
    if len(learners) == 1 and len(helpers) == 1:
        return t("{mentee} records 1–3 learning goals ({mentor} may edit or add);",
                 mentee=person_name(learners[0], learners[0].key),
                 mentor=person_name(helpers[0], helpers[0].key))
    return t("{who} records 1–3 learning goals (the others may edit or add);",
             who=one_of(t, learners))


async def _department(ctx: Context, person: Person) -> str | None:
    """What they gave at sign-up, else what HR's import says, else None."""
    enrollment = await ctx.repos.enrollments.for_person(ctx.program_id, person.id)
    if enrollment is not None and enrollment.department and not is_blank(enrollment.department):
        return enrollment.department
    entry = await ctx.repos.directory.find(person.key, None)
    return entry.department if entry and entry.department and not is_blank(entry.department) \
        else None


def _before_start(ctx: Context, t: Translator, *, active: bool = False) -> tuple[str, ...]:
    """Before `program.start` a tandem may kick off, but people are told when it starts.

    Once the kick-off is done (`active`), the note no longer speaks of agreeing on it."""
    start = ctx.program.start
    if ctx.today(ctx.program.timezone) >= start:
        return ()
    if active:
        return (t("**The program starts on {date}.** Plan your first session for that day "
                  "or later.", date=long_date(t, start)),)
    return (t("**The program starts on {date}.** You can agree on everything for the kick-off "
              "now; plan your first session for that day or later.",
              date=long_date(t, start)),)


async def _tandem_of_actor(ctx: Context, value: str) -> tuple[Members, TandemMember] | None:
    """The tandem named by a button, if the person acting is in it: (members, their row)."""
    tandem_id = parse_id(value)
    if tandem_id is None:
        return None
    tandem = await ctx.repos.tandems.get(tandem_id)
    me = await ctx.repos.people.by_key(ctx.actor.key)
    if tandem is None or me is None or tandem.program_id != ctx.program_id:
        return None
    mine = tandem_states.member(tandem, me.id)
    if tandem.status == TandemState.DISSOLVED or mine is None:
        return None
    return await members_of(ctx.repos, tandem), mine


def _not_yours(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("This belongs to a tandem you are not part of, or that has ended. "
                       "Type `status` to see yours."))]


def missing(members: Members, t: Translator, viewer: int | None = None) -> list[str]:
    """What the kick-off still needs, naming who must act.

    `viewer` is the person id of the member reading: their own steps are addressed to them
    ("you …"), never in the third person. None: a coordinator reads, and every step names
    its person.
    """
    tandem = members.tandem

    def step(person: Person, you: str, named: str) -> str:
        return you if person.id == viewer else named

    todo = []
    for m in tandem_states.current(tandem):
        person = members.people[m.person_id]
        if m.rules_at is None:
            todo.append(step(person, t("you confirm the ground rules"),
                             t("{who} confirms the ground rules",
                               who=person_name(person, person.key))))
    if not tandem.goals:
        learners = [members.people[m.person_id] for m in tandem_states.learners(tandem)]
        if len(learners) == 1:
            todo.append(step(learners[0], t("you record 1–3 learning goals"),
                             t("{who} records 1–3 learning goals",
                               who=person_name(learners[0], learners[0].key))))
        elif viewer in {p.id for p in learners}:  # a peer, or a mentee of a circle
            todo.append(t("you or {others} record 1–3 learning goals",
                          others=one_of(t, [p for p in learners if p.id != viewer])))
        else:
            todo.append(t("{who} records 1–3 learning goals", who=one_of(t, learners)))
    if not project.agreed(tandem):
        todo.append(t("one of you records the deliverable and its target date") if viewer else
                    t("{who} records the deliverable and its target date",
                      who=one_of(t, members.current())))
    if tandem.mode is None:
        everyone = members.current()
        todo.append(t("one of you proposes cadence and mode") if viewer else
                    t("{mentor} or {mentee} proposes cadence and mode",
                      mentor=person_name(everyone[0], everyone[0].key),
                      mentee=person_name(everyone[1], everyone[1].key))
                    if len(everyone) == 2 else
                    t("{who} proposes cadence and mode", who=one_of(t, everyone)))
    else:
        for m in tandem_states.current(tandem):
            person = members.people[m.person_id]
            if m.cadence_at is None:
                todo.append(step(person, t("you agree to the cadence"),
                                 t("{who} agrees to the cadence",
                                   who=person_name(person, person.key))))
    return todo


async def _after_change(ctx: Context, members: Members, me: TandemMember, done: str
                        ) -> list[Reply]:
    t = ctx.t
    tandem = members.tandem
    todo = missing(members, t, me.person_id)
    if todo:
        return [Text(done + "\n\n" + t("Still missing for the kick-off:") + "\n"
                     + "\n".join(f"- {x}" for x in todo))]
    if tandem.status == TandemState.KICKOFF:  # agreeing again later keeps its first day
        tandem_states.activate(tandem, ctx.now)
        cadence.start(tandem, ctx.today(ctx.program.timezone))
    lang = _group_language(ctx.program.language, *members.current())
    tg = Translator(lang, ctx.program.german)
    facts = {"goals": "; ".join(map(verbatim, tandem.goals)), "days": tandem.cadence_days,
             "minutes": tandem.session_minutes, "mode": mode_name(tg, tandem.mode)}
    body = Text((tg("Your circle is active! Goals: {goals}. You meet as a group every {days} "
                    "days for {minutes} minutes ({mode}). Enjoy the conversations.", **facts)
                 if is_circle(tandem) else
                 tg("Your tandem is active! Goals: {goals}. You meet every {days} days for "
                    "{minutes} minutes ({mode}). Enjoy learning from each other.", **facts))
                + "".join("\n\n" + x for x in (project.describe(tg, tandem),
                                                *_before_start(ctx, tg, active=True)) if x))
    keys = members.keys()
    await ctx.repos.outbox.enqueue(f"active:{tandem.id}", keys[0], message_to_dict(body),
                                   ctx.now, group_keys=keys)
    return [Text(done + "\n\n" + (t("Everything is agreed: your circle is now active.")
                                   if is_circle(tandem) else
                                   t("Everything is agreed: your tandem is now active.")))]


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    found = await _tandem_of_actor(ctx, value)
    if found is None:
        return _not_yours(ctx)
    members, me = found
    tandem = members.tandem
    t = ctx.t
    if action == "kickoff.rules":
        tandem_states.agree_rules(tandem, me.person_id, ctx.now)
        return await _after_change(ctx, members, me, t("Thank you: your agreement to the "
                                                       "ground rules is noted."))
    if action == "kickoff.goals":
        return [goals_form(t, tandem)]
    if action == "kickoff.cadence":
        return [cadence_form(ctx, tandem)]
    if action == "kickoff.project" and project.is_project(tandem):
        return [project.project_form(ctx, tandem)]
    if action == "kickoff.cadence_ok":
        if tandem.mode is None:
            return [cadence_form(ctx, tandem)]
        tandem_states.agree_cadence(tandem, me.person_id, ctx.now)
        return await _after_change(ctx, members, me, t("Thank you: you agreed to every {days} "
                                                  "days, "
                                                  "{minutes} minutes, {mode}.",
                                                  days=tandem.cadence_days,
                                                  minutes=tandem.session_minutes,
                                                  mode=mode_name(t, tandem.mode)))
    return _not_yours(ctx)


def goals_form(t: Translator, tandem: Tandem, values: dict[str, str | list[str]] | None = None
               ) -> Form:
    goals = [*tandem.goals, "", "", ""][:MAX_GOALS]
    values = values or {}

    def initial(i: int) -> str:
        v = values.get(f"goal{i + 1}")
        return (v if isinstance(v, str) else "") if values else goals[i]

    return Form(
        form_id=f"goals:{tandem.id}",
        title=t("Learning goals"),
        intro=peer_kickoff.goals_intro(t) if peer_kickoff.is_peer_tandem(tandem) else t(
            "What should the mentee be able to do after the program? One to three goals, "
            "in a sentence each."),
        fields=tuple(Field(f"goal{i + 1}", t("Goal {n}", n=i + 1), "text",
                           required=i == 0, initial=initial(i) or None)
                     for i in range(MAX_GOALS)),
        submit_label=t("Save goals"),
        cancel_label=t("Cancel"),
        open_action="kickoff.goals", open_value=str(tandem.id), **form_texts(t),
        check=lambda answers: check_goals(t, answers)[0],
    )


def cadence_form(ctx: Context, tandem: Tandem,
                 values: dict[str, str | list[str]] | None = None) -> Form:
    t = ctx.t
    values = values or {}

    def pick(key: str, current: str | None) -> str | None:
        v = values.get(key)
        return (v if isinstance(v, str) else None) if values else current

    return Form(
        form_id=f"cadence:{tandem.id}",
        title=t("Cadence and mode"),
        intro=(t("How often and how long does the circle meet, and how? Everyone else in it "
                 "will be asked to agree.") if is_circle(tandem) else
               t("How often and how long do you meet, and how? Your partner will be asked to "
                 "agree.")),
        fields=(
            Field("days", t("Every how many days (7–31)"), "text", required=True,
                  initial=pick("days", str(tandem.cadence_days))),
            Field("minutes", t("Minutes per session (30–120)"), "text", required=True,
                  initial=pick("minutes", str(tandem.session_minutes))),
            Field("mode", t("Mode"), "single", required=True, initial=pick("mode", tandem.mode),
                  choices=tuple(Choice(m, mode_name(t, m)) for m in MODES)),
        ),
        submit_label=t("Propose"),
        cancel_label=t("Cancel"),
        open_action="kickoff.cadence", open_value=str(tandem.id), **form_texts(t),
        check=lambda answers: check_cadence(t, answers)[0],
    )


def check_goals(t: Translator, values: dict[str, str | list[str]]
                ) -> tuple[dict[str, str], list[str]]:
    """The goals form's rules: (errors by field, the goals to keep)."""
    goals = [as_text(values.get(f"goal{i + 1}")) for i in range(MAX_GOALS)]
    errors = {f"goal{i + 1}": t("Please keep a goal under {n} characters.",
                                n=MAX_GOAL_LENGTH)
              for i, g in enumerate(goals) if len(g) > MAX_GOAL_LENGTH}
    # Nothing visible (only spaces or invisible marks) is no goal.
    goals = [g for g in goals if not is_blank(g)]
    if not goals:
        errors["goal1"] = t("Please write at least one learning goal.")
    return errors, goals


def check_cadence(t: Translator, values: dict[str, str | list[str]]
                  ) -> tuple[dict[str, str], tuple[int | None, int | None, str]]:
    """The cadence form's rules: (errors by field, (days, minutes, mode))."""
    errors = {}
    mode = as_text(values.get("mode"))
    days = parse_number(as_text(values.get("days")), 7, 31)
    minutes = parse_number(as_text(values.get("minutes")), 30, 120)
    if days is None:
        errors["days"] = t("Please give a number of days from 7 to 31.")
    if minutes is None:
        errors["minutes"] = t("Please give a number of minutes from 30 to 120.")
    if mode not in MODES:
        errors["mode"] = t("Please choose how you meet.")
    return errors, (days, minutes, mode)


async def on_form(ctx: Context, form_id: str, values: dict[str, str | list[str]]
                  ) -> list[Reply]:
    kind, _, raw_id = form_id.partition(":")
    found = await _tandem_of_actor(ctx, raw_id)
    if found is None:
        return [FormAccepted(form_id, accepted(ctx.t)), *_not_yours(ctx)]
    members, mine = found
    tandem = members.tandem
    t = ctx.t
    me = members.people[mine.person_id]
    if kind == "goals":
        errors, goals = check_goals(t, values)
        if errors:
            return [FormErrors(form_id, errors, goals_form(t, tandem, values))]
        tandem.goals = goals
        for other in members.others(me.id):
            tp = translator_of(other, ctx.program)
            note = Text((tp("{who} set your circle's learning goals:",
                            who=person_name(me, ctx.actor.key)) if is_circle(tandem) else
                         tp("{who} set your tandem's learning goals:",
                            who=person_name(me, ctx.actor.key)))
                        + "\n" + "\n".join(f"- {verbatim(g)}" for g in goals))
            await ctx.repos.outbox.enqueue(_once(members, f"goals:{tandem.id}:{tandem.version}",
                                                 other), other.key,
                                           message_to_dict(note), ctx.now,
                                           not_before=notice_time(ctx.now, other, ctx.program))
        return [FormAccepted(form_id, accepted(ctx.t)), *await _after_change(
            ctx, members, mine, t("Saved. Your learning goals: {goals}",
                                  goals="; ".join(map(verbatim, goals))))]
    if kind == "project" and project.is_project(tandem):
        errors, (deliverable, target) = project.check_project(ctx, values)
        if errors or target is None:
            return [FormErrors(form_id, errors, project.project_form(ctx, tandem, values))]
        tandem.deliverable, tandem.target_date = deliverable, target
        for other in members.others(me.id):
            tp = translator_of(other, ctx.program)
            note = Text(tp("{who} recorded your tandem's deliverable:",
                           who=person_name(me, ctx.actor.key))
                        + "\n" + project.describe(tp, tandem))
            await ctx.repos.outbox.enqueue(
                _once(members, f"project:{tandem.id}:{tandem.version}", other), other.key,
                message_to_dict(note), ctx.now,
                not_before=notice_time(ctx.now, other, ctx.program))
        return [FormAccepted(form_id, accepted(ctx.t)), *await _after_change(
            ctx, members, mine, t("Saved. {deliverable}",
                                  deliverable=project.describe(t, tandem)))]
    if kind == "cadence":
        errors, (days, minutes, mode) = check_cadence(t, values)
        if errors or days is None or minutes is None:
            return [FormErrors(form_id, errors, cadence_form(ctx, tandem, values))]
        new = (days, minutes, mode)
        changed = new != (tandem.cadence_days, tandem.session_minutes, tandem.mode)
        tandem.cadence_days, tandem.session_minutes, tandem.mode = new
        if changed:  # the others have not seen this: their earlier agreement no longer counts
            tandem_states.cadence_changed(tandem, ctx.now)
        tandem_states.agree_cadence(tandem, me.id, ctx.now)
        for other in members.others(me.id):
            row = tandem_states.member(tandem, other.id)
            if row is None or row.cadence_at is not None:
                continue
            tp = translator_of(other, ctx.program)
            ask = Card(tp("Cadence proposal"), (tp(
                "{who} proposes to meet every {days} days for {minutes} minutes ({mode}).",
                who=person_name(me, ctx.actor.key), days=new[0], minutes=new[1],
                mode=mode_name(tp, mode)),),
                (Button("kickoff.cadence_ok", tp("Agree"), str(tandem.id), "primary"),
                 Button("kickoff.cadence", tp("Propose something else"), str(tandem.id))))
            await ctx.repos.outbox.enqueue(
                _once(members, f"cadence:{tandem.id}:{tandem.version}", other), other.key,
                message_to_dict(ask), ctx.now,
                not_before=notice_time(ctx.now, other, ctx.program))
        return [FormAccepted(form_id, accepted(ctx.t)), *await _after_change(
            ctx, members, mine, t("Noted: every {days} days, {minutes} minutes, {mode}.",
                                  days=new[0], minutes=new[1], mode=mode_name(t, mode)))]
    return [FormAccepted(form_id, accepted(ctx.t)), *_not_yours(ctx)]


def _once(members: Members, key: str, to: Person) -> str:
    """A dedupe key per recipient: a pair's one partner keeps the key as it always was."""
    return key if members.is_pair() else f"{key}>{to.key}"


async def status_lines(ctx: Context, tandems: list[Tandem], me_id: int) -> list[str]:
    t = ctx.t
    lines = []
    for tandem in tandems:
        members = await members_of(ctx.repos, tandem)
        pname = partners_text(members, me_id)
        if is_circle(tandem):
            lines.append(_circle_status(ctx, members, me_id))
            continue
        if tandem.status == TandemState.ACTIVE:
            lines.append(t("Your tandem #{id} with **{partner}** is active: every {days} days, "
                           "{minutes} minutes ({mode}). Goals: {goals}", id=tandem.id,
                           partner=pname, days=tandem.cadence_days,
                           minutes=tandem.session_minutes, mode=mode_name(t, tandem.mode),
                           goals="; ".join(map(verbatim, tandem.goals)))
                         + ("\n" + project.describe(t, tandem) if project.is_project(tandem)
                            else ""))
            continue
        todo = missing(members, t, me_id)
        lines.append(t("Your tandem #{id} with **{partner}** is in its kick-off. Still missing:",
                       id=tandem.id, partner=pname) + "\n"
                     + "\n".join(f"- {x}" for x in todo))
    return lines


def _circle_status(ctx: Context, members: Members, me_id: int) -> str:
    """A circle in `status`: the others by role ("Mia, Sam (mentors) and Alex (mentee)")."""
    t, tandem = ctx.t, members.tandem
    people = sides_with_roles(t, members.others(me_id), members)
    if tandem.status == TandemState.ACTIVE:
        return t("Your circle #{id} with **{people}** is active: every {days} days, {minutes} "
                 "minutes ({mode}). Goals: {goals}", id=tandem.id, people=people,
                 days=tandem.cadence_days, minutes=tandem.session_minutes,
                 mode=mode_name(t, tandem.mode), goals="; ".join(map(verbatim, tandem.goals)))
    return (t("Your circle #{id} with **{people}** is in its kick-off. Still missing:",
              id=tandem.id, people=people) + "\n"
            + "\n".join(f"- {x}" for x in missing(members, t, me_id)))


ANSWERS = Flow(buttons=(("kickoff.", on_button),),
               forms=(("goals:", on_form), ("cadence:", on_form), ("project:", on_form)))
