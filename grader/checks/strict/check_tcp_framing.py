"""The strict tier for TCP (--strict), framing: every message the server sends is exactly one
line, whatever segments the lines arrived in. Each check is a bug students really write.

The only fixed pauses are the test input itself: the gaps between the pieces of one
message sent in several segments.
"""
import socket

from chatkit import protocol
from chatkit.protocol import PROMPT, chat_line, encode_line, joined, left, welcome
from grader.engine import limits
from grader.checks import check
from grader.checks.strict import LONG_TEXT, short
from grader.checks.strict.tcp_tools import PIECE_PAUSE, expect_separate, first_mismatch
from grader.messages import say
from grader.chat.transcript import Failure


@check("tcp.server.exact_lines")
def check_every_server_message_is_exactly_one_line(tcp_chat):
    scenario = tcp_chat.scenario
    borya = tcp_chat.join("Боря")           # the usual handshake first: it teaches Chat this server
    expected = {borya: [PROMPT, welcome("Боря")]}

    def arrives(user, line):
        """Wait for `line` (line breaks ignored); stop the scenario at the first that never comes."""
        expected[user].append(line)
        if not user.stream.wait_for(line, limits.EXPECT_TIMEOUT, claim=False, give_up=user.hopeless):
            raise LookupError(user)

    anya = tcp_chat.user("Аня")
    expected[anya] = []
    try:
        arrives(anya, PROMPT)
        anya.send_bytes("  Аня  \n".encode(protocol.ENCODING))     # spaces around the name
        arrives(anya, welcome("Аня"))
        arrives(borya, joined("Аня"))
        anya.say("Привет, Боря!")
        arrives(borya, chat_line("Аня", "Привет, Боря!"))
        borya.say("Привет, Аня!")
        arrives(anya, chat_line("Боря", "Привет, Аня!"))
        tcp_chat.leave(borya)
        arrives(anya, left("Боря"))
        if not anya.raw.endswith(b"\n"):  # the last line's "\n" may still be on its way
            anya.stream.wait_growth(len(anya.raw), limits.NEXT_DATA_GRACE)
        stopped = None
    except LookupError as missing:
        stopped = missing.args[0]  # only this user's bytes tell what went wrong; the others were cut short
    crashed = scenario.crashed()
    for user, lines in expected.items():
        if stopped not in (None, user):
            continue
        mismatch = first_mismatch(bytes(user.raw), lines, scenario.lang)
        if mismatch:
            if crashed:
                mismatch += f" — {crashed.describe_exit(scenario.lang)}"
            raise Failure(f"{user.name}: {mismatch}")


@check("tcp.server.two_in_one")
def check_two_messages_in_one_segment_go_out_as_two(tcp_chat):
    anya, borya = tcp_chat.join("Аня", "Боря")
    anya.send_bytes(encode_line("Первое.") + encode_line("Второе."))      # one sendall: one segment
    borya.expect(chat_line("Аня", "Первое."))
    expect_separate(borya, "Аня", "Второе.")
    # The name and the first message in one segment, as a quick client may send them.
    vika = tcp_chat.user("Вика")
    vika.expect(PROMPT)
    vika.send_bytes(encode_line("Вика") + encode_line("Я с вами!"))
    vika.expect(welcome("Вика"))
    anya.expect(joined("Вика"))
    anya.expect(chat_line("Вика", "Я с вами!"))


@check("tcp.server.split_message")
def check_a_message_in_several_segments_goes_out_whole(tcp_chat):
    anya, borya = tcp_chat.join("Аня", "Боря")
    anya.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # each piece leaves at once
    text = "Разрезанное на части сообщение доходит целиком"
    data = encode_line(text)
    cuts = [1, len(data) // 2, len(data) - 1]      # inside the first letter, mid-line, before "\n"
    pieces = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)])]
    scenario = tcp_chat.scenario

    def cut_off(received):
        return Failure(say("strict.split.cut_off", scenario.lang, received=received, total=len(pieces)))

    for number, piece in enumerate(pieces, 1):
        label = say("strict.split.piece", scenario.lang, number=number, total=len(pieces))
        try:
            anya.send_bytes(piece, note=f"{label}: {piece.decode(protocol.ENCODING, 'backslashreplace')}")
        except Failure:
            raise cut_off(number - 1) from None
        if number < len(pieces):
            # The pause is the test: the pieces must reach the server as separate segments.
            # A server that relays each piece at once ends the pause early.
            borya.stream.wait_growth(borya.stream.size, PIECE_PAUSE)
        if anya.stream.ended:
            raise cut_off(number)
    borya.expect(chat_line("Аня", text))


@check("tcp.server.long_line")
def check_a_long_cyrillic_line_arrives_whole(tcp_chat):
    anya, borya = tcp_chat.join("Аня", "Боря")
    anya.send_bytes(encode_line(LONG_TEXT), note=short(LONG_TEXT))
    wanted = chat_line("Аня", LONG_TEXT)
    if borya.stream.wait_for(wanted, limits.EXPECT_TIMEOUT,
                             give_up=lambda: borya.hopeless() or anya.stream.ended):
        borya.log("expect-ok", short(wanted))
    else:
        borya.log("expect-missing", short(wanted))
        scenario = tcp_chat.scenario
        crashed = scenario.crashed()
        lang = scenario.lang
        why = (crashed.describe_exit(lang) if crashed else
               say("strict.long.closed", lang) if anya.stream.ended else
               say("strict.long.only", lang, seconds=limits.EXPECT_TIMEOUT, size=borya.stream.size))
        raise Failure(say("strict.long.missed", lang, size=len(LONG_TEXT.encode()), why=why))
    borya.say("Дошло целиком.")
    anya.expect(chat_line("Боря", "Дошло целиком."))
