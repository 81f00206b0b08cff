"""What a person hears when the bot could not take or save their request right now.

Adapters say these where the core never ran (the request could not be stored) or where its
answer must keep a form open; the core's own failures use `flows.wording.try_again`.
"""

from __future__ import annotations

from conversations.i18n import Translator


def busy(t: Translator) -> str:
    """The request was not taken (the database could not store it in time)."""
    return t("I am busy right now and did not take that in. Please try again in a minute.")


def form_not_saved(t: Translator) -> str:
    """A form whose answers could not be saved: it stays open with them."""
    return t("Your answers could not be saved just now. They are still here: please press "
             "the button again in a minute.")
