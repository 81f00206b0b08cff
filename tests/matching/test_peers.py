"""The peer format: topics both ways, no reverse rule, the other hard rules both ways, and the
total against a brute-force general matching."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.matching import MatchRules
from conversations.matching.peers import greedy_pairs, match_peers, peer_scores

from .builders import mentee, mentor
from .reference import Reference, best_peer_total, peer_score
from .test_properties import Cohort, cohorts

Wants = dict[str, frozenset[str]]


def wants_for(cohort: Cohort) -> st.SearchStrategy[Wants]:
    keys = [p.key for p in cohort[0]]
    return st.fixed_dictionaries(
        {k: st.frozensets(st.sampled_from("abcd"), max_size=3) for k in keys})


# Half the 1:1 properties' examples: each example runs the solver and a brute-force
# reference, and the whole suite must stay under five minutes (×3 under CI=true).
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

@SETTINGS
@given(st.data())
def test_pairs_obey_the_rules_both_ways_and_stay_within_two_thirds_of_optimal(
        data: st.DataObject) -> None:
    cohort = data.draw(cohorts(max_people=7))
    wants = data.draw(wants_for(cohort))
    people, org, rules = cohort
    ref = Reference(people, org, rules)
    result = match_peers(people, wants, org, rules)
    assert match_peers(people[::-1], wants, org, rules) == result  # input order never matters
    by_key = {p.key: p for p in people}
    seated = Counter(k for pair in result.pairs for k in (pair.a, pair.b))
    assert all(n == 1 for n in seated.values())
    for pair in result.pairs:
        a, b = by_key[pair.a], by_key[pair.b]
        assert a.available and b.available and pair.a < pair.b
        expected = peer_score(ref, a, b, wants)
        assert expected is not None and pair.score == pytest.approx(expected, abs=1e-4)
        assert pair.a_teaches_b and pair.b_teaches_a
    available = [p for p in people if p.available]
    best = best_peer_total(ref, available, wants)
    assert result.total_score <= best + 1e-4 <= result.upper_bound + 2e-4
    assert result.total_score >= 2 / 3 * best - 1e-4
    score = peer_scores(sorted(available, key=lambda p: p.key), wants, org, rules, people)
    greedy = sum(score[i, j] for i, j in greedy_pairs(score))
    assert result.total_score >= greedy - 1e-4
    unmatched = {u.key for u in result.unmatched}
    assert unmatched | set(seated) == set(by_key) and unmatched.isdisjoint(seated)


def test_both_teach_and_learn_and_the_reverse_rule_does_not_apply() -> None:
    # A mentor-junior pair the 1:1 rules would refuse (same level): peers do not care.
    people = [mentor("ana", topics={"ai"}, level=3), mentee("ben", topics={"excel"}, level=3),
              mentee("cem", topics={"ai"}, level=3)]
    wants = {"ana": frozenset({"excel"}), "ben": frozenset({"ai"}),
             "cem": frozenset({"ai"})}  # cem teaches nothing anyone wants
    result = match_peers(people, wants, rules=MatchRules(reverse="required"))
    [pair] = result.pairs
    assert (pair.a, pair.b, pair.a_teaches_b, pair.b_teaches_a) == ("ana", "ben", ("ai",),
                                                                    ("excel",))
    assert {u.key: u.reason.value for u in result.unmatched} == {"cem": "NO_MENTEE_FOR_TOPICS"}


def test_a_reporting_line_blocks_peers_either_way() -> None:
    people = [mentor("boss", topics={"ai"}), mentee("report", topics={"excel"}, manager="boss")]
    wants = {"boss": frozenset({"excel"}), "report": frozenset({"ai"})}
    result = match_peers(people, wants)
    assert result.pairs == ()
    assert {u.reason.value for u in result.unmatched} == {"ALL_CANDIDATES_IN_REPORTING_LINE"}
