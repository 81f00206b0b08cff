"""The console transcript fixtures of tests/flows, for the working-time transcripts."""

from tests.flows.conftest import any_core, transcript

__all__ = ["any_core", "transcript"]
