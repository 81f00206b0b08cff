"""A slow, obviously-correct per-pair reference of the rules and the score, in plain Python.

It shares nothing with the engine except the input types, so the property tests compare two
independent readings of the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from functools import cache
from itertools import product
from zoneinfo import ZoneInfo

from conversations.matching import Candidate, MatchRules, OrgChart


class Reference:
    def __init__(self, people: Sequence[Candidate], org: OrgChart, rules: MatchRules) -> None:
        self.by_key = {p.key: p for p in people}
        self.org = org
        self.rules = rules

    def manager(self, key: str) -> str | None:
        person = self.by_key.get(key)
        if person is not None and person.manager is not None:
            return person.manager
        return self.org.managers.get(key)

    def closed_chain(self, key: str) -> set[str]:
        """The person and the first chain_depth managers above."""
        chain, current = {key}, key
        for _ in range(self.rules.chain_depth):
            boss = self.manager(current)
            if boss is None:
                break
            chain.add(boss)
            current = boss
        return chain

    def broken(self, mentee: Candidate, mentor: Candidate) -> set[str]:
        """Names of the hard rules this pair breaks (capacity aside)."""
        rules, out = self.rules, set()
        if mentee.role != "mentee" or mentor.role != "mentor":
            out.add("WRONG_ROLES")
        if not (mentee.available and mentor.available and mentor.capacity > 0):
            out.add("NOT_AVAILABLE")
        if self.manager(mentee.key) == mentor.key or self.manager(mentor.key) == mentee.key:
            out.add("REPORTING_LINE")
        if rules.chain_depth >= 1 and self.closed_chain(mentee.key) & self.closed_chain(mentor.key):
            out.add("SHARED_REPORTING_CHAIN")
        if any(mentee.key in g and mentor.key in g for g in rules.conflict_groups):
            out.add("CONFLICT_GROUP")
        if mentor.key in mentee.never_match or mentee.key in mentor.never_match:
            out.add("NEVER_MATCH")
        if (rules.conflict_on_same_cost_center and mentee.cost_center is not None
                and mentee.cost_center == mentor.cost_center):
            out.add("SAME_COST_CENTER")
        if (mentor.key, mentee.key) in rules.rejected_pairs:
            out.add("REJECTED_PAIR")
        if not mentee.languages & mentor.languages:
            out.add("NO_SHARED_LANGUAGE")
        if not mentee.topics & mentor.topics:
            out.add("NO_SHARED_TOPIC")
        if (rules.reverse == "required" and mentee.level is not None
                and mentor.level is not None
                and mentee.level - mentor.level < rules.min_level_gap):
            out.add("LEVEL_NOT_REVERSED")
        return out

    def score(self, mentee: Candidate, mentor: Candidate) -> float:
        rules = self.rules
        total = rules.w_topics * len(mentee.topics & mentor.topics) / len(mentee.topics)
        if (mentee.department is not None and mentor.department is not None
                and mentee.department != mentor.department):
            total += rules.w_department
        a = working_minutes(mentee.timezone, mentee.working_hours, rules.reference_utc)
        b = working_minutes(mentor.timezone, mentor.working_hours, rules.reference_utc)
        total += rules.w_timezone * len(a & b) / min(len(a), len(b))
        if (rules.reverse == "preferred" and mentee.level is not None
                and mentor.level is not None
                and mentee.level - mentor.level >= rules.min_level_gap):
            total += rules.w_reverse_preferred
        return total

    def usable(self, person: Candidate) -> bool:
        return person.available and (person.role == "mentee" or person.capacity > 0)

    # The rules in the order a candidate is attributed to the first one that excludes them,
    # and the categories the person's message names (ties to the earlier one).
    ORDER = ("REPORTING_LINE", "SHARED_REPORTING_CHAIN", "CONFLICT_GROUP", "NEVER_MATCH",
             "SAME_COST_CENTER", "REJECTED_PAIR", "NO_SHARED_LANGUAGE", "LEVEL_NOT_REVERSED")
    CATEGORIES = (
        ({"NO_SHARED_LANGUAGE"}, "NO_SHARED_LANGUAGE", "NO_SHARED_LANGUAGE"),
        ({"LEVEL_NOT_REVERSED"}, "NO_JUNIOR_MENTOR", "NO_SENIOR_MENTEE"),
        ({"REPORTING_LINE", "SHARED_REPORTING_CHAIN"}, "ALL_CANDIDATES_IN_REPORTING_LINE",
         "ALL_CANDIDATES_IN_REPORTING_LINE"),
        ({"CONFLICT_GROUP", "NEVER_MATCH", "SAME_COST_CENTER"}, "CONFLICT_OF_INTEREST",
         "CONFLICT_OF_INTEREST"),
        ({"REJECTED_PAIR"}, "PAIR_DECLINED", "PAIR_DECLINED"),
    )

    def unmatched_reason(self, person: Candidate) -> tuple[str, dict[str, object]]:
        """(code, params) for a person left without a tandem, recomputed pair by pair."""
        if not self.usable(person):
            return "NOT_AVAILABLE", {}
        others = [o for o in self.by_key.values() if o.role != person.role and self.usable(o)]
        if not others:
            return "NO_CANDIDATES", {}
        own_languages = tuple(sorted(person.languages))
        offer = [o for o in others if o.topics & person.topics]
        if not offer:
            code = "NO_MENTOR_FOR_TOPICS" if person.role == "mentee" else "NO_MENTEE_FOR_TOPICS"
            return code, {"topics": tuple(sorted(person.topics)), "languages": own_languages}
        blocked: dict[str, int] = {}
        feasible = 0
        for other in offer:
            pair = (person, other) if person.role == "mentee" else (other, person)
            broken = self.broken(*pair)
            first = next((rule for rule in self.ORDER if rule in broken), None)
            if first is None:
                feasible += 1
            else:
                blocked[first] = blocked.get(first, 0) + 1
        blocked = {rule: blocked[rule] for rule in self.ORDER if rule in blocked}
        funnel = {"offer": len(offer), "blocked": blocked}
        if feasible:
            return "CAPACITY_EXHAUSTED", {"candidates": feasible, **funnel}
        totals = [sum(blocked.get(r, 0) for r in group) for group, _, _ in self.CATEGORIES]
        _, for_mentee, for_mentor = self.CATEGORIES[totals.index(max(totals))]
        code = for_mentee if person.role == "mentee" else for_mentor
        params: dict[str, object] = {"languages": own_languages}
        if code in ("NO_JUNIOR_MENTOR", "NO_SENIOR_MENTEE"):
            params["min_level_gap"] = self.rules.min_level_gap
        if code == "ALL_CANDIDATES_IN_REPORTING_LINE":
            params["chain_depth"] = self.rules.chain_depth
        return code, {**params, **funnel}

    def capacity(self, mentor: Candidate) -> int:
        return min(mentor.capacity, self.rules.group_size)

    def best_total(self, mentees: Sequence[Candidate], mentors: Sequence[Candidate]) -> float:
        """Exhaustive maximum-weight matching (tiny cohorts only)."""
        options = [
            [(j, self.score(e, m)) for j, m in enumerate(mentors) if not self.broken(e, m)]
            for e in mentees
        ]

        @cache
        def best(i: int, left: tuple[int, ...]) -> float:
            if i == len(mentees):
                return 0.0
            value = best(i + 1, left)  # leave mentee i out
            for j, score in options[i]:
                if left[j] > 0:
                    rest = (*left[:j], left[j] - 1, *left[j + 1:])
                    value = max(value, score + best(i + 1, rest))
            return value

        return best(0, tuple(self.capacity(m) for m in mentors))


def working_minutes(zone: str, hours: tuple[int, int], instant: datetime) -> set[int]:
    """The UTC minutes of the day (0..1439) a person works, counted one by one."""
    offset = instant.astimezone(ZoneInfo(zone)).utcoffset()
    assert offset is not None
    shift = int(offset.total_seconds() // 60)
    start, end = hours
    length = (end - start) * 60 if end > start else (end + 24 - start) * 60
    return {(start * 60 - shift + k) % 1440 for k in range(length)}


def circle_value(ref: Reference, mentees: Sequence[Candidate],
                 mentors: Sequence[Candidate]) -> float | None:
    """A circle's score (each mentor's mean pair score over the mentees, summed), or None
    when a pair breaks a rule or the circle shares no language."""
    if any(ref.broken(e, m) for e in mentees for m in mentors):
        return None
    common = set.intersection(*(set(p.languages) for p in (*mentees, *mentors)))
    if not common:
        return None
    return sum(sum(ref.score(e, m) for e in mentees) / len(mentees) for m in mentors)


def best_circles_total(ref: Reference, mentees: Sequence[Candidate],
                       mentors: Sequence[Candidate], mentor_range: tuple[int, int],
                       mentee_range: tuple[int, int]) -> float:
    """Exhaustive: every person gets a circle label or none (tiny cohorts only)."""
    labels = range(-1, len(mentees))
    best = 0.0
    for mentee_labels in product(labels, repeat=len(mentees)):
        for mentor_labels in product(labels, repeat=len(mentors)):
            total, ok = 0.0, True
            for c in set(mentee_labels) | set(mentor_labels):
                if c < 0:
                    continue
                es = [e for e, lab in zip(mentees, mentee_labels, strict=True) if lab == c]
                ms = [m for m, lab in zip(mentors, mentor_labels, strict=True) if lab == c]
                if not (mentee_range[0] <= len(es) <= mentee_range[1]
                        and mentor_range[0] <= len(ms) <= mentor_range[1]):
                    ok = False
                    break
                value = circle_value(ref, es, ms)
                if value is None:
                    ok = False
                    break
                total += value
            if ok:
                best = max(best, total)
    return best


def peer_score(ref: Reference, a: Candidate, b: Candidate,
               wants: dict[str, frozenset[str]]) -> float | None:
    """P[a, b] of the peer format, or None when a rule breaks either way."""
    rules = ref.rules
    learner_a, learner_b = (replace(p, role="mentee", topics=wants.get(p.key, frozenset()))
                            for p in (a, b))
    teacher_a, teacher_b = replace(a, role="mentor"), replace(b, role="mentor")
    off = Reference(list(ref.by_key.values()), ref.org, replace(rules, reverse="off"))
    for learner, teacher in ((learner_a, teacher_b), (learner_b, teacher_a)):
        if off.broken(learner, teacher) - {"NOT_AVAILABLE"}:
            return None
    return off.score(learner_a, teacher_b) + off.score(learner_b, teacher_a)


def best_peer_total(ref: Reference, people: Sequence[Candidate],
                    wants: dict[str, frozenset[str]]) -> float:
    """Exhaustive maximum-weight matching on a general graph (tiny cohorts only)."""

    @cache
    def best(left: frozenset[int]) -> float:
        if len(left) < 2:
            return 0.0
        first = min(left)
        rest = left - {first}
        value = best(rest)  # first stays alone
        for other in rest:
            score = peer_score(ref, people[first], people[other], wants)
            if score is not None:
                value = max(value, score + best(rest - {other}))
        return value

    return best(frozenset(range(len(people))))
