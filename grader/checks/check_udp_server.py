"""The UDP server: one datagram per message, the first one from an address is the name."""
from chatkit.protocol import chat_line, joined, left, welcome
from grader.checks import NAMES, check
from grader.checks.static import check_source


@check("udp.server.static")
def check_server_uses_datagram_sockets(grading, scenario):
    check_source(grading, scenario, "udp", "server")


@check("udp.server.welcome")
def check_server_welcomes_a_user_by_name(udp_chat):
    anya = udp_chat.join("Аня")
    anya.expect(welcome("Аня"))


@check("udp.server.join_notice")
def check_others_learn_that_a_user_joined(udp_chat):
    anya = udp_chat.join("Аня")
    for name in ("Боря", "Вика", "Гоша"):
        newcomer = udp_chat.join(name)
        if ("Аня", name) not in udp_chat.late:
            break  # else the newcomer overtook Аня's registration on a busy machine: try again
    anya.expect(joined(newcomer.name))
    newcomer.refute(joined(newcomer.name), hint="уведомление о входе рассылается всем, кроме нового адреса")


@check("udp.server.broadcast_3")
def check_a_message_reaches_every_other_user(udp_chat):
    anya, borya, vika = udp_chat.join("Аня", "Боря", "Вика")
    anya.say("Всем привет!")
    borya.expect(chat_line("Аня", "Всем привет!"))
    vika.expect(chat_line("Аня", "Всем привет!"))
    borya.say("Привет, Аня!")
    anya.expect(chat_line("Боря", "Привет, Аня!"))
    vika.expect(chat_line("Боря", "Привет, Аня!"))


@check("udp.server.broadcast_10")
def check_a_message_reaches_all_ten_users(udp_chat):
    users = udp_chat.join(*NAMES)
    for speaker, text in ((users[4], "Нас тут десять?"), (users[-1], "Похоже, да.")):
        speaker.say(text)
        for user in users:
            if user is not speaker:
                user.expect(chat_line(speaker.name, text))


@check("udp.server.no_echo")
def check_sender_does_not_get_its_own_message(udp_chat):
    anya, borya = udp_chat.join("Аня", "Боря")
    anya.say("Меня слышно?")
    borya.expect(chat_line("Аня", "Меня слышно?"))
    borya.say("Слышно!")              # a sentinel: once it arrives, an echo would have too
    anya.expect(chat_line("Боря", "Слышно!"))
    anya.refute("Меня слышно?")


@check("udp.server.leave_notice")
def check_others_learn_that_a_user_left(udp_chat):
    anya, borya, vika = udp_chat.join("Аня", "Боря", "Вика")
    udp_chat.leave(vika)
    anya.expect(left("Вика"))
    borya.expect(left("Вика"))


@check("udp.server.after_leave")
def check_the_others_keep_chatting_after_a_user_left(udp_chat):
    anya, borya, vika = udp_chat.join("Аня", "Боря", "Вика")
    udp_chat.leave(vika, witness=anya)  # the notice itself is another check's business
    anya.say("Вика ушла?")
    borya.expect(chat_line("Аня", "Вика ушла?"))
    borya.say("Ушла, но мы на связи.")
    anya.expect(chat_line("Боря", "Ушла, но мы на связи."))
    vika.refute("Вика ушла?", hint="удалите адрес из словаря, когда приходит «/quit»")
