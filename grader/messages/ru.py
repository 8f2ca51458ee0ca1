"""Russian: the default language of every report. Keep the ids in step with en.py."""

TEXT = {
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
}
