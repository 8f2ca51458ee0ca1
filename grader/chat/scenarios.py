"""Scenario building blocks: a student's server with simulated users around it, and a
student's client with a fake server in front of it.

These are shared by the grader's checks, the kit's own tests and the benchmarks, so the
way a user joins, and the way the grader waits for it, is written once.
"""
import socket
import time

from chatkit import protocol
from chatkit.ports import LOOPBACK, free_port
from grader.chat.cast import NAMES, ROLL_CALL
from grader.chat.lenient import CLIENT_NAMES, RELAY, Matcher, Wanted, keeps_no_names, relays_as_it_came, signature
from grader.chat.peers import DatagramPeer, Output, Peer, arrival_mark
from grader.chat.transcript import Failure, StartFailure, show, wait_until
from grader.errors import OneAtATime
from grader.engine import limits
from grader.messages import say
from grader.sandbox.child import Child, PortTaken




class Chat:
    """A running chat server and the simulated users the scenario connects to it.

    `transport` is "tcp" or "udp". join() performs the protocol's handshake for each
    name and then makes sure every earlier user is registered, by waiting for the join
    notices the server sends. A server that omits a step (no prompt, other welcome words,
    no notices) costs the check that names the step, not every check: `traits` remembers,
    across the checks of one grading run, which steps this server skips, and join() stops
    waiting for them.
    """

    def __init__(self, scenario, address, transport, process=None, traits=None, says=None):
        self.scenario = scenario
        self.says = says or Matcher()   # what the users wait for: the exact protocol, or --lenient
        self.address = address
        self.transport = transport
        self.process = process
        self.traits = {} if traits is None else traits   # step -> True (seen) / False (skipped)
        self.users = []         # everyone connected
        self.members = []       # those who completed the handshake, in join order
        self.late = set()       # (earlier, later) names: later joined before earlier was registered
        self.departed = {}      # name -> when that user began to leave (an arrival_mark(): order, not time)
        self.calm = False       # users act one at a time: a check run again after a race (grader/engine/races.py)

    def hopeless(self):
        """Is waiting pointless (a process the scenario watches has died, or the server waits
        for input the scenario has not sent: grader/chat/settling.py)?"""
        return self.scenario.crashed() is not None or self.scenario.settled()

    def _step(self, trait, wait, timeout, user=None):
        """Wait for a handshake step unless this server already showed that it skips it.

        With `user`, a step this server has performed before but now leaves out for that
        user fails the check, after waiting as long once more: on a loaded machine a
        server is sometimes just late, and the verdict "one user at a time" skips every
        multi-user check after it, so it must not come from a single slow moment.
        """
        if self.traits.get(trait) is False:
            return False

        def pointless():   # its process died, or another worker of this run learned the step is skipped
            return self.hopeless() or self.traits.get(trait) is False

        seen = wait(timeout, pointless)
        if not seen and self.traits.get(trait) is False:
            return False
        if seen or trait not in self.traits:
            self.traits[trait] = seen
        elif user is not None:
            seen = wait(timeout, pointless)
            if not seen and self.traits.get(trait) is not False:
                self._stalled(user, 2 * timeout)
        return seen

    def _stalled(self, user, timeout):
        lang = self.scenario.lang
        others = [u.name for u in self.users if u is not user]
        crashed = self.scenario.crashed()
        if crashed:
            raise Failure(say("chat.no_answer.crashed", lang, name=user.name, crash=crashed.describe_exit(lang)))
        if others:
            # Only a stall behind users who gave their names proves one user at a time: a
            # server stuck on a user who never typed one (the concurrency check's) may serve
            # named users together, and no other check has such a user.
            if any(member is not user for member in self.members):
                self.traits["one_at_a_time"] = self.scenario.check_id
            raise Failure(say("chat.no_answer.one_at_a_time", lang, name=user.name, seconds=timeout, who=", ".join(others)),
                          say("chat.no_answer.one_at_a_time.hint", lang))
        raise Failure(say("chat.no_answer", lang, name=user.name, seconds=timeout))

    def user(self, name, read=True):
        """A new user who connected (TCP) or opened a socket (UDP), before any handshake."""
        found = self.traits.get("one_at_a_time")
        if self.users and found and found != self.scenario.check_id:
            # Only a second user waits: a check of one user still runs and may pass.
            raise OneAtATime(found)
        if self.transport == "tcp":
            user = Peer.connect(name, self.address, self.scenario, read=read)
        else:
            user = DatagramPeer(name, self.scenario, remote=self.address)
        if self.relays():
            user.sign = signature(name)
        self.users.append(user)
        return user

    def relays(self):
        """Lenient, TCP: does this server keep no names (see grader/chat/lenient.py)? Then
        the users sign their own lines and send no bare name, as such clients do."""
        return self.transport == "tcp" and keeps_no_names(self.traits, self.says.lenient)

    def _sign_if_relay(self):
        """Lenient: once the server is known to keep no names (here, or by another check of
        this run meanwhile), every user of this chat signs their lines, the earlier ones too."""
        if self.relays():
            for user in self.users:
                user.sign = user.sign or signature(user.name)

    def _relay_seen(self, earlier, later):
        """Lenient: `earlier` got `later`'s name as a line of its own, relayed as it came."""
        if not (self.says.lenient and self.transport == "tcp" and relays_as_it_came(earlier.stream, later.name, self.traits)):
            return False
        self.traits[RELAY] = True
        self.traits["notices"] = False
        for user in self.users:
            user.sign = signature(user.name)
        if self.process is not None:
            self.process.reading = "relay"
        self.scenario.log(earlier.name, "note", say("lenient.reading.relay.note", self.scenario.lang))
        return True

    def join(self, *names, settle=True, roll_call=False):
        """Join each name in turn; return the user (one name) or the list of users.

        settle=False skips the pairwise settling, for a caller that settles its own way;
        roll_call=True then proves every member can receive (see roll_call())."""
        users = []
        for name in names:
            users.append(self._join_one(name))
            self.calm_down()
        self._sign_if_relay()
        if settle:
            self.settle(users)
            self._sign_if_relay()
        if roll_call:
            self.roll_call()
        return users[0] if len(names) == 1 else users

    def _join_one(self, name):
        user = self.user(name)
        stream = user.stream
        if self.transport == "tcp":
            self._step("prompt", lambda t, stop: stream.wait_growth(0, t, stop), limits.EXPECT_TIMEOUT, user)
        return self.introduce(user)

    def introduce(self, user):
        """The user sends their name and waits for the reply and the welcome, as join() does
        after the prompt (lenient: also for a user whose server asked nothing)."""
        name, stream = user.name, user.stream
        if self.relays():   # a client that keeps the names sends none on its own
            self.members.append(user)
            return user
        before = stream.size
        user.say(name, plain=True)
        if self._step("reply", lambda t, stop: stream.wait_growth(before, t, stop), limits.EXPECT_TIMEOUT, user):
            # The reply may come in pieces: give the welcome a moment to complete.
            self._step("welcome", lambda t, stop: stream.wait_for(self.says.welcome(name), t, claim=False),
                       limits.NEXT_DATA_GRACE)
        self.members.append(user)
        return user

    def settle(self, users):
        """Make sure every earlier user is registered before the scenario goes on.

        Some servers (the lecture example among them) register a user only after sending
        the welcome and the join notice, so a message sent right after the welcome could
        miss the newcomer. A user who received the next user's join notice was registered
        when it was sent. On a busy machine the newcomer can even overtake the previous
        user's registration: then the newcomer receives the previous user's notice
        instead, which is recorded in `late` and is not held against the server.
        """
        everyone = self.members
        for earlier, later in zip(everyone, everyone[1:]):
            if later not in users or self.traits.get("notices") is False:
                continue
            notice, overtaken = self.says.joined(later.name), self.says.joined(earlier.name)
            wait_until(lambda: earlier.got(notice) or later.got(overtaken), limits.SETTLE_TIMEOUT,
                       # lenient: a server found to send no notices may still be a relay, which
                       # only this wait can show (_relay_seen), whatever another check learned
                       give_up=lambda: self.hopeless() or (self.traits.get("notices") is False
                                                           and not self.says.lenient))
            if earlier.got(notice) and self._relay_seen(earlier, later):
                continue
            if earlier.got(notice):
                self.traits["notices"] = True
            elif later.got(overtaken):
                self.late.add((earlier.name, later.name))
            elif "notices" not in self.traits:
                self.traits["notices"] = False
        if self.traits.get("notices") is False and len(everyone) > 1:
            # no notices to wait for: a short settling pause, over once the server is done
            wait_until(self.scenario.settled, limits.NEXT_DATA_GRACE)

    def calm_down(self):
        """In a calm run only (self.calm): wait until no user has received anything for
        limits.QUIET_WINDOW (at most SETTLE_TIMEOUT), so that the next user's action never
        overlaps the server's work on the last one. A check that failed by a race runs again
        so (grader/engine/races.py): what it then shows is the behaviour, not the race."""
        if not self.calm:
            return
        deadline = time.monotonic() + limits.SETTLE_TIMEOUT
        sizes = None
        while time.monotonic() < deadline and not self.hopeless():
            now = [user.stream.size for user in self.users]
            if now == sizes:
                return
            sizes = now
            time.sleep(limits.QUIET_WINDOW)

    def roll_call(self):
        """The first member says "(перекличка)"; wait until every other member has it.

        Join notices prove that every member but the newest was registered; a server that
        registers a user after the welcome and the notice (the lecture's order) may not have
        registered the newest one yet, and on a busy machine a message sent now could miss
        them. Once the roll call has reached everyone, everyone is registered. A server
        whose roll call never arrives is left to the check that names its bug: after the
        first miss, later checks skip the roll call.
        """
        caller, others = self.members[0], self.members[1:]
        if not others or self.traits.get("roll_call") is False:
            return
        for text in ROLL_CALL:
            caller.say(text)
            line = self.says.chat_line(caller.name, text)
            if wait_until(lambda: all(user.got(line) for user in others), limits.SETTLE_TIMEOUT,
                          give_up=lambda: self.hopeless() or self.traits.get("roll_call") is False):
                self.traits["roll_call"] = True
                return
        self.traits.setdefault("roll_call", False)

    def leave(self, user, witness=None):
        """The user leaves: disconnects (TCP) or sends /quit (UDP).

        With a `witness`, wait (without failing) until the witness sees the leave notice,
        so the server has surely processed the departure before the scenario goes on.
        """
        self.calm_down()
        if user in self.members:
            self._heard_of_before_leaving(user)
            self.members.remove(user)  # nobody waits for a departed user to see later notices
        self.departed[user.name] = arrival_mark()
        if self.transport == "tcp":
            user.close()
        else:
            user.say(self.says.quit, plain=True)
        self.calm_down()
        if witness is not None:
            notice = self.says.left(user.name, self.departed[user.name])
            self._step("leaves", lambda t, stop: witness.stream.wait_for(
                notice, t, claim=False, give_up=stop), limits.SETTLE_TIMEOUT)
            if self.traits.get("leaves") is False:
                wait_until(self.scenario.settled, limits.NEXT_DATA_GRACE)

    def _heard_of_before_leaving(self, user):
        """Lenient: a leave notice is any text naming her that arrives after she left, and her
        join notice, sent before she left, may still be on its way to a member who was there
        when she joined (join() waits for it only SETTLE_TIMEOUT, from the member before her,
        and a busy machine may take longer). Until it has arrived it would pass for the leave
        notice of a server that sends none: wait for it, within the bound of an expected line.
        A server that sends no join notices ends the wait once it is at rest (hopeless());
        a member she overtook (self.late) never gets hers; a relay names nobody on its own."""
        if not self.says.lenient or self.traits.get(RELAY):
            return
        notice = self.says.joined(user.name)
        earlier = self.members[:self.members.index(user)]
        waiting = [member for member in earlier if (member.name, user.name) not in self.late]
        wait_until(lambda: all(member.got(notice) for member in waiting), limits.EXPECT_TIMEOUT,
                   give_up=self.hopeless)

