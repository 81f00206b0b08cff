"""German sessions contain no English, in "Sie" and in "du".

Both catalogs are complete and keep every placeholder. Then people drive the main flows on the
console adapter in German — sign-up, help, pause, matching with approval, the whole kick-off,
the coordinator's overview, messages queued for them, a tick — and everything printed is
scanned: no English catalog text may come out unchanged, no English words of the console's
own framing may appear, numbers and dates are written the German way, and a "du" session
never shows a "Sie" text.
"""

from __future__ import annotations

import re
import string
from collections import deque
from dataclasses import replace
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from adapters.console import ConsoleAdapter, ConsoleSender
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work
from conversations.events import Actor, ButtonClicked, Event
from conversations.i18n import LOCALE_DIR, Translator, catalog_file
from conversations.outbox import deliver
from conversations.program import Program
from conversations.replies import Card, Reply
from storage.db import Store

FORMS = ("sie", "du")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def catalog(form: str) -> dict[str, str]:
    with catalog_file("de", form).open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


@cache
def template() -> list[str]:
    with (LOCALE_DIR / "tandem.pot").open("rb") as fh:
        return [m.id for m in read_po(fh) if m.id]


@pytest.mark.parametrize("form", FORMS)
def test_the_catalog_is_complete_and_keeps_every_placeholder(form: str) -> None:
    texts = catalog(form)
    missing = [msgid for msgid in template() if not texts.get(msgid)]
    assert not missing, f"untranslated in {form} (tools/i18n_update.sh): {missing[:5]}"
    for msgid, text in texts.items():
        assert fields(msgid) == fields(text), (form, msgid, text)
        assert text.count("**") % 2 == 0 and text.count("`") % 2 == 0, (form, text)
    # A "du" text never addresses anyone formally, a "Sie" text never informally.
    wrong = formal_address if form == "du" else informal_address
    assert not [x for x in texts.values() if wrong(x)], form


INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinem|deinen|deiner|euch|euer|eure)\b",
                      re.IGNORECASE)
# Capitalised mid-sentence, these are the formal address ("they" and "her" are lower case).
FORMAL = re.compile(r"\b(Sie|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres|Ihnen)\b")


def informal_address(text: str) -> bool:
    return bool(INFORMAL.search(text))


def formal_address(text: str) -> bool:
    for m in FORMAL.finditer(text):
        before = text[:m.start()].rstrip(" *_")
        if m[0] == "Ihnen" or (before and before[-1] not in ".!?:–\n"):
            return True
    return False


def test_the_address_check_tells_sie_from_du() -> None:
    assert formal_address("Bitte geben Sie an, bis wann.") and formal_address("mit Ihrem Team")
    assert not formal_address("Sie gehen nicht verloren.")  # "they", at a sentence's start
    assert not formal_address("verworfen: Sie wurde schon gesendet")
    assert not formal_address("**Freiwilligkeit**: Ihr beide macht mit.")
    assert informal_address("Bitte füll dein Feld aus.")
    assert not informal_address("Bitte füllen Sie dieses Feld aus.")


def test_the_du_catalog_is_its_own_and_not_a_copy() -> None:
    sie, du = catalog("sie"), catalog("du")
    differ = [k for k in sie if sie[k] != du.get(k)]
    assert len(differ) > 80  # every text that addresses the reader is written for "du"
    assert Translator("de", "du")("Please fill in this field.") == "Bitte fülle dieses Feld aus."
    assert Translator("de", "sie")("Please fill in this field.") == \
        "Bitte füllen Sie dieses Feld aus."


# --- the German session -------------------------------------------------------------------

# Answers at the console's sign-up prompts (field order: role, topics, department, manager,
# languages, time zone, level, never pair with, consent). German input only: the scan looks
# at everything printed, and what people type is echoed back.
MENTEE = ["2", "1,3", "Vorstand", "", "1", "", "6", "", "j"]
MENTOR = ["1", "1,2,3", "Technik", "", "1", "", "2", "", "j"]
MENTEE_ALONE = ["2", "6", "Vertrieb", "", "1", "", "5", "", "j"]  # nobody offers careers
PAUSING = ["1", "1", "Einkauf", "", "1", "", "1", "", "j"]
TOOLS_MENTEE = ["2", "2", "Finanzen", "", "1", "", "6", "", "j"]
TOOLS_MENTEE_TOO = ["2", "2", "Recht", "", "1", "", "5", "", "j"]
TOOLS_MENTOR = ["1", "2", "Marketing", "", "1", "", "1", "", "j"]


