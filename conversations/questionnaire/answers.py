"""Reading an answer typed (or clicked) to one question: a score, a choice, free text, or
one of the words that steer the questionnaire (skip, back, stop)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from conversations.commands import STOP_WORDS, parse_number
from conversations.i18n import Translator
from conversations.questionnaire.model import SCALE, Question, goal_choices
from storage.models import MAX_ANSWER_TEXT

SKIP_WORDS = frozenset({"skip", "pass", "überspringen", "ueberspringen", "weiter", "-"})
BACK_WORDS = frozenset({"back", "zurück", "zurueck"})

Step = Literal["answer", "skip", "back", "stop", "invalid"]


@dataclass(frozen=True)
class Parsed:
    step: Step
    number: int | None = None
    choice: str | None = None
    text: str | None = None
    problem: str | None = None  # for "invalid": the friendly correction, in the reader's words


def steering(text: str) -> Step | None:
    """skip / back / stop typed alone (any case, a trailing "." or "!"); else None."""
    word = " ".join(text.split()).lower().strip(".!")
    if word in SKIP_WORDS:
        return "skip"
    if word in BACK_WORDS:
        return "back"
    if word in STOP_WORDS:
        return "stop"
    return None


def choices_of(t: Translator, question: Question) -> tuple[tuple[str, str], ...]:
    if question.choices is not None:
        return question.choices(t)
    return goal_choices(t)


def storable(text: str) -> str:
    """Typed text as it can be kept: NUL (PostgreSQL refuses it) and half surrogate pairs
    (no encoding can store them) replaced, line breaks kept, ends trimmed."""
    cleaned = "".join("\ufffd" if unicodedata.category(c) == "Cs" else
                      (" " if c == "\x00" else c) for c in text)
    return cleaned.strip()


def parse(t: Translator, question: Question, text: str) -> Parsed:
    step = steering(text)
    if step is not None:
        return Parsed(step)
    if question.kind == "scale":
        number = parse_number(text.strip().rstrip("."), *SCALE)
        if number is None:
            return Parsed("invalid", problem=t(
                "Please answer with a number from {low} to {high} — or `skip`.",
                low=SCALE[0], high=SCALE[1]))
        return Parsed("answer", number=number)
    if question.kind in ("choice", "goals"):
        options = choices_of(t, question)
        typed = " ".join(text.split()).lower().strip(".!")
        for n, (value, label) in enumerate(options, start=1):
            if typed in (value.lower(), label.lower(), str(n)):
                return Parsed("answer", choice=value)
        return Parsed("invalid", problem=t(
            "Please answer with one of: {options} — or `skip`.",
            options=", ".join(f"{n} {label}" for n, (_v, label) in
                              enumerate(options, start=1))))
    kept = storable(text)
    if not kept:
        return Parsed("invalid", problem=t("Please write a few words — or `skip`."))
    if len(kept) > MAX_ANSWER_TEXT:
        return Parsed("invalid", problem=t(
            "That is {count} characters; I keep at most {most} per answer. Please shorten "
            "it and send it again — nothing was saved yet.",
            count=t.number(len(kept)), most=t.number(MAX_ANSWER_TEXT)))
    return Parsed("answer", text=kept)
