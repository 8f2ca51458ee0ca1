"""The strict tier for TCP (--strict): the server and the client under conditions that
ordinary use rarely shows, each one a bug students really write.

Waits end at the event they wait for. The only fixed pauses are the ones that are the
test input itself: the gaps between the pieces of one message sent in several segments.
"""
import socket
import struct
import threading
import time

from chatkit import protocol
from chatkit.protocol import PROMPT, QUIT, chat_line, encode_line, joined, left, welcome
from grader import limits
from grader.checks import check
from grader.checks.strict import LONG_TEXT, short, tr
from grader.peers import Failure, Peer, StartFailure, show, target, wait_until
from grader.sandbox import Child, cpu_seconds
from grader.scenarios import Chat

PIECE_PAUSE = 0.2             # between the pieces of one message: long enough to be separate segments
STALL_LIMIT = 2.0             # the others' messages must keep arriving within this while one user is stuck
FLOOD_BYTES = 8 * 1024 ** 2   # more than the kernel buffers for one socket (Linux: tcp_wmem, 4 MiB)
FLOOD_ROUND = 512 * 1024      # each round of the flood must reach the other user within STALL_LIMIT
STALL_PROBE = 0.5             # a broadcast that delivers nothing at all for this long is stuck
RESET_FLOOD_BYTES = limits.STREAM_CAP - 512 * 1024   # the others' streams must still hold the notices after it
TINY_RCVBUF = 4096            # a non-reading user's receive buffer: the server's sends to it fill fast
CHURN_THREADS = 3             # threads that keep joining and leaving during the churn check
CHURN_ROUNDS = 60             # message round trips between the two steady users meanwhile
CHURN_MAX_VISITS = 400        # one churn thread never joins more often than this
CROWD = 50                    # users in the crowd check
EXIT_LIMIT = limits.EXPECT_TIMEOUT   # a client must have exited this long after its cue
SPIN_SHARE = 0.5              # a waiting process that used this share of a CPU is spinning...
SPIN_OUTPUT = 64 * 1024       # ...and so is one that printed this much with nothing to print


# --- helpers --------------------------------------------------------------------------

def handshake_by_hand(chat, name, rcvbuf=None):
    """A user with no reader thread: connect, read the prompt, send the name, read the welcome.

    After this nobody reads the socket any more, which is what a stuck user is.
    """
    scenario = chat.scenario
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)  # before connect: sets the window
    sock.settimeout(limits.READY_TIMEOUT)
    try:
        sock.connect(chat.address)
    except OSError as error:
        sock.close()
        raise Failure(tr(scenario, f"{name}: не удалось подключиться к серверу ({error.strerror or error})",
                         f"{name}: could not connect to the server ({error.strerror or error})"))
    user = Peer(name, sock, scenario, read=False)
    user.log("connect")
    chat.users.append(user)
    _read_until(user, PROMPT)
    user.send_bytes(encode_line(name))
    _read_until(user, welcome(name))
    return user


def _read_until(user, text):
    """Read the user's socket until `text` has arrived or EXPECT_TIMEOUT has passed."""
    deadline = time.monotonic() + limits.EXPECT_TIMEOUT
    while not user.got(text):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        user.sock.settimeout(remaining)
        try:
            data = user.sock.recv(65536)
        except OSError:  # a timeout included
            return False
        if not data:
            user.stream.end()
            return False
        user.log("recv", data.decode(protocol.ENCODING, "replace"))
        user.stream.feed(data)
    return True


def expect_separate(user, sender, text):
    """Expect chat_line(sender, text); fail at once if `text` came glued to an earlier message."""
    wanted = chat_line(sender, text)
    def glued():
        return target(text) in user.stream.text() and not user.got(wanted)

    if user.stream.wait_for(wanted, limits.EXPECT_TIMEOUT, claim=False,
                            give_up=lambda: user._give_up() or glued()) or not glued():
        user.expect(wanted, timeout=0)  # passes, or fails with the usual reason (a crash, a timeout)
        return
    user.log("expect-missing", wanted)
    raise Failure(tr(user.scenario,
                     f"{user.name}: «{text}» пришло приклеенным к предыдущему сообщению, без «{sender}: » "
                     f"в начале: сервер разослал две строки как одно сообщение",
                     f"{user.name}: \"{text}\" came glued to the previous message, without \"{sender}: \" "
                     f"in front: the server relayed two lines as one message"))


