"""The report's own words, in Russian (the default) and English."""

TEXT: dict = {
    "ru": {
        "title": "Проверка чата",
        "folder": "Решение",
        "col_num": "№", "col_check": "Проверка", "col_points": "Баллы",
        "passed": "пройдена", "failed": "не пройдена", "skipped": "не проверялась", "error": "сбой проверки",
        "missing": "не сдано", "not_started": "не начато", "excluded": "не проверялось (--only)",
        "module_missing": "нет файла", "module_not_started": "не начато: все функции — заготовки",
        "track": "{track}: {score} из {max}",
        "final": "Итог: {score} из 100",
        "strict": "Строгий уровень (--strict): {score} из 100",
        "hint": "Подсказка",
        "reason": "Что случилось",
        "transcript": "Что происходило",
        "output": "Вывод {module}",
        "timeout": "проверка не уложилась в {seconds} с",
        "grader_fault": "Эта проверка не выполнилась из-за ошибки в самой проверяющей программе: "
                        "это не ваша ошибка. Сообщите преподавателю, результат нужно перепроверить.",
        "grader_incomplete": "проверяющая программа не успела выполнить эту проверку",
        "progress": "Проверяем",
        "time": "Время: {seconds} с",
        "all_passed": "Все проверки пройдены. Отличная работа!",
        "nothing": "Пока ничего не сделано: заполните TODO в файлах и запустите проверку снова.",
        "kinds": {
            "connect": "подключается", "send": "→ отправляет", "recv": "← получает",
            "expect-ok": "✓ дождался", "expect-missing": "✗ не дождался",
            "refute-ok": "✓ не получил лишнего", "refute-arrived": "✗ получил лишнее",
            "eof": "соединение закрыто другой стороной", "close": "отключается",
            "print": "печатает", "type": "⌨ пользователь вводит", "ready": "слушает порт",
            "static-ok": "✓", "static-missing": "✗", "note": "",
        },
    },
    "en": {
        "title": "Chat check",
        "folder": "Submission",
        "col_num": "#", "col_check": "Check", "col_points": "Points",
        "passed": "passed", "failed": "failed", "skipped": "not checked", "error": "grader fault",
        "missing": "not submitted", "not_started": "not started", "excluded": "not checked (--only)",
        "module_missing": "file missing", "module_not_started": "not started: every function is a stub",
        "track": "{track}: {score} of {max}",
        "final": "Final score: {score} of 100",
        "strict": "Strict tier (--strict): {score} of 100",
        "hint": "Hint",
        "reason": "What happened",
        "transcript": "What went on",
        "output": "Output of {module}",
        "timeout": "the check timed out after {seconds} s",
        "grader_fault": "The grader itself failed here: this is not your fault. Tell your instructor.",
        "grader_incomplete": "the grader did not get to finish this check",
        "progress": "Checking",
        "time": "Time: {seconds} s",
        "all_passed": "Every check passed. Great work!",
        "nothing": "Nothing done yet: fill in the TODOs and run the grader again.",
        "kinds": {
            "connect": "connects", "send": "→ sends", "recv": "← receives",
            "expect-ok": "✓ got", "expect-missing": "✗ never got",
            "refute-ok": "✓ got nothing extra", "refute-arrived": "✗ got unexpected",
            "eof": "connection closed by the other side", "close": "disconnects",
            "print": "prints", "type": "⌨ user types", "ready": "listens on port",
            "static-ok": "✓", "static-missing": "✗", "note": "",
        },
    },
}


def t(lang, key, **values):
    text = TEXT[lang][key]
    return text.format(**values) if values else text
