"""Counting what the benchmark's users received: deliveries, duplicates, latencies, probes."""
from grader.tools.bench.plan import TOKEN


class Tally:
    """What the readers received: deliveries, duplicates, latencies, probes. Fed by one thread."""

    def __init__(self, talkers, messages):
        self.talkers = talkers
        self.messages = messages
        self.seen = [bytearray(talkers * messages) for _ in range(talkers)]
        self.tails = [b""] * talkers
        self.probes: list[set] = [set() for _ in range(talkers)]   # receiver -> senders of probes seen
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
        seen = self.seen[receiver]
        talkers, messages = self.talkers, self.messages
        per_round, latencies = self.per_round, self.latencies_ns
        delivered = 0
        # findall() hands back plain tuples: no match object per token. This loop is the
        # driver's hot spot, and a fan-out's rate must be the server's, not the driver's.
        for tag, sender, seq, sent in TOKEN.findall(data):
            sender, seq = int(sender), int(seq)
            if sender >= talkers:
                continue
            if tag == b"s":
                self.probes[receiver].add(sender)
                probe = True
                continue
            if seq >= messages:
                continue
            if sender == receiver:
                self.echoes += 1
                continue
            slot = sender * messages + seq
            if seen[slot]:
                self.duplicates += 1
                seen[slot] = min(255, seen[slot] + 1)
                continue
            seen[slot] = 1
            delivered += 1
            per_round[seq] += 1
            latencies.append(now_ns - int(sent))
        if delivered:
            self.delivered += delivered
            self.last_delivery = now_ns
        if not whole:
            # An unfinished token at the end ("<m 3 1" and no ">" yet) is read again in front
            # of the next chunk; the filler never holds "<" or ">".
            start = data.rfind(b"<")
            self.tails[receiver] = data[start:][-64:] if start >= 0 and data.find(b">", start) < 0 else b""
        return probe
