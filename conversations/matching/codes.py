"""Machine codes for match reasons.

Codes are stable identifiers, never prose: the flows layer turns them (with their params)
into English or German text through Babel message catalogs.
"""

from __future__ import annotations

from enum import StrEnum


class RuleCode(StrEnum):
    """A hard rule that makes one mentor/mentee pair infeasible."""

    WRONG_ROLES = "WRONG_ROLES"  # not exactly one mentor and one mentee
    NOT_AVAILABLE = "NOT_AVAILABLE"  # paused, withdrawn, or a mentor without capacity
    REPORTING_LINE = "REPORTING_LINE"  # one is the other's direct manager
    SHARED_REPORTING_CHAIN = "SHARED_REPORTING_CHAIN"  # see rules.py for the exact definition
    CONFLICT_GROUP = "CONFLICT_GROUP"  # both in one of the program's conflict groups
    NEVER_MATCH = "NEVER_MATCH"  # either person listed the other
    SAME_COST_CENTER = "SAME_COST_CENTER"
    REJECTED_PAIR = "REJECTED_PAIR"  # the coordinator rejected this exact pair before
    NO_SHARED_LANGUAGE = "NO_SHARED_LANGUAGE"
    NO_SHARED_TOPIC = "NO_SHARED_TOPIC"
    LEVEL_NOT_REVERSED = "LEVEL_NOT_REVERSED"  # mentor not junior enough (reverse="required")


class ReasonCode(StrEnum):
    """Why a proposed tandem fits; each comes with params in the proposal's explanation."""

    SHARED_TOPICS = "SHARED_TOPICS"  # params: topics
    DIFFERENT_DEPARTMENTS = "DIFFERENT_DEPARTMENTS"  # no params: departments stay private
    SHARED_LANGUAGES = "SHARED_LANGUAGES"  # params: languages
    WORKING_HOURS_OVERLAP = "WORKING_HOURS_OVERLAP"  # params: hours
    REVERSE_LEVELS = "REVERSE_LEVELS"  # params: level_gap


class UnmatchedCode(StrEnum):
    """Why a person got no tandem, in terms that reveal nobody else's data."""

    NOT_AVAILABLE = "NOT_AVAILABLE"
    NO_CANDIDATES = "NO_CANDIDATES"  # nobody available in the other role
    # Nobody in the other role shares one of the person's topics. params: topics, languages
    NO_MENTOR_FOR_TOPICS = "NO_MENTOR_FOR_TOPICS"
    NO_MENTEE_FOR_TOPICS = "NO_MENTEE_FOR_TOPICS"
    # Every code below also has the funnel in its params: offer (candidates sharing a topic)
    # and blocked ({RuleCode: how many of those that rule excluded first}); see unmatched.py.
    CAPACITY_EXHAUSTED = "CAPACITY_EXHAUSTED"  # params: candidates (feasible, paired elsewhere)
    NO_SHARED_LANGUAGE = "NO_SHARED_LANGUAGE"  # params: languages
    NO_JUNIOR_MENTOR = "NO_JUNIOR_MENTOR"  # params: min_level_gap
    NO_SENIOR_MENTEE = "NO_SENIOR_MENTEE"  # params: min_level_gap
    ALL_CANDIDATES_IN_REPORTING_LINE = "ALL_CANDIDATES_IN_REPORTING_LINE"  # params: chain_depth
    CONFLICT_OF_INTEREST = "CONFLICT_OF_INTEREST"  # team, cost centre or an exclusion list
    PAIR_DECLINED = "PAIR_DECLINED"  # a coordinator rejected or dissolved the pairs before
