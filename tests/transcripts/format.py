r"""One transcript format that the console, Slack and Teams harnesses all play.

A transcript is a plain text file (`tests/transcripts/*.txt`), one step per line; the first
comment names the story. `test_transcripts.py` plays every file on every harness.

    # sign-up and a match, 1:1
    @mia    > join                       @mia types `join` (console line, Slack `/tandem join`,
                                         Teams message)
    @alex   >> More time                 @alex replies in the bot's DM (console line, Slack
                                         message event in the DM, Teams message)
    @mia    [form signup] role=mentor; topics=ai,tools; level=junior; consent=yes
                                         @mia submits the form she was last shown (`join`
                                         opened it) under its form id, answers by field id;
                                         several choices separated by commas
    bot     < Welcome to                 what @mia saw in answer to her step contains this
    @coord  > match
    bot     < /\(mentor\) ↔ .* score \d/    ... or matches this regular expression
    @coord  [click Approve all]          presses the last button with this label that @coord
                                         saw (in an answer or in a delivered message)
    bot -> @alex  < Meet your tandem     a message delivered to @alex contains this
    bot     !< Welcome                   what the actor saw does NOT contain this
    bot -> @alex  !< proposes            ... nor anything delivered to @alex since the last check
    @coord  [add the bot to #wins]       the bot joins the channel `#wins` (Slack: it is
                                         invited; Teams: the app is added to the channel's
                                         team; console: nothing to do)
    bot -> #wins  < Quick win            a message posted in that channel contains this
    bot     < [file report.png]          a file the actor received: every player shows a file
    bot -> @coord < [file report.csv]    as `[file NAME]` (console: saved in the player's own
                                         folder; Slack: shared by files.completeUploadExternal
                                         into the DM; Teams: an inline image, or the consent
                                         card that offers the file)
    ~ 11 days later                      the clock moves on (days or hours), the scheduler's
                                         due work runs, the outbox is delivered
    ~ restart                            the bot's process stops and a new one starts on the
                                         same database (the platform and the clock go on)
    % program.format = "group"           a setting of the program file this story runs
    % groups.mentors = [3, 4]            under (`table.key = TOML value`), on every platform;
                                         settings come before the first step

A line `#! format = peer` sets the program's format (`[program] format`) for every harness.

Channels are aliases too: `#wins` is the Slack channel `C0WINS`, the Teams channel
`19:wins@thread.tacv2` and the console's `wins` (a story that posts sets them as
`% quick_wins.slack = "C0WINS"` and so on). Until the bot is added, it is not in `#wins`.

People are aliases, the same on every platform: `@coord` (the program's coordinator), `@mia`
(a junior colleague), `@alex`, `@sam`, `@kai`, and `@greta` (German, formal "Sie"); each player maps
them to its platform's users, whose display names differ (keep names out of expectations, or
use a regex). `bot <` checks the replies to the latest step; `bot -> @x <` checks messages
delivered to @x after the outbox settled, since the last match for @x (a match consumes the
messages up to it). Texts are compared normalised: markdown markers (`*`, `_`, backticks) and
list bullets dropped, whitespace collapsed, so one line holds for Block Kit, Adaptive Card text
and console output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

_MARKERS = re.compile(r"[*`]|(?<!\w)_|_(?!\w)")
_BULLETS = re.compile(r"^\s*[-•]\s+", re.MULTILINE)  # console "- ", Slack and Teams "• "


def normalise(text: str) -> str:
    return " ".join(_MARKERS.sub("", _BULLETS.sub("", text)).split())


@dataclass(frozen=True)
class Say:
    who: str
    text: str
    dm: bool = False  # `>>`: a reply typed in the DM (Slack: a message, not /tandem)


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
class Invite:
    """`@who [add the bot to #channel]`: the bot becomes a member of the channel."""
    who: str
    channel: str  # with its `#`


@dataclass(frozen=True)
class Expect:
    """`to` is None for the actor's own replies, else the alias messages are delivered to
    (a person's, or a channel's with its `#`)."""
    wanted: str
    to: str | None = None
    absent: bool = False
    line: int = 0

    def found_in(self, text: str) -> bool:
        seen = normalise(text)
        if len(self.wanted) > 2 and self.wanted.startswith("/") and self.wanted.endswith("/"):
            return re.search(self.wanted[1:-1], seen) is not None
        return normalise(self.wanted) in seen


@dataclass(frozen=True)
class Later:
    delta: timedelta


@dataclass(frozen=True)
class Setting:
    """`% table.key = value`: the program file's `[table]` gets `key = value` (TOML)."""
    table: str
    key: str
    value: str


@dataclass(frozen=True)
class Restart:
    """`~ restart`: a new process of the bot on the same database."""


Step = Say | Click | Fill | Invite | Expect | Later | Setting | Restart
_LATER = re.compile(r"~\s*(\d+)\s+(day|hour)s?\s+later")
_RESTART = re.compile(r"~\s*restart")

_ACTOR = re.compile(r"@(\w+)\s+(.*)")
_SETTING = re.compile(r"%\s*(\w+)\.(\w+)\s*=\s*(.+)")
_BOT = re.compile(r"bot(?:\s*->\s*([@#]\w+))?\s+(!?)<\s*(.*)")


def parse(text: str) -> list[Step]:
    steps: list[Step] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if later := _LATER.fullmatch(line):
            unit = "days" if later[2] == "day" else "hours"
            steps.append(Later(timedelta(**{unit: int(later[1])})))
            continue
        if _RESTART.fullmatch(line):
            steps.append(Restart())
            continue
        if m := _SETTING.fullmatch(line):
            if any(not isinstance(s, Setting) for s in steps):
                raise ValueError(f"line {number}: settings come before the first step")
            steps.append(Setting(m[1], m[2], m[3].strip()))
            continue
        if m := _BOT.fullmatch(line):
            to = m[1].removeprefix("@") if m[1] else None
            steps.append(Expect(m[3].strip(), to, m[2] == "!", number))
            continue
        m = _ACTOR.fullmatch(line)
        if m is None:
            raise ValueError(f"line {number}: not a step: {raw!r}")
        who, rest = m[1], m[2].strip()
        if rest.startswith(">>"):
            steps.append(Say(who, rest[2:].strip(), dm=True))
        elif rest.startswith(">"):
            steps.append(Say(who, rest[1:].strip()))
        elif i := re.fullmatch(r"\[add the bot to (#\w+)\]", rest):
            steps.append(Invite(who, i[1]))
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


def program_text(base: str, settings: list[Setting]) -> str:
    """The program file `base` with the settings: a key the table has is replaced, a new key
    goes right under the table's header, a new table at the end."""
    lines = base.splitlines()
    for setting in settings:
        entry = f"{setting.key} = {setting.value}"
        header = lines.index(f"[{setting.table}]") if f"[{setting.table}]" in lines else None
        if header is None:
            lines += ["", f"[{setting.table}]", entry]
            continue
        end = next((i for i in range(header + 1, len(lines)) if lines[i].startswith("[")),
                   len(lines))
        own = next((i for i in range(header + 1, end)
                    if re.match(rf"{setting.key}\s*=", lines[i])), None)
        if own is None:
            lines.insert(header + 1, entry)
        else:
            lines[own] = entry
    return "\n".join(lines) + "\n"
