"""Задание 4. Многопользовательский чат на TCP: клиент.

Что нужно сделать
-----------------
Клиент подключается к серверу и делает две вещи одновременно: читает строки,
которые вводит пользователь (input()), и отправляет их на сервер, а всё, что
присылает сервер, печатает (print()). input() останавливает поток, пока пользователь
не нажмёт Enter, поэтому приём должен идти в отдельном потоке (threading.Thread):
иначе сообщения от других появятся только после того, как вы сами что-то введёте.

Протокол (строки берите из chatkit.protocol)
--------------------------------------------
  * Сервер сначала присылает строку PROMPT («Введите ваше имя: »). Первая строка,
    которую введёт пользователь, — это имя; отправлять его можно так же, как любую строку.
  * Каждая введённая строка уходит на сервер с "\\n" в конце: encode_line(text).
  * Сервер тоже присылает строки, заканчивающиеся "\\n": печатайте каждую отдельно.
  * QUIT («/quit») — выход из чата; сервер после него закрывает соединение.
    Конец ввода (Ctrl+D, а в Windows Ctrl+Z и Enter) тоже означает выход.

Ловушки, в которые попадает пример с лекции (docs/lecture/client.py)
-----------------------------------------------------------------
  * recv(1024) — это не «одно сообщение»: за один recv() могут прийти два сообщения
    или половина одного (и даже половина русской буквы — тогда decode() упадёт).
    Как выделять строки, решите сами (см. TODO в receive_message).
  * recv() вернул b"" — сервер закрыл соединение. В примере с лекции цикл после этого
    бесконечно печатает пустые строки: из цикла нужно выйти.
  * send() может отправить только часть байтов.
  * В примере main() запускает два потока и сразу заканчивается, а на конец ввода
    (EOFError из input()) поток отправки падает с ошибкой.
  * Программа должна закончиться в обоих случаях: когда пользователь ушёл (и сервер
    закрыл соединение) и когда сервер закрыл соединение сам, пока пользователь сидит
    в input(). Поток, который ждёт в input(), не остановить снаружи — значит, он
    не должен мешать программе выйти.

Документация
------------
  socket.makefile  https://docs.python.org/3/library/socket.html#socket.socket.makefile
  socket.sendall   https://docs.python.org/3/library/socket.html#socket.socket.sendall
  socket.shutdown  https://docs.python.org/3/library/socket.html#socket.socket.shutdown
  threading.Thread https://docs.python.org/3/library/threading.html#thread-objects
                   (параметр daemon и метод join(timeout))

Как устроено это решение (эталон)
---------------------------------
main() запускает два потока-демона: receive_message печатает строки сервера
(makefile("rb") читает по строкам), send_message отправляет введённые. main() ждёт,
пока закончится любой из них: пользователь ушёл — ещё немного ждём, чтобы сервер закрыл
соединение и последние строки напечатались; сервер закрыл соединение — выходим сразу,
а поток, застрявший в input(), — демон и выйти не мешает. Общее у потоков только сокет
(один пишет, другой читает) и событие user_left, поэтому блокировка не нужна.

Запуск (сначала запустите сервер): python -m solutions.tcp_client --port 5000
"""
import socket
import sys
import threading

from chatkit.ports import CLIENT_HOST, DEFAULT_PORT
from chatkit.protocol import ENCODING, QUIT, encode_line

LEAVE_WAIT_SECONDS = 2.0  # после ухода: сколько ждать, пока сервер закроет соединение
WAIT_STEP_SECONDS = 0.5   # main() ждёт короткими шагами, чтобы Ctrl+C работал и в Windows

SERVER_CLOSED = "Сервер закрыл соединение. Чат окончен."

user_left = threading.Event()  # пользователь ушёл сам: закрытое соединение — не новость


