"""Russian: the default language of every report. Keep the ids in step with en.py."""

TEXT = {
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
