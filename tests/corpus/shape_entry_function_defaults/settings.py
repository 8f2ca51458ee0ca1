"""Shared settings: a helper module, not a part of the chat."""
HOST = "127.0.0.1"
PORT = 5555
