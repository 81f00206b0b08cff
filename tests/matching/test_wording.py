"""The person's message about being unmatched is true and general, for any cohort: it names
only kinds of rules that excluded someone who shares their topics, and nobody else's data."""

from __future__ import annotations

from hypothesis import given

from bot.config import EXAMPLE_PROGRAM, load_program
from conversations.flows.match_wording import unmatched_for_coordinator, unmatched_for_person
from conversations.i18n import Translator
from conversations.matching import describe_unmatched, match_cohort

from .test_properties import KEYS, SETTINGS, Cohort, cohorts

PROGRAM = load_program(EXAMPLE_PROGRAM)
EN = Translator("en")
# A phrase of the person's message -> the rules it may stand for.
CLAIMS = {
    "currently shares one of your languages": {"NO_SHARED_LANGUAGE"},
    "the mentor is the more junior one, and": {"LEVEL_NOT_REVERSED"},
    "work too close to you": {"REPORTING_LINE", "SHARED_REPORTING_CHAIN"},
    "because of a possible conflict of interest": {"CONFLICT_GROUP", "NEVER_MATCH",
                                                   "SAME_COST_CENTER"},
    "No other fitting partner": {"REJECTED_PAIR"},
}
KINDS = {
    "no reporting line between the partners": {"REPORTING_LINE", "SHARED_REPORTING_CHAIN"},
    "no conflict of interest": {"CONFLICT_GROUP", "NEVER_MATCH", "SAME_COST_CENTER"},
    "a shared language": {"NO_SHARED_LANGUAGE"},
    "the mentor being the more junior one": {"LEVEL_NOT_REVERSED"},
}


@SETTINGS
@given(cohorts())
def test_the_persons_message_claims_only_rules_that_applied(cohort: Cohort) -> None:
    people, org, rules = cohort
    for unmatched in match_cohort(people, org, rules).unmatched:
        if unmatched.reason == "NOT_AVAILABLE":
            continue  # never told: paused people hear nothing about a run
        data = describe_unmatched(unmatched)
        text = unmatched_for_person(data["code"], data["params"], PROGRAM, EN)
        assert not {k for k in KEYS if k != unmatched.key and k in text}, text
        blocked = set(data["params"].get("blocked", {}))
        for phrase, allowed in CLAIMS.items():
            if phrase in text:
                assert blocked and blocked <= allowed, (text, blocked)
        for phrase, allowed in KINDS.items():
            if f"applied: {phrase}" in text or f", {phrase}" in text or f"and {phrase}" in text:
                assert blocked & allowed, (text, blocked)
        # The coordinator's line counts every one who shares the topics, exactly once.
        line = unmatched_for_coordinator(data["code"], data["params"], PROGRAM, EN,
                                         unmatched.role)
        if "offer" in data["params"] and "these topics" in line:
            counted = sum(data["params"]["blocked"].values())
            counted += data["params"].get("candidates", 0)
            assert counted == data["params"]["offer"], line
