"""Where a message goes: one person, several people together, or a channel.

Every platform's sender takes all three (`conversations.outbox.Sender`); a platform without
group conversations says so (`groups = False`) and the outbox sends to each person alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    key: str  # the Tandem key, `platform:user_id`


@dataclass(frozen=True)
class Group:
    """Several people in one conversation (a Slack group DM)."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class Channel:
    """A platform's shared channel, by the platform's own id."""

    platform: str
    id: str


Destination = Person | Group | Channel
