"""Who the simulated users are and what they say: chat content, in the chat's language.

These are the words of the scenarios, not sentences of the report: they are Russian in
every report language, as the assignment's chat is.

The client checks' names and phrases are drawn for each check from its id and the student's
source (`deal`): the same code gets the same users, lines and report in every run, and a
client still cannot pass by printing words fixed in advance, since any change to its source
deals other ones.
"""
import hashlib
import random

# Simulated users, in the order they join.
NAMES = ("Аня", "Боря", "Вика", "Гоша", "Даша", "Егор", "Женя", "Зоя", "Илья", "Катя")

# What simulated users say to a student's client. Drawn for each check (deal()), so a
# client cannot pass by printing the expected words without receiving them.
PHRASES = ("Всем привет!", "Как дела?", "Кто идёт на пару?", "Я сегодня опоздаю.", "Лабу уже сдали?",
           "Где встречаемся?", "Скиньте конспект, пожалуйста.", "Сервер работает!", "Ура, получилось!")

# Words a server may take for "I am leaving" when its source has no /quit (grader/chat/lenient.py).
QUIT_WORDS = ("/quit", "/exit", "/q", "/leave", "/выход", "quit", "exit", "выход", "q")

ROLL_CALL = ("(перекличка)", "(перекличка ещё раз)")  # what Chat.roll_call() has the first member say


# The draw of names and phrases: random until deal() seeds it (a check's fixture does, in the
# worker's one thread of checks), so tools that run no check (demo, live) keep real chance.
_draw = random.Random()


def deal(check_id, source=b""):
    """Seed this check's draw from its id and the bytes of the student's module it runs."""
    _draw.seed(hashlib.sha256(check_id.encode() + b"\0" + source).hexdigest())


def phrases(count):
    """`count` different phrases, in the order this check's draw gives."""
    return _draw.sample(PHRASES, count)


def client_name():
    """A name for the user at the student's client."""
    return _draw.choice(NAMES[:4] + ("Маша", "Петя", "Оля", "Саша"))
