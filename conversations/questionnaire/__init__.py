"""The questionnaire engine: questions, their kinds and order, per-role variants and skip
rules (`model.py`); the four questionnaires the program asks (`kinds.py`). Platform-free and
storage-free; the flows in `conversations/flows/` put them to people."""
