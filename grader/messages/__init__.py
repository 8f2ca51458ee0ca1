"""Every sentence the kit says to a student or an instructor, in Russian and English.

One plain module per language (`ru.py`, `en.py`) holds a flat dict TEXT from a dotted id
("report.final", "batch.status.graded") to a str.format template. Plain modules rather
than gettext .po catalogues: the texts are read and reviewed next to each other, they are
imported like any code (no compile step, nothing to forget in a wheel), and a test can
check in one line that both languages have the same ids and the same placeholders.

    from grader.messages import say
    say("report.final", "ru", score=100)

Protocol strings (what a server sends) live in chatkit/protocol.py; everything else a person
reads comes from here, a check's line and hints too (`check.<id>`, `check.<id>.idea|api|shape`,
named by the check's record in grader/engine/rubric.py).
"""
import string

from grader.messages import en, ru

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
CATALOGUES = {"ru": ru.TEXT, "en": en.TEXT}


def say(key, lang=DEFAULT_LANGUAGE, **fields):
    """The sentence `key` in `lang`, with `fields` filled in."""
    template = CATALOGUES[lang][key]
    return template.format(**fields) if fields else template


def placeholders(template):
    """The names a template expects: "{a} of {b}" -> {"a", "b"}."""
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


def known(key):
    """Is `key` in the catalogue (every language has the same ids)?"""
    return key in CATALOGUES[DEFAULT_LANGUAGE]
