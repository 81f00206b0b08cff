"""A command declared in one flow table is all it takes: help lists it in both languages, its
words parse in both, the core refuses it to non-coordinators, and a word claimed twice fails
when the tables are merged (at import), not in a conversation."""

from __future__ import annotations

import pytest

from conversations import commands
from conversations.commands import Command, Flow, HelpLine, merge, parse_command
from conversations.context import Context
from conversations.flows import registry
from conversations.replies import Reply, Text
from tests.flows.conftest import Transcript

CALLS: list[str] = []


async def _coffee(ctx: Context, args: str, prefix: str) -> list[Reply]:
    CALLS.append(args)
    return [Text(f"coffee ordered: {args}")]


COFFEE = Flow(commands=(Command(
    "coffee", ("coffee", "espresso"), ("kaffeeklatsch",), _coffee,
    (HelpLine("coffee", lambda t: t("order a coffee for a tandem"), 55, coordinator=True),),
    coordinator_only=True),))


@pytest.fixture
def with_coffee(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "TABLE", merge(*registry.FLOWS, COFFEE))
    CALLS.clear()


@pytest.mark.usefixtures("with_coffee")
async def test_a_new_command_in_one_table_is_parsed_listed_and_guarded(
        transcript: Transcript) -> None:
    assert parse_command("espresso 3").name == "coffee"
    assert parse_command("Kaffeeklatsch 3").name == "coffee"
    assert commands.word_language("kaffeeklatsch") == "de"
    assert commands.word_language("coffee") == "en"
    assert commands.localize_command("coffee 3", "de") == "kaffeeklatsch 3"

    english = await transcript.say("hr", "help", lang="en")
    assert "- `coffee` — order a coffee for a tandem" in english
    assert english.index("`dissolve 12`") < english.index("`coffee`") < english.index(
        "`messages`")
    german = await transcript.say("hr", "hilfe", lang="de")
    assert "- `kaffeeklatsch` – " in german
    # Coordinator lines are not shown to everyone else.
    assert "coffee" not in await transcript.say("anna", "help", lang="en")

    assert "coffee ordered: 3" in await transcript.say("hr", "coffee 3", lang="en")
    assert "coffee ordered: 4" in await transcript.say("hr", "kaffeeklatsch 4", lang="de")
    refused = await transcript.say("anna", "espresso 5", lang="en")
    assert "only the program's coordinators can do that" in refused
    assert CALLS == ["3", "4"]


async def test_help_without_the_new_table_does_not_know_it(transcript: Transcript) -> None:
    assert "I don't know `coffee`" in await transcript.say("hr", "coffee 3", lang="en")


def test_a_word_claimed_by_two_tables_is_rejected_when_merging() -> None:
    async def other(ctx: Context, args: str, prefix: str) -> list[Reply]:
        return []

    clash = Flow(commands=(Command("later", ("later",), ("weiter",), other),))
    with pytest.raises(ValueError, match="'weiter' means both 'resume' and 'later'"):
        merge(*registry.FLOWS, clash)
    with pytest.raises(ValueError, match="command 'coffee' is declared twice"):
        merge(COFFEE, COFFEE)
    with pytest.raises(ValueError, match=r"button 'match\.' is declared twice"):
        merge(*registry.FLOWS, Flow(buttons=(("match.", lambda c, a, v: other(c, a, v)),)))


def test_the_shipped_tables_keep_every_word() -> None:
    """The words of the old alias table, each meaning what it meant."""
    old = {
        "join": "join", "signup": "join", "sign-up": "join", "register": "join",
        "anmelden": "join", "mitmachen": "join", "beitreten": "join",
        "status": "status", "stand": "status",
        "leave": "leave", "quit": "leave", "abmelden": "leave", "austreten": "leave",
        "pause": "pause", "pausieren": "pause",
        "resume": "resume", "continue": "resume", "fortsetzen": "resume", "weiter": "resume",
        "help": "help", "hilfe": "help", "?": "help",
        "match": "match", "matching": "match", "vermitteln": "match",
        "tandems": "tandems",
        "dissolve": "dissolve", "aufloesen": "dissolve", "auflösen": "dissolve",
        "change": "change", "wechsel": "change", "wechseln": "change",
        "messages": "messages", "nachrichten": "messages",
        "log": "log", "eintragen": "log", "protokoll": "log", "protokollieren": "log",
        "sessions": "sessions", "treffen": "sessions", "sitzungen": "sessions",
        "hours": "hours", "arbeitszeit": "hours", "zeiten": "hours",
        "retro": "retro", "questions": "retro", "fragen": "retro", "rückblick": "retro",
        "my": "my", "retros": "my", "meine": "my", "rückblicke": "my",
        "concern": "concern", "anliegen": "concern",
        "outbox": "outbox", "postausgang": "outbox",
        "evaluation": "evaluation", "evaluate": "evaluation", "auswertung": "evaluation",
        "evaluierung": "evaluation",
        "report": "report", "bericht": "report",
        "win": "win", "quickwin": "win", "erfolg": "win",
        "wins": "wins", "quickwins": "wins", "erfolge": "wins",
        "forget": "forget", "vergiss": "forget",
        "erase": "erase", "löschen": "erase", "loeschen": "erase",
        "home": "home", "übersicht": "home", "start": "home",
    }
    assert registry.TABLE.aliases == old
    for word in ("status", "pause", "tandems", "?", "kaffee"):
        assert commands.word_language(word) is None
    assert commands.localize_command("/tandem messages retry 12", "de") == (
        "/tandem nachrichten wiederholen 12")
    assert commands.localize_command("tandems all", "de") == "tandems alle"
    assert commands.localize_command("dissolve 12", "de") == "auflösen 12"
    assert commands.localize_command("forget me", "de") == "vergiss mich"
    assert commands.localize_command("my data", "de") == "meine daten"
