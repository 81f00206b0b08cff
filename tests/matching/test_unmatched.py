"""Why people stay unmatched: who shares their topics, and the rule that excluded each."""

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
    assert reasons(result)["e1"] == (
        "CAPACITY_EXHAUSTED", {"candidates": 1, "offer": 1, "blocked": {}})


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
    assert reasons(result)["e"] == ("NO_SHARED_LANGUAGE", {
        "languages": ("fr",), "offer": 2, "blocked": {"NO_SHARED_LANGUAGE": 2}})


def test_no_junior_mentor_and_no_senior_mentee() -> None:
    result = match_cohort([mentee("e", level=2), mentor("m", level=2)])
    funnel = {"offer": 1, "blocked": {"LEVEL_NOT_REVERSED": 1}}
    assert reasons(result)["e"] == ("NO_JUNIOR_MENTOR", {
        "min_level_gap": 1, "languages": ("en",), **funnel})
    assert reasons(result)["m"] == ("NO_SENIOR_MENTEE", {
        "min_level_gap": 1, "languages": ("en",), **funnel})


def test_all_candidates_in_reporting_line() -> None:
    org = OrgChart({"m1": "e", "m2": "lead", "lead": "e"})
    result = match_cohort([mentee("e"), mentor("m1"), mentor("m2")], org)
    assert reasons(result)["e"] == ("ALL_CANDIDATES_IN_REPORTING_LINE", {
        "chain_depth": 2, "languages": ("en",), "offer": 2,
        "blocked": {"REPORTING_LINE": 1, "SHARED_REPORTING_CHAIN": 1}})


def test_conflict_of_interest_does_not_say_whose_list_blocked() -> None:
    people = [
        mentee("e", cost_center="c"),
        mentor("m1", never_match={"e"}),  # m1's private exclusion list
        mentor("m2", cost_center="c"),
        mentor("m3"),
    ]
    rules = MatchRules(conflict_groups=(frozenset({"e", "m3"}),))
    code, params = reasons(match_cohort(people, rules=rules))["e"]
    assert code == "CONFLICT_OF_INTEREST"
    assert params["blocked"] == {"CONFLICT_GROUP": 1, "NEVER_MATCH": 1, "SAME_COST_CENTER": 1}


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


def test_only_those_who_share_a_topic_are_counted() -> None:
    # m1 teaches something else: it is not a reason; m2 shares the topic but not a language.
    people = [mentee("e"), mentor("m1", topics={"x"}), mentor("m2", languages={"de"})]
    assert reasons(match_cohort(people))["e"] == ("NO_SHARED_LANGUAGE", {
        "languages": ("en",), "offer": 1, "blocked": {"NO_SHARED_LANGUAGE": 1}})


# The three cases a coordinator was given wrong reasons for (issue 8, item 3).

def test_seen_manager_of_two_mentors_and_more_junior_than_a_third() -> None:
    # She wants AI in German; five mentors teach other things, three teach AI in German:
    # two report to her, one is more senior. Not "no mentor offers AI in German".
    ai_de = {"topics": {"ai"}, "languages": {"de"}}
    people = [mentee("boss", level=3, **ai_de),
              mentor("m1", manager="boss", **ai_de), mentor("m2", manager="boss", **ai_de),
              mentor("m3", level=4, **ai_de),
              *[mentor(f"x{i}", topics={"tools"}, languages={"de"}) for i in range(5)]]
    code, params = reasons(match_cohort(people))["boss"]
    assert params["offer"] == 3
    assert params["blocked"] == {"REPORTING_LINE": 2, "LEVEL_NOT_REVERSED": 1}
    assert code == "ALL_CANDIDATES_IN_REPORTING_LINE"


def test_seen_after_a_rejection_the_reason_is_the_rejection_not_the_language() -> None:
    # m's only English-speaking mentee with the topic was rejected by the coordinator; the
    # others speak German only. Not "nobody in the other role speaks English".
    people = [mentor("m"), mentee("e1"), mentee("e2", languages={"de"}),
              mentee("e3", topics={"tools"}, languages={"en"})]
    code, params = reasons(match_cohort(
        people, rules=MatchRules(rejected_pairs=frozenset({("m", "e1")}))))["m"]
    assert params["offer"] == 2
    assert params["blocked"] == {"REJECTED_PAIR": 1, "NO_SHARED_LANGUAGE": 1}
    assert code == "NO_SHARED_LANGUAGE"  # a tie: the earlier category; the person hears both


def test_seen_after_a_dissolve_a_mentee_who_seeks_the_topic_is_counted() -> None:
    # The dissolved pair is remembered as rejected; the former partner still seeks the topic.
    people = [mentor("m"), mentee("former"), mentee("e2", topics={"tools"}),
              mentee("e3", topics={"tools"})]
    code, params = reasons(match_cohort(
        people, rules=MatchRules(rejected_pairs=frozenset({("m", "former")}))))["m"]
    assert (code, params["offer"], params["blocked"]) == (
        "PAIR_DECLINED", 1, {"REJECTED_PAIR": 1})


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
