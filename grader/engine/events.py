"""The worker's event lines, signed: what the runner accepts from a worker's stdout.

A line is an HMAC-SHA256 of its JSON under the key the runner handed the worker on stdin,
a space, then the JSON, which carries a sequence number. The key never travels on the
pipe, so a student's process that reads the pipe (through /proc/PID/fd, or a duplicated
handle on Windows) learns only signatures of events already sent and cannot sign its own;
one that sends a genuine line again is refused for its old number.
"""
import hashlib
import hmac
import json


def sign(key, line):
    """One event line as the runner accepts it: an HMAC of the line under the runner's key,
    then the line. The key itself never travels: a student's process that reads this
    worker's pipe (through /proc/PID/fd, or a duplicated handle on Windows) sees only
    signatures of events already sent, and an event sent again has an old sequence number
    (verify())."""
    return hmac.new(key.encode(), line.encode("utf-8"), hashlib.sha256).hexdigest() + " " + line


def verify(key, line, last):
    """The event of one line of a worker's, if its signature is the worker's (sign()) and it
    comes after event number `last`; else None."""
    mac, _, text = line.partition(b" ")
    expected = hmac.new(key.encode(), text.rstrip(b"\r\n"), hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(mac, expected):
        return None
    try:
        event = json.loads(text)
    except ValueError:
        return None
    if not isinstance(event, dict) or not isinstance(event.get("seq"), int) or event["seq"] <= last:
        return None  # a genuine event sent again by someone who read it
    return event


def signed_command(key, line):
    """The words of one line the runner wrote to a worker's stdin (sign() of the words), if
    its signature is the runner's; else None."""
    mac, _, words = line.rstrip("\r\n").partition(" ")
    expected = hmac.new(key.encode(), words.encode("utf-8"), hashlib.sha256).hexdigest()
    return words if hmac.compare_digest(mac.encode(), expected.encode()) else None
