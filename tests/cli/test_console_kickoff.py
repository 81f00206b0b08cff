"""Issue 8, item 1: the console alone runs a program from sign-up to an active tandem.

Three `tandem chat` sessions are open at once (a mentee, a mentor, the coordinator), each with
its own runtime on one SQLite file, as three terminals would be; the clock is fixed. Every
button is pressed by its number, on cards that arrive while the person chats; what is queued
for someone appears at their terminal within a second or two, in the order it was queued.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.cli import CHAT_POLL_SECONDS, chat_session
from bot.config import EXAMPLE_PROGRAM, Settings, load_settings
from conversations.clock import FakeClock
from conversations.replies import Text, message_to_dict
from storage.db import Store
from storage.models import OutboxMessage, Tandem
from tests.cli.conftest import Cli, FakeTerminal, button
from tests.flows.conftest import MENTEE, MENTOR

POLL = 0.2  # the tests' poll; `tandem chat` polls every CHAT_POLL_SECONDS


def settings_for(tmp_path: Path) -> Settings:
    return load_settings(env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'tandem.db'}",
                              "TANDEM_CONFIG": str(EXAMPLE_PROGRAM)}, dotenv=False)


async def open_chat(settings: Settings, clock: FakeClock, name: str, lang: str = "en"
                    ) -> tuple[FakeTerminal, asyncio.Task[int]]:
    term = FakeTerminal(name)
    task = asyncio.create_task(chat_session(settings, name, lang, term.ask, term.say,
                                            clock=clock, poll_seconds=POLL))
    await term.see("> ")
    return term, task


async def test_three_terminals_run_sign_up_matching_and_the_whole_kick_off(
        tmp_path: Path) -> None:
    assert CHAT_POLL_SECONDS <= 1.0  # "within a second or two" at a real terminal
    settings = settings_for(tmp_path)
    clock = FakeClock(datetime(2027, 1, 20, 8, 0, tzinfo=UTC))
    # The mentor's terminal is opened first and stays open the whole time.
    jonas, jonas_chat = await open_chat(settings, clock, "jonas")
    erika, erika_chat = await open_chat(settings, clock, "erika")
    hr, hr_chat = await open_chat(settings, clock, "hr")

    jonas.type("join", *MENTOR)
    await jonas.see("Welcome to Reverse Mentoring 2027! You are signed up as mentor")
    erika.type("join", *MENTEE)
    await erika.see("You are signed up as mentee")

    hr.type("match")
    card = await hr.see("Reject A")
    assert "jonas (mentor) ↔ erika (mentee)" in card
    hr.type(button(card, "Approve all"))
    await hr.see("Approved 1 tandem(s)")

    # Both are introduced at their open terminals, without typing anything.
    intro_e = await erika.see("[3] Cadence and mode", within=3)
    intro_j = await jonas.see("Cadence and mode", within=3)
    for intro in (intro_e, intro_j):
        assert "Meet your tandem partner" in intro and "Our ground rules" in intro

    # The intro's buttons are pressed by their numbers.
    erika.type(button(intro_e, "I agree to the ground rules"))
    await erika.see("your agreement to the ground rules is noted")
    erika.type(button(intro_e, "Learning goals"), "Use AI assistants daily", "", "")
    await erika.see("Saved. Your learning goals: Use AI assistants daily")
    note = await jonas.see("erika set your tandem's learning goals:\n- Use AI assistants daily",
                           within=3)
    assert "Meet your tandem partner" not in note  # after the intro, once, in queue order

    jonas.type(button(intro_j, "I agree to the ground rules"))
    await jonas.see("your agreement to the ground rules is noted")
    # A refused answer is asked again at once; the suggestion stays.
    jonas.type(button(intro_j, "Cadence and mode"), "3", "", "", "2")
    form = await jonas.see("Noted: every 14 days, 60 minutes, video.")
    assert "  ! Please give a number of days from 7 to 31." in form
    assert form.count("Every how many days (7–31) * [14]: ") == 2

    # The proposal reaches Erika while she chats; its button works there.
    proposal = await erika.see("[5] Propose something else", within=3)
    assert "jonas proposes to meet every 14 days for 60 minutes (video)" in proposal
    erika.type(button(proposal, "Agree"))
    done = await erika.see("your tandem is now active")
    assert "Everything is agreed" in done
    for term in (erika, jonas):
        await term.see("Your tandem is active! Goals: Use AI assistants daily", within=3)

    for term in (jonas, erika, hr):
        term.type("exit")
    assert await asyncio.gather(jonas_chat, erika_chat, hr_chat) == [0, 0, 0]
    store = Store.from_url(settings.database_url)
    try:
        async with store.session() as s:
            [tandem] = await s.scalars(select(Tandem))
            assert tandem.status == "active" and tandem.mode == "video"
            unsent = await s.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
            assert list(unsent) == []  # everything was shown to its person, once
    finally:
        await store.close()
    for term in (jonas, erika):
        assert term.text().count("Your tandem is active!") == 1
        assert term.text().count("Meet your tandem partner") == 1


async def queue(settings: Settings, clock: FakeClock, key: str, person: str, text: str) -> None:
    store = Store.from_url(settings.database_url)
    try:
        async with store.unit() as repos:
            await repos.outbox.enqueue(key, person, message_to_dict(Text(text)), clock.now())
    finally:
        await store.close()


async def test_messages_appear_while_chatting_in_queue_order_and_wait_after_exit(
        tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    clock = FakeClock(datetime(2027, 1, 20, 8, 0, tzinfo=UTC))
    ana, chat = await open_chat(settings, clock, "ana")
    for n in range(1, 4):  # queued by other processes (a partner's terminal, a tick)
        await queue(settings, clock, f"note:{n}", "console:ana", f"note number {n}")
    await queue(settings, clock, "note:other", "console:ben", "for Ben only")
    await ana.see("note number 3", within=2 * POLL + 1.5)
    shown = [text for _, text in ana.out if "note number" in text]
    assert shown == [f"(to console:ana) note number {n}" for n in (1, 2, 3)]

    # Not inside a form: a message queued meanwhile waits for the form to end.
    ana.type("join", "1")
    await ana.see("Topics *")
    await queue(settings, clock, "note:4", "console:ana", "note number 4")
    await asyncio.sleep(3 * POLL)
    assert "note number 4" not in ana.text()
    ana.type("cancel")
    await ana.see("Cancelled. Nothing was saved.")
    await ana.see("note number 4", within=2 * POLL + 1.5)

    ana.type("exit")
    assert await chat == 0
    await queue(settings, clock, "note:5", "console:ana", "note number 5")
    await asyncio.sleep(2 * POLL)
    assert "note number 5" not in ana.text()  # the terminal is closed: it waits
    assert "for Ben only" not in ana.text()
    again, chat = await open_chat(settings, clock, "ana")
    assert "(to console:ana) note number 5\n> " in again.text()  # before the first prompt
    again.type("exit")
    assert await chat == 0
    assert "note number 4" not in again.text()  # shown once


def test_a_card_shown_at_start_has_working_buttons(tandem: Cli) -> None:
    """Sequential sessions, as in the README's one-terminal walkthrough."""
    for name, answers in (("erika", MENTEE), ("jonas", MENTOR)):
        result = tandem(["chat", "--as", name, "--lang", "en"],
                        stdin="\n".join(["join", *answers, "exit"]) + "\n")
        assert result.returncode == 0, result.stderr
    result = tandem(["chat", "--as", "hr", "--lang", "en"], stdin="match\n1\nexit\n")
    assert "Approved 1 tandem(s)" in result.stdout
    # Erika's intro waits for her; it comes first, and [1] is its first button.
    result = tandem(["chat", "--as", "erika", "--lang", "en"], stdin="1\nexit\n")
    assert result.stdout.index("Meet your tandem partner") < result.stdout.index(
        "your agreement to the ground rules is noted")
    assert "I don't know" not in result.stdout and "kenne ich nicht" not in result.stdout


