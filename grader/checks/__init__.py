"""The grader's checks, written as pytest tests.

Each check is a test function marked with the rubric id it scores:

    @check("tcp.server.no_echo")
    def check_sender_does_not_get_its_own_message(tcp_chat):
        anya, borya = tcp_chat.join("Аня", "Боря")
        ...

Its points, its line in the report and its hint come from grader/engine/rubric.py. To add a
check, add a rubric entry and a function here; `pytest grader/checks --submission DIR`
runs the checks alone, as ordinary tests.
"""
import pytest

from grader.chat.cast import NAMES, PHRASES, client_name, phrases

__all__ = ["check", "SCENARIO", "CHECK_ID", "START_FAILED_IN", "NOT_CHECKED_AFTER", "GRADING", "NAMES", "PHRASES", "client_name", "phrases"]

check = pytest.mark.check

SCENARIO: pytest.StashKey = pytest.StashKey()   # the Scenario a check ran, for the report
CHECK_ID: pytest.StashKey[str] = pytest.StashKey()   # the rubric id a collected item scores
START_FAILED_IN: pytest.StashKey[str] = pytest.StashKey()   # skipped because its module failed to start: in this check
NOT_CHECKED_AFTER: pytest.StashKey[str] = pytest.StashKey()   # skipped because of what this earlier check found (start failed, one user at a time)
GRADING: pytest.StashKey = pytest.StashKey()   # the session's conftest.Grading (config.stash), what its checks learned
