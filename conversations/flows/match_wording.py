"""Turning the matching engine's codes into sentences, for coordinators and for the person."""

from __future__ import annotations

from typing import Any

from babel import Locale
from babel.lists import format_list

from conversations.flows import peer_wording
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
    return ", ".join((program.topic_label(x, t.language) or verbatim(x))
                     for x in ids) or "—"


def explain_line(explanation: dict[str, Any], program: Program, t: Translator,
                 names: list[str] | None = None) -> str:
    """One line: why this pair fits (stored explanation of a proposal); `names`: the
    proposal's members' names, in its order (peers name who teaches whom)."""
    if peer_wording.is_peer_explanation(explanation):
        return peer_wording.explain_peers(explanation, program, t, names or [])
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


def proposal_label(n: int) -> str:
    """A, B, … Z, AA, AB …: proposals are lettered so that no proposal shares a number with
    a button (the console numbers its buttons; "1" must never read as "proposal 1")."""
    label = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def _joined(items: list[str], t: Translator) -> str:
    """"a, b and c" in the reader's language (Babel's list patterns)."""
    return format_list(items, locale=t.language) if items else ""


def _blocker(rule: str, n: int, role: str, program: Program, t: Translator) -> str:
    """How many of those who share the topics one hard rule excluded (first), for the
    coordinator; `role` is the unmatched person's."""
    gap = program.matching.min_level_gap
    match rule:
        case "REPORTING_LINE":
            return t("{n} in a direct reporting line with them", n=n)
        case "SHARED_REPORTING_CHAIN":
            return t("{n} in the same reporting chain (within {depth} levels)", n=n,
                     depth=program.matching.chain_depth)
        case "CONFLICT_GROUP":
            return t("{n} in a conflict group of the program with them", n=n)
        case "NEVER_MATCH":
            return t("{n} excluded by a \"never pair me with\" list", n=n)
        case "SAME_COST_CENTER":
            return t("{n} in the same cost centre", n=n)
        case "REJECTED_PAIR":
            return t("{n} rejected or dissolved as their pair before", n=n)
        case "NO_SHARED_LANGUAGE":
            return t("{n} without a shared language", n=n)
        case "LEVEL_NOT_REVERSED" if role == "mentee":
            return t("{n} not at least {gap} level(s) more junior than them", n=n, gap=gap)
        case "LEVEL_NOT_REVERSED":
            return t("{n} not at least {gap} level(s) more senior than them", n=n, gap=gap)
    return f"{n} {rule}"


def unmatched_for_coordinator(code: str, params: dict[str, Any], program: Program,
                              t: Translator, role: str = "mentee") -> str:
    """The binding reasons, with counts: who in the other role shares the person's topics
    and which rule excluded each of them. `role` is the unmatched person's."""
    if peer_wording.is_peer_reason(code, params) and (
            text := peer_wording.for_coordinator(code, params, program, t)) is not None:
        return text
    topics = topic_names(list(params.get("topics", [])), program, t)
    if "offer" in params and code not in ("NO_MENTOR_FOR_TOPICS", "NO_MENTEE_FOR_TOPICS"):
        parts = [_blocker(rule, n, role, program, t)
                 for rule, n in dict(params.get("blocked") or {}).items()]
        if code == "CAPACITY_EXHAUSTED":
            parts.append(t("{n} paired with someone who fits them better",
                           n=params.get("candidates", 0)))
        elif code == "TOO_FEW_FOR_CIRCLE":
            parts.append(t("{n} who fit them, fewer than the {needed} a circle needs",
                           n=params.get("candidates", 0), needed=params.get("needed", 0)))
        if role == "mentee":
            return t("mentors who offer these topics: {n}, of them {reasons}", n=params["offer"],
                     reasons=_joined(parts, t))
        return t("mentees who want these topics: {n}, of them {reasons}", n=params["offer"],
                 reasons=_joined(parts, t))
    match code:
        case "NOT_AVAILABLE":
            return t("on a break")
        case "NO_CANDIDATES":
            return t("nobody is signed up in the other role")
        case "CAPACITY_EXHAUSTED":
            return t("{n} possible partner(s), all paired with someone who fits better",
                     n=params.get("candidates", 0))
        case "NO_MENTOR_FOR_TOPICS":
            return t("no mentor offers {topics}", topics=topics)
        case "NO_MENTEE_FOR_TOPICS":
            return t("no mentee wants {topics}", topics=topics)
        # Runs stored before the funnel was counted: the category only.
        case "NO_SHARED_LANGUAGE":
            return t("nobody who shares the topics shares a language")
        case "NO_JUNIOR_MENTOR" | "NO_SENIOR_MENTEE":
            return t("the level rule excluded the candidates")
        case "ALL_CANDIDATES_IN_REPORTING_LINE":
            return t("every candidate is in their reporting line")
        case "CONFLICT_OF_INTEREST":
            return t("every candidate has a conflict of interest (team, cost centre or "
                     "exclusion list)")
        case "PAIR_DECLINED":
            return t("every candidate was rejected or dissolved as their pair before")
    return code


