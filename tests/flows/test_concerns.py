"""Raise a concern: on every retro question and check-in card; privately to the coordinators
at once; anonymous unless "include my name" is ticked — then nothing in the message, its
key or anywhere in the database points to the author; the text is kept nowhere but in the
message, which the outbox empties once sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.flows.checkin_wording import checkin_card, snoozed_card, target_card
from conversations.flows.members import members_of
from conversations.i18n import Translator
from conversations.replies import Card, Form, FormAccepted, FormErrors
from storage.models import Base, OutboxMessage, Person, Tandem
from tests.flows.test_my_retros import logged, shown

MARKER = "CONCERN-7f3a: he talks over me <every> time"


async def everything_stored(core: TandemCore) -> str:
    """Every row of every table, as text."""
    async with core.store.session() as s:
        rows = []
        for table in Base.metadata.sorted_tables:
            rows += [repr(tuple(r)) for r in (await s.execute(select(table))).all()]
    return "\n".join(rows)


async def test_an_anonymous_concern_names_nobody_and_is_kept_nowhere(
        core: TandemCore, clock: FakeClock) -> None:
    core.program = replace(core.program, coordinators=frozenset({"console:hr"}))
    c, tid, _rid = await logged(core, clock)
    replies = await c.send("salesvp", "retro")
    assert [b.value for r in replies if isinstance(r, Card) for b in r.buttons
            if b.action_id == "concern.raise"] == [str(tid)]
    [form] = await c.click("salesvp", "concern.raise", str(tid))
    assert isinstance(form, Form) and form.form_id == f"concern:{tid}"
    assert [(f.id, f.kind, f.initial) for f in form.fields] == [
        ("concern", "text", None), ("named", "checkbox", None)]  # unticked by default
    # Empty or too long: told next to the field, nothing sent.
    for bad, problem in (("  ", "Please write what the concern is"),
                         ("x" * 1001, "That is 1,001 characters; at most 1,000 fit")):
        [errors] = await c.submit("salesvp", f"concern:{tid}", {"concern": bad})
        assert isinstance(errors, FormErrors) and problem in errors.errors["concern"]
    async with core.store.session() as s:
        assert not (await s.scalars(select(OutboxMessage)
                                    .where(OutboxMessage.kind == "concern"))).all()
    replies = await c.submit("salesvp", f"concern:{tid}", {"concern": MARKER, "named": []})
    assert isinstance(replies[0], FormAccepted)
    assert "without your name" in shown(replies) and MARKER not in shown(replies)
    async with core.store.session() as s:
        queued = list(await s.scalars(select(OutboxMessage)
                                      .where(OutboxMessage.kind == "concern")))
        people = {p.key: p for p in await s.scalars(select(Person))}
    # One per coordinator, at once; the key names neither the author nor the tandem.
    assert sorted(m.person_key for m in queued) == sorted(core.program.coordinators)
    assert all(m.next_attempt_at is None for m in queued)
    for m in queued:
        assert "salesvp" not in m.dedupe_key and str(tid) not in m.dedupe_key.split(":")
    await c.deliver()
    [note] = c.inbox["hr"]
    said = shown([note])
    assert "A participant of the program raised a concern" in said and MARKER in said
    for giveaway in ("Salesvp", "Ben", f"#{tid}", "January", "retro", "Vertrieb"):
        assert giveaway not in said, giveaway
    assert people["console:salesvp"].display_name == "Salesvp"
    # Sent: the message's body is gone, and the text is nowhere else either (with
    # coordinators on other platforms it waits in their messages until sent, only there).
    stored = await everything_stored(core)
    assert MARKER not in stored and "talks over me" not in stored
    assert "raised a concern" not in c.received("ben")


async def test_a_named_concern_says_who_and_which_tandem(core: TandemCore,
                                                         clock: FakeClock) -> None:
    c, tid, _rid = await logged(core, clock)
    replies = await c.submit("salesvp", f"concern:{tid}",
                             {"concern": "We need a quieter room", "named": ["yes"]})
    assert "with your name" in shown(replies)
    said = c.received("hr").replace("**", "")
    assert f"Salesvp raised a concern (tandem #{tid}, with Ben)" in said
    assert "We need a quieter room" in said
    assert "raised a concern" not in c.received("ben")
    # Named, but not a member of the tandem the form names: it goes without the tandem.
    c.inbox.clear()
    await c.submit("salesvp", "concern:99999", {"concern": "Other", "named": "yes"})
    said = c.received("hr").replace("**", "")
    assert "Salesvp raised a concern." in said and "#99999" not in said


async def test_the_command_and_no_coordinators(core: TandemCore, clock: FakeClock) -> None:
    c, _tid, _rid = await logged(core, clock)
    [form] = await c.send("salesvp", "anliegen")
    assert isinstance(form, Form) and form.form_id == "concern:0"
    core.program = replace(core.program, coordinators=frozenset())
    assert "no coordinators configured" in shown(await c.send("salesvp", "concern"))


async def test_every_check_in_card_has_the_button(core: TandemCore, clock: FakeClock) -> None:
    _c, tid, _rid = await logged(core, clock)
    async with core.store.unit() as repos:
        tandem = await repos.tandems.get(tid)
        assert isinstance(tandem, Tandem)
        tandem.target_date = clock.now().date() + timedelta(days=7)
        members = await members_of(repos, tandem)
        person = members.current()[0]
        t = Translator("en")
        day = clock.now().date()
        for card in (checkin_card(t, core.program, members, person, day),
                     snoozed_card(t, members, person, day), target_card(t, members, person)):
            assert ("concern.raise", "Raise a concern", str(tid)) in [
                (b.action_id, b.label, b.value) for b in card.buttons]
