"""Задание 4. Многопользовательский чат на UDP: клиент (до 80% баллов).

Что нужно сделать
-----------------
Клиент спрашивает имя через input(PROMPT), отправляет его серверу первой датаграммой,
а потом делает две вещи одновременно: отправляет каждую введённую строку и печатает
(print()) всё, что присылает сервер. input() останавливает поток, пока пользователь
не нажмёт Enter, поэтому приём идёт в отдельном потоке (threading.Thread) — этого
требует задание.

Протокол (строки берите из chatkit.protocol)
--------------------------------------------
  * Одна датаграмма — одно сообщение, "\\n" в конце не нужен; текст в байты —
    text.encode(ENCODING).
  * Первая датаграмма — имя. Сервер ответит welcome(name): «Добро пожаловать, Аня!»
    Если имя занято, сервер добавит номер («Аня2») — приветствие это покажет.
  * Каждая следующая датаграмма — сообщение в чат.
  * QUIT («/quit») — выход: сервер забудет ваш адрес и сообщит остальным.
    Конец ввода (Ctrl+D, а в Windows Ctrl+Z и Enter) — тоже выход: серверу нужно
    об этом сказать, иначе он будет слать сообщения в пустоту.

Ловушки
-------
  * Отправьте имя до того, как запустите поток приёма. Пока сокет ничего не отправил,
    у него нет своего порта, и recvfrom() на нём в Windows сразу бросает ошибку.
  * recvfrom(1024) молча отрезает всё, что в датаграмме дальше 1024 байт.
  * В Windows recvfrom() бросает ConnectionResetError, если сервер не запущен или
    остановился. Поток приёма от этого падать не должен.

Документация
------------
  socket.sendto     https://docs.python.org/3/library/socket.html#socket.socket.sendto
  socket.recvfrom   https://docs.python.org/3/library/socket.html#socket.socket.recvfrom
  threading.Thread  https://docs.python.org/3/library/threading.html#thread-objects

Как устроено это решение (эталон)
---------------------------------
main() ждёт клавиатуру, поток-демон receive_message ждёт датаграммы. Общее у них только
сокет (один отправляет, другой принимает), поэтому блокировка не нужна. QUIT уходит
серверу и по /quit, и по концу ввода, и по Ctrl+C (блок finally в main): UDP сам никогда
не скажет серверу, что вас больше нет.

Запуск (сначала запустите сервер): python -m solutions.udp_client --port 5000
"""
import socket
import threading

from chatkit.ports import CLIENT_HOST, DEFAULT_PORT
from chatkit.protocol import ENCODING, PROMPT, QUIT, decode_message

MAX_DATAGRAM = 65535  # самая большая датаграмма UDP


def send_message(client_socket, server_address):
    """Читать строки пользователя через input() и отправлять каждую датаграммой."""
    # TODO 1. Каждую введённую строку отправьте серверу одной датаграммой.
    # TODO 2. QUIT и конец ввода (EOFError) — уход. Цель: сервер в любом случае получает
    #         QUIT, и после него вы больше ничего не отправляете.
    while True:
        try:
            text = input()
        except EOFError:
            return  # ввод кончился: QUIT отправит main(), как и при Ctrl+C
        if text == QUIT:
            return
        if text:  # пустое сообщение сервер всё равно не разошлёт
            client_socket.sendto(text.encode(ENCODING), server_address)


def receive_message(client_socket):
    """Печатать каждую датаграмму от сервера."""
    # TODO 1. Печатайте каждую пришедшую датаграмму как строку (decode_message).
    # TODO 2. Ошибки приёма: ConnectionResetError (Windows) — не повод останавливаться;
    #         OSError от закрытого сокета — значит, программа заканчивается.
    while True:
        try:
            data, address = client_socket.recvfrom(MAX_DATAGRAM)
        except ConnectionResetError:
            continue  # Windows: прежняя датаграмма не дошла до сервера; ждём дальше
        except OSError:
            return  # сокет закрыт: программа заканчивается
        print(decode_message(data), flush=True)


def main(host=CLIENT_HOST, port=DEFAULT_PORT):
    """Представиться серверу host:port и переписываться, пока пользователь не выйдет."""
    # TODO 1. Создайте UDP-сокет (здесь, а не при импорте модуля).
    client_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server_address = (host, port)
    try:
        # TODO 2. Спросите имя (input(PROMPT)) и отправьте его первой датаграммой. Конец ввода
        #         уже здесь — пользователь ушёл, не войдя: серверу сообщать нечего.
        try:
            name = input(PROMPT)
        except EOFError:
            return
        client_socket.sendto(name.encode(ENCODING), server_address)
        # TODO 3. Только теперь запустите приём в отдельном потоке (daemon=True: когда main()
        #         закончится, этот поток не помешает программе выйти).
        threading.Thread(target=receive_message, args=(client_socket,), name="receiver",
                         daemon=True).start()
        # TODO 4. Ввод читайте здесь же, в основном потоке; в конце закройте сокет.
        try:
            send_message(client_socket, server_address)
        finally:
            # И по /quit, и по концу ввода, и по Ctrl+C: сервер должен услышать QUIT,
            # иначе он так и будет слать нам сообщения.
            try:
                client_socket.sendto(QUIT.encode(ENCODING), server_address)
            except OSError:
                pass  # сервера нет: прощаться не с кем
    finally:
        client_socket.close()


if __name__ == "__main__":
    from chatkit.cli import run_by_hand
    run_by_hand(main, "client")
