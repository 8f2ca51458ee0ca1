"""Russian: the default language of every report. Keep the ids in step with en.py."""

TEXT = {
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
}
