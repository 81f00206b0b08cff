"""German texts of the pairing fit's follow-up, the final evaluation's going on and the
one-question intro: msgid → (Sie text, du text or None when it addresses nobody)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    "One short question: answer with a button or by replying here.": (
        "Eine kurze Frage: Antworten Sie mit einem Knopf oder direkt hier.",
        "Eine kurze Frage: Antworte mit einem Knopf oder direkt hier."),
    # The pairing fit
    "Thanks — one session is early to tell. If it does not get better, `change` privately "
    "asks the coordinators for a change; {partner} is not told.": (
        "Danke – nach einem Treffen ist es früh für ein Urteil. Wenn es nicht besser wird, "
        "bitten Sie die Programmkoordination mit `wechseln` vertraulich um eine Änderung; "
        "{partner} erfährt davon nichts.",
        "Danke – nach einem Treffen ist es früh für ein Urteil. Wenn es nicht besser wird, "
        "bitte die Programmkoordination mit `wechseln` vertraulich um eine Änderung; "
        "{partner} erfährt davon nichts."),
    "Thank you for being honest. This program has no coordinators configured yet; please "
    "contact your HR team directly.": (
        "Danke für Ihre Offenheit. Für dieses Programm ist noch keine Koordination "
        "eingetragen; bitte wenden Sie sich direkt an Ihr HR-Team.",
        "Danke für deine Offenheit. Für dieses Programm ist noch keine Koordination "
        "eingetragen; bitte wende dich direkt an dein HR-Team."),
    "Thank you for being honest. Your answer went privately to the program coordinators; "
    "{partner} is not told. A coordinator will get in touch with you.": (
        "Danke für Ihre Offenheit. Ihre Antwort ist vertraulich an die Programmkoordination "
        "gegangen; {partner} erfährt davon nichts. Jemand aus der Koordination meldet sich "
        "bei Ihnen.",
        "Danke für deine Offenheit. Deine Antwort ist vertraulich an die Programmkoordination "
        "gegangen; {partner} erfährt davon nichts. Jemand aus der Koordination meldet sich "
        "bei dir."),
    "Pairing fit: not a good fit": ("Passt das Tandem? Nein", None),
    "**{who}** answered privately after the first session that their circle #{id} (with "
    "{partner}) is not a good fit. The others have not been told.": (
        "**{who}** hat nach dem ersten Treffen vertraulich geantwortet, dass der Kreis #{id} "
        "(mit {partner}) nicht gut passt. Die anderen wissen nichts davon.", None),
    "**{who}** answered privately after the first session that tandem #{id} (with "
    "{partner}) is not a good fit. {partner} has not been told.": (
        "**{who}** hat nach dem ersten Treffen vertraulich geantwortet, dass das Tandem #{id} "
        "(mit {partner}) nicht gut passt. {partner} weiß nichts davon.", None),
    "You may want to talk to {who} first. **End the circle** asks you to confirm, then ends "
    "it: everyone is told kindly that it ends, not why, goes back to the waiting list and "
    "is matched anew.": (
        "Vielleicht sprechen Sie zuerst mit {who}. **Kreis beenden** fragt noch einmal nach "
        "und beendet ihn dann: Alle erfahren freundlich, dass er endet, aber nicht warum, "
        "kommen zurück auf die Warteliste und werden neu zugeordnet.",
        "Vielleicht sprichst du zuerst mit {who}. **Kreis beenden** fragt noch einmal nach "
        "und beendet ihn dann: Alle erfahren freundlich, dass er endet, aber nicht warum, "
        "kommen zurück auf die Warteliste und werden neu zugeordnet."),
    "You may want to talk to {who} first. **Find a new partner** asks you to confirm, then "
    "ends the tandem: both are told kindly that it ends, not why, go back to the waiting "
    "list, and the next `match` will not propose them to each other again.": (
        "Vielleicht sprechen Sie zuerst mit {who}. **Neue Partner finden** fragt noch einmal "
        "nach und beendet dann das Tandem: Beide erfahren freundlich, dass es endet, aber "
        "nicht warum, kommen zurück auf die Warteliste, und das nächste `match` schlägt die "
        "beiden nicht wieder zusammen vor.",
        "Vielleicht sprichst du zuerst mit {who}. **Neue Partner finden** fragt noch einmal "
        "nach und beendet dann das Tandem: Beide erfahren freundlich, dass es endet, aber "
        "nicht warum, kommen zurück auf die Warteliste, und das nächste `match` schlägt die "
        "beiden nicht wieder zusammen vor."),
    "End the circle": ("Kreis beenden", None),
    "Find a new partner": ("Neue Partner finden", None),
    # Going on after the program
    "Everyone in your circle wants to go on meeting: your circle may continue after the "
    "program. Meet as you like — I will send no more check-ins or questions.": (
        "Alle in Ihrem Kreis möchten sich weiter treffen: Ihr Kreis kann nach dem Programm "
        "weitergehen. Treffen Sie sich, wie Sie möchten – ich schicke keine Nachfragen und "
        "Fragebögen mehr.",
        "Alle in deinem Kreis möchten sich weiter treffen: Dein Kreis kann nach dem Programm "
        "weitergehen. Trefft euch, wie ihr möchtet – ich schicke keine Nachfragen und "
        "Fragebögen mehr."),
    "You and {partner} both want to go on meeting: your tandem may continue after the "
    "program. Meet as you like — I will send no more check-ins or questions.": (
        "Sie und {partner} möchten sich beide weiter treffen: Ihr Tandem kann nach dem "
        "Programm weitergehen. Treffen Sie sich, wie Sie möchten – ich schicke keine "
        "Nachfragen und Fragebögen mehr.",
        "Du und {partner} möchtet euch beide weiter treffen: Euer Tandem kann nach dem "
        "Programm weitergehen. Trefft euch, wie ihr möchtet – ich schicke keine Nachfragen "
        "und Fragebögen mehr."),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
