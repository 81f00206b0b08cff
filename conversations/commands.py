"""Reading `/tandem …` and the same words typed to the bot, in English or German."""

from __future__ import annotations

from dataclasses import dataclass

# Every word a person may type → the command it means. German words are accepted too.
ALIASES: dict[str, str] = {
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
}

# Commands whose argument is required, and the example shown when it is missing or wrong.
USAGE: dict[str, str] = {"pause": "pause 2027-03-31"}

# The German word shown for each command (and sub-command) to someone who writes German.
GERMAN: dict[str, str] = {
    "join": "anmelden", "status": "status", "leave": "abmelden", "pause": "pause",
    "resume": "fortsetzen", "help": "hilfe", "match": "vermitteln", "tandems": "tandems",
    "dissolve": "auflösen", "change": "wechseln", "messages": "nachrichten",
    "retry": "wiederholen", "dismiss": "verwerfen",
}
# Words only German speakers type (status, pause and tandems are both languages).
_GERMAN_ONLY = frozenset({
    "anmelden", "mitmachen", "beitreten", "stand", "abmelden", "austreten", "pausieren",
    "fortsetzen", "weiter", "hilfe", "vermitteln", "aufloesen", "auflösen", "wechsel",
    "wechseln", "nachrichten",
})
_SLASH = "/tandem "


def word_language(word: str) -> str | None:
    """"de" or "en" when the typed command word is only one language's; None if both or neither."""
    word = word.lower()
    if word in _GERMAN_ONLY:
        return "de"
    if ALIASES.get(word) and word not in ("status", "pause", "tandems", "?"):
        return "en"
    return None


def localize_command(text: str, language: str) -> str:
    """A command as written in a text (`help`, `/tandem pause 2027-03-31`, `messages retry 12`)
    in the words of `language`; anything that is not a chat command is left as it is."""
    if language != "de":
        return text
    prefix = _SLASH if text.startswith(_SLASH) else ""
    word, space, rest = text[len(prefix):].partition(" ")
    if word not in GERMAN or word in ("retry", "dismiss"):
        return text
    if word == "tandems" and rest == "all":
        rest = "alle"
    if word == "messages" and rest:
        sub, gap, tail = rest.partition(" ")
        rest = GERMAN.get(sub, sub) + gap + tail
    return prefix + GERMAN[word] + space + rest


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
    return ParsedCommand(ALIASES.get(word.lower()), word, args.strip())


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
