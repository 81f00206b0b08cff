"""A minimal fake Slack Web API for benchmarks: answers what the bot calls, counts replies.

Run as its own process (`python bench/fake_slack.py PORT`) so its CPU is not the bot's.
"""

from __future__ import annotations

import sys

from aiohttp import web

COUNTS = {"response_url": 0, "api": 0}


async def api(request: web.Request) -> web.Response:
    method = request.match_info["method"]
    COUNTS["api"] += 1
    await request.read()
    if method == "auth.test":
        return web.json_response({"ok": True, "url": "https://bench.slack.com/", "team": "Bench",
                                  "user": "tandem", "team_id": "TBENCH", "user_id": "UBOT",
                                  "bot_id": "BBOT"})
    if method == "users.info":
        return web.json_response({"ok": True, "user": {
            "id": "UBENCH", "team_id": "TBENCH", "name": "bench", "real_name": "Bench User",
            "tz": "Europe/Berlin", "locale": "en-US", "is_bot": False,
            "profile": {"display_name": "Bench", "real_name": "Bench User"}}})
    return web.json_response({"ok": True, "channel": "D1", "ts": "1.0"})


async def response_url(request: web.Request) -> web.Response:
    await request.read()
    COUNTS["response_url"] += 1
    return web.json_response({"ok": True})


async def counts(request: web.Request) -> web.Response:
    return web.json_response(COUNTS)


def main() -> None:
    app = web.Application()
    app.router.add_route("*", "/api/{method}", api)
    app.router.add_post("/response/{hook}", response_url)
    app.router.add_get("/counts", counts)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)


if __name__ == "__main__":
    main()
