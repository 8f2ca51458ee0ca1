"""The rubric: one record per check, and everything about a check is in its record.

A check's record (`Check`) holds its id, its points, its tier, its place among the step
mode's milestones (default tier), the checks file that holds its `@check` function (the
strict tier's; the default tier's is check_TRACK_ROLE.py), and the ids of its sentences in
the catalogue (grader/messages): the line a student reads and its hint in three levels, 1
the concept, 2 the API to use, 3 the shape of the code; none of them is the solution
(grader/engine/hints.py says which level a student sees when).

Everything else is derived from the records: the score, assignment.md's rubric sections
(`python -m grader rubric --update assignment.md`; a test asserts the two agree), the step
mode's milestones (grader/engine/steps.py), the runner's units of checks files
(grader/engine/runner.py), the reports and the exports. TCP sums to 100, UDP to 80; a
submission's score is the better of the two tracks. The strict tier (--strict) is scored
separately and never changes the default score.
"""
from dataclasses import dataclass

from grader.messages import known, say

TRACK_MAX = {"tcp": 100, "udp": 80}
TRACKS = ("tcp", "udp")
TIERS = ("default", "strict")   # both tiers sum to TRACK_MAX per track; strict is scored apart
ROLES = ("server", "client")
MODULES = {  # (track, role) -> the file a submission holds
    ("tcp", "server"): "tcp_server.py",
    ("tcp", "client"): "tcp_client.py",
    ("udp", "server"): "udp_server.py",
    ("udp", "client"): "udp_client.py",
}


def _sentence(key, lang):
    """A rubric sentence: said without fields, so its escaped braces ("{{имя}}") read as braces."""
    return say(key, lang).format()


HINT_LEVELS = ("idea", "api", "shape")   # a check's hints by level, as the catalogue names them


@dataclass(frozen=True)
class Check:
    id: str
    points: int
    tier: str = "default"
    milestone: tuple = ()     # default tier: (step, place in it) of the step mode (grader/engine/steps.py)
    file: str = ""            # its @check function's file under grader/checks/; "" is check_TRACK_ROLE.py
    probe: bool = False       # strict tier: also run, unscored, for a student whose TCP server passed (strict_probe.py)

    @property
    def track(self):
        return self.id.split(".")[0]

    @property
    def role(self):
        return self.id.split(".")[1]

    @property
    def module(self):
        return MODULES[(self.track, self.role)]

    @property
    def line(self):
        """The catalogue's id of the line a student reads: check.<id>."""
        return f"check.{self.id}"

    @property
    def hints(self):
        """The catalogue's ids of its hint by level: 1 the concept, 2 the API, 3 the shape."""
        return tuple(f"{self.line}.{level}" for level in HINT_LEVELS)

    @property
    def checks_file(self):
        """The file of grader/checks/ that holds its @check function (the runner's unit)."""
        return self.file or f"check_{self.track}_{self.role}.py"

    def text(self, lang):
        return _sentence(self.line, lang)

    def hint(self, lang, level=1):
        """The hint at `level` (1 the concept, 2 the API to use, 3 the shape of the code)."""
        return _sentence(self.hints[max(1, min(level, len(self.hints))) - 1], lang)


