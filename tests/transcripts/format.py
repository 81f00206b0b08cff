"""One transcript format that the console, Slack and Teams harnesses all play.

A transcript is a plain text file (`tests/transcripts/*.txt`), one step per line:

    # a comment (the first one names the story)
    @coord  > match                      @coord types `match` (a DM / slash command)
    bot     < Proposed tandems           what @coord saw in answer contains this text
    bot     < /score \\d/                 ... or matches this regular expression
    @mia    [click Agree to the ground rules]   @mia presses the last button with this label
    @mia    [form signup] role=mentor; topics=ai,tools; level=junior; consent=yes
                                         @mia submits the form `signup` (the last one she was
                                         shown, or the one `join` opens) with these field ids;
                                         several choices are separated by commas
    bot -> @alex  < Meet your tandem     a message delivered to @alex (the outbox, after the
                                         step) contains this text
    bot     !< I don't know              what the actor saw does NOT contain this text

People are aliases (`@coord` is the program's coordinator on every platform); each player maps
them to its platform's users. `bot <` checks the replies to the latest step; `bot -> @x <`
checks messages delivered to @x since the last such check of @x (a match consumes what came
up to it). Texts are compared normalised: markdown markers (`*`, `_`, backticks) dropped and
whitespace collapsed, so one line holds for Block Kit, Adaptive Cards and console output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_MARKERS = re.compile(r"[*`]|(?<!\w)_|_(?!\w)")


def normalise(text: str) -> str:
    return " ".join(_MARKERS.sub("", text).split())


@dataclass(frozen=True)
class Say:
    who: str
    text: str


@dataclass(frozen=True)
class Click:
    who: str
    label: str


@dataclass(frozen=True)
class Fill:
    who: str
    form_id: str
    values: dict[str, str]


@dataclass(frozen=True)
class Expect:
    """`to` is None for the actor's own replies, else the alias messages are delivered to."""
    wanted: str
    to: str | None = None
    absent: bool = False
    line: int = 0

    def found_in(self, text: str) -> bool:
        seen = normalise(text)
        if len(self.wanted) > 2 and self.wanted.startswith("/") and self.wanted.endswith("/"):
            return re.search(self.wanted[1:-1], seen) is not None
        return normalise(self.wanted) in seen


Step = Say | Click | Fill | Expect

_ACTOR = re.compile(r"@(\w+)\s+(.*)")
_BOT = re.compile(r"bot(?:\s*->\s*@(\w+))?\s+(!?)<\s*(.*)")


def parse(text: str) -> list[Step]:
    steps: list[Step] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if m := _BOT.fullmatch(line):
            steps.append(Expect(m[3].strip(), m[1], m[2] == "!", number))
            continue
        m = _ACTOR.fullmatch(line)
        if m is None:
            raise ValueError(f"line {number}: not a step: {raw!r}")
        who, rest = m[1], m[2].strip()
        if rest.startswith(">"):
            steps.append(Say(who, rest[1:].strip()))
        elif c := re.fullmatch(r"\[click (.+)\]", rest):
            steps.append(Click(who, c[1].strip()))
        elif f := re.fullmatch(r"\[form (\w+)\](.*)", rest):
            values = {}
            for part in f[2].split(";"):
                if part.strip():
                    key, _, value = part.partition("=")
                    values[key.strip()] = value.strip()
            steps.append(Fill(who, f[1], values))
        else:
            raise ValueError(f"line {number}: not a step: {raw!r}")
    return steps


def load(path: Path) -> list[Step]:
    return parse(path.read_text(encoding="utf-8"))
