"""What the group format says about a circle: why these people, the introduction, the status.

A circle is 3–4 junior mentors with 1–2 senior mentees meeting as one group; the wording
says so, instead of the pair's "your partner".
"""

from __future__ import annotations

from typing import Any

from conversations.flows.match_wording import language_names, topic_names
from conversations.flows.members import Members, names
from conversations.flows.wording import role_name
from conversations.i18n import Translator
from conversations.program import Program
from storage.models import Person, Tandem

CIRCLE = "circle"  # an explanation's `kind`: a proposal for the group format


def is_circle(tandem: Tandem) -> bool:
    return tandem.format == "group"


def circle_head(t: Translator, mentors: list[str], mentees: list[str]) -> str:
    """"Ana, Ben, Cem (mentors) ↔ Ceo (mentee)": each side named, its role by its size."""
    if len(mentees) == 1:
        return t("{mentors} (mentors) ↔ {mentee} (mentee)", mentors=", ".join(mentors),
                 mentee=mentees[0])
    return t("{mentors} (mentors) ↔ {mentees} (mentees)", mentors=", ".join(mentors),
             mentees=", ".join(mentees))


def circle_line(explanation: dict[str, Any], program: Program, t: Translator,
                names_by_key: dict[str, str]) -> str:
    """Why this circle: its shared topics and languages, how many departments meet in it,
    and for each mentee which mentors teach which of their wishes (and what none of them
    does)."""
    parts = [t("shared topics: {topics}",
               topics=topic_names(list(explanation.get("shared_topics", [])), program, t))]
    departments = explanation.get("departments") or 0
    if departments > 1:
        parts.append(t("{n} departments", n=departments))
    parts.append(t("languages: {languages}", languages=language_names(
        list(explanation.get("shared_languages", [])), t)))
    lines = [" · ".join(parts)]
    for mentee, wishes in sorted(dict(explanation.get("wishes") or {}).items()):
        taught = [t("{topic} ({mentors})", topic=topic_names([topic], program, t),
                    mentors=", ".join(names_by_key.get(k, k) for k in mentors))
                  for topic, mentors in sorted(wishes.items()) if mentors]
        open_ = [topic for topic, mentors in sorted(wishes.items()) if not mentors]
        line = t("{mentee} wants {wishes}", mentee=names_by_key.get(mentee, mentee),
                 wishes="; ".join(taught) or "—")
        if open_:
            line += " · " + t("not covered: {topics}", topics=topic_names(open_, program, t))
        lines.append(line)
    return "\n".join(lines)


def meet_line(t: Translator, members: Members, who: Any, topics: str) -> str:
    """The introduction's first line: everyone by role (`who` names one person)."""
    mentors, mentees = members.current("mentor"), members.current("mentee")
    return t("Meet your circle: {mentors} as mentors and {mentees} as {mentee_role}. You "
             "share: {topics}.", mentors=", ".join(who(p) for p in mentors),
             mentees=", ".join(who(p) for p in mentees),
             mentee_role=t("mentee") if len(mentees) == 1 else t("mentees"), topics=topics)


def how_it_works(t: Translator) -> str:
    return (t("**How a circle works**") + "\n"
            + t("You meet as one group, in a discussion format: the mentors share the "
                "teaching, so no one junior carries a session alone, and the mentees hear "
                "several perspectives at once. Everyone speaks, nobody lectures."))


def sides_with_roles(t: Translator, people: list[Person], members: Members) -> str:
    """"Mia, Sam (mentors) and Alex (mentee)": the people given, grouped by their role."""
    groups = []
    for role, plural in (("mentor", t("mentors")), ("mentee", t("mentees"))):
        mine = [p for p in people if members.role_of(p.id) == role]
        if mine:
            groups.append(t("{name} ({role})", name=names(mine),
                            role=role_name(t, role) if len(mine) == 1 else plural))
    return t("{a} and {b}", a=groups[0], b=groups[1]) if len(groups) == 2 else \
        (groups[0] if groups else "—")
