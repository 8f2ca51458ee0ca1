"""Shared pieces of the chat lab kit that student code, reference solutions, the grader
and the tests all import: the wire protocol, default ports, and the by-hand launcher."""