def test_status_gives_the_kick_off_buttons_back_after_the_card_was_left(tandem: Cli) -> None:
    """A card shown in a closed session is gone with it: `status` offers its buttons again."""
    for name, answers in (("erika", MENTEE), ("jonas", MENTOR)):
        tandem(["chat", "--as", name, "--lang", "en"],
               stdin="\n".join(["join", *answers, "exit"]) + "\n")
    tandem(["chat", "--as", "hr", "--lang", "en"], stdin="match\n1\nexit\n")
    seen = tandem(["chat", "--as", "erika", "--lang", "en"], stdin="exit\n").stdout
    assert "Meet your tandem partner" in seen  # shown, and left without pressing anything
    out = tandem(["chat", "--as", "erika", "--lang", "en"],
                 stdin="status\n1\n2\nUse AI assistants every day\n\n\nexit\n").stdout
    assert "Meet your tandem partner" not in out  # shown once
    assert "is in its kick-off" in out and "[1] I agree to the ground rules" in out
    assert "your agreement to the ground rules is noted" in out
    assert "Saved. Your learning goals: Use AI assistants every day" in out
    assert "I don't know" not in out
    de = tandem(["chat", "--as", "erika", "--lang", "de"], stdin="status\nexit\n").stdout
    assert "[3] Rhythmus und Format" in de and "Der Kick-off Ihres Tandems" in de


