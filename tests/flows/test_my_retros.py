"""`my retros` and sharing: a person's own answers as they typed them; the partner sees the
written answers only once they are shared (checkbox, button, `my retros`), gets them once in
a message, never the scores, and no longer sees them after sharing stops; in a circle the
whole circle. Buttons of someone else's retro change nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import MessageReceived
from conversations.replies import (
    VERBATIM_OPEN,
    Card,
    Form,
    FormAccepted,
    Reply,
    Text,
    Update,
    without_markers,
)
from storage.models import Person, Response
from tests.flows.checkin_setup import active_tandem, outbox
from tests.flows.test_matching_kickoff import Cohort
from tests.flows.test_retro_reminders import ask
from tests.flows.test_sessions import active_pair

TYPED = "I <3 *prompts* — with `examples`"


def shown(replies: list[Reply]) -> str:
    parts = []
    for r in replies:
        body = r.body if isinstance(r, Update) else r
        if isinstance(body, Text):
            parts.append(body.markdown)
        elif isinstance(body, Card):
            parts += [body.title, *body.sections, *(f"[{b.label}]" for b in body.buttons)]
    return without_markers("\n".join(parts)).replace("**", "")


def buttons(replies: list[Reply], action: str) -> list[str]:
    return [b.value for r in replies for body in [r.body if isinstance(r, Update) else r]
            if isinstance(body, Card) for b in body.buttons if b.action_id == action]


async def dm(c: Cohort, name: str, text: str) -> list[Reply]:
    return await c.send(name, MessageReceived(c.actor(name), text))


async def logged(core: TandemCore, clock: FakeClock) -> tuple[Cohort, int, int]:
    """Ben logs a session: Sales VP's retro (learned, worked, change, rating) is open."""
    c, tid = await active_pair(core, clock)
    clock.advance(timedelta(days=6))
    await c.submit("ben", f"log:{tid}", {"date": "2027-01-25", "minutes": "50",
                                         "about": "goal1"})
    async with core.store.session() as s:
        rid = await s.scalar(select(Response.id).join(Person, Person.id == Response.person_id)
                             .where(Person.key == "console:salesvp", Response.kind == "retro"))
    assert rid is not None
    c.inbox.clear()
    return c, tid, rid


async def answer_all(c: Cohort) -> list[Reply]:
    for text in (TYPED, "skip", "More demos"):
        await dm(c, "salesvp", text)
    return await dm(c, "salesvp", "5")


async def shared_at(core: TandemCore, rid: int) -> object:
    async with core.store.session() as s:
        response = await s.get(Response, rid)
        assert response is not None
        return response.shared_at


async def test_own_answers_as_typed_and_the_partner_sees_them_only_once_shared(
        core: TandemCore, clock: FakeClock) -> None:
    c, _tid, rid = await logged(core, clock)
    finished = await answer_all(c)
    said = shown(finished)
    assert "Thank you — your answers are saved" in said
    assert "Share with Ben?" in said and buttons(finished, "retro.share") == [str(rid)]
    assert await shared_at(core, rid) is None  # nothing shared unless asked
    mine = await c.send("salesvp", "my retros")
    text = shown(mine)
    assert TYPED in text and VERBATIM_OPEN in "".join(
        s for r in mine if isinstance(r, Card) for s in r.sections)
    assert "Your answer: 5" in text and "Skipped." in text
    assert "Private: only you see your written answers." in text
    # Every questionnaire of hers, latest first: the first session's pairing fit, the retro.
    assert "Pairing fit" in text and buttons(mine, "q.form")[-1] == str(rid)
    # Ben sees his own open retro, nothing of hers.
    his = shown(await c.send("ben", "my retros"))
    assert "Open: type `retro` to go on" in his and TYPED not in his
    assert "[Share my answers" not in his  # nothing written yet: nothing to share
    # Her buttons are hers: Ben pressing them changes nothing.
    assert "no longer in use" in shown(await c.click("ben", "retro.share", str(rid)))
    assert await shared_at(core, rid) is None
    # She shares: the card says so and offers to stop; Ben gets the written answers once.
    replies = await c.click("salesvp", "retro.share", str(rid))
    assert isinstance(replies[0], Update) and "Shared with Ben" in shown(replies[:1])
    assert buttons(replies, "retro.unshare") == [str(rid)]
    [note] = c.inbox["ben"]
    assert TYPED in shown([note]) and "More demos" in shown([note])
    assert "How was it?" not in shown([note])  # never the score
    assert "already share" in shown(await c.click("salesvp", "retro.share", str(rid)))
    his = shown(await c.send("ben", "my retros"))
    assert "Shared with you by Salesvp" in his and TYPED in his and "Your answer" not in his
    # Stopping hides it; sharing again sends no second message.
    assert "Stopped sharing" in shown(await c.click("salesvp", "retro.unshare", str(rid)))
    assert TYPED not in shown(await c.send("ben", "my retros"))
    await c.click("salesvp", "retro.share", str(rid))
    assert len(await outbox(core.store, "retro-shared")) == 1
    assert len(c.inbox["ben"]) == 1


