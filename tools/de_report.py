"""German texts of the coordinators' report (issue 12, reports 1–3): msgid → (Sie text, du
text or None when it addresses nobody)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    # states
    "in kick-off": ("im Kick-off", None),
    "active": ("aktiv", None),
    "quiet": ("ruhig", None),
    "ended": ("beendet", None),
    # the card
    "Sessions logged of sessions due": ("Erfasste von fälligen Treffen", None),
    "“Did you meet?” check-ins answered": (
        "Nachfragen zum Treffen („Getroffen?“) beantwortet", None),
    "{logged} logged, none due": ("{logged} erfasst, keines fällig", None),
    "{logged} of {due} ({percent})": ("{logged} von {due} ({percent})", None),
    "no check-in or questionnaire was asked": (
        "es wurde keine Nachfrage und kein Fragebogen gestellt", None),
    "Totals only, never what anyone wrote. A month or figure of fewer than {k} tandems is "
    "not shown.": (
        "Nur Summen, nie, was jemand geschrieben hat. Ein Monat oder eine Zahl von weniger "
        "als {k} Tandems wird nicht gezeigt.", None),
    "**Tandems now**: {states}": ("**Tandems jetzt**: {states}", None),
    "**Did they meet?** Sessions logged of sessions due (each tandem's cadence periods that "
    "ended in the month):": (
        "**Haben sie sich getroffen?** Erfasste von fälligen Treffen (die Rhythmus-Perioden "
        "jedes Tandems, die im Monat endeten):", None),
    "{month}: {numbers}": ("{month}: {numbers}", None),
    "no session was due yet": ("noch kein Treffen fällig", None),
    "**{month}**": ("**{month}**", None),
    "**Whole program**": ("**Ganzes Programm**", None),
    "Report for {program}: {month}": ("Bericht für {program}: {month}", None),
    "Report for {program}": ("Bericht für {program}", None),
    # the chart
    "Did they meet, and how was it?": ("Haben sie sich getroffen, und wie war es?", None),
    "Sessions per month": ("Treffen pro Monat", None),
    "due": ("fällig", None),
    "logged": ("erfasst", None),
    "fewer than {k} tandems": ("weniger als {k} Tandems", None),
    "Retro satisfaction, whole program": ("Zufriedenheit in den Retros, ganzes Programm",
                                          None),
    "score (1–5)": ("Bewertung (1–5)", None),
    "answers": ("Antworten", None),
    "not enough retros to show without identifying anyone": (
        "zu wenige Retros, um sie zu zeigen, ohne jemanden erkennbar zu machen", None),
    # the files
    "Sessions logged and due per month, and the retros' satisfaction": (
        "Erfasste und fällige Treffen pro Monat und die Zufriedenheit in den Retros", None),
    "The report's figures as a table (CSV)": ("Die Zahlen des Berichts als Tabelle (CSV)",
                                              None),
    # help, and `messages`
    "the program's report: tandems by state, sessions logged against due, response rates and "
    "satisfaction, with a chart and a CSV": (
        "der Bericht des Programms: Tandems nach Stand, erfasste gegen fällige Treffen, "
        "Antwortquoten und Zufriedenheit, mit Grafik und CSV", None),
    "monthly report": ("Monatsbericht", None),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
