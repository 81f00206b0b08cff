"""A person's Slack profile (name, locale, time zone) from `users.info`, cached in memory.

Locale and zone change rarely and `users.info` is rate limited, so each answer is kept for a
while in a small LRU. The time source is injected (the adapter passes `time.monotonic`).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from adapters.slack.errors import error_fields

log = logging.getLogger("tandem.slack")


@dataclass(frozen=True)
class Profile:
    display_name: str | None = None
    locale: str | None = None  # e.g. "de-DE"
    timezone: str | None = None  # IANA name


NO_PROFILE = Profile()
Fetch = Callable[[str], Awaitable[Profile]]


def profile_from_user(user: dict[str, Any]) -> Profile:
    """The `user` object of a `users.info` answer → Profile (missing parts stay None)."""
    raw = user.get("profile")
    profile: dict[str, Any] = raw if isinstance(raw, dict) else {}
    name = (profile.get("display_name") or profile.get("real_name") or user.get("real_name")
            or user.get("name"))
    return Profile(
        display_name=name if isinstance(name, str) and name else None,
        locale=user.get("locale") if isinstance(user.get("locale"), str) else None,
        timezone=user.get("tz") if isinstance(user.get("tz"), str) else None,
    )


class ProfileCache:
    def __init__(self, fetch: Fetch, *, now: Callable[[], float], ttl: float = 3600.0,
                 failure_ttl: float = 60.0, max_size: int = 2000) -> None:
        self._fetch = fetch
        self._now = now
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._max_size = max_size
        self._entries: OrderedDict[str, tuple[float, Profile]] = OrderedDict()  # expiry, value

    def peek(self, user_id: str) -> Profile | None:
        """The cached profile if fresh, without any call (cheap enough for the ack path)."""
        entry = self._entries.get(user_id)
        if entry is None or self._now() >= entry[0]:
            return None
        self._entries.move_to_end(user_id)
        return entry[1]

    async def get(self, user_id: str, max_wait: float) -> Profile:
        """The profile, fetched when missing or stale. A failure gives an empty profile (the
        core falls back to the stored or program language), remembered for a minute so a
        rate-limited or refused users.info is not asked again for every message."""
        cached = self.peek(user_id)
        if cached is not None:
            return cached
        try:
            profile = await asyncio.wait_for(self._fetch(user_id), max_wait)
            ttl = self._ttl
        except Exception as exc:  # a missing locale must never fail the person's request
            log.warning("slack profile unavailable",
                        extra={"platform": "slack", **error_fields(exc)})
            profile, ttl = NO_PROFILE, self._failure_ttl
        self._entries[user_id] = (self._now() + ttl, profile)
        self._entries.move_to_end(user_id)
        while len(self._entries) > self._max_size:
            self._entries.popitem(last=False)
        return profile
