"""The rubric: every check, its points and the line a student reads, defined once.

The grader scores from this table, assignment.md's rubric section is generated from it
(`python -m grader rubric`), and the tests assert the two agree. TCP sums to 100,
UDP to 80; a submission's score is the better of the two tracks. The strict tier
(--strict) is scored separately and never changes the default score.
"""
from dataclasses import dataclass

TRACK_MAX = {"tcp": 100, "udp": 80}
TRACKS = ("tcp", "udp")
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
    Check("tcp.server.concurrent", 8,
          "пользователь, который подключился, но ещё не ввёл имя, не мешает остальным",
          "a user who connected but has not typed a name does not block the others",
          "обрабатывайте каждого клиента в своём потоке: accept() -> threading.Thread(...).start()",
          "handle each client in its own thread: accept() -> threading.Thread(...).start()"),
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
)

BY_ID = {check.id: check for check in CHECKS}


def checks(track=None, role=None, tier="default"):
    """The checks of one tier, optionally of one track and role, in rubric order."""
    return [c for c in CHECKS
            if c.tier == tier and (track is None or c.track == track) and (role is None or c.role == role)]


TRACK_TITLES = {
    "ru": {"tcp": "TCP", "udp": "UDP", "server": "сервер", "client": "клиент"},
    "en": {"tcp": "TCP", "udp": "UDP", "server": "server", "client": "client"},
}


def markdown(lang="ru", tier="default"):
    """The rubric as Markdown tables, one per track: what assignment.md shows."""
    words = TRACK_TITLES[lang]
    head = ("| № | Файл | Проверка | Баллы |" if lang == "ru" else "| # | File | Check | Points |")
    total = "Итого" if lang == "ru" else "Total"
    out = []
    for number, track in enumerate(TRACKS, 1):
        rows = checks(track, tier=tier)
        if not rows:
            continue
        out += [f"**{words[track]}** ({sum(c.points for c in rows)})", "", head, "|---|---|---|---|"]
        for index, check in enumerate(rows, 1):
            out.append(f"| {number}.{index} | `{check.module}` | {check.text(lang)} | {check.points} |")
        out += [f"| | | **{total}** | **{sum(c.points for c in rows)}** |", ""]
    return "\n".join(out).rstrip() + "\n"


def _verify():
    for track, total in TRACK_MAX.items():
        got = sum(c.points for c in checks(track))
        assert got == total, f"rubric: {track} sums to {got}, not {total}"


_verify()
