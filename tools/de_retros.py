"""German texts of `my retros`, sharing a retro, the questionnaire reminder and Raise a
concern: msgid → (Sie text, du text or None when it addresses nobody)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    # Raise a concern
    "Raise a concern": ("Ein Anliegen melden", None),
    "This goes privately to the program coordinators — never to your partner. If you leave "
    "your name out, they read only “a participant of the program”: not your name, your "
    "tandem or your sessions. What you write may still tell them who you are, so read it "
    "once more before you send it.": (
        "Das geht vertraulich an die Koordination des Programms – nie an Ihr Gegenüber. "
        "Ohne Ihren Namen liest die Koordination nur „eine teilnehmende Person des "
        "Programms“: nicht Ihren Namen, Ihr Tandem oder Ihre Treffen. Was Sie schreiben, "
        "kann trotzdem verraten, wer Sie sind – lesen Sie es vor dem Senden noch einmal.",
        "Das geht vertraulich an die Koordination des Programms – nie an dein Gegenüber. "
        "Ohne deinen Namen liest die Koordination nur „eine teilnehmende Person des "
        "Programms“: nicht deinen Namen, dein Tandem oder deine Treffen. Was du schreibst, "
        "kann trotzdem verraten, wer du bist – lies es vor dem Senden noch einmal."),
    "What is the concern?": ("Worum geht es?", None),
    "At most {most} characters.": ("Höchstens {most} Zeichen.", None),
    "Your name": ("Ihr Name", "Dein Name"),
    "Include my name": ("Meinen Namen mitsenden", None),
    "Send to the coordinators": ("An die Koordination senden", None),
    "Please write what the concern is.": (
        "Bitte schreiben Sie, worum es geht.", "Bitte schreib, worum es geht."),
    "That is {count} characters; at most {most} fit. Please shorten it — nothing was sent "
    "yet.": (
        "Das sind {count} Zeichen; höchstens {most} passen. Bitte kürzen Sie den Text – "
        "noch wurde nichts gesendet.",
        "Das sind {count} Zeichen; höchstens {most} passen. Bitte kürze den Text – noch "
        "wurde nichts gesendet."),
    "Sent privately to the coordinators, with your name.": (
        "Vertraulich an die Koordination gesendet, mit Ihrem Namen.",
        "Vertraulich an die Koordination gesendet, mit deinem Namen."),
    "Sent privately to the coordinators, without your name: they read “a participant of the "
    "program”.": (
        "Vertraulich an die Koordination gesendet, ohne Ihren Namen: Dort steht „eine "
        "teilnehmende Person des Programms“.",
        "Vertraulich an die Koordination gesendet, ohne deinen Namen: Dort steht „eine "
        "teilnehmende Person des Programms“."),
    "A concern": ("Ein Anliegen", None),
    "A participant of the program raised a concern. They chose not to give their name: I do "
    "not tell you who they are or which tandem they are in.": (
        "Eine teilnehmende Person des Programms meldet ein Anliegen. Sie möchte ihren Namen "
        "nicht nennen: Ich sage Ihnen weder, wer sie ist, noch, in welchem Tandem sie ist.",
        "Eine teilnehmende Person des Programms meldet ein Anliegen. Sie möchte ihren Namen "
        "nicht nennen: Ich sage dir weder, wer sie ist, noch, in welchem Tandem sie ist."),
    "**{who}** raised a concern.": ("**{who}** meldet ein Anliegen.", None),
    "**{who}** raised a concern (tandem #{id}, with {partner}). Their partner has not been "
    "told.": (
        "**{who}** meldet ein Anliegen (Tandem #{id}, mit {partner}). Das Gegenüber weiß "
        "davon nichts.", None),
    "privately raise a concern with the coordinators, with or without your name": (
        "vertraulich ein Anliegen an die Koordination melden, mit oder ohne Ihren Namen",
        "vertraulich ein Anliegen an die Koordination melden, mit oder ohne deinen Namen"),
    # my retros
    "_Not answered yet._": ("_Noch nicht beantwortet._", None),
    "Finished on {date}.": ("Abgeschlossen am {date}.", None),
    "Open: type `retro` to go on, or answer in the form.": (
        "Offen: Mit `retro` machen Sie weiter, oder Sie antworten im Formular.",
        "Offen: Mit `retro` machst du weiter, oder du antwortest im Formular."),
    "Change my answers": ("Antworten ändern", None),
    "Shared with {partner}: they see your written answers.": (
        "Geteilt mit {partner}: Ihre geschriebenen Antworten sind dort sichtbar.",
        "Geteilt mit {partner}: Deine geschriebenen Antworten sind dort sichtbar."),
    "Private: only you see your written answers.": (
        "Vertraulich: Nur Sie sehen Ihre geschriebenen Antworten.",
        "Vertraulich: Nur du siehst deine geschriebenen Antworten."),
    "Shared with you by {name}": (
        "Von {name} mit Ihnen geteilt", "Von {name} mit dir geteilt"),
    "Their retro of your session on {date}.": (
        "Die Retro zu Ihrem Treffen am {date}.", "Die Retro zu eurem Treffen am {date}."),
    "Nothing written yet.": ("Noch nichts geschrieben.", None),
    "Did you mean `my retros`? It shows your retros and questionnaires with your answers.": (
        "Meinten Sie `my retros`? Das zeigt Ihre Retros und Fragebögen mit Ihren Antworten.",
        "Meintest du `my retros`? Das zeigt deine Retros und Fragebögen mit deinen "
        "Antworten."),
    "You have no retros or questionnaires yet. After each session you log, I ask you a few "
    "short questions; your answers show up here.": (
        "Sie haben noch keine Retros oder Fragebögen. Nach jedem Treffen, das Sie eintragen, "
        "stelle ich Ihnen ein paar kurze Fragen; Ihre Antworten erscheinen dann hier.",
        "Du hast noch keine Retros oder Fragebögen. Nach jedem Treffen, das du einträgst, "
        "stelle ich dir ein paar kurze Fragen; deine Antworten erscheinen dann hier."),
    "Your latest retros and questionnaires, newest first. Your written answers are yours "
    "alone unless you share a retro.": (
        "Ihre letzten Retros und Fragebögen, die neuesten zuerst. Ihre geschriebenen "
        "Antworten sieht niemand außer Ihnen, solange Sie eine Retro nicht teilen.",
        "Deine letzten Retros und Fragebögen, die neuesten zuerst. Deine geschriebenen "
        "Antworten sieht niemand außer dir, solange du eine Retro nicht teilst."),
    "your retros and questionnaires with your answers: change them, share a retro": (
        "Ihre Retros und Fragebögen mit Ihren Antworten: ändern, eine Retro teilen",
        "deine Retros und Fragebögen mit deinen Antworten: ändern, eine Retro teilen"),
    # the reminder and the form
    "A reminder — the only one I send for this. Answer with the buttons or by replying here; "
    "`stop` ends it and keeps what you said.": (
        "Eine Erinnerung – die einzige, die ich dazu schicke. Antworten Sie mit den "
        "Schaltflächen oder hier per Nachricht; `stop` beendet und behält, was Sie schon "
        "gesagt haben.",
        "Eine Erinnerung – die einzige, die ich dazu schicke. Antworte mit den Schaltflächen "
        "oder hier per Nachricht; `stop` beendet und behält, was du schon gesagt hast."),
    "About your session on {date}.": (
        "Zu Ihrem Treffen am {date}.", "Zu eurem Treffen am {date}."),
    # kinds of message (`messages`, `outbox`)
    "questionnaire": ("Fragebogen", None),
    "questionnaire reminder": ("Erinnerung an einen Fragebogen", None),
    "shared retro": ("geteilte Retro", None),
    "concern": ("Anliegen", None),
    # sharing
    "Share": ("Teilen", None),
    "Share my written answers with {partner}": (
        "Meine geschriebenen Antworten mit {partner} teilen", None),
    "Unticked, only you see them. Your scores are never shared.": (
        "Ohne Haken sehen nur Sie sie. Ihre Bewertungen werden nie geteilt.",
        "Ohne Haken siehst nur du sie. Deine Bewertungen werden nie geteilt."),
    "Share my answers with {partner}": ("Meine Antworten mit {partner} teilen", None),
    "Stop sharing": ("Nicht mehr teilen", None),
    "There is nobody in your tandem to share this with any more.": (
        "In Ihrem Tandem ist niemand mehr, mit dem Sie das teilen könnten.",
        "In deinem Tandem ist niemand mehr, mit dem du das teilen könntest."),
    "You already share these answers with {partner}.": (
        "Sie teilen diese Antworten bereits mit {partner}.",
        "Du teilst diese Antworten bereits mit {partner}."),
    "{name} shared their retro with you": (
        "{name} teilt eine Retro mit Ihnen", "{name} teilt eine Retro mit dir"),
    "Their written answers about your session on {date}, as they wrote them. Only your "
    "tandem sees them.": (
        "Die geschriebenen Antworten zu Ihrem Treffen am {date}, so wie sie geschrieben "
        "wurden. Nur Ihr Tandem sieht sie.",
        "Die geschriebenen Antworten zu eurem Treffen am {date}, so wie sie geschrieben "
        "wurden. Nur euer Tandem sieht sie."),
    "`my retros` shows them for as long as they share them.": (
        "`my retros` zeigt sie, solange sie geteilt bleiben.", None),
    "Shared with {partner}. They see your written answers (not your scores) in `my retros`; "
    "`my retros` also lets you stop sharing.": (
        "Geteilt mit {partner}: Ihre geschriebenen Antworten (nicht Ihre Bewertungen) sind "
        "dort unter `my retros` sichtbar. Mit `my retros` können Sie das Teilen auch "
        "beenden.",
        "Geteilt mit {partner}: Deine geschriebenen Antworten (nicht deine Bewertungen) sind "
        "dort unter `my retros` sichtbar. Mit `my retros` kannst du das Teilen auch "
        "beenden."),
    "{partner} gets them once in a message, which stays in their chat even if you stop "
    "sharing later.": (
        "{partner} bekommt sie einmal als Nachricht; die bleibt im Chat, auch wenn Sie das "
        "Teilen später beenden.",
        "{partner} bekommt sie einmal als Nachricht; die bleibt im Chat, auch wenn du das "
        "Teilen später beendest."),
    "These answers are not shared: only you see them.": (
        "Diese Antworten sind nicht geteilt: Nur Sie sehen sie.",
        "Diese Antworten sind nicht geteilt: Nur du siehst sie."),
    "Stopped sharing: {partner} no longer sees these answers in `my retros`. A message they "
    "already got stays in their chat.": (
        "Teilen beendet: {partner} sieht diese Antworten unter `my retros` nicht mehr. Eine "
        "schon erhaltene Nachricht bleibt im Chat.", None),
    "Share with {partner}?": ("Mit {partner} teilen?", None),
    "Your written answers are private. Share them, and {partner} gets them once in a "
    "message and sees them in `my retros`; you can stop sharing there at any time. Your "
    "scores stay private either way.": (
        "Ihre geschriebenen Antworten sind vertraulich. Wenn Sie sie teilen, bekommt "
        "{partner} sie einmal als Nachricht und sieht sie unter `my retros`; dort können "
        "Sie das Teilen jederzeit beenden. Ihre Bewertungen bleiben in jedem Fall "
        "vertraulich.",
        "Deine geschriebenen Antworten sind vertraulich. Wenn du sie teilst, bekommt "
        "{partner} sie einmal als Nachricht und sieht sie unter `my retros`; dort kannst du "
        "das Teilen jederzeit beenden. Deine Bewertungen bleiben in jedem Fall vertraulich."),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