def test_the_readme_walkthrough_one_session_after_the_other(tandem: Cli) -> None:
    def chat(name: str, *lines: str) -> str:
        result = tandem(["chat", "--as", name, "--lang", "en"],
                        stdin="\n".join([*lines, "exit"]) + "\n")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        return result.stdout

    assert "signed up as mentee" in chat("erika", "join", "2", "1,3", "", "", "", "", "6", "",
                                         "y")
    assert "signed up as mentor" in chat("jonas", "join", "1", "1,3", "", "", "", "", "2", "",
                                         "y")
    assert "Approved 1 tandem(s)" in chat("hr", "match", "1")
    dry = tandem(["tick", "--now", "2027-01-31T09:00:00+01:00", "--dry-run"]).stdout
    assert "kickoff-nudge 2: console:jonas, console:erika" in dry
    out = chat("erika", "1", "2", "Use AI assistants every day", "", "")
    assert "[1] I agree to the ground rules" in out and "Saved." in out
    out = chat("jonas", "1", "3", "", "", "2")
    assert "erika set your tandem's learning goals" in out
    assert "Noted: every 14 days, 60 minutes, video." in out
    out = chat("erika", "1")
    assert "[1] Agree" in out and "your tandem is now active" in out
    assert "is active: every 14 days, 60 minutes (video)" in chat("jonas", "status")


async def test_a_chat_leaves_teams_and_slack_messages_alone(tmp_path: Path) -> None:
    """Even with Teams configured here and messages for Slack queued: `tandem chat` has a
    sender for its own person only, so the others wait, untouched, for a process that can."""
    settings = load_settings(env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 't.db'}",
                                  "TANDEM_CONFIG": str(EXAMPLE_PROGRAM),
                                  "TEAMS_EMULATOR": "1"}, dotenv=False)
    clock = FakeClock(datetime(2027, 1, 20, 8, 0, tzinfo=UTC))
    ana, chat = await open_chat(settings, clock, "ana")
    for person in ("teams:t-anna", "slack:UEN", "console:ana"):
        await queue(settings, clock, f"note:{person}", person, f"private note for {person}")
    await ana.see("private note for console:ana", within=2)
    ana.type("status")  # her own action wakes a delivery to every platform this process has
    await ana.see("> ")
    await asyncio.sleep(3 * POLL)
    ana.type("exit")
    assert await chat == 0
    store = Store.from_url(settings.database_url)
    try:
        async with store.session() as s:
            rows = {m.person_key: m for m in await s.scalars(select(OutboxMessage))}
    finally:
        await store.close()
    for person in ("teams:t-anna", "slack:UEN"):
        row = rows[person]
        assert (row.sent_at, row.failed_reason, row.attempts) == (None, None, 0), person
    assert rows["console:ana"].sent_at is not None
    assert "teams:t-anna" not in ana.text() and "slack:UEN" not in ana.text()