def ready_timeout(traits):
    """How long a start may take: the usual bound, or more for a module that has shown in an
    earlier check of this run that it needs longer (a slow import, a sleep before bind())."""
    learned = (traits or {}).get("start_seconds")
    return max(limits.READY_TIMEOUT, limits.START_MARGIN * learned) if learned else limits.READY_TIMEOUT


def learn_start(traits, seconds):
    if traits is not None and seconds is not None:
        traits["start_seconds"] = max(seconds, traits.get("start_seconds", 0.0))


def start_server(scenario, folder, module, transport, traits=None, says=None):
    """Start a student's server module in a sandbox and wait until it listens.

    A port that another process turns out to hold is never taken for the student's: the
    child is discarded and started again on another port. A module that started in an
    earlier check of this run and now does not is given one more try before it costs
    points: a single slow moment of a busy machine must not decide a grade.
    """
    kind = socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM
    retried = False
    attempts = 0
    while True:
        attempts += 1
        port = free_port(kind)
        child = Child(scenario, folder, module, port, transport=transport)
        try:
            child.wait_ready(transport, ready_timeout(traits))
        except PortTaken:
            child.discard()
            if attempts >= limits.PORT_ATTEMPTS:
                raise
            continue
        except StartFailure:
            if retried or not (traits or {}).get("start_seconds"):
                raise
            retried = True
            child.discard()
            continue
        learn_start(traits, child.ready_after)
        return Chat(scenario, (LOOPBACK, port), transport, child, traits, says)


