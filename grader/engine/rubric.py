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


@dataclass(frozen=True)
class Check:
    id: str
    points: int
    tier: str = "default"
    milestone: tuple = ()     # default tier: (step, place in it) of the step mode (grader/engine/steps.py)
    file: str = ""            # its @check function's file under grader/checks/; "" is check_TRACK_ROLE.py
    line: str = ""            # the catalogue's id of the line a student reads
    hints: tuple = ()         # the catalogue's ids of its hint by level: 1 the concept, 2 the API, 3 the shape
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
    def checks_file(self):
        """The file of grader/checks/ that holds its @check function (the runner's unit)."""
        return self.file or f"check_{self.track}_{self.role}.py"

    def text(self, lang):
        return _sentence(self.line, lang)

    def hint(self, lang, level=1):
        """The hint at `level` (1 the concept, 2 the API to use, 3 the shape of the code)."""
        if not self.hints:
            return ""
        return _sentence(self.hints[max(1, min(level, len(self.hints))) - 1], lang)


CHECKS = (
    # --- TCP server: 72 ---
    Check("tcp.server.static", 10, milestone=(1, 1),
          line="check.tcp.server.static",
          hints=("check.tcp.server.static.idea", "check.tcp.server.static.api",
                 "check.tcp.server.static.shape")),
    Check("tcp.server.prompt", 5, milestone=(1, 2),
          line="check.tcp.server.prompt",
          hints=("check.tcp.server.prompt.idea", "check.tcp.server.prompt.api",
                 "check.tcp.server.prompt.shape")),
    Check("tcp.server.welcome", 5, milestone=(2, 1),
          line="check.tcp.server.welcome",
          hints=("check.tcp.server.welcome.idea", "check.tcp.server.welcome.api",
                 "check.tcp.server.welcome.shape")),
    Check("tcp.server.concurrent", 8, milestone=(4, 2),
          line="check.tcp.server.concurrent",
          hints=("check.tcp.server.concurrent.idea", "check.tcp.server.concurrent.api",
                 "check.tcp.server.concurrent.shape")),
    Check("tcp.server.join_notice", 8, milestone=(2, 2),
          line="check.tcp.server.join_notice",
          hints=("check.tcp.server.join_notice.idea", "check.tcp.server.join_notice.api",
                 "check.tcp.server.join_notice.shape")),
    Check("tcp.server.broadcast_3", 10, milestone=(3, 1),
          line="check.tcp.server.broadcast_3",
          hints=("check.tcp.server.broadcast_3.idea", "check.tcp.server.broadcast_3.api",
                 "check.tcp.server.broadcast_3.shape")),
    Check("tcp.server.broadcast_10", 8, milestone=(4, 1),
          line="check.tcp.server.broadcast_10",
          hints=("check.tcp.server.broadcast_10.idea", "check.tcp.server.broadcast_10.api",
                 "check.tcp.server.broadcast_10.shape")),
    Check("tcp.server.no_echo", 6, milestone=(3, 2),
          line="check.tcp.server.no_echo",
          hints=("check.tcp.server.no_echo.idea", "check.tcp.server.no_echo.api",
                 "check.tcp.server.no_echo.shape")),
    Check("tcp.server.leave_notice", 6, milestone=(5, 1),
          line="check.tcp.server.leave_notice",
          hints=("check.tcp.server.leave_notice.idea", "check.tcp.server.leave_notice.api",
                 "check.tcp.server.leave_notice.shape")),
    Check("tcp.server.after_leave", 6, milestone=(5, 2),
          line="check.tcp.server.after_leave",
          hints=("check.tcp.server.after_leave.idea", "check.tcp.server.after_leave.api",
                 "check.tcp.server.after_leave.shape")),
    # --- TCP client: 28 ---
    Check("tcp.client.static", 6, milestone=(6, 1),
          line="check.tcp.client.static",
          hints=("check.tcp.client.static.idea", "check.tcp.client.static.api",
                 "check.tcp.client.static.shape")),
    Check("tcp.client.shows", 7, milestone=(6, 2),
          line="check.tcp.client.shows",
          hints=("check.tcp.client.shows.idea", "check.tcp.client.shows.api",
                 "check.tcp.client.shows.shape")),
    Check("tcp.client.sends", 8, milestone=(6, 3),
          line="check.tcp.client.sends",
          hints=("check.tcp.client.sends.idea", "check.tcp.client.sends.api",
                 "check.tcp.client.sends.shape")),
    Check("tcp.client.receives_idle", 7, milestone=(6, 4),
          line="check.tcp.client.receives_idle",
          hints=("check.tcp.client.receives_idle.idea", "check.tcp.client.receives_idle.api",
                 "check.tcp.client.receives_idle.shape")),
    # --- UDP server: 53 ---
    Check("udp.server.static", 4, milestone=(1, 1),
          line="check.udp.server.static",
          hints=("check.udp.server.static.idea", "check.udp.server.static.api",
                 "check.udp.server.static.shape")),
    Check("udp.server.welcome", 5, milestone=(2, 1),
          line="check.udp.server.welcome",
          hints=("check.udp.server.welcome.idea", "check.udp.server.welcome.api",
                 "check.udp.server.welcome.shape")),
    Check("udp.server.join_notice", 7, milestone=(2, 2),
          line="check.udp.server.join_notice",
          hints=("check.udp.server.join_notice.idea", "check.udp.server.join_notice.api",
                 "check.udp.server.join_notice.shape")),
    Check("udp.server.broadcast_3", 9, milestone=(3, 1),
          line="check.udp.server.broadcast_3",
          hints=("check.udp.server.broadcast_3.idea", "check.udp.server.broadcast_3.api",
                 "check.udp.server.broadcast_3.shape")),
    Check("udp.server.broadcast_10", 7, milestone=(4, 1),
          line="check.udp.server.broadcast_10",
          hints=("check.udp.server.broadcast_10.idea", "check.udp.server.broadcast_10.api",
                 "check.udp.server.broadcast_10.shape")),
    Check("udp.server.no_echo", 5, milestone=(3, 2),
          line="check.udp.server.no_echo",
          hints=("check.udp.server.no_echo.idea", "check.udp.server.no_echo.api",
                 "check.udp.server.no_echo.shape")),
    Check("udp.server.leave_notice", 6, milestone=(5, 1),
          line="check.udp.server.leave_notice",
          hints=("check.udp.server.leave_notice.idea", "check.udp.server.leave_notice.api",
                 "check.udp.server.leave_notice.shape")),
    Check("udp.server.after_leave", 6, milestone=(5, 2),
          line="check.udp.server.after_leave",
          hints=("check.udp.server.after_leave.idea", "check.udp.server.after_leave.api",
                 "check.udp.server.after_leave.shape")),
    Check("udp.server.vanished_user", 4, milestone=(5, 3),
          line="check.udp.server.vanished_user",
          hints=("check.udp.server.vanished_user.idea", "check.udp.server.vanished_user.api",
                 "check.udp.server.vanished_user.shape")),
    # --- UDP client: 27 ---
    Check("udp.client.static", 6, milestone=(6, 1),
          line="check.udp.client.static",
          hints=("check.udp.client.static.idea", "check.udp.client.static.api",
                 "check.udp.client.static.shape")),
    Check("udp.client.shows", 7, milestone=(6, 2),
          line="check.udp.client.shows",
          hints=("check.udp.client.shows.idea", "check.udp.client.shows.api",
                 "check.udp.client.shows.shape")),
    Check("udp.client.sends", 7, milestone=(6, 3),
          line="check.udp.client.sends",
          hints=("check.udp.client.sends.idea", "check.udp.client.sends.api",
                 "check.udp.client.sends.shape")),
    Check("udp.client.receives_idle", 7, milestone=(6, 4),
          line="check.udp.client.receives_idle",
          hints=("check.udp.client.receives_idle.idea", "check.udp.client.receives_idle.api",
                 "check.udp.client.receives_idle.shape")),

    # === The strict tier (--strict): robustness beyond the assignment, scored apart ===
    # --- TCP server: 84 ---
    Check("tcp.server.exact_lines", 10, tier="strict", file="strict/check_tcp_framing.py",
          line="check.tcp.server.exact_lines",
          hints=("check.tcp.server.exact_lines.idea", "check.tcp.server.exact_lines.api",
                 "check.tcp.server.exact_lines.shape")),
    Check("tcp.server.two_in_one", 8, tier="strict", probe=True, file="strict/check_tcp_framing.py",
          line="check.tcp.server.two_in_one",
          hints=("check.tcp.server.two_in_one.idea", "check.tcp.server.two_in_one.api",
                 "check.tcp.server.two_in_one.shape")),
    Check("tcp.server.split_message", 8, tier="strict", probe=True, file="strict/check_tcp_framing.py",
          line="check.tcp.server.split_message",
          hints=("check.tcp.server.split_message.idea", "check.tcp.server.split_message.api",
                 "check.tcp.server.split_message.shape")),
    Check("tcp.server.long_line", 10, tier="strict", probe=True, file="strict/check_tcp_framing.py",
          line="check.tcp.server.long_line",
          hints=("check.tcp.server.long_line.idea", "check.tcp.server.long_line.api",
                 "check.tcp.server.long_line.shape")),
    Check("tcp.server.stuck_reader", 12, tier="strict", file="strict/check_tcp_load.py",
          line="check.tcp.server.stuck_reader",
          hints=("check.tcp.server.stuck_reader.idea", "check.tcp.server.stuck_reader.api",
                 "check.tcp.server.stuck_reader.shape")),
    Check("tcp.server.abrupt_disconnect", 10, tier="strict", file="strict/check_tcp_load.py",
          line="check.tcp.server.abrupt_disconnect",
          hints=("check.tcp.server.abrupt_disconnect.idea", "check.tcp.server.abrupt_disconnect.api",
                 "check.tcp.server.abrupt_disconnect.shape")),
    Check("tcp.server.churn", 10, tier="strict", file="strict/check_tcp_load.py",
          line="check.tcp.server.churn",
          hints=("check.tcp.server.churn.idea", "check.tcp.server.churn.api",
                 "check.tcp.server.churn.shape")),
    Check("tcp.server.fifty_users", 10, tier="strict", file="strict/check_tcp_load.py",
          line="check.tcp.server.fifty_users",
          hints=("check.tcp.server.fifty_users.idea", "check.tcp.server.fifty_users.api",
                 "check.tcp.server.fifty_users.shape")),
    Check("tcp.server.restart", 6, tier="strict", file="strict/check_tcp_lifecycle.py",
          line="check.tcp.server.restart",
          hints=("check.tcp.server.restart.idea", "check.tcp.server.restart.api",
                 "check.tcp.server.restart.shape")),
    # --- TCP client: 16 ---
    Check("tcp.client.exits_at_eof", 8, tier="strict", file="strict/check_tcp_lifecycle.py",
          line="check.tcp.client.exits_at_eof",
          hints=("check.tcp.client.exits_at_eof.idea", "check.tcp.client.exits_at_eof.api",
                 "check.tcp.client.exits_at_eof.shape")),
    Check("tcp.client.exits_when_server_closes", 8, tier="strict", file="strict/check_tcp_lifecycle.py",
          line="check.tcp.client.exits_when_server_closes",
          hints=("check.tcp.client.exits_when_server_closes.idea", "check.tcp.client.exits_when_server_closes.api",
                 "check.tcp.client.exits_when_server_closes.shape")),
    # --- UDP server: 80 ---
    Check("udp.server.unknown_sender", 25, tier="strict", file="strict/check_udp_server.py",
          line="check.udp.server.unknown_sender",
          hints=("check.udp.server.unknown_sender.idea", "check.udp.server.unknown_sender.api",
                 "check.udp.server.unknown_sender.shape")),
    Check("udp.server.repeated_join", 25, tier="strict", file="strict/check_udp_server.py",
          line="check.udp.server.repeated_join",
          hints=("check.udp.server.repeated_join.idea", "check.udp.server.repeated_join.api",
                 "check.udp.server.repeated_join.shape")),
    Check("udp.server.big_datagram", 30, tier="strict", file="strict/check_udp_server.py",
          line="check.udp.server.big_datagram",
          hints=("check.udp.server.big_datagram.idea", "check.udp.server.big_datagram.api",
                 "check.udp.server.big_datagram.shape")),
)

BY_ID = {check.id: check for check in CHECKS}


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
    assert all(len(c.hints) == 3 for c in CHECKS), "rubric: every check has three hint levels"
    for c in CHECKS:
        assert bool(c.milestone) == (c.tier == "default"), f"rubric: {c.id}: a milestone for each default check, only"
        assert c.tier == "default" or c.file, f"rubric: {c.id}: a strict check names its file (strict/...)"
        assert not c.probe or c.tier == "strict", f"rubric: {c.id}: only a strict check is probed"
        assert all(known(key) for key in (c.line, *c.hints)), f"rubric: {c.id}: a sentence not in the catalogue"
    places = [(c.track, c.milestone) for c in CHECKS if c.milestone]
    assert len(places) == len(set(places)), "rubric: two checks at one place of a milestone"


_verify()
