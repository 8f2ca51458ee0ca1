"""What every chat server must do, whatever the transport: scenarios that take a Chat.

check_tcp_server.py and check_udp_server.py score them, each against its own server, so
the TCP and UDP tracks ask for exactly the same behaviour.
"""
from chatkit.protocol import chat_line, joined, left, welcome
from grader.checks import NAMES


def welcomes_a_user_by_name(chat):
    anya = chat.join("Аня")
    anya.expect(welcome("Аня"))


def tells_the_others_who_joined(chat):
    anya = chat.join("Аня")
    for name in ("Боря", "Вика", "Гоша"):
        newcomer = chat.join(name)
        if ("Аня", name) not in chat.late:
            break  # else the newcomer overtook Аня's registration on a busy machine: try again
    anya.expect(joined(newcomer.name))
    newcomer.refute(joined(newcomer.name))


def relays_to_every_other_user(chat):
    anya, borya, vika = chat.join("Аня", "Боря", "Вика", roll_call=True)
    anya.say("Всем привет!")
    borya.expect(chat_line("Аня", "Всем привет!"))
    vika.expect(chat_line("Аня", "Всем привет!"))
    borya.say("Привет, Аня!")
    anya.expect(chat_line("Боря", "Привет, Аня!"))
    vika.expect(chat_line("Боря", "Привет, Аня!"))


def relays_to_ten_users(chat):
    users = chat.join(*NAMES, roll_call=True)
    for speaker, text in ((users[4], "Нас тут десять?"), (users[-1], "Похоже, да.")):
        speaker.say(text)
        for user in users:
            if user is not speaker:
                user.expect(chat_line(speaker.name, text))


def does_not_echo_the_sender(chat):
    anya, borya = chat.join("Аня", "Боря", roll_call=True)
    anya.say("Меня слышно?")
    borya.expect(chat_line("Аня", "Меня слышно?"))
    borya.say("Слышно!")              # a sentinel: once it arrives, an echo would have too
    anya.expect(chat_line("Боря", "Слышно!"))
    anya.refute("Меня слышно?")


def tells_the_others_who_left(chat):
    anya, borya, vika = chat.join("Аня", "Боря", "Вика", roll_call=True)
    chat.leave(vika)
    anya.expect(left("Вика"))
    borya.expect(left("Вика"))


def keeps_chatting_after_a_user_left(chat):
    anya, borya, vika = chat.join("Аня", "Боря", "Вика", roll_call=True)
    # The first to join leaves: a server that keeps her dead socket meets it first in every
    # broadcast, and there its second send fails (the first only earns a reset), so a
    # broadcast that stops at an error reaches nobody after her.
    chat.leave(anya, witness=borya)  # the notice itself is another check's business
    borya.say("Аня ушла?")
    vika.expect(chat_line("Боря", "Аня ушла?"))
    vika.say("Ушла, но мы на связи.")
    borya.expect(chat_line("Вика", "Ушла, но мы на связи."))
    if chat.transport == "udp":  # her socket is still open: a kept address would reach it
        anya.refute("Ушла, но мы на связи.")
