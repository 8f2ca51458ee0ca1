"""The strict tier for UDP (--strict): datagrams the server did not expect, each one a
bug students really write."""
from chatkit.protocol import QUIT, chat_line, joined, left, welcome
from grader.engine import limits
from grader.checks import check
from grader.checks.strict import LONG_TEXT, short
from grader.messages import say
from grader.chat.transcript import Failure, target


@check("udp.server.unknown_sender")
def check_a_datagram_from_an_unknown_address_is_harmless(udp_chat):
    anya, borya = udp_chat.join("Аня", "Боря")
    ghost = udp_chat.user("Незнакомец")
    ghost.say(QUIT)                          # leaves before it ever joined
    stranger = udp_chat.user("Прохожий")
    stranger.say("Всем привет, я тут впервые")   # the first datagram of a new address: a name
    # The server handles datagrams in order: once this arrives, the two above were handled.
    anya.say("Кто это был?")
    borya.expect(chat_line("Аня", "Кто это был?"))
    borya.say("Не знаю.")
    anya.expect(chat_line("Боря", "Не знаю."))
    # Joining under that name is fine; passing it off as someone's message is not, and
    # nobody has left. One quiet window for all: anything stray would have come with the above.
    quiet = limits.QUIET_WINDOW
    for user in (anya, borya):
        for stray in (": Всем привет, я тут впервые", target(left(""))):
            user.refute(stray, quiet=quiet)
            quiet = 0


@check("udp.server.repeated_join")
def check_a_repeated_join_gets_a_number_and_a_known_address_speaks(udp_chat):
    anya, borya = udp_chat.join("Аня", "Боря")
    scenario = udp_chat.scenario
    second = udp_chat.user(say("strict.udp.second_address", scenario.lang))
    second.say("Аня")                        # the same name from a new address
    second.expect(welcome("Аня2"))
    borya.expect(joined("Аня2"))
    anya.say("Аня")                          # the same text from a known address: a message
    borya.expect(chat_line("Аня", "Аня"))
    second.expect(chat_line("Аня", "Аня"))
    borya.say("Привет обеим!")
    anya.expect(chat_line("Боря", "Привет обеим!"))
    second.expect(chat_line("Боря", "Привет обеим!"))


@check("udp.server.big_datagram")
def check_a_datagram_over_1024_bytes_is_relayed_whole(udp_chat):
    anya, borya = udp_chat.join("Аня", "Боря")
    scenario = udp_chat.scenario
    anya.say(LONG_TEXT)
    wanted = chat_line("Аня", LONG_TEXT)
    beginning = chat_line("Аня", LONG_TEXT[:40])
    # A datagram arrives whole or not at all: once its beginning is here without the
    # rest, the server cut it.
    cut = lambda: borya.got(beginning) and not borya.got(wanted)
    if not borya.stream.wait_for(wanted, limits.EXPECT_TIMEOUT, give_up=lambda: borya.hopeless() or cut()):
        borya.log("expect-missing", short(wanted))
        crashed = scenario.crashed()
        size = len(LONG_TEXT.encode())
        lang = scenario.lang
        why = (crashed.describe_exit(lang) if crashed else say("strict.udp.cut", lang) if cut() else
               say("strict.udp.not_this", lang, seconds=limits.EXPECT_TIMEOUT, size=borya.stream.size))
        raise Failure(say("strict.udp.missed", lang, size=size, why=why))
    borya.log("expect-ok", short(wanted))
