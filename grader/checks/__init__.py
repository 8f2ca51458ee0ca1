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
import random

import pytest

check = pytest.mark.check

SCENARIO = pytest.StashKey()   # the Scenario a check ran, for the report
CHECK_ID = pytest.StashKey()   # the rubric id a collected item scores
START_FAILED_IN = pytest.StashKey()   # skipped because its module failed to start: in this check

# Simulated users, in the order they join.
NAMES = ("Аня", "Боря", "Вика", "Гоша", "Даша", "Егор", "Женя", "Зоя", "Илья", "Катя")

# What simulated users say to a student's client. Picked at random for each check, so a
# client cannot pass by printing the expected words without receiving them.
PHRASES = ("Всем привет!", "Как дела?", "Кто идёт на пару?", "Я сегодня опоздаю.", "Лабу уже сдали?",
           "Где встречаемся?", "Скиньте конспект, пожалуйста.", "Сервер работает!", "Ура, получилось!")


def phrases(count):
    """`count` different phrases, in random order."""
    return random.sample(PHRASES, count)


def client_name():
    """A name for the user at the student's client."""
    return random.choice(NAMES[:4] + ("Маша", "Петя", "Оля", "Саша"))
