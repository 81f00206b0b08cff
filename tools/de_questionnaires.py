"""German texts of the questionnaires (retro, pairing fit, mid-program check-in, final
evaluation): msgid → (Sie text, du text or None when it addresses nobody)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    "Retro": ("Retro", None),
    "Pairing fit": ("Passt das Tandem?", None),
    "Mid-program check-in": ("Zwischenbilanz zur Halbzeit", None),
    "Final evaluation": ("Abschlussbewertung", None),
    "met": ("erreicht", None),
    "partly": ("teilweise", None),
    "not yet": ("noch nicht", None),
    "yes": ("ja", None),
    "no": ("nein", None),
    "not sure": ("weiß nicht", None),
    "What did you learn?": ("Was haben Sie gelernt?", "Was hast du gelernt?"),
    "What did you teach — and what did you learn yourself?": (
        "Was haben Sie vermittelt – und was haben Sie selbst gelernt?",
        "Was hast du vermittelt – und was hast du selbst gelernt?"),
    "What worked?": ("Was hat gut funktioniert?", None),
    "What should change next time?": ("Was sollte beim nächsten Mal anders sein?", None),
    "How was it? (1 = not good, 5 = very good)": (
        "Wie war es? (1 = nicht gut, 5 = sehr gut)", None),
    "Could you speak freely, as the expert in the session? (1 = not at all, 5 = completely)": (
        "Konnten Sie als Expertin oder Experte im Treffen frei sprechen? "
        "(1 = gar nicht, 5 = völlig)",
        "Konntest du als Expertin oder Experte im Treffen frei sprechen? "
        "(1 = gar nicht, 5 = völlig)"),
    "Is this a good fit?": ("Passen Sie gut zusammen?", "Passt ihr gut zusammen?"),
    "How satisfied are you with your tandem so far? (1 = not at all, 5 = very)": (
        "Wie zufrieden sind Sie bisher mit Ihrem Tandem? (1 = gar nicht, 5 = sehr)",
        "Wie zufrieden bist du bisher mit deinem Tandem? (1 = gar nicht, 5 = sehr)"),
    "How far have you got with this goal?": (
        "Wie weit sind Sie mit diesem Ziel gekommen?", "Wie weit bist du mit diesem Ziel gekommen?"),
    "What would help for the second half?": (
        "Was würde für die zweite Hälfte helfen?", None),
    "How satisfied are you with the program? (1 = not at all, 5 = very)": (
        "Wie zufrieden sind Sie mit dem Programm? (1 = gar nicht, 5 = sehr)",
        "Wie zufrieden bist du mit dem Programm? (1 = gar nicht, 5 = sehr)"),
    "How far did you get with this goal?": (
        "Wie weit sind Sie mit diesem Ziel gekommen?", "Wie weit bist du mit diesem Ziel gekommen?"),
    "Did you reach your deliverable?": (
        "Haben Sie Ihr gemeinsames Ergebnis erreicht?", "Habt ihr euer gemeinsames Ergebnis erreicht?"),
    "Which concrete skills did you learn?": (
        "Welche konkreten Fähigkeiten haben Sie gelernt?",
        "Welche konkreten Fähigkeiten hast du gelernt?"),
    "Did a working relationship form?": (
        "Ist eine gute Arbeitsbeziehung entstanden?", None),
    "Do you want to go on meeting after the program?": (
        "Möchten Sie sich nach dem Programm weiter treffen?",
        "Möchtest du dich nach dem Programm weiter treffen?"),
    "What would you change about the program?": (
        "Was würden Sie am Programm ändern?", "Was würdest du am Programm ändern?"),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
