"""`tandem chat --files DIR`: a file queued for the person is saved there when their chat
opens, and the terminal says where; without the option it goes to ./tandem-files."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from conversations.attachments import File
from conversations.replies import message_to_dict
from storage.db import Store
from tests.cli.conftest import Cli

CSV = "Tandem;Status\nMia ↔ Alex;aktiv\n".encode()


def queue_file(tandem: Cli, name: str) -> None:
    async def enqueue() -> None:
        store = Store.from_url(tandem.url)
        async with store.unit() as repos:
            body = message_to_dict(File(name, "text/csv", CSV, title="All tandems"))
            await repos.outbox.enqueue(f"report:{name}", "console:hr", body,
                                       datetime(2027, 1, 20, 8, 0, tzinfo=UTC))
        await store.close()

    asyncio.run(enqueue())


def test_a_queued_file_is_saved_where_the_person_said(tandem: Cli) -> None:
    assert tandem(["migrate"]).returncode == 0
    queue_file(tandem, "tandems.csv")
    result = tandem(["chat", "--as", "hr", "--lang", "en", "--files", "reports"],
                    stdin="exit\n")
    assert result.returncode == 0, result.stderr
    saved = (tandem.tmp_path / "reports" / "tandems.csv").resolve()
    assert saved.read_bytes() == CSV
    assert "All tandems" in result.stdout and f"File saved: {saved}" in result.stdout

    queue_file(tandem, "second.csv")
    result = tandem(["chat", "--as", "hr", "--lang", "de"], stdin="exit\n")
    default = (tandem.tmp_path / "tandem-files" / "second.csv").resolve()
    assert default.read_bytes() == CSV
    assert f"Datei gespeichert: {default}" in result.stdout
