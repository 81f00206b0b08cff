"""The baselines: a bare slack-bolt AsyncApp behind aiohttp that only acks `/tandem`.

`python bench/bare_bolt.py PORT default|pbr|durable` — `pbr` is `process_before_response=True`
(the floor: the ack returns as the listener returns); `default` is bolt's default mode;
`durable` is the floor plus what durability costs done the plain way: the listener commits the
request body to a table in `DATABASE_URL` (one INSERT and commit per request, SQLAlchemy async,
SQLite in WAL with synchronous=NORMAL as Tandem runs it) before it acks.
"""

from __future__ import annotations

import os
import sys

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


def main() -> None:
    port, mode = int(sys.argv[1]), sys.argv[2]
    client = AsyncWebClient(token="xoxb-bench", base_url=os.environ["SLACK_API_URL"])
    startup: list = []  # type: ignore[type-arg]
    bolt = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"],
                    process_before_response=mode in ("pbr", "durable"))

    if mode == "durable":
        from sqlalchemy import event, text
        from sqlalchemy.ext.asyncio import create_async_engine

        url = os.environ["DATABASE_URL"]
        engine = create_async_engine(url, pool_size=20, max_overflow=0) if \
            url.startswith("postgresql") else create_async_engine(url)
        if url.startswith("sqlite"):
            @event.listens_for(engine.sync_engine, "connect")
            def _wal(dbapi, _record):  # type: ignore[no-untyped-def]
                cursor = dbapi.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.close()

        async def create() -> None:
            async with engine.begin() as conn:
                key = ("id SERIAL PRIMARY KEY" if url.startswith("postgresql")
                       else "id INTEGER PRIMARY KEY")
                await conn.execute(text(f"CREATE TABLE IF NOT EXISTS bench_durable "
                                        f"({key}, body TEXT NOT NULL)"))

        startup.append(create)

        @bolt.command("/tandem")
        async def store_then_ack(ack, body) -> None:  # type: ignore[no-untyped-def]
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO bench_durable (body) VALUES (:b)"),
                                   {"b": repr(body)})
            await ack()
    else:
        @bolt.command("/tandem")
        async def only_ack(ack) -> None:  # type: ignore[no-untyped-def]
            await ack()

    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()

    async def on_startup(_app: web.Application) -> None:
        for step in startup:
            await step()

    app.on_startup.append(on_startup)
    app.router.add_post("/slack/events", handle)
    app.router.add_get("/healthz", health)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
