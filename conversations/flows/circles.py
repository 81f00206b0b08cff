"""`match` in the group format: circles of mentors and mentees, each stored as one proposal.

The card, approval, rejection and the unmatched messages are the pairs' own
(`flows/matching.py`): a proposal holds all its members, mentors first, then mentees.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from conversations.cohort import Cohort
from conversations.context import Context
from conversations.flows.circle_wording import CIRCLE, circle_head, circle_line
from conversations.flows.match_wording import proposal_label, unmatched_for_coordinator
from conversations.flows.wording import person_name, role_name
from conversations.i18n import Translator
from conversations.matching import (
    Candidate,
    Circle,
    CircleSizes,
    Unmatched,
    UnmatchedCode,
    match_circles,
)
from conversations.program import Program
from storage.models import MatchRun

TOO_FEW = "TOO_FEW_FOR_CIRCLE"  # a run's reason beside the solver's UnmatchedCode values


def sizes(program: Program) -> CircleSizes:
    return CircleSizes(mentors=program.groups.mentors, mentees=program.groups.mentees)


async def propose(ctx: Context, cohort: Cohort) -> MatchRun:
    """A new match run with one proposal per circle; the left-out with their reasons."""
    result = match_circles(cohort.candidates, cohort.org, cohort.rules, sizes(ctx.program))
    run = await ctx.repos.matches.start_run(ctx.program_id, ctx.actor.key, ctx.now,
                                            stored_unmatched(result.unmatched,
                                                             ctx.program.groups.mentors[0]))
    people = {c.key: c for c in cohort.candidates}
    for circle in result.circles:
        members = ([(k, "mentor") for k in circle.mentors]
                   + [(k, "mentee") for k in circle.mentees])
        await ctx.repos.matches.add_pair(run, members, circle.score,
                                         explanation(circle, people))
    return run


def stored_unmatched(unmatched: Iterable[Unmatched], needed: int) -> list[dict[str, Any]]:
    """As a run stores them. A mentee whom fewer mentors fit than a circle needs is told
    that, not that those few were "paired with someone who fits better": they may not be."""
    stored = []
    for u in unmatched:
        params = {k: list(v) if isinstance(v, tuple) else v for k, v in u.params.items()}
        reason = u.reason.value
        if (u.role == "mentee" and u.reason is UnmatchedCode.CAPACITY_EXHAUSTED
                and int(u.params.get("candidates", 0)) < needed):
            reason, params = TOO_FEW, {**params, "needed": needed}
        stored.append({"key": u.key, "role": u.role, "reason": reason, "params": params})
    return stored


def explanation(circle: Circle, people: dict[str, Candidate]) -> dict[str, Any]:
    """What the card says about a circle: only what its members may see of each other
    (topics and languages they gave for matching; of departments only how many meet)."""
    mentors = [people[k] for k in circle.mentors]
    departments = [people[k].department for k in (*circle.mentors, *circle.mentees)]
    return {
        "kind": CIRCLE,
        "shared_topics": list(circle.shared_topics),
        "shared_languages": list(circle.languages),
        # Unknown departments are not counted as one of their own.
        "departments": len({d.strip().casefold() for d in departments if d and d.strip()}),
        # mentee → each wish → the circle's mentors who teach it (none: not covered)
        "wishes": {k: {topic: [m.key for m in mentors if topic in m.topics]
                       for topic in sorted(people[k].topics)} for k in circle.mentees},
    }


def dry_run_text(cohort: Cohort, program: Program, t: Translator) -> str:
    """The circles as plain text for `tandem match --dry-run` (the pairs' layout)."""
    result = match_circles(cohort.candidates, cohort.org, cohort.rules, sizes(program))
    people = {c.key: c for c in cohort.candidates}
    names = {k: person_name(cohort.people.get(k), k) for k in people}
    lines = [t("Proposed tandems ({n})", n=len(result.circles))]
    for n, circle in enumerate(result.circles, 1):
        lines.append(f"{proposal_label(n)}. " + circle_head(t, [names[k] for k in circle.mentors],
                                                           [names[k] for k in circle.mentees])
                     + " · " + t("score {score}", score=t.number(circle.score, 2)))
        lines += ["   " + line for line in circle_line(explanation(circle, people), program, t,
                                                       names).splitlines()]
    if result.unmatched:
        lines.append(t("**Could not match ({n}):**", n=len(result.unmatched)))
        for u in stored_unmatched(result.unmatched, program.groups.mentors[0]):
            lines.append(f"- {names.get(u['key'], u['key'])} ({role_name(t, u['role'])}): "
                         + unmatched_for_coordinator(u["reason"], u["params"], program, t,
                                                     u["role"]))
    return "\n".join(lines)

