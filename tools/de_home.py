"""German texts of the Home tab (issue 12, "A Slack Home tab"): msgid → (Sie text, du text or
None when it addresses nobody)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    # someone not signed up
    "Welcome to {program}": ("Willkommen bei {program}", None),
    "**Tandem** runs the reverse mentoring program **{program}**: a mentor and a mentee meet "
    "regularly and learn from each other. Taking part is voluntary.": (
        "**Tandem** begleitet das Reverse-Mentoring-Programm **{program}**: Eine Mentorin oder "
        "ein Mentor und ein Mentee treffen sich regelmäßig und lernen voneinander. Die "
        "Teilnahme ist freiwillig.", None),
    "You are not signed up yet. **Join** opens the sign-up form.": (
        "Sie sind noch nicht angemeldet. **Anmelden** öffnet das Anmeldeformular.",
        "Du bist noch nicht angemeldet. **Anmelden** öffnet das Anmeldeformular."),
    "Join": ("Anmelden", None),
    "Help": ("Hilfe", None),
    # a member
    "Your place in {program}": ("Ihr Stand in {program}", "Dein Stand in {program}"),
    "My retros": ("Meine Retros", None),
    "Open retros and questionnaires ({n})": ("Offene Retros und Fragebögen ({n})", None),
    "Answer now": ("Jetzt beantworten", None),
    "and {n} more": ("und {n} weitere", None),
    # a coordinator
    "Program at a glance": ("Programm auf einen Blick", None),
    "No quiet tandems.": ("Keine stillen Tandems.", None),
    "Messages that could not be delivered: {n}": (
        "Nachrichten, die nicht zugestellt werden konnten: {n}", None),
    "Match": ("Vermitteln", None),
    "Report": ("Bericht", None),
    "Quiet tandems": ("Stille Tandems", None),
    "Undelivered messages": ("Nicht zugestellte Nachrichten", None),
    # help
    "your page: where you stand, what is open": (
        "Ihre Übersicht: wo Sie stehen, was offen ist",
        "deine Übersicht: wo du stehst, was offen ist"),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