def ascii_lines(size):
    """About `size` bytes of ~4 KB chat lines, ASCII only.

    A server that relays whatever one recv() returns cuts these lines anywhere; with
    ASCII it never cuts a letter, so such a server fails the bulk checks for what they
    test (a stall, a reset), not for its framing, which other checks test.
    """
    line = encode_line("bulk " + "x" * 3990)
    return line * max(1, size // len(line))


def stalls(user, size):
    """Wait until `user` has received `size` bytes in all (False), or until nothing at all
    arrives for STALL_PROBE seconds (True): the server is stuck, not merely slow."""
    while user.stream.size < size:
        if not user.stream.wait_growth(user.stream.size, STALL_PROBE, give_up=user._give_up):
            return True
    return False


def mib(size):
    return f"{size / 2 ** 20:.1f}"


def reset(user):
    """Vanish abruptly: SO_LINGER 0 makes close() send RST instead of an orderly FIN."""
    user.log("note", tr(user.scenario, "обрывает соединение (RST)", "resets the connection (RST)"))
    user.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    user.sock.close()


def first_mismatch(received, lines):
    """Where the bytes a user received stop being exactly `lines`, each ending in "\\n".

    Returns None when they match, else (ru, en) sentences naming the first difference.
    """
    text = received.decode(protocol.ENCODING, "replace")
    position = 0
    for line in lines:
        whole = line + protocol.NEWLINE
        if text.startswith(whole, position):
            position += len(whole)
            continue
        if text.startswith(line, position):
            after = text[position + len(line):position + len(line) + 10]
            got_ru, got_en = (f"«{show(after)}»", f'"{show(after)}"') if after else ("ничего", "nothing")
            return (f"после «{show(line)}» должен идти перевод строки «⏎» (\\n), а пришло {got_ru}",
                    f'"{show(line)}" must be followed by a line break "⏎" (\\n), but {got_en} came')
        rest = text[position:position + len(whole) + 20]
        got_ru, got_en = (f"«{show(rest)}»", f'"{show(rest)}"') if rest else ("ничего", "nothing")
        return (f"ожидалась строка «{show(whole)}», а пришло {got_ru}",
                f'expected the line "{show(whole)}", got {got_en}')
    if position < len(text):
        extra = show(text[position:position + 60])
        return (f"после последней строки пришло лишнее: «{extra}»",
                f'something extra came after the last line: "{extra}"')
    return None


def wait_exit_or_explain(run, cpu_before, output_before, cue, after, waiting):
    """Wait until EXIT_LIMIT after the cue for the client's process to end; if it does not,
    fail saying whether it spins or waits.

    `after` completes "did not exit ... after" and `waiting` says what most likely keeps it
    alive; both are (ru, en) pairs.
    """
    client = run.client
    scenario = client.scenario
    if client.wait_exit(max(0.0, cue + EXIT_LIMIT - time.monotonic())):
        scenario.log(run.output.name, "note", tr(scenario, "клиент завершился", "the client exited"))
        return
    waited = time.monotonic() - cue
    used = (cpu_seconds(client.proc.pid) or 0.0) - cpu_before
    ru = f"клиент не завершился за {EXIT_LIMIT:g} с после того, как {after[0]}"
    en = f"the client did not exit within {EXIT_LIMIT:g} s after {after[1]}"
    printed = run.output.stream.size - output_before
    if used > SPIN_SHARE * waited or printed > SPIN_OUTPUT:
        raise Failure(tr(scenario,
                         f"{ru}: какой-то цикл крутится вхолостую (за {waited:.1f} с — {used:.1f} с работы "
                         f"процессора и {printed} байт вывода; например, печатает пустые строки после "
                         f"recv() == b\"\")",
                         f"{en}: some loop spins ({used:.1f} s of CPU and {printed} bytes of output in "
                         f"{waited:.1f} s; printing empty lines after recv() == b\"\", say)"))
    raise Failure(tr(scenario, f"{ru}: {waiting[0]}", f"{en}: {waiting[1]}"))


# --- the server -----------------------------------------------------------------------

@check("tcp.server.exact_lines")
def check_every_server_message_is_exactly_one_line(tcp_chat):
    scenario = tcp_chat.scenario
    borya = tcp_chat.join("Боря")           # the usual handshake first: it teaches Chat this server
    expected = {borya: [PROMPT, welcome("Боря")]}

    def arrives(user, line):
        """Wait for `line` (line breaks ignored); stop the scenario at the first that never comes."""
        expected[user].append(line)
        if not user.stream.wait_for(line, limits.EXPECT_TIMEOUT, claim=False, give_up=user._give_up):
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
        mismatch = first_mismatch(bytes(user.raw), lines)
        if mismatch:
            ru, en = mismatch
            if crashed:
                ru, en = f"{ru} — {crashed.describe_exit('ru')}", f"{en} — {crashed.describe_exit('en')}"
            raise Failure(tr(scenario, f"{user.name}: {ru}", f"{user.name}: {en}"))


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
        return Failure(tr(scenario,
                          f"сервер закрыл соединение с Аней, получив только {received} из {len(pieces)} частей "
                          f"сообщения (первая часть — половина буквы «Р»)",
                          f"the server closed Аня's connection after only {received} of {len(pieces)} pieces "
                          f"of a message (the first piece is half of the letter «Р»)"))

    for number, piece in enumerate(pieces, 1):
        label = tr(scenario, f"часть {number} из {len(pieces)}", f"piece {number} of {len(pieces)}")
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
                             give_up=lambda: borya._give_up() or anya.stream.ended):
        borya.log("expect-ok", short(wanted))
    else:
        borya.log("expect-missing", short(wanted))
        scenario = tcp_chat.scenario
        crashed = scenario.crashed()
        why = (crashed.describe_exit(scenario.lang) if crashed else
               tr(scenario, "сервер закрыл соединение с Аней", "the server closed Аня's connection")
               if anya.stream.ended else
               tr(scenario, f"за {limits.EXPECT_TIMEOUT:g} с пришло только {borya.stream.size} байт",
                  f"only {borya.stream.size} bytes arrived within {limits.EXPECT_TIMEOUT:g} s"))
        raise Failure(tr(scenario,
                         f"Боря не получил целиком строку Ани в {len(LONG_TEXT.encode())} байт: {why}",
                         f"Боря did not get Аня's {len(LONG_TEXT.encode())}-byte line whole: {why}"))
    borya.say("Дошло целиком.")
    anya.expect(chat_line("Боря", "Дошло целиком."))


