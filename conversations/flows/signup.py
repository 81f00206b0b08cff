"""Sign-up: `join` opens the form; a valid submission enrols the person. Nothing else enrols.

State machine (stored per person with a version column): none → form_open → enrolled.
A second submission, or a retry on another replica, finds `enrolled` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from conversations.aggregates import enrollment as enrollments
from conversations.aggregates.enrollment import EnrollmentState
from conversations.cohort import find_level
from conversations.commands import Command, Flow, HelpLine
from conversations.context import Context
from conversations.flows import peer_signup as peer
from conversations.flows.wording import accepted, as_text, form_texts, role_name
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import (
    Choice,
    Field,
    Form,
    FormAccepted,
    FormErrors,
    Reply,
    Text,
    verbatim,
)
from conversations.sanitize import is_blank
from storage.models import Enrollment

FLOW = "signup"
FORM_ID = "signup"
ROLES = ("mentor", "mentee")
MAX_TEXT = 120
MAX_ZONE = 64  # the column's size; real zone names are far shorter
TRUTHY = {"yes", "true", "on", "1", "consent"}


def _language_name(code: str, language: str) -> str:
    try:
        return Locale.parse(code).get_display_name(language) or code
    except (ValueError, TypeError):
        return code


def signup_form(program: Program, t: Translator, timezone: str | None,
                values: dict[str, str | list[str]] | None = None) -> Form:
    """The sign-up form, optionally pre-filled with what the person already entered."""
    lang = t.language
    values = values or {}

    def initial(field_id: str, default: str | tuple[str, ...] | None = None
                ) -> str | tuple[str, ...] | None:
        value = values.get(field_id)
        if value is None or value == "" or value == []:
            return default
        return tuple(value) if isinstance(value, list) else value

    # Peers have no role: they say what they can teach and what they want to learn; the
    # level only decides who mentors whom, so they are not asked for it.
    topic_fields = peer.fields(program, t, initial) if peer.is_peer(program) else (
        Field("role", t("Role"), "single", required=True, initial=initial("role"),
              choices=(Choice("mentor", t("Mentor – I share what I know")),
                       Choice("mentee", t("Mentee – I want to learn")))),
        Field("topics", t("Topics"), "multi", required=True, initial=initial("topics"),
              hint=t("Mentors: what you can teach. Mentees: what you want to learn."),
              choices=tuple(Choice(x.id, x.label(lang)) for x in program.topics)))
    level = () if peer.is_peer(program) else (
        Field("level", t("Seniority level"), "single", initial=initial("level"),
              hint=t("Used so that the mentor is the more junior one."),
              choices=tuple(Choice(x, program.level(x).label(lang)) for x in program.levels)),)
    return Form(
        form_id=FORM_ID,
        title=t("Join the program"),
        intro=peer.intro(program, t) if peer.is_peer(program) else t(
            "**{program}** pairs a mentor with a mentee for {months} months. In _reverse_ "
            "mentoring the mentor is usually the more junior colleague. Sessions are every "
            "{days} days for {minutes} minutes.",
            program=program.name, months=program.months, days=program.cadence_days,
            minutes=program.session_minutes,
        ),
        fields=(
            *topic_fields,
            Field("department", t("Department"), "text", initial=initial("department"),
                  placeholder=t("e.g. Engineering")),
            Field("manager", t("Manager"), "user", initial=initial("manager"),
                  hint=t("So that nobody is matched within their own reporting line.")),
            Field("languages", t("Languages"), "multi", initial=initial("languages"),
                  choices=tuple(Choice(c, _language_name(c, lang)) for c in program.languages)),
            Field("timezone", t("Time zone"), "text",
                  initial=initial("timezone", timezone or program.timezone),
                  placeholder="Europe/Berlin"),
            *level,
            Field("never_match", t("Never pair me with"), "users",
                  initial=initial("never_match"),
                  hint=t("Optional and private: people you depend on or compete with.")),
            Field("consent", t("Ground rules"), "checkbox", required=True,
                  initial=initial("consent"),
                  choices=(Choice("yes", t(
                      "I take part voluntarily and keep what is said in our sessions "
                      "confidential.")),)),
        ),
        submit_label=t("Sign up"),
        cancel_label=t("Cancel"),
        open_action="join", **form_texts(t),
        check=lambda answers: validate(program, t, answers)[0],
    )


def as_list(value: str | list[str] | None) -> list[str]:
    """Forms return multi-choices as lists (Slack) or comma-separated text (Teams)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else value.split(",")
    return [v.strip() for v in items if isinstance(v, str) and v.strip()]


