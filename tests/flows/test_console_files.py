"""Files at the console: written whole into the person's folder, never over another file, and
the path printed; queued ones arrive the same way. Too large a file is never made."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from adapters.console import ConsoleAdapter, ConsoleSender
from conversations.attachments import MAX_FILE_BYTES, BadFile, File, file_or_notice
from conversations.clock import FakeClock
from conversations.events import Actor, Event
from conversations.i18n import Translator
from conversations.outbox import deliver
from conversations.replies import DirectMessage, Reply, message_to_dict
from storage.db import Store

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
CSV = "Tandem;Status\nMia ↔ Alex;aktiv\n".encode()


def adapter_for(files: Path, out: list[str], replies: list[Reply]) -> ConsoleAdapter:
    async def ask(prompt: str) -> str | None:
        return None

    async def handle(event: Event) -> list[Reply]:
        return replies

    return ConsoleAdapter(handle, Actor("console", "hr", locale="en"), ask, out.append,
                          files=files)


async def test_a_file_reply_is_saved_and_its_path_printed(tmp_path: Path) -> None:
    out: list[str] = []
    folder = tmp_path / "reports"
    chart = File("march.png", "image/png", PNG, title="Tandems **in March**")
    adapter = adapter_for(folder, out, [chart, chart])
    await adapter.process_line("report")
    first, second = folder / "march.png", folder / "march (2).png"
    assert first.read_bytes() == PNG and second.read_bytes() == PNG  # the first is kept
    assert out == [f"Tandems in March\nFile saved: {first.resolve()}",
                   f"Tandems in March\nFile saved: {second.resolve()}"]
    assert stat.S_IMODE(first.stat().st_mode) == 0o600  # a report may name people
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


async def test_a_queued_file_arrives_at_the_terminal_and_its_body_is_deleted(
        tmp_path: Path, store: Store, clock: FakeClock) -> None:
    out: list[str] = []
    adapter = adapter_for(tmp_path, out, [])
    async with store.unit() as repos:
        await repos.outbox.enqueue("report:1", "console:hr", message_to_dict(
            File("tandems.csv", "text/csv", CSV)), clock.now())
    report = await deliver(store, clock, {"console": ConsoleSender(out.append, "hr", adapter)})
    assert report.sent == ["report:1"]
    assert (tmp_path / "tandems.csv").read_bytes() == CSV
    assert out == [f"(to console:hr) File saved: {(tmp_path / 'tandems.csv').resolve()}"]
    async with store.unit() as repos:
        assert await repos.outbox.pending() == []
        assert (await repos.outbox.parked()) == []
    # Another person's direct file shown here is saved for them in this folder too.
    await adapter.render(DirectMessage("console:hr", File("b.csv", "text/csv", b"1")))
    assert (tmp_path / "b.csv").read_bytes() == b"1"


def test_too_large_a_file_is_a_notice_in_the_readers_language_and_no_file() -> None:
    big = b"x" * (MAX_FILE_BYTES + 1)
    assert isinstance(file_or_notice(Translator("en"), "t.csv", "text/csv", CSV), File)
    notice = file_or_notice(Translator("de"), "alle_tandems.csv", "text/csv", big)
    assert isinstance(notice, str)
    assert "5,0 MB" in notice and "alle_tandems.csv" in notice
    assert "Nichts wurde gesendet" in notice


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b.csv", "", "..", "con\x00.csv",
                                  " x.csv"])
def test_names_that_could_leave_the_folder_are_refused(name: str) -> None:
    with pytest.raises(BadFile):
        File(name, "text/csv", CSV)


def test_a_media_type_must_be_one() -> None:
    with pytest.raises(BadFile):
        File("a.csv", "text/csv; charset=utf-8", CSV)
