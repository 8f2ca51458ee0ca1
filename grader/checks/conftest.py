"""Fixtures of the grader's checks: a scenario per check, the student's server or client
started in a sandbox, and the rules that skip a check whose module is missing, untouched,
or already failed to start."""
import json
from pathlib import Path

import pytest

from grader.chat.cast import deal
from grader.chat.lenient import Matcher, Protocol, awaited_prompt, quit_command
from grader.engine import rubric
from grader.chat.transcript import Failure, Scenario, StartFailure
from grader.errors import OneAtATime
from grader.chat.scenarios import ClientRun, start_server
from grader.checks import CHECK_ID, GRADING, NOT_CHECKED_AFTER, SCENARIO, START_FAILED_IN
from grader.engine.intake import read_bytes
from grader.messages import say
from grader.engine.roles import Roles, find_roles, with_helpers



def pytest_addoption(parser):
    group = parser.getgroup("chatkit")
    group.addoption("--submission", default="lab", help="the submission folder to grade")
    group.addoption("--report-lang", default="ru", choices=("ru", "en"))
    group.addoption("--strict-tier", action="store_true", help="also run the strict tier")
    group.addoption("--roles", default=None, help="JSON from grader.engine.roles: which file plays which part")
    group.addoption("--check-ids", default=None, help="comma-separated rubric ids: run only these (the step mode)")
    group.addoption("--lenient", action="store_true", help="judge behaviour, not the protocol's exact words")
    group.addoption("--protocol-json", default=None, help="JSON of grader.chat.lenient.Protocol: a course's own strings")
    group.addoption("--calm", action="store_true", help="users act one at a time (a check run again after a race)")


class Grading:
    """What every check needs to know about the submission under test."""

    def __init__(self, config):
        self.folder = Path(config.getoption("--submission")).resolve()
        self.lang = config.getoption("--report-lang")
        self.strict = config.getoption("--strict-tier")
        given = config.getoption("--roles")
        # Which file plays which part: keyed by the kit's name ("tcp_server.py") everywhere.
        self.roles = Roles.from_json(json.loads(given)) if given else find_roles(self.folder)
        self.facts = {name: with_helpers(self.folder, self.roles.file(name)) for name in rubric.MODULES.values()}
        self.start_failures = {}   # module -> id of the check where it failed to start
        self.first_start = {}      # module -> its first check in rubric order that starts it (STARTS)
        self.traits: dict[str, dict] = {name: {} for name in rubric.MODULES.values()}  # see scenarios.Chat
        given = config.getoption("--protocol-json")
        self.protocol = Protocol.from_json(json.loads(given)) if given else Protocol()
        self.lenient = config.getoption("--lenient")
        self.calm = config.getoption("--calm")   # grader/engine/races.py: a check run again after a race
        self.says = {name: self._matcher(name) for name in rubric.MODULES.values()}
        self._sources = {}

    def source(self, name):
        """The bytes of the file that plays module `name` (b"" when it cannot be read), read once."""
        if name not in self._sources:
            try:
                self._sources[name] = read_bytes(self.folder / self.roles.file(name))   # no link, within the budget
            except OSError:
                self._sources[name] = b""
        return self._sources[name]

    def _matcher(self, name):
        """What the checks of one module wait for (see grader/chat/lenient.py): lenient, the
        quit command a server checks for and the word a client waits for come from its source."""
        if not self.lenient:
            return Matcher(self.protocol)
        path = self.folder / self.roles.file(name)
        try:
            source = read_bytes(path).decode("utf-8", errors="replace")   # no link, within the budget
        except OSError:
            source = ""
        server = name.endswith("_server.py")
        return Matcher(self.protocol, lenient=True,
                       quit=quit_command(source, self.protocol.quit) if server else None,
                       client_prompt=None if server else awaited_prompt(source))


STARTS = {"tcp_chat", "udp_chat", "tcp_client", "udp_client"}   # the fixtures below that start a student's module


def pytest_configure(config):
    config.stash[GRADING] = Grading(config)


def check_of(item):
    marker = item.get_closest_marker("check")
    return rubric.BY_ID.get(marker.args[0]) if marker else None


def pytest_collection_modifyitems(config, items):
    grading = config.stash[GRADING]
    only = set(config.getoption("--check-ids").split(",")) if config.getoption("--check-ids") else None
    def rank(item):
        entry = check_of(item)
        return rubric.RANK[entry.id] if entry else -1

    keep = []
    for item in sorted(items, key=rank):   # rubric order
        entry = check_of(item)
        if entry is None or (entry.tier == "strict" and not grading.strict):
            continue
        if STARTS & set(item.fixturenames):   # of all this worker's files' checks, not only its own
            grading.first_start.setdefault(entry.module, entry.id)
        if only and entry.id not in only:
            continue
        item.stash[CHECK_ID] = entry.id
        facts = grading.facts[entry.module]
        if not facts.exists:
            item.add_marker(pytest.mark.skip(reason=say("checks.skip.missing", grading.lang, module=entry.module)))
        elif facts.not_started:
            item.add_marker(pytest.mark.skip(reason=say("checks.skip.not_started", grading.lang, module=entry.module)))
        keep.append(item)
    items[:] = keep