async def test_the_form_s_checkbox_shares_and_unticking_it_stops(core: TandemCore,
                                                                clock: FakeClock) -> None:
    c, _tid, rid = await logged(core, clock)
    [form] = await c.click("salesvp", "q.form", str(rid))
    assert isinstance(form, Form) and form.title.startswith("Retro")
    share = next(f for f in form.fields if f.id == "share")
    assert share.kind == "checkbox" and share.initial is None
    assert "Share my written answers with Ben" in without_markers(share.choices[0].label)
    values = {"learned": TYPED, "worked": "", "change": "Later start", "rating": "3",
              "share": ["yes"]}
    replies = await c.submit("salesvp", f"qform:{rid}", values)
    assert isinstance(replies[0], FormAccepted)
    assert "Shared with Ben" in shown(replies) and "Share with Ben?" not in shown(replies)
    assert await shared_at(core, rid) is not None
    [form] = await c.click("salesvp", "q.form", str(rid))  # from `my retros`, done now
    assert isinstance(form, Form)
    assert next(f for f in form.fields if f.id == "share").initial == ("yes",)
    assert {f.id: f.initial for f in form.fields}["learned"] == TYPED  # prefilled, unmarked
    replies = await c.submit("salesvp", f"qform:{rid}", {**values, "share": []})
    assert "Your answers are updated" in shown(replies) and "Stopped sharing" in shown(replies)
    assert await shared_at(core, rid) is None


async def test_a_circle_member_shares_with_the_whole_circle(core: TandemCore,
                                                            clock: FakeClock) -> None:
    assert core.program_id is not None
    tid = await active_tandem(core.store, core.program_id, clock.now(),
                              ["mo", "mika", "lea"], ["mentor", "mentor", "mentee"],
                              format="group")
    await ask(core, clock, [tid])
    c = Cohort(core, clock)
    await c.deliver()
    assert "What did you teach" in c.received("mo")
    await dm(c, "mo", "How to pair on a notebook")
    replies = await dm(c, "mo", "stop")
    assert "Share with Mika, Lea?" in shown(replies)
    [rid] = buttons(replies, "retro.share")
    await c.click("mo", "retro.share", rid)
    for other in ("mika", "lea"):
        assert "How to pair on a notebook" in c.received(other)
        assert "How to pair on a notebook" in shown(await c.send(other, "my retros"))


async def test_the_words_for_it(core: TandemCore, clock: FakeClock) -> None:
    c, _tid, _rid = await logged(core, clock)
    for line in ("my retros", "retros", "meine retros", "my answers", "my"):
        assert "Your latest retros and questionnaires" in shown(await c.send("salesvp", line))
    assert "Did you mean `my retros`?" in shown(await c.send("salesvp", "my status"))
    # While the retro holds her DMs, `my retros` is the command, not an answer.
    assert "1 of 4" in shown(await dm(c, "salesvp", "retro"))
    assert "Your latest retros" in shown(await dm(c, "salesvp", "my retros"))
    assert "1 of 4" in shown(await dm(c, "salesvp", "retro"))  # still unanswered


async def test_a_command_with_its_own_argument_is_a_command_while_answering(
        core: TandemCore, clock: FakeClock) -> None:
    c, tid, rid = await logged(core, clock)
    assert "1 of 4" in shown(await dm(c, "salesvp", "retro"))
    # An answer that begins with a command's word is an answer.
    assert "2 of 4" in shown(await dm(c, "salesvp", "change the room next time"))
    for line in (f"sessions {tid}", "tandems quiet", "hours 8-16", "pause 2027-03-28"):
        replies = shown(await dm(c, "salesvp", line))
        assert "3 of 4" not in replies, line
    assert "break" in replies  # the pause took effect
    assert list(await _given(core, rid)) == ["learned"]  # only the real answer was taken


async def _given(core: TandemCore, rid: int) -> dict[str, object]:
    async with core.store.unit() as repos:
        return dict(await repos.responses.answers_of(rid, with_text=True))
