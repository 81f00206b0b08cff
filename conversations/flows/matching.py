"""`match`: propose tandems for everyone waiting; coordinators approve or reject them in chat.

A proposal set is a stored match run. Approving creates tandems and starts the kick-off;
rejecting a pair remembers it and proposes again without it. When a run is settled, everyone
left unmatched gets a kind private message — never silence.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from conversations.aggregates import match_run as match_runs
from conversations.aggregates import tandem as tandem_states
from conversations.aggregates.enrollment import EnrollmentState
from conversations.aggregates.match_run import PairState, RunState
from conversations.cohort import Cohort, load_cohort, pool_digest
from conversations.commands import Command, Flow, HelpLine, parse_id
from conversations.context import Context
from conversations.flows import circles, kickoff, peer_matching
from conversations.flows.circle_wording import CIRCLE, circle_head, circle_line
from conversations.flows.match_wording import (
    explain_line,
    proposal_label,
    unmatched_for_coordinator,
    unmatched_for_person,
)
from conversations.flows.wording import person_name, role_name, translator_of
from conversations.i18n import Translator
from conversations.matching import MatchResult, match_cohort
from conversations.replies import Button, Card, Reply, Text, as_update, message_to_dict
from conversations.working_time import notice_time
from storage.models import MatchRun, ProposedPair, Tandem

MAX_BUTTON_ROWS = 15  # chat cards get unwieldy (Slack allows 50 blocks); the rest: approve all


def refuse(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("Sorry, only the program's coordinators can do that. Nothing was "
                       "changed. Type `help` to see what you can do."))]


def compute(cohort: Cohort) -> MatchResult:
    return match_cohort(cohort.candidates, cohort.org, cohort.rules)


async def propose(ctx: Context) -> list[Reply]:
    cohort = await load_cohort(ctx.repos, ctx.program, ctx.program_id, ctx.now)
    if ctx.program.format == "peer":
        run = await peer_matching.store_run(ctx, cohort)
        return [await proposals_card(ctx, run, cohort, pool_digest(cohort))]
    if ctx.program.format == "group":
        run = await circles.propose(ctx, cohort)
        return [await proposals_card(ctx, run, cohort, pool_digest(cohort))]
    result = compute(cohort)
    unmatched = [{"key": u.key, "role": u.role, "reason": u.reason.value,
                  "params": {k: list(v) if isinstance(v, tuple) else v
                             for k, v in u.params.items()}} for u in result.unmatched]
    run = await ctx.repos.matches.start_run(ctx.program_id, ctx.actor.key, ctx.now, unmatched)
    for p in result.proposals:
        await ctx.repos.matches.add_pair(run, [(p.mentor, "mentor"), (p.mentee, "mentee")],
                                         p.score, asdict(p.explanation))
    return [await proposals_card(ctx, run, cohort, pool_digest(cohort))]


def proposal_head(t: Translator, pair: ProposedPair, names: dict[str, str]) -> str:
    """"Ada (mentor) ↔ Erika (mentee)"; a circle lists each side; peers "A ↔ B (peers)"."""
    def named(role: str) -> list[str]:
        return [names.get(k, k) for k in pair.keys(role)]

    mentors, mentees = named("mentor"), named("mentee")
    if not mentors and not mentees:
        return t("{people} (peers)", people=" ↔ ".join(named("peer")))
    if len(mentors) == len(mentees) == 1:
        return t("{mentor} (mentor) ↔ {mentee} (mentee)", mentor=mentors[0], mentee=mentees[0])
    return circle_head(t, mentors, mentees)


def proposal_pairs(pair: ProposedPair) -> list[tuple[str, str]]:
    """What rejecting a proposal records: each mentor with each mentee; peers in key order."""
    peers = sorted(pair.keys("peer"))
    return ([(a, b) for a in pair.keys("mentor") for b in pair.keys("mentee")]
            + [(a, b) for i, a in enumerate(peers) for b in peers[i + 1:]])


def _value(number: int, digest: str) -> str:
    """A button's value: the row's id and the pool it was proposed from."""
    return f"{number}.{digest}"


def _parse_value(value: str) -> tuple[int | None, str | None]:
    number, _, digest = value.strip().partition(".")
    valid = len(digest) == 16 and all(c in "0123456789abcdef" for c in digest)
    return parse_id(number), digest if valid else None


def _name(cohort: Cohort, key: str) -> str:
    person = cohort.people.get(key)
    return person_name(person, key)


async def proposals_card(ctx: Context, run: MatchRun, cohort: Cohort, digest: str) -> Card:
    t = ctx.t
    names = {**{k: _name(cohort, k) for k in cohort.people}}
    pairs = [p for p in await ctx.repos.matches.pairs(run.id) if p.status == PairState.PROPOSED]
    missing = {k for p in pairs for k in p.keys()}
    missing |= {u["key"] for u in run.unmatched}
    missing -= names.keys()
    for key, person in (await ctx.repos.people.by_keys(sorted(missing))).items():
        names[key] = person_name(person, key)
    sections: list[str] = []
    buttons: list[Button] = []
    if not pairs:
        sections.append(t("No tandem can be proposed right now."))
    for n, pair in enumerate(pairs, 1):
        letter = proposal_label(n)
        sections.append(
            f"**{letter}. " + proposal_head(t, pair, names)
            + "** · " + t("score {score}", score=t.number(pair.score, 2)) + "\n"
            + (circle_line(pair.explanation, ctx.program, t, names)
               if pair.explanation.get("kind") == CIRCLE
               else explain_line(pair.explanation, ctx.program, t,
                                 [names.get(k, k) for k in pair.keys()])))
        if n <= MAX_BUTTON_ROWS:
            value = _value(pair.id, digest)
            buttons += [Button("match.approve", t("Approve {letter}", letter=letter), value,
                               "primary"),
                        Button("match.reject", t("Reject {letter}", letter=letter), value,
                               "danger")]
    if len(pairs) > MAX_BUTTON_ROWS:
        sections.append(t("Buttons are shown for the first {n} proposals; use Approve all, or "
                          "`tandem match --dry-run` on the server for the full list.",
                          n=MAX_BUTTON_ROWS))
    shown = [u for u in run.unmatched if u["reason"] != "NOT_AVAILABLE"]
    paused = [u for u in run.unmatched if u["reason"] == "NOT_AVAILABLE"]
    if shown or paused:
        lines = [f"- {names.get(u['key'], u['key'])} ({role_name(t, u['role'])}): "
                 + unmatched_for_coordinator(u["reason"], u["params"], ctx.program, t,
                                             u["role"])
                 for u in shown + paused]
        sections.append(t("**Could not match ({n}):**", n=len(shown + paused)) + "\n"
                        + "\n".join(lines))
    if shown and pairs:
        sections.append(t("When you approve, each of them gets a kind private message that no "
                          "fitting partner was found this time and that they stay on the "
                          "waiting list."))
    elif shown:  # nothing to approve, so nobody is told: say so, promise nothing
        sections.append(t("They stay on the waiting list and are not told anything yet. Type "
                          "`match` again once more people have signed up."))
    if pairs:  # last, so the console's "1" is never "approve all"
        buttons.append(Button("match.approve_all", t("Approve all"), _value(run.id, digest),
                              "primary"))
    return Card(t("Proposed tandems ({n})", n=len(pairs)), tuple(sections), tuple(buttons))


async def _settle_if_done(ctx: Context, run: MatchRun) -> list[str]:
    """Close a run with nothing left to decide and tell the unmatched, once."""
    pairs = await ctx.repos.matches.pairs(run.id)
    if any(p.status == PairState.PROPOSED for p in pairs) or run.status != RunState.OPEN:
        return []
    match_runs.close(run)
    rejected = {k for p in pairs if p.status == PairState.REJECTED for k in p.keys()}
    approved = {k for p in pairs if p.status == PairState.APPROVED for k in p.keys()}
    told: list[str] = []
    people = await ctx.repos.people.by_keys(
        sorted({u["key"] for u in run.unmatched} | (rejected - approved)))
    entries = [(u["key"], u["reason"], u["params"]) for u in run.unmatched
               if u["reason"] != "NOT_AVAILABLE"]
    entries += [(k, "REJECTED", {}) for k in sorted(rejected - approved)]
    for key, reason, params in entries:
        person = people.get(key)
        enrollment = (await ctx.repos.enrollments.for_person(ctx.program_id, person.id)
                      if person else None)
        if person is None or enrollment is None or enrollment.status != EnrollmentState.ACTIVE:
            continue  # paused or left meanwhile: no "no partner" message for them
        t = translator_of(person, ctx.program)
        body = Text((t("Thank you for signing up for **{program}**. This round we could not "
                       "find a fitting circle for you.", program=ctx.program.name)
                     if _circles(ctx) else
                     t("Thank you for signing up for **{program}**. This round we could not "
                       "find a fitting tandem partner for you.", program=ctx.program.name))
                    + " " + unmatched_for_person(reason, params, ctx.program, t) + "\n\n"
                    + t("You stay on the waiting list and will be considered in the next "
                        "round. Type `status` any time."))
        # Once per sign-up as it stands: a later run (or a stale card) tells nobody twice;
        # a changed sign-up (edited, paused and resumed) starts a new round.
        round_key = f"unmatched:e{enrollment.id}v{enrollment.version}:{key}"
        if await ctx.repos.outbox.enqueue(round_key, key, message_to_dict(body), ctx.now,
                                          not_before=notice_time(ctx.now, person,
                                                                 ctx.program)):
            told.append(key)
    return told


async def _approve(ctx: Context, pair: ProposedPair) -> Tandem | None:
    """Create the tandem if all its people are still free and active; None when that changed.

    The caller has taken the run's decision (`matches.decide`); the proposal moves from
    proposed to approved with its version, the enrollments it relies on are versioned too,
    and `uq_tandem_live` is the last line of defence against a second live tandem.
    """
    people = await ctx.repos.people.by_keys(pair.keys())
    if len(people) != len(pair.members):
        return None
    enrollments = []
    capacity = ctx.program.matching.mentor_capacity
    for key, role in pair.members:
        person = people[key]
        e = await ctx.repos.enrollments.for_person(ctx.program_id, person.id)
        if e is None or e.status != EnrollmentState.ACTIVE:
            return None
        enrollments.append(e)
        current = await ctx.repos.tandems.current_for(ctx.program_id, person.id)
        # A mentor of 1:1 tandems may take several mentees (up to the capacity); anyone
        # else is in one tandem at a time.
        limit = capacity if role == "mentor" and len(pair.members) == 2 else 1
        if len(current) >= limit:
            return None
    await match_runs.approve(ctx.repos.matches, pair)
    await ctx.repos.enrollments.rely_on(*enrollments)
    tandem = await ctx.repos.tandems.add(tandem_states.new(
        program_id=ctx.program_id, format=ctx.program.format,
        members=[(people[key].id, role) for key, role in pair.members],
        now=ctx.now, approved_by=ctx.actor.key,
        shared_topics=list(pair.explanation.get("shared_topics", [])),
        cadence_days=ctx.program.cadence_days, session_minutes=ctx.program.session_minutes,
    ))
    await kickoff.introduce(ctx, tandem)
    return tandem


async def _run_to_decide(ctx: Context, run_id: int, digest: str) -> MatchRun | None:
    """The run, if it is the program's open run and the pool is still the one it was
    proposed from (its own approvals aside): then this event takes the run's decision (CAS).
    Anything else is out of date: a newer run, or people who joined, paused, left or were
    dissolved since."""
    run = await ctx.repos.matches.run(run_id)
    if run is None or run.program_id != ctx.program_id or run.status != RunState.OPEN:
        return None
    current = await ctx.repos.matches.open_run(ctx.program_id)
    if current is None or current.id != run.id:
        return None
    approved = [p.keys() for p in await ctx.repos.matches.pairs(run.id)
                if p.status == PairState.APPROVED]
    cohort = await load_cohort(ctx.repos, ctx.program, ctx.program_id, ctx.now, approved)
    if pool_digest(cohort) != digest:
        return None
    await ctx.repos.matches.decide(run)
    return run


def _stale(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("These proposals are out of date. Type `match` for fresh ones."))]


async def _tandem_of_pair(ctx: Context, pair: ProposedPair) -> Tandem | None:
    people = await ctx.repos.people.by_keys(pair.keys())
    if len(people) != len(pair.members):
        return None
    return await ctx.repos.tandems.live_between(ctx.program_id, [p.id for p in people.values()])


async def _already_decided(ctx: Context, pair: ProposedPair) -> list[Reply]:
    """What became of a proposal someone (perhaps this very coordinator) decided already."""
    tandem = await _tandem_of_pair(ctx, pair) if pair.status == PairState.APPROVED else None
    if tandem is not None:
        return [Text(ctx.t("This circle was already approved: it is tandem #{id}. Type "
                           "`tandems` to see all current tandems.", id=tandem.id)
                     if _circles(ctx) else
                     ctx.t("This pair was already approved: it is tandem #{id}. Type `tandems` "
                           "to see all current tandems.", id=tandem.id))]
    return _stale(ctx)


async def _run_already_decided(ctx: Context, run_id: int) -> list[Reply]:
    run = await ctx.repos.matches.run(run_id)
    if run is None or run.program_id != ctx.program_id or run.status != RunState.CLOSED:
        return _stale(ctx)
    tandems = [x for p in await ctx.repos.matches.pairs(run.id) if p.status == PairState.APPROVED
               if (x := await _tandem_of_pair(ctx, p)) is not None]
    return [Text(ctx.t("These proposals were already decided; approved: {ids}. Type `tandems` "
                       "to see all current tandems.",
                       ids=", ".join(f"#{x.id}" for x in tandems) or "—"))]


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    if not ctx.program.is_coordinator(ctx.actor.key):
        return refuse(ctx)
    t = ctx.t
    number, digest = _parse_value(value)
    if number is None or digest is None:
        return _stale(ctx)
    if action == "match.approve_all":
        run = await _run_to_decide(ctx, number, digest)
        if run is None:
            return await _run_already_decided(ctx, number)
        created, skipped = [], 0
        for pair in await ctx.repos.matches.pairs(run.id):
            if pair.status != PairState.PROPOSED:
                continue
            tandem = await _approve(ctx, pair)
            if tandem is None:
                # no longer possible; not a coordinator's rejection
                await match_runs.reject(ctx.repos.matches, pair)
                skipped += 1
            else:
                created.append(tandem.id)
        told = await _settle_if_done(ctx, run)
        # Every proposal on the card is decided: the card becomes what was done.
        return as_update([Text(_approved_text(t, created, skipped, len(told), _circles(ctx)))])
    found = await ctx.repos.matches.pair(number)
    if found is None:
        return _stale(ctx)
    if found.status != PairState.PROPOSED:
        return await _already_decided(ctx, found)
    run = await _run_to_decide(ctx, found.run_id, digest)
    if run is None:
        return _stale(ctx)
    pair = found
    if action == "match.approve":
        tandem = await _approve(ctx, pair)
        if tandem is None:
            await match_runs.reject(ctx.repos.matches, pair)
            told = await _settle_if_done(ctx, run)
            return [Text(t("That circle is no longer possible (someone paused, left or was "
                           "matched meanwhile). Type `match` for fresh proposals.")
                         if _circles(ctx) else
                         t("That pair is no longer possible (someone paused, left or was "
                           "matched meanwhile). Type `match` for fresh proposals."))]
        told = await _settle_if_done(ctx, run)
        return [Text(_approved_text(t, [tandem.id], 0, len(told), _circles(ctx)))]
    if action == "match.reject":
        await match_runs.reject(ctx.repos.matches, pair)
        # A circle is rejected as each of its mentor–mentee pairs: the solver is
        # deterministic, so anything less would propose the same circle again, and the
        # coordinator's reason (one person or the mix) is not known. The cost is that these
        # people are never proposed together again, in this circle or another; each may
        # still meet anyone else.
        for mentor, mentee in proposal_pairs(pair):
            await ctx.repos.matches.reject(ctx.program_id, mentor, mentee, ctx.actor.key,
                                           ctx.now)
        match_runs.supersede(run)
        await ctx.repos.session.flush()
        replies: list[Reply] = [Text(
            t("Rejected. Its mentors and mentees will not be proposed together again. Here "
              "are new proposals without it:") if _circles(ctx) else
            t("Rejected. This pair will not be proposed again. Here are new proposals "
              "without it:"))]
        return replies + await propose(ctx)
    return _stale(ctx)


def _circles(ctx: Context) -> bool:
    return ctx.program.format == "group"


def _approved_text(t: Translator, created: list[int], skipped: int, told: int,
                   circles: bool = False) -> str:
    ids = ", ".join(f"#{i}" for i in created) or "—"
    text = (t("Approved {n} circle(s): {ids}. Everyone in each circle was introduced and "
              "the kick-off has started.", n=len(created), ids=ids) if circles else
            t("Approved {n} tandem(s): {ids}. Both partners of each were introduced and the "
              "kick-off has started.", n=len(created), ids=ids))
    if skipped:
        text += " " + t("{n} proposal(s) were no longer possible and were skipped.", n=skipped)
    if told:
        text += " " + t("{n} person(s) without a partner were told privately that they stay "
                        "on the waiting list.", n=told)
    return text


def dry_run_text(result: MatchResult, cohort: Cohort, program: Any, t: Translator) -> str:
    """The same proposals as plain text for `tandem match --dry-run`."""
    lines = [t("Proposed tandems ({n})", n=len(result.proposals))]
    for n, p in enumerate(result.proposals, 1):
        lines.append(f"{proposal_label(n)}. " + t("{mentor} (mentor) ↔ {mentee} (mentee)",
                                  mentor=_name(cohort, p.mentor), mentee=_name(cohort, p.mentee))
                     + " · " + t("score {score}", score=t.number(p.score, 2)))
        lines.append("   " + explain_line(asdict(p.explanation), program, t))
    if result.unmatched:
        lines.append(t("**Could not match ({n}):**", n=len(result.unmatched)))
        for u in result.unmatched:
            params = {k: list(v) if isinstance(v, tuple) else v for k, v in u.params.items()}
            lines.append(f"- {_name(cohort, u.key)} ({role_name(t, u.role)}): "
                         + unmatched_for_coordinator(u.reason.value, params, program, t, u.role))
    return "\n".join(lines)


ANSWERS = Flow(
    commands=(Command("match", ("match", "matching"), ("vermitteln",),
                      lambda ctx, args, prefix: propose(ctx),
                      (HelpLine("match", lambda t: t("propose tandems for everyone waiting"), 10,
                                coordinator=True),), coordinator_only=True),),
    buttons=(("match.", on_button),),
)
