"""The console adapter: the same flows in a terminal (`tandem chat --as alice`) and in tests.

Forms become one prompt per field; buttons become numbered choices. Input and output are
injected functions, so transcript tests drive it exactly as a person at a terminal would.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from adapters.console_files import DEFAULT_FOLDER, save_file
from conversations.attachments import File
from conversations.commands import parse_number
from conversations.destinations import Channel
from conversations.events import Actor, ButtonClicked, Event, FormSubmitted, MessageReceived
from conversations.i18n import Translator, pick_language
from conversations.markup import protect, restore
from conversations.outbox import NotNow, Unreachable
from conversations.replies import (
    Button,
    Card,
    DirectMessage,
    Field,
    Form,
    FormAccepted,
    FormErrors,
    Message,
    Reply,
    Text,
    Update,
    without_markers,
)

Ask = Callable[[str], Awaitable[str | None]]  # prompt → the line typed (None at end of input)
Say = Callable[[str], None]
Handle = Callable[[Event], Awaitable[list[Reply]]]

CANCEL_WORDS = {"cancel", "abbrechen"}
EXIT_WORDS = {"exit", "quit", "ende", "beenden"}
YES_WORDS = {"y", "yes", "j", "ja"}


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


def render_card(card: Card, first: int = 1) -> str:
    """A card as text; its buttons numbered from `first`."""
    lines = [f"== {markdown_to_text(card.title)} =="]
    lines += [markdown_to_text(s) for s in card.sections]
    lines += [f"  [{i}] {plain(b.label)}" for i, b in enumerate(card.buttons, first)]
    return "\n".join(lines)


def render_message(body: Text | Card, first: int = 1) -> str:
    return markdown_to_text(body.markdown) if isinstance(body, Text) else render_card(body, first)


def file_line(t: Translator, file: File, path: Path) -> str:
    """What the terminal says about a saved file: its caption and where it is."""
    where = t("File saved: {path}", path=terminal_safe(str(path)))
    return f"{markdown_to_text(file.title)}\n{where}" if file.title else where


def translate_line(actor: Actor, line: str) -> MessageReceived:
    return MessageReceived(actor, line)


class ConsoleAdapter:
    """One person at one terminal. Every button shown in this session keeps its number, so a
    card's buttons work wherever it appeared: in a reply, or delivered at start or while the
    person chats (`show_message`). The framing (prompts, hints, the banner) is in the
    person's language (`t`)."""

    def __init__(self, handle: Handle, actor: Actor, ask: Ask, say: Say,
                 t: Translator | None = None, files: Path = DEFAULT_FOLDER) -> None:
        self.handle = handle
        self.files = files  # where files sent to this person are saved
        self.actor = actor
        self.ask = ask
        self.say = say
        self.t = t or Translator(pick_language(actor.locale, "en"))
        self._buttons: dict[int, Button] = {}
        self._card_of: dict[int, int] = {}  # button number → the card it is on
        self._cards = 0  # cards shown so far: each its number, the source of its clicks
        self._answered: set[int] = set()  # cards an Update replaced: their buttons are gone
        self._forms: dict[str, Form] = {}  # each form as first shown, with its suggestions
        # Held while a typed line (and any form it opens) is handled: a message delivered
        # meanwhile waits, so it never lands in the middle of a form.
        self.busy = asyncio.Lock()

    def banner(self) -> str:
        return self.t("Tandem console — you are {name}. Type `help` or `join`; `exit` ends.",
                      name=self.actor.user_id)

    async def run(self) -> None:
        """Read lines until end of input or `exit`."""
        while True:
            line = await self.ask("> ")
            if line is None or line.strip().lower() in EXIT_WORDS:
                return
            if not line.strip():
                continue
            async with self.busy:
                await self.process_line(line)

    async def process_line(self, line: str) -> None:
        number = parse_number(line, 1, len(self._buttons)) if self._buttons else None
        if number is not None:
            card = self._card_of[number]
            if card in self._answered:
                self.say(self.t("That card was already answered; its buttons no longer work. "
                                "Type `help` to see what you can do."))
                return
            button = self._buttons[number]
            await self.dispatch(ButtonClicked(self.actor, button.action_id, button.value,
                                              source={"card": card}))
            return
        await self.dispatch(translate_line(self.actor, line))

    async def dispatch(self, event: Event) -> None:
        for reply in await self.handle(event):
            await self.render(reply)

    def _card(self, card: Card) -> str:
        first = len(self._buttons) + 1
        self._cards += 1
        for i, button in enumerate(card.buttons, first):
            self._buttons[i] = button
            self._card_of[i] = self._cards
        return render_card(card, first)

    def _update(self, reply: Update) -> None:
        """A terminal cannot change what it printed: the clicked card's numbers stop working
        and its new text is printed below."""
        card = (reply.source or {}).get("card")
        if isinstance(card, int):
            self._answered.add(card)
        body = reply.body
        self.say(self._card(body) if isinstance(body, Card) else markdown_to_text(body.markdown))

    def show_message(self, person_key: str, body: Message) -> None:
        """A queued message delivered to this terminal; its buttons can be pressed."""
        if isinstance(body, File):
            text = self.save(body)
        else:
            text = self._card(body) if isinstance(body, Card) else markdown_to_text(
                body.markdown)
        to = self.t("(to {who})", who=person_key)
        self.say(f"{to} {text}")

    async def render(self, reply: Reply) -> None:
        if isinstance(reply, Text):
            self.say(markdown_to_text(reply.markdown))
        elif isinstance(reply, Card):
            self.say(self._card(reply))
        elif isinstance(reply, Form):
            await self.fill_form(reply)
        elif isinstance(reply, FormErrors):
            await self.refill(reply)
        elif isinstance(reply, FormAccepted):
            pass
        elif isinstance(reply, DirectMessage):
            self.show_message(reply.person_key, reply.body)
        elif isinstance(reply, Update):
            self._update(reply)
        elif isinstance(reply, File):
            self.say(self.save(reply))
        else:  # pragma: no cover - a new reply type must get a rendering here
            raise TypeError(f"console cannot render {type(reply).__name__}")

    def save(self, file: File) -> str:
        """Write the file into this person's folder; the line that says where."""
        return file_line(self.t, file, save_file(self.files, file))

    async def refill(self, reply: FormErrors) -> None:
        """The flow refused the submission: each refused field is asked again under its
        label, with the suggestion it had before the refused answer; the rest is kept."""
        form = reply.form
        shown = self._forms.get(reply.form_id, form)
        labels = {f.id: plain(f.label) for f in shown.fields} if shown else {}
        for field_id, message in reply.errors.items():
            self.say(f"! {labels.get(field_id, field_id)}: {markdown_to_text(message)}")
        if form is None:
            return
        before = {f.id: f.initial for f in shown.fields} if shown else {}
        kept = {f.id: _answer(f.initial) for f in form.fields if f.id not in reply.errors}
        fields = tuple(replace(f, initial=before.get(f.id)) if f.id in reply.errors else f
                       for f in form.fields)
        await self.fill_form(replace(form, fields=fields), kept)

    async def fill_form(self, form: Form, kept: dict[str, str | list[str]] | None = None
                        ) -> None:
        """One prompt per field. Each answer is checked by the flow's own rules as it is given
        (`Form.check`) and asked again with the reason; the suggestion stays what it was.
        Fields in `kept` were accepted before and are not asked again."""
        t = self.t
        if kept is None:
            self._forms[form.form_id] = form
            self.say(f"== {markdown_to_text(form.title)} ==\n{markdown_to_text(form.intro)}")
            self.say(t("(Enter keeps the suggestion in [brackets], `-` empties an optional "
                       "field; `cancel` stops.)"))
        values: dict[str, str | list[str]] = dict(kept or {})
        for field in form.fields:
            if field.id in values:
                continue
            again = False
            while True:
                answer = await self.ask_field(field, again)
                if answer is None:
                    self.say(t("Cancelled. Nothing was saved."))
                    return
                values[field.id] = answer
                problem = form.check(dict(values)).get(field.id) if form.check else None
                if problem is None:
                    break
                self.say(f"  ! {markdown_to_text(problem)}")
                again = True
        await self.dispatch(FormSubmitted(self.actor, form.form_id, values))

    async def ask_field(self, field: Field, again: bool = False) -> str | list[str] | None:
        t = self.t
        label = plain(field.label) + (" *" if field.required else "")
        if field.hint and not again:
            label += f" ({markdown_to_text(field.hint)})"
        initial = field.initial
        if field.kind in ("single", "multi", "checkbox"):
            self.say(label)
            for i, c in enumerate(field.choices, 1):
                self.say(f"  [{i}] {plain(c.label)}")
            hint = t("numbers separated by commas") if field.kind == "multi" else t("number")
            if field.kind == "checkbox":
                hint = t("y/n")
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
                yes = line.lower() in YES_WORDS
                return [field.choices[0].value] if yes and field.choices else []
            picked: list[str] = []
            for part in line.replace(" ", ",").split(","):
                number = parse_number(part, 1, len(field.choices)) if field.choices else None
                if number is not None:
                    picked.append(field.choices[number - 1].value)
                elif part:
                    picked.append(part)  # the flow refuses values that are not in the list
            return picked if field.kind == "multi" else (picked[0] if picked else "")
        shown = f" [{plain(initial)}]" if isinstance(initial, str) and initial else ""
        line = await self.ask(f"{label}{shown}: ")
        if line is None or line.strip().lower() in CANCEL_WORDS:
            return None
        if line.strip() == "-" and not field.required:
            return ""  # what a platform's form does when the person clears the field
        return line.strip() or (without_markers(initial) if isinstance(initial, str) else "")


