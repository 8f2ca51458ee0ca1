"""The TCP server, as the assignment asks: prompt, welcome, notices, broadcast, a thread per client."""
from grader.chat.transcript import Failure
from grader.checks import behaviour, check
from grader.checks.source import check_source


@check("tcp.server.static")
def check_server_uses_socket_and_a_thread_per_client(grading, scenario):
    check_source(grading, scenario, "tcp", "server")


@check("tcp.server.prompt")
def check_server_asks_for_a_name(tcp_chat):
    if tcp_chat.says.lenient:
        behaviour.takes_a_name(tcp_chat)  # asked for, or taken from the first line
        return
    anya = tcp_chat.user("Аня")
    try:
        anya.expect(tcp_chat.says.prompt())
    except Failure:
        if anya.stream.size == 0:   # nothing at all: the other checks' users need not wait for a prompt
            tcp_chat.traits.setdefault("prompt", False)
        raise


@check("tcp.server.welcome")
def check_server_welcomes_a_user_by_name(tcp_chat):
    behaviour.welcomes_a_user_by_name(tcp_chat)


@check("tcp.server.concurrent")
def check_a_user_without_a_name_does_not_block_the_others(tcp_chat):
    tcp_chat.user("Молчун")           # connects and never types a name
    anya = tcp_chat.join("Аня")       # a server busy waiting for Молчун never answers her
    borya = tcp_chat.join("Боря", roll_call=True)
    anya.say("Кто-то молчит, а мы болтаем.")
    borya.expect(tcp_chat.says.chat_line("Аня", "Кто-то молчит, а мы болтаем."))


@check("tcp.server.join_notice")
def check_others_learn_that_a_user_joined(tcp_chat):
    behaviour.tells_the_others_who_joined(tcp_chat)


@check("tcp.server.broadcast_3")
def check_a_message_reaches_every_other_user(tcp_chat):
    behaviour.relays_to_every_other_user(tcp_chat)


@check("tcp.server.broadcast_10")
def check_a_message_reaches_all_ten_users(tcp_chat):
    behaviour.relays_to_ten_users(tcp_chat)


@check("tcp.server.no_echo")
def check_sender_does_not_get_its_own_message(tcp_chat):
    behaviour.does_not_echo_the_sender(tcp_chat)


@check("tcp.server.leave_notice")
def check_others_learn_that_a_user_left(tcp_chat):
    behaviour.tells_the_others_who_left(tcp_chat)


@check("tcp.server.after_leave")
def check_the_others_keep_chatting_after_a_user_left(tcp_chat):
    behaviour.keeps_chatting_after_a_user_left(tcp_chat)
