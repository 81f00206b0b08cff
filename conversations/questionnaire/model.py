"""What a questionnaire is: its questions, each of one kind, in order, some only for one role
or only sometimes. Pure data: asking, answering and storing are the flows' (`flows/`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from conversations.i18n import Translator

# text: free text (private to its author); scale: 1…5; choice: one of `choices`;
# goals: one choice per kick-off goal (met / partly / not yet), asked goal by goal.
Kind = Literal["text", "scale", "choice", "goals"]
SCALE = (1, 5)
GOAL_CHOICES = ("met", "partly", "not_yet")


@dataclass(frozen=True)
class Situation:
    """What decides which questions someone is asked: their role in the tandem, its format,
    how many of this questionnaire they have been asked here (1 = the first), the tandem's
    kick-off goals and whether it has a deliverable (a project tandem)."""
    role: str  # mentor | mentee | peer
    format: str  # one_to_one | group | peer | project
    ordinal: int = 1
    goals: tuple[str, ...] = ()
    deliverable: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    # The question in the reader's language: `lambda t, s: t("…")` (a literal msgid).
    prompt: Callable[[Translator, Situation], str] = field(compare=False)
    # For `choice`: (value, label) in the reader's language.
    choices: Callable[[Translator], tuple[tuple[str, str], ...]] | None = field(
        default=None, compare=False)
    roles: frozenset[str] | None = None  # None: everyone
    # A skip rule beyond the role: asked only when this holds (e.g. every third retro).
    when: Callable[[Situation], bool] | None = field(default=None, compare=False)
    optional: bool = True  # "skip" is allowed (every question so far is)

    def asks(self, situation: Situation) -> bool:
        if self.roles is not None and situation.role not in self.roles:
            return False
        return self.when is None or self.when(situation)


@dataclass(frozen=True)
class Questionnaire:
    kind: str  # retro | fit | mid | final: `Response.kind`
    title: Callable[[Translator], str] = field(compare=False)
    questions: tuple[Question, ...]
    # Free-text answers may be shared with the partner (the retro); never for the others.
    shareable: bool = False

    def asked(self, situation: Situation) -> list[Question]:
        """The questions this person is asked, in order. A `goals` question becomes one
        choice question per kick-off goal, `<id>:<n>` (none without goals)."""
        asked: list[Question] = []
        for question in self.questions:
            if not question.asks(situation):
                continue
            if question.kind == "goals":
                asked.extend(_goal_question(question, n) for n in range(len(situation.goals)))
            else:
                asked.append(question)
        return asked


def _goal_question(question: Question, n: int) -> Question:
    return Question(f"{question.id}:{n}", "choice", question.prompt, goal_choices,
                    question.roles, None, question.optional)


def goal_choices(t: Translator) -> tuple[tuple[str, str], ...]:
    return (("met", t("met")), ("partly", t("partly")), ("not_yet", t("not yet")))


def goal_index(question_id: str) -> int | None:
    """For a goal question `<id>:<n>`, n (which kick-off goal it shows); else None."""
    _, colon, n = question_id.rpartition(":")
    return int(n) if colon and n.isdecimal() else None
