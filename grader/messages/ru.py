"""Russian: the default language of every report. Keep the ids in step with en.py."""

TEXT = {
    # --- cli: python -m grader and its --help (grader/__main__.py) ---------------------------------
    "cli.help.description": "Проверка многопользовательского чата (TCP до 100 баллов, UDP до 80). "
                            "Checks a multi-user chat submission.",
    "cli.help.epilog": "Для студента:\n  python -m grader --step                             по "
                       "шагам, до первого невыполненного\n  python -m grader hint 1.6 [FOLDER]  "
                       "                следующая подсказка к проверке 1.6\nДля преподавателя (каждая "
                       "команда с --help):\n  python -m grader handout DIR                      "
                       "  комплект для студентов, без эталона\n  python -m grader batch SUBMISSIONS "
                       "--csv grades.csv   проверить всю группу\n  python -m grader gradescope-bundle "
                       "OUT.zip            автопроверка для Gradescope\n  python -m grader demo "
                       "[FOLDER] [--svg FILE]           живой чат для лекции\n  python -m grader "
                       "bench [FOLDER] [--compare OTHER]     нагрузочный замер сервера\n  python "
                       "-m grader rubric [--lang en] [--update FILE]   критерии в Markdown\n  python "
                       "-m grader similarity SUBMISSIONS [--html FILE] похожие решения (нужен extra "
                       "similarity)\nКод выхода: 0 — проверка прошла (при любом балле), 1 — балл "
                       "ниже --fail-under, 2 — ошибка в аргументах, 3 — сбой самой проверки.",
    "cli.help.folder": "папка или .zip с решением (по умолчанию lab/)",
    "cli.help.json": "записать результат в формате Gradescope results.json",
    "cli.help.lang": "язык отчёта (по умолчанию ru)",
    "cli.help.strict": "добавить строгий уровень проверок (отдельный балл)",
    "cli.help.only": "проверить только один вариант",
    "cli.help.verbose": "показать ход каждой проверки, а не только проваленных",
    "cli.help.fail_under": "код выхода 1, если итог меньше N",
    "cli.help.jobs": "сколько проверок выполнять параллельно (по умолчанию 2)",
    "cli.rubric.no_file": "Нет файла {path}: укажите путь к assignment.md.",

    # --- cli: the options added by issues 12 and 14 ------------------------------------------------
    "cli.help.role": "какой файл считать за {part} (по умолчанию: по коду)",
    "cli.part.tcp-server": "TCP-сервер",
    "cli.part.tcp-client": "TCP-клиент",
    "cli.part.udp-server": "UDP-сервер",
    "cli.part.udp-client": "UDP-клиент",
    "cli.help.hosted": "для платформ / for hosted graders",
    "cli.help.visibility": "Gradescope: когда студент видит проверки",
    "cli.help.stdout_visibility": "Gradescope: когда студент видит stdout",
    "cli.help.strict_visibility": "Gradescope: когда студент видит проверки строгого уровня (например "
                                  "after_published)",
    "cli.help.leaderboard": "Gradescope: таблица лидеров из python -m grader bench --json",
    "cli.help.prairielearn": "записать результат в формате PrairieLearn (results.json)",

    # --- engine: opening a submission, the rubric's Markdown (grader/engine/) ----------------------
    "submission.missing": "Не нашли «{path}»: укажите папку с решением, например python -m grader lab.",
    "submission.is_file": "«{path}» — это файл, а не папка: укажите папку, где лежат tcp_server.py и "
                          "другие файлы.",
    "submission.zip_broken": "Архив «{path}» не открывается ({error}): пересоберите его или распакуйте "
                             "вручную.",
    "rubric.head": "| № | Файл | Проверка | Баллы |",
    "rubric.total": "Итого",
    "rubric.track.tcp": "TCP",
    "rubric.track.udp": "UDP",

    # --- report: the terminal report and results.json (grader/report/) -----------------------------
    "report.title": "Проверка чата",
    "report.folder": "Решение",
    "report.col_num": "№",
    "report.col_check": "Проверка",
    "report.col_points": "Баллы",
    "report.state.missing": "не сдано",
    "report.state.not_started": "не начато",
    "report.state.excluded": "не проверялось (--only)",
    "report.track": "{track}: {score} из {max}",
    "report.final": "Итог: {score} из 100",
    "report.strict": "Строгий уровень (--strict): {score} из 100",
    "report.hint": "Подсказка",
    "report.output": "Вывод {module}",
    "report.timeout": "проверка не уложилась в {seconds} с",
    "report.grader_fault": "Эта проверка не выполнилась из-за ошибки в самой проверяющей программе: это "
                           "не ваша ошибка. Сообщите преподавателю, результат нужно перепроверить.",
    "report.grader_incomplete": "проверяющая программа не успела выполнить эту проверку",
    "report.progress": "Проверяем",
    "report.time": "Время: {seconds} с",
    "report.all_passed": "Все проверки пройдены. Отличная работа!",
    "report.nothing": "Пока ничего не сделано: заполните TODO в файлах и запустите проверку снова.",
    "report.kind.connect": "подключается",
    "report.kind.send": "→ отправляет",
    "report.kind.recv": "← получает",
    "report.kind.expect-ok": "✓ дождался",
    "report.kind.expect-missing": "✗ не дождался",
    "report.kind.refute-ok": "✓ не получил лишнего",
    "report.kind.refute-arrived": "✗ получил лишнее",
    "report.kind.eof": "соединение закрыто другой стороной",
    "report.kind.close": "отключается",
    "report.kind.print": "печатает",
    "report.kind.type": "⌨ пользователь вводит",
    "report.kind.ready": "слушает порт",
    "report.kind.static-ok": "✓",
    "report.kind.static-missing": "✗",
    "report.kind.note": "",

    # --- chat: simulated users and scenarios (grader/chat/) ----------------------------------------
    "chat.connect_failed": "{name}: не удалось подключиться к серверу ({error})",
    "chat.not_shown": "… и ещё {count} символов (не показаны)",
    "chat.missing": "{name}: не пришло «{text}»",
    "chat.missing.closed": " — соединение закрылось раньше",
    "chat.missing.timeout": " за {seconds:g} с",
    "chat.unexpected": "{name}: пришло лишнее «{text}»",
    "chat.send_failed": "{name}: не удалось отправить ({error})",
    "chat.role.actor": "участник",
    "chat.role.user": "пользователь",
    "chat.role.output": "то, что он печатает",
    "chat.role.fake_server": "сервер проверки",
    "chat.actor.server": "сервер",
    "chat.actor.client": "клиент",
    "chat.actor.source": "исходный код",
    "chat.no_answer.crashed": "{name}: сервер не ответил — {crash}",
    "chat.no_answer.one_at_a_time": "{name}: сервер не ответил за {seconds:g} с, пока подключены {who}: "
                                    "похоже, он обслуживает пользователей по одному",
    "chat.no_answer.one_at_a_time.hint": "обрабатывайте каждого клиента в своём потоке: accept() -> "
                                         "threading.Thread(...).start()",
    "chat.no_answer": "{name}: сервер не ответил за {seconds:g} с",
    "chat.client.no_connect": "клиент не подключился к серверу за {seconds:g} с: вызывает ли main(host, "
                              "port) connect((host, port))?",

    # --- checks: the static check and the skip reasons (grader/checks/, grader/engine/facts.py) ----
    "checks.syntax_hint": "исправьте синтаксическую ошибку в указанной строке",
    "facts.imports_socket": "импортирован модуль socket",
    "facts.tcp_socket": "сокет TCP (SOCK_STREAM)",
    "facts.udp_socket": "сокет UDP (SOCK_DGRAM)",
    "facts.imports_threading": "импортирован модуль threading",
    "facts.thread_per_accept": "для каждого accept() создаётся threading.Thread",
    "facts.receiving_thread": "приём сообщений в отдельном threading.Thread",
    "facts.forbidden": "используется {module}: задание требует socket и threading",
    "checks.skip.missing": "нет файла {module}",
    "checks.skip.not_started": "{module}: не начато (все функции — заготовки)",
    "checks.skip.did_not_start": "не проверялось: {module} не запустился в проверке «{check}»",
    "checks.skip.one_at_a_time": "не проверялось: сервер обслуживает пользователей по одному (см. "
                                 "«{check}»)",

    # --- strict: the strict tier's reasons and notes (grader/checks/strict/) -----------------------
    "strict.glued": "{name}: «{text}» пришло приклеенным к предыдущему сообщению, без «{sender}: » в "
                    "начале: сервер разослал две строки как одно сообщение",
    "strict.reset": "обрывает соединение (RST)",
    "strict.quoted": "«{text}»",
    "strict.nothing": "ничего",
    "strict.line.no_newline": "после «{line}» должен идти перевод строки «⏎» (\\n), а пришло {got}",
    "strict.line.expected": "ожидалась строка «{line}», а пришло {got}",
    "strict.line.extra": "после последней строки пришло лишнее: «{extra}»",
    "strict.exit.done": "клиент завершился",
    "strict.exit.late": "клиент не завершился за {seconds:g} с после того, как {after}",
    "strict.exit.spins": "{late}: какой-то цикл крутится вхолостую (за {waited:.1f} с — {used:.1f} с "
                         "работы процессора и {printed} байт вывода; например, печатает пустые строки "
                         'после recv() == b"")',
    "strict.exit.after_eof": "ввод закончился (Ctrl+D)",
    "strict.exit.after_close": "сервер закрыл соединение",
    "strict.exit.waits_thread": "сервер уже закрыл соединение, но какой-то поток (не daemon) всё ещё ждёт",
    "strict.exit.waits_recv": "он не отправил «/quit» и не закрыл соединение, так что поток приёма, "
                              "похоже, так и ждёт recv()",
    "strict.exit.waits_input": "похоже, поток ввода (не daemon) так и ждёт input()",
    "strict.split.cut_off": "сервер закрыл соединение с Аней, получив только {received} из {total} "
                            "частей сообщения (первая часть — половина буквы «Р»)",
    "strict.split.piece": "часть {number} из {total}",
    "strict.long.closed": "сервер закрыл соединение с Аней",
    "strict.long.only": "за {seconds:g} с пришло только {size} байт",
    "strict.long.missed": "Боря не получил целиком строку Ани в {size} байт: {why}",
    "strict.stuck.never_reads": "больше ничего не читает",
    "strict.stuck.not_read": "сервер перестал читать то, что пишет Аня, после {sent} МБ: пока Молчун не "
                             "читает, переписка остальных стоит",
    "strict.stuck.sent": "{kb} КБ сообщений, всего {sent} МБ",
    "strict.stuck.missing": "{sent} МБ, пришло {got} МБ",
    "strict.stuck.crashed": "сервер упал, пока Молчун не читал: {crash}",
    "strict.stuck.wrong_user": "сервер отключил Борю, а не Молчуна, который не читает",
    "strict.stuck.stands": "Аня отправила {sent} МБ, а Боря за {seconds:g} с получил только {got} МБ: "
                           "пока Молчун не читает, переписка остальных стоит",
    "strict.stuck.all": "всё отправленное, {sent} МБ ({seconds:.2f} с)",
    "strict.reset.flood": "{sent} МБ сообщений",
    "strict.churn.crowd": "прохожие",
    "strict.churn.started": "{threads} потока входят и выходят без перерыва",
    "strict.churn.done": "вошли и вышли {count} раз",
    "strict.crowd.missed": "{name} не получил {count} из {total} сообщений: от {who}",
    "strict.crowd.and_others": " и других",
    "strict.crowd.all": "все {count} сообщений",
    "strict.crowd.twice": "{name} получил сообщение «Я {other}» больше одного раза ({copies})",
    "strict.restart.stopped": "остановлен (kill)",
    "strict.restart.failed": "сервер не смог сразу снова занять порт {port} после остановки: {reason}",
    "strict.udp.second_address": "Аня (второй адрес)",
    "strict.udp.cut": "пришло только её начало, конец отрезан",
    "strict.udp.not_this": "за {seconds:g} с пришло {size} байт, но не эта датаграмма",
    "strict.udp.missed": "Боря не получил целиком датаграмму Ани в {size} байт: {why}",

    # --- sandbox: whom the student's code runs as, said once per report (grader/sandbox/) ----------
    "sandbox.user.dropped": "Код решения выполняется от имени отдельного пользователя {name}: он не "
                            "может ни писать в файлы проверяющей программы, ни вмешаться в её работу.",
    "sandbox.user.not_root": "Код решения выполняется с правами того, кто запустил проверку: отдельного "
                             "пользователя можно задать, только запустив проверку от root.",
    "sandbox.user.no_users": "Код решения выполняется с правами того, кто запустил проверку: на этой "
                             "системе нет смены пользователя.",
    "sandbox.user.no_such_user": "Код решения выполняется с правами проверяющей программы: пользователя "
                                 "«{name}» для него нет (CHATKIT_SANDBOX_USER).",
    "sandbox.user.python": "Код решения выполняется с правами проверяющей программы: пользователь "
                           "{name} не может запустить {path} (например, Python установлен в закрытой "
                           "папке).",
    "sandbox.user.kit": "Код решения выполняется с правами проверяющей программы: пользователь {name} "
                        "не может прочитать папку проверяющей программы {path} (закрыта для других).",
    "sandbox.user.copy": "Код решения выполняется с правами проверяющей программы: пользователь {name} "
                         "не может войти во временную папку {path}.",
    "sandbox.user.probe_failed": "Код решения выполняется с правами проверяющей программы: пробный "
                                 "запуск от имени {name} не удался.",
    "sandbox.exit": "процесс завершился (код {code})",
    "sandbox.start.syntax": "в {module} синтаксическая ошибка: {error}",
    "sandbox.start.import": "{module} не импортируется: {error}",
    "sandbox.start.no_main": "в {module} нет функции main(host, port)",
    "sandbox.start.how.exited": "main() вызвала sys.exit()",
    "sandbox.start.how.raised": "main() упала: {error}",
    "sandbox.start.how.returned_server": "main() вернулась, не запустив сервер",
    "sandbox.start.how.returned_client": "main() сразу вернулась",
    "sandbox.start.how.ended": "процесс завершился сам (os._exit?)",
    "sandbox.start.client_exited": "клиент завершился (код {code}), не начав работу: {how}",
    "sandbox.start.server_exited": "сервер завершился (код {code}) и не открыл порт: {how}",
    "sandbox.start.import_hangs": "импорт {module} не закончился за {seconds:.0f} с: код на верхнем "
                                  "уровне модуля зависает (бесконечный цикл, accept() или input() вне "
                                  "функций?)",
    "sandbox.start.wrong_port": "сервер слушает порт {where}, а не {port}, переданный в main(host, "
                                "port): используйте аргумент port",
    "sandbox.start.crashed": "main() упала, не открыв порт: {error}",
    "sandbox.start.spins": "порт {port} не открылся за {seconds:.0f} с, а процесс всё это время занимал "
                           "процессор: похоже на бесконечный цикл",
    "sandbox.start.no_listen": "порт {port} не открылся за {seconds:.0f} с: main() запущена, но не "
                               "вызвала bind() и listen() на переданном адресе",

    # --- confine: Landlock and the network namespace (grader/sandbox/confinement.py) ---------------
    "confine.line": "Защита запуска: сеть — {network}; файлы — {files}; пользователь — {user}; лимиты — "
                    "{limits}.",
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
    # --- confine (issue 18, child side): processes, unix sockets, limits per platform ---
    "confine.more": "Запущенные им процессы — {processes}; unix-сокеты — {unix}.",
    "confine.processes.pidns": "завершаются вместе с ним (своё пространство имён PID)",
    "confine.processes.sweep": "ищутся и завершаются после каждой проверки (очень быстрая цепочка fork может успеть уйти)",
    "confine.unix.seccomp": "запрещены (seccomp)",
    "confine.unix.none": "не ограничены",
    "confine.limits.rlimits_no_memory": "процессор, размер файлов (памяти — нет)",
    "confine.limits.job_object": "процессор, память, число процессов (Job Object)",
    "confine.unknown": "Защита запуска: не записана (результат старой версии проверки).",
    "confine.warning": "Код студента работал с правами вашего пользователя: чужие работы надёжнее "
                       "проверять в контейнере или виртуальной машине.",

    # --- batch: python -m grader batch (grader/tools/batch.py) -------------------------------------
    "batch.status.graded": "проверено",
    "batch.status.did_not_start": "не запустился",
    "batch.status.not_opened": "не открылось",
    "batch.status.grader_fault": "сбой проверяющей программы",
    "batch.col.student": "Студент",
    "batch.col.final": "Итог",
    "batch.col.strict": "Строгий",
    "batch.col.seconds": "Время, с",
    "batch.col.failed": "Не пройдено",
    "batch.progress": "Проверяем",
    "batch.cached": "кэш",
    "batch.title": "Проверка {count} решений из {folder}",
    "batch.summary": "Решений: {total}; проверено без замечаний: {clean}; не открылось: {not_opened}; "
                     "не запустилось: {did_not_start}; сбой проверки: {fault}.",
    "batch.from_cache": "Из кэша (файлы не менялись): {count}; --force проверит их заново.",
    "batch.fault_advice": "Строки со сбоем проверяющей программы — не вина студентов: запустите их ещё "
                          "раз (сбой не кэшируется).",
    "batch.csv": "Таблица: {path}",
    "batch.json": "results.json: {path}",
    "batch.feedback": "Отзывы: {path}",
    "batch.done_line": "{student}: {score} ({seconds} с) {status}",
    "batch.no_folder": "Не нашли папку «{path}»: укажите папку, где лежит по папке или .zip на каждого "
                       "студента.",
    "batch.not_a_folder": "«{path}» — не папка: укажите папку, где лежит по папке или .zip на каждого "
                          "студента.",
    "batch.empty": "В «{path}» нет ни папок, ни .zip: положите туда по папке или архиву на каждого "
                   "студента.",
    "batch.csv_failed": "Не удалось записать «{path}» ({error}): файл открыт в Excel? Закройте его и "
                        "запустите снова.",
    "batch.raised": "проверка упала: {error}",
    "batch.feedback_title": "Проверка чата: {student}",
    "batch.feedback_score": "Итог: **{score}** из 100 (TCP: {tcp} из 100, UDP: {udp} из 80).",
    "batch.feedback_not_graded": "Решение не проверено.",
    "batch.help.description": "Проверить папку с решениями всей группы и записать ведомость (CSV). "
                              "Grade a folder of submissions into a gradebook.",
    "batch.help.epilog": "В папке SUBMISSIONS — по папке или .zip на студента; имя папки (архива) — имя "
                         "студента.\nCSV в UTF-8 с BOM (Excel видит кириллицу). Столбцы / columns:\n  "
                         "student, tcp, udp, score (итог: лучший вариант), strict (только с --strict), "
                         "seconds,\n  status (проверено / не открылось / не запустился / сбой "
                         "проверяющей программы),\n  затем по столбцу на каждую проверку (id из "
                         "рубрики) с полученными баллами.\nПовторный запуск берёт неизменённые решения "
                         "из кэша (SUBMISSIONS/.chatkit-cache); --force — проверить всё заново.\nКод "
                         "выхода: 0 — проверено, 2 — ошибка в аргументах, 3 — у какой-то строки сбой "
                         "проверяющей программы.",
    "batch.help.submissions": "папка: по папке или .zip на каждого студента",
    "batch.help.csv": "куда записать ведомость (CSV, UTF-8 с BOM)",
    "batch.help.jobs": "сколько решений проверять одновременно (по умолчанию 2; каждое занимает ~1 ядро)",
    "batch.help.json_dir": "записать results.json каждого студента: DIR/<студент>.json",
    "batch.help.feedback_dir": "записать отзыв для каждого студента: DIR/<студент>.md и .html (тот же "
                               "отчёт, что в терминале)",
    "batch.help.force": "проверить заново и то, что есть в кэше",
    "batch.help.cache_dir": "где хранить кэш (по умолчанию SUBMISSIONS/{name})",
    "batch.help.lang": "язык отчётов и статусов (по умолчанию ru)",
    "batch.help.strict": "добавить строгий уровень проверок (столбец strict)",
    "batch.help.sep": "разделитель CSV: по умолчанию «;» с десятичной запятой (Excel с русскими "
                      "настройками) при --lang ru и «,» при --lang en; или tab",
    "batch.help.roles": "JSON: какой файл считать за какую часть, {example}",
    "batch.help.lms": "ведомости для LMS и обзор группы / gradebooks and the class overview",
    "batch.help.roster": "список группы (CSV: folder, name, id, email; другие столбцы сохраняются)",
    "batch.help.canvas": "ведомость для импорта в Canvas (нужен --roster)",
    "batch.help.moodle": "ведомость для импорта в Moodle: по email или ID number (нужен --roster)",
    "batch.help.assignment": "название задания в LMS (по умолчанию Chat)",
    "batch.help.assignment_id": "Canvas: id задания, столбец станет «NAME (ID)»",
    "batch.help.overview": "обзор группы: распределение баллов и самые трудные проверки (и PNG рядом, с "
                           "extra plot)",

    # --- demo: python -m grader demo (grader/tools/demo.py) ----------------------------------------
    "demo.title": "Демо чата: {server} на {address}",
    "demo.server": "сервер",
    "demo.state.in_chat": "в чате",
    "demo.state.left": "вне чата",
    "demo.state.waiting": "вне чата",
    "demo.not_arrived": "✗ не пришло: «{text}»",
    "demo.no_module": "В «{folder}» нет tcp_server.py: демо показывает TCP-сервер.",
    "demo.failed": "Сервер не запустился: {reason}",
    "demo.saved": "Картинка сохранена: {path}",
    "demo.done": "Демо окончено: {messages} сообщений, {users} пользователя.",
    "demo.bad_speed": "--speed должен быть больше нуля, например --speed 2.",
    "demo.help.description": "Живая демонстрация чата для лекции: сервер и несколько пользователей, "
                             "которые заходят, переписываются и уходят. A live chat demo for the "
                             "lecture hall.",
    "demo.help.folder": "папка (или .zip) с tcp_server.py; по умолчанию эталон solutions/",
    "demo.help.svg": "сохранить последний кадр картинкой SVG",
    "demo.help.speed": "скорость показа (2 — вдвое быстрее)",
    "demo.help.lang": "язык подписей (переписка всегда по-русски)",

    # --- bundle: python -m grader gradescope-bundle, classroom-result (grader/tools/bundle.py) -----
    "bundle.built": "Готово: {path} ({count} файлов). Загрузите его в Gradescope: Configure Autograder "
                    "→ Zip file upload.",
    "bundle.bad_out": "«{path}» должен оканчиваться на .zip: например, python -m grader "
                      "gradescope-bundle chat-autograder.zip.",
    "bundle.failed": "Не удалось записать «{path}» ({error}): проверьте, что папка существует и "
                     "доступна для записи.",
    "bundle.help.description": "Собрать zip автопроверки для Gradescope: setup.sh ставит набор, "
                               "run_autograder проверяет /autograder/submission и пишет "
                               "/autograder/results/results.json. Build a Gradescope autograder zip.",
    "bundle.help.out": "куда записать архив",
    "bundle.help.lang": "язык отчёта студентам (по умолчанию ru)",
    "bundle.help.strict": "проверять и строгий уровень (отдельный балл)",
    "bundle.help.visibility": "когда студент видит проверки (по умолчанию сразу, visible)",
    "bundle.help.stdout_visibility": "когда студент видит вывод run_autograder (по умолчанию только "
                                     "преподаватель)",
    "bundle.help.strict_visibility": "когда студент видит проверки строгого уровня, например "
                                     "after_published",
    "bundle.help.leaderboard": "таблица лидеров: доставок в секунду и задержка p99 по короткому замеру "
                               "(bench)",

    # --- bench: python -m grader bench (grader/tools/bench/) ---------------------------------------
    "bench.title": "Нагрузочный тест чата",
    "bench.col.scenario": "сценарий",
    "bench.col.rate": "доставок\nв секунду",
    "bench.col.lost": "потери",
    "bench.col.dups": "дубли",
    "bench.col.latency": "задержка мс\np50/p99/max",
    "bench.col.rss": "память\nМБ",
    "bench.col.threads": "потоки",
    "bench.col.outcome": "итог",
    "bench.ratio": "отношение",
    "bench.ending.complete": "всё доставлено",
    "bench.ending.stalled": "встал через {s:.2g} с",
    "bench.ending.timeout": "не успел за {s:.0f} с",
    "bench.ending.closed": "все отключены",
    "bench.ending.survivors": "оставшиеся получили всё",
    "bench.ending.quiet": "потери UDP",
    "bench.udp_where": "буфер сервера отбросил {server}, буферы пользователей {users} датаграмм",
    "bench.dropped": "{n} отключены сервером",
    "bench.stuck_dropped": "зависшего отключили",
    "bench.skipped": "пропущен: {why}",
    "bench.failed_runs": "прогонов с ошибкой: {n} ({why})",
    "bench.run_line": "{rate} доставок/с, потеряно {lost} из {expected}, p99 {p99} мс, {rss} МБ, "
                      "потоков: {threads}; {outcome}",
    "bench.no_module": "нет {module}",
    "bench.error": "ошибка: {why}",
    "bench.phase.joining": "подключение",
    "bench.phase.syncing": "синхронизация",
    "bench.phase.sending": "сообщения",
    "bench.run": "прогон {k}/{n}",
    "bench.trust": "На общей машине абсолютные числа шумят: доверяйте отношениям прогонов, идущих "
                   "вперемежку, а не самим числам.",
    "bench.medians": "Медианы по {k} прогонам; отношение — медиана отношений {a} / {b} соседних прогонов.",
    "bench.no_folder": "Не нашли «{path}»: укажите папку с решением, например python -m grader bench "
                       "solutions.",
    "bench.no_server": "В «{path}» нет tcp_server.py: нагрузочный тест запускает сервер, положите его в "
                       "папку.",
    "bench.bad_number": "{option} должно быть не меньше {low} и не больше {high}.",
    "bench.join_failed": "пользователь {name} не подключился: {why}",
    "bench.no_prompt": "сервер не прислал приглашение ввести имя за {s:.0f} с",
    "bench.no_welcome": "сервер не ответил приветствием за {s:.0f} с",
    "bench.closed_early": "сервер закрыл соединение",
    "bench.refused": "сервер не принял соединение ({error})",
    "bench.sync_failed": "не все пользователи получили пробное сообщение за {s:.0f} с",
    "bench.no_threads": "потокам не хватило адресного пространства песочницы ({gib:g} ГиБ): каждый "
                        "поток резервирует 8 МиБ под стек; попробуйте --address-space 8",
    "bench.json_written": "Все числа записаны в {path}",
    "bench.help.description": "Нагрузочный тест сервера чата: доставки в секунду, потери, задержки, "
                              "память и потоки. Measures a chat server under load.",
    "bench.help.folder": "папка с tcp_server.py (по умолчанию lab/)",
    "bench.help.users": "сколько пользователей (по умолчанию 100)",
    "bench.help.messages": "сколько сообщений отправляет каждый (по умолчанию 10)",
    "bench.help.size": "длина сообщения в байтах для fan-out, churn и udp (по умолчанию 64)",
    "bench.help.scenario": "какие сценарии запустить: {names} (по умолчанию все)",
    "bench.help.compare": "сравнить с другими серверами (одна или несколько папок): прогоны вперемежку и отношения FOLDER к каждому",
    "bench.help.runs": "сколько прогонов каждого сценария (по умолчанию 3 при --compare, иначе 1)",
    "bench.help.json": "записать все числа в JSON",
    "bench.help.idle": "прогон окончен, если {seconds:.0f} с ничего не приходит (по умолчанию)",
    "bench.help.window": "stuck-reader: сколько раундов сообщений в пути (по умолчанию {window}; 0 — "
                         "всё сразу, без ожидания читающих)",
    "bench.help.address_space": "предел адресного пространства сервера в ГиБ (по умолчанию как при "
                                "проверке, {gib:g})",
    "bench.help.lang": "язык отчёта (по умолчанию ru)",

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
    "roles.nothing": "В «{path}» нет ни одного модуля чата (файла .py, который работает с socket): это "
                     "не папка с решением, укажите ту, где лежит ваш чат.",
    "roles.map_bad": 'Файл соответствия «{path}» не читается ({error}): нужен JSON вида {{"*": '
                     '{{"tcp-server": "server.py"}}, "ivanov": {{"tcp-client": "Client.py"}}}}.',

    # --- launch: how a module is started (grader/engine/shapes.py, remarks.py) ---------------------
    "launch.shape": "{file} запущен как {label}",
    "launch.label.script": 'программа (блок if __name__ == "__main__":)',
    "launch.label.module": "программа (код на верхнем уровне модуля)",
    "launch.binds_at_import": "{file} создаёт и привязывает сокет при импорте, вне функций: так "
                              "работает, но модуль нельзя запустить с другим адресом; лучше перенести "
                              "это в main().",
    "launch.ignores_port": "{file} не использует переданный ему порт (у него свой: {port}); проверка "
                           "перенаправила соединения на свой порт.",
    "launch.input_at_import": "{file} вызывает input() при запуске, а у сервера при проверке нет "
                              "клавиатуры: уберите ввод (адрес и порт проверка подставит сама) или "
                              "спрашивайте только в клиенте.",
    "launch.missing_helper": "{file} импортирует {name}, а файла {name}.py в решении нет: добавьте его "
                             "в папку.",
    "launch.missing_package": "{file} импортирует {name}, а при проверке доступна только стандартная "
                              "библиотека Python: обойдитесь без этого пакета.",
    "launch.exit_at_import": "{file} вызывает exit() при запуске и завершается, не начав работу: "
                             "вызывайте exit() только там, где программа должна закончиться.",
    "launch.no_address": "{file} привязывается к адресу, которого нет на этой машине ({error}): "
                         "используйте '0.0.0.0' или переданный host.",
    "launch.hint_not_started": "модуль не запустился, поэтому сама проверка не началась: исправьте "
                               "причину, названную выше, и остальные проверки этого модуля тоже "
                               "заработают",
    "launch.no_entry": "{file}: непонятно, с чего начинать: нет ни main(), ни блока if __name__ == "
                       '"__main__":, ни кода на верхнем уровне модуля.',

    # --- gradescope: results.json (grader/report/gradescope.py) ------------------------------------
    "gradescope.state.missing": "не сдан",
    "gradescope.state.not_started": "не начат",
    "gradescope.state.excluded": "не проверялся (--only)",
    "gradescope.untaken.name": "{track}: вариант {state}",
    "gradescope.untaken.output": "Этот вариант не проверялся и баллов не стоит: засчитывается лучший из "
                                 "вариантов (вариант {track} — до {max} баллов).",
    "gradescope.nothing.name": "Нечего проверять: ни один вариант не сдан",
    "gradescope.nothing.output": "В решении нет ни одного начатого модуля (tcp_server.py, "
                                 "tcp_client.py, udp_server.py, udp_client.py): заполните TODO и "
                                 "отправьте решение снова.",
    "gradescope.module_missing.name": "{module}: файл не сдан или не начат",
    "gradescope.cap.name": "Вариант {track} стоит не больше {max} баллов из 100",
    "gradescope.cap.output": "Засчитан вариант {track}: он стоит до {max} баллов. Оставшиеся баллы даёт "
                             "только вариант TCP.",
    "gradescope.fault.name": "⚠ сбой проверки: {name}",
    "gradescope.fault.output": "**Это сбой проверяющей программы, а не ваша ошибка.** Баллы за эту "
                               "проверку не сняты окончательно: попросите преподавателя перезапустить "
                               "проверку (Regrade Submission).",
    "gradescope.fault.banner": "⚠ Проверки {numbers} не выполнились из-за сбоя проверяющей программы — "
                               "это не ваша ошибка. Попросите преподавателя перезапустить проверку "
                               "(Regrade Submission).",
    "gradescope.strict.name": "[строгий уровень, отдельный балл] {name}",
    "gradescope.not_counted.name": "[не засчитывается: засчитан вариант {track}] {name}",
    "gradescope.partial": "Проверка ещё идёт или была прервана: показано то, что успели проверить. Если "
                          "этот текст не исчез, попросите преподавателя перезапустить проверку (Regrade "
                          "Submission).",
    "gradescope.pending": "эту проверку ещё не успели выполнить",

    # --- prairielearn: grader/report/prairielearn.py -----------------------------------------------
    "prairielearn.hint": "Подсказка",
    "prairielearn.score": "Итог: {score} из 100.",
    "prairielearn.fault": "Проверки {numbers} не выполнились из-за сбоя проверяющей программы — это не "
                          "ваша ошибка; отправьте решение ещё раз, попытка не засчитается.",

    # --- classroom: GitHub Classroom's result (grader/tools/bundle.py) -----------------------------
    "classroom.no_results": "results.json не найден: грейдер не смог проверить решение (см. журнал шага "
                            "выше)",
    "classroom.none_earned": "баллов пока нет",
    "classroom.none_missed": "все баллы получены",

    # --- gradebook: LMS gradebooks (grader/tools/gradebooks.py) ------------------------------------
    "gradebook.roster.missing": "Нет файла «{path}»: укажите CSV со списком группы (столбцы folder, "
                                "name, id, email).",
    "gradebook.roster.unreadable": "Не удалось прочитать «{path}» ({error}): сохраните список группы "
                                   "как CSV в UTF-8.",
    "gradebook.roster.columns": "В «{path}» нет столбцов {columns}: первая строка списка группы должна "
                                "назвать столбцы folder, name, id, email, или дайте выгрузку оценок из Canvas или Moodle "
                                "(или ведомость оценок задания Moodle) как она есть.",
    "gradebook.roster.no_folder": "В «{path}», строка {line}, пустой столбец folder: впишите имя папки "
                                  "(или .zip) студента.",
    "gradebook.roster.duplicate": "В «{path}», строка {line}, папка «{folder}» встречается второй раз: "
                                  "у каждого студента своя папка.",
    "gradebook.roster.empty": "В «{path}» нет ни одного студента: под строкой с названиями столбцов "
                              "нужна строка на каждого.",
    "gradebook.roster.needed": "Для {option} нужен --roster roster.csv: без списка группы LMS не "
                               "сопоставит строки со студентами.",
    "gradebook.status.no_submission": "решение не сдано",
    "gradebook.status.not_in_roster": "нет в списке группы",
    "gradebook.strays": "Папки, которых нет в списке группы (в ведомости они есть, в файлах для LMS — "
                        "нет): {folders}",
    "gradebook.missing_count": "Студентов без решения: {count} (в ведомостях у них 0 и статус «решение "
                               "не сдано»).",
    "gradebook.written": "{kind}: {path}",
    "gradebook.failed": "Не удалось записать «{path}» ({error}): файл открыт в другой программе? "
                        "Закройте его и запустите снова.",
    "gradebook.feedback.score": "Итог: {score} из 100 (TCP: {tcp} из 100, UDP: {udp} из 80).",
    "gradebook.feedback.failed": "Не пройдены: {checks}.",

    # --- overview: the class at a glance (grader/tools/overview.py) --------------------------------
    "overview.title": "Группа целиком (проверенных решений: {count})",
    "overview.distribution": "Распределение баллов (в процентах от максимума варианта)",
    "overview.checks": "Проверки по доле прошедших, самые трудные сверху",
    "overview.hints": "Подсказки к проверкам",
    "overview.col.check": "Проверка",
    "overview.col.passed": "Прошли",
    "overview.col.failed": "Не прошли",
    "overview.series.final": "Итог",
    "overview.series.tcp": "TCP",
    "overview.series.udp": "UDP",
    "overview.all_passed": "Все проверки прошли у всех.",
    "overview.written": "Обзор группы: {path}",
    "overview.png": "График: {path}",
    "overview.no_png": "PNG не нарисован: для него нужен matplotlib (pip install 'chat-lab-kit[plot]').",

    # --- similarity: python -m grader similarity (grader/tools/similarity.py) ----------------------
    "similarity.title": "Похожие пары решений (всего пар: {count})",
    "similarity.col.pair": "Пара",
    "similarity.col.score": "Общий код",
    "similarity.col.shares": "Доля у каждого",
    "similarity.legend": "Жёлтым отмечен код, общий у этих двух решений; код лекции, заготовки и "
                         "chatkit/protocol.py не учитываются.",
    "similarity.given": "Код, который дали всем (пример с лекции, заготовки lab/*.py, "
                        "chatkit/protocol.py), совпадением не считается. Высокая доля — повод "
                        "посмотреть, а не приговор.",
    "similarity.not_installed": "Для сравнения нужна библиотека copydetect: установите её командой pip "
                                "install 'chat-lab-kit[similarity]' и запустите снова.",
    "similarity.no_folder": "Не нашли папку «{path}»: укажите папку, где лежит по папке или .zip на "
                            "каждого студента.",
    "similarity.too_few": "В «{path}» решений с файлами .py: {count}; для сравнения нужно хотя бы два "
                          "(по папке или .zip на студента).",
    "similarity.no_py": "нет файлов .py",
    "similarity.skipped": "Не сравнивались: {entries}",
    "similarity.html": "Отчёт: {path}",
    "similarity.json": "Все пары: {path}",
    "similarity.write_failed": "Не удалось записать «{path}» ({error}): проверьте, что папка существует "
                               "и доступна для записи.",
    "similarity.help.description": "Найти похожие решения (copydetect): общий код пар, без кода лекции "
                                   "и заготовок. Rank pairs of submissions by shared code.",
    "similarity.help.submissions": "папка: по папке или .zip на каждого студента",
    "similarity.help.html": "отчёт: пары по убыванию и страница «рядом» на каждую пару",
    "similarity.help.json": "все пары с их долями общего кода, по убыванию",
    "similarity.help.top": "сколько пар показать в терминале (10)",
    "similarity.help.lang": "язык (по умолчанию ru)",

    # --- hints: graduated hints (grader/engine/hints.py, grader/report/hints.py) -----------------
    "hints.level": "Подсказка {level} из {levels} ({kind})",
    "hints.kind.1": "идея",
    "hints.kind.2": "что использовать",
    "hints.kind.3": "как устроен код",
    "hints.more": "Следующая подсказка: python -m grader hint {number}",
    "hints.last": "Это последняя подсказка к этой проверке: дальше помогут транскрипт в отчёте и "
                  "assignment.md.",
    "hints.now_last": "Это была последняя подсказка к этой проверке.",
    "hints.unknown": "Нет проверки «{number}»: укажите номер из отчёта, например 1.6.",
    "hints.help.description": "Следующая подсказка к проверке: сначала идея, потом что использовать, "
                              "потом как устроен код. Shows the next hint for a check.",
    "hints.help.number": "номер проверки из отчёта (1.6) или её id (tcp.server.broadcast_3)",
    "hints.help.folder": "папка с решением (по умолчанию lab/)",
    "hints.help.lang": "язык подсказки (по умолчанию ru)",

    # --- step: python -m grader --step (grader/engine/steps.py, grader/report/steps.py) ----------
    "cli.help.step": "по шагам: проверять этапы задания по порядку и остановиться на первом невыполненном",
    "step.title": "Пошаговая проверка",
    "step.line": "Шаг {number} из {count} ({track}): {title}",
    "step.goal": "Цель: {goal}",
    "step.all_passed": "Все шаги пройдены. Полный отчёт и баллы: python -m grader",
    "step.again": "Исправьте и запустите снова: python -m grader --step",
    "step.progress": "шаг {number} ({track})",
    "step.tcp.1.title": "сервер слушает порт и спрашивает имя",
    "step.tcp.1.goal": "сервер на socket и threading принимает подключение и сразу присылает приглашение "
                       "«Введите ваше имя: » целой строкой",
    "step.tcp.2.title": "приветствие и уведомление о входе",
    "step.tcp.2.goal": "на имя сервер отвечает «Добро пожаловать, Аня!», а все, кто уже в чате, получают "
                       "«Аня присоединился к чату.»",
    "step.tcp.3.title": "пересылка без эха",
    "step.tcp.3.goal": "сообщение одного пользователя доходит до всех остальных как «Аня: текст», а "
                       "отправителю не возвращается",
    "step.tcp.4.title": "десять пользователей и один молчун",
    "step.tcp.4.goal": "сообщение доходит до всех десяти пользователей, а тот, кто подключился и молчит, не "
                       "мешает остальным входить и разговаривать",
    "step.tcp.5.title": "уход",
    "step.tcp.5.goal": "когда пользователь отключается, остальные получают «Аня покинул чат.» и продолжают "
                       "разговаривать",
    "step.tcp.6.title": "клиент",
    "step.tcp.6.goal": "tcp_client.py показывает всё, что присылает сервер, отправляет каждую введённую "
                       "строку и принимает сообщения в отдельном потоке",
    "step.udp.1.title": "сервер на UDP",
    "step.udp.1.goal": "сервер создаёт сокет SOCK_DGRAM, привязывает его к порту и ждёт датаграмм",
    "step.udp.2.title": "приветствие и уведомление о входе",
    "step.udp.2.goal": "на первую датаграмму с нового адреса (это имя) сервер отвечает «Добро пожаловать, "
                       "Аня!», а остальные известные адреса получают «Аня присоединился к чату.»",
    "step.udp.3.title": "пересылка без эха",
    "step.udp.3.goal": "датаграмма одного пользователя доходит до всех остальных как «Аня: текст», а "
                       "отправителю не возвращается",
    "step.udp.4.title": "десять пользователей",
    "step.udp.4.goal": "сообщение доходит до всех десяти пользователей: ни один адрес не теряется",
    "step.udp.5.title": "уход",
    "step.udp.5.goal": "после датаграммы «/quit» остальные получают «Аня покинул чат.» и продолжают "
                       "разговаривать, а ушедший больше ничего не получает",
    "step.udp.6.title": "клиент",
    "step.udp.6.goal": "udp_client.py сам спрашивает имя, отправляет его и каждую введённую строку "
                       "датаграммой и принимает сообщения в отдельном потоке",

    # --- live: python -m grader demo --live (grader/tools/live.py) --------------------------------
    "demo.help.live": "живой чат для всей аудитории: сервер на всех интерфейсах и панель (см. demo --live --help)",
    "live.title": "Чат лекции: {server} — подключайтесь к {address}",
    "live.how": "Своим клиентом: python -m lab.tcp_client --host АДРЕС --port ПОРТ (адрес выше). "
                "Ctrl+C — конец демо.",
    "live.col.number": "№",
    "live.col.name": "Имя",
    "live.col.address": "Откуда",
    "live.col.since": "В чате",
    "live.col.messages": "Сообщений",
    "live.col.state": "Состояние",
    "live.state.stuck": "не читает ({kb} КБ ждут)",
    "live.state.naming": "вводит имя",
    "live.state.chatting": "в чате",
    "live.stats": "Пользователей: {users} · сообщений в секунду: {rate} · всего сообщений: {total} · "
                  "подключений за демо: {visitors}",
    "live.seconds": "{s} с",
    "live.lines": "Последние сообщения",
    "live.no_lines": "пока никто ничего не написал",
    "live.server_stopped": "Сервер остановился: {why}",
    "live.listening": "Демо слушает {address}",
    "live.done": "Демо окончено: подключений {visitors}, сообщений {total}; сервер остановлен.",
    "live.port_taken": "Не удалось слушать {host}:{port} ({error}): выберите другой порт, например "
                       "--port 1222.",
    "live.bad_number": "--port должен быть от 0 до 65535, а --duration — больше нуля.",
    "live.help.description": "Живой чат для лекции: эталонный сервер (или --server ПАПКА) на всех "
                             "интерфейсах и панель: кто подключён и откуда, сообщений в секунду, последние "
                             "строки, кто перестал читать. Ctrl+C — конец.",
    "live.help.server": "папка (или .zip) со студенческим tcp_server.py вместо эталона",
    "live.help.host": "какой адрес слушать (по умолчанию {host}: все интерфейсы)",
    "live.help.port": "порт (по умолчанию {port})",
    "live.help.duration": "закончить через S секунд (по умолчанию — по Ctrl+C)",
    "live.help.lang": "язык панели (по умолчанию ru)",

    # --- lenient: --lenient and --protocol (grader/chat/lenient.py) ------------------------------
    "lenient.wanted.any": "хоть что-нибудь",
    "lenient.wanted.names": "строка, где есть «{name}»",
    "lenient.wanted.carries": "«{text}» вместе с именем «{name}»",
    "lenient.report": "Проверка по смыслу (--lenient): засчитываются поведение и имена, а не точные "
                      "слова протокола.",
    "lenient.report.protocol": "Протокол курса из {file}: проверка ждёт его слова.",
    "lenient.protocol.unreadable": "Не удалось прочитать файл протокола «{path}» ({error}): проверьте "
                                   "путь.",
    "lenient.protocol.not_toml": "Файл протокола «{path}» — не TOML ({error}): пишите строки вида "
                                 "welcome = \"Добро пожаловать, {{name}}!\".",
    "lenient.protocol.unknown": "В файле протокола «{path}» есть неизвестные ключи ({keys}): "
                                "допустимы только {known}.",
    "lenient.protocol.not_text": "В файле протокола «{path}» ключ {field} должен быть непустой строкой "
                                "в кавычках.",
    "lenient.protocol.placeholders": "В файле протокола «{path}» строка {field} должна содержать ровно "
                                     "такие подстановки: {wanted}.",
    "chat.client.asks_first": "клиент не подключился к серверу за {seconds:g} с: он напечатал «{shown}» "
                                 "и ждёт ввода, ещё не подключившись",
    "chat.client.asks_first.hint": "по заданию клиент сначала подключается, а имя спрашивает сервер "
                                      "(«Введите ваше имя: »): вызовите connect() до первого input()",
    "cli.help.lenient": "судить по поведению, а не по точным словам протокола (для групп, которым "
                        "дали только текст задания)",
    "cli.help.protocol": "файл TOML со строками протокола курса (prompt, welcome, joined, left, "
                         "chat_line, quit)",
    # --- intake: what the grader takes from a submission (grader/engine/intake.py; engineer trust) ---
    "intake.link": "Ссылки (symlink) не копируются и не открываются, проверка идёт без них: {files}. "
                   "Если модулю нужен такой файл, положите в работу сам файл.",
    "intake.special": "Это не обычные файлы (устройство, FIFO или сокет), проверка идёт без них: {files}.",
    "intake.bad_name": "В архиве есть имена с «..» или абсолютным путём, они пропущены: {files}.",
    "intake.module_too_big": "Модуль больше {module_kb} КБ не разбирается и не проверяется: {files}. "
                             "Уберите из него данные или сгенерированный код.",
    "intake.too_big": "Файлы больше {file_mb} МБ не копируются: {files}.",
    "intake.over_budget": "Работа больше {max_mb} МБ: проверка идёт без этих файлов: {files}.",
    "intake.too_many": "В работе больше {max_files} файлов: проверка идёт без этих: {files}. "
                       "Оставьте в работе только код чата.",
    "intake.unreadable": "Эти файлы не удалось прочитать, проверка идёт без них: {files}.",
    "batch.row_file_failed": "Файлы ученика «{student}» в «{path}» не записаны ({error}); остальные записаны.",

    # --- bound (issue 19): run-out, Ctrl+C, unstable checks ---
    "report.run_out": "не проверено: время на всю проверку ({seconds} с) ушло на проверки перед этой",
    "cli.interrupted": "Проверка прервана (Ctrl+C): процессы решения остановлены, временные папки удалены.",
    "batch.interrupted": "Прервано (Ctrl+C): проверено {done} из {total}, их строки записаны. Чтобы "
                         "продолжить, запустите ту же команду ещё раз: готовые строки возьмутся из кэша.",
    # --- platforms (issue 21): Windows and macOS as students have them ---------------------
    "report.kind.vanish": "пропадает без «/quit»: закрывает свой сокет",
    "live.windows_firewall": "Windows: при первом запуске брандмауэр спросит, можно ли Python работать "
                             "с сетью, и по умолчанию отмечены только частные сети. В сети "
                             "университета (общественной) к вам никто не подключится, пока не "
                             "отмечены и общественные сети: в этом окне или позже — «Безопасность "
                             "Windows» → «Брандмауэр и защита сети» → «Разрешить работу с приложением "
                             "через брандмауэр» → Python → «Общественные».",
    "live.windows_cap": "Windows: select() следит не больше чем за 512 сокетами, поэтому в этой "
                        "демонстрации поместятся {cap} человек; следующим она ответит, что мест нет.",
    "live.full": "Мест нет: в демонстрации уже {cap} человек. Попробуйте позже.",
    # --- wild: readings of submissions that keep the names elsewhere (grader/chat/lenient.py) ---
    "lenient.reading.relay": "{file} не хранит имён и пересылает каждую строку как есть (имена хранят "
                             "клиенты): при --lenient сервер проверен по тексту, который он пересылает, "
                             "а пользователи проверки сами подписывают свои строки («Аня: …»).",
    "lenient.reading.relay.note": "сервер переслал имя нового пользователя как обычную строку и никого не "
                                  "приветствовал по имени: дальше пользователи подписывают строки сами",
    "lenient.reading.relay.no_name": "сервер не берёт имя: первая строка пользователя дошла до других как "
                                     "обычное сообщение, а строка без подписи пришла без имени",
    "lenient.reading.client_names": "{file} сам спрашивает имя и не отправляет его отдельно (имя, видимо, "
                                    "стоит в каждой строке): при --lenient клиент проверен по тому, что он "
                                    "отправляет и показывает.",
    "lenient.reading.client_names.note": "клиент не отправил имя отдельной строкой: дальше проверяется, "
                                         "что имя идёт вместе с каждой строкой",
    "checks.socket_error": "соединение с программой оборвалось посреди проверки ({error}): так "
                           "бывает, когда сервер закрывает сокет или падает, пока с ним говорят",

    # --- student: the student's loop (issue 23; grader/report/terminal.py, grader/tools/handout.py) -----
    "report.strict_probe.found": "Оценка этого не считает, но строгий уровень находит ошибки в {file}: "
                                 "{numbers} ({what}). Подробно: python -m grader --strict (на оценку не "
                                 "влияет).",
    "report.strict_probe.what": "одно recv() — не одно сообщение",
    "report.strict_hint": "Надёжность (строки вместо recv(1024), обрывы связи, нагрузку) оценка не "
                          "проверяет: python -m grader --strict (на оценку не влияет).",
    "checks.static_not_found": "не найдено: {item}",
    "report.folded": "… и ещё {count} таких же строк (до {last})",
    "report.failed_list": "Не пройдены: {numbers} (подробности — выше, в рамках с этими номерами)",
    "handout.help.description": "Собрать комплект для студентов: заготовки, проверка, задание, README "
                                "для студентов — без эталонных решений и корпуса.",
    "handout.help.folder": "куда записать комплект (новая или пустая папка)",
    "handout.help.lang": "язык сообщений (по умолчанию ru)",
    "handout.not_empty": "Папка {path} уже существует и не пуста: укажите новую или пустую папку.",
    "handout.lab_started": "В lab/ уже не заготовки ({files}): верните их (git checkout lab/) и "
                           "соберите комплект снова.",
    "handout.leaks": "Комплект не записан: в нём нашлись строки эталона ({where}); уберите их и "
                     "соберите снова.",
    "handout.done": "Комплект для студентов записан в {path}; эталон в него не попал. Решения можно "
                    "выдать после срока: см. README.md, «Handing out the kit».",
    "hints.no_number": "Укажите номер проверки из отчёта, например: python -m grader hint 1.6",
    "chat.no_answer.one_at_a_time.has_threads": "поток на каждого клиента у вас есть, но следующий "
                                                "accept() всё равно ждёт: найдите, что в цикле "
                                                "accept() (или под общей блокировкой) ждёт клиента",
    "strict.churn.name_kept": "{name} давно ушёл, но новый пользователь с этим именем не получил "
                              "«Добро пожаловать, {name}!»: сервер всё ещё считает ушедшего участником "
                              "чата, и такие записи (с их сокетами) копятся с каждым уходом",
    "strict.churn.name_kept.hint": "ушедший должен пропасть из clients, даже когда ошибку отправки ему "
                                   "вы поймали: где клиент удаляется из словаря, и всегда ли выполнение "
                                   "туда доходит?",
    # --- lms: the LMSs' own files in and out (grader/tools/lms.py, gradebooks.py; issue 24) --------
    "lms.bulk": "{kind}: выгрузка всех решений, студентов: {count} (с опозданием: {late}).",
    "gradebook.canvas.kept": "В файле для Canvas у этих студентов оценка оставлена прежней (балла нет: "
                             "проверка упала, запустите batch снова): {students}.",
    "gradebook.moodle.nameless": "В файл для Moodle не вошли студенты с пустым «{column}» (Moodle отдал бы "
                                 "их оценку предыдущей строке): {students}.",
    "gradebook.moodle.map": "Moodle: в форме импорта сопоставьте пользователей по столбцу «{column}».",
    "gradebook.moodle.unknown": "В файл для Moodle не вошли студенты, у которых нет балла (пустая "
                                "клетка стёрла бы их оценку в Moodle): {students}; запустите batch снова.",
    "gradebook.moodle.email_case": "Moodle сравнивает e-mail с учётом регистра, а здесь есть заглавные "
                                   "буквы: {emails}; сверьте их с Moodle или сопоставляйте по ID number.",
    "gradebook.ambiguous": "Эти студенты в списке группы не различимы (одинаковые имя или номер), их "
                           "решения не сопоставлены, чтобы не отдать оценку другому: {students}.",
    "gradebook.rerun": "Проверка этих решений упала (сбой проверяющей программы): в ведомостях балл, "
                       "набранный до сбоя; запустите batch снова, чтобы проверить их целиком: {students}.",
    "batch.feedback_protocol": "Фразы чата («{prompt}», «{joined}») — слова протокола из задания: "
                               "программа пишет и проверяет их дословно.",
    "batch.csv_sep": ";",            # Excel under Russian regional settings splits on ";"
    "overview.axis.points": "баллы, % от максимума варианта",
    "overview.axis.students": "студентов",
    "overview.axis.passed": "прошли проверку, %",
    "overview.axis.check": "проверка",
    "roles.chosen": "На роль «{part}» подходят несколько файлов: проверен {file} — он делает работу "
                    "этой роли полнее, чем {others}. Если нужен другой, оставьте в решении один или "
                    "укажите его: --{option} ФАЙЛ.",
    "batch.duplicate": "Решение сдано дважды ({entries}): в ведомости две строки ({rows}), в обзоре "
                       "группы студент считается один раз, с лучшим баллом; оставьте одно из двух.",
    "bench.help.plot": "нарисовать сравнение (доставок в секунду) в PNG; нужен matplotlib: pip install "
                       "'chat-lab-kit[plot]'",
    "bench.chart.title": "Доставок в секунду (медианы)",
    "bench.chart.axis": "доставок в секунду (лог. шкала)",
    "bench.plot_written": "Рисунок: {path}",
    "bench.no_plot": "PNG не нарисован: нет matplotlib (pip install 'chat-lab-kit[plot]'); график выше.",
    "lms.too_big": "У этих студентов файлы больше {mb} МБ в сумме: лишнее не взято, проверьте их "
                   "решения вручную: {entries}.",
    # Moodle's column names on a Russian site (its export and grading worksheet), read as the English ones
    "lms.moodle.first_name": "Имя",
    "lms.moodle.last_name": "Фамилия",
    "lms.moodle.id_number": "Индивидуальный номер",
    "lms.moodle.email_address": "Адрес электронной почты",
    "lms.moodle.identifier": "Идентификатор",
    "lms.moodle.full_name": "Полное имя",
    "lms.moodle.grade": "Оценка",
    "lms.moodle.feedback_comments": "Отзыв в виде комментария",
    "lms.late": "сдано с опозданием (по данным LMS)",
    "batch.roles_hint": "В batch файл выбирают через --roles FILE, например {example}.",
    # --- check: each check's line and its hint in three levels (idea, api, shape), named by its
    # record in grader/engine/rubric.py (layers) ---------------------------------------------
    "check.tcp.server.static":
        "сервер написан на socket (SOCK_STREAM) и threading, поток на каждого клиента",
    "check.tcp.server.static.idea":
        "чат на TCP — это один слушающий сокет и по потоку на каждого собеседника: пока один поток "
        "ждёт строку от своего клиента, остальные работают",
    "check.tcp.server.static.api":
        "нужны socket.socket(socket.AF_INET, socket.SOCK_STREAM), bind(), listen(), accept() и "
        "threading.Thread(target=..., args=...).start()",
    "check.tcp.server.static.shape":
        "в main(): сокет, bind, listen, затем цикл: accept() отдаёт (сокет, адрес) — передайте их "
        "потоку с handle_client и сразу вернитесь к accept()",
    "check.tcp.server.prompt": "сервер просит ввести имя",
    "check.tcp.server.prompt.idea":
        "разговор начинает сервер: как только клиент подключился, он должен увидеть приглашение "
        "ввести имя — целой строкой",
    "check.tcp.server.prompt.api":
        "отправьте encode_line(PROMPT) из chatkit.protocol через sendall(): слова уже те, и «\\n» "
        "на месте",
    "check.tcp.server.prompt.shape":
        "первое, что делает handle_client, — отправляет приглашение; только потом ждёт имя",
    "check.tcp.server.welcome": "сервер приветствует нового пользователя по имени",
    "check.tcp.server.welcome.idea":
        "первая строка от клиента — его имя, а ответ на неё — приветствие по имени, только ему",
    "check.tcp.server.welcome.api":
        "прочитайте первую строку, decode_message(), clean_name(), затем "
        "sendall(encode_line(welcome(name)))",
    "check.tcp.server.welcome.shape":
        "после приглашения: строка -> decode_message -> clean_name(text, clients.values()) -> "
        "запись в clients -> welcome(name) этому клиенту",
    "check.tcp.server.concurrent":
        "пользователь, который подключился, но ещё не ввёл имя, не мешает остальным",
    "check.tcp.server.concurrent.idea":
        "пока сервер ждёт имя от одного клиента, другие тоже должны входить: ждать имя — дело "
        "потока клиента, а не цикла accept()",
    "check.tcp.server.concurrent.api":
        "в цикле accept() ничего не читайте и не ждите: сразу "
        "threading.Thread(target=handle_client, args=(client_socket, address), daemon=True).start()",
    "check.tcp.server.concurrent.shape":
        "цикл main: accept(), запустить поток, снова accept(); приглашение, имя и сообщения — всё "
        "внутри handle_client",
    "check.tcp.server.join_notice": "о входе нового пользователя узнают остальные, но не он сам",
    "check.tcp.server.join_notice.idea":
        "о новом пользователе узнают все, кто уже в чате, но не он сам: ему положено приветствие",
    "check.tcp.server.join_notice.api":
        "joined(name) из chatkit.protocol и ваша mailing(message, sender_socket), которая "
        "пропускает sender_socket",
    "check.tcp.server.join_notice.shape":
        "сразу после записи в clients: welcome — новичку, mailing(joined(name), его сокет) — "
        "остальным",
    "check.tcp.server.broadcast_3": "сообщение доходит до всех остальных (3 пользователя)",
    "check.tcp.server.broadcast_3.idea":
        "сервер — почтальон: каждую строку одного пользователя он пересылает всем остальным, "
        "подписав именем отправителя",
    "check.tcp.server.broadcast_3.api":
        "после имени читайте строки в цикле; каждая уходит через mailing(chat_line(username, "
        "text), client_socket), а mailing обходит clients под chat_lock",
    "check.tcp.server.broadcast_3.shape":
        "handle_client: цикл «строка -> decode_message -> не пустая? -> mailing»; mailing: каждому "
        "сокету в clients, кроме отправителя, sendall(encode_line(message))",
    "check.tcp.server.broadcast_10": "сообщение доходит до всех остальных (10 пользователей)",
    "check.tcp.server.broadcast_10.idea":
        "с тремя работает, с десятью — нет? значит, кто-то теряется: клиент не попал в словарь, "
        "затёрт другим, или рассылка обрывается на одном из них",
    "check.tcp.server.broadcast_10.api":
        "ключ словаря clients — сокет клиента (он у каждого свой), а не имя; ошибку отправки "
        "одному получателю ловите try/except OSError внутри цикла",
    "check.tcp.server.broadcast_10.shape":
        "в mailing: для каждого получателя своя попытка sendall(), и except OSError переходит к "
        "следующему, а не выходит из цикла (никаких break и return)",
    "check.tcp.server.no_echo": "отправитель не получает собственное сообщение",
    "check.tcp.server.no_echo.idea":
        "отправитель уже видит свою строку у себя: вернувшись от сервера, она появится дважды",
    "check.tcp.server.no_echo.api":
        "mailing(message, sender_socket) получает сокет отправителя именно затем, чтобы его "
        "пропустить",
    "check.tcp.server.no_echo.shape":
        "в цикле рассылки: сокет отправителя — continue; и передавайте в mailing сокет того, чей "
        "это текст",
    "check.tcp.server.leave_notice":
        "когда пользователь уходит, остальные получают «{{имя}} покинул чат.»",
    "check.tcp.server.leave_notice.idea":
        "клиент уходит тремя путями: присылает «/quit», закрывает соединение (recv() вернул b\"\") "
        "или соединение обрывается (OSError); каждый — уход, о котором узнают остальные",
    "check.tcp.server.leave_notice.api":
        "сравните текст с QUIT; пустой recv() или readline() — конец потока; ConnectionResetError "
        "— подкласс OSError; уведомление — left(name) через mailing",
    "check.tcp.server.leave_notice.shape":
        "оберните цикл чтения в try/finally: в finally — удалить из clients, left(username) "
        "остальным, закрыть сокет; так уход обрабатывается в одном месте",
    "check.tcp.server.after_leave":
        "после ухода одного пользователя остальные продолжают общаться в обе стороны",
    "check.tcp.server.after_leave.idea":
        "после ухода в словаре не должно остаться мёртвого сокета, а отправка в мёртвый сокет не "
        "должна обрывать рассылку остальным",
    "check.tcp.server.after_leave.api":
        "clients.pop(client_socket, None) под chat_lock удаляет ровно один раз; в mailing ловите "
        "OSError на каждом получателе",
    "check.tcp.server.after_leave.shape":
        "уход: под chat_lock pop из clients, затем left(name) остальным; в mailing try/except — "
        "вокруг отправки одному, а не вокруг всего цикла; словарь не меняйте, пока его обходите",
    "check.tcp.client.static":
        "клиент написан на socket (SOCK_STREAM) и принимает сообщения в отдельном потоке",
    "check.tcp.client.static.idea":
        "клиенту надо ждать двух вещей сразу — ввода пользователя и сообщений сервера; один поток "
        "не может ждать двух вещей, нужен второй",
    "check.tcp.client.static.api":
        "socket.socket(socket.AF_INET, socket.SOCK_STREAM), connect((host, port)) и "
        "threading.Thread(target=receive_message, args=(sock,), daemon=True).start()",
    "check.tcp.client.static.shape":
        "main(): connect; поток для receive_message (приём и print); в главном потоке — "
        "send_message (input() и sendall())",
    "check.tcp.client.shows": "клиент показывает то, что присылает сервер",
    "check.tcp.client.shows.idea":
        "всё, что присылает сервер (приглашение, приветствие, чужие сообщения), пользователь "
        "должен увидеть на экране",
    "check.tcp.client.shows.api":
        "в потоке приёма: recv() и print() декодированного текста (decode(\"utf-8\")), а не bytes "
        "b'...'",
    "check.tcp.client.shows.shape":
        "receive_message: цикл «recv -> b\"\"? выйти -> decode -> print(..., flush=True)»",
    "check.tcp.client.sends": "клиент отправляет каждую введённую строку",
    "check.tcp.client.sends.idea":
        "каждая строка, которую набрал пользователь, — сообщение серверу; первая из них — имя",
    "check.tcp.client.sends.api":
        "input() в цикле и sendall(encode_line(text)): сервер ждёт строки с «\\n» в конце",
    "check.tcp.client.sends.shape":
        "send_message: цикл «input() -> sendall(encode_line(text))», выход после QUIT или EOFError",
    "check.tcp.client.receives_idle":
        "клиент печатает сообщение, пришедшее, пока пользователь ничего не вводит",
    "check.tcp.client.receives_idle.idea":
        "сообщение может прийти, когда пользователь ничего не печатает; если приём идёт только "
        "после input(), оно ждёт, пока человек не нажмёт Enter",
    "check.tcp.client.receives_idle.api":
        "приём — в отдельном threading.Thread, который всё время ждёт в recv(), независимо от "
        "input() в главном потоке",
    "check.tcp.client.receives_idle.shape":
        "запустите поток приёма до цикла ввода, а не внутри него: сначала start(), потом "
        "send_message()",
    "check.udp.server.static": "сервер написан на socket (SOCK_DGRAM)",
    "check.udp.server.static.idea":
        "UDP обходится без соединений: один сокет принимает датаграммы ото всех и отвечает каждому "
        "по его адресу",
    "check.udp.server.static.api":
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM), bind((host, port)), recvfrom() и "
        "sendto()",
    "check.udp.server.static.shape":
        "main(): сокет SOCK_DGRAM, bind, затем цикл: recvfrom() отдаёт (данные, адрес) -> "
        "разобрать -> sendto(ответ, адрес)",
    "check.udp.server.welcome": "сервер приветствует нового пользователя по имени",
    "check.udp.server.welcome.idea":
        "сервер узнаёт пользователя по адресу отправителя: первая датаграмма с незнакомого адреса "
        "— это имя",
    "check.udp.server.welcome.api":
        "recvfrom() возвращает (данные, адрес); словарь clients адрес -> имя; ответ — sendto() с "
        "welcome(name) на этот адрес",
    "check.udp.server.welcome.shape":
        "адреса нет в clients? тогда это имя: clean_name(text, clients.values()), запись "
        "clients[address] и welcome этому адресу",
    "check.udp.server.join_notice": "о входе нового пользователя узнают остальные, но не он сам",
    "check.udp.server.join_notice.idea":
        "о новичке узнают все известные адреса, кроме его собственного: ему — приветствие",
    "check.udp.server.join_notice.api":
        "joined(name) и sendto() по всем адресам в clients, кроме адреса нового",
    "check.udp.server.join_notice.shape":
        "после записи нового адреса: для каждого другого адреса в clients — sendto(joined(name))",
    "check.udp.server.broadcast_3": "сообщение доходит до всех остальных (3 пользователя)",
    "check.udp.server.broadcast_3.idea":
        "датаграмма от известного адреса — сообщение: сервер пересылает его всем остальным, "
        "подписав именем",
    "check.udp.server.broadcast_3.api":
        "имя отправителя — clients[address]; текст — chat_line(name, text); отправка — sendto() "
        "каждому другому адресу",
    "check.udp.server.broadcast_3.shape":
        "ветка «адрес известен»: name = clients[address], затем для каждого другого адреса "
        "sendto(chat_line(name, text).encode(\"utf-8\"), другой)",
    "check.udp.server.broadcast_10": "сообщение доходит до всех остальных (10 пользователей)",
    "check.udp.server.broadcast_10.idea":
        "с тремя работает, с десятью — нет? значит, кто-то теряется: адрес не запомнен, затёрт, "
        "или рассылка прерывается",
    "check.udp.server.broadcast_10.api":
        "ключ — адрес целиком, (ip, port): у всех пользователей одной машины ip один, различается "
        "порт",
    "check.udp.server.broadcast_10.shape":
        "clients[address] = name, где address — ровно то, что вернул recvfrom(); рассылка — по "
        "всем ключам clients, без break",
    "check.udp.server.no_echo": "отправитель не получает собственное сообщение",
    "check.udp.server.no_echo.idea":
        "отправитель видит своё сообщение у себя; вернувшись от сервера, оно появится дважды",
    "check.udp.server.no_echo.api":
        "адрес отправителя у вас есть: это второе, что вернул recvfrom()",
    "check.udp.server.no_echo.shape":
        "в цикле рассылки: адрес, равный адресу отправителя, — continue",
    "check.udp.server.leave_notice": "после «/quit» остальные получают «{{имя}} покинул чат.»",
    "check.udp.server.leave_notice.idea":
        "у UDP нет разрыва соединения: об уходе клиент говорит сам, датаграммой «/quit»",
    "check.udp.server.leave_notice.api":
        "сравните decode_message(data) с QUIT; имя ушедшего отдаёт clients.pop(address, None); "
        "остальным — left(name)",
    "check.udp.server.leave_notice.shape":
        "QUIT от известного адреса: забрать имя через pop, затем sendto(left(name)) каждому "
        "оставшемуся",
    "check.udp.server.after_leave":
        "после ухода одного пользователя остальные продолжают общаться, а ушедший больше ничего не "
        "получает",
    "check.udp.server.after_leave.idea":
        "ушедший адрес должен исчезнуть из словаря: иначе ему продолжат приходить сообщения",
    "check.udp.server.after_leave.api":
        "clients.pop(address, None) удаляет адрес ровно один раз и не бросает KeyError",
    "check.udp.server.after_leave.shape":
        "сначала pop из clients, потом рассылка left(name): так ушедший не получит ни уведомления "
        "о себе, ни дальнейших сообщений",
    "check.udp.server.vanished_user":
        "пользователь пропал без «/quit» (закрыл программу) — сервер не падает и продолжает "
        "рассылку остальным",
    "check.udp.server.vanished_user.idea":
        "пользователь может пропасть, не попрощавшись: сервер по-прежнему шлёт на его адрес, а там "
        "уже никто не слушает",
    "check.udp.server.vanished_user.api":
        "в Windows после такой отправки следующий recvfrom() бросает ConnectionResetError: это "
        "весть о прошлой датаграмме, а не повод останавливать сервер",
    "check.udp.server.vanished_user.shape":
        "recvfrom() в цикле — в try: except ConnectionResetError: continue; каждую sendto() одному "
        "адресу — в try: except OSError",
    "check.udp.client.static":
        "клиент написан на socket (SOCK_DGRAM) и принимает сообщения в отдельном потоке",
    "check.udp.client.static.idea":
        "клиенту надо ждать двух вещей сразу — ввода и датаграмм от сервера; один поток так не "
        "умеет",
    "check.udp.client.static.api":
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM) и threading.Thread для приёма "
        "(recvfrom() в цикле)",
    "check.udp.client.static.shape":
        "main(): сокет; спросить имя и отправить; поток с receive_message; в главном потоке — цикл "
        "ввода",
    "check.udp.client.shows": "клиент спрашивает имя, отправляет его и показывает ответ сервера",
    "check.udp.client.shows.idea":
        "по UDP сервер имя не спрашивает: клиент спрашивает его сам, отправляет серверу и "
        "показывает ответ",
    "check.udp.client.shows.api":
        "input(PROMPT), sendto(name.encode(\"utf-8\"), (host, port)), recvfrom() и print() ответа "
        "текстом",
    "check.udp.client.shows.shape":
        "сначала имя и sendto(), потом поток приёма, который печатает всё пришедшее, приветствие "
        "тоже",
    "check.udp.client.sends": "клиент отправляет каждую введённую строку отдельной датаграммой",
    "check.udp.client.sends.idea": "каждая набранная строка — отдельная датаграмма серверу",
    "check.udp.client.sends.api": "input() в цикле и sendto(text.encode(\"utf-8\"), (host, port))",
    "check.udp.client.sends.shape":
        "send_message: цикл «input() -> sendto()», выход после QUIT или EOFError",
    "check.udp.client.receives_idle":
        "клиент печатает сообщение, пришедшее, пока пользователь ничего не вводит",
    "check.udp.client.receives_idle.idea":
        "датаграмма может прийти, когда пользователь ничего не печатает; если приём идёт только "
        "после input(), она ждёт нажатия Enter",
    "check.udp.client.receives_idle.api":
        "приём — в отдельном threading.Thread, который всё время ждёт в recvfrom()",
    "check.udp.client.receives_idle.shape":
        "запустите поток приёма до цикла ввода, а не внутри него",
    "check.tcp.server.exact_lines":
        "каждое сообщение сервера — ровно одна строка с «\\n» в конце, а имя очищено от пробелов",
    "check.tcp.server.exact_lines.idea":
        "каждое сообщение сервера — ровно одна строка: текст и «\\n», без лишних пустых строк; имя "
        "— без пробелов по краям",
    "check.tcp.server.exact_lines.api":
        "encode_line(text) добавляет «\\n»; clean_name() или strip() убирает пробелы",
    "check.tcp.server.exact_lines.shape":
        "всё, что уходит клиенту, проходит через encode_line() ровно один раз; имя — только из "
        "clean_name(decode_message(raw), ...)",
    "check.tcp.server.two_in_one":
        "два сообщения, пришедшие одним TCP-сегментом, расходятся как два сообщения",
    "check.tcp.server.two_in_one.idea":
        "TCP передаёт поток байтов, а не сообщения: две строки клиента могут прийти одним recv()",
    "check.tcp.server.two_in_one.api":
        "client_socket.makefile(\"rb\").readline() отдаёт по одной строке; или делите полученное "
        "по b\"\\n\" сами",
    "check.tcp.server.two_in_one.shape":
        "свой буфер: дописать recv() в буфер; пока в нём есть b\"\\n\", отрезать строку и "
        "обработать; остаток оставить до следующего recv()",
    "check.tcp.server.split_message":
        "сообщение, пришедшее по частям в нескольких сегментах, расходится целиком",
    "check.tcp.server.split_message.idea":
        "одна строка может прийти по частям, за несколько recv(): сообщение — всё до «\\n», а не "
        "то, что вернул один recv()",
    "check.tcp.server.split_message.api":
        "makefile(\"rb\").readline() сам дождётся «\\n»; для своего буфера есть "
        "bytes.partition(b\"\\n\")",
    "check.tcp.server.split_message.shape":
        "копите байты; обрабатывайте только куски, за которыми пришёл b\"\\n\"; хвост без него "
        "ждёт следующего recv()",
    "check.tcp.server.long_line":
        "строка в 3000 байт кириллицей доходит целиком, даже когда буква попадает на границу 1024 "
        "байт",
    "check.tcp.server.long_line.idea":
        "русская буква в UTF-8 — два байта; граница recv(1024) может пройти посередине буквы, и "
        "decode() такого куска падает",
    "check.tcp.server.long_line.api":
        "декодируйте только целую строку, после b\"\\n\"; makefile(\"rb\").readline() отдаёт целую "
        "строку байтов",
    "check.tcp.server.long_line.shape":
        "сначала байты до b\"\\n\" (readline() или свой буфер), потом decode_message(line): одна "
        "строка — одно декодирование",
    "check.tcp.server.stuck_reader":
        "пользователь, который ничего не читает, не останавливает переписку остальных",
    "check.tcp.server.stuck_reader.idea":
        "кто перестал читать, у того заполняются буферы ядра, и sendall() ему ждёт вечно — а с ним "
        "поток, который рассылал, и все, кто ждёт chat_lock",
    "check.tcp.server.stuck_reader.api":
        "у каждого клиента своя очередь исходящих байтов (queue.SimpleQueue) и свой "
        "поток-писатель; put() в очередь никогда не ждёт",
    "check.tcp.server.stuck_reader.shape":
        "mailing кладёт данные в очередь каждого получателя; писатель в цикле берёт из своей "
        "очереди и делает sendall(); того, чья очередь безнадёжно растёт, отключайте через "
        "shutdown()",
    "check.tcp.server.abrupt_disconnect":
        "обрыв соединения (RST) во время рассылки не роняет сервер, а остальные узнают об уходе",
    "check.tcp.server.abrupt_disconnect.idea":
        "соединение может оборваться в любой момент (RST): тогда recv() и send() бросают "
        "исключение, а не возвращают b\"\"",
    "check.tcp.server.abrupt_disconnect.api":
        "ConnectionResetError и BrokenPipeError — подклассы OSError: except OSError; удаление — "
        "clients.pop(sock, None)",
    "check.tcp.server.abrupt_disconnect.shape":
        "чтение клиента — в try/except OSError/finally, уход — в finally; в рассылке — своя "
        "попытка на каждого получателя",
    "check.tcp.server.churn":
        "пока идёт переписка, пользователи входят и выходят: ни одно сообщение не теряется, сервер "
        "не падает",
    "check.tcp.server.churn.idea":
        "пока один поток обходит словарь клиентов, другой добавляет или удаляет — и Python бросает "
        "«dictionary changed size during iteration»",
    "check.tcp.server.churn.api":
        "любое чтение и изменение clients — внутри with chat_lock:, или обходите копию "
        "list(clients)",
    "check.tcp.server.churn.shape":
        "вход, уход и рассылка — каждый под одной и той же блокировкой chat_lock",
    "check.tcp.server.fifty_users":
        "50 пользователей одновременно: каждое сообщение доходит до каждого ровно один раз",
    "check.tcp.server.fifty_users.idea":
        "50 пользователей сразу: очередь подключений, словарь и рассылка должны выдержать всех, "
        "каждому — ровно по одному разу",
    "check.tcp.server.fifty_users.api":
        "listen(128) вместо listen(1): пока сервер занят, ядро держит в очереди столько подключений",
    "check.tcp.server.fifty_users.shape":
        "listen(128); accept() -> поток; рассылка: один проход по clients под chat_lock, по одной "
        "отправке каждому",
    "check.tcp.server.restart": "остановленный сервер можно сразу запустить снова на том же порту",
    "check.tcp.server.restart.idea":
        "после остановки сервера порт ещё около минуты в состоянии TIME_WAIT, и новый bind() на "
        "нём падает",
    "check.tcp.server.restart.api":
        "опция SO_REUSEADDR: setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) до bind() "
        "(кроме Windows)",
    "check.tcp.server.restart.shape":
        "создать сокет -> если не Windows, setsockopt(SO_REUSEADDR) -> bind() -> listen()",
    "check.tcp.client.exits_at_eof":
        "клиент завершается, когда ввод закончился (Ctrl+D), и не крутится вхолостую",
    "check.tcp.client.exits_at_eof.idea":
        "конец ввода (Ctrl+D) — пользователь уходит: клиент должен сказать об этом серверу и "
        "закончиться, а не крутиться",
    "check.tcp.client.exits_at_eof.api":
        "input() бросает EOFError; отправьте QUIT (или shutdown(socket.SHUT_WR)), а поток приёма "
        "дочитает до b\"\"",
    "check.tcp.client.exits_at_eof.shape":
        "except EOFError: отправить QUIT и выйти из цикла ввода; main() дожидается конца приёма и "
        "возвращается",
    "check.tcp.client.exits_when_server_closes":
        "клиент завершается, когда сервер закрыл соединение, и не крутится вхолостую",
    "check.tcp.client.exits_when_server_closes.idea":
        "сервер закрыл соединение — разговаривать больше не с кем: программа должна закончиться, "
        "даже пока другой поток ждёт input()",
    "check.tcp.client.exits_when_server_closes.api":
        "recv() вернул b\"\" — это конец; потоки с daemon=True не держат процесс; threading.Event "
        "скажет main(), что пора",
    "check.tcp.client.exits_when_server_closes.shape":
        "приём при b\"\" выставляет событие; ввод — в потоке-демоне; main() запускает оба потока и "
        "ждёт событие",
    "check.udp.server.unknown_sender":
        "датаграмма с незнакомого адреса (даже «/quit» до входа) не роняет сервер и не выдаётся за "
        "чужое сообщение",
    "check.udp.server.unknown_sender.idea":
        "по UDP датаграмму может прислать кто угодно, в том числе адрес, которого сервер ещё не "
        "знает, — даже сразу «/quit»",
    "check.udp.server.unknown_sender.api":
        "clients.get(address) и clients.pop(address, None) не бросают KeyError; «/quit» с "
        "незнакомого адреса — уход того, кто не входил: никому ничего",
    "check.udp.server.unknown_sender.shape":
        "сначала «известен ли адрес?»: нет — «/quit» пропустить, иначе это имя; да — «/quit» или "
        "обычное сообщение",
    "check.udp.server.repeated_join":
        "повторный вход: то же имя с нового адреса получает номер («Аня2»), а с того же адреса это "
        "обычное сообщение",
    "check.udp.server.repeated_join.idea":
        "пользователя определяет адрес, а не имя: то же имя с нового адреса — новый пользователь, "
        "а с того же адреса — просто сообщение",
    "check.udp.server.repeated_join.api":
        "словарь адрес -> имя; clean_name(text, set(clients.values())) выдаёт «Аня2», если «Аня» "
        "занята",
    "check.udp.server.repeated_join.shape":
        "адрес уже в clients — это сообщение; иначе имя через clean_name(...) и запись "
        "clients[address]",
    "check.udp.server.big_datagram":
        "датаграмма больше 1024 байт (3000 байт кириллицей) доходит целиком",
    "check.udp.server.big_datagram.idea":
        "recvfrom(n) отдаёт не больше n байт датаграммы, остальное пропадает, а разрезанная "
        "русская буква роняет decode()",
    "check.udp.server.big_datagram.api":
        "датаграмма UDP бывает до 65 507 байт: recvfrom(65536) примет любую",
    "check.udp.server.big_datagram.shape":
        "recvfrom(65536), затем decode_message(data): слишком длинное сообщение она обрежет сама",
}