_CATEGORY_OF_RULE = {
    "NO_SHARED_LANGUAGE": "language", "LEVEL_NOT_REVERSED": "level",
    "REPORTING_LINE": "line", "SHARED_REPORTING_CHAIN": "line",
    "CONFLICT_GROUP": "conflict", "NEVER_MATCH": "conflict", "SAME_COST_CENTER": "conflict",
    "REJECTED_PAIR": "declined",
}
_CATEGORY_OF_CODE = {
    "NO_SHARED_LANGUAGE": "language", "NO_JUNIOR_MENTOR": "level", "NO_SENIOR_MENTEE": "level",
    "ALL_CANDIDATES_IN_REPORTING_LINE": "line", "CONFLICT_OF_INTEREST": "conflict",
    "PAIR_DECLINED": "declined",
}


def unmatched_for_person(code: str, params: dict[str, Any], program: Program,
                         t: Translator) -> str:
    """General terms only, nothing about any other person, and true: when several rules
    excluded the people who share the topics, each kind is named, none is claimed alone."""
    if peer_wording.is_peer_reason(code, params) and (
            text := peer_wording.for_person(code, params, program, t)) is not None:
        return text
    match code:
        case "NO_MENTOR_FOR_TOPICS" | "NO_MENTEE_FOR_TOPICS":
            return t("Nobody in the other role currently shares your topics ({topics}).",
                     topics=topic_names(list(params.get("topics", [])), program, t))
        case "CAPACITY_EXHAUSTED":
            return t("The people who would fit you were paired with others this round.")
        case "TOO_FEW_FOR_CIRCLE":
            return t("Too few people in the other role fit you to form a circle this round.")
        case "NO_CANDIDATES":
            return t("Nobody in the other role was available this round.")
    if params.get("blocked"):
        kinds = {_CATEGORY_OF_RULE.get(rule, "declined") for rule in params["blocked"]}
    elif code in _CATEGORY_OF_CODE:
        kinds = {_CATEGORY_OF_CODE[code]}
    else:  # a proposal that became impossible, or a code this version does not know
        return t("No fitting partner was available this round.")
    if len(kinds) == 1:
        match kinds.pop():
            case "language":
                return t("Nobody in the other role who shares your topics currently shares "
                         "one of your languages.")
            case "level":
                return t("In reverse mentoring the mentor is the more junior one, and no "
                         "fitting level pairing was possible this time.")
            case "line":
                return t("The possible partners work too close to you in the organisation; "
                         "we never pair people who report to or depend on each other.")
            case "conflict":
                return t("The possible partners could not be paired with you because of a "
                         "possible conflict of interest.")
        return t("No other fitting partner was available this round.")
    rules = [text for kind, text in (
        ("line", t("no reporting line between the partners")),
        ("conflict", t("no conflict of interest")),
        ("language", t("a shared language")),
        ("level", t("the mentor being the more junior one")),
    ) if kind in kinds]
    return t("Nobody who shares your topics could be paired with you this time. The "
             "program's rules that applied: {rules}.", rules=_joined(rules, t))
