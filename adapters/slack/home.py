"""People's Home tabs: published with views.publish, and published again when they may change.

`app_home_opened` (tab "home") goes through the inbox and the core like any event; its answer,
a neutral `Home`, is published as it is (`publish(..., force=True)`). Everything else a person
does may change their page, and so may a message the outbox delivers to them (a partner's
match, a reminder, a break that ended): then `refresh` asks the core for their page again and
publishes it only when it differs from the last one this process published for them (a hash in
memory). Only pages this process drew are refreshed: opening the tab always draws it fresh, so
the pages of people who never look at it (most of a large program) cost nothing. A refresh
waits a second first, so a person's burst of events is drawn once (one more time if more came
while it was drawn); refreshes wait in one queue, in the order asked, paced below
views.publish's limit (tier 4, about 100 a minute), run after the replies went out, and never
raise: a failed publish is a log line, never a lost or delayed reply.

views.publish needs no OAuth scope for the app's own Home tab; the manifest enables the tab
(`home_tab_enabled`) and subscribes to `app_home_opened`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import error_fields

log = logging.getLogger("tandem.slack")
Payload = dict[str, Any]
Build = Callable[[str], Awaitable[Payload | None]]  # user id → their home view, or None

RATE = 1.5  # refreshes per second: 90 a minute, below tier 4's ~100
# A refresh waits this long before it builds the page: a person's burst of events (a form,
# its follow-up, a click) is drawn once, and the page is built after their replies went out.
DELAY = 1.0
BURST = 20
REMEMBERED = 10_000  # last published hashes kept (least recently published forgotten first)


def digest(view: Payload) -> str:
    return hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()


class HomeTab:
    def __init__(self, client: AsyncWebClient, build: Build | None = None, *,
                 rate: float = RATE, burst: int = BURST, delay: float = DELAY,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self.build = build
        self.rate, self.burst, self.delay = rate, burst, delay
        self._tokens = float(burst)
        self._stamp = monotonic()
        self._now = monotonic
        self._last: OrderedDict[str, str] = OrderedDict()
        self._queue: OrderedDict[str, float] = OrderedDict()  # user → when first asked
        self._worker: asyncio.Task[None] | None = None
        self.published = 0

    async def publish(self, user_id: str, view: Payload, *, force: bool = False) -> bool:
        """views.publish unless this very view is already theirs; True when published."""
        seen = digest(view)
        if not force and self._last.get(user_id) == seen:
            return False
        try:
            await self.client.views_publish(user_id=user_id, view=view)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            self._last[user_id] = ""  # unknown now: the next refresh publishes
            log.warning("slack home not published", extra={"platform": "slack",
                                                           **error_fields(exc)})
            return False
        self._last[user_id] = seen
        self._last.move_to_end(user_id)
        while len(self._last) > REMEMBERED:
            self._last.popitem(last=False)
        self.published += 1
        return True

    def refresh(self, user_id: str) -> None:
        """Publish the person's page again soon, if it changed (coalesced, paced)."""
        if self.build is None or not user_id or user_id not in self._last:
            return  # never shown by this process: opening the tab draws it fresh anyway
        # Asked again while their page is being built: it is queued anew, built once more.
        self._queue.setdefault(user_id, self._now())
        if self._worker is None or self._worker.done():
            # One worker for everyone, in the order asked: a tick that reached thousands of
            # people waits in one queue, not in thousands of tasks polling for a token.
            self._worker = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        assert self.build is not None
        while self._queue:
            user_id, asked = next(iter(self._queue.items()))
            wait = asked + self.delay - self._now()
            if wait > 0:
                await asyncio.sleep(wait)
            self._queue.pop(user_id, None)
            try:
                await self._token()
                view = await self.build(user_id)
                if view is not None:
                    await self.publish(user_id, view)
            except Exception as exc:  # never into the reply path
                log.warning("slack home refresh failed", extra={"platform": "slack",
                                                                **error_fields(exc)})

    async def _token(self) -> None:
        while True:
            now = self._now()
            self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens >= 1:
                self._tokens -= 1
                return
            await asyncio.sleep((1 - self._tokens) / self.rate)

    async def wait_idle(self) -> None:
        while self._worker is not None and not self._worker.done():
            await asyncio.gather(self._worker, return_exceptions=True)

    async def close(self) -> None:
        self._queue.clear()
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
