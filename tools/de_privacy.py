"""German texts of the coordinators' evaluation (`auswertung`): msgid → (Sie text, du text or
None when it addresses nobody)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    "not enough tandems to show this without identifying anyone": (
        "nicht genug Tandems, um das zu zeigen, ohne jemanden erkennbar zu machen", None),
    "{n}%": ("{n} %", None),
    "Retros answered": ("Beantwortete Retros", None),
    "How the sessions were (retros, 1–5)": ("Wie die Treffen waren (Retros, 1–5)", None),
    "Mentors could speak freely (1–5)": ("Mentorinnen und Mentoren konnten frei sprechen "
                                         "(1–5)", None),
    "Pairing fit answered": ("Beantwortete Fragen „Passt das Tandem?“", None),
    "Mid-program check-ins answered": ("Beantwortete Zwischenbilanzen", None),
    "Satisfaction at mid-program (1–5)": ("Zufriedenheit zur Halbzeit (1–5)", None),
    "Kick-off goals at mid-program": ("Ziele aus dem Kick-off zur Halbzeit", None),
    "Final evaluations answered": ("Beantwortete Abschlussbewertungen", None),
    "Satisfaction with the program (1–5)": ("Zufriedenheit mit dem Programm (1–5)", None),
    "Kick-off goals at the end": ("Ziele aus dem Kick-off am Ende", None),
    "Want to go on meeting after the program": (
        "Wollen sich nach dem Programm weiter treffen", None),
    "{done} of {asked} ({percent})": ("{done} von {asked} ({percent})", None),
    "{yes} of {n} said yes ({percent})": ("{yes} von {n} sagten ja ({percent})", None),
    "{spread} (average {mean})": ("{spread} (Durchschnitt {mean})", None),
    "{what}: {why}": ("{what}: {why}", None),
    "{what}: {numbers}": ("{what}: {numbers}", None),
    ", without {months}": (", ohne {months}", None),
    "**{heading}**: {why}.": ("**{heading}**: {why}.", None),
    "**{heading}** — {n} tandems asked": ("**{heading}** – {n} Tandems gefragt", None),
    "Totals of the questionnaires, never what anyone wrote. A month or figure of fewer than "
    "{k} tandems is not shown, and the whole program adds up only the months shown, so a "
    "hidden month cannot be worked out from it.": (
        "Summen der Fragebögen, nie, was jemand geschrieben hat. Ein Monat oder eine Zahl "
        "aus weniger als {k} Tandems wird nicht gezeigt, und das ganze Programm zählt nur "
        "die gezeigten Monate zusammen, damit sich ein verborgener Monat nicht daraus "
        "errechnen lässt.", None),
    "Whole program": ("Ganzes Programm", None),
    "Evaluation of {program}": ("Auswertung von {program}", None),
    "Nothing to evaluate yet: no retro or questionnaire has been asked. Retros start after "
    "the first logged sessions.": (
        "Noch nichts auszuwerten: Es wurde noch keine Retro und kein Fragebogen gestellt. "
        "Retros beginnen nach den ersten eingetragenen Treffen.", None),
    "the questionnaires' totals by month, never what anyone wrote": (
        "die Summen der Fragebögen nach Monaten, nie, was jemand geschrieben hat", None),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
