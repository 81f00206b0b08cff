"""The `tandem` command in-process: `bot.cli.main(argv)` with stdin, stdout and stderr captured,
the environment a person would have, and a fixed clock (TANDEM_NOW) so that no test depends on
today's date. Terminals for `tandem chat` sessions that run at the same time, too."""

from __future__ import annotations

import asyncio
import io
import logging
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import cli

# The example program's "now" in these tests: after its start, before any date a test pauses to.
NOW = "2027-01-20T09:00:00+01:00"
CLEARED = ("SLACK_", "MICROSOFT_", "DATABASE_", "TANDEM_", "TEAMS_")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


class Cli:
    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp_path = tmp_path
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        self.url = f"sqlite+aiosqlite:///{tmp_path / 'tandem.db'}"

    def __call__(self, args: list[str], stdin: str | None = "",
                 env: dict[str, str] | None = None, now: str | None = NOW) -> Result:
        """`tandem ARGS` typed in a shell in tmp_path, with `stdin` piped in (None: keep the
        stdin the test set up)."""
        with self.monkeypatch.context() as m:
            import os

            for name in list(os.environ):
                if name.startswith(CLEARED):
                    m.delenv(name)
            m.setenv("DATABASE_URL", self.url)
            if now:
                m.setenv("TANDEM_NOW", now)
            for name, value in (env or {}).items():
                m.setenv(name, value)
            m.chdir(self.tmp_path)
            if stdin is not None:
                m.setattr(sys, "stdin", io.StringIO(stdin))
            self.capsys.readouterr()
            try:
                code = cli.main(args)
            except SystemExit as exc:  # argparse, as a shell would see it
                code = exc.code if isinstance(exc.code, int) else 2
            out, err = self.capsys.readouterr()
        return Result(code, out, err)


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """main() points the root logger at this test's captured stderr; later tests must not
    write to it once it is closed."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def tandem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, monkeypatch, capsys)


class FakeTerminal:
    """One person's terminal for `cli.chat_session`: lines typed when the test says, and
    everything printed, in order, with the time it was printed."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.typed: asyncio.Queue[str | None] = asyncio.Queue()
        self.out: list[tuple[float, str]] = []
        self.seen = 0  # how much of `out` the test has read

    async def ask(self, prompt: str) -> str | None:
        self.say(prompt)
        return await self.typed.get()

    def say(self, text: str) -> None:
        self.out.append((time.monotonic(), text))

    def type(self, *lines: str) -> None:
        for line in lines:
            self.typed.put_nowait(line)

    def text(self) -> str:
        return "\n".join(t for _, t in self.out)

    async def see(self, wanted: str, within: float = 5.0) -> str:
        """Wait until `wanted` is printed after what was read before; returns the new text
        up to and including it."""
        deadline = time.monotonic() + within
        while True:
            new = "\n".join(t for _, t in self.out[self.seen:])
            if wanted in new:
                # read up to the line that completed it
                for i in range(self.seen, len(self.out)):
                    if wanted in "\n".join(t for _, t in self.out[self.seen:i + 1]):
                        chunk = "\n".join(t for _, t in self.out[self.seen:i + 1])
                        self.seen = i + 1
                        return chunk
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} never saw {wanted!r}; new output:\n{new}")
            await asyncio.sleep(0.02)

    def printed_at(self, wanted: str) -> float:
        return next(t for t, text in self.out if wanted in text)


def button(text: str, label: str) -> str:
    """The number the console shows for the last button called `label` in `text`."""
    found = re.findall(rf"\[(\d+)\] {re.escape(label)}$", text, re.MULTILINE)
    assert found, f"no button {label!r} in:\n{text}"
    return found[-1]
