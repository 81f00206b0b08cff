"""Reading `/tandem …` and the same words typed to the bot, in English or German."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conversations.context import Context
    from conversations.due import DueRun
    from conversations.i18n import Translator
    from conversations.replies import Reply
    from storage.models import ConversationState

# (ctx, args, prefix): prefix is "/tandem " for a slash command, "" for a typed one
CommandHandler = Callable[["Context", str, str], Awaitable[list["Reply"]]]
ButtonHandler = Callable[["Context", str, str], Awaitable[list["Reply"]]]  # (ctx, id, value)
FormHandler = Callable[["Context", str, dict[str, str | list[str]]], Awaitable[list["Reply"]]]
# (ctx, text, state): a DM typed while the person's conversation of that flow waits for text.
# None: the text is not an answer after all (a command typed meanwhile): run it as one.
AnswerHandler = Callable[["Context", str, "ConversationState"],
                         Awaitable[list["Reply"] | None]]
# One kind of work that becomes due with time (check-ins, kick-off nudges), run by each tick:
# set-based, a fixed number of statements however many tandems are due.
DueWork = Callable[["DueRun"], Awaitable[None]]

# A button whose value is a command's text (`Button(RUN, "Match", "match")`): the click runs
# that command exactly as if the person had typed it (the core's one path: coordinators only
# where the command says so, "unknown" for a word no flow declares).
RUN = "run"
# A conversation state whose step starts with this waits for the person's next DM (e.g.
# "ask:reason"); every other step ("enrolled", "form_open") never captures a DM.
ASKING = "ask:"
# An unanswered question stops capturing DMs after this long: they are commands again.
ASK_EXPIRES = timedelta(hours=24)
# A conversation whose step starts with this holds the person's DMs with no time limit (a
# questionnaire answered over days): its flow ends it, and its handler sees every DM but
# `help` — "stop" and "cancel" included, which it must understand itself.
HOLDING = "hold:"
# Words that end an open conversation instead of answering it (help still works as help).
STOP_WORDS = frozenset({"stop", "cancel", "stopp", "abbrechen", "abbruch", "halt"})


@dataclass(frozen=True)
class HelpLine:
    """One line of `help`: the command as shown (English, e.g. "pause 2027-03-31"), what it
    does (`lambda t: t("...")`, a literal msgid for the extractor), and its place in the list."""
    example: str
    text: Callable[[Translator], str]
    rank: int
    coordinator: bool = False  # listed under "As a coordinator you can also use:"


@dataclass(frozen=True)
class Command:
    """A command a flow answers: every word for it, its help lines and its handler."""
    name: str
    english: tuple[str, ...]  # words English speakers type (the name among them)
    german: tuple[str, ...]  # words German speakers type; the first is the one shown
    handler: CommandHandler
    help: tuple[HelpLine, ...] = ()
    coordinator_only: bool = False  # the core refuses everyone else, before the handler
    neutral: tuple[str, ...] = ()  # words of no language ("?")
    sub_german: tuple[tuple[str, str], ...] = ()  # sub-command words: ("all", "alle")

    def words(self) -> tuple[str, ...]:
        return self.english + self.german + self.neutral


@dataclass(frozen=True)
class Flow:
    """What one flow answers: commands, buttons by action id (a key ending in "." is a prefix)
    and forms by id (a key ending in ":" is a kind, the part of the id before ":")."""
    commands: tuple[Command, ...] = ()
    buttons: tuple[tuple[str, ButtonHandler], ...] = ()
    forms: tuple[tuple[str, FormHandler], ...] = ()
    # flow name (ConversationState.flow) → the handler for a DM while it asks for text
    conversations: tuple[tuple[str, AnswerHandler], ...] = ()
    # what the tick runs for this flow, in order (the flows' order in the registry)
    due: tuple[DueWork, ...] = ()


@dataclass(frozen=True)
class Table:
    """The flows' tables merged; `merge` rejects a word, button or form claimed twice."""
    commands: dict[str, Command]
    aliases: dict[str, str]  # every word a person may type → the command it means
    buttons: dict[str, ButtonHandler]
    forms: dict[str, FormHandler]
    conversations: dict[str, AnswerHandler]
    due: tuple[DueWork, ...] = ()

    def button(self, action_id: str) -> ButtonHandler | None:
        for key, handler in self.buttons.items():
            if action_id == key or (key.endswith(".") and action_id.startswith(key)):
                return handler
        return None

    def form(self, form_id: str) -> FormHandler | None:
        for key, handler in self.forms.items():
            if form_id == key or (key.endswith(":") and form_id.partition(":")[0] + ":" == key):
                return handler
        return None

    def help_lines(self, coordinator: bool) -> list[HelpLine]:
        lines = [h for c in self.commands.values() for h in c.help
                 if h.coordinator == coordinator]
        return sorted(lines, key=lambda h: h.rank)


