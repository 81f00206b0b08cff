"""Neutral inbound events: what a person did, in words that fit Slack, Teams and the console.

Events carry ids, never live platform objects (no clients or raw payloads). An event may
carry the person's `Address`: where the platform can reach them later, as plain JSON the core
stores inside the event's unit of work (so a duplicate or rolled-back event stores nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Platform = Literal["slack", "teams", "console"]


@dataclass(frozen=True)
class Actor:
    """The person behind an event, as the platform describes them."""

    platform: Platform
    user_id: str  # the platform's own user id (Slack U…, Teams AAD object id, console name)
    display_name: str | None = None
    locale: str | None = None  # e.g. "de-DE", from the platform where it has one
    timezone: str | None = None  # IANA name, from the platform profile where it has one
    workspace_id: str | None = None  # Slack team id / Teams tenant id

    @property
    def key(self) -> str:
        """The person's identity in Tandem: `platform:user_id`, never an e-mail address."""
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True)
class Address:
    """Where the actor can be messaged later (a Teams conversation reference): opaque JSON,
    kept for the actor's own platform and read back only by that platform's sender."""

    reference: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class ChannelAddress:
    """A shared channel the bot can post to, as the event showed it (a Teams channel the
    app was added to, or was @mentioned in): kept under the channel's key
    (`conversations.destinations.channel_key`), read back only by that platform's sender."""

    platform: Platform
    channel_id: str
    reference: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class Event:
    actor: Actor
    # Platform delivery id (Slack event_id, Teams activity id) so retries have one effect.
    event_id: str | None = field(default=None, kw_only=True)
    address: Address | None = field(default=None, kw_only=True)
    channel: ChannelAddress | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class MessageReceived(Event):
    """A direct message typed to the bot."""

    text: str


@dataclass(frozen=True)
class CommandInvoked(Event):
    """A slash command (`/tandem …`) or the same words typed to the bot; `text` is what follows."""

    text: str


@dataclass(frozen=True)
class ButtonClicked(Event):
    action_id: str
    value: str = ""
    # The message that carried the button, as its platform names it (Slack channel, ts and
    # response_url; Teams conversation, service url and card activity id; the console's card
    # number): opaque JSON the core hands back with an `Update` and never reads. None: unknown.
    source: dict[str, Any] | None = field(default=None, kw_only=True, hash=False)


@dataclass(frozen=True)
class FormSubmitted(Event):
    """A completed form. Values are strings or lists of strings, keyed by field id."""

    form_id: str
    values: dict[str, str | list[str]]


@dataclass(frozen=True)
class MemberJoined(Event):
    """Someone joined a conversation the bot is in. Never enrols anyone."""


@dataclass(frozen=True)
class AppInstalled(Event):
    """The bot was added for this person (Teams personal install, Slack app home)."""


@dataclass(frozen=True)
class HomeOpened(Event):
    """The person looks at their own page (Slack's Home tab), or it is due to be redrawn
    because their state may have changed: the answer is one `Home`, and nothing changes."""


@dataclass(frozen=True)
class ChannelSeen(Event):
    """The bot learned of a channel it may post to (one was created in a team it is in):
    nothing to answer, only its `channel` to keep."""


@dataclass(frozen=True)
class TimerFired(Event):
    """The scheduler decided something is due for this person."""

    timer: str
    payload: dict[str, str] = field(default_factory=dict)
