"""Where a message goes: one person, several people together, or a channel.

Every platform's sender takes all three (`conversations.outbox.Sender`); a platform without
group conversations says so (`groups = False`) and the outbox sends to each person alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Person:
    key: str  # the Tandem key, `platform:user_id`


@dataclass(frozen=True)
class Group:
    """Several people in one conversation (a Slack group DM)."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class Channel:
    """A platform's shared channel, by the platform's own id. `reference`: how the bot
    reaches it, where the platform needs more than the id (a Teams channel's stored
    conversation reference): opaque, read only by that platform's sender."""

    platform: str
    id: str
    reference: dict[str, Any] | None = field(default=None, compare=False, hash=False,
                                             repr=False)


# A channel's key in the outbox and in `addresses`, beside people's `platform:user_id`: the
# channel id after a `#` (`slack:#C0123456789`, `teams:#19:abc@thread.tacv2`, `console:#wins`).
# No platform's user id starts with `#`.
CHANNEL_MARK = "#"


def channel_key(platform: str, channel_id: str) -> str:
    return f"{platform}:{CHANNEL_MARK}{channel_id}"


def channel_of(key: str, reference: dict[str, Any] | None = None) -> Channel | None:
    """The channel a key names (with its stored reference), or None for a person's key."""
    platform, _, rest = key.partition(":")
    if not rest.startswith(CHANNEL_MARK) or len(rest) == 1:
        return None
    return Channel(platform, rest[1:], reference)


Destination = Person | Group | Channel
