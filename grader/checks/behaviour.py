"""What every chat server must do, whatever the transport: scenarios that take a Chat.

check_tcp_server.py and check_udp_server.py score them, each against its own server, so
the TCP and UDP tracks ask for exactly the same behaviour. What a user waits for comes
from chat.says (grader/chat/lenient.py): the protocol's exact words, or with --lenient
any text that says the same thing.
"""
from grader.chat.transcript import Failure
from grader.checks import NAMES
from grader.engine import limits
from grader.messages import say


def welcomes_a_user_by_name(chat):
    anya = chat.join("Аня")
    anya.expect(chat.says.welcome("Аня"))


def takes_a_name(chat):
    """Lenient: the server asks for the name (sends anything first), or takes the first line
    for it, which shows when the others see that name on what the user says."""
    anya = chat.user("Аня")
    if anya.stream.wait_growth(0, limits.EXPECT_TIMEOUT, give_up=chat.hopeless):
        anya.expect(chat.says.prompt())
        return
    # No prompt: the first line is the name. Sent as join() sends it, alone in the chat,
    # so what this server answers a lone newcomer is learnt here as in every later check
    # (learnt from the second user, who may get more, it made every later check wait).
    chat.traits.setdefault("prompt", False)
    chat.introduce(anya)
    borya = chat.join("Боря", roll_call=True)
    if chat.relays():   # Боря's name reached Аня as a line like any other: no name was taken
        raise Failure(say("lenient.reading.relay.no_name", chat.scenario.lang))
    anya.say("Меня зовут Аня.", plain=True)
    borya.expect(chat.says.chat_line("Аня", "Меня зовут Аня."))


def tells_the_others_who_joined(chat):
    anya = chat.join("Аня")
    for name in ("Боря", "Вика", "Гоша"):
        newcomer = chat.join(name)
        if ("Аня", name) not in chat.late:
            break  # else the newcomer overtook Аня's registration on a busy machine: try again
    notice = chat.says.joined(newcomer.name)
    anya.expect(notice)
    # Lenient: the newcomer must not get the very text the others got (a welcome naming
    # them is something else).
    newcomer.refute(notice if isinstance(notice, str) else notice.found)


def relays_to_every_other_user(chat):
    anya, borya, vika = chat.join("Аня", "Боря", "Вика", roll_call=True)
    says = chat.says
    anya.say("Всем привет!")
    borya.expect(says.chat_line("Аня", "Всем привет!"))
    vika.expect(says.chat_line("Аня", "Всем привет!"))
    borya.say("Привет, Аня!")
    anya.expect(says.chat_line("Боря", "Привет, Аня!"))
    vika.expect(says.chat_line("Боря", "Привет, Аня!"))


def relays_to_ten_users(chat):
    users = chat.join(*NAMES, roll_call=True)
    for speaker, text in ((users[4], "Нас тут десять?"), (users[-1], "Похоже, да.")):
        speaker.say(text)
        for user in users:
            if user is not speaker:
                user.expect(chat.says.chat_line(speaker.name, text))


def does_not_echo_the_sender(chat):
    anya, borya = chat.join("Аня", "Боря", roll_call=True)
    anya.say("Меня слышно?")
    borya.expect(chat.says.chat_line("Аня", "Меня слышно?"))
    borya.say("Слышно!")              # a sentinel: once it arrives, an echo would have too
    anya.expect(chat.says.chat_line("Боря", "Слышно!"))
    anya.refute("Меня слышно?")


def tells_the_others_who_left(chat):
    anya, borya, vika = chat.join("Аня", "Боря", "Вика", roll_call=True)
    chat.leave(vika)
    notice = chat.says.left("Вика", chat.departed["Вика"])   # lenient: text naming her, after she left
    anya.expect(notice)
    borya.expect(notice)


def keeps_chatting_after_a_user_left(chat):
    anya, borya, vika = chat.join("Аня", "Боря", "Вика", roll_call=True)
    # The first to join leaves: a server that keeps her dead socket meets it first in every
    # broadcast, and there its second send fails (the first only earns a reset), so a
    # broadcast that stops at an error reaches nobody after her.
    chat.leave(anya, witness=borya)  # the notice itself is another check's business
    borya.say("Аня ушла?")
    vika.expect(chat.says.chat_line("Боря", "Аня ушла?"))
    vika.say("Ушла, но мы на связи.")
    borya.expect(chat.says.chat_line("Вика", "Ушла, но мы на связи."))
    if chat.transport == "udp":  # her socket is still open: a kept address would reach it
        anya.refute("Ушла, но мы на связи.")


def survives_a_vanished_user(chat):
    """UDP: a user closes its socket without "/quit" (the program crashed, the laptop slept).
    The server still sends to that address; Windows answers the server's next recvfrom() with
    ConnectionResetError (an ICMP "port unreachable"), and a server that does not catch it
    stops. Вика joins last, so Аня's message reaches Боря before it reaches her closed port,
    and the server's next recvfrom() is the one for Боря's answer."""
    anya, borya, vika = chat.join("Аня", "Боря", "Вика", roll_call=True)
    vika.vanish()
    chat.members.remove(vika)
    anya.say("Вика, ты здесь?")
    borya.expect(chat.says.chat_line("Аня", "Вика, ты здесь?"))
    borya.say("Кажется, её нет.")
    anya.expect(chat.says.chat_line("Боря", "Кажется, её нет."))
