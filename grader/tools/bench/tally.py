"""Counting what the benchmark's users received: deliveries, duplicates, latencies, probes."""
from grader.tools.bench.plan import TOKEN


class Tally:
    """What the readers received: deliveries, duplicates, latencies, probes. Fed by one thread."""

    def __init__(self, talkers, messages):
        self.talkers = talkers
        self.messages = messages
        self.seen = [bytearray(talkers * messages) for _ in range(talkers)]
        self.tails = [b""] * talkers
        self.probes = [set() for _ in range(talkers)]   # receiver -> senders of probes seen
        self.delivered = 0
        self.duplicates = 0
        self.echoes = 0          # a user's own message came back to them
        self.latencies_ns = []
        self.last_delivery = None
        self.per_round = [0] * messages   # new deliveries of each round, for the sender's window

    def feed(self, receiver, data, now_ns, whole=False):
        """Count the tokens in `data` received by `receiver`; True if a probe was among them.

        A TCP chunk may end inside a token: its unfinished end is kept and read again in
        front of the next chunk. A datagram (`whole`) never continues.
        """
        if not whole:
            data = self.tails[receiver] + data
        probe = False
        end = 0
        seen = self.seen[receiver]
        for match in TOKEN.finditer(data):
            end = match.end()
            sender, seq = int(match.group(2)), int(match.group(3))
            if sender >= self.talkers:
                continue
            if match.group(1) == b"s":
                self.probes[receiver].add(sender)
                probe = True
                continue
            if seq >= self.messages:
                continue
            if sender == receiver:
                self.echoes += 1
                continue
            slot = sender * self.messages + seq
            if seen[slot]:
                self.duplicates += 1
                seen[slot] = min(255, seen[slot] + 1)
                continue
            seen[slot] = 1
            self.delivered += 1
            self.per_round[seq] += 1
            self.latencies_ns.append(now_ns - int(match.group(4)))
            self.last_delivery = now_ns
        if not whole:
            rest = data[end:]
            start = rest.rfind(b"<")
            self.tails[receiver] = rest[start:][-64:] if start >= 0 else b""
        return probe