@dataclass(frozen=True)
class Answers:
    """A sign-up's answers, checked and cleaned."""

    role: str
    topics: list[str]  # a mentor's or a peer's: what they teach; a mentee's: what they want
    wants: list[str] | None  # a peer's: what they want to learn
    department: str | None
    manager: str | None
    languages: list[str]
    timezone: str
    level: str | None
    never_match: list[str]


def validate(program: Program, t: Translator, values: dict[str, str | list[str]]
             ) -> tuple[dict[str, str], Answers]:
    """Check a submission. Returns (errors by field, cleaned values)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    errors: dict[str, str] = {}
    topics = sorted(set(as_list(values.get("topics"))))
    wants: list[str] | None = None
    if peer.is_peer(program):
        role, wants = peer.ROLE, sorted(set(as_list(values.get("wants"))))
        errors.update(peer.check(program, t, topics, wants))
    else:
        role = as_text(values.get("role"))
        if role not in ROLES:
            errors["role"] = t("Please choose whether you join as mentor or mentee.")
        catalog = {x.id for x in program.topics}
        if not topics:
            errors["topics"] = t("Please choose at least one topic.")
        elif not set(topics) <= catalog:
            errors["topics"] = t("Please choose topics from the list.")
    department, manager = (as_text(values.get(k)) for k in ("department", "manager"))
    department, manager = ("" if is_blank(x) else x for x in (department, manager))
    for key, value in (("department", department), ("manager", manager)):
        if len(value) > MAX_TEXT:
            errors[key] = t("Please keep this under {n} characters.", n=MAX_TEXT)
    languages = sorted(set(as_list(values.get("languages"))))
    if not set(languages) <= set(program.languages):
        errors["languages"] = t("Please choose languages from the list.")
    timezone = as_text(values.get("timezone")) or program.timezone
    try:
        if len(timezone) > MAX_ZONE:
            raise ValueError(timezone)
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a directory
        errors["timezone"] = t("Unknown time zone. Please use a name like Europe/Berlin.")
    level = "" if peer.is_peer(program) else as_text(values.get("level"))
    if level and level not in program.levels:
        errors["level"] = t("Please choose a level from the list.")
    never = sorted(set(as_list(values.get("never_match"))))
    if len(never) > 20 or any(len(x) > MAX_TEXT for x in never):
        errors["never_match"] = t("Please name at most 20 people.")
    consent = {v.lower() for v in as_list(values.get("consent"))}
    if not consent & TRUTHY:
        errors["consent"] = t("Please agree to the ground rules to take part.")
    cleaned = Answers(
        role=role, topics=topics, wants=wants, department=department or None,
        manager=manager or None, languages=languages or [program.language],
        timezone=timezone, level=level or None, never_match=never)
    return errors, cleaned


async def open_signup(ctx: Context) -> list[Reply]:
    t = ctx.t
    person = await ctx.repos.people.by_key(ctx.actor.key)
    if person is not None:
        enrollment = await ctx.repos.enrollments.for_person(ctx.program_id, person.id)
        if enrollment is not None and enrollment.status != EnrollmentState.WITHDRAWN:
            if await _to_complete(ctx, enrollment):
                await ctx.repos.states.put(ctx.actor.key, FLOW, "form_open", {}, ctx.now)
                return [Text(peer.complete_first(t)),
                        signup_form(ctx.program, t, ctx.actor.timezone,
                                    peer.carried_over(enrollment))]
            return [Text(t("You are already signed up as **{role}**. Type `status` to see "
                           "where things stand.", role=role_name(t, enrollment.role)))]
    await ctx.repos.states.put(ctx.actor.key, FLOW, "form_open", {}, ctx.now)
    return [signup_form(ctx.program, t, ctx.actor.timezone, await _from_directory(ctx))]


async def _to_complete(ctx: Context, enrollment: Enrollment) -> bool:
    """A sign-up from before the program became peer-to-peer, not yet in a tandem: `join`
    completes it (see peer_signup)."""
    if not peer.is_peer(ctx.program) or enrollment.status == EnrollmentState.WITHDRAWN \
            or not peer.is_incomplete(enrollment):
        return False
    return not await ctx.repos.tandems.current_for(ctx.program_id, enrollment.person_id)


async def _from_directory(ctx: Context) -> dict[str, str | list[str]]:
    """What HR's import knows about the person (department, manager, level), offered as the
    form's suggestions: they confirm or correct it, and only their submission is stored."""
    entry = await ctx.repos.directory.find(ctx.actor.key, None)
    if entry is None:
        return {}
    manager = entry.manager_ref or ""
    if "@" in manager:  # a platform id, where HR's file knows the manager's, picks them
        boss = await ctx.repos.directory.find(None, manager)
        manager = (boss.person_key if boss is not None and boss.person_key else manager)
    level = find_level(ctx.program, entry.level) or ""
    suggested = {"department": entry.department or "", "manager": manager, "level": level}
    return {k: v[:MAX_TEXT] for k, v in suggested.items() if v}


