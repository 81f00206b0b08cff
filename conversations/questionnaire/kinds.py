"""The four questionnaires the program asks, as data: the retro after each logged session,
the pairing fit after the first, the mid-program check-in and the final evaluation."""

from __future__ import annotations

from conversations.i18n import Translator
from conversations.questionnaire.model import Question, Questionnaire, Situation

MENTOR, MENTEE, PEER = frozenset({"mentor"}), frozenset({"mentee"}), frozenset({"peer"})
SPEAK_FREELY_EVERY = 3  # the mentor's hierarchy check: every third retro


def _yes_no_unsure(t: Translator) -> tuple[tuple[str, str], ...]:
    return (("yes", t("yes")), ("unsure", t("not sure")), ("no", t("no")))


def _yes_no(t: Translator) -> tuple[tuple[str, str], ...]:
    return (("yes", t("yes")), ("no", t("no")))


def _third(s: Situation) -> bool:
    return s.ordinal % SPEAK_FREELY_EVERY == 0


def _project(s: Situation) -> bool:
    return s.deliverable is not None


RETRO = Questionnaire("retro", lambda t: t("Retro"), (
    Question("learned", "text", lambda t, s: t("What did you learn?"), roles=MENTEE | PEER),
    Question("taught", "text",
             lambda t, s: t("What did you teach — and what did you learn yourself?"),
             roles=MENTOR | PEER),
    Question("worked", "text", lambda t, s: t("What worked?")),
    Question("change", "text", lambda t, s: t("What should change next time?")),
    Question("rating", "scale", lambda t, s: t("How was it? (1 = not good, 5 = very good)")),
    Question("freely", "scale",
             lambda t, s: t("Could you speak freely, as the expert in the session? "
                            "(1 = not at all, 5 = completely)"),
             roles=MENTOR, when=_third),
), shareable=True)

FIT = Questionnaire("fit", lambda t: t("Pairing fit"), (
    Question("fit", "choice", lambda t, s: t("Is this a good fit?"), _yes_no_unsure),
))

MID = Questionnaire("mid", lambda t: t("Mid-program check-in"), (
    Question("rating", "scale",
             lambda t, s: t("How satisfied are you with your tandem so far? "
                            "(1 = not at all, 5 = very)")),
    Question("goals", "goals", lambda t, s: t("How far have you got with this goal?")),
    Question("change", "text", lambda t, s: t("What would help for the second half?")),
))

FINAL = Questionnaire("final", lambda t: t("Final evaluation"), (
    Question("rating", "scale",
             lambda t, s: t("How satisfied are you with the program? (1 = not at all, "
                            "5 = very)")),
    Question("goals", "goals", lambda t, s: t("How far did you get with this goal?")),
    Question("deliverable", "choice",
             lambda t, s: t("Did you reach your deliverable?"), _yes_no_unsure, when=_project),
    Question("skills", "text", lambda t, s: t("Which concrete skills did you learn?")),
    Question("relationship", "choice", lambda t, s: t("Did a working relationship form?"),
             _yes_no_unsure),
    Question("continue", "choice",
             lambda t, s: t("Do you want to go on meeting after the program?"), _yes_no),
    Question("program", "text",
             lambda t, s: t("What would you change about the program?")),
))

QUESTIONNAIRES = {q.kind: q for q in (RETRO, FIT, MID, FINAL)}