class Session:
    """People at the console in German; everything printed to each of them is kept."""

    def __init__(self, core: TandemCore, clock: FakeClock) -> None:
        self.core, self.clock = core, clock
        self.out: dict[str, list[str]] = {}
        self.cards: dict[str, list[Card]] = {}
        self.english_help = ""

    def adapter(self, user: str, answers: list[str]) -> ConsoleAdapter:
        queue = deque(answers)
        out = self.out.setdefault(user, [])

        async def ask(prompt: str) -> str | None:
            out.append(prompt)
            return queue.popleft() if queue else None

        async def handle(event: Event) -> list[Reply]:
            replies = (await self.core.handle(event)).replies
            self.cards.setdefault(user, []).extend(r for r in replies if isinstance(r, Card))
            return replies

        actor = Actor("console", user, display_name=user.title(), locale="de-DE")
        # As `tandem chat` builds it: the console's own words in the program's form of address.
        return ConsoleAdapter(handle, actor, ask, out.append,
                              Translator("de", self.core.program.german))

    async def type(self, user: str, line: str, answers: list[str] | None = None) -> str:
        start = len(self.out.get(user, []))
        await self.adapter(user, answers or []).process_line(line)
        await self.deliver()
        return "\n".join(self.out[user][start:])

    async def click(self, user: str, action: str, value: str,
                    answers: list[str] | None = None) -> None:
        actor = Actor("console", user, display_name=user.title(), locale="de-DE")
        await self.adapter(user, answers or []).dispatch(ButtonClicked(actor, action, value))
        await self.deliver()

    def button(self, user: str, action: str) -> str:
        for card in reversed(self.cards.get(user, [])):
            for b in card.buttons:
                if b.action_id == action:
                    return b.value
        raise AssertionError(f"{user} saw no {action} button")

    async def deliver(self) -> None:
        """Each person's queued messages reach their own console (as in `tandem chat`)."""
        for user in sorted(self.out):
            adapter = self.adapter(user, [])  # shown by the person's terminal, in its words
            await deliver(self.core.store, self.clock,
                          {"console": ConsoleSender(adapter.say, user, adapter)})

    def text(self, user: str | None = None) -> str:
        users = [user] if user else sorted(self.out)
        return "\n".join(line for u in users for line in self.out.get(u, []))