CHECKS = (
    # --- TCP server: 72 ---
    Check("tcp.server.static", 10, milestone=(1, 1)),
    Check("tcp.server.prompt", 5, milestone=(1, 2)),
    Check("tcp.server.welcome", 5, milestone=(2, 1)),
    Check("tcp.server.concurrent", 8, milestone=(4, 2)),
    Check("tcp.server.join_notice", 8, milestone=(2, 2)),
    Check("tcp.server.broadcast_3", 10, milestone=(3, 1)),
    Check("tcp.server.broadcast_10", 8, milestone=(4, 1)),
    Check("tcp.server.no_echo", 6, milestone=(3, 2)),
    Check("tcp.server.leave_notice", 6, milestone=(5, 1)),
    Check("tcp.server.after_leave", 6, milestone=(5, 2)),
    # --- TCP client: 28 ---
    Check("tcp.client.static", 6, milestone=(6, 1)),
    Check("tcp.client.shows", 7, milestone=(6, 2)),
    Check("tcp.client.sends", 8, milestone=(6, 3)),
    Check("tcp.client.receives_idle", 7, milestone=(6, 4)),
    # --- UDP server: 53 ---
    Check("udp.server.static", 4, milestone=(1, 1)),
    Check("udp.server.welcome", 5, milestone=(2, 1)),
    Check("udp.server.join_notice", 7, milestone=(2, 2)),
    Check("udp.server.broadcast_3", 9, milestone=(3, 1)),
    Check("udp.server.broadcast_10", 7, milestone=(4, 1)),
    Check("udp.server.no_echo", 5, milestone=(3, 2)),
    Check("udp.server.leave_notice", 6, milestone=(5, 1)),
    Check("udp.server.after_leave", 6, milestone=(5, 2)),
    Check("udp.server.vanished_user", 4, milestone=(5, 3)),
    # --- UDP client: 27 ---
    Check("udp.client.static", 6, milestone=(6, 1)),
    Check("udp.client.shows", 7, milestone=(6, 2)),
    Check("udp.client.sends", 7, milestone=(6, 3)),
    Check("udp.client.receives_idle", 7, milestone=(6, 4)),

    # === The strict tier (--strict): robustness beyond the assignment, scored apart ===
    # --- TCP server: 84 ---
    Check("tcp.server.exact_lines", 10, tier="strict", file="strict/check_tcp_framing.py"),
    Check("tcp.server.two_in_one", 8, tier="strict", probe=True, file="strict/check_tcp_framing.py"),
    Check("tcp.server.split_message", 8, tier="strict", probe=True, file="strict/check_tcp_framing.py"),
    Check("tcp.server.long_line", 10, tier="strict", probe=True, file="strict/check_tcp_framing.py"),
    Check("tcp.server.stuck_reader", 12, tier="strict", file="strict/check_tcp_load.py"),
    Check("tcp.server.abrupt_disconnect", 10, tier="strict", file="strict/check_tcp_load.py"),
    Check("tcp.server.churn", 10, tier="strict", file="strict/check_tcp_load.py"),
    Check("tcp.server.fifty_users", 10, tier="strict", file="strict/check_tcp_load.py"),
    Check("tcp.server.restart", 6, tier="strict", file="strict/check_tcp_lifecycle.py"),
    # --- TCP client: 16 ---
    Check("tcp.client.exits_at_eof", 8, tier="strict", file="strict/check_tcp_lifecycle.py"),
    Check("tcp.client.exits_when_server_closes", 8, tier="strict", file="strict/check_tcp_lifecycle.py"),
    # --- UDP server: 80 ---
    Check("udp.server.unknown_sender", 25, tier="strict", file="strict/check_udp_server.py"),
    Check("udp.server.repeated_join", 25, tier="strict", file="strict/check_udp_server.py"),
    Check("udp.server.big_datagram", 30, tier="strict", file="strict/check_udp_server.py"),
)

BY_ID = {check.id: check for check in CHECKS}
RANK = {check.id: index for index, check in enumerate(CHECKS)}   # a check's place in rubric order


def checks(track=None, role=None, tier="default"):
    """The checks of one tier, optionally of one track and role, in rubric order."""
    return [c for c in CHECKS
            if c.tier == tier and (track is None or c.track == track) and (role is None or c.role == role)]


def markdown(lang="ru", tier="default"):
    """The rubric as Markdown tables, one per track: what assignment.md shows."""
    head, total = say("rubric.head", lang), say("rubric.total", lang)
    out = []
    first = 1 + TIERS.index(tier) * len(TRACKS)   # strict tables are numbered 3.x and 4.x
    for number, track in enumerate(TRACKS, first):
        rows = checks(track, tier=tier)
        if not rows:
            continue
        out += [f"**{say('rubric.track.' + track, lang)}** ({sum(c.points for c in rows)})", "", head, "|---|---|---|---|"]
        for index, check in enumerate(rows, 1):
            out.append(f"| {number}.{index} | `{check.module}` | {check.text(lang)} | {check.points} |")
        out += [f"| | | **{total}** | **{sum(c.points for c in rows)}** |", ""]
    return "\n".join(out).rstrip() + "\n"


def update_sections(text):
    """Regenerate every rubric section of a Markdown text: <!-- rubric:ru --> … <!-- /rubric:ru -->,
    and likewise rubric:en, rubric:strict:ru and rubric:strict:en."""
    for tier, tag in (("default", "rubric"), ("strict", "rubric:strict")):
        for lang in ("ru", "en"):
            start, end = f"<!-- {tag}:{lang} -->", f"<!-- /{tag}:{lang} -->"
            if start in text and end in text:
                head, rest = text.split(start, 1)
                _, tail = rest.split(end, 1)
                text = f"{head}{start}\n{markdown(lang, tier)}{end}{tail}"
    return text


def _verify():
    for tier in TIERS:
        for track, total in TRACK_MAX.items():
            got = sum(c.points for c in checks(track, tier=tier))
            assert got == total, f"rubric: {track} ({tier}) sums to {got}, not {total}"
    assert all(c.tier in TIERS for c in CHECKS), "rubric: unknown tier"
    assert len(BY_ID) == len(CHECKS), "rubric: a check id is used twice"
    for c in CHECKS:
        assert bool(c.milestone) == (c.tier == "default"), f"rubric: {c.id}: a milestone for each default check, only"
        assert c.tier == "default" or c.file, f"rubric: {c.id}: a strict check names its file (strict/...)"
        assert not c.probe or c.tier == "strict", f"rubric: {c.id}: only a strict check is probed"
        assert all(known(key) for key in (c.line, *c.hints)), f"rubric: {c.id}: a sentence not in the catalogue"
    places = [(c.track, c.milestone) for c in CHECKS if c.milestone]
    assert len(places) == len(set(places)), "rubric: two checks at one place of a milestone"


_verify()
