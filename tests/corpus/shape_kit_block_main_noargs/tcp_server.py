"""main() without arguments (host and port hard-coded inside) under the kit's own
`if __name__ == "__main__": run_by_hand(main, "server")` block; otherwise a finished chat."""
import queue
import socket
import sys
import threading
import time

from chatkit.ports import DEFAULT_PORT, SERVER_HOST
from chatkit.protocol import (MAX_MESSAGE_BYTES, PROMPT, QUIT, clean_name, chat_line,
                              decode_message, encode_line, joined, left, welcome)

clients = {}                  # сокет клиента -> имя пользователя
chat_lock = threading.Lock()  # охраняет clients: его читают и меняют потоки всех клиентов
outboxes = {}                 # сокет клиента -> его Outbox; тоже только под chat_lock

RECV_BYTES = 65536                    # сколько байтов может вернуть один recv()
MAX_BACKLOG_BYTES = 32 * 1024 * 1024  # кто отстал на столько, уже не догонит: отключить
STALL_SECONDS = 5.0                   # писатель столько ждёт в sendall(): клиент не читает
WRITE_PIECE_BYTES = 256 * 1024        # писатель отправляет кусками: каждый кусок — прогресс
LISTEN_QUEUE = 128                    # подключения, ждущие accept(): вся группа может войти разом
ACCEPT_POLL_SECONDS = 0.5             # accept() просыпается так часто, чтобы Ctrl+C работал и в Windows


class Outbox:
    """Исходящая очередь одного клиента и то, что нужно знать, чтобы его не ждать."""

    def __init__(self):
        self.queue = queue.SimpleQueue()  # байты для отправки по порядку; None — «хватит»
        self.queued = 0             # сколько байтов положили в очередь (пишет только deliver)
        self.sent = 0               # сколько из них отправил писатель (пишет только писатель)
        self.sending_since = None   # с какого момента писатель ждёт в sendall(); None — не ждёт
        self.closed = False


def deliver(client_socket, outbox, data):
    """Поставить байты в очередь клиента. Никогда не ждёт. Вызывать под chat_lock."""
    if outbox.closed:
        return
    since = outbox.sending_since
    if since is not None and time.monotonic() - since > STALL_SECONDS:
        drop(client_socket, outbox)  # давно ничего не ушло: клиент не читает
        return
    if outbox.queued - outbox.sent + len(data) > MAX_BACKLOG_BYTES:
        drop(client_socket, outbox)  # отстал так, что уже не догонит
        return
    outbox.queued += len(data)
    outbox.queue.put(data)  # будит писателя, если он ждёт


def drop(client_socket, outbox):
    """Закрыть соединение в обе стороны и остановить писателя."""
    if outbox.closed:
        return
    outbox.closed = True
    outbox.queue.put(None)
    try:
        # В отличие от close(), shutdown() будит потоки, которые ждут в recv() и sendall():
        # handle_client увидит конец потока (b"") и объявит уход как обычно.
        client_socket.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # соединение уже разорвано: закрывать нечего


def write_outbox(client_socket, outbox):
    """Поток-писатель одного клиента: отправлять его очередь, пока соединение не закроется."""
    while True:
        batch = [outbox.queue.get()]  # ждёт, пока есть что отправить
        # Всё, что успело накопиться, — одной отправкой: под нагрузкой это в разы меньше
        # системных вызовов и TCP-сегментов, чем по отправке на каждую строку.
        for _ in range(outbox.queue.qsize()):
            batch.append(outbox.queue.get())
        if None in batch:
            return  # drop(): соединение закрывается
        data = memoryview(b"".join(batch))
        for start in range(0, len(data), WRITE_PIECE_BYTES):
            piece = data[start:start + WRITE_PIECE_BYTES]
            outbox.sending_since = time.monotonic()
            try:
                # Здесь ждёт только этот поток: если клиент не читает, стоит только его очередь.
                client_socket.sendall(piece)
            except OSError:
                drop(client_socket, outbox)
                return
            outbox.sent += len(piece)
        outbox.sending_since = None


