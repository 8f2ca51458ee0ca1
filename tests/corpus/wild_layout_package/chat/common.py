"""What the server and the client share."""
ADDRESS = ("127.0.0.1", 6100)
ENCODING = "utf-8"


def line(text):
    return (text + "\n").encode(ENCODING)
