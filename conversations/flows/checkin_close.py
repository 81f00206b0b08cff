"""Withdrawing a tandem's pending check-ins once a session is logged (the sessions flow
calls `close_period`)."""

from __future__ import annotations

from datetime import datetime

from storage.models import Tandem
from storage.repositories import Repositories

# The dedupe-key kinds of what waits for a session: check-ins, their snoozed reminders,
# planned-day reminders, coordinators' nudges and the quiet-tandem message.
WITHDRAWN = ("checkin", "snoozed", "reminder", "nudge", "quiet")


async def close_period(repos: Repositories, tandem: Tandem, now: datetime) -> None:
    """Close the tandem's open check-ins and delete their still-unsent messages (two
    statements); what was already delivered stays delivered."""
    await repos.checkins.close_open(tandem.id, now)
    await repos.checkins.withdraw_unsent([f"{kind}:{tandem.id}:" for kind in WITHDRAWN])


async def withdraw_for(repos: Repositories, program_id: int, person_id: int) -> None:
    """A member goes on a break: what still waits for their tandems is deleted, theirs and
    the others' (check-ins, reminders, nudges, the coordinators' quiet-tandem message): a
    tandem on a break is not asked, and its due day moves by the break when it ends."""
    tandems = await repos.tandems.current_for(program_id, person_id)
    await repos.checkins.withdraw_unsent([f"{kind}:{tandem.id}:" for tandem in tandems
                                          for kind in (*WITHDRAWN, "target")])