def receive_lines(client_socket):
    """Для каждого recv() выдать список строк (bytes без b"\\n"), которые он завершил.

    Список часто пуст (пришла половина строки), а иногда длинный (пришла пачка строк).
    Строка длиннее MAX_MESSAGE_BYTES выдаётся, как только столько байтов пришло
    (decode_message обрежет её), а её остаток пропускается: бесконечная строка не
    заставит сервер держать бесконечный буфер.
    """
    partial = b""     # начало строки, чей b"\n" ещё не пришёл
    skipping = False  # True, пока выбрасываем хвост слишком длинной строки
    while True:
        try:
            chunk = client_socket.recv(RECV_BYTES)
        except OSError:  # соединение оборвалось: недосланное потеряно
            return
        if not chunk:  # клиент закрыл соединение (или сервер сделал ему shutdown)
            if partial and not skipping:
                yield [partial]  # последняя строка без b"\n" тоже считается
            return
        pieces = chunk.split(b"\n")
        lines = []
        for piece in pieces[:-1]:  # каждый из этих кусков кончался на b"\n"
            if skipping:
                skipping = False  # конец слишком длинной строки, её начало уже разослано
            else:
                lines.append(partial + piece)
            partial = b""
        if not skipping:
            partial += pieces[-1]
            if len(partial) > MAX_MESSAGE_BYTES:
                lines.append(partial)
                partial = b""
                skipping = True
        yield lines


def handle_client(client_socket, client_address):
    """Поговорить с одним клиентом: узнать имя, затем пересылать его строки остальным.

    Работает в отдельном потоке, по одному потоку на каждого клиента.
    """
    username = None       # None, пока клиент не назвался
    outbox = Outbox()
    writer = threading.Thread(target=write_outbox, args=(client_socket, outbox),
                              name=f"writer {client_address}", daemon=True)
    try:
        # TODO 1. Попросите имя (строкой PROMPT).
        #
        client_socket.sendall(encode_line(PROMPT))
        # TODO 2. Получите имя — первую строку. Решите, как вы выделяете строки из потока
        #         байтов: recv() отдаёт сколько пришло, а не «одно сообщение» (см. ловушки).
        #         Два способа: client_socket.makefile("rb") даёт объект, у которого есть
        #         readline(); или копите байты от recv() сами и режьте по b"\n", оставляя
        #         хвост до следующего раза. Клиент может уйти и до имени (b"" или QUIT) —
        #         тогда никаких уведомлений.
        #
        for lines in receive_lines(client_socket):
            if username is None:
                if not lines:
                    continue  # имя ещё не пришло целиком
                name = decode_message(lines.pop(0))
                if name == QUIT:
                    break  # ушёл, не назвавшись: сообщать некому и не о ком
                # TODO 3. Выберите свободное имя и сохраните клиента в clients. Инвариант: два
                #         пользователя никогда не получают одно имя. Подумайте, что случится, если
                #         два потока проверят «имя свободно?» одновременно, до того как любой из них
                #         запишет своё имя, — и что должно быть под одной блокировкой.
                #
                # TODO 4. Поприветствуйте его (welcome) и сообщите остальным (joined, через mailing).
                #
                with chat_lock:
                    username = clean_name(name, clients.values())
                    clients[client_socket] = username
                    outboxes[client_socket] = outbox
                    # Приветствие и уведомление — под той же блокировкой, что и запись в
                    # clients: приветствие придёт раньше любого сообщения после входа, а тот,
                    # кто вошёл следом, не услышит о входе того, кто вошёл раньше него.
                    deliver(client_socket, outbox, encode_line(welcome(username)))
                    send_to_others(encode_line(joined(username)), client_socket)
                writer.start()
            # TODO 5. Пересылайте его сообщения, пока он не уйдёт: каждую строку — остальным как
            #         chat_line, пустые пропускайте, QUIT — это уход. Конец потока (b"") и
            #         оборванное соединение (OSError, например ConnectionResetError) — тоже уход,
            #         а не падение потока.
            #
            messages = []
            quitting = False
            for raw in lines:
                text = decode_message(raw)
                if text == QUIT:
                    quitting = True
                    break
                if text.strip():  # пустое сообщение и сообщение из пробелов не рассылаются
                    messages.append(chat_line(username, text))
            if messages:
                # Один recv() часто приносит несколько строк: разослать их вместе — одна
                # отправка каждому вместо отправки на каждую строку.
                mailing("\n".join(messages), client_socket)
            if quitting:
                break
    except OSError:
        pass  # клиент пропал раньше, чем получил приглашение
    finally:
        # TODO 6. Уход — в одном месте, чем бы он ни был вызван: удалите клиента из clients
        #         (ровно один раз), сообщите остальным (left) и закройте сокет.
        if username is not None:
            with chat_lock:
                clients.pop(client_socket, None)
                outboxes.pop(client_socket, None)
                drop(client_socket, outbox)  # останавливает его поток-писатель
                send_to_others(encode_line(left(username)), client_socket)
            writer.join()  # писатель больше не тронет сокет: теперь его можно закрыть
        client_socket.close()


