"""What a flow gets for one event: repositories, the program, the clock and the person's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from conversations.clock import Clock
from conversations.events import Actor
from conversations.i18n import Translator
from conversations.program import Program
from storage.repositories import Repositories


@dataclass
class Context:
    repos: Repositories
    program: Program
    program_id: int
    clock: Clock
    actor: Actor
    t: Translator

    @property
    def now(self) -> datetime:
        return self.clock.now()

    def today(self, timezone: str | None = None) -> date:
        """Today's date where the person is (their zone, else the program's)."""
        zone = timezone or self.actor.timezone or self.program.timezone
        try:
            return self.now.astimezone(ZoneInfo(zone)).date()
        except (KeyError, ValueError, OSError):  # unknown, malformed, or a directory
            return self.now.astimezone(ZoneInfo(self.program.timezone)).date()
