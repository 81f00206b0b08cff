"""Why people stay unmatched: the dominant blocker, in terms that reveal nobody else's data."""

from __future__ import annotations

import json

from conversations.matching import (
    MatchRules,
    OrgChart,
    UnmatchedCode,
    describe_unmatched,
    match_cohort,
)

from .builders import mentee, mentor, reasons


def test_not_available() -> None:
    result = match_cohort([mentee("e", available=False), mentor("m"), mentor("busy", capacity=0)])
    assert reasons(result)["e"] == ("NOT_AVAILABLE", {})
    assert reasons(result)["busy"] == ("NOT_AVAILABLE", {})


def test_no_candidates_in_the_other_role() -> None:
    result = match_cohort([mentee("e"), mentor("m", available=False)])
    assert reasons(result)["e"] == ("NO_CANDIDATES", {})


def test_capacity_exhausted_when_feasible_partners_went_to_better_pairs() -> None:
    people = [mentee("e1", topics={"ai", "culture"}), mentee("e2", topics={"ai", "tools"}),
              mentor("m", topics={"ai", "tools"})]
    result = match_cohort(people)
    assert [(p.mentor, p.mentee) for p in result.proposals] == [("m", "e2")]
    assert reasons(result)["e1"] == ("CAPACITY_EXHAUSTED", {"candidates": 1})


def test_no_mentor_for_topics_names_only_the_mentees_own_wishes() -> None:
    result = match_cohort([mentee("e", topics={"quantum"}, languages={"de", "en"}),
                           mentor("m", topics={"ai"})])
    assert reasons(result)["e"] == (
        "NO_MENTOR_FOR_TOPICS", {"topics": ("quantum",), "languages": ("de", "en")}
    )
    assert reasons(result)["m"] == (
        "NO_MENTEE_FOR_TOPICS", {"topics": ("ai",), "languages": ("en",)}
    )


def test_no_shared_language() -> None:
    result = match_cohort([mentee("e", languages={"fr"}), mentor("m"), mentor("n")])
    assert reasons(result)["e"] == ("NO_SHARED_LANGUAGE", {"languages": ("fr",)})


def test_no_junior_mentor_and_no_senior_mentee() -> None:
    result = match_cohort([mentee("e", level=2), mentor("m", level=2)])
    assert reasons(result)["e"] == ("NO_JUNIOR_MENTOR", {"min_level_gap": 1})
    assert reasons(result)["m"] == ("NO_SENIOR_MENTEE", {"min_level_gap": 1})


def test_all_candidates_in_reporting_line() -> None:
    org = OrgChart({"m1": "e", "m2": "lead", "lead": "e"})
    result = match_cohort([mentee("e"), mentor("m1"), mentor("m2")], org)
    assert reasons(result)["e"] == ("ALL_CANDIDATES_IN_REPORTING_LINE", {"chain_depth": 2})


def test_conflict_of_interest_does_not_say_whose_list_blocked() -> None:
    people = [
        mentee("e", cost_center="c"),
        mentor("m1", never_match={"e"}),  # m1's private exclusion list
        mentor("m2", cost_center="c"),
        mentor("m3"),
    ]
    rules = MatchRules(conflict_groups=(frozenset({"e", "m3"}),))
    assert reasons(match_cohort(people, rules=rules))["e"] == ("CONFLICT_OF_INTEREST", {})


def test_dominant_blocker_is_the_rule_that_eliminated_most_candidates() -> None:
    # Two mentors speak only German, one shares e's reporting chain: language dominates.
    org = OrgChart({"m3": "e"})
    people = [mentee("e"), mentor("m1", languages={"de"}), mentor("m2", languages={"de"}),
              mentor("m3")]
    assert reasons(match_cohort(people, org))["e"][0] == UnmatchedCode.NO_SHARED_LANGUAGE
    # Two in the chain, one without a shared language: the reporting line dominates.
    org = OrgChart({"m2": "e", "m3": "e"})
    people = [mentee("e"), mentor("m1", languages={"de"}), mentor("m2"), mentor("m3")]
    assert reasons(match_cohort(people, org))["e"][0] == "ALL_CANDIDATES_IN_REPORTING_LINE"


def test_ties_go_to_the_topic_reason_first() -> None:
    people = [mentee("e"), mentor("m1", topics={"x"}), mentor("m2", languages={"de"})]
    assert reasons(match_cohort(people))["e"][0] == "NO_MENTOR_FOR_TOPICS"


def test_every_available_person_is_either_matched_or_explained_once() -> None:
    people = [mentee("e1"), mentee("e2"), mentee("e3", available=False),
              mentor("m1"), mentor("m2", topics={"x"})]
    result = match_cohort(people)
    matched = {p.mentor for p in result.proposals} | {p.mentee for p in result.proposals}
    explained = [u.key for u in result.unmatched]
    assert sorted(explained) == sorted(set(explained))
    assert matched | set(explained) == {p.key for p in people}
    assert not matched & set(explained)


def test_unmatched_render_to_neutral_json() -> None:
    result = match_cohort([mentee("e", topics={"quantum"}), mentor("m")])
    rendered = [describe_unmatched(u) for u in result.unmatched]
    assert json.loads(json.dumps(rendered))[0] == {
        "code": "NO_MENTOR_FOR_TOPICS", "params": {"topics": ["quantum"], "languages": ["en"]}
    }
