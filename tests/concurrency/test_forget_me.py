"""A double click on "Yes, erase my data" that reaches two replicas at the same instant:
both read the person before either writes; the person row's version lets one erase and
sends the other round again, where it finds the data already erased. One tombstone, one
notice per coordinator, one "erased" answer."""

from __future__ import annotations

from sqlalchemy import func, select

from conversations.events import ButtonClicked, CommandInvoked
from conversations.replies import Card
from storage.models import Person
from tests.concurrency.conftest import Replicas, actor, at_once, sign_up, text


async def test_two_clicks_at_once_erase_once(replicas: Replicas) -> None:
    a, b = replicas.a, replicas.b
    await sign_up(a, "salesvp", "mentee", "lead", "Vertrieb", ["ai"])
    [card] = (await a.handle(CommandInvoked(actor("salesvp"), "forget me"))).replies
    assert isinstance(card, Card)
    [yes] = [x for x in card.buttons if x.action_id == "gdpr.forget"]
    click = ButtonClicked(actor("salesvp"), yes.action_id, yes.value)

    first, second = await at_once(replicas.stores, a.handle(click), b.handle(click))

    said = [text(first.replies), text(second.replies)]
    assert sum("already been erased" in x for x in said) == 1, said
    assert sum("Your personal data" in x and "has been erased" in x for x in said) == 1
    async with a.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(Person).where(
            Person.platform == "erased")) == 1
        assert await s.scalar(select(func.count()).select_from(Person).where(
            Person.key == "console:salesvp")) == 0
    assert await replicas.outbox_count("erased") == len(a.program.coordinators)
