"""Whole-program runs in virtual time."""
