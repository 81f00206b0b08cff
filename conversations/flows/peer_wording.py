"""What the peer format says about proposals and the unmatched: both directions, no roles.

An unmatched peer's reason comes from the 1:1 funnel run in one direction; `params["side"]`
says which ("learning": who teaches what they want; "teaching": who wants what they teach).
"""

from __future__ import annotations

from typing import Any

from conversations.flows import match_wording as words
from conversations.i18n import Translator
from conversations.program import Program

# Someone signed up as mentor or mentee before the program became peer-to-peer: nothing to
# learn yet, so peer matching leaves them out (a flow-level reason, not the solver's).
INCOMPLETE = "PEER_SIGNUP_INCOMPLETE"


def is_peer_reason(code: str, params: dict[str, Any]) -> bool:
    return code == INCOMPLETE or "side" in params


def is_peer_explanation(explanation: dict[str, Any]) -> bool:
    return "a_teaches_b" in explanation


def explain_peers(explanation: dict[str, Any], program: Program, t: Translator,
                  names: list[str]) -> str:
    """"Ana teaches Ben: AI · Ben teaches Ana: Excel · languages: German"."""
    a, b = [*names, "?", "?"][:2]
    parts = [t("{teacher} teaches {learner}: {topics}", teacher=a, learner=b,
               topics=words.topic_names(list(explanation.get("a_teaches_b", [])), program, t)),
             t("{teacher} teaches {learner}: {topics}", teacher=b, learner=a,
               topics=words.topic_names(list(explanation.get("b_teaches_a", [])), program, t)),
             t("languages: {languages}",
               languages=words.language_names(list(explanation.get("shared_languages", [])),
                                              t))]
    return " · ".join(parts)


def for_coordinator(code: str, params: dict[str, Any], program: Program, t: Translator
                    ) -> str | None:
    """The peer wording, or None where the 1:1 wording is right for peers too."""
    topics = words.topic_names(list(params.get("topics", [])), program, t)
    if code == INCOMPLETE:
        return t("signed up before the program became peer-to-peer and has not said what they "
                 "want to learn; they are asked to type `join`")
    if "offer" in params and code not in ("NO_MENTOR_FOR_TOPICS", "NO_MENTEE_FOR_TOPICS"):
        parts = [words._blocker(rule, n, "mentee", program, t)
                 for rule, n in dict(params.get("blocked") or {}).items()]
        if code == "CAPACITY_EXHAUSTED":
            parts.append(t("{n} paired with someone who fits them better",
                           n=params.get("candidates", 0)))
        if params.get("side") == "teaching":
            return t("people who want to learn what they teach: {n}, of them {reasons}",
                     n=params["offer"], reasons=words._joined(parts, t))
        return t("people who teach what they want to learn: {n}, of them {reasons}",
                 n=params["offer"], reasons=words._joined(parts, t))
    match code:
        case "NO_CANDIDATES":
            return t("nobody else can be paired this round")
        case "NO_MENTOR_FOR_TOPICS":
            return t("nobody teaches what they want to learn ({topics})", topics=topics)
        case "NO_MENTEE_FOR_TOPICS":
            return t("nobody who teaches what they want to learn wants to learn what they "
                     "teach ({topics})", topics=topics)
    return None


def for_person(code: str, params: dict[str, Any], program: Program, t: Translator
               ) -> str | None:
    """General terms only, as in the 1:1 wording; None where that wording fits peers."""
    topics = words.topic_names(list(params.get("topics", [])), program, t)
    if code == INCOMPLETE:
        return t("The program now pairs peers who teach each other, and we do not know yet "
                 "what you want to learn: type `join` to add it.")
    match code:
        case "NO_CANDIDATES":
            return t("Nobody else was available this round.")
        case "NO_MENTOR_FOR_TOPICS":
            return t("Nobody currently teaches what you want to learn ({topics}).",
                     topics=topics)
        case "NO_MENTEE_FOR_TOPICS":
            return t("Nobody who teaches what you want to learn currently wants to learn what "
                     "you teach ({topics}).", topics=topics)
    blocked = set(params.get("blocked") or {})
    if code == "NO_SHARED_LANGUAGE" or blocked == {"NO_SHARED_LANGUAGE"}:
        return t("Nobody who could teach you or learn from you currently shares one of your "
                 "languages.")
    return None
