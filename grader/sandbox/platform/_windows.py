"""Windows: the portable code paths, plus a Job Object around every child.

The child is started suspended in a new process group, put into a job of its own, and
only then resumed, so nothing it starts is outside the job. The job kills every process
in it when its last handle closes (the grading process ending included), caps each
process's memory and CPU time, and bounds how many processes may be alive at once.
Windows has no rlimits, no file size cap and no no_new_privs; the child's environment
needs SYSTEMROOT (without it socket() fails with WinError 10106).
"""
import ctypes
import ctypes.wintypes as wintypes
import os
import subprocess
import sys
import threading

import psutil

from grader.engine import limits
from grader.sandbox.platform import _portable
from grader.sandbox.platform import _common
from grader.sandbox.platform._common import (  # the shared ones are part of the interface
    FileMarks, Memory, Protection, kill_pids, memory_and_threads, popen, ports_held, wait_gone)

assert sys.platform == "win32", "Windows only"  # mypy, too, reads the rest for Windows only

NAME = "windows"

CREATE_SUSPENDED = 0x00000004
PROCESS_TERMINATE, PROCESS_SET_QUOTA = 0x0001, 0x0100
JOB_OBJECT_LIMIT_PROCESS_TIME = 0x00000002
JOB_OBJECT_LIMIT_ACTIVE_PROCESS = 0x00000008
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
JobObjectBasicAccountingInformation, JobObjectBasicProcessIdList, JobObjectExtendedLimitInformation = 1, 3, 9
JOB_PIDS_MAX = 4096
TICKS_PER_SECOND = 10_000_000   # job times are in 100 ns units


class IO_COUNTERS(ctypes.Structure):
    _fields_ = [(name, ctypes.c_ulonglong) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
        "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]


class JOBOBJECT_BASIC_LIMIT_INFORMATION(ctypes.Structure):
    _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                ("SchedulingClass", wintypes.DWORD)]


class JOBOBJECT_EXTENDED_LIMIT_INFORMATION(ctypes.Structure):
    _fields_ = [("BasicLimitInformation", JOBOBJECT_BASIC_LIMIT_INFORMATION), ("IoInfo", IO_COUNTERS),
                ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]


class JOBOBJECT_BASIC_ACCOUNTING_INFORMATION(ctypes.Structure):
    _fields_ = [("TotalUserTime", ctypes.c_int64), ("TotalKernelTime", ctypes.c_int64),
                ("ThisPeriodTotalUserTime", ctypes.c_int64), ("ThisPeriodTotalKernelTime", ctypes.c_int64),
                ("TotalPageFaultCount", wintypes.DWORD), ("TotalProcesses", wintypes.DWORD),
                ("ActiveProcesses", wintypes.DWORD), ("TotalTerminatedProcesses", wintypes.DWORD)]


class JOBOBJECT_BASIC_PROCESS_ID_LIST(ctypes.Structure):
    _fields_ = [("NumberOfAssignedProcesses", wintypes.DWORD), ("NumberOfProcessIdsInList", wintypes.DWORD),
                ("ProcessIdList", ctypes.c_size_t * JOB_PIDS_MAX)]


kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
kernel32.CreateJobObjectW.restype = wintypes.HANDLE
kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD]
kernel32.SetInformationJobObject.restype = wintypes.BOOL
kernel32.QueryInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p,
                                               wintypes.DWORD, ctypes.c_void_p]
kernel32.QueryInformationJobObject.restype = wintypes.BOOL
kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
kernel32.AssignProcessToJobObject.restype = wintypes.BOOL
kernel32.TerminateJobObject.argtypes = [wintypes.HANDLE, wintypes.UINT]
kernel32.TerminateJobObject.restype = wintypes.BOOL
kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
kernel32.OpenProcess.restype = wintypes.HANDLE
kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
kernel32.CloseHandle.restype = wintypes.BOOL

_jobs: dict = {}                 # root pid -> job handle, while the child is not stopped
_jobs_lock = threading.Lock()


def new_job():
    """A job that kills its processes on close and caps memory, CPU time and processes."""
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        raise ctypes.WinError(ctypes.get_last_error())
    info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION()
    basic = info.BasicLimitInformation
    basic.LimitFlags = (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_PROCESS_MEMORY
                        | JOB_OBJECT_LIMIT_ACTIVE_PROCESS | JOB_OBJECT_LIMIT_PROCESS_TIME
                        | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION)
    basic.ActiveProcessLimit = limits.CHILD_PROCESSES
    basic.PerProcessUserTimeLimit = limits.CHILD_CPU_SECONDS * TICKS_PER_SECOND
    info.ProcessMemoryLimit = min(limits.CHILD_MEMORY_BYTES, sys.maxsize)
    if not kernel32.SetInformationJobObject(job, JobObjectExtendedLimitInformation,
                                            ctypes.byref(info), ctypes.sizeof(info)):
        error = ctypes.get_last_error()
        kernel32.CloseHandle(job)
        raise ctypes.WinError(error)
    return job