def _answer(initial: str | tuple[str, ...] | None) -> str | list[str]:
    if isinstance(initial, tuple):
        return list(initial)
    return without_markers(initial) if initial else ""


class ConsoleSender:
    """Delivers queued console messages to the one person at this terminal (`tandem chat
    --as NAME`); everyone else's wait until they open `tandem chat` themselves. There is no
    sender for "whoever reads this output": a tick or a server never prints a message.

    With the terminal's adapter, a delivered card's buttons can be pressed there."""

    groups = False  # everyone is at their own terminal: a group message goes to each

    def __init__(self, say: Say, user_id: str, adapter: ConsoleAdapter | None = None,
                 files: Path = DEFAULT_FOLDER) -> None:
        self.say = say
        self.user_id = user_id
        self.adapter = adapter
        self.files = files  # where a file goes without a terminal's adapter

    @property
    def person_key(self) -> str:
        return f"console:{self.user_id}"

    async def send(self, person_key: str, reference: dict[str, Any] | None,
                   body: Message) -> None:
        if person_key != self.person_key:
            raise NotNow("not at this terminal")
        if self.adapter is not None:
            self.adapter.show_message(person_key, body)
            return
        self.say(f"(to {person_key}) {self._shown(body)}")  # no terminal: a test, a tool

    async def send_group(self, person_keys: list[str], body: Message) -> None:
        raise Unreachable("the console has no group conversations")

    async def send_channel(self, channel: Channel, body: Message) -> None:
        # The terminal is the only channel there is: shown to whoever reads it.
        self.say(f"(in #{channel.id}) {self._shown(body)}")

    def _shown(self, body: Message) -> str:
        if isinstance(body, File):
            return file_line(Translator("en"), body, save_file(self.files, body))
        return render_message(body)
