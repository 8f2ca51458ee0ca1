"""Russian: the default language of every report. Keep the ids in step with en.py."""

TEXT = {
    # Whom the student's code runs as (grader/sandbox.py: sandbox_user_status), said once per report.
    "sandbox.user.dropped": "Код решения выполняется от имени отдельного пользователя {name}: "
                            "он не может ни писать в файлы проверяющей программы, ни вмешаться в её работу.",
    "sandbox.user.not_root": "Код решения выполняется с правами того, кто запустил проверку: "
                             "отдельного пользователя можно задать, только запустив проверку от root.",
    "sandbox.user.no_users": "Код решения выполняется с правами того, кто запустил проверку: "
                             "на этой системе нет смены пользователя.",
    "sandbox.user.no_such_user": "Код решения выполняется с правами проверяющей программы: "
                                 "пользователя «{name}» для него нет (CHATKIT_SANDBOX_USER).",
    "sandbox.user.python": "Код решения выполняется с правами проверяющей программы: пользователь {name} "
                           "не может запустить {path} (например, Python установлен в закрытой папке).",
    "sandbox.user.kit": "Код решения выполняется с правами проверяющей программы: пользователь {name} "
                        "не может прочитать папку проверяющей программы {path} (закрыта для других).",
    "sandbox.user.copy": "Код решения выполняется с правами проверяющей программы: пользователь {name} "
                         "не может войти во временную папку {path}.",
    "sandbox.user.probe_failed": "Код решения выполняется с правами проверяющей программы: "
                                 "пробный запуск от имени {name} не удался.",

    # grader/sandbox/platform: the protections this system does not give (said once per report)
    "platform.missing": "На этой системе нет {items}: код решения работает без них "
                        "(на оценку правильного решения это не влияет).",
    "platform.cpu_limit": "ограничения процессорного времени",
    "platform.memory_cap": "ограничения памяти",
    "platform.file_size_cap": "ограничения размера файлов",
    "platform.process_cap": "ограничения числа процессов",
    "platform.no_new_privs": "запрета повышать привилегии (no_new_privs)",
    "platform.orphans_caught": "надёжного поиска процессов, ушедших из дерева (fork + setsid)",
    "platform.job_object": "объекта задания Windows (Job Object)",
}
