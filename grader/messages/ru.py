"""Russian: the default language of every report. Keep the ids in step with en.py."""

TEXT = {
    # grader/sandbox/platform: the protections this system does not give (said once per report)
    "platform.missing": "На этой системе нет {items}: код решения работает без них "
                        "(на оценку правильного решения это не влияет).",
    "platform.cpu_limit": "ограничения процессорного времени",
    "platform.memory_cap": "ограничения памяти",
    "platform.file_size_cap": "ограничения размера файлов",
    "platform.process_cap": "ограничения числа процессов",
    "platform.no_new_privs": "запрета повышать привилегии (no_new_privs)",
    "platform.orphans_caught": "надёжного поиска процессов, ушедших из дерева (fork + setsid)",
    "platform.uid_drop": "отдельного непривилегированного пользователя для кода решения",
    "platform.job_object": "объекта задания Windows (Job Object)",
}
