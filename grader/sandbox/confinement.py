"""What confines the student's code in this run: network, files, user, limits, as facts.

    from grader.sandbox.confinement import confinement
    confinement()            # Confinement(network="netns", files="landlock", user="self", limits="rlimits", ...)
    confinement().merge(other)   # the weaker of two (several workers, or the platform layer's facts)

Each field is one word, read by the report (one line at the top, texts "confine.*" in
grader/messages/) and by results.json (extra_data["confinement"]):
  network  "netns"    a network namespace of the worker's own, only `lo` (grader/sandbox/netns.py)
           "ports"    TCP only to the grader's port (Landlock ABI ≥ 4); UDP is not confined
           "none"     the child shares the grader's network
  files    "landlock" writes only its copy, reads only Python, chatkit/ and the harness
           "none"     whatever the grader's user may touch
  user     "sandbox"  an unprivileged user (grader/sandbox/privileges.py sandbox_user), e.g. nobody
           "root"     root without capabilities (no user to switch to)
           "self"     the grader's own user
  limits   "rlimits"  CPU, memory, file size, no core; and processes unless the child is root
           "rlimits_no_memory"  the same without a memory limit (macOS, the portable mode)
           "none"     no resource limits on this platform
  processes "pidns"   everything the child starts lives in a PID namespace that dies with it
           "sweep"    strays are looked for and killed, repeatedly (process group, subreaper,
                      or the portable mode's tag): a fast enough fork chain can outrun it
  unix     "seccomp"  socket(AF_UNIX) refused: no unix socket file of the host is reachable
           "none"     a unix socket file the user may open is reachable by its path
`why` keeps the reason of each fallback ({"network": "unshare: EPERM"}).

The facts are those of the process that starts the children (the worker), taken after
netns.enter(); grader/runner.py gathers them from every worker.
"""
import functools
import os
from dataclasses import asdict, dataclass, field

from grader.sandbox import landlock, netns, seccomp

STRENGTH = {
    "network": ("none", "ports", "netns"),
    "files": ("none", "landlock"),
    "user": ("self", "root", "sandbox"),
    "limits": ("none", "rlimits_no_memory", "job_object", "rlimits"),
    "processes": ("sweep", "pidns"),
    "unix": ("none", "seccomp"),
}


@dataclass(frozen=True)
class Confinement:
    network: str = "none"
    files: str = "none"
    user: str = "self"
    limits: str = "none"
    processes: str = "sweep"
    unix: str = "none"
    why: dict = field(default_factory=dict)

    def merge(self, other):
        """The weaker of the two, field by field: what every child of the run had."""
        if other is None:
            return self
        if isinstance(other, dict):
            other = from_dict(other)
        values = {}
        for name, order in STRENGTH.items():
            mine, theirs = getattr(self, name), getattr(other, name)
            values[name] = min(mine, theirs, key=lambda v: order.index(v) if v in order else -1)
        return Confinement(**values, why={**other.why, **self.why})

    def as_dict(self):
        return asdict(self)


def from_dict(data):
    known = {name: data[name] for name in (*STRENGTH, "why") if name in data}
    return Confinement(**known)


@functools.lru_cache(maxsize=None)
def files_probe():
    """(ABI version, why not) for Landlock in a child started from here; (0, reason) when off."""
    if netns.turned_off():
        return 0, netns.turned_off()
    return landlock.probe()


def pids_state():
    """"" when every process a check starts dies with it by construction (the worker is the
    init of a PID namespace: grader/sandbox/netns.py), else why not."""
    return netns.pid_state()


def unix_refused():
    """"" when the children's unix sockets are refused (grader/sandbox/seccomp.py), else why not."""
    return netns.turned_off() or seccomp.supported()


def child_args():
    """Extra harness arguments: the confinement each probe says a child here can get."""
    args = ["CONFINE=landlock"] if files_probe()[0] >= 1 else []
    if not unix_refused():
        args.append("UNIX=seccomp")
    return args


def confinement():
    """The confinement a child started from this process gets now."""
    from grader.sandbox import platform  # here: the sandbox's child imports this module
    from grader.sandbox.privileges import sandbox_user
    why = {}
    version, files_why = files_probe()
    network, network_why = netns.state()
    if network != "netns":
        why["network"] = network_why
        network = "ports" if version >= 4 else "none"
    if version < 1:
        why["files"] = files_why
    if sandbox_user() is not None:
        user = "sandbox"
    elif platform.is_root() and platform.drops_capabilities():
        user = "root"
    else:
        user = "self"
    given = {fact.id for fact in platform.protections(sandbox_user() is not None) if fact.given}
    limits = ("none" if "cpu_limit" not in given else
              "job_object" if "job_object" in given else
              "rlimits" if "memory_cap" in given else "rlimits_no_memory")
    processes = "pidns" if not pids_state() else "sweep"
    if processes != "pidns":
        why["processes"] = pids_state()
    unix = "seccomp" if not unix_refused() else "none"
    if unix != "seccomp":
        why["unix"] = unix_refused()
    return Confinement(network=network, files="landlock" if version >= 1 else "none", user=user,
                       limits=limits, processes=processes, unix=unix, why=why)


def describe(data, lang):
    """The report's lines for a run's confinement (a dict from results, or None): the facts,
    each fallback's reason in brackets, and a warning when the files were not confined."""
    from grader.messages import say
    if not data:
        return [say("confine.unknown", lang)]
    facts = from_dict(data)
    words = {}
    for name in STRENGTH:
        value = getattr(facts, name)
        key = f"confine.{name}.{value}"
        words[name] = say(key, lang) if key in _catalogue(lang) else value
        if facts.why.get(name):
            words[name] += f" ({facts.why[name]})"
    lines = [say("confine.line", lang, **words)]
    if "processes" in data or "unix" in data:  # a result of an older grader has neither
        lines.append(say("confine.more", lang, **words))
    if facts.files == "none" and facts.user != "sandbox":
        lines.append(say("confine.warning", lang))
    return lines


def _catalogue(lang):
    from grader.messages import CATALOGUES
    return CATALOGUES[lang]
