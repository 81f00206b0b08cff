"""The console's form: a refusal the flow makes only at the end (no per-field check) is shown
under the field's label and asks only that field again, with its suggestion from before."""

from __future__ import annotations

from collections import deque

from adapters.console import ConsoleAdapter
from conversations.events import Actor, Event, FormSubmitted
from conversations.replies import Field, Form, FormAccepted, FormErrors, Reply, Text

FORM = Form("f", "Title", "Intro", (
    Field("zone", "Time zone", "text", initial="Europe/Berlin"),
    Field("dept", "Department", "text"),
), "Save", "Cancel")


async def test_an_end_refusal_asks_the_field_again_under_its_label_with_its_suggestion(
        ) -> None:
    answers = deque(["Mars/Base", "Sales", ""])
    out: list[str] = []
    submitted: list[dict[str, str | list[str]]] = []

    async def ask(prompt: str) -> str | None:
        out.append(prompt)
        return answers.popleft() if answers else None

    async def handle(event: Event) -> list[Reply]:
        assert isinstance(event, FormSubmitted)
        submitted.append(event.values)
        if event.values["zone"] != "Europe/Berlin":
            # as the flows do: the form again, pre-filled with what was typed
            again = Form("f", "Title", "Intro", (
                Field("zone", "Time zone", "text", initial=str(event.values["zone"])),
                Field("dept", "Department", "text", initial=str(event.values["dept"]))),
                "Save", "Cancel")
            return [FormErrors("f", {"zone": "Unknown time zone."}, again)]
        return [FormAccepted("f"), Text("Saved.")]

    adapter = ConsoleAdapter(handle, Actor("console", "max", locale="en"), ask, out.append)
    await adapter.render(FORM)
    assert "! Time zone: Unknown time zone." in out  # the label, not the id `zone`
    assert out.count("Time zone [Europe/Berlin]: ") == 2  # the refused answer is no suggestion
    assert out.count("Department: ") == 1  # the accepted answer is kept, not asked again
    assert submitted == [{"zone": "Mars/Base", "dept": "Sales"},
                         {"zone": "Europe/Berlin", "dept": "Sales"}]
    assert out[-1] == "Saved."
