"""The grader's checks, written as pytest tests.

Each check is a test function marked with the rubric id it scores:

    @check("tcp.server.no_echo")
    def check_sender_does_not_get_its_own_message(tcp_chat):
        anya, borya = tcp_chat.join("Аня", "Боря")
        ...

Its points, its milestone, its file and the ids of its line and hints (the sentences sit in
grader/messages) come from its record in grader/engine/rubric.py. To add a check, add its
record there, its sentences to the catalogues and its function in the file the record
names; `pytest grader/checks --submission DIR` runs the checks alone, as ordinary tests.
"""
import pytest

from grader.chat.cast import NAMES, PHRASES, client_name, phrases
from grader.engine.keys import CHECK_ID, GRADING, NOT_CHECKED_AFTER, SCENARIO, START_FAILED_IN

__all__ = ["check", "SCENARIO", "CHECK_ID", "START_FAILED_IN", "NOT_CHECKED_AFTER", "GRADING", "NAMES", "PHRASES", "client_name", "phrases"]

check = pytest.mark.check