def send_message(client_socket):
    """Читать строки пользователя через input() и отправлять каждую на сервер."""
    # TODO 1. Каждую введённую строку отправьте целиком строкой протокола (с "\n").
    #         Конец ввода — input() бросает EOFError — это уход, а не ошибка.
    # TODO 2. После QUIT (или конца ввода) больше ничего не отправляйте. Инвариант:
    #         сервер должен узнать, что вы ушли, а вы — ещё успеть напечатать то, что он
    #         прислал до этого. Подсказка: client_socket.shutdown(socket.SHUT_WR)
    #         закрывает только вашу сторону передачи — приём продолжает работать.
    # TODO 3. Если сервер уже закрыл соединение, отправка бросит OSError — это тоже конец.
    # Ссылка на sys.stdin живёт, пока жив этот поток. Если сервер закроет соединение, пока
    # поток ждёт в input(), программа выйдет без него; без этой ссылки Python при выходе
    # попробовал бы закрыть stdin, который держит застрявший поток, и упал бы с
    # «Fatal Python error ... <stdin>».
    stdin = sys.stdin  # noqa: F841 (нужна, см. выше)
    while True:
        try:
            text = input()
        except EOFError:
            text = QUIT  # ввод кончился: уходим так же, как по /quit
        if text == QUIT:
            user_left.set()  # до отправки: закрытие соединения сервером уже не новость
        try:
            client_socket.sendall(encode_line(text))
        except OSError:
            return  # сервера уже нет; receive_message скажет об этом
        if text == QUIT:
            break
    try:
        client_socket.shutdown(socket.SHUT_WR)  # больше ничего не пошлём, но приём идёт
    except OSError:
        pass  # соединение уже закрыто


def receive_message(client_socket):
    """Печатать каждую строку от сервера, пока он не закроет соединение."""
    # TODO 1. Печатайте каждую строку сервера отдельно и целиком. Решите, как выделять
    #         строки: client_socket.makefile("rb") даёт объект, который читает по строкам;
    #         или копите байты от recv() сами и режьте по b"\n". Ловушка: байты
    #         декодируйте (ENCODING) только целыми строками, иначе половина русской буквы
    #         сломает decode().
    # TODO 2. Конец соединения (b"" или OSError) — выход из цикла, а не бесконечные
    #         пустые строки. Скажите пользователю, что соединение закрыто.
    reader = client_socket.makefile("rb")
    try:
        for raw in reader:  # строка за строкой; цикл кончается, когда сервер закрыл соединение
            print(raw.decode(ENCODING, errors="replace").rstrip("\r\n"), flush=True)
    except OSError:
        pass  # соединение оборвалось — это тоже конец
    finally:
        reader.close()
    if not user_left.is_set():
        print(SERVER_CLOSED, flush=True)  # пользователь этого не просил: скажем ему


def main(host=CLIENT_HOST, port=DEFAULT_PORT):
    """Подключиться к серверу host:port и переписываться, пока пользователь не выйдет."""
    # TODO 1. Подключитесь к (host, port) — здесь, а не при импорте модуля.
    client_socket = socket.create_connection((host, port))
    # TODO 2. Запустите приём и ввод так, чтобы они шли одновременно (хотя бы один из них —
    #         в отдельном threading.Thread).
    receiver = threading.Thread(target=receive_message, args=(client_socket,),
                                name="receiver", daemon=True)
    sender = threading.Thread(target=send_message, args=(client_socket,), name="sender", daemon=True)
    receiver.start()
    sender.start()
    # TODO 3. Цель: main() заканчивается, когда закончился любой из двух — пользователь
    #         ушёл или сервер закрыл соединение. Поток, который остался ждать в input()
    #         или recv(), не должен держать программу: daemon=True. Ждите в main() так,
    #         чтобы Ctrl+C работал и в Windows: join(timeout) в цикле, а не join() без конца.
    try:
        while receiver.is_alive() and sender.is_alive():
            receiver.join(WAIT_STEP_SECONDS)
        # Пользователь ушёл: дадим серверу закрыть соединение, чтобы дошли последние строки.
        receiver.join(LEAVE_WAIT_SECONDS)
    finally:
        # TODO 4. В конце закройте сокет.
        user_left.set()  # дальше закрытие — наших рук дело, а не новость (и по Ctrl+C)
        try:
            client_socket.shutdown(socket.SHUT_RDWR)  # будит receive_message, если он ещё ждёт
        except OSError:
            pass  # соединения уже нет
        receiver.join(LEAVE_WAIT_SECONDS)
        client_socket.close()


if __name__ == "__main__":
    from chatkit.cli import run_by_hand
    run_by_hand(main, "client")
