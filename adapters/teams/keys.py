"""The Bot Framework's signing keys, fetched without blocking the event loop.

botframework-connector 4.17 fetches the OpenID metadata and the JWKS with `requests.get` and no
timeout, inside a coroutine: while Microsoft's key endpoint (or a forged token's first request)
hangs, every request on the loop waits — `/healthz` took 19.5 s in a probe. The SDK keeps one key
source per metadata URL in `JwtTokenExtractor.metadataCache`, looked up by every validator
(channel, emulator, skill, government, enterprise); `install()` replaces that cache, in this one
place, with one whose key sources fetch with aiohttp, a timeout, one fetch at a time per URL
(concurrent tokens wait for the same fetch, so a flood starts no threads and no fetch storm), and
a pause after a failure (refused quickly with 503 until it ends). Keys fetched before stay in use
while a later refresh runs, and when it fails.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor, _OpenIdMetadata

log = logging.getLogger("tandem.teams")
MAX_DOCUMENT = 1024 * 1024  # Microsoft's documents are a few KB


class KeysUnavailable(OSError):
    """The key endpoints did not answer in time, or answered nonsense: 503, not a 401."""


class AsyncOpenIdMetadata(_OpenIdMetadata):
    """The SDK's key source with an async refresh. Same policy as the SDK's `get` (refresh
    daily, and at most hourly for a key id it does not know), except that keys it has keep
    working while a daily refresh runs, and an unknown key id is a 401, not an IndexError
    that skipped the hourly refresh."""

    def __init__(self, url: str, sources: KeySources) -> None:
        super().__init__(url)
        self.keys: list[dict[str, Any]] = []
        self.sources = sources
        self._fetch: asyncio.Task[None] | None = None
        self._failed_at: float | None = None

    async def get(self, key_id: str) -> Any:
        now = datetime.now()  # naive local time, as the SDK keeps `last_updated`
        if self.last_updated < now - timedelta(days=1):
            await self._refresh(wait=not self.keys)
        key = self._key(key_id)
        if key is None and self.last_updated < now - timedelta(hours=1):
            await self._refresh(wait=True)
            key = self._key(key_id)
        return key

    def _key(self, key_id: str) -> Any:
        if not any(k.get("kid") == key_id for k in self.keys):
            return None
        return self._find(key_id)

    async def _refresh(self, wait: bool = True) -> None:
        if self._failed_at is not None and \
                time.monotonic() - self._failed_at < self.sources.retry_after:
            if self.keys:
                return  # keep the keys we have until the pause ends
            raise KeysUnavailable("signing keys unavailable (recent fetch failed)")
        loop = asyncio.get_running_loop()
        fetch = self._fetch
        if fetch is None or fetch.done() or fetch.get_loop() is not loop:
            fetch = self._fetch = loop.create_task(self._download())
            fetch.add_done_callback(_retrieve)  # read even if every waiter went away
        if not wait:
            return
        try:
            # Shielded: a client that disconnects does not cancel the fetch others wait for.
            await asyncio.shield(fetch)
        except KeysUnavailable:
            if not self.keys:
                raise

    async def _download(self) -> None:
        timeout = self.sources.timeout
        try:
            async with asyncio.timeout(timeout), aiohttp.ClientSession(trust_env=True) as http:
                metadata = await _document(http, self.url)
                jwks_uri = metadata.get("jwks_uri")
                if not isinstance(jwks_uri, str) or not jwks_uri.startswith(("https://",
                                                                              "http://")):
                    raise KeysUnavailable("OpenID metadata without a jwks_uri")
                keys = (await _document(http, jwks_uri)).get("keys")
                if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
                    raise KeysUnavailable("JWKS without a list of keys")
            self.keys, self.last_updated, self._failed_at = keys, datetime.now(), None
        except (KeysUnavailable, aiohttp.ClientError, TimeoutError, ValueError) as exc:
            self._failed_at = time.monotonic()
            log.error("teams signing keys not fetched", extra={
                "platform": "teams", "outcome": "keys_unavailable",
                "error": type(exc).__name__, "timeout_s": timeout})
            raise KeysUnavailable("signing keys unavailable") from exc


def _retrieve(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()


async def _document(http: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    async with http.get(url, allow_redirects=False) as response:
        response.raise_for_status()
        body = await response.content.read(MAX_DOCUMENT + 1)
        if len(body) > MAX_DOCUMENT:
            raise KeysUnavailable("key document too large")
        document = json.loads(body)
        if not isinstance(document, dict):
            raise KeysUnavailable("key document is not a JSON object")
        return document


class KeySources(dict[str, Any]):
    """`JwtTokenExtractor.metadataCache`: a non-blocking key source for every metadata URL.

    The SDK asks `metadataCache.get(url, None)` and, on None, would build its blocking source;
    this never answers None.
    """

    def __init__(self, timeout: float, retry_after: float) -> None:
        super().__init__()
        self.timeout = timeout
        self.retry_after = retry_after

    def get(self, url: str, default: Any = None) -> Any:
        source = super().get(url)
        if source is None:
            source = self[url] = AsyncOpenIdMetadata(url, self)
        return source


def install(timeout: float = 10.0, retry_after: float = 30.0) -> KeySources:
    """Make every token validation in this process fetch keys without blocking. Idempotent;
    the latest timeout applies."""
    sources = JwtTokenExtractor.metadataCache
    if not isinstance(sources, KeySources):
        sources = KeySources(timeout, retry_after)
        JwtTokenExtractor.metadataCache = sources
    sources.timeout, sources.retry_after = timeout, retry_after
    return sources
