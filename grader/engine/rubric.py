"""The rubric: every check, its points and the line a student reads, defined once.

The grader scores from this table, assignment.md's rubric section is generated from it
(`python -m grader rubric`), and the tests assert the two agree. TCP sums to 100,
UDP to 80; a submission's score is the better of the two tracks. The strict tier
(--strict) is scored separately and never changes the default score.
"""
from dataclasses import dataclass

from grader.messages import say

TRACK_MAX = {"tcp": 100, "udp": 80}
TRACKS = ("tcp", "udp")
TIERS = ("default", "strict")   # both tiers sum to TRACK_MAX per track; strict is scored apart
ROLES = ("server", "client")
MODULES = {  # (track, role) -> the file a submission holds
    ("tcp", "server"): "tcp_server.py",
    ("tcp", "client"): "tcp_client.py",
    ("udp", "server"): "udp_server.py",
    ("udp", "client"): "udp_client.py",
}


@dataclass(frozen=True)
class Check:
    id: str
    points: int
    ru: str
    en: str
    hint_ru: str = ""
    hint_en: str = ""
    tier: str = "default"

    @property
    def track(self):
        return self.id.split(".")[0]

    @property
    def role(self):
        return self.id.split(".")[1]

    @property
    def module(self):
        return MODULES[(self.track, self.role)]

    def text(self, lang):
        return self.ru if lang == "ru" else self.en

    def hint(self, lang):
        return self.hint_ru if lang == "ru" else self.hint_en


