"""German for the outbox summary and its daily alert (issue 10, delivery)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    "Cannot be reached: {n} ({people})": ("Nicht erreichbar: {n} ({people})", None),
    "Gave up, waiting for you: {n} ({people})": (
        "Aufgegeben, wartet auf Sie: {n} ({people})",
        "Aufgegeben, wartet auf dich: {n} ({people})"),
    "Waiting for working hours: {n} ({people})": (
        "Wartet auf die Arbeitszeit: {n} ({people})", None),
    "Retrying (error or rate limit): {n} ({people})": (
        "Neuer Versuch geplant (Fehler oder Ratenlimit): {n} ({people})", None),
    " and {n} more": (" und {n} weitere", None),
    "Retry all that gave up": ("Alle aufgegebenen erneut senden", None),
    "Outbox": ("Postausgang", None),
    "Nothing is waiting for you: every message that gave up was already sent again or "
    "dropped.": (
        "Nichts wartet auf Sie: Jede aufgegebene Nachricht wurde schon erneut gesendet oder "
        "verworfen.",
        "Nichts wartet auf dich: Jede aufgegebene Nachricht wurde schon erneut gesendet oder "
        "verworfen."),
    "{n} messages are queued again and go out with the next delivery.": (
        "{n} Nachrichten sind wieder eingereiht und gehen mit der nächsten Zustellung raus.",
        None),
    "{n} messages could not be delivered lately. Type `outbox` to see them and send them "
    "again.": (
        "{n} Nachrichten konnten zuletzt nicht zugestellt werden. Mit `outbox` sehen Sie sie "
        "und können sie erneut senden.",
        "{n} Nachrichten konnten zuletzt nicht zugestellt werden. Mit `outbox` siehst du sie "
        "und kannst sie erneut senden."),
    "what could not be delivered or waits, by reason; send again": (
        "was nicht zugestellt werden konnte oder wartet, nach Grund; erneut senden", None),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
