"""Sign-up as a conversation in the console adapter: no platform SDK involved."""

from __future__ import annotations

from sqlalchemy import func, select

from conversations.core import TandemCore
from conversations.events import Actor, AppInstalled, FormSubmitted, MemberJoined
from conversations.replies import Form, FormAccepted, FormErrors, Text
from storage.models import ConversationState, Enrollment, Person
from tests.flows.conftest import MENTEE, MENTOR, Transcript


async def counts(core: TandemCore) -> tuple[int, int, int]:
    async with core.store.session() as s:
        return (
            await s.scalar(select(func.count()).select_from(Person)) or 0,
            await s.scalar(select(func.count()).select_from(Enrollment)) or 0,
            await s.scalar(select(func.count()).select_from(ConversationState)) or 0,
        )


async def enrollment_of(core: TandemCore, key: str) -> Enrollment | None:
    async with core.store.session() as s:
        return await s.scalar(
            select(Enrollment).join(Person, Person.id == Enrollment.person_id)
            .where(Person.key == key)
        )


async def test_mentee_signs_up_in_english(transcript: Transcript, core: TandemCore) -> None:
    out = await transcript.say("erika", "join", MENTEE, lang="en-US")
    assert "Role *" in out and "Topics *" in out and "Seniority level" in out
    assert "Welcome to Reverse Mentoring 2027! You are signed up as mentee" in out
    assert "AI in everyday work, Developer experience" in out
    enrollment = await enrollment_of(core, "console:erika")
    assert enrollment is not None
    assert (enrollment.role, enrollment.topics, enrollment.level) == (
        "mentee", ["ai", "devex"], "executive")
    assert enrollment.languages == ["de", "en"]
    assert enrollment.department == "Vorstand" and enrollment.timezone == "Europe/Berlin"
    status = await transcript.say("erika", "status")
    assert "you take part as mentee" in status and "waiting for a tandem partner" in status


async def test_mentor_signs_up_in_german(transcript: Transcript, core: TandemCore) -> None:
    out = await transcript.say("jonas", "anmelden", MENTOR, lang="de-DE")
    assert "Rolle *" in out and "Themen *" in out and "Spielregeln *" in out
    assert "Willkommen bei Reverse Mentoring 2027! Sie sind als Mentor/in angemeldet" in out
    assert "KI im Arbeitsalltag" in out
    enrollment = await enrollment_of(core, "console:jonas")
    assert enrollment is not None and enrollment.role == "mentor"


async def test_each_answer_is_checked_as_given_and_asked_again_under_its_label(
    transcript: Transcript, core: TandemCore
) -> None:
    before = await counts(core)
    # Enter without a choice, a word for a number, a zone that does not exist, a declined
    # consent: each is refused at once with the flow's own message, and asked again.
    answers = ["", "boss", "2", "1,3", "", "", "", "Mars/Base", "", "", "", "n", "cancel"]
    out = await transcript.say("max", "join", answers, lang="en")
    lines = out.splitlines()
    role = [i for i, x in enumerate(lines) if x.startswith("Role *")]
    assert len(role) == 3  # asked, refused twice, asked again each time under its label
    assert out.count("  ! Please choose whether you join as mentor or mentee.") == 2
    assert "  ! Unknown time zone. Please use a name like Europe/Berlin." in out
    # The refused zone did not replace the suggestion: it is still offered.
    zone = [x for x in lines if x.startswith("Time zone")]
    assert zone == ["Time zone [Europe/Berlin]: "] * 2
    assert "  ! Please agree to the ground rules to take part." in out
    assert "! role:" not in out and "! timezone" not in out  # never a field's id
    assert "Cancelled. Nothing was saved." in out
    people, enrollments, _ = await counts(core)
    assert (people, enrollments) == before[:2] == (0, 0)


async def test_a_refused_zone_keeps_the_suggestion_and_the_form_then_succeeds(
    transcript: Transcript, core: TandemCore
) -> None:
    answers = [*MENTEE[:5], "Europe", "", *MENTEE[6:]]
    out = await transcript.say("erika", "join", answers, lang="en")
    assert "Unknown time zone" in out and "Welcome to" in out
    enrollment = await enrollment_of(core, "console:erika")
    assert enrollment is not None and enrollment.timezone == "Europe/Berlin"


async def test_errors_come_back_in_german(core: TandemCore) -> None:
    actor = Actor("console", "max", locale="de-AT")
    outcome = await core.handle(FormSubmitted(actor, "signup", {"role": "boss"}))
    [errors] = outcome.replies
    assert isinstance(errors, FormErrors)
    assert errors.errors["role"].startswith("Bitte wählen Sie")
    assert set(errors.errors) == {"role", "topics", "consent"}
    assert isinstance(errors.form, Form)  # the form again, with what was entered


async def test_unknown_topic_language_level_and_zone_are_named(core: TandemCore) -> None:
    actor = Actor("console", "max", locale="en")
    values = {"role": "mentor", "topics": ["ai", "astrology"], "languages": ["klingon"],
              "level": "emperor", "timezone": "Mars/Olympus", "consent": ["yes"],
              "department": "x" * 500}
    outcome = await core.handle(FormSubmitted(actor, "signup", values))
    [errors] = outcome.replies
    assert isinstance(errors, FormErrors)
    assert set(errors.errors) == {"topics", "languages", "level", "timezone", "department"}
    assert await counts(core) == (0, 0, 0)


async def test_double_submit_enrols_once(core: TandemCore) -> None:
    actor = Actor("console", "lena", locale="en")
    values = {"role": "mentor", "topics": "ai,tools", "consent": "true"}
    first = await core.handle(FormSubmitted(actor, "signup", values))
    second = await core.handle(FormSubmitted(actor, "signup", values))
    assert isinstance(first.replies[0], FormAccepted)
    assert "Nothing was changed" in second.replies[1].markdown  # type: ignore[union-attr]
    assert (await counts(core))[1] == 1
    enrollment = await enrollment_of(core, "console:lena")
    assert enrollment is not None and enrollment.topics == ["ai", "tools"]


async def test_a_redelivered_event_has_one_effect(core: TandemCore) -> None:
    actor = Actor("console", "lena", locale="en")
    values = {"role": "mentee", "topics": ["ai"], "consent": ["yes"]}
    first = await core.handle(FormSubmitted(actor, "signup", values, event_id="Ev1"))
    again = await core.handle(FormSubmitted(actor, "signup", values, event_id="Ev1"))
    assert first.outcome == "ok" and again.outcome == "duplicate" and again.replies == []


async def test_join_twice_says_already_signed_up(transcript: Transcript) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    out = await transcript.say("erika", "join", lang="en")
    assert "You are already signed up as mentee" in out


async def test_installing_or_joining_never_enrols(core: TandemCore) -> None:
    actor = Actor("console", "newbie", locale="de")
    for event in (AppInstalled(actor), MemberJoined(actor)):
        outcome = await core.handle(event)
        [reply] = outcome.replies
        assert isinstance(reply, Text) and "freiwillig" in reply.markdown
    assert await counts(core) == (0, 0, 0)


async def test_mentor_and_mentee_can_both_sign_up(transcript: Transcript,
                                                  core: TandemCore) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    await transcript.say("jonas", "join", MENTOR, lang="en")
    roles = {k: (await enrollment_of(core, f"console:{k}")).role  # type: ignore[union-attr]
             for k in ("erika", "jonas")}
    assert roles == {"erika": "mentee", "jonas": "mentor"}