CHECKS = (
    # --- TCP server: 72 ---
    Check("tcp.server.static", 10,
          "сервер написан на socket (SOCK_STREAM) и threading, поток на каждого клиента",
          "the server uses socket (SOCK_STREAM) and threading, one thread per client",
          "задание требует socket и threading: создайте threading.Thread для каждого accept()",
          "the assignment requires socket and threading: start a threading.Thread for each accept()"),
    Check("tcp.server.prompt", 5,
          "сервер просит ввести имя",
          "the server asks for a name",
          "сразу после accept() отправьте клиенту «Введите ваше имя: »",
          "right after accept() send the client \"Введите ваше имя: \""),
    Check("tcp.server.welcome", 5,
          "сервер приветствует нового пользователя по имени",
          "the server welcomes a new user by name",
          "ответьте на имя строкой «Добро пожаловать, {имя}!» слово в слово",
          "answer the name with \"Добро пожаловать, {name}!\" word for word"),
    Check("tcp.server.concurrent", 8,
          "пользователь, который подключился, но ещё не ввёл имя, не мешает остальным",
          "a user who connected but has not typed a name does not block the others",
          "обрабатывайте каждого клиента в своём потоке: accept() -> threading.Thread(...).start()",
          "handle each client in its own thread: accept() -> threading.Thread(...).start()"),
    Check("tcp.server.join_notice", 8,
          "о входе нового пользователя узнают остальные, но не он сам",
          "the others learn that a user joined, the user does not",
          "разошлите «{имя} присоединился к чату.» всем, кроме вошедшего",
          "send \"{name} присоединился к чату.\" to everyone but the newcomer"),
    Check("tcp.server.broadcast_3", 10,
          "сообщение доходит до всех остальных (3 пользователя)",
          "a message reaches every other user (3 users)",
          "рассылайте «{имя}: {текст}» каждому сохранённому клиенту, кроме отправителя",
          "send \"{name}: {text}\" to every stored client except the sender"),
    Check("tcp.server.broadcast_10", 8,
          "сообщение доходит до всех остальных (10 пользователей)",
          "a message reaches every other user (10 users)",
          "не теряются ли клиенты при сохранении? не прерывается ли рассылка на первом получателе?",
          "are clients lost when stored? does the broadcast stop after the first recipient?"),
    Check("tcp.server.no_echo", 6,
          "отправитель не получает собственное сообщение",
          "the sender does not get its own message back",
          "не забыли исключить отправителя из рассылки?",
          "did you forget to skip the sender in the broadcast?"),
    Check("tcp.server.leave_notice", 6,
          "когда пользователь уходит, остальные получают «{имя} покинул чат.»",
          "when a user leaves, the others get \"{name} покинул чат.\"",
          "recv() вернул b\"\"? это значит, что клиент ушёл: сообщите остальным",
          "recv() returned b\"\"? the client has left: tell the others"),
    Check("tcp.server.after_leave", 6,
          "после ухода одного пользователя остальные продолжают общаться в обе стороны",
          "after one user leaves, the others keep chatting both ways",
          "удалите ушедшего из списка клиентов ровно один раз и не меняйте словарь во время обхода",
          "remove the departed user exactly once, and never change the dict while iterating over it"),
    # --- TCP client: 28 ---
    Check("tcp.client.static", 6,
          "клиент написан на socket (SOCK_STREAM) и принимает сообщения в отдельном потоке",
          "the client uses socket (SOCK_STREAM) and receives in a separate thread",
          "запустите приём сообщений в threading.Thread, а ввод оставьте в другом потоке",
          "receive in a threading.Thread and read input in another thread"),
    Check("tcp.client.shows", 7,
          "клиент показывает то, что присылает сервер",
          "the client shows what the server sends",
          "печатайте print() всё, что пришло от сервера",
          "print() everything the server sends"),
    Check("tcp.client.sends", 8,
          "клиент отправляет каждую введённую строку",
          "the client sends every line the user types",
          "читайте строки через input() в цикле и отправляйте каждую через sendall()",
          "read lines with input() in a loop and sendall() each one"),
    Check("tcp.client.receives_idle", 7,
          "клиент печатает сообщение, пришедшее, пока пользователь ничего не вводит",
          "the client prints a message that arrives while the user is not typing",
          "приём должен идти в отдельном потоке, а не после input()",
          "receive in a separate thread, not after input()"),
    # --- UDP server: 53 ---
    Check("udp.server.static", 8,
          "сервер написан на socket (SOCK_DGRAM)",
          "the server uses socket (SOCK_DGRAM)",
          "создайте сокет socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
          "create the socket with socket.socket(socket.AF_INET, socket.SOCK_DGRAM)"),
    Check("udp.server.welcome", 5,
          "сервер приветствует нового пользователя по имени",
          "the server welcomes a new user by name",
          "первая датаграмма с нового адреса — это имя: ответьте «Добро пожаловать, {имя}!»",
          "the first datagram from a new address is the name: answer \"Добро пожаловать, {name}!\""),
    Check("udp.server.join_notice", 7,
          "о входе нового пользователя узнают остальные, но не он сам",
          "the others learn that a user joined, the user does not",
          "разошлите «{имя} присоединился к чату.» всем известным адресам, кроме нового",
          "send \"{name} присоединился к чату.\" to every known address but the new one"),
    Check("udp.server.broadcast_3", 9,
          "сообщение доходит до всех остальных (3 пользователя)",
          "a message reaches every other user (3 users)",
          "рассылайте «{имя}: {текст}» всем сохранённым адресам, кроме отправителя",
          "send \"{name}: {text}\" to every stored address except the sender"),
    Check("udp.server.broadcast_10", 7,
          "сообщение доходит до всех остальных (10 пользователей)",
          "a message reaches every other user (10 users)",
          "храните адреса в словаре адрес -> имя и обходите его целиком",
          "keep an address -> name dict and send to all of it"),
    Check("udp.server.no_echo", 5,
          "отправитель не получает собственное сообщение",
          "the sender does not get its own message back",
          "не забыли исключить адрес отправителя из рассылки?",
          "did you forget to skip the sender's address?"),
    Check("udp.server.leave_notice", 6,
          "после «/quit» остальные получают «{имя} покинул чат.»",
          "after \"/quit\" the others get \"{name} покинул чат.\"",
          "датаграмма «/quit» — это выход: удалите адрес и сообщите остальным",
          "the datagram \"/quit\" means leaving: forget the address and tell the others"),
    Check("udp.server.after_leave", 6,
          "после ухода одного пользователя остальные продолжают общаться, а ушедший больше ничего не получает",
          "after one user leaves, the others keep chatting and the departed user gets nothing more",
          "удалите адрес ушедшего из словаря, иначе ему продолжат приходить сообщения",
          "remove the departed address from the dict, or it keeps getting messages"),
    # --- UDP client: 27 ---
    Check("udp.client.static", 6,
          "клиент написан на socket (SOCK_DGRAM) и принимает сообщения в отдельном потоке",
          "the client uses socket (SOCK_DGRAM) and receives in a separate thread",
          "задание требует threading для приёма у клиента: запустите приём в threading.Thread",
          "the assignment requires a receiving threading.Thread in the client"),
    Check("udp.client.shows", 7,
          "клиент спрашивает имя, отправляет его и показывает ответ сервера",
          "the client asks for a name, sends it and shows the server's answer",
          "input(\"Введите ваше имя: \"), затем sendto() имени и print() ответа",
          "input(\"Введите ваше имя: \"), then sendto() the name and print() the answer"),
    Check("udp.client.sends", 7,
          "клиент отправляет каждую введённую строку отдельной датаграммой",
          "the client sends every typed line as a datagram",
          "читайте строки через input() в цикле и отправляйте каждую через sendto()",
          "read lines with input() in a loop and sendto() each one"),
    Check("udp.client.receives_idle", 7,
          "клиент печатает сообщение, пришедшее, пока пользователь ничего не вводит",
          "the client prints a message that arrives while the user is not typing",
          "приём должен идти в отдельном потоке, а не после input()",
          "receive in a separate thread, not after input()"),

    # === The strict tier (--strict): robustness beyond the assignment, scored apart ===
    # --- TCP server: 84 ---
    Check("tcp.server.exact_lines", 10,
          "каждое сообщение сервера — ровно одна строка с «\\n» в конце, а имя очищено от пробелов",
          "every server message is exactly one line ending in \"\\n\", and the name is stripped",
          "отправляйте encode_line(текст): он добавляет «\\n»; имя очищайте через clean_name() или strip()",
          "send encode_line(text), which adds the \"\\n\"; clean the name with clean_name() or strip()",
          tier="strict"),
    Check("tcp.server.two_in_one", 8,
          "два сообщения, пришедшие одним TCP-сегментом, расходятся как два сообщения",
          "two messages that arrive in one TCP segment go out as two messages",
          "один recv() может вернуть несколько строк сразу: копите байты и делите их по «\\n» "
          "(или читайте строки через makefile(\"rb\"))",
          "one recv() may return several lines at once: collect the bytes and split them at \"\\n\" "
          "(or read lines with makefile(\"rb\"))",
          tier="strict"),
    Check("tcp.server.split_message", 8,
          "сообщение, пришедшее по частям в нескольких сегментах, расходится целиком",
          "a message that arrives in pieces, over several segments, goes out whole",
          "один recv() может вернуть пол-строки (и даже пол-буквы): копите байты до «\\n» и только "
          "потом декодируйте и рассылайте",
          "one recv() may return half a line (even half a letter): collect the bytes up to \"\\n\", "
          "then decode and send",
          tier="strict"),
    Check("tcp.server.long_line", 10,
          "строка в 3000 байт кириллицей доходит целиком, даже когда буква попадает на границу 1024 байт",
          "a 3,000-byte Cyrillic line arrives whole, even with a letter across the 1,024-byte boundary",
          "recv(1024) режет строку и может разрезать букву пополам, тогда decode() падает: читайте до "
          "«\\n» и декодируйте только целую строку",
          "recv(1024) cuts the line and may cut a letter in half, and then decode() fails: read up to "
          "\"\\n\" and decode only whole lines",
          tier="strict"),
    Check("tcp.server.stuck_reader", 12,
          "пользователь, который ничего не читает, не останавливает переписку остальных",
          "a user who never reads does not stop the others' conversation",
          "sendall() тому, кто не читает, ждёт бесконечно, и вместе с ним ждёт отправитель (и все, если "
          "блокировка занята): дайте каждому получателю свою очередь и поток записи, а того, кто "
          "безнадёжно отстал, отключайте",
          "sendall() to a user who never reads waits forever, and so does the sender (and everyone, "
          "if it holds the lock): give each recipient a queue and a writer thread of its own, and "
          "disconnect a user who falls hopelessly behind",
          tier="strict"),
    Check("tcp.server.abrupt_disconnect", 10,
          "обрыв соединения (RST) во время рассылки не роняет сервер, а остальные узнают об уходе",
          "a connection reset (RST) during a broadcast does not bring the server down, and the others hear the user left",
          "send() и recv() бросают ConnectionResetError или BrokenPipeError: ловите OSError, удаляйте "
          "пользователя ровно один раз (clients.pop(sock, None)) и сообщайте остальным, что он ушёл",
          "send() and recv() raise ConnectionResetError or BrokenPipeError: catch OSError, remove the "
          "user exactly once (clients.pop(sock, None)) and tell the others the user left",
          tier="strict"),
    Check("tcp.server.churn", 10,
          "пока идёт переписка, пользователи входят и выходят: ни одно сообщение не теряется, сервер не падает",
          "users come and go while messages flow: no message is lost and the server stays up",
          "словарь клиентов меняйте и обходите только под блокировкой (или обходите копию list(clients)), "
          "иначе «RuntimeError: dictionary changed size during iteration»",
          "change and walk the clients dict only under the lock (or walk a copy, list(clients)), "
          "or you get \"RuntimeError: dictionary changed size during iteration\"",
          tier="strict"),
    Check("tcp.server.fifty_users", 10,
          "50 пользователей одновременно: каждое сообщение доходит до каждого ровно один раз",
          "50 users at once: every message reaches everyone exactly once",
          "поток на каждого клиента, общий словарь под блокировкой, listen() с длинной очередью "
          "(например, listen(128)) и рассылка каждому ровно один раз",
          "a thread per client, the shared dict under a lock, listen() with a long queue "
          "(say listen(128)) and one delivery per user",
          tier="strict"),
    Check("tcp.server.restart", 6,
          "остановленный сервер можно сразу запустить снова на том же порту",
          "a stopped server can be started again on the same port right away",
          "перед bind() включите server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1): без него "
          "порт остаётся занятым ещё около минуты (TIME_WAIT)",
          "call server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) before bind(): without it "
          "the port stays taken for about a minute (TIME_WAIT)",
          tier="strict"),
    # --- TCP client: 16 ---
    Check("tcp.client.exits_at_eof", 8,
          "клиент завершается, когда ввод закончился (Ctrl+D), и не крутится вхолостую",
          "the client exits at the end of input (Ctrl-D), without spinning",
          "input() бросает EOFError в конце ввода: отправьте «/quit» (или shutdown(SHUT_WR)), дочитайте "
          "ответ сервера и завершите оба потока",
          "input() raises EOFError at the end of input: send \"/quit\" (or shutdown(SHUT_WR)), read "
          "what the server still sends and end both threads",
          tier="strict"),
    Check("tcp.client.exits_when_server_closes", 8,
          "клиент завершается, когда сервер закрыл соединение, и не крутится вхолостую",
          "the client exits when the server closes the connection, without spinning",
          "recv() вернул b\"\" — сервер закрыл соединение: программа должна закончиться, даже если другой "
          "поток ещё ждёт input(). Сделайте оба потока daemon=True, а main() пусть ждёт "
          "threading.Event, который выставит любой из них",
          "recv() returned b\"\": the server closed the connection, and the program must end even while "
          "another thread waits in input(). Make both threads daemon=True and let main() wait for a "
          "threading.Event that either of them sets",
          tier="strict"),
    # --- UDP server: 80 ---
    Check("udp.server.unknown_sender", 25,
          "датаграмма с незнакомого адреса (даже «/quit» до входа) не роняет сервер и не выдаётся за чужое сообщение",
          "a datagram from an unknown address (even \"/quit\" before joining) neither crashes the server "
          "nor passes for someone else's message",
          "прежде чем брать имя из словаря, проверьте, что адрес там есть: первая датаграмма с нового "
          "адреса — это имя; clients.get(addr) и clients.pop(addr, None) не бросают KeyError",
          "check that the address is in the dict before taking its name: the first datagram from a new "
          "address is a name; clients.get(addr) and clients.pop(addr, None) never raise KeyError",
          tier="strict"),
    Check("udp.server.repeated_join", 25,
          "повторный вход: то же имя с нового адреса получает номер («Аня2»), а с того же адреса это обычное сообщение",
          "a repeated join: the same name from a new address gets a number (\"Аня2\"); from the same "
          "address it is an ordinary message",
          "храните словарь адрес -> имя (а не имя -> адрес) и выдавайте имя через "
          "clean_name(text, set(clients.values()))",
          "keep an address -> name dict (not name -> address) and give out names with "
          "clean_name(text, set(clients.values()))",
          tier="strict"),
    Check("udp.server.big_datagram", 30,
          "датаграмма больше 1024 байт (3000 байт кириллицей) доходит целиком",
          "a datagram over 1,024 bytes (3,000 bytes of Cyrillic) is relayed whole",
          "recvfrom(1024) обрезает датаграмму, а разрезанная буква роняет decode(): берите recvfrom(65536)",
          "recvfrom(1024) cuts the datagram, and a letter cut in half makes decode() fail: use recvfrom(65536)",
          tier="strict"),
)