class ClientRun:
    """A student's client process in front of a fake server the grader controls.

    `says` (grader/chat/lenient.py) gives the words the fake server sends; a lenient one
    also lets the client ask for the name itself (typed before it connects), print a
    prompt of its own, send its name as its first line, or wait for a word of its own
    (`if message == "NICK"`), which the fake server then sends instead of the prompt.
    """

    def __init__(self, scenario, folder, module, transport, traits=None, says=None):
        self.scenario = scenario
        self.transport = transport
        self.folder, self.module = folder, module
        self.traits = traits
        self.says = says or Matcher()
        self.named = False       # lenient: the name was typed before the client connected
        self.retried = False
        self.server_name = say("chat.actor.server", scenario.lang)
        if transport == "tcp":
            self.listener = socket.create_server((LOOPBACK, 0))
            self.listener.settimeout(0.05)
            scenario.cleanups.append(self.listener.close)
            port = self.listener.getsockname()[1]
            self.server: Peer | DatagramPeer | None = None
        else:
            self.server = DatagramPeer(self.server_name, scenario)
            port = self.server.address[1]
        self.port = port
        self._spawn()

    def pointless(self):
        """Is waiting for the client pointless: it ended, or it and the fake server wait for
        input the scenario has not given (grader/chat/settling.py)?"""
        return self.client.exited() or self.scenario.settled()

    def _spawn(self):
        output = Output(say("chat.actor.client", self.scenario.lang), self.scenario, role="chat.role.output")
        self.client = Child(self.scenario, self.folder, self.module, self.port, stdin=True,
                            output=output, transport=self.transport)
        output.child = self.client   # its printed output is drained there (Output.delivered)
        self.output = output

    def _retry(self):
        """Start the client once more if it started in an earlier check of this run but not
        now: a single slow moment of a busy machine must not decide a grade."""
        if self.retried or not (self.traits or {}).get("start_seconds") or self.client.exited():
            return False
        self.retried = True
        self.client.discard()
        self._spawn()
        if self.named:
            self.client.type(self.named)
        return True

    def _fail_start(self, waited_for=""):
        """The client never got going: say why, from what it did, else with `waited_for`."""
        client = self.client
        if client.exited() or not client.imported():
            client.finish_output(0.5)
            text = client.describe_start_failure("tcp", self.scenario.lang)
            if client.exited() or not client.imported():
                raise StartFailure(text)
        shown = self.output.stream.text().strip()
        if shown and not self.named:
            # Alive, it printed something and waits for its user, not a server: it started,
            # and the default rules (connect first) fail it, check by check, with one reason.
            lang = self.scenario.lang
            asks = (say("chat.client.asks_first", lang, seconds=ready_timeout(self.traits), shown=show(shown, 60)),
                    say("chat.client.asks_first.hint", lang))
            if self.traits is not None:
                self.traits["asks_first"] = asks
            raise Failure(*asks)
        raise StartFailure(waited_for)

    def accept(self, name=None):
        """TCP: wait for the client to connect; return the fake server's end of it.

        Lenient, with `name`: the user types it first, for a client that asks for it
        before it connects (one that asks later reads it when it asks)."""
        if name is not None and self.says.lenient and not self.named:
            self.client.type(name)
            self.named = name
        if (self.traits or {}).get("asks_first") and not self.says.lenient:
            raise Failure(*self.traits["asks_first"])   # learnt in an earlier check: no second wait
        bound = ready_timeout(self.traits)
        deadline = time.monotonic() + bound
        while True:
            try:
                sock, _ = self.listener.accept()
                break
            except socket.timeout:
                if not self.client.exited() and time.monotonic() > deadline and self._retry():
                    deadline = time.monotonic() + bound
                elif self.client.exited() or time.monotonic() > deadline:
                    self._fail_start(say("chat.client.no_connect", self.scenario.lang, seconds=bound))
        learn_start(self.traits, time.monotonic() - self.client.started)
        self.server = Peer(self.server_name, sock, self.scenario, role="chat.role.fake_server")
        self.server.log("connect")
        return self.server

    def ask_name(self, link, name, shown=None):
        """TCP: the fake server asks for the name and the user types it.

        `shown`: "expect" fails the check unless the client shows the prompt, "wait" only
        gives it a moment to. Lenient, the prompt is the client's own awaited word when its
        source has one (sent exactly as written), the name may already have been typed
        (accept(name)), and a client that shows no prompt, or one of its own, is not
        faulted for it."""
        if not self.says.lenient:
            prompt = self.says.send_prompt()
            link.say(prompt)
            if shown == "expect":
                self.output.expect(prompt)
            elif shown == "wait":
                self.output.stream.wait_for(prompt, limits.EXPECT_TIMEOUT, claim=False, give_up=self.pointless)
            self.client.type(name)
            return
        word = self.says.client_prompt
        if word is not None:
            link.send_bytes(word.encode(protocol.ENCODING))
        else:
            link.say(self.says.send_prompt())
        if not self.named:
            self.client.type(name)

    def await_name(self, link, name, required=True):
        """The fake server waits for the name the user typed (`required`: the check fails
        without it). Lenient, a client that sends no bare name within the usual bound keeps
        the names itself (grader/chat/lenient.py): it is judged on what it sends and shows,
        and later checks do not wait for the name."""
        lenient, traits = self.says.lenient, self.traits if self.traits is not None else {}
        if lenient and traits.get(CLIENT_NAMES):
            return
        if link.stream.wait_for(name, limits.EXPECT_TIMEOUT, claim=False, give_up=self.pointless):
            link.expect(name, 0)
            traits.setdefault(CLIENT_NAMES, False)
            return
        # (another check running at the same time may have learned it while we waited)
        if lenient and traits.get(CLIENT_NAMES) is not False and not self.client.exited():
            traits[CLIENT_NAMES] = True
            self.client.reading = "client_names"
            link.log("note", say("lenient.reading.client_names.note", self.scenario.lang))
            return
        if required:
            link.expect(name, 0)

    def sent(self, name, line):
        """What the fake server waits for when the user types `line`: the line, or, from a
        client that keeps the names, the line with the name before it."""
        if self.says.lenient and (self.traits or {}).get(CLIENT_NAMES):
            return Wanted("carries", name, line)
        return line

    def wait_started(self):
        """UDP: wait until the client printed something (its name prompt) or give up quietly."""
        bound = ready_timeout(self.traits)
        if self.output.stream.wait_growth(0, bound, give_up=self.pointless):
            learn_start(self.traits, time.monotonic() - self.client.started)
        elif self._retry():
            self.wait_started()
        elif self.client.exited() or not self.client.imported():
            self._fail_start()

    def handshake(self, name=NAMES[0]):
        """Bring the client into the chat: prompt, name, welcome. Returns the server's end."""
        welcome = self.says.send_welcome(name)
        if self.transport == "tcp":
            link = self.accept(name)
            self.ask_name(link, name, shown="wait")
        else:
            self.wait_started()
            self.client.type(name)
            link = self.server
        assert link is not None   # UDP: the fake server exists from the start
        self.await_name(link, name)
        link.say(welcome)
        self.output.stream.wait_for(welcome, limits.EXPECT_TIMEOUT, claim=False,
                                    give_up=self.pointless)
        return link
