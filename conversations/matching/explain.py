"""Explanations for chosen tandems, and neutral code+params structures for the flows layer.

The flows layer renders `describe_proposal` / `describe_unmatched` output through its
message catalogs; nothing here is prose.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .codes import ReasonCode
from .encode import NO_LEVEL, Cohort
from .model import Explanation, MatchRules, Proposal, Unmatched


def explain_pairs(
    cohort: Cohort, rules: MatchRules, mentees: NDArray[np.intp], mentors: NDArray[np.intp]
) -> list[tuple[Explanation, tuple[ReasonCode, ...]]]:
    """Explanations and reason codes for the chosen pairs only; the numbers are gathered for
    all pairs at once, and the few distinct language and reason combinations are cached."""
    e, m = cohort.mentees, cohort.mentors
    minutes = cohort.overlap_minutes[e.hours_profile[mentees], m.hours_profile[mentors]]
    shared_count = np.einsum("ij,ij->i", e.topics[mentees], m.topics[mentors])
    coverage = shared_count / np.maximum(e.topic_count[mentees], 1.0)
    department_e, department_m = e.department[mentees], m.department[mentors]
    departments_known = (department_e >= 0) & (department_m >= 0)
    level_e, level_m = e.level[mentees], m.level[mentors]
    levels_known = (level_e != NO_LEVEL) & (level_m != NO_LEVEL)
    language_pairs = zip(e.language_profile[mentees].tolist(),
                         m.language_profile[mentors].tolist(), strict=True)
    languages: dict[tuple[int, int], tuple[str, ...]] = {}
    reason_sets: dict[tuple[bool, bool, bool], tuple[ReasonCode, ...]] = {}
    explained = []
    for mentee, mentor, language_pair, hours, cover, dep_known, differ, lvl_known, gap in zip(
        [e.people[i] for i in mentees.tolist()], [m.people[j] for j in mentors.tolist()],
        language_pairs, np.round(minutes / 60, 2).tolist(), np.round(coverage, 4).tolist(),
        departments_known.tolist(), (department_e != department_m).tolist(),
        levels_known.tolist(), (level_e - level_m).tolist(), strict=True,
    ):
        if language_pair not in languages:
            languages[language_pair] = tuple(sorted(mentee.languages & mentor.languages))
        explanation = Explanation(
            shared_topics=tuple(sorted(mentee.topics & mentor.topics)),
            topic_coverage=cover,
            departments_differ=differ if dep_known else None,
            shared_languages=languages[language_pair],
            overlap_hours=hours,
            level_gap=gap if lvl_known else None,
        )
        flags = (dep_known and differ, hours > 0, lvl_known and gap >= rules.min_level_gap)
        if flags not in reason_sets:
            reason_sets[flags] = reasons_for(explanation, rules)
        explained.append((explanation, reason_sets[flags]))
    return explained


def reasons_for(explanation: Explanation, rules: MatchRules) -> tuple[ReasonCode, ...]:
    """The reason codes that apply to a tandem, in a fixed order."""
    reasons = [ReasonCode.SHARED_TOPICS]
    if explanation.departments_differ:
        reasons.append(ReasonCode.DIFFERENT_DEPARTMENTS)
    reasons.append(ReasonCode.SHARED_LANGUAGES)
    if explanation.overlap_hours > 0:
        reasons.append(ReasonCode.WORKING_HOURS_OVERLAP)
    gap = explanation.level_gap
    if rules.reverse != "off" and gap is not None and gap >= rules.min_level_gap:
        reasons.append(ReasonCode.REVERSE_LEVELS)
    return tuple(reasons)


def reason_params(code: ReasonCode, explanation: Explanation) -> dict[str, Any]:
    if code is ReasonCode.SHARED_TOPICS:
        return {"topics": list(explanation.shared_topics)}
    if code is ReasonCode.SHARED_LANGUAGES:
        return {"languages": list(explanation.shared_languages)}
    if code is ReasonCode.WORKING_HOURS_OVERLAP:
        return {"hours": explanation.overlap_hours}
    if code is ReasonCode.REVERSE_LEVELS:
        return {"level_gap": explanation.level_gap}
    return {}


def describe_proposal(proposal: Proposal) -> list[dict[str, Any]]:
    """[{"code": "SHARED_TOPICS", "params": {"topics": [...]}}, ...], JSON-ready."""
    return [
        {"code": code.value, "params": reason_params(code, proposal.explanation)}
        for code in proposal.reasons
    ]


def describe_unmatched(unmatched: Unmatched) -> dict[str, Any]:
    """{"code": "NO_SHARED_LANGUAGE", "params": {"languages": [...]}}, JSON-ready."""
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in unmatched.params.items()}
    return {"code": unmatched.reason.value, "params": params}
