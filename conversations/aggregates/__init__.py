"""One module per aggregate owns its legal state transitions (enrollment, tandem, match run).

Flows and the due-tick call these instead of setting status strings and timestamps. The
enum values are the strings stored today, so the database columns stay plain strings.
"""

from __future__ import annotations


class IllegalTransition(Exception):
    """A transition the aggregate's current state does not allow; nothing was changed."""

    def __init__(self, aggregate: str, state: str, action: str) -> None:
        super().__init__(f"{aggregate} in state {state!r} cannot {action}")
        self.aggregate, self.state, self.action = aggregate, state, action
