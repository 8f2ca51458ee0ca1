"""Run a chat module by hand: `python -m lab.tcp_server --port 5000`.

Every server and client module of the kit ends with

    if __name__ == "__main__":
        run_by_hand(main, "server")

so argument parsing is the kit's job, not the student's.
"""
import argparse
import errno
import sys

from chatkit.ports import CLIENT_HOST, DEFAULT_PORT, SERVER_HOST

NOT_IMPLEMENTED = (
    "Этот модуль ещё не написан: заполните TODO в {file} и запустите снова. "
    "(This module is not implemented yet: fill in the TODOs in {file}.)"
)
PORT_IN_USE = (
    "Порт {port} уже занят: остановите другой сервер или выберите другой порт, например --port {other}. "
    "(Port {port} is in use: stop the other server or pass another port.)"
)
CANNOT_CONNECT = (
    "Не удалось подключиться к {host}:{port}: сначала запустите сервер или проверьте --host и --port. "
    "(Cannot connect to {host}:{port}: start the server first or check --host and --port.)"
)
STOPPED = "Остановлено. (Stopped.)"


def parse_args(role, argv=None):
    """Parse --host and --port with the seed's defaults for a "server" or a "client"."""
    default_host = SERVER_HOST if role == "server" else CLIENT_HOST
    title = "сервер" if role == "server" else "клиент"
    parser = argparse.ArgumentParser(description=f"Многопользовательский чат: {title}. (Multi-user chat: {role}.)")
    parser.add_argument("--host", default=default_host, help=f"адрес (по умолчанию {default_host})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"порт (по умолчанию {DEFAULT_PORT})")
    return parser.parse_args(argv)


def run_by_hand(main, role, argv=None):
    """Call main(host, port) with the command line's address; turn common errors into one sentence."""
    args = parse_args(role, argv)
    file = sys.modules[main.__module__].__file__ if main.__module__ in sys.modules else main.__module__
    try:
        main(args.host, args.port)
    except NotImplementedError:
        sys.exit(NOT_IMPLEMENTED.format(file=file))
    except KeyboardInterrupt:
        print(STOPPED)
    except ConnectionRefusedError:
        sys.exit(CANNOT_CONNECT.format(host=args.host, port=args.port))
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, 10048):  # 10048: WSAEADDRINUSE on Windows
            sys.exit(PORT_IN_USE.format(port=args.port, other=args.port + 1))
        raise
