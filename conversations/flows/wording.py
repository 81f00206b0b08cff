"""Small pieces of wording shared by several flows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from conversations.commands import HelpLine
from conversations.i18n import Translator, pick_language
from conversations.program import Program
from conversations.replies import verbatim
from storage.models import Person
from storage.repositories import Repositories


def try_again(t: Translator) -> str:
    """Nothing happened and the person should retry: a failure, or the bot is too busy."""
    return t("Sorry, something went wrong on my side and nothing was changed. "
             "Please try again in a moment.")


def form_texts(t: Translator) -> dict[str, str]:
    """The words every form carries for the platforms (required fields, re-opening)."""
    return {"required_message": t("Please fill in this field."),
            "open_label": t("Open the form")}


def accepted(t: Translator) -> str:
    return t("Your answers were received.")


def translator_of(person: Person | None, program: Program) -> Translator:
    """Someone other than the person acting: their stored locale, else the program's language,
    in the program's form of address."""
    return Translator(pick_language(person.locale if person else None, program.language),
                      program.german)


async def translator_for(repos: Repositories, person_key: str, program: Program
                         ) -> Translator:
    """As translator_of, for someone known only by key (coordinators)."""
    return translator_of(await repos.people.by_key(person_key), program)


def role_name(t: Translator, role: str) -> str:
    # Literal msgids so the extractor finds them.
    return {"mentor": t("mentor"), "mentee": t("mentee"), "peer": t("peer")}.get(role, role)


def level_name(program: Program, t: Translator, key: str) -> str:
    """A seniority level as the program file labels it in the reader's language."""
    return program.level(key).label(t.language)


def long_date(t: Translator, day: date) -> str:
    return t.date(day, "long")


def dash(t: Translator) -> str:
    """The spaced dash between a command and what it does: German sets an en dash (–), the
    spaced em dash (—) is English typesetting."""
    return " – " if t.language == "de" else " — "


def _command(t: Translator, prefix: str, command: str) -> str:
    """A command in the words the person uses, with its example date in their format."""
    if command.startswith("pause ") and t.language == "de":
        command = "pause 31.03.2027"
    elif command.startswith("hours ") and t.language == "de":
        command = "hours mo-do 7-15"
    return f"- `{prefix}{t.command(command)}`" + dash(t)


def menu(t: Translator, prefix: str, lines: Sequence[HelpLine]) -> str:
    """Help lines as a list: the command in the reader's words, a dash, what it does."""
    return "\n".join(_command(t, prefix, line.example) + line.text(t) for line in lines)


def person_name(person: object | None, fallback_key: str) -> str:
    """A display name, else the platform user id (never an e-mail address). Names come from
    people's profiles: shown as they are, never as markup."""
    name = getattr(person, "display_name", None)
    return verbatim(name or fallback_key.split(":", 1)[-1])


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", re.ASCII)


def parse_day(text: str) -> date | None:
    """A date as people type it: 2027-03-31 or 31.03.2027."""
    text = text.strip()
    try:
        if m := _ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _GERMAN.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def as_text(value: str | list[str] | None) -> str:
    """A form field's answer as one text: platforms send a choice as a list, or nothing."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return (value or "").strip()
