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
    # --- roles: which file plays which part (grader/engine/roles.py) ---
    "roles.part.tcp_server": "TCP-сервер",
    "roles.part.tcp_client": "TCP-клиент",
    "roles.part.udp_server": "UDP-сервер",
    "roles.part.udp_client": "UDP-клиент",
    "roles.taken.kit": "{part}: {file}",
    "roles.taken.found": "{part}: {file} (определён по коду)",
    "roles.taken.given": "{part}: {file} (указан преподавателем)",
    "roles.ambiguous": "На роль «{part}» подходят несколько файлов ({files}): оставьте один или укажите "
                       "нужный явно, например --{option} {first}.",
    "roles.none": "{part} не найден: ни один файл не похож на него по коду; добавьте его или укажите "
                  "файл явно: --{option} ФАЙЛ.",
    "roles.given_missing": "Файла «{file}», указанного в --{option}, нет в решении: проверьте имя файла.",
    "roles.nothing": "В «{path}» нет ни одного модуля чата (файла .py, который работает с socket): "
                     "это не папка с решением, укажите ту, где лежит ваш чат.",
    "roles.map_bad": "Файл соответствия «{path}» не читается ({error}): нужен JSON вида "
                     "{{\"*\": {{\"tcp-server\": \"server.py\"}}, \"ivanov\": {{\"tcp-client\": \"Client.py\"}}}}.",
    # --- launch: how a module was started (grader/engine/shapes.py, grader/sandbox/launch.py) ---
    "launch.shape": "{file} запущен как {label}",
    "launch.label.script": "программа (блок if __name__ == \"__main__\":)",
    "launch.label.module": "программа (код на верхнем уровне модуля)",
    "launch.binds_at_import": "{file} создаёт и привязывает сокет при импорте, вне функций: так работает, "
                              "но модуль нельзя запустить с другим адресом; лучше перенести это в main().",
    "launch.ignores_port": "{file} не использует переданный ему порт (у него свой: {port}); "
                           "проверка перенаправила соединения на свой порт.",
    "launch.redirected": "{file} использует свой адрес {address}; проверка перенаправила его на 127.0.0.1 "
                         "и свой порт.",
    "launch.input_at_import": "{file} вызывает input() при запуске, а у сервера при проверке нет клавиатуры: "
                              "уберите ввод (адрес и порт проверка подставит сама) или спрашивайте только "
                              "в клиенте.",
    "launch.missing_helper": "{file} импортирует {name}, а файла {name}.py в решении нет: добавьте его в папку.",
    "launch.missing_package": "{file} импортирует {name}, а при проверке доступна только стандартная "
                              "библиотека Python: обойдитесь без этого пакета.",
    "launch.exit_at_import": "{file} вызывает exit() при запуске и завершается, не начав работу: "
                             "вызывайте exit() только там, где программа должна закончиться.",
    "launch.no_address": "{file} привязывается к адресу, которого нет на этой машине ({error}): "
                         "используйте '0.0.0.0' или переданный host.",
    "launch.hint_not_started": "модуль не запустился, поэтому сама проверка не началась: исправьте причину, "
                               "названную выше, и остальные проверки этого модуля тоже заработают",
    "launch.no_entry": "{file}: непонятно, с чего начинать: нет ни main(), ни блока "
                       "if __name__ == \"__main__\":, ни кода на верхнем уровне модуля.",
    'gradescope.state.missing': 'не сдан',
    'gradescope.state.not_started': 'не начат',
    'gradescope.state.excluded': 'не проверялся (--only)',
    'gradescope.untaken.name': '{track}: вариант {state}',
    'gradescope.untaken.output': 'Этот вариант не проверялся и баллов не стоит: засчитывается лучший из вариантов (вариант {track} — до {max} баллов).',
    'gradescope.nothing.name': 'Нечего проверять: ни один вариант не сдан',
    'gradescope.nothing.output': 'В решении нет ни одного начатого модуля (tcp_server.py, tcp_client.py, udp_server.py, udp_client.py): заполните TODO и отправьте решение снова.',
    'gradescope.module_missing.name': '{module}: файл не сдан или не начат',
    'gradescope.cap.name': 'Вариант {track} стоит не больше {max} баллов из 100',
    'gradescope.cap.output': 'Засчитан вариант {track}: он стоит до {max} баллов. Оставшиеся баллы даёт только вариант TCP.',
    'gradescope.fault.name': '⚠ сбой проверки: {name}',
    'gradescope.fault.output': '**Это сбой проверяющей программы, а не ваша ошибка.** Баллы за эту проверку не сняты окончательно: попросите преподавателя перезапустить проверку (Regrade Submission).',
    'gradescope.fault.banner': '⚠ Проверки {numbers} не выполнились из-за сбоя проверяющей программы — это не ваша ошибка. Попросите преподавателя перезапустить проверку (Regrade Submission).',
    'gradescope.strict.name': '[строгий уровень, отдельный балл] {name}',
    'gradescope.not_counted.name': '[не засчитывается: засчитан вариант {track}] {name}',
    'gradescope.partial': 'Проверка ещё идёт или была прервана: показано то, что успели проверить. Если этот текст не исчез, попросите преподавателя перезапустить проверку (Regrade Submission).',
    'gradescope.pending': 'эту проверку ещё не успели выполнить',
    'prairielearn.hint': 'Подсказка',
    'prairielearn.score': 'Итог: {score} из 100.',
    'prairielearn.fault': 'Проверки {numbers} не выполнились из-за сбоя проверяющей программы — это не ваша ошибка; отправьте решение ещё раз, попытка не засчитается.',
    'classroom.no_results': 'results.json не найден: грейдер не смог проверить решение (см. журнал шага выше)',
    'classroom.none_earned': 'баллов пока нет',
    'classroom.none_missed': 'все баллы получены',
    'gradebook.roster.missing': 'Нет файла «{path}»: укажите CSV со списком группы (столбцы folder, name, id, email).',
    'gradebook.roster.unreadable': 'Не удалось прочитать «{path}» ({error}): сохраните список группы как CSV в UTF-8.',
    'gradebook.roster.columns': 'В «{path}» нет столбцов {columns}: первая строка списка группы должна назвать столбцы folder, name, id, email.',
    'gradebook.roster.no_folder': 'В «{path}», строка {line}, пустой столбец folder: впишите имя папки (или .zip) студента.',
    'gradebook.roster.duplicate': 'В «{path}», строка {line}, папка «{folder}» встречается второй раз: у каждого студента своя папка.',
    'gradebook.roster.empty': 'В «{path}» нет ни одного студента: под строкой с названиями столбцов нужна строка на каждого.',
    'gradebook.roster.needed': 'Для {option} нужен --roster roster.csv: без списка группы LMS не сопоставит строки со студентами.',
    'gradebook.status.no_submission': 'решение не сдано',
    'gradebook.status.not_in_roster': 'нет в списке группы',
    'gradebook.strays': 'Папки, которых нет в списке группы (в ведомости они есть, в файлах для LMS — нет): {folders}',
    'gradebook.missing_count': 'Студентов без решения: {count} (в ведомостях у них 0 и статус «решение не сдано»).',
    'gradebook.written': '{kind}: {path}',
    'gradebook.failed': 'Не удалось записать «{path}» ({error}): файл открыт в другой программе? Закройте его и запустите снова.',
    'gradebook.feedback.score': 'Итог: {score} из 100 (TCP: {tcp} из 100, UDP: {udp} из 80).',
    'gradebook.feedback.failed': 'Не пройдены: {checks}.',
    'overview.title': 'Группа целиком (проверенных решений: {count})',
    'overview.distribution': 'Распределение баллов (в процентах от максимума варианта)',
    'overview.checks': 'Проверки по доле прошедших, самые трудные сверху',
    'overview.hints': 'Подсказки к проверкам',
    'overview.col.check': 'Проверка',
    'overview.col.passed': 'Прошли',
    'overview.col.failed': 'Не прошли',
    'overview.series.final': 'Итог',
    'overview.series.tcp': 'TCP',
    'overview.series.udp': 'UDP',
    'overview.all_passed': 'Все проверки прошли у всех.',
    'overview.written': 'Обзор группы: {path}',
    'overview.png': 'График: {path}',
    'overview.no_png': "PNG не нарисован: для него нужен matplotlib (pip install 'chat-lab-kit[plot]').",
    'similarity.title': 'Похожие пары решений (всего пар: {count})',
    'similarity.col.pair': 'Пара',
    'similarity.col.score': 'Общий код',
    'similarity.col.shares': 'Доля у каждого',
    'similarity.legend': 'Жёлтым отмечен код, общий у этих двух решений; код лекции, заготовки и chatkit/protocol.py не учитываются.',
    'similarity.given': 'Код, который дали всем (пример с лекции, заготовки lab/*.py, chatkit/protocol.py), совпадением не считается. Высокая доля — повод посмотреть, а не приговор.',
    'similarity.not_installed': "Для сравнения нужна библиотека copydetect: установите её командой pip install 'chat-lab-kit[similarity]' и запустите снова.",
    'similarity.no_folder': 'Не нашли папку «{path}»: укажите папку, где лежит по папке или .zip на каждого студента.',
    'similarity.too_few': 'В «{path}» решений с файлами .py: {count}; для сравнения нужно хотя бы два (по папке или .zip на студента).',
    'similarity.no_py': 'нет файлов .py',
    'similarity.skipped': 'Не сравнивались: {entries}',
    'similarity.html': 'Отчёт: {path}',
    'similarity.json': 'Все пары: {path}',
    'similarity.write_failed': 'Не удалось записать «{path}» ({error}): проверьте, что папка существует и доступна для записи.',
    # --- confine: what confined the student's code in this run (grader/confinement.py) ---
    "confine.line": "Защита запуска: сеть — {network}; файлы — {files}; пользователь — {user}; лимиты — {limits}.",
    "confine.network.netns": "только свой loopback (отдельное сетевое пространство имён)",
    "confine.network.ports": "TCP только к порту проверки (Landlock), UDP не ограничен",
    "confine.network.none": "общая с этим компьютером",
    "confine.files.landlock": "пишет только в свою копию, читает только Python и chatkit/ (Landlock)",
    "confine.files.none": "всё, что доступно вашему пользователю",
    "confine.user.sandbox": "непривилегированный пользователь",
    "confine.user.root": "root без привилегий (capabilities)",
    "confine.user.self": "ваш пользователь",
    "confine.limits.rlimits": "процессор, память, размер файлов",
    "confine.limits.none": "нет",
    "confine.unknown": "Защита запуска: не записана (результат старой версии проверки).",
    "confine.warning": "Код студента работал с правами вашего пользователя: чужие работы надёжнее проверять в контейнере или виртуальной машине.",
}
