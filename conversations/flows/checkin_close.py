"""Withdrawing a tandem's open check-ins once a session is logged.

A stub on the sessions branch: the check-ins helper provides the real function (it closes
the tandem's open check-ins of the period and drops their unsent outbox messages); the lead
keeps that version on merge. The sessions flow calls it after every logged session.
"""

from __future__ import annotations

from datetime import datetime

from storage.models import Tandem
from storage.repositories import Repositories


async def close_period(repos: Repositories, tandem: Tandem, now: datetime) -> None:
    """Close the tandem's open check-ins: nothing to close until check-ins exist."""
    return None