async def german_session(store: Store, program: Program, clock: FakeClock, form: str
                         ) -> Session:
    core = TandemCore(store, replace(program, german=form), clock)
    await core.start()
    s = Session(core, clock)
    await s.type("hr", "hilfe")
    await s.type("erika", "hilfe")
    await s.type("erika", "status")
    await s.type("erika", "kaffee")
    await s.type("erika", "anmelden", MENTEE)
    await s.type("erika", "anmelden")
    await s.type("jonas", "anmelden", MENTOR)
    await s.type("otto", "anmelden", MENTEE_ALONE)
    await s.type("paula", "anmelden", PAUSING)
    await s.type("paula", "pause")
    await s.type("paula", "pause 01.01.2020")
    await s.type("paula", "pause 2029-01-01")
    await s.type("paula", "pause 25.01.2027")
    await s.type("paula", "status")
    await s.type("jonas", "fortsetzen")
    await s.type("karl", "anmelden", TOOLS_MENTEE)
    await s.type("mia", "anmelden", TOOLS_MENTEE_TOO)
    await s.type("lena", "anmelden", TOOLS_MENTOR)
    await s.type("hr", "tandems")
    await s.type("hr", "vermitteln")
    # One proposal not Erika's is rejected; the fresh proposals are approved.
    old_card = s.button("hr", "match.approve_all")  # "<run id>.<the pool's digest>"
    run_id, digest = int(old_card.split(".")[0]), old_card.split(".")[1]
    async with store.unit() as repos:
        other = next(p for p in await repos.matches.pairs(run_id)
                     if "console:erika" not in p.keys("mentee"))
    await s.click("hr", "match.reject", f"{other.id}.{digest}")
    await s.click("hr", "match.approve_all", s.button("hr", "match.approve_all"))
    await s.click("hr", "match.approve_all", old_card)  # an old card: out of date
    await s.type("erika", "vermitteln")  # not a coordinator
    await s.type("hr", "tandems")
    await s.type("erika", "status")
    # The kick-off of Erika's tandem, with the buttons of the introduction card; the other
    # tandem stays in its kick-off until the reminders come.
    async with store.unit() as repos:
        erika = await repos.people.by_key("console:erika")
        [live] = await repos.tandems.current_for(core.program_id, erika.id)  # type: ignore
        tid = str(live.id)
    await s.click("jonas", "kickoff.rules", tid)
    await s.type("jonas", "status")
    await s.click("erika", "kickoff.rules", tid)
    await s.click("erika", "kickoff.goals", tid,
                  ["Mit KI-Werkzeugen im Alltag sicher umgehen", "", ""])
    await s.click("jonas", "kickoff.cadence", tid, ["14", "45", "2"])
    await s.type("erika", "status")
    await s.click("erika", "kickoff.cadence_ok", tid)
    await s.type("erika", "status")
    await s.type("jonas", "wechseln Wir finden keinen gemeinsamen Termin")
    await s.type("hr", "tandems")
    await s.type("hr", "nachrichten")
    await s.type("hr", "nachrichten wiederholen 999")
    await s.type("hr", "auflösen")
    # Time passes: Paula's break ends with a message; the other tandem is reminded, then
    # the coordinators are told.
    for days in (11, 11):
        clock.advance(timedelta(days=days))
        await run_due_work(store, core.program, core.program_id, clock)  # type: ignore
        await s.deliver()
    await s.type("paula", "status")
    await s.type("lena", "status")
    await s.type("hr", "tandems")
    await s.type("otto", "wechseln")
    await s.type("otto", "pause 01.03.2027")
    await s.type("otto", "fortsetzen")
    await s.type("otto", "abmelden", ["j"])
    async with store.unit() as repos:
        lena = await repos.people.by_key("console:lena")
        kickoff = await repos.tandems.current_for(core.program_id, lena.id)  # type: ignore
    for tandem in kickoff:
        await s.type("hr", f"auflösen {tandem.id}", ["j", "Kein gemeinsamer Termin"])
    await s.type("jonas", "abmelden", ["j"])
    await s.type("hr", "tandems")
    # Who types English in a German session gets English command words (kept apart: the
    # scans below are about the German words).
    start = len(s.out["erika"])
    s.english_help = await s.type("erika", "help")
    del s.out["erika"][start:]
    return s


# English words that are no German words: one of them in a German session is untranslated.
ENGLISH = re.compile(
    r"\b(the|and|you|your|is|are|of|to|for|with|not|no|or|number|numbers|separated|by|"
    r"commas|cancel|cancelled|nothing|saved|enter|keeps|suggestion|stops|please|type|"
    r"welcome|proposal|proposals|approve|reject|missing|waiting|goals?|unknown)\b|\by/n\b",
    re.IGNORECASE)
CODE = re.compile(r"`[^`\n]*`")
# A text's literal pieces: between placeholders, bold markers and code spans (commands there
# are shown in the words the person typed).
PIECES = re.compile(r"\{[^}]*\}|\*\*|`[^`\n]*`")


def english_catalog_texts(text: str, form: str) -> list[str]:
    """Pieces of English msgids (between placeholders, two words or more) printed as they are,
    though the German text does not contain them."""
    found = []
    german = catalog(form)
    for msgid in template():
        for piece in PIECES.split(msgid):
            piece = piece.strip(" .,:;()–-*`\n")
            if len(piece.split()) >= 2 and piece in text and piece not in german.get(msgid, ""):
                found.append(piece)
    return found


_RAN: dict[str, Session] = {}


