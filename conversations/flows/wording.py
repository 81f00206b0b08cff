"""Small pieces of wording shared by several flows."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from conversations.i18n import Translator, pick_language
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


def translator_of(person: Person | None, default: str) -> Translator:
    """Someone other than the person acting: their stored locale, else the program's."""
    return Translator(pick_language(person.locale if person else None, default))


async def translator_for(repos: Repositories, person_key: str, default: str) -> Translator:
    """As translator_of, for someone known only by key (coordinators)."""
    return translator_of(await repos.people.by_key(person_key), default)


def role_name(t: Translator, role: str) -> str:
    # Literal msgids so the extractor finds them.
    return {"mentor": t("mentor"), "mentee": t("mentee")}.get(role, role)


def long_date(t: Translator, day: date) -> str:
    return format_date(day, format="long", locale=t.language)


def command_list(t: Translator, prefix: str = "") -> str:
    return "\n".join((
        f"- `{prefix}join` — " + t("sign up as mentor or mentee"),
        f"- `{prefix}status` — " + t("see where you stand"),
        f"- `{prefix}pause 2027-03-31` — " + t("take a break until a date"),
        f"- `{prefix}resume` — " + t("end your break early"),
        f"- `{prefix}leave` — " + t("stop taking part (removes you from everything future)"),
        f"- `{prefix}change` — " + t("privately ask the coordinators to change your tandem"),
        f"- `{prefix}help` — " + t("show this list"),
    ))


def coordinator_list(t: Translator, prefix: str = "") -> str:
    return "\n".join((
        f"- `{prefix}match` — " + t("propose tandems for everyone waiting"),
        f"- `{prefix}tandems` — " + t("list current tandems and what their kick-off misses"),
        f"- `{prefix}tandems all` — " + t("also the ended tandems, with when and why"),
        f"- `{prefix}status` — " + t("the program's counts: signed up, waiting, in kick-off, "
                                     "active"),
        f"- `{prefix}dissolve 12` — " + t("end tandem #12; both go back to the waiting list"),
        f"- `{prefix}messages` — " + t("messages that could not be delivered; send again or "
                                       "drop"),
    ))


def person_name(person: object | None, fallback_key: str) -> str:
    """A display name, else the platform user id (never an e-mail address). Names come from
    people's profiles: shown as they are, never as markup."""
    name = getattr(person, "display_name", None)
    return verbatim(name or fallback_key.split(":", 1)[-1])
