"""Russian: the default language of every report. Keep the ids in step with en.py."""

TEXT = {
    # --- cli: python -m grader and its --help (grader/__main__.py) ---------------------------------
    "cli.help.description": "Проверка многопользовательского чата (TCP до 100 баллов, UDP до 80). "
                            "Checks a multi-user chat submission.",
    "cli.help.epilog": "Для преподавателя (каждая команда с --help):\n  python -m grader batch "
                       "SUBMISSIONS --csv grades.csv   проверить всю группу\n  python -m grader "
                       "gradescope-bundle OUT.zip            автопроверка для Gradescope\n  python -m "
                       "grader demo [FOLDER] [--svg FILE]           живой чат для лекции\n  python -m "
                       "grader bench [FOLDER] [--compare OTHER]     нагрузочный замер сервера\n  python "
                       "-m grader rubric [--lang en] [--update FILE]   критерии в Markdown\nКод выхода: "
                       "0 — проверка прошла (при любом балле), 1 — балл ниже --fail-under, 2 — ошибка в "
                       "аргументах, 3 — сбой самой проверки.",
    "cli.help.folder": "папка или .zip с решением (по умолчанию lab/)",
    "cli.help.json": "записать результат в формате Gradescope results.json",
    "cli.help.lang": "язык отчёта (по умолчанию ru)",
    "cli.help.strict": "добавить строгий уровень проверок (отдельный балл)",
    "cli.help.only": "проверить только один вариант",
    "cli.help.verbose": "показать ход каждой проверки, а не только проваленных",
    "cli.help.fail_under": "код выхода 1, если итог меньше N",
    "cli.help.jobs": "сколько проверок выполнять параллельно (по умолчанию 2)",
    "cli.rubric.no_file": "Нет файла {path}: укажите путь к assignment.md.",

    # --- engine: opening a submission, the rubric's Markdown (grader/engine/) ----------------------
    "submission.missing": "Не нашли «{path}»: укажите папку с решением, например python -m grader lab.",
    "submission.is_file": "«{path}» — это файл, а не папка: укажите папку, где лежат tcp_server.py и "
                          "другие файлы.",
    "submission.zip_too_big": "Архив «{path}» распаковывается в {mb} МБ: это не похоже на решение.",
    "submission.zip_broken": "Архив «{path}» не открывается ({error}): пересоберите его или распакуйте "
                             "вручную.",
    "submission.no_modules": "В «{path}» нет ни одного из файлов {names}: это не папка с решением.",
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
    "batch.help.sep": "разделитель CSV: «,» (по умолчанию), «;» — для Excel с русскими настройками, или "
                      "tab",

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
    "bundle.no_results": "results.json не найден: грейдер не смог проверить решение (см. журнал шага выше)",
    "bundle.help.description": "Собрать zip автопроверки для Gradescope: setup.sh ставит набор, "
                               "run_autograder проверяет /autograder/submission и пишет "
                               "/autograder/results/results.json. Build a Gradescope autograder zip.",
    "bundle.help.out": "куда записать архив",
    "bundle.help.lang": "язык отчёта студентам (по умолчанию ru)",
    "bundle.help.strict": "проверять и строгий уровень (отдельный балл)",

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
    "bench.help.compare": "сравнить со вторым сервером: прогоны вперемежку и отношения",
    "bench.help.runs": "сколько прогонов каждого сценария (по умолчанию 3 при --compare, иначе 1)",
    "bench.help.json": "записать все числа в JSON",
    "bench.help.idle": "прогон окончен, если {seconds:.0f} с ничего не приходит (по умолчанию)",
    "bench.help.window": "stuck-reader: сколько раундов сообщений в пути (по умолчанию {window}; 0 — "
                         "всё сразу, без ожидания читающих)",
    "bench.help.address_space": "предел адресного пространства сервера в ГиБ (по умолчанию как при "
                                "проверке, {gib:g})",
    "bench.help.lang": "язык отчёта (по умолчанию ru)",
}
