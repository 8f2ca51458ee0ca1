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
  * Сервер сначала присылает PROMPT («Введите ваше имя: »). Первая строка, которую
    введёт пользователь, — это имя; отправлять его можно так же, как любую строку.
  * Каждая введённая строка уходит на сервер с "\\n" в конце: encode_line(text).
  * Сервер тоже присылает строки, заканчивающиеся "\\n": печатайте каждую отдельно.
  * QUIT («/quit») — выход из чата. Конец ввода (Ctrl+D, а в Windows Ctrl+Z и Enter)
    тоже означает выход.

Ловушки, в которые попадает пример с лекции
-------------------------------------------
  * recv(1024) — это не «одно сообщение»: за один recv() могут прийти два сообщения
    или половина одного (и даже половина русской буквы — тогда decode() упадёт).
    Читайте строки: reader = client_socket.makefile("rb"), затем for raw in reader.
  * recv() вернул b"" — сервер закрыл соединение. В примере с лекции цикл после этого
    бесконечно печатает пустые строки: из цикла нужно выйти.
  * send() может отправить только часть байтов — используйте sendall().
  * В примере main() запускает два потока и сразу заканчивается, а на конец ввода
    (EOFError из input()) поток отправки падает. Удобнее читать ввод прямо в main(),
    а в отдельном потоке только принимать.

Запуск (сначала запустите сервер): python -m lab.tcp_client --port 5000
"""
import socket
import threading

from chatkit.ports import CLIENT_HOST, DEFAULT_PORT
from chatkit.protocol import QUIT, decode_message, encode_line


def send_message(client_socket):
    """Читать строки пользователя через input() и отправлять каждую на сервер."""
    # TODO 1. В цикле читайте строку; конец ввода — это выход:
    #         try:
    #             text = input()
    #         except EOFError:
    #             break
    # TODO 2. Отправьте её строкой протокола, с "\n" в конце:
    #         client_socket.sendall(encode_line(text))
    #         Если сервер уже закрыл соединение, sendall() бросит OSError — тогда тоже выход.
    # TODO 3. После text == QUIT выйдите из цикла.
    # TODO 4. После цикла скажите серверу, что вы больше ничего не пошлёте, но ещё
    #         дочитайте то, что он пришлёт:
    #         client_socket.shutdown(socket.SHUT_WR)   (в try/except OSError)
    raise NotImplementedError("send_message() ещё не написана: заполните TODO")


def receive_message(client_socket):
    """Печатать каждую строку от сервера, пока он не закроет соединение."""
    # TODO 1. Читайте строки, а не куски по 1024 байта:
    #         reader = client_socket.makefile("rb")
    #         for raw in reader:
    #             print(decode_message(raw))
    #         Цикл закончится сам, когда сервер закроет соединение.
    # TODO 2. Оборванное соединение даёт OSError: поймайте его и выйдите.
    # TODO 3. В конце напечатайте, что соединение закрыто, например
    #         print("Соединение с сервером закрыто.")
    raise NotImplementedError("receive_message() ещё не написана: заполните TODO")


def main(host=CLIENT_HOST, port=DEFAULT_PORT):
    """Подключиться к серверу host:port и переписываться, пока пользователь не выйдет."""
    # TODO 1. Подключитесь (здесь, а не при импорте модуля):
    #         client_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    #         client_socket.connect((host, port))
    # TODO 2. Запустите приём в отдельном потоке:
    #         receiver = threading.Thread(target=receive_message, args=(client_socket,),
    #                                     daemon=True)
    #         receiver.start()
    #         daemon=True: когда main() закончится, этот поток не помешает программе выйти.
    # TODO 3. Ввод читайте здесь же, в основном потоке:
    #         send_message(client_socket)
    # TODO 4. Дайте потоку приёма допечатать последние сообщения и закройте сокет:
    #         receiver.join(timeout=1)
    #         client_socket.close()
    raise NotImplementedError("main() ещё не написана: заполните TODO")


if __name__ == "__main__":
    from chatkit.cli import run_by_hand
    run_by_hand(main, "client")