async def submit_signup(ctx: Context, values: dict[str, str | list[str]]) -> list[Reply]:
    t = ctx.t
    errors, clean = validate(ctx.program, t, values)
    if errors:
        return [FormErrors(FORM_ID, errors,
                           signup_form(ctx.program, t, ctx.actor.timezone, values))]
    state = await ctx.repos.states.get(ctx.actor.key, FLOW)
    person = await ctx.repos.people.upsert(
        key=ctx.actor.key, platform=ctx.actor.platform, platform_user_id=ctx.actor.user_id,
        workspace_id=ctx.actor.workspace_id, display_name=ctx.actor.display_name,
        locale=ctx.actor.locale, timezone=clean.timezone, now=ctx.now,
    )
    enrollment = await ctx.repos.enrollments.for_person(ctx.program_id, person.id)
    completing = enrollment is not None and await _to_complete(ctx, enrollment)
    if enrollment is not None and enrollment.status != EnrollmentState.WITHDRAWN \
            and not completing:
        return [FormAccepted(FORM_ID, accepted(t)),
                Text(t("You are already signed up as **{role}**. Nothing was changed.",
                       role=role_name(t, enrollment.role)))]
    if enrollment is None:
        enrollment = Enrollment(program_id=ctx.program_id, person_id=person.id,
                                created_at=ctx.now)
    enrollment.role = clean.role
    enrollment.topics = list(clean.topics)
    enrollment.wants = list(clean.wants) if clean.wants is not None else None
    enrollment.department = clean.department
    enrollment.manager = clean.manager
    enrollment.languages = list(clean.languages)
    enrollment.timezone = clean.timezone
    enrollment.level = clean.level
    enrollment.never_match = list(clean.never_match)
    if completing:  # an earlier sign-up made a peer's: active or paused as it was
        enrollment.updated_at = ctx.now
    else:
        enrollments.rejoin(enrollment, ctx.now)
    await ctx.repos.enrollments.add(enrollment)
    await ctx.repos.states.put(ctx.actor.key, FLOW, "enrolled",
                               {"from": state.step if state else "none"}, ctx.now)
    labels = ", ".join(ctx.program.topic_label(x, t.language) or verbatim(x)
                       for x in enrollment.topics)
    if clean.wants is not None:
        return [FormAccepted(FORM_ID, accepted(t)), Text(t(
            "Welcome to **{program}**! You teach: {teach}. You want to learn: {learn}.\n\n"
            "A coordinator will propose your tandem partner. Type `status` any time, "
            "`pause` to take a break or `leave` to stop.", program=ctx.program.name,
            teach=labels, learn=peer.topic_list(ctx.program, t, clean.wants)))]
    return [
        FormAccepted(FORM_ID, accepted(t)),
        Text(t("Welcome to **{program}**! You are signed up as **{role}** for: {topics}.\n\n"
               "A coordinator will propose your tandem partner. Type `status` any time, "
               "`pause` to take a break or `leave` to stop.",
               program=ctx.program.name, role=role_name(t, enrollment.role), topics=labels)),
    ]


ANSWERS = Flow(
    commands=(Command("join", ("join", "signup", "sign-up", "register"),
                      ("anmelden", "mitmachen", "beitreten"),
                      lambda ctx, args, prefix: open_signup(ctx),
                      (HelpLine("join", lambda t: t("sign up as mentor or mentee"), 10),)),),
    buttons=(("join", lambda ctx, action, value: open_signup(ctx)),),
    forms=((FORM_ID, lambda ctx, form_id, values: submit_signup(ctx, values)),),
)
