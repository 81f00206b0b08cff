"""`match` in the peer format: two people who teach each other, topics in both directions.

The cohort's candidates are what each can teach (`topics`), `cohort.wants` what each wants to
learn; `match_peers` pairs them (the reverse-direction rule does not apply, every other hard
rule does, both ways; rejected pairs are stored in key order and found in either order).
Each pair is one proposal [[a, "peer"], [b, "peer"]] whose explanation names both directions.
Whoever signed up as mentor or mentee before the program became peer-to-peer has nothing to
learn yet: they are left out, with the reason INCOMPLETE ("add what you want to learn").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from conversations.cohort import Cohort
from conversations.context import Context
from conversations.flows.match_wording import proposal_label, unmatched_for_coordinator
from conversations.flows.peer_wording import INCOMPLETE, explain_peers
from conversations.flows.wording import person_name, role_name
from conversations.i18n import Translator
from conversations.matching.peers import PeerPair, PeerResult, match_peers
from conversations.program import Program
from storage.models import MatchRun


def _ready(cohort: Cohort, key: str) -> bool:
    return bool(cohort.wants.get(key))


def compute_peers(cohort: Cohort) -> tuple[PeerResult, list[dict[str, Any]]]:
    """The pairs, and the unmatched as a match run stores them (role "peer", or the role of
    an earlier sign-up that is left out)."""
    # The left out stay in as unavailable: their managers still count for reporting chains.
    candidates = [c if _ready(cohort, c.key) else replace(c, available=False)
                  for c in cohort.candidates]
    result = match_peers(candidates, cohort.wants, cohort.org, cohort.rules)
    available = {c.key for c in cohort.candidates if c.available}
    unmatched = []
    for u in result.unmatched:
        person = cohort.people[u.key]
        reason = u.reason.value
        if not _ready(cohort, u.key) and u.key in available:
            reason = INCOMPLETE
        params = {} if reason == INCOMPLETE else {
            k: list(v) if isinstance(v, tuple) else v for k, v in u.params.items()}
        unmatched.append({"key": u.key, "role": person.role, "reason": reason,
                          "params": params})
    return result, unmatched


def explanation(pair: PeerPair) -> dict[str, Any]:
    """What the proposal card and the tandem keep: both directions, by the members' order."""
    both = sorted(set(pair.a_teaches_b) | set(pair.b_teaches_a))
    return {"a_teaches_b": list(pair.a_teaches_b), "b_teaches_a": list(pair.b_teaches_a),
            "shared_topics": both, "shared_languages": list(pair.languages)}


async def store_run(ctx: Context, cohort: Cohort) -> MatchRun:
    """Compute the peer pairs and store them as the program's new match run."""
    result, unmatched = compute_peers(cohort)
    run = await ctx.repos.matches.start_run(ctx.program_id, ctx.actor.key, ctx.now, unmatched)
    for pair in result.pairs:
        await ctx.repos.matches.add_pair(run, [(pair.a, "peer"), (pair.b, "peer")],
                                         pair.score, explanation(pair))
    return run


def dry_run_text(cohort: Cohort, program: Program, t: Translator) -> str:
    """The peer proposals as plain text for `tandem match --dry-run`."""

    def name(key: str) -> str:
        return person_name(cohort.people.get(key), key)

    result, unmatched = compute_peers(cohort)
    lines = [t("Proposed tandems ({n})", n=len(result.pairs))]
    for n, pair in enumerate(result.pairs, 1):
        names = [name(pair.a), name(pair.b)]
        lines.append(f"{proposal_label(n)}. " + t("{people} (peers)", people=" ↔ ".join(names))
                     + " · " + t("score {score}", score=t.number(pair.score, 2)))
        lines.append("   " + explain_peers(explanation(pair), program, t, names))
    if unmatched:
        lines.append(t("**Could not match ({n}):**", n=len(unmatched)))
        lines += [f"- {name(u['key'])} ({role_name(t, u['role'])}): "
                  + unmatched_for_coordinator(u["reason"], u["params"], program, t, u["role"])
                  for u in unmatched]
    return "\n".join(lines)
