"""A match run: open → closed (all decided) or superseded (a rejection, a newer run).

Its proposed pairs: proposed → approved | rejected, each decided once.
"""

from __future__ import annotations

from enum import StrEnum

from conversations.aggregates import IllegalTransition
from storage.models import MatchRun, ProposedPair
from storage.repositories import MatchRepository


class RunState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    SUPERSEDED = "superseded"


class PairState(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


def close(run: MatchRun) -> None:
    if run.status != RunState.OPEN:
        raise IllegalTransition("match run", run.status, "close")
    run.status = RunState.CLOSED


def supersede(run: MatchRun) -> None:
    if run.status != RunState.OPEN:
        raise IllegalTransition("match run", run.status, "be superseded")
    run.status = RunState.SUPERSEDED


async def approve(matches: MatchRepository, pair: ProposedPair) -> None:
    await _decide(matches, pair, PairState.APPROVED)


async def reject(matches: MatchRepository, pair: ProposedPair) -> None:
    await _decide(matches, pair, PairState.REJECTED)


async def _decide(matches: MatchRepository, pair: ProposedPair, to: PairState) -> None:
    if pair.status != PairState.PROPOSED:
        raise IllegalTransition("proposed pair", pair.status, f"become {to}")
    await matches.set_status(pair, to)  # versioned: fails if someone decided it first
