"""The rubric: every check, its points and the line a student reads, defined once.

Every check's hint comes in three levels, ru and en side by side: 1 the concept, 2 the API
to use, 3 the shape of the code; none of them is the solution (grader/engine/hints.py says
which level a student sees when).

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
    hints: tuple = ()         # ((ru, en), ...) by level: 1 the concept, 2 the API, 3 the shape of the code
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

    def hint(self, lang, level=1):
        """The hint at `level` (1 the concept, 2 the API to use, 3 the shape of the code)."""
        if not self.hints:
            return ""
        ru, en = self.hints[max(1, min(level, len(self.hints))) - 1]
        return ru if lang == "ru" else en


CHECKS = (
    # --- TCP server: 72 ---
    Check("tcp.server.static", 10,
          "сервер написан на socket (SOCK_STREAM) и threading, поток на каждого клиента",
          "the server uses socket (SOCK_STREAM) and threading, one thread per client",
          hints=(
              ("чат на TCP — это один слушающий сокет и по потоку на каждого собеседника: пока один "
               "поток ждёт строку от своего клиента, остальные работают",
               "a TCP chat is one listening socket and a thread per person: while one thread waits for "
               "its client's line, the others keep working"),
              ("нужны socket.socket(socket.AF_INET, socket.SOCK_STREAM), bind(), listen(), accept() и "
               "threading.Thread(target=..., args=...).start()",
               "you need socket.socket(socket.AF_INET, socket.SOCK_STREAM), bind(), listen(), accept() "
               "and threading.Thread(target=..., args=...).start()"),
              ("в main(): сокет, bind, listen, затем цикл: accept() отдаёт (сокет, адрес) — передайте "
               "их потоку с handle_client и сразу вернитесь к accept()",
               "in main(): socket, bind, listen, then a loop: accept() gives (socket, address); hand "
               "them to a thread running handle_client and go straight back to accept()"),
          )),
    Check("tcp.server.prompt", 5,
          "сервер просит ввести имя",
          "the server asks for a name",
          hints=(
              ("разговор начинает сервер: как только клиент подключился, он должен увидеть приглашение "
               "ввести имя — целой строкой",
               "the server speaks first: as soon as a client connects it must see the prompt for a "
               "name, as a whole line"),
              ("отправьте encode_line(PROMPT) из chatkit.protocol через sendall(): слова уже те, и "
               "«\\n» на месте",
               "send encode_line(PROMPT) from chatkit.protocol with sendall(): the words are right and "
               "the \"\\n\" is there"),
              ("первое, что делает handle_client, — отправляет приглашение; только потом ждёт имя",
               "the first thing handle_client does is send the prompt; only then does it wait for the "
               "name"),
          )),
    Check("tcp.server.welcome", 5,
          "сервер приветствует нового пользователя по имени",
          "the server welcomes a new user by name",
          hints=(
              ("первая строка от клиента — его имя, а ответ на неё — приветствие по имени, только ему",
               "a client's first line is its name, and the answer, to that client only, is a welcome "
               "by name"),
              ("прочитайте первую строку, decode_message(), clean_name(), затем "
               "sendall(encode_line(welcome(name)))",
               "read the first line, decode_message(), clean_name(), then "
               "sendall(encode_line(welcome(name)))"),
              ("после приглашения: строка -> decode_message -> clean_name(text, clients.values()) -> "
               "запись в clients -> welcome(name) этому клиенту",
               "after the prompt: line -> decode_message -> clean_name(text, clients.values()) -> "
               "store in clients -> welcome(name) to this client"),
          )),
    Check("tcp.server.concurrent", 8,
          "пользователь, который подключился, но ещё не ввёл имя, не мешает остальным",
          "a user who connected but has not typed a name does not block the others",
          hints=(
              ("пока сервер ждёт имя от одного клиента, другие тоже должны входить: ждать имя — дело "
               "потока клиента, а не цикла accept()",
               "while the server waits for one client's name, others must still get in: waiting for a "
               "name is the client's thread's job, not the accept loop's"),
              ("в цикле accept() ничего не читайте и не ждите: сразу "
               "threading.Thread(target=handle_client, args=(client_socket, address), "
               "daemon=True).start()",
               "read nothing and wait for nothing in the accept() loop: straight away "
               "threading.Thread(target=handle_client, args=(client_socket, address), "
               "daemon=True).start()"),
              ("цикл main: accept(), запустить поток, снова accept(); приглашение, имя и сообщения — "
               "всё внутри handle_client",
               "main's loop: accept(), start a thread, accept() again; the prompt, the name and the "
               "messages all live inside handle_client"),
          )),
    Check("tcp.server.join_notice", 8,
          "о входе нового пользователя узнают остальные, но не он сам",
          "the others learn that a user joined, the user does not",
          hints=(
              ("о новом пользователе узнают все, кто уже в чате, но не он сам: ему положено приветствие",
               "everyone already in the chat learns about the newcomer, but not the newcomer: they get "
               "the welcome"),
              ("joined(name) из chatkit.protocol и ваша mailing(message, sender_socket), которая "
               "пропускает sender_socket",
               "joined(name) from chatkit.protocol and your mailing(message, sender_socket), which "
               "skips sender_socket"),
              ("сразу после записи в clients: welcome — новичку, mailing(joined(name), его сокет) — "
               "остальным",
               "right after storing the client: welcome to the newcomer, mailing(joined(name), their "
               "socket) to the rest"),
          )),
    Check("tcp.server.broadcast_3", 10,
          "сообщение доходит до всех остальных (3 пользователя)",
          "a message reaches every other user (3 users)",
          hints=(
              ("сервер — почтальон: каждую строку одного пользователя он пересылает всем остальным, "
               "подписав именем отправителя",
               "the server is a postman: each line from one user goes to every other user, signed with "
               "the sender's name"),
              ("после имени читайте строки в цикле; каждая уходит через mailing(chat_line(username, "
               "text), client_socket), а mailing обходит clients под chat_lock",
               "after the name, read lines in a loop; each goes out through "
               "mailing(chat_line(username, text), client_socket), and mailing walks clients under "
               "chat_lock"),
              ("handle_client: цикл «строка -> decode_message -> не пустая? -> mailing»; mailing: "
               "каждому сокету в clients, кроме отправителя, sendall(encode_line(message))",
               "handle_client: a loop \"line -> decode_message -> not empty? -> mailing\"; mailing: to "
               "every socket in clients but the sender, sendall(encode_line(message))"),
          )),
    Check("tcp.server.broadcast_10", 8,
          "сообщение доходит до всех остальных (10 пользователей)",
          "a message reaches every other user (10 users)",
          hints=(
              ("с тремя работает, с десятью — нет? значит, кто-то теряется: клиент не попал в словарь, "
               "затёрт другим, или рассылка обрывается на одном из них",
               "works with three, not with ten? then someone gets lost: a client never stored, "
               "overwritten by another, or a broadcast that stops at one of them"),
              ("ключ словаря clients — сокет клиента (он у каждого свой), а не имя; ошибку отправки "
               "одному получателю ловите try/except OSError внутри цикла",
               "key clients by the client's socket (each has its own), not by the name; catch a send "
               "error to one recipient with try/except OSError inside the loop"),
              ("в mailing: для каждого получателя своя попытка sendall(), и except OSError переходит к "
               "следующему, а не выходит из цикла (никаких break и return)",
               "in mailing: one sendall() attempt per recipient, and except OSError moves on to the "
               "next one instead of leaving the loop (no break, no return)"),
          )),
    Check("tcp.server.no_echo", 6,
          "отправитель не получает собственное сообщение",
          "the sender does not get its own message back",
          hints=(
              ("отправитель уже видит свою строку у себя: вернувшись от сервера, она появится дважды",
               "the sender already sees their line on screen: sent back by the server it appears twice"),
              ("mailing(message, sender_socket) получает сокет отправителя именно затем, чтобы его "
               "пропустить",
               "mailing(message, sender_socket) is given the sender's socket precisely to skip it"),
              ("в цикле рассылки: сокет отправителя — continue; и передавайте в mailing сокет того, "
               "чей это текст",
               "in the broadcast loop: the sender's socket -> continue; and pass mailing the socket of "
               "whoever wrote the text"),
          )),
    Check("tcp.server.leave_notice", 6,
          "когда пользователь уходит, остальные получают «{имя} покинул чат.»",
          "when a user leaves, the others get \"{name} покинул чат.\"",
          hints=(
              ("клиент уходит тремя путями: присылает «/quit», закрывает соединение (recv() вернул "
               "b\"\") или соединение обрывается (OSError); каждый — уход, о котором узнают остальные",
               "a client leaves in three ways: it sends \"/quit\", it closes the connection (recv() "
               "returned b\"\"), or the connection breaks (OSError); each is a leave the others hear "
               "about"),
              ("сравните текст с QUIT; пустой recv() или readline() — конец потока; "
               "ConnectionResetError — подкласс OSError; уведомление — left(name) через mailing",
               "compare the text with QUIT; an empty recv() or readline() is the end of the stream; "
               "ConnectionResetError is an OSError; the notice is left(name) through mailing"),
              ("оберните цикл чтения в try/finally: в finally — удалить из clients, left(username) "
               "остальным, закрыть сокет; так уход обрабатывается в одном месте",
               "wrap the reading loop in try/finally: in finally, remove from clients, left(username) "
               "to the others, close the socket; then leaving is handled in one place"),
          )),
    Check("tcp.server.after_leave", 6,
          "после ухода одного пользователя остальные продолжают общаться в обе стороны",
          "after one user leaves, the others keep chatting both ways",
          hints=(
              ("после ухода в словаре не должно остаться мёртвого сокета, а отправка в мёртвый сокет "
               "не должна обрывать рассылку остальным",
               "once a user has left no dead socket may stay in the dict, and a send to a dead socket "
               "must not cut the broadcast to the others short"),
              ("clients.pop(client_socket, None) под chat_lock удаляет ровно один раз; в mailing "
               "ловите OSError на каждом получателе",
               "clients.pop(client_socket, None) under chat_lock removes exactly once; in mailing "
               "catch OSError per recipient"),
              ("уход: под chat_lock pop из clients, затем left(name) остальным; в mailing try/except — "
               "вокруг отправки одному, а не вокруг всего цикла; словарь не меняйте, пока его обходите",
               "leaving: pop from clients under chat_lock, then left(name) to the others; in mailing "
               "the try/except goes around one send, not the whole loop; never change the dict while "
               "walking it"),
          )),
    # --- TCP client: 28 ---
    Check("tcp.client.static", 6,
          "клиент написан на socket (SOCK_STREAM) и принимает сообщения в отдельном потоке",
          "the client uses socket (SOCK_STREAM) and receives in a separate thread",
          hints=(
              ("клиенту надо ждать двух вещей сразу — ввода пользователя и сообщений сервера; один "
               "поток не может ждать двух вещей, нужен второй",
               "a client waits for two things at once, the user's typing and the server's messages; "
               "one thread cannot wait for both, so a second one is needed"),
              ("socket.socket(socket.AF_INET, socket.SOCK_STREAM), connect((host, port)) и "
               "threading.Thread(target=receive_message, args=(sock,), daemon=True).start()",
               "socket.socket(socket.AF_INET, socket.SOCK_STREAM), connect((host, port)) and "
               "threading.Thread(target=receive_message, args=(sock,), daemon=True).start()"),
              ("main(): connect; поток для receive_message (приём и print); в главном потоке — "
               "send_message (input() и sendall())",
               "main(): connect; a thread for receive_message (receive and print); the main thread "
               "runs send_message (input() and sendall())"),
          )),
    Check("tcp.client.shows", 7,
          "клиент показывает то, что присылает сервер",
          "the client shows what the server sends",
          hints=(
              ("всё, что присылает сервер (приглашение, приветствие, чужие сообщения), пользователь "
               "должен увидеть на экране",
               "everything the server sends (the prompt, the welcome, the others' messages) must show "
               "on the user's screen"),
              ("в потоке приёма: recv() и print() декодированного текста (decode(\"utf-8\")), а не "
               "bytes b'...'",
               "in the receiving thread: recv() and print() the decoded text (decode(\"utf-8\")), not "
               "the bytes b'...'"),
              ("receive_message: цикл «recv -> b\"\"? выйти -> decode -> print(..., flush=True)»",
               "receive_message: a loop \"recv -> b\"\"? stop -> decode -> print(..., flush=True)\""),
          )),
    Check("tcp.client.sends", 8,
          "клиент отправляет каждую введённую строку",
          "the client sends every line the user types",
          hints=(
              ("каждая строка, которую набрал пользователь, — сообщение серверу; первая из них — имя",
               "every line the user types is a message to the server; the first one is the name"),
              ("input() в цикле и sendall(encode_line(text)): сервер ждёт строки с «\\n» в конце",
               "input() in a loop and sendall(encode_line(text)): the server expects lines ending in "
               "\"\\n\""),
              ("send_message: цикл «input() -> sendall(encode_line(text))», выход после QUIT или "
               "EOFError",
               "send_message: a loop \"input() -> sendall(encode_line(text))\", ending after QUIT or "
               "EOFError"),
          )),
    Check("tcp.client.receives_idle", 7,
          "клиент печатает сообщение, пришедшее, пока пользователь ничего не вводит",
          "the client prints a message that arrives while the user is not typing",
          hints=(
              ("сообщение может прийти, когда пользователь ничего не печатает; если приём идёт только "
               "после input(), оно ждёт, пока человек не нажмёт Enter",
               "a message may arrive while the user types nothing; if receiving happens only after "
               "input(), it waits until the user presses Enter"),
              ("приём — в отдельном threading.Thread, который всё время ждёт в recv(), независимо от "
               "input() в главном потоке",
               "receive in a threading.Thread of its own that always waits in recv(), whatever input() "
               "does in the main thread"),
              ("запустите поток приёма до цикла ввода, а не внутри него: сначала start(), потом "
               "send_message()",
               "start the receiving thread before the input loop, not inside it: start() first, then "
               "send_message()"),
          )),
    # --- UDP server: 53 ---
    Check("udp.server.static", 4,
          "сервер написан на socket (SOCK_DGRAM)",
          "the server uses socket (SOCK_DGRAM)",
          hints=(
              ("UDP обходится без соединений: один сокет принимает датаграммы ото всех и отвечает "
               "каждому по его адресу",
               "UDP has no connections: one socket takes datagrams from everyone and answers each at "
               "its address"),
              ("socket.socket(socket.AF_INET, socket.SOCK_DGRAM), bind((host, port)), recvfrom() и "
               "sendto()",
               "socket.socket(socket.AF_INET, socket.SOCK_DGRAM), bind((host, port)), recvfrom() and "
               "sendto()"),
              ("main(): сокет SOCK_DGRAM, bind, затем цикл: recvfrom() отдаёт (данные, адрес) -> "
               "разобрать -> sendto(ответ, адрес)",
               "main(): a SOCK_DGRAM socket, bind, then a loop: recvfrom() gives (data, address) -> "
               "work out what it is -> sendto(answer, address)"),
          )),
    Check("udp.server.welcome", 5,
          "сервер приветствует нового пользователя по имени",
          "the server welcomes a new user by name",
          hints=(
              ("сервер узнаёт пользователя по адресу отправителя: первая датаграмма с незнакомого "
               "адреса — это имя",
               "the server knows a user by the sender's address: the first datagram from a new address "
               "is the name"),
              ("recvfrom() возвращает (данные, адрес); словарь clients адрес -> имя; ответ — sendto() "
               "с welcome(name) на этот адрес",
               "recvfrom() returns (data, address); a clients dict address -> name; the answer is "
               "sendto() of welcome(name) to that address"),
              ("адреса нет в clients? тогда это имя: clean_name(text, clients.values()), запись "
               "clients[address] и welcome этому адресу",
               "address not in clients? then it is a name: clean_name(text, clients.values()), store "
               "clients[address] and send the welcome to that address"),
          )),
    Check("udp.server.join_notice", 7,
          "о входе нового пользователя узнают остальные, но не он сам",
          "the others learn that a user joined, the user does not",
          hints=(
              ("о новичке узнают все известные адреса, кроме его собственного: ему — приветствие",
               "every known address but the newcomer's learns about the newcomer: they get the welcome"),
              ("joined(name) и sendto() по всем адресам в clients, кроме адреса нового",
               "joined(name) and sendto() to every address in clients but the new one"),
              ("после записи нового адреса: для каждого другого адреса в clients — sendto(joined(name))",
               "after storing the new address: for every other address in clients, sendto(joined(name))"),
          )),
    Check("udp.server.broadcast_3", 9,
          "сообщение доходит до всех остальных (3 пользователя)",
          "a message reaches every other user (3 users)",
          hints=(
              ("датаграмма от известного адреса — сообщение: сервер пересылает его всем остальным, "
               "подписав именем",
               "a datagram from a known address is a message: the server passes it to all the others, "
               "signed with the name"),
              ("имя отправителя — clients[address]; текст — chat_line(name, text); отправка — sendto() "
               "каждому другому адресу",
               "the sender's name is clients[address]; the text is chat_line(name, text); sending is "
               "sendto() to every other address"),
              ("ветка «адрес известен»: name = clients[address], затем для каждого другого адреса "
               "sendto(chat_line(name, text).encode(\"utf-8\"), другой)",
               "the \"known address\" branch: name = clients[address], then for every other address "
               "sendto(chat_line(name, text).encode(\"utf-8\"), other)"),
          )),
    Check("udp.server.broadcast_10", 7,
          "сообщение доходит до всех остальных (10 пользователей)",
          "a message reaches every other user (10 users)",
          hints=(
              ("с тремя работает, с десятью — нет? значит, кто-то теряется: адрес не запомнен, затёрт, "
               "или рассылка прерывается",
               "works with three, not with ten? then someone gets lost: an address never stored, "
               "overwritten, or a broadcast that stops early"),
              ("ключ — адрес целиком, (ip, port): у всех пользователей одной машины ip один, "
               "различается порт",
               "the key is the whole address, (ip, port): users on one machine share the ip and differ "
               "in the port"),
              ("clients[address] = name, где address — ровно то, что вернул recvfrom(); рассылка — по "
               "всем ключам clients, без break",
               "clients[address] = name, with address exactly what recvfrom() returned; the broadcast "
               "goes over every key of clients, with no break"),
          )),
    Check("udp.server.no_echo", 5,
          "отправитель не получает собственное сообщение",
          "the sender does not get its own message back",
          hints=(
              ("отправитель видит своё сообщение у себя; вернувшись от сервера, оно появится дважды",
               "the sender sees their message already; sent back by the server it appears twice"),
              ("адрес отправителя у вас есть: это второе, что вернул recvfrom()",
               "you have the sender's address: it is the second thing recvfrom() returned"),
              ("в цикле рассылки: адрес, равный адресу отправителя, — continue",
               "in the broadcast loop: an address equal to the sender's -> continue"),
          )),
    Check("udp.server.leave_notice", 6,
          "после «/quit» остальные получают «{имя} покинул чат.»",
          "after \"/quit\" the others get \"{name} покинул чат.\"",
          hints=(
              ("у UDP нет разрыва соединения: об уходе клиент говорит сам, датаграммой «/quit»",
               "UDP has no end of connection: a client says it leaves itself, with the datagram "
               "\"/quit\""),
              ("сравните decode_message(data) с QUIT; имя ушедшего отдаёт clients.pop(address, None); "
               "остальным — left(name)",
               "compare decode_message(data) with QUIT; clients.pop(address, None) gives the leaver's "
               "name; the others get left(name)"),
              ("QUIT от известного адреса: забрать имя через pop, затем sendto(left(name)) каждому "
               "оставшемуся",
               "QUIT from a known address: take the name with pop, then sendto(left(name)) to everyone "
               "left"),
          )),
    Check("udp.server.after_leave", 6,
          "после ухода одного пользователя остальные продолжают общаться, а ушедший больше ничего не "
          "получает",
          "after one user leaves, the others keep chatting and the departed user gets nothing more",
          hints=(
              ("ушедший адрес должен исчезнуть из словаря: иначе ему продолжат приходить сообщения",
               "the departed address must leave the dict, or messages keep going to it"),
              ("clients.pop(address, None) удаляет адрес ровно один раз и не бросает KeyError",
               "clients.pop(address, None) removes the address exactly once and never raises KeyError"),
              ("сначала pop из clients, потом рассылка left(name): так ушедший не получит ни "
               "уведомления о себе, ни дальнейших сообщений",
               "pop from clients first, then send left(name): so the leaver gets neither its own "
               "notice nor any later message"),
          )),
    Check("udp.server.vanished_user", 4,
          "пользователь пропал без «/quit» (закрыл программу) — сервер не падает и продолжает "
          "рассылку остальным",
          "a user vanishes without \"/quit\" (closed the program): the server does not stop and "
          "keeps relaying to the others",
          hints=(
              ("пользователь может пропасть, не попрощавшись: сервер по-прежнему шлёт на его адрес, "
               "а там уже никто не слушает",
               "a user may vanish without saying goodbye: the server still sends to their address, "
               "where nobody listens any more"),
              ("в Windows после такой отправки следующий recvfrom() бросает ConnectionResetError: "
               "это весть о прошлой датаграмме, а не повод останавливать сервер",
               "on Windows, after such a send the next recvfrom() raises ConnectionResetError: news "
               "about an earlier datagram, not a reason to stop the server"),
              ("recvfrom() в цикле — в try: except ConnectionResetError: continue; каждую sendto() "
               "одному адресу — в try: except OSError",
               "recvfrom() in the loop inside try: except ConnectionResetError: continue; each "
               "sendto() to one address inside try: except OSError"),
          )),
    # --- UDP client: 27 ---
    Check("udp.client.static", 6,
          "клиент написан на socket (SOCK_DGRAM) и принимает сообщения в отдельном потоке",
          "the client uses socket (SOCK_DGRAM) and receives in a separate thread",
          hints=(
              ("клиенту надо ждать двух вещей сразу — ввода и датаграмм от сервера; один поток так не "
               "умеет",
               "a client waits for two things at once, typing and the server's datagrams; one thread "
               "cannot"),
              ("socket.socket(socket.AF_INET, socket.SOCK_DGRAM) и threading.Thread для приёма "
               "(recvfrom() в цикле)",
               "socket.socket(socket.AF_INET, socket.SOCK_DGRAM) and a threading.Thread that receives "
               "(recvfrom() in a loop)"),
              ("main(): сокет; спросить имя и отправить; поток с receive_message; в главном потоке — "
               "цикл ввода",
               "main(): the socket; ask the name and send it; a thread with receive_message; the input "
               "loop in the main thread"),
          )),
    Check("udp.client.shows", 7,
          "клиент спрашивает имя, отправляет его и показывает ответ сервера",
          "the client asks for a name, sends it and shows the server's answer",
          hints=(
              ("по UDP сервер имя не спрашивает: клиент спрашивает его сам, отправляет серверу и "
               "показывает ответ",
               "over UDP the server does not ask for the name: the client asks, sends it to the server "
               "and shows the answer"),
              ("input(PROMPT), sendto(name.encode(\"utf-8\"), (host, port)), recvfrom() и print() "
               "ответа текстом",
               "input(PROMPT), sendto(name.encode(\"utf-8\"), (host, port)), recvfrom() and print() "
               "the answer as text"),
              ("сначала имя и sendto(), потом поток приёма, который печатает всё пришедшее, "
               "приветствие тоже",
               "first the name and sendto(), then the receiving thread, which prints everything that "
               "arrives, the welcome included"),
          )),
    Check("udp.client.sends", 7,
          "клиент отправляет каждую введённую строку отдельной датаграммой",
          "the client sends every typed line as a datagram",
          hints=(
              ("каждая набранная строка — отдельная датаграмма серверу",
               "every typed line is a datagram of its own to the server"),
              ("input() в цикле и sendto(text.encode(\"utf-8\"), (host, port))",
               "input() in a loop and sendto(text.encode(\"utf-8\"), (host, port))"),
              ("send_message: цикл «input() -> sendto()», выход после QUIT или EOFError",
               "send_message: a loop \"input() -> sendto()\", ending after QUIT or EOFError"),
          )),
    Check("udp.client.receives_idle", 7,
          "клиент печатает сообщение, пришедшее, пока пользователь ничего не вводит",
          "the client prints a message that arrives while the user is not typing",
          hints=(
              ("датаграмма может прийти, когда пользователь ничего не печатает; если приём идёт только "
               "после input(), она ждёт нажатия Enter",
               "a datagram may arrive while the user types nothing; if receiving happens only after "
               "input(), it waits for Enter"),
              ("приём — в отдельном threading.Thread, который всё время ждёт в recvfrom()",
               "receive in a threading.Thread of its own that always waits in recvfrom()"),
              ("запустите поток приёма до цикла ввода, а не внутри него",
               "start the receiving thread before the input loop, not inside it"),
          )),

    # === The strict tier (--strict): robustness beyond the assignment, scored apart ===
    # --- TCP server: 84 ---
    Check("tcp.server.exact_lines", 10,
          "каждое сообщение сервера — ровно одна строка с «\\n» в конце, а имя очищено от пробелов",
          "every server message is exactly one line ending in \"\\n\", and the name is stripped",
          hints=(
              ("каждое сообщение сервера — ровно одна строка: текст и «\\n», без лишних пустых строк; "
               "имя — без пробелов по краям",
               "every server message is exactly one line: the text and \"\\n\", no extra blank lines; "
               "the name has no surrounding spaces"),
              ("encode_line(text) добавляет «\\n»; clean_name() или strip() убирает пробелы",
               "encode_line(text) adds the \"\\n\"; clean_name() or strip() removes the spaces"),
              ("всё, что уходит клиенту, проходит через encode_line() ровно один раз; имя — только из "
               "clean_name(decode_message(raw), ...)",
               "everything sent to a client goes through encode_line() exactly once; the name comes "
               "only from clean_name(decode_message(raw), ...)"),
          ), tier="strict"),
    Check("tcp.server.two_in_one", 8,
          "два сообщения, пришедшие одним TCP-сегментом, расходятся как два сообщения",
          "two messages that arrive in one TCP segment go out as two messages",
          hints=(
              ("TCP передаёт поток байтов, а не сообщения: две строки клиента могут прийти одним recv()",
               "TCP carries a stream of bytes, not messages: two lines from a client can arrive in one "
               "recv()"),
              ("client_socket.makefile(\"rb\").readline() отдаёт по одной строке; или делите "
               "полученное по b\"\\n\" сами",
               "client_socket.makefile(\"rb\").readline() gives one line at a time; or split what "
               "arrives at b\"\\n\" yourself"),
              ("свой буфер: дописать recv() в буфер; пока в нём есть b\"\\n\", отрезать строку и "
               "обработать; остаток оставить до следующего recv()",
               "a buffer of your own: append each recv(); while it holds b\"\\n\", cut a line off and "
               "handle it; keep the rest for the next recv()"),
          ), tier="strict"),
    Check("tcp.server.split_message", 8,
          "сообщение, пришедшее по частям в нескольких сегментах, расходится целиком",
          "a message that arrives in pieces, over several segments, goes out whole",
          hints=(
              ("одна строка может прийти по частям, за несколько recv(): сообщение — всё до «\\n», а "
               "не то, что вернул один recv()",
               "one line can arrive in pieces, over several recv() calls: a message is everything up "
               "to \"\\n\", not what one recv() returned"),
              ("makefile(\"rb\").readline() сам дождётся «\\n»; для своего буфера есть "
               "bytes.partition(b\"\\n\")",
               "makefile(\"rb\").readline() waits for the \"\\n\" itself; for a buffer of your own "
               "there is bytes.partition(b\"\\n\")"),
              ("копите байты; обрабатывайте только куски, за которыми пришёл b\"\\n\"; хвост без него "
               "ждёт следующего recv()",
               "collect the bytes; handle only the pieces a b\"\\n\" has followed; a tail without one "
               "waits for the next recv()"),
          ), tier="strict"),
    Check("tcp.server.long_line", 10,
          "строка в 3000 байт кириллицей доходит целиком, даже когда буква попадает на границу 1024 "
          "байт",
          "a 3,000-byte Cyrillic line arrives whole, even with a letter across the 1,024-byte boundary",
          hints=(
              ("русская буква в UTF-8 — два байта; граница recv(1024) может пройти посередине буквы, и "
               "decode() такого куска падает",
               "a Cyrillic letter is two bytes in UTF-8; a recv(1024) boundary can fall inside a "
               "letter, and decode() of such a piece fails"),
              ("декодируйте только целую строку, после b\"\\n\"; makefile(\"rb\").readline() отдаёт "
               "целую строку байтов",
               "decode only whole lines, after the b\"\\n\"; makefile(\"rb\").readline() returns a "
               "whole line of bytes"),
              ("сначала байты до b\"\\n\" (readline() или свой буфер), потом decode_message(line): "
               "одна строка — одно декодирование",
               "first the bytes up to b\"\\n\" (readline() or your buffer), then decode_message(line): "
               "one line, one decode"),
          ), tier="strict"),
    Check("tcp.server.stuck_reader", 12,
          "пользователь, который ничего не читает, не останавливает переписку остальных",
          "a user who never reads does not stop the others' conversation",
          hints=(
              ("кто перестал читать, у того заполняются буферы ядра, и sendall() ему ждёт вечно — а с "
               "ним поток, который рассылал, и все, кто ждёт chat_lock",
               "for a user who stopped reading the kernel's buffers fill up, and sendall() to them "
               "waits forever, and so does the thread that was broadcasting, and everyone waiting for "
               "chat_lock"),
              ("у каждого клиента своя очередь исходящих байтов (queue.SimpleQueue) и свой "
               "поток-писатель; put() в очередь никогда не ждёт",
               "give each client an outgoing queue (queue.SimpleQueue) and a writer thread of its own; "
               "put() into a queue never waits"),
              ("mailing кладёт данные в очередь каждого получателя; писатель в цикле берёт из своей "
               "очереди и делает sendall(); того, чья очередь безнадёжно растёт, отключайте через "
               "shutdown()",
               "mailing puts the data in each recipient's queue; each writer loops taking from its "
               "queue and calling sendall(); disconnect with shutdown() a user whose queue grows "
               "hopelessly"),
          ), tier="strict"),
    Check("tcp.server.abrupt_disconnect", 10,
          "обрыв соединения (RST) во время рассылки не роняет сервер, а остальные узнают об уходе",
          "a connection reset (RST) during a broadcast does not bring the server down, and the others "
          "hear the user left",
          hints=(
              ("соединение может оборваться в любой момент (RST): тогда recv() и send() бросают "
               "исключение, а не возвращают b\"\"",
               "a connection can break at any moment (RST): then recv() and send() raise instead of "
               "returning b\"\""),
              ("ConnectionResetError и BrokenPipeError — подклассы OSError: except OSError; удаление — "
               "clients.pop(sock, None)",
               "ConnectionResetError and BrokenPipeError are OSErrors: except OSError; remove with "
               "clients.pop(sock, None)"),
              ("чтение клиента — в try/except OSError/finally, уход — в finally; в рассылке — своя "
               "попытка на каждого получателя",
               "read the client inside try/except OSError/finally with the leave in finally; in the "
               "broadcast, one attempt per recipient"),
          ), tier="strict"),
    Check("tcp.server.churn", 10,
          "пока идёт переписка, пользователи входят и выходят: ни одно сообщение не теряется, сервер "
          "не падает",
          "users come and go while messages flow: no message is lost and the server stays up",
          hints=(
              ("пока один поток обходит словарь клиентов, другой добавляет или удаляет — и Python "
               "бросает «dictionary changed size during iteration»",
               "while one thread walks the clients dict another adds or removes, and Python raises "
               "\"dictionary changed size during iteration\""),
              ("любое чтение и изменение clients — внутри with chat_lock:, или обходите копию "
               "list(clients)",
               "every read and change of clients inside with chat_lock:, or walk a copy, list(clients)"),
              ("вход, уход и рассылка — каждый под одной и той же блокировкой chat_lock",
               "joining, leaving and broadcasting each under one and the same chat_lock"),
          ), tier="strict"),
    Check("tcp.server.fifty_users", 10,
          "50 пользователей одновременно: каждое сообщение доходит до каждого ровно один раз",
          "50 users at once: every message reaches everyone exactly once",
          hints=(
              ("50 пользователей сразу: очередь подключений, словарь и рассылка должны выдержать всех, "
               "каждому — ровно по одному разу",
               "50 users at once: the connection queue, the dict and the broadcast must hold them all, "
               "one delivery each"),
              ("listen(128) вместо listen(1): пока сервер занят, ядро держит в очереди столько "
               "подключений",
               "listen(128) instead of listen(1): that is how many connections the kernel queues while "
               "the server is busy"),
              ("listen(128); accept() -> поток; рассылка: один проход по clients под chat_lock, по "
               "одной отправке каждому",
               "listen(128); accept() -> a thread; the broadcast: one pass over clients under "
               "chat_lock, one send each"),
          ), tier="strict"),
    Check("tcp.server.restart", 6,
          "остановленный сервер можно сразу запустить снова на том же порту",
          "a stopped server can be started again on the same port right away",
          hints=(
              ("после остановки сервера порт ещё около минуты в состоянии TIME_WAIT, и новый bind() на "
               "нём падает",
               "after the server stops its port stays in TIME_WAIT for about a minute, and a new "
               "bind() on it fails"),
              ("опция SO_REUSEADDR: setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) до bind() "
               "(кроме Windows)",
               "the SO_REUSEADDR option: setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) before "
               "bind() (not on Windows)"),
              ("создать сокет -> если не Windows, setsockopt(SO_REUSEADDR) -> bind() -> listen()",
               "create the socket -> unless on Windows, setsockopt(SO_REUSEADDR) -> bind() -> listen()"),
          ), tier="strict"),
    # --- TCP client: 16 ---
    Check("tcp.client.exits_at_eof", 8,
          "клиент завершается, когда ввод закончился (Ctrl+D), и не крутится вхолостую",
          "the client exits at the end of input (Ctrl-D), without spinning",
          hints=(
              ("конец ввода (Ctrl+D) — пользователь уходит: клиент должен сказать об этом серверу и "
               "закончиться, а не крутиться",
               "the end of input (Ctrl-D) means the user leaves: the client must tell the server and "
               "end, not spin"),
              ("input() бросает EOFError; отправьте QUIT (или shutdown(socket.SHUT_WR)), а поток "
               "приёма дочитает до b\"\"",
               "input() raises EOFError; send QUIT (or shutdown(socket.SHUT_WR)) and let the receiving "
               "thread read up to b\"\""),
              ("except EOFError: отправить QUIT и выйти из цикла ввода; main() дожидается конца приёма "
               "и возвращается",
               "except EOFError: send QUIT and leave the input loop; main() waits for the receiving to "
               "end and returns"),
          ), tier="strict"),
    Check("tcp.client.exits_when_server_closes", 8,
          "клиент завершается, когда сервер закрыл соединение, и не крутится вхолостую",
          "the client exits when the server closes the connection, without spinning",
          hints=(
              ("сервер закрыл соединение — разговаривать больше не с кем: программа должна "
               "закончиться, даже пока другой поток ждёт input()",
               "the server closed the connection and there is nobody left to talk to: the program must "
               "end, even while another thread waits in input()"),
              ("recv() вернул b\"\" — это конец; потоки с daemon=True не держат процесс; "
               "threading.Event скажет main(), что пора",
               "recv() returned b\"\": that is the end; daemon=True threads do not keep the process "
               "alive; a threading.Event tells main() it is time"),
              ("приём при b\"\" выставляет событие; ввод — в потоке-демоне; main() запускает оба "
               "потока и ждёт событие",
               "the receiver sets the event at b\"\"; input runs in a daemon thread; main() starts "
               "both threads and waits for the event"),
          ), tier="strict"),
    # --- UDP server: 80 ---
    Check("udp.server.unknown_sender", 25,
          "датаграмма с незнакомого адреса (даже «/quit» до входа) не роняет сервер и не выдаётся за "
          "чужое сообщение",
          "a datagram from an unknown address (even \"/quit\" before joining) neither crashes the "
          "server nor passes for someone else's message",
          hints=(
              ("по UDP датаграмму может прислать кто угодно, в том числе адрес, которого сервер ещё не "
               "знает, — даже сразу «/quit»",
               "over UDP anyone may send a datagram, an address the server does not know yet included, "
               "even \"/quit\" first"),
              ("clients.get(address) и clients.pop(address, None) не бросают KeyError; «/quit» с "
               "незнакомого адреса — уход того, кто не входил: никому ничего",
               "clients.get(address) and clients.pop(address, None) never raise KeyError; \"/quit\" "
               "from an unknown address is someone leaving who never joined: tell nobody"),
              ("сначала «известен ли адрес?»: нет — «/quit» пропустить, иначе это имя; да — «/quit» "
               "или обычное сообщение",
               "first \"is the address known?\": no, then skip \"/quit\", anything else is a name; "
               "yes, then \"/quit\" or an ordinary message"),
          ), tier="strict"),
    Check("udp.server.repeated_join", 25,
          "повторный вход: то же имя с нового адреса получает номер («Аня2»), а с того же адреса это "
          "обычное сообщение",
          "a repeated join: the same name from a new address gets a number (\"Аня2\"); from the same "
          "address it is an ordinary message",
          hints=(
              ("пользователя определяет адрес, а не имя: то же имя с нового адреса — новый "
               "пользователь, а с того же адреса — просто сообщение",
               "an address makes a user, not a name: the same name from a new address is a new user, "
               "from the same address just a message"),
              ("словарь адрес -> имя; clean_name(text, set(clients.values())) выдаёт «Аня2», если "
               "«Аня» занята",
               "an address -> name dict; clean_name(text, set(clients.values())) gives \"Аня2\" when "
               "\"Аня\" is taken"),
              ("адрес уже в clients — это сообщение; иначе имя через clean_name(...) и запись "
               "clients[address]",
               "address already in clients: a message; otherwise a name through clean_name(...) stored "
               "as clients[address]"),
          ), tier="strict"),
    Check("udp.server.big_datagram", 30,
          "датаграмма больше 1024 байт (3000 байт кириллицей) доходит целиком",
          "a datagram over 1,024 bytes (3,000 bytes of Cyrillic) is relayed whole",
          hints=(
              ("recvfrom(n) отдаёт не больше n байт датаграммы, остальное пропадает, а разрезанная "
               "русская буква роняет decode()",
               "recvfrom(n) returns at most n bytes of a datagram and drops the rest, and a Cyrillic "
               "letter cut in half makes decode() fail"),
              ("датаграмма UDP бывает до 65 507 байт: recvfrom(65536) примет любую",
               "a UDP datagram can be up to 65,507 bytes: recvfrom(65536) takes any of them"),
              ("recvfrom(65536), затем decode_message(data): слишком длинное сообщение она обрежет сама",
               "recvfrom(65536), then decode_message(data): it cuts an overlong message itself"),
          ), tier="strict"),
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
    assert all(len(c.hints) == 3 for c in CHECKS), "rubric: every check has three hint levels"


_verify()