def merge(*flows: Flow) -> Table:
    commands: dict[str, Command] = {}
    aliases: dict[str, str] = {}
    buttons: dict[str, ButtonHandler] = {}
    forms: dict[str, FormHandler] = {}
    answers: dict[str, AnswerHandler] = {}
    due: list[DueWork] = []
    for flow in flows:
        due.extend(flow.due)
        for command in flow.commands:
            if command.name in commands:
                raise ValueError(f"command {command.name!r} is declared twice")
            commands[command.name] = command
            for word in dict.fromkeys(w.lower() for w in command.words()):
                if aliases.get(word, command.name) != command.name:
                    raise ValueError(f"the word {word!r} means both {aliases[word]!r} and "
                                     f"{command.name!r}")
                aliases[word] = command.name
        for key, button in flow.buttons:
            if key in buttons:
                raise ValueError(f"button {key!r} is declared twice")
            buttons[key] = button
        for key, form in flow.forms:
            if key in forms:
                raise ValueError(f"form {key!r} is declared twice")
            forms[key] = form
        for key, answer in flow.conversations:
            if key in answers:
                raise ValueError(f"conversation {key!r} is declared twice")
            answers[key] = answer
    return Table(commands, aliases, buttons, forms, answers, tuple(due))


def table() -> Table:
    """The merged table of every flow (conversations.flows.registry), imported on first use:
    the flows import this module."""
    from conversations.flows.registry import TABLE
    return TABLE


# Commands whose argument is required, and the example shown when it is missing or wrong.
USAGE: dict[str, str] = {"pause": "pause 2027-03-31"}
_SLASH = "/tandem "


def word_language(word: str) -> str | None:
    """"de" or "en" when the typed command word is only one language's; None if both or neither."""
    word = word.lower()
    command = table().commands.get(table().aliases.get(word, ""))
    if command is None:
        return None
    german, english = word in command.german, word in command.english
    if german and not english:
        return "de"
    if english and not german:
        return "en"
    return None


def localize_command(text: str, language: str) -> str:
    """A command as written in a text (`help`, `/tandem pause 2027-03-31`, `messages retry 12`)
    in the words of `language`; anything that is not a chat command is left as it is."""
    if language != "de":
        return text
    prefix = _SLASH if text.startswith(_SLASH) else ""
    word, space, rest = text[len(prefix):].partition(" ")
    command = table().commands.get(word)
    if command is None or not command.german:
        return text
    if rest and command.sub_german:
        sub, gap, tail = rest.partition(" ")
        rest = dict(command.sub_german).get(sub, sub) + gap + tail
    return prefix + command.german[0] + space + rest


@dataclass(frozen=True)
class ParsedCommand:
    name: str | None  # None: unknown word
    word: str  # what the person typed first, for the "I don't know …" reply
    args: str


def parse_command(text: str) -> ParsedCommand:
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    # Typed in a DM people often repeat the slash command; accept "/tandem status" too.
    for prefix in ("/tandem ", "tandem "):
        if cleaned.lower().startswith(prefix):
            cleaned = cleaned[len(prefix):]
    if cleaned.lower() in ("/tandem", "tandem"):
        cleaned = ""
    word, _, args = cleaned.partition(" ")
    if not word:
        return ParsedCommand("help", "", "")
    return ParsedCommand(table().aliases.get(word.lower()), word, args.strip())


# The largest id a row can have: PostgreSQL `integer` columns (SQLite's are wider).
MAX_ID = 2**31 - 1


def parse_number(text: str, low: int, high: int) -> int | None:
    """A whole number as people type it (ASCII digits only), within [low, high]; else None.

    `"²".isdigit()` is True and `int("²")` raises; `int("١٤")` is 14; 10**20 overflows the
    database: only ASCII decimal digits within the range are a number here.
    """
    text = text.strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None


def parse_id(text: str) -> int | None:
    """A row id from a button value or a typed `#12`: 1 … MAX_ID, else None."""
    return parse_number(text.strip().removeprefix("#"), 1, MAX_ID)
