"""users.info answers cached per user: a small LRU with a TTL on an injected clock."""

from __future__ import annotations

import asyncio

from adapters.slack.profiles import NO_PROFILE, Profile, ProfileCache, profile_from_user
from tests.slack.fake_api import slack_user


class Fetcher:
    def __init__(self, fail: bool = False, delay: float = 0.0) -> None:
        self.asked: list[str] = []
        self.fail = fail
        self.delay = delay

    async def __call__(self, user_id: str) -> Profile:
        self.asked.append(user_id)
        await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("slack is down")
        return Profile(user_id.lower(), "de-DE", "Europe/Berlin")


class Ticker:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_profile_from_user_reads_name_locale_and_zone() -> None:
    user = slack_user("UDE", "Greta", "de-DE", "Europe/Berlin")
    assert profile_from_user(user) == Profile("Greta", "de-DE", "Europe/Berlin")
    assert profile_from_user({"name": "greta"}) == Profile("greta")
    assert profile_from_user({"profile": "odd", "locale": 5}) == NO_PROFILE


async def test_a_profile_is_fetched_once_until_it_expires() -> None:
    fetch, clock = Fetcher(), Ticker()
    cache = ProfileCache(fetch, now=clock, ttl=60)
    assert (await cache.get("U1", 1.0)).locale == "de-DE"
    clock.now = 59
    await cache.get("U1", 1.0)
    assert fetch.asked == ["U1"]
    clock.now = 61
    await cache.get("U1", 1.0)
    assert fetch.asked == ["U1", "U1"]


async def test_the_least_recently_used_profile_is_dropped() -> None:
    fetch = Fetcher()
    cache = ProfileCache(fetch, now=Ticker(), max_size=2)
    for user in ("U1", "U2", "U1", "U3"):  # U1 was used after U2, so U2 goes
        await cache.get(user, 1.0)
    assert cache.peek("U1") is not None and cache.peek("U3") is not None
    assert cache.peek("U2") is None


async def test_failures_give_an_empty_profile_remembered_for_a_minute() -> None:
    fetch, clock = Fetcher(fail=True), Ticker()
    failing = ProfileCache(fetch, now=clock, failure_ttl=60)
    assert await failing.get("U1", 1.0) == NO_PROFILE
    clock.now = 59
    assert await failing.get("U1", 1.0) == NO_PROFILE
    assert fetch.asked == ["U1"]  # not asked again while Slack refuses
    fetch.fail = False
    clock.now = 60
    assert (await failing.get("U1", 1.0)).locale == "de-DE"


async def test_a_slow_answer_is_not_waited_for() -> None:
    slow = ProfileCache(Fetcher(delay=1.0), now=Ticker())
    assert await slow.get("U1", 0.01) == NO_PROFILE