BY_ID = {check.id: check for check in CHECKS}


def checks(track=None, role=None, tier="default"):
    """The checks of one tier, optionally of one track and role, in rubric order."""
    return [c for c in CHECKS
            if c.tier == tier and (track is None or c.track == track) and (role is None or c.role == role)]


def markdown(lang="ru", tier="default"):
    """The rubric as Markdown tables, one per track: what assignment.md shows."""
    head, total = say("rubric.head", lang), say("rubric.total", lang)
    out = []
    first = 1 + TIERS.index(tier) * len(TRACKS)   # strict tables are numbered 3.x and 4.x
    for number, track in enumerate(TRACKS, first):
        rows = checks(track, tier=tier)
        if not rows:
            continue
        out += [f"**{say('rubric.track.' + track, lang)}** ({sum(c.points for c in rows)})", "", head, "|---|---|---|---|"]
        for index, check in enumerate(rows, 1):
            out.append(f"| {number}.{index} | `{check.module}` | {check.text(lang)} | {check.points} |")
        out += [f"| | | **{total}** | **{sum(c.points for c in rows)}** |", ""]
    return "\n".join(out).rstrip() + "\n"


def update_sections(text):
    """Regenerate every rubric section of a Markdown text: <!-- rubric:ru --> … <!-- /rubric:ru -->,
    and likewise rubric:en, rubric:strict:ru and rubric:strict:en."""
    for tier, tag in (("default", "rubric"), ("strict", "rubric:strict")):
        for lang in ("ru", "en"):
            start, end = f"<!-- {tag}:{lang} -->", f"<!-- /{tag}:{lang} -->"
            if start in text and end in text:
                head, rest = text.split(start, 1)
                _, tail = rest.split(end, 1)
                text = f"{head}{start}\n{markdown(lang, tier)}{end}{tail}"
    return text


def _verify():
    for tier in TIERS:
        for track, total in TRACK_MAX.items():
            got = sum(c.points for c in checks(track, tier=tier))
            assert got == total, f"rubric: {track} ({tier}) sums to {got}, not {total}"
    assert all(c.tier in TIERS for c in CHECKS), "rubric: unknown tier"
    assert len(BY_ID) == len(CHECKS), "rubric: a check id is used twice"


_verify()
