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
           "none"     no resource limits on this platform
`why` keeps the reason of each fallback ({"network": "unshare: EPERM"}).

The facts are those of the process that starts the children (the worker), taken after
netns.enter(); grader/runner.py gathers them from every worker.
"""
import functools
import os
import sys
from dataclasses import asdict, dataclass, field

from grader.sandbox import landlock, netns

STRENGTH = {
    "network": ("none", "ports", "netns"),
    "files": ("none", "landlock"),
    "user": ("self", "root", "sandbox"),
    "limits": ("none", "rlimits"),
}


@dataclass(frozen=True)
class Confinement:
    network: str = "none"
    files: str = "none"
    user: str = "self"
    limits: str = "none"
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


def child_args():
    """Extra harness arguments: ask it to confine the child's files when the probe says it can."""
    return ["CONFINE=landlock"] if files_probe()[0] >= 1 else []


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
    elif platform.NAME == "linux" and platform.is_root():  # only there are capabilities dropped
        user = "root"
    else:
        user = "self"
    try:
        import resource  # noqa: F401
        limits = "rlimits"
    except ImportError:
        limits = "none"
    return Confinement(network=network, files="landlock" if version >= 1 else "none", user=user,
                       limits=limits, why=why)


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
    if facts.files == "none" and facts.user != "sandbox":
        lines.append(say("confine.warning", lang))
    return lines


def _catalogue(lang):
    from grader.messages import CATALOGUES
    return CATALOGUES[lang]
