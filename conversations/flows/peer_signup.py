"""Sign-up in the peer format: no mentor/mentee question; what you can teach and what you want
to learn, both from the program's topics, at least one each. The enrollment's role is "peer",
`topics` what they teach and `wants` what they want to learn.

A program that switches to peer after people signed up as mentor or mentee: their sign-up
is kept but incomplete (nothing to learn), so peer matching leaves them out with the reason
"add what you want to learn: `join`". `join` then opens the form with their answers filled
in (a mentor's topics as what they teach, a mentee's as what they want to learn) and
submitting it turns the sign-up into a peer's.
"""

from __future__ import annotations

from collections.abc import Callable

from conversations.flows.match_wording import topic_names
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import Choice, Field
from storage.models import Enrollment

ROLE = "peer"
Initial = Callable[[str], "str | tuple[str, ...] | None"]


def is_peer(program: Program) -> bool:
    return program.format == "peer"


def intro(program: Program, t: Translator) -> str:
    return t("**{program}** pairs two colleagues for {months} months who teach each other: "
             "each shares what they know and learns what the other knows, taking turns. "
             "Sessions are every {days} days for {minutes} minutes.",
             program=program.name, months=program.months, days=program.cadence_days,
             minutes=program.session_minutes)


def fields(program: Program, t: Translator, initial: Initial) -> tuple[Field, Field]:
    """The two topic questions that replace "Role" and "Topics"."""
    choices = tuple(Choice(x.id, x.label(t.language)) for x in program.topics)
    return (Field("topics", t("I can teach"), "multi", required=True, initial=initial("topics"),
                  hint=t("What you know well and would show your partner."), choices=choices),
            Field("wants", t("I want to learn"), "multi", required=True,
                  initial=initial("wants"),
                  hint=t("What you would like your partner to show you."), choices=choices))


def check(program: Program, t: Translator, topics: list[str], wants: list[str]
          ) -> dict[str, str]:
    """Errors by field for the two topic questions (at least one each, from the list)."""
    catalog = {x.id for x in program.topics}
    errors: dict[str, str] = {}
    if not topics:
        errors["topics"] = t("Please choose at least one topic you can teach.")
    elif not set(topics) <= catalog:
        errors["topics"] = t("Please choose topics from the list.")
    if not wants:
        errors["wants"] = t("Please choose at least one topic you want to learn.")
    elif not set(wants) <= catalog:
        errors["wants"] = t("Please choose topics from the list.")
    return errors


def is_incomplete(enrollment: Enrollment) -> bool:
    """Signed up before the program became peer-to-peer, or with nothing to learn."""
    return enrollment.role != ROLE or not enrollment.wants


def carried_over(enrollment: Enrollment) -> dict[str, str | list[str]]:
    """An earlier sign-up's answers as the peer form's suggestions: a mentor's topics are
    what they can teach, a mentee's what they want to learn."""
    topics = list(enrollment.topics or [])
    values: dict[str, str | list[str]] = {
        "topics": topics if enrollment.role in ("mentor", ROLE) else [],
        "wants": list(enrollment.wants or []) or (topics if enrollment.role == "mentee" else []),
        "languages": list(enrollment.languages or []),
        "timezone": enrollment.timezone or "",
        "never_match": list(enrollment.never_match or []),
        "consent": ["yes"],
    }
    for key in ("department", "manager"):
        if value := getattr(enrollment, key):
            values[key] = value
    return {k: v for k, v in values.items() if v}


def complete_first(t: Translator) -> str:
    return t("**The program now pairs peers** who teach each other. Your earlier answers are "
             "filled in: please check what you can teach and add what you want to learn.")


def topic_list(program: Program, t: Translator, ids: list[str] | None) -> str:
    return topic_names(list(ids or []), program, t)


def status_lines(program: Program, t: Translator, enrollment: Enrollment) -> list[str] | None:
    """`status`'s topic lines for a peer (both lists), or for an earlier sign-up in a peer
    program (what to do); None: the 1:1 line applies."""
    if enrollment.role == ROLE:
        return [t("You teach: {topics}", topics=topic_list(program, t, enrollment.topics)),
                t("You want to learn: {topics}", topics=topic_list(program, t, enrollment.wants))]
    if is_peer(program):
        return [t("Topics: {topics}", topics=topic_list(program, t, enrollment.topics)),
                t("The program now pairs peers who teach each other. Type `join` to add what "
                  "you want to learn; until then you are not matched.")]
    return None


def overview_lines(program: Program, t: Translator, signed: dict[str, int],
                   waiting: dict[str, int]) -> list[str] | None:
    """A coordinator's counts in a peer program (by role as counted); None: the 1:1 lines."""
    if not is_peer(program):
        return None
    lines = [t("Signed up: peers {n}", n=signed.get(ROLE, 0)),
             t("Waiting for a tandem: peers {n}", n=waiting.get(ROLE, 0))]
    earlier = signed.get("mentor", 0) + signed.get("mentee", 0)
    if earlier:
        lines.append(t("Signed up as mentor or mentee before the program became peer-to-peer "
                       "(not matched until they add what they want to learn): {n}", n=earlier))
    return lines