@pytest.fixture
def grading(request):
    return request.config.stash[GRADING]


@pytest.fixture(autouse=True)
def cast(request, grading):
    """The check's simulated names and phrases (grader/chat/cast.py), dealt from its id and
    its module's source: the same code gets the same transcript, and so the same report, in
    every run."""
    check_id = request.node.stash[CHECK_ID]
    deal(check_id, grading.source(rubric.BY_ID[check_id].module))


@pytest.fixture
def scenario(request, grading):
    """The check's clock and transcript; everything it started is stopped at the end."""
    scenario = Scenario(grading.lang, request.node.stash[CHECK_ID])
    request.node.stash[SCENARIO] = scenario
    yield scenario
    scenario.close()


def _needs_start(grading, module, request):
    """Skip a check whose module already failed to start in another check (and say so to the
    worker). The module's first starting check in rubric order tries anyway unless a check
    before it failed: checks run at once in several workers, and whichever met the failure
    first, it is that check's own failure the report keeps (engine/runner.py
    one_start_failure), the same in every run."""
    failed = grading.start_failures.get(module)
    check_id = request.node.stash[CHECK_ID]
    first = grading.first_start.get(module)
    if failed and check_id == first and failed != first and rubric.RANK[failed] > rubric.RANK[first]:
        return
    if failed:
        request.node.stash[START_FAILED_IN] = failed
        request.node.stash[NOT_CHECKED_AFTER] = failed
        entry = rubric.BY_ID[failed]
        module = grading.roles.file(module)
        pytest.skip(say("checks.skip.did_not_start", grading.lang, module=module, check=entry.text(grading.lang)))


def _needs_many_users(grading, module, request):
    """Skip a strict check (its users are not all the chat's: checks/strict/tcp_tools.py) once
    another showed the server serves one user at a time. A default one is skipped when its
    second user would join (chat/scenarios.py Chat.user, OneAtATime): a check of one user
    runs whichever check found it first."""
    found = grading.traits[module].get("one_at_a_time")
    if found and found != request.node.stash[CHECK_ID] and rubric.BY_ID[request.node.stash[CHECK_ID]].tier == "strict":
        _not_checked_after(request.node, found)


def _not_checked_after(item, found):
    """Skip the check: the server serves one user at a time, as check `found` showed."""
    grading = item.config.stash[GRADING]
    item.stash[NOT_CHECKED_AFTER] = found
    pytest.skip(say("checks.skip.one_at_a_time", grading.lang, check=rubric.BY_ID[found].text(grading.lang)))


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """A socket error inside a check comes from the other end, the student's code (a reset,
    a broken pipe, a connection closed mid-step): the check fails with a sentence; it is
    never the grader's fault."""
    try:
        return (yield)
    except OneAtATime as found:
        _not_checked_after(pyfuncitem, found.found_in)
    except OSError as error:
        lang = pyfuncitem.config.stash[GRADING].lang
        raise Failure(say("checks.socket_error", lang, error=error.strerror or error)) from error


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.excinfo is not None and call.excinfo.errisinstance(StartFailure):
        grading = item.config.stash[GRADING]
        grading.start_failures.setdefault(rubric.BY_ID[item.stash[CHECK_ID]].module, item.stash[CHECK_ID])
    return report


@pytest.fixture
def tcp_chat(request, grading, scenario):
    """The student's TCP server, started and listening, with no users yet."""
    _needs_start(grading, "tcp_server.py", request)
    _needs_many_users(grading, "tcp_server.py", request)
    chat = start_server(scenario, grading.folder, grading.roles.file("tcp_server.py"), "tcp", grading.traits["tcp_server.py"],
                        grading.says["tcp_server.py"])
    chat.calm = grading.calm
    return chat


@pytest.fixture
def udp_chat(request, grading, scenario):
    """The student's UDP server, started and bound, with no users yet."""
    _needs_start(grading, "udp_server.py", request)
    _needs_many_users(grading, "udp_server.py", request)
    chat = start_server(scenario, grading.folder, grading.roles.file("udp_server.py"), "udp", grading.traits["udp_server.py"],
                        grading.says["udp_server.py"])
    chat.calm = grading.calm
    return chat


@pytest.fixture
def tcp_client(request, grading, scenario):
    """The student's TCP client, started against a fake server (call .accept() or .handshake())."""
    _needs_start(grading, "tcp_client.py", request)
    return ClientRun(scenario, grading.folder, grading.roles.file("tcp_client.py"), "tcp", grading.traits["tcp_client.py"],
                     grading.says["tcp_client.py"])


@pytest.fixture
def udp_client(request, grading, scenario):
    """The student's UDP client, started against a fake server."""
    _needs_start(grading, "udp_client.py", request)
    return ClientRun(scenario, grading.folder, grading.roles.file("udp_client.py"), "udp", grading.traits["udp_client.py"],
                     grading.says["udp_client.py"])
