"""The example program from the domain notes: 4 senior leaders, 4 junior engineers."""

from __future__ import annotations

import json

from conversations.matching import (
    Candidate,
    OrgChart,
    ReasonCode,
    describe_proposal,
    greedy_match,
    match_cohort,
)

# CEO <- CTO, CHRO, COO, CSO (the mentees). Lena and Tom work two levels below the CTO,
# Aylin and Max two levels below the COO, so those pairs share a reporting chain.
ORG = OrgChart({
    "slack:UCTO": "slack:UCEO", "slack:UCHRO": "slack:UCEO", "slack:UCOO": "slack:UCEO",
    "slack:UCSO": "slack:UCEO", "slack:ULEADA": "slack:UCTO", "slack:ULEADB": "slack:UCOO",
})


def leader(key: str, topics: set[str], languages: set[str], department: str,
           timezone: str = "Europe/Berlin") -> Candidate:
    return Candidate(key=key, role="mentee", topics=frozenset(topics), department=department,
                     languages=frozenset(languages), timezone=timezone, level=5,
                     cost_center=f"cc-{department}")


def engineer(key: str, topics: set[str], languages: set[str], lead: str) -> Candidate:
    return Candidate(key=key, role="mentor", topics=frozenset(topics), department="engineering",
                     languages=frozenset(languages), timezone="Europe/Berlin", level=0,
                     manager=lead, cost_center="cc-engineering")


COHORT = [
    leader("slack:UCTO", {"ai", "developer-experience", "new-tools"}, {"de", "en"}, "technology"),
    leader("slack:UCHRO", {"onboarding", "career-expectations", "team-culture"}, {"de"}, "people"),
    leader("slack:UCOO", {"team-culture", "career-expectations"}, {"de"}, "operations"),
    leader("slack:UCSO", {"ai", "new-tools"}, {"en"}, "sales", timezone="America/New_York"),
    engineer("slack:ULENA", {"team-culture", "onboarding"}, {"de", "en"}, "slack:ULEADA"),
    engineer("slack:UTOM", {"ai", "new-tools"}, {"en"}, "slack:ULEADA"),
    engineer("slack:UAYLIN", {"developer-experience", "ai"}, {"de", "en"}, "slack:ULEADB"),
    engineer("slack:UMAX", {"career-expectations", "team-culture", "onboarding"}, {"de"},
             "slack:ULEADB"),
]


def test_four_tandems_with_sensible_reasons() -> None:
    result = match_cohort(COHORT, ORG)
    tandems = {p.mentee: p for p in result.proposals}
    assert {mentee: p.mentor for mentee, p in tandems.items()} == {
        "slack:UCTO": "slack:UAYLIN",  # not Tom/Lena: they report up to the CTO
        "slack:UCOO": "slack:ULENA",  # not Max: he reports up to the COO
        "slack:UCHRO": "slack:UMAX",  # covers all three wishes
        "slack:UCSO": "slack:UTOM",  # AI and tools, in English
    }
    assert result.unmatched == ()
    assert result.total_score >= greedy_match(COHORT, ORG).total_score

    cto = tandems["slack:UCTO"]
    assert cto.explanation.shared_topics == ("ai", "developer-experience")
    assert cto.explanation.departments_differ is True
    assert cto.explanation.shared_languages == ("de", "en")
    assert cto.explanation.overlap_hours == 8.0
    assert cto.explanation.level_gap == 5
    assert cto.reasons == (
        ReasonCode.SHARED_TOPICS, ReasonCode.DIFFERENT_DEPARTMENTS, ReasonCode.SHARED_LANGUAGES,
        ReasonCode.WORKING_HOURS_OVERLAP, ReasonCode.REVERSE_LEVELS,
    )
    cso = tandems["slack:UCSO"]
    assert cso.explanation.overlap_hours == 2.0  # Berlin and New York in January
    assert cso.explanation.shared_languages == ("en",)


def test_proposals_render_to_neutral_json() -> None:
    result = match_cohort(COHORT, ORG)
    rendered = [describe_proposal(p) for p in result.proposals]
    json.dumps(rendered)  # plain data only: the flows layer stores and translates it
    cso = next(r for p, r in zip(result.proposals, rendered, strict=True)
               if p.mentee == "slack:UCSO")
    assert cso == [
        {"code": "SHARED_TOPICS", "params": {"topics": ["ai", "new-tools"]}},
        {"code": "DIFFERENT_DEPARTMENTS", "params": {}},
        {"code": "SHARED_LANGUAGES", "params": {"languages": ["en"]}},
        {"code": "WORKING_HOURS_OVERLAP", "params": {"hours": 2.0}},
        {"code": "REVERSE_LEVELS", "params": {"level_gap": 5}},
    ]
