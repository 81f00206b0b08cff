"""The console adapter: the same flows in a terminal (`tandem chat --as alice`) and in tests.

Forms become one prompt per field; buttons become numbered choices. Input and output are
injected functions, so transcript tests drive it exactly as a person at a terminal would.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from conversations.commands import parse_number
from conversations.events import Actor, ButtonClicked, Event, FormSubmitted, MessageReceived
from conversations.markup import protect, restore
from conversations.outbox import NotNow
from conversations.replies import (
    Card,
    DirectMessage,
    Field,
    Form,
    FormAccepted,
    FormErrors,
    Reply,
    Text,
    without_markers,
)

Ask = Callable[[str], Awaitable[str | None]]  # prompt → the line typed (None at end of input)
Say = Callable[[str], None]
Handle = Callable[[Event], Awaitable[list[Reply]]]

CANCEL_WORDS = {"cancel", "abbrechen"}


# Control characters other than line breaks and tabs: a terminal would act on escape sequences.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    return _CONTROL.sub("", text)


def markdown_to_text(markdown: str) -> str:
    """Light markdown to plain terminal text: drop bold/italic markers, keep `code` and lists.

    What people typed (verbatim segments) is printed exactly as typed, markers and all."""
    markup, atoms = protect(markdown)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markup)
    text = re.sub(r"(?<!\w)_(.+?)_(?!\w)", r"\1", text)
    return terminal_safe(restore(text, atoms))


def plain(text: str) -> str:
    """A field every platform shows as plain text (labels, choices): as it is."""
    return terminal_safe(without_markers(text))


def render_card(card: Card) -> str:
    lines = [f"== {markdown_to_text(card.title)} =="]
    lines += [markdown_to_text(s) for s in card.sections]
    lines += [f"  [{i}] {plain(b.label)}" for i, b in enumerate(card.buttons, 1)]
    return "\n".join(lines)


def translate_line(actor: Actor, line: str) -> MessageReceived:
    return MessageReceived(actor, line)


class ConsoleAdapter:
    def __init__(self, handle: Handle, actor: Actor, ask: Ask, say: Say) -> None:
        self.handle = handle
        self.actor = actor
        self.ask = ask
        self.say = say
        self._last_buttons: list[Any] = []

    async def run(self) -> None:
        """Read lines until end of input or `exit`."""
        while True:
            line = await self.ask("> ")
            if line is None or line.strip().lower() in {"exit", "quit", "ende"}:
                return
            if not line.strip():
                continue
            await self.process_line(line)

    async def process_line(self, line: str) -> None:
        number = parse_number(line, 1, len(self._last_buttons)) if self._last_buttons else None
        if number is not None:
            button = self._last_buttons[number - 1]
            await self.dispatch(ButtonClicked(self.actor, button.action_id, button.value))
            return
        await self.dispatch(translate_line(self.actor, line))

    async def dispatch(self, event: Event) -> None:
        for reply in await self.handle(event):
            await self.render(reply)

    async def render(self, reply: Reply) -> None:
        if isinstance(reply, Text):
            self.say(markdown_to_text(reply.markdown))
        elif isinstance(reply, Card):
            self._last_buttons = list(reply.buttons)
            self.say(render_card(reply))
        elif isinstance(reply, Form):
            await self.fill_form(reply)
        elif isinstance(reply, FormErrors):
            for field_id, message in reply.errors.items():
                self.say(f"! {field_id}: {markdown_to_text(message)}")
            if reply.form is not None:
                await self.fill_form(reply.form)
        elif isinstance(reply, FormAccepted):
            pass
        elif isinstance(reply, DirectMessage):
            body = reply.body
            text = markdown_to_text(body.markdown) if isinstance(body, Text) else render_card(body)
            self.say(f"(to {reply.person_key}) {text}")
        else:  # pragma: no cover - a new reply type must get a rendering here
            raise TypeError(f"console cannot render {type(reply).__name__}")

    async def fill_form(self, form: Form) -> None:
        self.say(f"== {markdown_to_text(form.title)} ==\n{markdown_to_text(form.intro)}")
        self.say("(Enter keeps the suggestion in [brackets]; 'cancel' stops.)")
        values: dict[str, str | list[str]] = {}
        for field in form.fields:
            answer = await self.ask_field(field)
            if answer is None:
                self.say("Cancelled. Nothing was saved.")
                return
            values[field.id] = answer
        await self.dispatch(FormSubmitted(self.actor, form.form_id, values))

    async def ask_field(self, field: Field) -> str | list[str] | None:
        label = plain(field.label) + (" *" if field.required else "")
        if field.hint:
            label += f" ({markdown_to_text(field.hint)})"
        initial = field.initial
        if field.kind in ("single", "multi", "checkbox"):
            self.say(label)
            for i, c in enumerate(field.choices, 1):
                self.say(f"  [{i}] {plain(c.label)}")
            hint = "numbers separated by commas" if field.kind == "multi" else "number"
            if field.kind == "checkbox":
                hint = "y/n"
            shown = ""
            if initial:
                chosen = initial if isinstance(initial, tuple) else (initial,)
                shown = " [" + ",".join(
                    str(i) for i, c in enumerate(field.choices, 1) if c.value in chosen) + "]"
            line = await self.ask(f"  {hint}{shown}: ")
            if line is None or line.strip().lower() in CANCEL_WORDS:
                return None
            line = line.strip()
            if not line and initial:
                return list(initial) if isinstance(initial, tuple) else initial
            if field.kind == "checkbox":
                yes = line.lower() in {"y", "yes", "j", "ja"}
                return [field.choices[0].value] if yes and field.choices else []
            picked: list[str] = []
            for part in line.replace(" ", ",").split(","):
                number = parse_number(part, 1, len(field.choices)) if field.choices else None
                if number is not None:
                    picked.append(field.choices[number - 1].value)
                elif part:
                    picked.append(part)  # the core refuses values that are not in the list
            return picked if field.kind == "multi" else (picked[0] if picked else "")
        shown = f" [{plain(initial)}]" if isinstance(initial, str) and initial else ""
        line = await self.ask(f"{label}{shown}: ")
        if line is None or line.strip().lower() in CANCEL_WORDS:
            return None
        return line.strip() or (without_markers(initial) if isinstance(initial, str) else "")


class ConsoleSender:
    """Delivers queued console messages to the one person at this terminal (`tandem chat
    --as NAME`); everyone else's wait until they open `tandem chat` themselves. There is no
    sender for "whoever reads this output": a tick or a server never prints a message."""

    def __init__(self, say: Say, user_id: str) -> None:
        self.say = say
        self.user_id = user_id

    async def send(self, person_key: str, reference: dict[str, Any] | None,
                   body: Text | Card) -> None:
        if person_key != f"console:{self.user_id}":
            raise NotNow("not at this terminal")
        text = markdown_to_text(body.markdown) if isinstance(body, Text) else render_card(body)
        self.say(f"(to {person_key}) {text}")
