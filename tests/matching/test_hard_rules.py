"""One test per hard rule: the pair that would score best is excluded, a worse one wins.

Each cohort has one mentee and two mentors: "best" covers all of the mentee's topics but
breaks the rule under test, "fallback" covers only half of them and breaks nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from conversations.matching import (
    MatchRules,
    OrgChart,
    RuleCode,
    check_pair,
    match_cohort,
)

from .builders import mentee, mentor, pairs

WISHES = {"ai", "new-tools"}


def contest(
    mentee_fields: dict[str, Any] | None = None,
    best_fields: dict[str, Any] | None = None,
    org: OrgChart | None = None,
    rules: MatchRules | None = None,
) -> set[tuple[str, str]]:
    people = [
        mentee("e", topics=WISHES, **(mentee_fields or {})),
        mentor("best", topics=WISHES, **(best_fields or {})),
        mentor("fallback", topics={"ai"}),
    ]
    return pairs(match_cohort(people, org, rules))


def test_without_a_broken_rule_the_best_mentor_wins() -> None:
    assert contest() == {("best", "e")}


def test_roles_two_mentees_or_two_mentors_are_never_paired() -> None:
    result = match_cohort([mentee("e1"), mentee("e2")])
    assert result.proposals == ()
    assert {u.reason.value for u in result.unmatched} == {"NO_CANDIDATES"}
    assert check_pair(mentee("e1"), mentee("e2")) == (RuleCode.WRONG_ROLES,)


@pytest.mark.parametrize("side", ["mentee_manages_mentor", "mentor_manages_mentee"])
def test_reporting_line_in_either_direction(side: str) -> None:
    if side == "mentee_manages_mentor":
        found = contest(best_fields={"manager": "e"}, rules=MatchRules(chain_depth=0))
    else:
        found = contest(mentee_fields={"manager": "best"}, rules=MatchRules(chain_depth=0))
    assert found == {("fallback", "e")}


def test_reporting_line_from_the_org_chart_when_sign_up_has_no_manager() -> None:
    assert contest(org=OrgChart({"best": "e"})) == {("fallback", "e")}


def test_sign_up_manager_overrides_the_org_chart() -> None:
    # HR data is stale: "best" moved away from e's team and says so at sign-up.
    org = OrgChart({"best": "e", "new-boss": "ceo"})
    assert contest(best_fields={"manager": "new-boss"}, org=org) == {("best", "e")}


@pytest.mark.parametrize(
    ("case", "chart"),
    [
        ("skip-level line", {"best": "lead", "lead": "e"}),
        ("same manager", {"best": "lead", "e": "lead"}),
        ("same skip-level", {"best": "lead", "lead": "vp", "e": "head", "head": "vp"}),
        ("manager is the other's skip-level", {"best": "lead", "lead": "vp", "e": "vp"}),
    ],
)
def test_shared_reporting_chain_up_to_depth_two(case: str, chart: dict[str, str]) -> None:
    assert contest(org=OrgChart(chart)) == {("fallback", "e")}, case


def test_shared_reporting_chain_stops_at_chain_depth() -> None:
    # e is three levels above "best": allowed with depth 2, excluded with depth 3.
    chart = OrgChart({"best": "lead", "lead": "head", "head": "e"})
    assert contest(org=chart) == {("best", "e")}
    assert contest(org=chart, rules=MatchRules(chain_depth=3)) == {("fallback", "e")}


def test_unknown_managers_never_count_as_shared() -> None:
    assert contest(org=OrgChart({"best": "lead"})) == {("best", "e")}


def test_cycles_in_org_data_do_not_hang() -> None:
    chart = OrgChart({"best": "x", "x": "y", "y": "x", "e": "y"})
    assert contest(org=chart) == {("fallback", "e")}


def test_conflict_group() -> None:
    rules = MatchRules(conflict_groups=(frozenset({"e", "best", "someone-else"}),))
    assert contest(rules=rules) == {("fallback", "e")}


@pytest.mark.parametrize("who_declares", ["mentee", "mentor"])
def test_never_match_is_symmetric(who_declares: str) -> None:
    if who_declares == "mentee":
        found = contest(mentee_fields={"never_match": {"best"}})
    else:
        found = contest(best_fields={"never_match": {"e"}})
    assert found == {("fallback", "e")}


def test_same_cost_center_when_enabled() -> None:
    same = {"cost_center": "cc-7"}
    assert contest(mentee_fields=same, best_fields=same) == {("fallback", "e")}
    relaxed = MatchRules(conflict_on_same_cost_center=False)
    assert contest(mentee_fields=same, best_fields=same, rules=relaxed) == {("best", "e")}


def test_unknown_cost_centers_are_not_the_same() -> None:
    assert contest(best_fields={"cost_center": None}) == {("best", "e")}


def test_rejected_pair_is_not_proposed_again() -> None:
    rules = MatchRules(rejected_pairs=frozenset({("best", "e")}))
    assert contest(rules=rules) == {("fallback", "e")}


def test_at_least_one_shared_language() -> None:
    assert contest(best_fields={"languages": {"de"}}) == {("fallback", "e")}


def test_at_least_one_shared_topic() -> None:
    # A mentor who matches everything else but teaches none of the wishes is no tandem.
    result = match_cohort([mentee("e"), mentor("m", topics={"onboarding"})])
    assert result.proposals == ()
    assert check_pair(mentor("m", topics={"onboarding"}), mentee("e")) == (
        RuleCode.NO_SHARED_TOPIC,
    )


@pytest.mark.parametrize(
    ("mentor_level", "gap", "allowed"),
    [(4, 1, True), (5, 1, False), (6, 1, False), (3, 2, True), (4, 2, False), (5, 0, True)],
)
def test_reverse_required_mentor_below_mentee_by_gap(
    mentor_level: int, gap: int, allowed: bool
) -> None:
    found = contest(best_fields={"level": mentor_level}, rules=MatchRules(min_level_gap=gap))
    assert found == ({("best", "e")} if allowed else {("fallback", "e")})


def test_reverse_required_ignores_unknown_levels() -> None:
    assert contest(best_fields={"level": None}) == {("best", "e")}
    assert contest(mentee_fields={"level": None}) == {("best", "e")}


def test_reverse_off_ignores_levels() -> None:
    assert contest(best_fields={"level": 9}, rules=MatchRules(reverse="off")) == {("best", "e")}


def test_reverse_preferred_is_a_bonus_not_a_rule() -> None:
    rules = MatchRules(reverse="preferred", w_reverse_preferred=0.2)
    # A senior mentor is allowed...
    assert contest(best_fields={"level": 9}, rules=rules) == {("best", "e")}
    # ...but with equal topics the junior one wins on the bonus.
    people = [mentee("e"), mentor("junior", level=0), mentor("senior", level=7)]
    assert pairs(match_cohort(people, rules=rules)) == {("junior", "e")}


def test_unavailable_people_are_not_matched() -> None:
    assert contest(best_fields={"available": False}) == {("fallback", "e")}
    assert contest(best_fields={"capacity": 0}) == {("fallback", "e")}
    result = match_cohort([mentee("e", available=False), mentor("m")])
    assert result.proposals == ()


def test_capacity_one_by_default() -> None:
    people = [mentee("e1"), mentee("e2"), mentor("m", capacity=2)]
    assert len(match_cohort(people).proposals) == 1  # group_size 1 caps the capacity
    grouped = match_cohort(people, rules=MatchRules(group_size=2))
    assert pairs(grouped) == {("m", "e1"), ("m", "e2")}


def test_capacity_caps_the_group_size() -> None:
    people = [mentee(f"e{i}") for i in range(4)] + [mentor("m", capacity=2)]
    assert len(match_cohort(people, rules=MatchRules(group_size=3)).proposals) == 2


def test_check_pair_lists_every_broken_rule() -> None:
    org = OrgChart({"m": "e"})
    broken = check_pair(
        mentor("m", languages={"de"}, cost_center="cc", level=6, available=False),
        mentee("e", cost_center="cc", never_match={"m"}),
        org,
        MatchRules(conflict_groups=(frozenset({"e", "m"}),),
                   rejected_pairs=frozenset({("m", "e")})),
    )
    assert set(broken) == {
        RuleCode.NOT_AVAILABLE,
        RuleCode.REPORTING_LINE,
        RuleCode.SHARED_REPORTING_CHAIN,
        RuleCode.CONFLICT_GROUP,
        RuleCode.NEVER_MATCH,
        RuleCode.SAME_COST_CENTER,
        RuleCode.REJECTED_PAIR,
        RuleCode.NO_SHARED_LANGUAGE,
        RuleCode.LEVEL_NOT_REVERSED,
    }
    assert check_pair(mentor("m"), mentee("e")) == ()