def mailing(message, sender_socket):
    """Разослать message всем сохранённым клиентам, кроме sender_socket."""
    # TODO 1. Цель: каждый клиент, кроме отправителя, получает message строкой протокола
    #         (encode_line). Инвариант: пока вы обходите clients, другой поток не должен
    #         его менять — значит, обход под chat_lock.
    # TODO 2. Ошибка у одного получателя (он как раз отключился) не должна прерывать
    #         рассылку остальным и не должна ронять поток отправителя. Удалять такого
    #         получателя здесь не нужно: его собственный поток handle_client увидит уход.
    # TODO 3. Ловушка: send() может отправить только часть байтов (sendall() отправляет
    #         всё, но ждёт, пока получатель читает). Чей поток ждёт и что он держит в это
    #         время? См. «Если хотите пройти строгие проверки» в начале файла.
    data = encode_line(message)
    with chat_lock:
        # Под блокировкой и отправка: deliver() никогда не ждёт, а одна блокировка на всю
        # рассылку даёт всем один порядок сообщений.
        send_to_others(data, sender_socket)


def send_to_others(data, sender_socket):
    """Отдать байты всем, кроме sender_socket. Вызывать под chat_lock."""
    for client_socket, outbox in outboxes.items():
        if client_socket is not sender_socket:
            deliver(client_socket, outbox, data)


def main():  # BUG: the address is hard-coded; the block below still passes one
    host, port = "0.0.0.0", 5000
    """Запустить сервер на host:port и обслуживать клиентов, пока процесс не остановят."""
    # TODO 1. Создайте TCP-сокет, привяжите его к (host, port) и начните слушать — здесь,
    #         а не при импорте модуля. Напечатайте, где сервер запущен.
    #         Чтобы сервер можно было сразу перезапустить на том же порту (Linux, macOS),
    #         нужна опция SO_REUSEADDR до bind(); в Windows её не ставьте: там она
    #         позволит двум серверам занять один порт (проверьте sys.platform).
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if sys.platform != "win32":
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((host, port))
        server.listen(LISTEN_QUEUE)
        print(f"Сервер запущен на {host}:{port}", flush=True)
        # TODO 2. В цикле принимайте подключения (accept()) и для каждого запускайте поток
        #         с handle_client. daemon=True — чтобы потоки клиентов не мешали процессу
        #         завершиться.
        #         Ловушка Windows: Ctrl+C не прерывает accept(), который ждёт без конца.
        #         Дайте слушающему сокету таймаут, например server.settimeout(0.5), и
        #         продолжайте цикл, когда accept() бросит socket.timeout: это просто шанс
        #         для Ctrl+C. Принятому сокету таймаут не нужен: client_socket.settimeout(None).
        server.settimeout(ACCEPT_POLL_SECONDS)
        while True:
            try:
                client_socket, client_address = server.accept()
            except socket.timeout:
                continue  # никто не пришёл: просто шанс для Ctrl+C
            client_socket.settimeout(None)
            # Каждая строка уходит сразу, без алгоритма Нейгла: иначе короткая строка ждёт
            # подтверждения предыдущей (до 40 мс), когда получатель откладывает ACK.
            client_socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=handle_client, args=(client_socket, client_address),
                             name=f"reader {client_address}", daemon=True).start()
    finally:
        server.close()


if __name__ == "__main__":
    from chatkit.cli import run_by_hand
    run_by_hand(main, "server")
