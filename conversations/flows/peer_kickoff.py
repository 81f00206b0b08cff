"""The kick-off's words for two peers: both teach and learn, taking turns, and both set goals.

What each teaches the other is read from their sign-ups (what one teaches and the other wants
to learn), as the match saw them: approval refuses a pool that changed since the proposal.
"""

from __future__ import annotations

from collections.abc import Callable

from conversations.flows.match_wording import topic_names
from conversations.flows.members import Members
from conversations.flows.wording import person_name
from conversations.i18n import Translator
from conversations.program import Program
from storage.models import Enrollment, Person, Tandem

ROLE = "peer"


def is_peer_tandem(tandem: Tandem) -> bool:
    return bool(tandem.members) and all(m.role == ROLE for m in tandem.members)


def teaches(teacher: Enrollment | None, learner: Enrollment | None) -> list[str]:
    """What `teacher` can teach that `learner` wants to learn, in the teacher's order."""
    if teacher is None or learner is None:
        return []
    wanted = set(learner.wants or [])
    return [x for x in teacher.topics or [] if x in wanted]


def meet(t: Translator, program: Program, members: Members,
         enrollments: dict[int, Enrollment], who: Callable[[Person], str]) -> str:
    """The introduction's first paragraph for two peers."""
    a, b = members.current()[:2]
    ea, eb = enrollments.get(a.id), enrollments.get(b.id)
    shared = list(members.tandem.shared_topics)
    a_to_b = teaches(ea, eb) or shared
    b_to_a = teaches(eb, ea) or shared
    return t("Meet your tandem partner: {a} and {b}. In this tandem you both teach and learn, "
             "taking turns: {a_name} shows {b_name} {a_topics}, and {b_name} shows {a_name} "
             "{b_topics}.", a=who(a), b=who(b), a_name=person_name(a, a.key),
             b_name=person_name(b, b.key), a_topics=topic_names(a_to_b, program, t),
             b_topics=topic_names(b_to_a, program, t))


def goals_step(t: Translator, members: Members) -> str:
    a, b = members.current()[:2]
    return t("{a} and {b} record 1–3 learning goals together, for what each of you wants to "
             "learn (either of you may edit or add);", a=person_name(a, a.key),
             b=person_name(b, b.key))


def goals_intro(t: Translator) -> str:
    return t("What should each of you be able to do after the program? One to three goals, "
             "in a sentence each, for both of you.")


def eye_level(t: Translator) -> str:
    return t("**Eye level**: whoever teaches is the expert in that part of the session.")
