"""Turning the matching engine's codes into sentences, for coordinators and for the person."""

from __future__ import annotations

from typing import Any

from babel import Locale

from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import verbatim


def language_names(codes: list[str], t: Translator) -> str:
    names = []
    for code in codes:
        try:
            names.append(Locale.parse(code).get_display_name(t.language) or code)
        except (ValueError, TypeError):
            names.append(code)
    return ", ".join(names) or "—"


def topic_names(ids: list[str], program: Program, t: Translator) -> str:
    return ", ".join((program.topic(x).label(t.language) if program.topic(x) else verbatim(x))  # type: ignore[union-attr]
                     for x in ids) or "—"


def explain_line(explanation: dict[str, Any], program: Program, t: Translator) -> str:
    """One line: why this pair fits (stored explanation of a proposal)."""
    parts = [t("shared topics: {topics}",
               topics=topic_names(explanation.get("shared_topics", []), program, t))]
    if explanation.get("departments_differ"):
        parts.append(t("different departments"))
    parts.append(t("languages: {languages}",
                   languages=language_names(explanation.get("shared_languages", []), t)))
    hours = explanation.get("overlap_hours") or 0
    parts.append(t("{hours} h shared working time", hours=t.number(hours)))
    gap = explanation.get("level_gap")
    if gap is not None and gap > 0:
        parts.append(t("mentor {gap} level(s) more junior", gap=gap))
    return " · ".join(parts)


def unmatched_for_coordinator(code: str, params: dict[str, Any], program: Program,
                              t: Translator) -> str:
    topics = topic_names(list(params.get("topics", [])), program, t)
    languages = language_names(list(params.get("languages", [])), t)
    match code:
        case "NOT_AVAILABLE":
            return t("on a break")
        case "NO_CANDIDATES":
            return t("nobody is signed up in the other role")
        case "CAPACITY_EXHAUSTED":
            return t("{n} possible partner(s), all paired with someone who fits better",
                     n=params.get("candidates", 0))
        case "NO_MENTOR_FOR_TOPICS":
            return t("no mentor offers {topics} in {languages}", topics=topics,
                     languages=languages)
        case "NO_MENTEE_FOR_TOPICS":
            return t("no mentee wants {topics} in {languages}", topics=topics,
                     languages=languages)
        case "NO_SHARED_LANGUAGE":
            return t("nobody in the other role speaks {languages}", languages=languages)
        case "NO_JUNIOR_MENTOR":
            return t("no mentor is at least {gap} level(s) more junior",
                     gap=params.get("min_level_gap", 1))
        case "NO_SENIOR_MENTEE":
            return t("no mentee is at least {gap} level(s) more senior",
                     gap=params.get("min_level_gap", 1))
        case "ALL_CANDIDATES_IN_REPORTING_LINE":
            return t("every candidate is in their reporting line")
        case "CONFLICT_OF_INTEREST":
            return t("every candidate has a conflict of interest (team, cost centre or "
                     "exclusion list)")
    return code


def unmatched_for_person(code: str, params: dict[str, Any], program: Program,
                         t: Translator) -> str:
    """General terms only: nothing about any other person."""
    match code:
        case "NO_MENTOR_FOR_TOPICS" | "NO_MENTEE_FOR_TOPICS":
            return t("Nobody in the other role currently shares your topics ({topics}) in "
                     "your languages.",
                     topics=topic_names(list(params.get("topics", [])), program, t))
        case "NO_SHARED_LANGUAGE":
            return t("Nobody in the other role currently shares one of your languages.")
        case "NO_JUNIOR_MENTOR" | "NO_SENIOR_MENTEE":
            return t("In reverse mentoring the mentor is the more junior one, and no fitting "
                     "level pairing was possible this time.")
        case "ALL_CANDIDATES_IN_REPORTING_LINE" | "CONFLICT_OF_INTEREST":
            return t("The possible partners work too close to you in the organisation; "
                     "we never pair people who report to or depend on each other.")
        case "CAPACITY_EXHAUSTED" | "NO_CANDIDATES":
            return t("There were fewer people in the other role than needed this round.")
    return t("No fitting partner was available this round.")
