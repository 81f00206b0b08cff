"""Small builders so each test states only what matters to it."""

from __future__ import annotations

from typing import Any

from conversations.matching import Candidate, MatchResult


def mentee(key: str, **fields: Any) -> Candidate:
    """A senior mentee who wants "ai", speaks English, level 5, no org data."""
    defaults: dict[str, Any] = {"topics": {"ai"}, "languages": {"en"}, "level": 5}
    return Candidate(key=key, role="mentee", **{**defaults, **fields})


def mentor(key: str, **fields: Any) -> Candidate:
    """A junior mentor who teaches "ai", speaks English, level 0, no org data."""
    defaults: dict[str, Any] = {"topics": {"ai"}, "languages": {"en"}, "level": 0}
    return Candidate(key=key, role="mentor", **{**defaults, **fields})


def pairs(result: MatchResult) -> set[tuple[str, str]]:
    """(mentor, mentee) of every proposal."""
    return {(p.mentor, p.mentee) for p in result.proposals}


def reasons(result: MatchResult) -> dict[str, tuple[str, dict[str, Any]]]:
    return {u.key: (u.reason.value, dict(u.params)) for u in result.unmatched}