@check("tcp.server.stuck_reader")
def check_a_user_who_never_reads_does_not_stop_the_others(tcp_chat):
    anya = tcp_chat.join("Аня")
    stuck = handshake_by_hand(tcp_chat, "Молчун", rcvbuf=TINY_RCVBUF)
    stuck.log("note", tr(stuck.scenario, "больше ничего не читает", "never reads again"))
    anya.stream.wait_for(joined("Молчун"), limits.EXPECT_TIMEOUT, claim=False)
    borya = tcp_chat.join("Боря")
    scenario = tcp_chat.scenario
    bulk = ascii_lines(FLOOD_ROUND)
    # Progress is measured in bytes, not by waiting for a sentinel line, so that a server
    # which relays whatever one recv() returns fails here for the stall alone: everything
    # Аня sends reaches Боря with a prefix added, so Боря must get at least as many bytes.
    start = borya.stream.size
    sent = 0
    for _ in range(FLOOD_BYTES // len(bulk)):
        try:
            anya.sock.sendall(bulk)
        except OSError:
            raise Failure(tr(scenario,
                             f"сервер перестал читать то, что пишет Аня, после {mib(sent)} МБ: пока Молчун "
                             f"не читает, переписка остальных стоит",
                             f"the server stopped reading what Аня writes after {mib(sent)} MB: while "
                             f"Молчун is not reading, the others' conversation stands still")) from None
        sent += len(bulk)
        anya.log("send", tr(scenario, f"{len(bulk) // 1024} КБ сообщений, всего {mib(sent)} МБ",
                            f"{len(bulk) // 1024} KB of messages, {mib(sent)} MB in all"))
        began = time.monotonic()
        if not borya.stream.wait_growth(start + sent - 1, STALL_LIMIT, give_up=borya._give_up):
            got = borya.stream.size - start
            borya.log("expect-missing", tr(scenario, f"{mib(sent)} МБ, пришло {mib(got)} МБ",
                                           f"{mib(sent)} MB, {mib(got)} MB arrived"))
            crashed = scenario.crashed()
            if crashed:
                raise Failure(tr(scenario, f"сервер упал, пока Молчун не читал: {crashed.describe_exit('ru')}",
                                 f"the server died while Молчун was not reading: {crashed.describe_exit('en')}"))
            if borya.stream.ended:
                raise Failure(tr(scenario, "сервер отключил Борю, а не Молчуна, который не читает",
                                 "the server disconnected Боря, not Молчун who does not read"))
            raise Failure(tr(scenario,
                             f"Аня отправила {mib(sent)} МБ, а Боря за {STALL_LIMIT:g} с получил только "
                             f"{mib(got)} МБ: пока Молчун не читает, переписка остальных стоит",
                             f"Аня sent {mib(sent)} MB, but within {STALL_LIMIT:g} s Боря got only "
                             f"{mib(got)} MB: while Молчун is not reading, the others' conversation "
                             f"stands still"))
        borya.log("expect-ok", tr(scenario, f"всё отправленное, {mib(sent)} МБ ({time.monotonic() - began:.2f} с)",
                                  f"everything sent, {mib(sent)} MB ({time.monotonic() - began:.2f} s)"))


@check("tcp.server.abrupt_disconnect")
def check_a_reset_during_a_broadcast_is_survived_and_announced(tcp_chat):
    anya, borya = tcp_chat.join("Аня", "Боря")
    scenario = tcp_chat.scenario
    # First a reset in a quiet chat: the server's reader for Гоша gets ConnectionResetError
    # from recv(), not the b"" of a polite goodbye.
    gosha = handshake_by_hand(tcp_chat, "Гоша")
    anya.stream.wait_for(joined("Гоша"), limits.EXPECT_TIMEOUT, claim=False)
    reset(gosha)
    anya.expect(left("Гоша"))
    borya.expect(left("Гоша"))
    vika = handshake_by_hand(tcp_chat, "Вика", rcvbuf=TINY_RCVBUF)      # never reads
    anya.stream.wait_for(joined("Вика"), limits.EXPECT_TIMEOUT, claim=False)
    # Then a reset in the middle of a send: Аня writes until the broadcast is stuck on Вика
    # (Боря stops getting it: the server waits in a send to her) or RESET_FLOOD_BYTES went
    # through. Which of the server's threads meets the reset first (the sender or Вика's
    # reader) is still up to the scheduler, so a bug on the sender's side only (the lecture
    # example's delete-while-iterating) is caught in most runs, not all.
    bulk = ascii_lines(FLOOD_ROUND)
    start, sent = borya.stream.size, 0
    while sent + len(bulk) <= RESET_FLOOD_BYTES:
        try:
            anya.sock.sendall(bulk)
        except OSError:
            break  # the server dropped Аня: the expectations below say so
        sent += len(bulk)
        if stalls(borya, start + sent):
            break
    anya.log("send", tr(scenario, f"{mib(sent)} МБ сообщений", f"{mib(sent)} MB of messages"))
    reset(vika)
    try:
        anya.say("Вика, ты тут?")            # the next broadcast meets the reset connection
    except Failure:
        pass  # the server dropped Аня too: the expectations below say so
    borya.expect(left("Вика"))
    anya.expect(left("Вика"))
    borya.say("Вика пропала?")
    anya.expect(chat_line("Боря", "Вика пропала?"))


@check("tcp.server.churn")
def check_users_coming_and_going_lose_no_message(tcp_chat):
    anya, borya = tcp_chat.join("Аня", "Боря")
    scenario = tcp_chat.scenario
    crowd = tr(scenario, "прохожие", "passers-by")
    done = threading.Event()
    visits = []
    problems = []

    def come_and_go(number):
        """Join, get the welcome, leave (every other time abruptly); again and again."""
        for visit in range(CHURN_MAX_VISITS):
            if done.is_set():
                return
            name = f"Прохожий{number}-{visit}"
            try:
                with socket.create_connection(tcp_chat.address, timeout=limits.EXPECT_TIMEOUT) as sock:
                    received = b""
                    sock.sendall(encode_line(name))
                    while welcome(name).encode(protocol.ENCODING) not in received:
                        chunk = sock.recv(65536)
                        if not chunk:
                            break
                        received += chunk
                    if visit % 2:
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError as error:
                problems.append(f"{name}: {error}")
                return
            visits.append(name)

    threads = [threading.Thread(target=come_and_go, args=(n,), name=f"churn-{n}", daemon=True)
               for n in range(CHURN_THREADS)]
    for thread in threads:
        thread.start()
    scenario.log(crowd, "note", tr(scenario, f"{CHURN_THREADS} потока входят и выходят без перерыва",
                                   f"{CHURN_THREADS} threads join and leave nonstop"))
    try:
        for number in range(CHURN_ROUNDS):
            anya.say(f"Раз {number:02d}")
            borya.expect(chat_line("Аня", f"Раз {number:02d}"))
            borya.say(f"Два {number:02d}")
            anya.expect(chat_line("Боря", f"Два {number:02d}"))
    finally:
        done.set()
        for thread in threads:
            thread.join(limits.EXPECT_TIMEOUT + 1)
        scenario.log(crowd, "note", tr(scenario, f"вошли и вышли {len(visits)} раз", f"came and went {len(visits)} times")
                     + (f"; {problems[0]}" if problems else ""))


@check("tcp.server.fifty_users")
def check_fifty_users_get_every_message_exactly_once(tcp_chat):
    names = [f"Ученик{n:02d}" for n in range(1, CROWD + 1)]
    # Chat.join settles pair by pair (a second per pair where notices go missing): far over
    # the check's time limit for 50 users on a server that loses notices. Settle once instead:
    # when everyone has the last newcomer's notice, everyone before was registered.
    users = tcp_chat.join(*names, settle=False)
    scenario = tcp_chat.scenario
    last = joined(users[-1].name)
    wait_until(lambda: all(user.got(last) for user in users[:-1]), limits.EXPECT_TIMEOUT,
               give_up=users[0]._give_up)
    for user in users:                       # everyone speaks at once
        user.say(f"Я {user.name}")
    for user in users:
        missing = []
        for other in users:
            if other is not user and not user.stream.wait_for(
                    chat_line(other.name, f"Я {other.name}"), limits.EXPECT_TIMEOUT if not missing else 0,
                    give_up=user._give_up):
                missing.append(other.name)
        if missing:
            user.log("expect-missing", chat_line(missing[0], f"Я {missing[0]}"))
            crashed = scenario.crashed()
            raise Failure(tr(scenario,
                             f"{user.name} не получил {len(missing)} из {CROWD - 1} сообщений: от "
                             f"{', '.join(missing[:5])}{' и других' if len(missing) > 5 else ''}"
                             + (f" — {crashed.describe_exit('ru')}" if crashed else ""),
                             f"{user.name} missed {len(missing)} of {CROWD - 1} messages: from "
                             f"{', '.join(missing[:5])}{' and others' if len(missing) > 5 else ''}"
                             + (f" — {crashed.describe_exit('en')}" if crashed else "")))
        user.log("expect-ok", tr(scenario, f"все {CROWD - 1} сообщений", f"all {CROWD - 1} messages"))
    # A sentinel after everything: a duplicate sent before it has arrived by now.
    users[0].say("Все на месте?")
    for user in users[1:]:
        user.expect(chat_line(users[0].name, "Все на месте?"))
    for user in users:
        for other in users:
            copies = user.stream.count(chat_line(other.name, f"Я {other.name}"))
            if other is not user and copies > 1:
                user.log("refute-arrived", chat_line(other.name, f"Я {other.name}"))
                raise Failure(tr(scenario, f"{user.name} получил сообщение «Я {other.name}» больше одного раза "
                                           f"({copies})",
                                 f"{user.name} got the message \"Я {other.name}\" {copies} times"))


@check("tcp.server.restart")
def check_the_server_restarts_on_the_same_port_at_once(tcp_chat, grading):
    scenario = tcp_chat.scenario
    anya, borya = tcp_chat.join("Аня", "Боря")
    anya.say("Сейчас сервер перезапустят.")
    borya.expect(chat_line("Аня", "Сейчас сервер перезапустят."))
    old = tcp_chat.process
    old.stop()
    scenario.processes.remove(old)  # stopped on purpose: not a crash
    scenario.log(old.label(), "note", tr(scenario, "остановлен (kill)", "stopped (kill)"))
    for user in (anya, borya):
        # The server's side closed first; once our side closes too, the port is in TIME_WAIT.
        user.stream.wait_growth(user.stream.size, limits.EXPECT_TIMEOUT)
        user.close()
    port = tcp_chat.address[1]
    new = Child(scenario, grading.folder, grading.roles.file("tcp_server.py"), port, transport="tcp")
    try:
        new.wait_ready("tcp")
    except StartFailure as failure:  # not a start failure of the module: the other checks still run
        raise Failure(tr(scenario,
                         f"сервер не смог сразу снова занять порт {port} после остановки: {failure.reason}",
                         f"the server could not take port {port} again right after it was stopped: {failure.reason}"))
    again = Chat(scenario, tcp_chat.address, "tcp", new)
    vika = again.join("Вика")
    vika.expect(welcome("Вика"))


# --- the client -----------------------------------------------------------------------

@check("tcp.client.exits_at_eof")
def check_client_exits_at_the_end_of_input(tcp_client):
    server = tcp_client.handshake("Аня")
    client = tcp_client.client
    before, printed = cpu_seconds(client.proc.pid) or 0.0, tcp_client.output.stream.size
    client.end_input()
    cue = time.monotonic()
    # A real server closes the connection after "/quit" or the end of the client's stream.
    told = server.stream.wait_for(QUIT, EXIT_LIMIT, claim=False, give_up=client.exited) or server.stream.ended
    if told:
        server.close()
        waiting = ("сервер уже закрыл соединение, но какой-то поток (не daemon) всё ещё ждёт",
                   "the server has closed the connection, yet some thread (not a daemon) still waits")
    else:
        waiting = ("он не отправил «/quit» и не закрыл соединение, так что поток приёма, похоже, "
                   "так и ждёт recv()",
                   "it neither sent \"/quit\" nor closed the connection, so its receiving thread "
                   "probably still waits in recv()")
    wait_exit_or_explain(tcp_client, before, printed, cue, ("ввод закончился (Ctrl+D)", "the input ended (Ctrl-D)"), waiting)


@check("tcp.client.exits_when_server_closes")
def check_client_exits_when_the_server_closes(tcp_client):
    server = tcp_client.handshake("Аня")
    server.say(chat_line("Боря", "Сервер сейчас закроется."))
    tcp_client.output.expect(chat_line("Боря", "Сервер сейчас закроется."))
    before, printed = cpu_seconds(tcp_client.client.proc.pid) or 0.0, tcp_client.output.stream.size
    cue = time.monotonic()
    server.close()
    wait_exit_or_explain(tcp_client, before, printed, cue,
                         ("сервер закрыл соединение", "the server closed the connection"),
                         ("похоже, поток ввода (не daemon) так и ждёт input()",
                          "the input thread (not a daemon) probably still waits in input()"))
