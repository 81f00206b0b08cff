"""German texts of the questionnaires (retro, pairing fit, mid-program check-in, final
evaluation): msgid → (Sie text, du text or None when it addresses nobody)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    "Retro": ("Retro", None),
    "Pairing fit": ("Passt das Tandem?", None),
    "Mid-program check-in": ("Zwischenbilanz", None),
    "{title} · {date}": ("{title} · {date}", None),
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
        "Wie weit sind Sie mit diesem Ziel gekommen?",
        "Wie weit bist du mit diesem Ziel gekommen?"),
    "What would help for the second half?": (
        "Was würde für die zweite Hälfte helfen?", None),
    "How satisfied are you with the program? (1 = not at all, 5 = very)": (
        "Wie zufrieden sind Sie mit dem Programm? (1 = gar nicht, 5 = sehr)",
        "Wie zufrieden bist du mit dem Programm? (1 = gar nicht, 5 = sehr)"),
    "How far did you get with this goal?": (
        "Wie weit sind Sie mit diesem Ziel gekommen?",
        "Wie weit bist du mit diesem Ziel gekommen?"),
    "Did you reach your deliverable?": (
        "Haben Sie Ihr gemeinsames Ergebnis erreicht?",
        "Habt ihr euer gemeinsames Ergebnis erreicht?"),
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
    # the engine (conversations/flows/questionnaires.py, questionnaire/answers.py)
    "{title}: your session on {date}": ("{title}: Ihr Treffen am {date}",
            "{title}: dein Treffen am {date}"),
    "Your answers are private: your partner sees them only if you share them, and the "
    "coordinators only ever see totals of several tandems.": (
        "Ihre Antworten sind vertraulich: Ihr Tandem-Partner sieht sie nur, wenn Sie sie teilen, "
        "und die Koordination sieht immer nur Summen über mehrere Tandems.",
        "Deine Antworten sind vertraulich: Dein Tandem-Partner sieht sie nur, wenn du sie teilst, "
        "und die Koordination sieht immer nur Summen über mehrere Tandems."),
    "Your answers are private: the coordinators only ever see totals of several tandems.": (
        "Ihre Antworten sind vertraulich: Die Koordination sieht immer nur Summen über mehrere "
        "Tandems.",
        "Deine Antworten sind vertraulich: Die Koordination sieht immer nur Summen über mehrere "
        "Tandems."),
    "{count} short questions. Answer with the buttons or by replying here, one at a time — "
    "`skip` skips one, `back` goes back, `stop` ends and keeps what you said.": (
        "{count} kurze Fragen. Antworten Sie mit den Schaltflächen oder hier im Chat, eine nach "
        "der anderen – `skip` überspringt eine, `back` geht zurück, `stop` beendet und behält, "
        "was Sie gesagt haben.",
        "{count} kurze Fragen. Antworte mit den Schaltflächen oder hier im Chat, eine nach der "
        "anderen – `skip` überspringt eine, `back` geht zurück, `stop` beendet und behält, was "
        "du gesagt hast."),
    "**{n} of {total}.** ": ("**{n} von {total}.** ", None),
    "_Reply here in your own words._": (
        "_Antworten Sie hier in eigenen Worten._", "_Antworte hier in eigenen Worten._"),
    "Skip": ("Überspringen", None),
    "Back": ("Zurück", None),
    "Answer in a form": ("Im Formular antworten", None),
    "Stop": ("Beenden", None),
    "This questionnaire is no longer open. Nothing changed.": (
        "Diese Befragung ist nicht mehr offen. Es wurde nichts geändert.", None),
    "You have already finished this one — thank you. `my retros` shows your answers, and you "
    "can change them there.": (
        "Diese haben Sie schon abgeschlossen – danke. `meine retros` zeigt Ihre Antworten, dort "
        "können Sie sie auch ändern.",
        "Diese hast du schon abgeschlossen – danke. `meine retros` zeigt deine Antworten, dort "
        "kannst du sie auch ändern."),
    "This is the first question: there is nothing to go back to.": (
        "Das ist die erste Frage: Davor gibt es nichts.", None),
    "Stopped — I kept what you said so far. Thank you.": (
        "Beendet – was Sie bisher gesagt haben, ist gespeichert. Danke.",
        "Beendet – was du bisher gesagt hast, ist gespeichert. Danke."),
    "Thank you — your answers are saved.": (
        "Danke – Ihre Antworten sind gespeichert.", "Danke – deine Antworten sind gespeichert."),
    "You have answered that question already; `back` changes the last answer. The open "
    "question:": (
        "Diese Frage haben Sie schon beantwortet; `back` ändert die letzte Antwort. Die offene "
        "Frage:",
        "Diese Frage hast du schon beantwortet; `back` ändert die letzte Antwort. Die offene "
        "Frage:"),
    "_Skipped._": ("_Übersprungen._", None),
    "Your answer: **{answer}**": ("Ihre Antwort: **{answer}**", "Deine Antwort: **{answer}**"),
    "At most {most} characters. Private to you.": (
        "Höchstens {most} Zeichen. Nur für Sie.", "Höchstens {most} Zeichen. Nur für dich."),
    "Leave out what you do not want to answer.": (
        "Lassen Sie weg, was Sie nicht beantworten möchten.",
        "Lass weg, was du nicht beantworten möchtest."),
    "Your answers are updated. Thank you.": (
        "Ihre Antworten sind aktualisiert. Danke.", "Deine Antworten sind aktualisiert. Danke."),
    "No retro or questionnaire is waiting for you right now. After each session you log, I ask "
    "you a few short questions.": (
        "Gerade wartet keine Retro und keine Befragung auf Sie. Nach jedem eingetragenen Treffen "
        "stelle ich Ihnen ein paar kurze Fragen.",
        "Gerade wartet keine Retro und keine Befragung auf dich. Nach jedem eingetragenen Treffen "
        "stelle ich dir ein paar kurze Fragen."),
    "answer the open retro or questionnaire": (
        "die offene Retro oder Befragung beantworten", None),
    "Please answer with a number from {low} to {high} — or `skip`.": (
        "Bitte antworten Sie mit einer Zahl von {low} bis {high} – oder `skip`.",
        "Bitte antworte mit einer Zahl von {low} bis {high} – oder `skip`."),
    "Please answer with one of: {options} — or `skip`.": (
        "Bitte antworten Sie mit einer dieser Möglichkeiten: {options} – oder `skip`.",
        "Bitte antworte mit einer dieser Möglichkeiten: {options} – oder `skip`."),
    "Please write a few words — or `skip`.": (
        "Bitte schreiben Sie ein paar Worte – oder `skip`.",
        "Bitte schreib ein paar Worte – oder `skip`."),
    "That is {count} characters; I keep at most {most} per answer. Please shorten it and send "
    "it again — nothing was saved yet.": (
        "Das sind {count} Zeichen; ich speichere höchstens {most} pro Antwort. Bitte kürzen Sie "
        "den Text und senden Sie ihn noch einmal – noch ist nichts gespeichert.",
        "Das sind {count} Zeichen; ich speichere höchstens {most} pro Antwort. Bitte kürze den "
        "Text und sende ihn noch einmal – noch ist nichts gespeichert."),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
