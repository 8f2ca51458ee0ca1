"""Who the simulated users are and what they say: chat content, in the chat's language.

These are the words of the scenarios, not sentences of the report: they are Russian in
every report language, as the assignment's chat is.
"""
import random

# Simulated users, in the order they join.
NAMES = ("Аня", "Боря", "Вика", "Гоша", "Даша", "Егор", "Женя", "Зоя", "Илья", "Катя")

# What simulated users say to a student's client. Picked at random for each check, so a
# client cannot pass by printing the expected words without receiving them.
PHRASES = ("Всем привет!", "Как дела?", "Кто идёт на пару?", "Я сегодня опоздаю.", "Лабу уже сдали?",
           "Где встречаемся?", "Скиньте конспект, пожалуйста.", "Сервер работает!", "Ура, получилось!")

# Words a server may take for "I am leaving" when its source has no /quit (grader/chat/lenient.py).
QUIT_WORDS = ("/quit", "/exit", "/q", "/leave", "/выход", "quit", "exit", "выход", "q")

ROLL_CALL = ("(перекличка)", "(перекличка ещё раз)")  # what Chat.roll_call() has the first member say


def phrases(count):
    """`count` different phrases, in random order."""
    return random.sample(PHRASES, count)


def client_name():
    """A name for the user at the student's client."""
    return random.choice(NAMES[:4] + ("Маша", "Петя", "Оля", "Саша"))
