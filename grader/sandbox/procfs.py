"""What the kernel says about processes and sockets, read from /proc (Linux).

The grader learns whether a child is ready from here, not from what the child says, and
falls back to a connection probe where /proc is missing.
"""
import os
import socket


def socket_table(kind):
    """Yield (local_port, state, inode) for every socket of `kind` ("tcp"/"udp") on this host."""
    for suffix in ("", "6"):
        try:
            with open(f"/proc/net/{kind}{suffix}") as table:
                next(table)
                for line in table:
                    fields = line.split()
                    yield int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
        except (OSError, StopIteration, ValueError, IndexError):
            continue


HAVE_PROC_NET = os.path.exists("/proc/net/tcp")
LISTEN = "0A"


def port_ready(kind, port):
    """Is anyone listening on TCP `port` (kind "tcp") or bound to UDP `port` (kind "udp")?"""
    if HAVE_PROC_NET:
        return bool(sockets_on(kind, port))
    if kind == "udp":
        return True  # no way to tell without sending; the first expectation will wait instead
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def sockets_on(kind, port):
    """Inodes of the sockets listening on TCP `port` or bound to UDP `port`, whoever holds them."""
    return {inode for p, state, inode in socket_table(kind) if p == port and (kind == "udp" or state == LISTEN)}


def socket_inodes(pids):
    """Inodes of every socket the processes `pids` hold open."""
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:["):
                    inodes.add(link[8:-1])
        except OSError:
            continue
    return inodes


OURS, FOREIGN, CLOSED = "ours", "foreign", "closed"


def port_owner(kind, port, pid):
    """Who holds `port`: OURS (only the process tree of `pid`), FOREIGN (some other process
    too, e.g. a neighbour's server handed the same number) or CLOSED (nobody yet).

    The sockets on the port are read before the tree's descriptors: a socket the child
    creates in between is already among its descriptors by then, so it is never taken for
    a stranger's."""
    on_port = sockets_on(kind, port)
    if not on_port:
        return CLOSED
    strangers = on_port - socket_inodes([pid, *descendants(pid)])
    if strangers and strangers & sockets_on(kind, port):  # still there: not one that just closed
        return FOREIGN
    return OURS


def parents():
    """{pid: its parent's pid} for every process /proc shows."""
    found = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                found[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return found


def children_of(parent):
    """Pids whose parent is `parent`."""
    return [pid for pid, ppid in parents().items() if ppid == parent]


def descendants(pid):
    """Pids of every live descendant of `pid`."""
    children = {}
    for child, ppid in parents().items():
        children.setdefault(ppid, []).append(child)
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), ()):
            found.append(child)
            stack.append(child)
    return found


def ports_of(pids, kind):
    """Ports that sockets held by `pids` listen on (tcp) or are bound to (udp)."""
    inodes = socket_inodes(pids)
    return sorted({p for p, state, inode in socket_table(kind)
                   if inode in inodes and (kind == "udp" or state == LISTEN) and p != 0})


def cpu_seconds(pid):
    """User and system CPU time `pid` has used, in seconds, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