def assign(job, pid):
    handle = kernel32.OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE, False, pid)
    if not handle:
        raise ctypes.WinError(ctypes.get_last_error())
    try:
        if not kernel32.AssignProcessToJobObject(job, handle):
            raise ctypes.WinError(ctypes.get_last_error())
    finally:
        kernel32.CloseHandle(handle)


def job_pids(job):
    info = JOBOBJECT_BASIC_PROCESS_ID_LIST()
    if not kernel32.QueryInformationJobObject(job, JobObjectBasicProcessIdList, ctypes.byref(info),
                                              ctypes.sizeof(info), None):
        return []
    return [int(info.ProcessIdList[i]) for i in range(min(info.NumberOfProcessIdsInList, JOB_PIDS_MAX))]


def cpu_seconds(pid):
    """CPU time used by `pid`'s whole job, every process it started included (a venv's
    python.exe is a launcher whose real interpreter is its child); the process's own
    where it has no job."""
    with _jobs_lock:
        job = _jobs.get(pid)
    if job is not None:
        info = JOBOBJECT_BASIC_ACCOUNTING_INFORMATION()
        if kernel32.QueryInformationJobObject(job, JobObjectBasicAccountingInformation, ctypes.byref(info),
                                              ctypes.sizeof(info), None):
            return (info.TotalUserTime + info.TotalKernelTime) / TICKS_PER_SECOND
    return _common.cpu_seconds(pid)


# --- starting a child -------------------------------------------------------------------------

def marks_channel(workdir):
    return FileMarks(workdir)


def spawn_options(marks):
    return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | CREATE_SUSPENDED, **marks.popen}


def spawn(command, marks, env, **options):
    """Start the child suspended, put it into its job, then let it run."""
    env = _portable.tagged_env(env)
    proc = popen(command, marks, env=env, **spawn_options(marks), **options)
    try:
        job = new_job()
        try:
            assign(job, proc.pid)
        except OSError:
            kernel32.CloseHandle(job)
            raise
        psutil.Process(proc.pid).resume()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    with _jobs_lock:
        _jobs[proc.pid] = job
    _portable.remember(proc, env)
    return proc


def child_env_extra(workdir):
    """What a Windows process needs to start sockets and find its temporary directory."""
    extra = {name: os.environ[name] for name in ("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT")
             if name in os.environ}
    extra.setdefault("SYSTEMROOT", r"C:\Windows")
    extra.update(TEMP=str(workdir), TMP=str(workdir), USERPROFILE=str(workdir))
    return extra


def rlimits(uid_drop):
    return []  # the job holds the limits


def is_root():
    return False


# --- the tree and its end ---------------------------------------------------------------------

def descendants(pid):
    """Every live descendant of `pid`: its tree, the rest of its job (Windows does not
    re-parent orphans), and the strays that carry its tag."""
    found = _portable.descendants(pid)
    with _jobs_lock:
        job = _jobs.get(pid)
    if job is not None:
        found += [other for other in job_pids(job) if other not in found and other != pid]
    return found


def kill_tree(pid, timeout=limits.STOP_TIMEOUT):
    """End `pid`'s job (every process in it), `pid` and every descendant found, then wait
    up to `timeout` for the descendants to end; `pid` is left for its Popen to reap."""
    strays = descendants(pid)
    with _jobs_lock:
        job = _jobs.pop(pid, None)
    if job is not None:
        kernel32.TerminateJobObject(job, 1)
        kernel32.CloseHandle(job)
    kill_pids([pid, *strays])
    return wait_gone(strays, timeout)


witness_args = _portable.witness_args   # grader/sandbox/platform/_looks.py: the children say what they wait for
waiting_for_input = _portable.waiting_for_input
rest_in = _portable.rest_in
connections_at_rest = _portable.connections_at_rest
datagrams_at_rest = _portable.datagrams_at_rest
QUIET_BEFORE_REST = _portable.QUIET_BEFORE_REST
port_owner = _portable.port_owner   # psutil.net_connections() is one cheap call on Windows


def timeout_method():
    return "thread"


def protections(uid_drop):
    return [Protection("cpu_limit", True), Protection("memory_cap", True),
            Protection("file_size_cap", False), Protection("process_cap", True),
            Protection("no_new_privs", False), Protection("orphans_caught", True),
            Protection("job_object", True)]

