"""The TCP server, as the assignment asks: prompt, welcome, notices, broadcast, a thread per client."""
from chatkit.protocol import PROMPT, chat_line, joined, left, welcome
from grader.checks import NAMES, check
from grader.checks.static import check_source


@check("tcp.server.static")
def check_server_uses_socket_and_a_thread_per_client(grading, scenario):
    check_source(grading, scenario, "tcp", "server")


@check("tcp.server.prompt")
def check_server_asks_for_a_name(tcp_chat):
    anya = tcp_chat.user("Аня")
    anya.expect(PROMPT)


@check("tcp.server.welcome")
def check_server_welcomes_a_user_by_name(tcp_chat):
    anya = tcp_chat.join("Аня")
    anya.expect(welcome("Аня"))


@check("tcp.server.concurrent")
def check_a_user_without_a_name_does_not_block_the_others(tcp_chat):
    tcp_chat.user("Молчун")           # connects and never types a name
    anya = tcp_chat.join("Аня")       # a server busy waiting for Молчун never answers her
    borya = tcp_chat.join("Боря")
    anya.say("Кто-то молчит, а мы болтаем.")
    borya.expect(chat_line("Аня", "Кто-то молчит, а мы болтаем."))


@check("tcp.server.join_notice")
def check_others_learn_that_a_user_joined(tcp_chat):
    anya = tcp_chat.join("Аня")
    for name in ("Боря", "Вика", "Гоша"):
        newcomer = tcp_chat.join(name)
        if ("Аня", name) not in tcp_chat.late:
            break  # else the newcomer overtook Аня's registration on a busy machine: try again
    anya.expect(joined(newcomer.name))
    newcomer.refute(joined(newcomer.name), hint="уведомление о входе рассылается всем, кроме вошедшего")


@check("tcp.server.broadcast_3")
def check_a_message_reaches_every_other_user(tcp_chat):
    anya, borya, vika = tcp_chat.join("Аня", "Боря", "Вика")
    anya.say("Всем привет!")
    borya.expect(chat_line("Аня", "Всем привет!"))
    vika.expect(chat_line("Аня", "Всем привет!"))
    borya.say("Привет, Аня!")
    anya.expect(chat_line("Боря", "Привет, Аня!"))
    vika.expect(chat_line("Боря", "Привет, Аня!"))


@check("tcp.server.broadcast_10")
def check_a_message_reaches_all_ten_users(tcp_chat):
    users = tcp_chat.join(*NAMES)
    for speaker, text in ((users[4], "Нас тут десять?"), (users[-1], "Похоже, да.")):
        speaker.say(text)
        for user in users:
            if user is not speaker:
                user.expect(chat_line(speaker.name, text))


@check("tcp.server.no_echo")
def check_sender_does_not_get_its_own_message(tcp_chat):
    anya, borya = tcp_chat.join("Аня", "Боря")
    anya.say("Меня слышно?")
    borya.expect(chat_line("Аня", "Меня слышно?"))
    borya.say("Слышно!")              # a sentinel: once it arrives, an echo would have too
    anya.expect(chat_line("Боря", "Слышно!"))
    anya.refute("Меня слышно?")


@check("tcp.server.leave_notice")
def check_others_learn_that_a_user_left(tcp_chat):
    anya, borya, vika = tcp_chat.join("Аня", "Боря", "Вика")
    tcp_chat.leave(vika)
    anya.expect(left("Вика"))
    borya.expect(left("Вика"))


@check("tcp.server.after_leave")
def check_the_others_keep_chatting_after_a_user_left(tcp_chat):
    anya, borya, vika = tcp_chat.join("Аня", "Боря", "Вика")
    # The first to join leaves: a server that keeps her dead socket meets it first in every
    # broadcast, and there its second send fails (the first only earns a reset), so a
    # broadcast that stops at an error reaches nobody after her.
    tcp_chat.leave(anya, witness=borya)  # the notice itself is another check's business
    borya.say("Аня ушла?")
    vika.expect(chat_line("Боря", "Аня ушла?"))
    vika.say("Ушла, но мы на связи.")
    borya.expect(chat_line("Вика", "Ушла, но мы на связи."))