@pytest.fixture(params=FORMS)
async def session(request: pytest.FixtureRequest, store: Store, program: Program,
                  clock: FakeClock) -> Session:
    """One session per form for the whole module (the tests only read what was printed)."""
    if request.param not in _RAN:
        _RAN[request.param] = await german_session(store, program, clock, request.param)
    return _RAN[request.param]


def reached(text: str, form: str) -> list[str]:
    """The catalog texts a session printed (a piece of two words or more of the German)."""
    return [msgid for msgid, german in catalog(form).items()
            if any(len(p.split()) >= 2 and p in text for p in
                   (x.strip(" .,:;()–-*`\n") for x in PIECES.split(german)))]


async def test_no_catalog_text_is_left_in_english(session: Session) -> None:
    text = session.text()
    assert "Mit KI-Werkzeugen" in text and len(text) > 3000  # the session really ran
    assert len(reached(text, session.core.program.german)) > 120  # of 212
    assert not english_catalog_texts(text, session.core.program.german)


async def test_commands_are_suggested_in_german_to_who_types_german(session: Session) -> None:
    text = session.text("erika")
    assert "`anmelden`" in text and "`hilfe`" in text and "`abmelden`" in text
    for english in ("`join`", "`help`", "`leave`", "`resume`", "`match`"):
        assert english not in session.text(), english
    # …and in English to who types English, in the same German session.
    out = session.english_help
    assert "Reverse-Mentoring-Programm" in out  # still German
    assert "`join`" in out and "`anmelden`" not in out and "Themen" not in out


async def test_numbers_and_dates_are_written_the_german_way(session: Session) -> None:
    hr = session.text("hr")
    assert re.search(r"Passung \d+,\d\d\b", hr), hr
    assert not re.search(r"(?<![\d.])\d+\.\d+(?![\d.])", hr)  # no decimal point (dates aside)
    assert "25. Januar 2027" in session.text("paula")


async def test_german_dashes_are_en_dashes(session: Session) -> None:
    """German sets a spaced en dash (–); the spaced em dash (—) is English typesetting
    (the help list, the status header, a change request in `tandems`)."""
    text = session.text()
    assert "`hilfe` – " in text and "Reverse Mentoring 2027 – " in text
    assert " — " not in text, [line for line in text.splitlines() if " — " in line][:5]


async def test_people_and_coordinators_are_addressed_as_who_they_are(session: Session) -> None:
    du = session.core.program.german == "du"
    jonas = session.text("jonas")
    own = "deine Zustimmung zu den Spielregeln" if du else "Ihre Zustimmung zu den Spielregeln"
    assert "Zustimmung von Jonas" not in jonas and "Lernziele von Erika" in jonas
    erika = session.text("erika")
    assert own in erika and "Zustimmung von Erika" not in erika
    hr = session.text("hr")
    assert "von Ihnen" not in hr and "von dir" not in hr  # never one of the pair
    assert "ein Vorschlag für Rhythmus und Format von Jonas oder Erika" in hr


async def test_a_du_session_never_shows_a_sie_text(session: Session) -> None:
    if session.core.program.german != "du":
        pytest.skip("du only")
    sie, du = catalog("sie"), catalog("du")
    text = session.text()
    formal = [piece for msgid in sie if sie[msgid] != du[msgid]
              for piece in re.split(r"\{[^}]*\}", sie[msgid])
              if len(piece.split()) >= 3 and piece.strip() not in du[msgid] and piece in text]
    assert not formal, formal[:3]
    assert not re.search(r"\b(Ihnen|Ihrem|Ihren)\b", text)


async def test_nothing_printed_in_a_german_session_is_english(session: Session) -> None:
    text = CODE.sub("", session.text())
    words = sorted({m[0] for m in ENGLISH.finditer(text)})
    assert not words, words


def test_the_german_catalog_files_are_where_the_tools_write_them() -> None:
    assert catalog_file("de", "sie") == LOCALE_DIR / "de" / "LC_MESSAGES" / "tandem.po"
    assert catalog_file("de", "du") == LOCALE_DIR / "de" / "LC_MESSAGES" / "tandem_du.po"
    assert Path(__file__).resolve().parents[2].joinpath("tools", "i18n_update.sh").exists()
