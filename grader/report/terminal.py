"""The report a student reads: a table of checks, then each failure with its reason, its
hint and the transcript of every simulated user. Built with rich; plain text when the
output is not a terminal. Student output is shown as text, never as markup.
"""
import io
import re
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from grader.engine import limits, rubric
from grader.messages import known, say
from grader.chat.transcript import show
from grader.engine.facts import read_facts
from grader.engine.submission import shown_path
from grader.sandbox.confinement import describe as describe_confinement

STYLE = {"passed": "green", "failed": "red", "skipped": "dim", "error": "magenta"}
MARK = {"passed": "✓", "failed": "✗", "skipped": "–", "error": "!"}
ASCII_MARK = {"passed": "+", "failed": "x", "skipped": "-", "error": "!"}   # where ✓ and ✗ cannot be shown
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|\x1b\[[0-9;?]*[A-Za-z]")


def marks_for(console):
    """The status marks `console` can show: ✓ and ✗, or ASCII ones that still tell a pass
    from a failure where its encoding has no ✓ (cp1251, cp1252, ascii: a redirected Windows
    console that chose its code page, a C locale) or where it is Windows' legacy console,
    whose fonts (raster, Consolas without fallback) draw ✓ as a box."""
    if getattr(console, "legacy_windows", False):
        return ASCII_MARK
    try:
        "".join(MARK.values()).encode(console.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return ASCII_MARK
    return MARK


def clean(text):
    """Student output with terminal control sequences removed."""
    return CONTROL.sub("", text)


def _grading_paths():
    """(pattern, replacement): the grading machine's own places as a traceback names them —
    the sandbox's copy of the submission, the launcher's copy, the interpreter's library, the
    kit — in the order tried (the longest first)."""
    import sys
    from grader import KIT_ROOT
    places = {str(Path(p)) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix) if p}
    # the copy's folder wherever the temporary files are (a worker has a folder of its own)
    pairs = [(r"[^\s\"']*[\\/]chatkit-run-[^\\/\s\"']*[\\/]", "")]
    # the child's copies of the kit's files (grader/sandbox/runtime.py), a folder of their own per
    # worker: the chatkit/ a submission imports, then the launcher and its helpers
    pairs += [(r"[^\s\"']*[\\/]chatkit-runtime-[^\\/\s\"']*[\\/]kit([\\/])", r"<kit>\1"),
              (r"[^\s\"']*[\\/]chatkit-runtime-[^\\/\s\"']*[\\/]", "<kit>/grader/sandbox/")]
    pairs += [(re.escape(place), "<python>") for place in sorted(places, key=len, reverse=True)]
    pairs.append((re.escape(str(KIT_ROOT)), "<kit>"))
    return [(re.compile(pattern), replacement) for pattern, replacement in pairs]


GRADING_PATHS = _grading_paths()


def without_local_paths(text):
    """A module's output as a student may read it: the sandbox's folder, the interpreter's and
    the kit's paths on the grading machine left out ("File "tcp_server.py", line 12")."""
    for pattern, replacement in GRADING_PATHS:
        text = pattern.sub(replacement, text)
    return text


def number_of(check_id):
    """The rubric number shown beside a check: "1.3" for the third TCP check."""
    entry = rubric.BY_ID[check_id]
    same = rubric.checks(entry.track, tier=entry.tier)
    prefix = rubric.TRACKS.index(entry.track) + 1 + (2 if entry.tier == "strict" else 0)
    return f"{prefix}.{same.index(entry) + 1}"


def file_of(result, module):
    """The file that played `module` ("tcp_server.py") in this result."""
    roles = getattr(result, "roles", None) or {}
    return (roles.get("files") or {}).get(module) or module


def not_submitted(result, module):
    """Is this module missing from the submission, or still an untouched skeleton?"""
    facts = read_facts(Path(result.folder) / file_of(result, module))
    return not facts.exists or facts.not_started


def reason_of(record, lang):
    reason = record.reason or ""
    if reason == "timeout":
        return say("report.timeout", lang, seconds=limits.CHECK_TIMEOUT)
    if reason == "run-out":
        return say("report.run_out", lang, seconds=round(limits.RUN_TIMEOUT))
    if reason == "grader-incomplete":
        return say("report.grader_incomplete", lang)
    return reason


def kind_label(kind, lang):
    """What a transcript event is called in the report: "→ sends" for "send"."""
    key = f"report.kind.{kind}"
    return say(key, lang) if known(key) else kind


def hint_of(record, lang):
    """The one hint a plain-text report shows: the check's own diagnosis, else the rubric's
    hint at the level this student has reached (record.hint_level, 1 by default)."""
    entry = rubric.BY_ID[record.id]
    return record.hint or entry.hint(lang, record.hint_level)


def hint_lines(record, lang):
    """[(label, text)]: a diagnosis the check made itself, then the rubric's hint at the level
    reached. A module that never started gets only its diagnosis: the check never began."""
    entry = rubric.BY_ID[record.id]
    lines = [(say("report.hint", lang), record.hint)] if record.hint else []
    if not record.start_failed and entry.hints:
        level = max(1, min(len(entry.hints), record.hint_level))
        label = say("hints.level", lang, level=level, levels=len(entry.hints), kind=say(f"hints.kind.{level}", lang))
        lines.append((label, entry.hint(lang, level)))
    return lines


def transcript_lines(record, lang):
    """The scenario as lines of text, grouped by actor, each event with its time."""
    roles = {name: say(role, lang) for name, role in record.actors}
    order = [name for name, _ in record.actors]
    for _, actor, _, _ in record.events:
        if actor not in order:
            order.append(actor)
    lines = []
    for actor in order:
        events = line_by_line([e for e in record.events if e[1] == actor])
        if not events:
            continue
        role = roles.get(actor)
        lines.append(("title", f"{actor}" + (f" ({role})" if role else "")))
        skipped = len(events) - limits.TRANSCRIPT_EVENTS
        if skipped > 0:
            lines.append(("dim", f"  … {skipped} …"))
            events = events[-limits.TRANSCRIPT_EVENTS:]
        for run in runs_of(events):
            for moment, _, kind, text in run[:1] if len(run) >= FOLD_AT else run:
                label = kind_label(kind, lang)
                body = f"«{show(clean(text))}»" if text and kind not in ("static-ok", "static-missing", "ready", "note") else clean(text)
                style = ("red" if kind in ("expect-missing", "refute-arrived", "static-missing") else
                         "green" if kind in ("expect-ok", "refute-ok", "static-ok") else "")
                lines.append((style, f"  {moment:7.3f}  {label} {body}".rstrip()))
            if len(run) >= FOLD_AT:
                lines.append(("dim", "           " + say("report.folded", lang, count=len(run) - 1,
                                                        last=f"{run[-1][0]:.3f}")))
    return lines


RECEIVED = ("recv", "print")   # text that arrives in chunks, cut wherever the system cut it
STREAMED = ("print",)          # of them, a byte stream (stdout) whose chunks in a row join; a datagram stays whole
LINE = re.compile(r"[^\n]*\n|[^\n]+")


def line_by_line(events):
    """One actor's events, what it received or printed shown one line per event: where the
    system cut the bytes into chunks is the run's timing, not the student's code, and the same
    code gets the same report. Printed chunks in a row are joined first; a line's moment is
    when it was whole."""
    shown: list = []
    for event in events:
        moment, actor, kind, text = event
        if kind not in RECEIVED or not text:
            shown.append(event)
            continue
        last = shown[-1] if shown else None
        if kind in STREAMED and last is not None and last[2] == kind and not last[3].endswith("\n"):
            text = shown.pop()[3] + text
        shown += [[moment, actor, kind, line] for line in LINE.findall(text)]
    return shown


FOLD_AT = 4   # this many alike events in a row are shown as the first and a count
DIGITS = re.compile(r"\d+")
LONG_EVENT = 200   # longer texts (bulk payloads, cut by show() anyway) are alike whatever they hold


def runs_of(events):
    """Consecutive events alike but for their numbers ("Прохожий-347 присоединился к чату."
    and "Прохожий-348 ..."), or long payloads of one kind, as lists: a transcript of 400 joins
    reads as one line and a count."""
    runs: list[tuple[tuple, list]] = []
    for event in events:
        text = event[3] or ""
        shape = (event[2], DIGITS.sub("#", text) if len(text) <= LONG_EVENT else "…")
        if runs and runs[-1][0] == shape:
            runs[-1][1].append(event)
        else:
            runs.append((shape, [event]))
    return [run for _, run in runs]


def folded_output(text):
    """A module's output with runs of alike lines (but for their numbers) folded into a count."""
    lines, out = text.splitlines(), []
    index = 0
    while index < len(lines):
        end = index
        shape = DIGITS.sub("#", lines[index])
        while end + 1 < len(lines) and DIGITS.sub("#", lines[end + 1]) == shape:
            end += 1
        count = end - index + 1
        out.append(lines[index])
        if count >= FOLD_AT:
            out.append(f"  … ×{count - 1}")
        else:
            out.extend(lines[index + 1:end + 1])
        index = end + 1
    return "\n".join(out)


def race_lines(record, lang):
    """A check run again because a race may have failed it (grader/engine/races.py): what its
    runs gave, and the hint about threads' shared state. [] for any other check."""
    hint = ("yellow", f"{say('report.hint', lang)}: {say('report.unstable.hint', lang)}")
    if record.unstable:
        return [("yellow", say("report.unstable", lang, failed=record.runs - 1, runs=record.runs)), hint]
    if record.runs > 1:
        return [("bold", say("report.unstable.every_run", lang, runs=record.runs)), hint]
    return []


def failure_panel(record, lang, verbose=False, marks=MARK):
    entry = rubric.BY_ID[record.id]
    status = record.status
    title = f"{marks[status]} {number_of(record.id)} {entry.text(lang)} ({record.points}/{entry.points})"
    style = STYLE[status]
    parts = [Text(line, style=line_style) for line_style, line in race_lines(record, lang)]
    if record.unstable and record.failing_run is not None:   # passed after a run that failed: that run is shown
        title += f" — {say('report.unstable.mark', lang)}"
        style = "yellow"
        record, verbose = record.failing_run, True
        parts.append(Text(reason_of(record, lang), style="bold"))
    if status == "error":
        parts.append(Text(say("report.grader_fault", lang), style="magenta"))
        parts.append(Text(reason_of(record, lang)))
        if record.trace:
            parts.append(Text(without_local_paths(clean(record.trace))[-1500:], style="dim"))
    elif status in ("failed", "skipped"):
        parts.append(Text(reason_of(record, lang), style="bold"))
        if status == "failed":
            for label, hint in hint_lines(record, lang):
                parts.append(Text(f"{label}: {hint}", style="yellow"))
            entry_hints = rubric.BY_ID[record.id].hints
            if not record.start_failed and record.hint_level < len(entry_hints):
                parts.append(Text(say("hints.more", lang, number=number_of(record.id)), style="dim"))
    if record.events:
        parts.append(Text(""))
        for style, line in transcript_lines(record, lang):
            parts.append(Text(line, style="bold" if style == "title" else style))
    for output in record.outputs:
        for stream in ("stderr", "stdout"):
            text = without_local_paths(clean(output.get(stream) or "")).strip()
            if text and (record.status != "passed" or verbose):
                parts.append(Text(""))
                parts.append(Text(say("report.output", lang, module=output["module"]) + f" ({stream}):", style="bold"))
                parts.append(Text(folded_output(text[-2000:]), style="dim"))
    return Panel(Group(*parts), title=Text(title, style=style), title_align="left", border_style=style)


def check_line(entry, record, lang):
    """The check's line in the table: its text, and «нестабильно» when it is (grader/engine/races.py)."""
    line = Text(entry.text(lang))
    if record.unstable:
        line.append(f" ({say('report.unstable.mark', lang)})", style="yellow")
    return line


def summary_table(result, lang, marks=MARK):
    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column(say("report.col_num", lang), justify="right")
    table.add_column("", width=1)
    table.add_column(say("report.col_check", lang))
    table.add_column(say("report.col_points", lang), justify="right")
    records = result.by_id()
    for track in rubric.TRACKS:
        info = result.tracks[track]
        title = say("report.track", lang, track=track.upper(), score=info["score"], max=info["max"])
        if info["state"] != "graded":
            table.add_row("", "", Text(f"{track.upper()}: " + say("report.state." + info["state"], lang), style="dim"),
                          Text(f"0/{info['max']}", style="dim"))
            continue
        table.add_row("", "", Text(title, style="bold"), "")
        for role in rubric.ROLES:
            entries = [c for c in rubric.checks(track, role) if c.id in records]
            skipped = [records[c.id] for c in entries if records[c.id].status == "skipped"]
            module = rubric.MODULES[(track, role)]
            if entries and len(skipped) == len(entries) and not_submitted(result, module):
                table.add_row("", marks["skipped"], Text(skipped[0].reason, style="dim"),
                              Text(f"0/{sum(c.points for c in entries)}", style="dim"))
                continue
            for entry in entries:
                record = records[entry.id]
                style = STYLE[record.status]
                line = check_line(entry, record, lang)
                table.add_row(number_of(entry.id), Text(marks[record.status], style=style),
                              line, Text(f"{record.points}/{entry.points}", style=style))
    if result.options.strict:
        strict = [c for c in rubric.CHECKS if c.tier == "strict" and c.id in records]
        if strict:
            table.add_row("", "", Text(say("report.strict", lang, score=result.strict_score), style="bold"), "")
            for entry in strict:
                record = records[entry.id]
                style = STYLE[record.status]
                line = check_line(entry, record, lang)
                table.add_row(number_of(entry.id), Text(marks[record.status], style=style),
                              line, Text(f"{record.points}/{entry.points}", style=style))
    return table


def roles_lines(result, lang):
    """The report's first lines: which file played which part, then the remarks (no points)."""
    roles = getattr(result, "roles", None) or {}
    taken = [say(f"roles.taken.{(roles.get('how') or {}).get(key, 'kit')}", lang,
                 part=say("roles.part." + key.removesuffix(".py"), lang), file=file)
             for key, file in (roles.get("files") or {}).items() if file]
    lines = ["; ".join(taken)] if taken else []
    lines += wording_lines(getattr(result, "options", None), lang)
    for key, fields in getattr(result, "remarks", None) or []:
        fields = dict(fields)
        if "part" in fields:
            fields["part"] = say("roles.part." + fields["part"].removesuffix(".py"), lang)
        if fields.get("label") in ("__main__", "module"):
            fields["label"] = say("launch.label." + ("script" if fields["label"] == "__main__" else "module"), lang)
        lines.append(say(key, lang, **fields))
    return lines


def header_lines(result, lang, lines):
    """(lines before the table, lines after it) of a default report: the parts' line only
    when some file was not found by the kit's own name, and the wording line; the remarks
    (no points) follow the table."""
    roles = getattr(result, "roles", None) or {}
    parts = lines[:1] if any((roles.get("files") or {}).values()) else []   # roles_lines() put it first
    unusual = any(how != "kit" for how in (roles.get("how") or {}).values())
    wording = wording_lines(getattr(result, "options", None), lang)
    head = wording or (parts if unusual else [])     # one of them: the title and two lines at most
    after = [line for line in lines[len(parts):] if line not in head]
    return head, (parts if unusual and parts != head else []) + after


def wording_lines(options, lang):
    """One line when the checks did not wait for the kit's exact words: --lenient, --protocol."""
    lines = []
    if getattr(options, "protocol", None):
        lines.append(say("lenient.report.protocol", lang, file=options.protocol_file or "--protocol"))
    if getattr(options, "lenient", False):
        lines.append(say("lenient.report", lang))
    return lines


def protection_lines(result, lang):
    """What held the student's code in this run, said once as one paragraph: the confinement
    (network, files, user, limits), why the code keeps the grader's user where it does, and
    what this system does not give at all."""
    lines = list(describe_confinement(getattr(result, "confinement", None), lang))
    sandbox = result.sandbox or {}
    if sandbox.get("why") and sandbox.get("user") is None:  # an unprivileged user would be named above
        lines.append(say(sandbox["why"], lang, name=sandbox.get("name", ""), path=sandbox.get("path", "")))
    if sandbox.get("missing"):
        lines.append(say("platform.missing", lang, items=", ".join(
            say(f"platform.{gap}", lang) for gap in sandbox["missing"])))
    return lines


def fit_hints(result, lang):
    """A check's own advice that the code already follows is replaced by one that fits: "one
    thread per client" to a server whose static check found a thread per accept() (it has the
    threads; something in its accept loop still waits for a client)."""
    records = result.by_id()
    static = records.get("tcp.server.static")
    if static is None or static.status != "passed":
        return
    generic = say("chat.no_answer.one_at_a_time.hint", lang)
    for record in result.checks:
        if record.hint == generic and rubric.BY_ID[record.id].module == "tcp_server.py":
            record.hint = say("chat.no_answer.one_at_a_time.has_threads", lang)


def strict_lines(result, lang):
    """One line, without points, on what the robustness tier sees that the grade does not:
    the cheap strict checks' failures (grader/engine/strict_probe.py), else a pointer to
    --strict in every report whose graded checks all passed."""
    if result.options.strict:
        return []
    probe = result.strict_probe or {}
    if probe.get("failed"):
        return [say("report.strict_probe.found", lang, file=file_of(result, "tcp_server.py"),
                    numbers=", ".join(number_of(i) for i in probe["failed"]),
                    what=say("report.strict_probe.what", lang))]
    graded = [r for r in result.checks if result.tracks[rubric.BY_ID[r.id].track]["state"] == "graded"]
    if graded and all(r.status == "passed" for r in graded):
        return [say("report.strict_hint", lang)]
    return []


def failed_numbers(result):
    """The numbers of the checks that failed in the graded tracks (the grader's own faults too),
    for the closing summary: the table may have scrolled away."""
    return [number_of(r.id) for r in result.checks
            if r.status in ("failed", "error") and result.tracks[rubric.BY_ID[r.id].track]["state"] == "graded"]


def shown_folder(result, feedback):
    """The folder as the title names it: its own name in feedback sent to a student (the
    instructor's paths stay on the instructor's machine), the path given otherwise."""
    folder = Path(shown_path(result.folder))   # what was given, not the private copy
    if feedback:
        return folder.name
    try:
        return str(folder.relative_to(Path.cwd())) or "."
    except ValueError:
        return str(folder)


def protection_text(result, lang):
    """The protection paragraph as one string (results.json's extra_data, -v)."""
    return " ".join(protection_lines(result, lang))


def _print_head(result, console, lang, verbose, feedback):
    """The title, then with -v the protection paragraph and every remark; otherwise at most two
    short lines (header_lines). Returns the remarks left for after the table."""
    title = say("report.title", lang) + " — " + say("report.folder", lang) + f": {shown_folder(result, feedback)}"
    console.print(Text(title, style="bold"))
    remarks = roles_lines(result, lang)
    if verbose:
        console.print(Text(protection_text(result, lang), style="dim"))
        for line in remarks:
            console.print(Text(line, style="dim"))
        return []
    head, remarks = header_lines(result, lang, remarks)
    for line in head:
        console.print(Text(line, style="dim"))
    return remarks


def _shows_panel(record, verbose):
    """A check gets its panel when it failed (or the grader did), or with -v when it has a transcript."""
    return record.status in ("failed", "error") or record.unstable or (verbose and record.events)


def _skipped_by_reason(result):
    """The numbers of the checks skipped in a graded track whose module was handed in, by reason."""
    skipped: dict[str, list[str]] = {}
    for record in result.checks:
        entry = rubric.BY_ID[record.id]
        if record.status == "skipped" and result.tracks[entry.track]["state"] == "graded" \
                and not not_submitted(result, entry.module):
            skipped.setdefault(record.reason or "", []).append(number_of(record.id))
    return skipped


def _all_passed(result):
    """Every check of the graded tracks passed, none «нестабильно» (grader/engine/races.py)."""
    return all(r.status == "passed" and not r.unstable for r in result.checks
               if result.tracks[rubric.BY_ID[r.id].track]["state"] == "graded")


def _print_verdict(result, console, lang):
    """Nothing was graded, or everything graded passed: one line; else nothing (the panels said it)."""
    graded = [info for info in result.tracks.values() if info["state"] == "graded"]
    if not graded:
        console.print(Text(say("report.nothing", lang), style="yellow"))
    elif _all_passed(result):
        console.print(Text(say("report.all_passed", lang), style="green"))


def _print_scores(result, console, lang):
    """The strict tier's lines, each graded track's score, the checks not passed, the final score, the time."""
    for line in strict_lines(result, lang):
        console.print(Text(line, style="yellow"))
    for track in rubric.TRACKS:
        info = result.tracks[track]
        if info["state"] == "graded":
            console.print(say("report.track", lang, track=track.upper(), score=info["score"], max=info["max"]))
    if result.strict_score is not None:
        console.print(say("report.strict", lang, score=result.strict_score))
    failed = failed_numbers(result)
    if failed:
        console.print(Text(say("report.failed_list", lang, numbers=", ".join(failed)), style="red"))
    console.print(Text(say("report.final", lang, score=result.score), style="bold"))
    console.print(Text(say("report.time", lang, seconds=result.execution_time), style="dim"))


def render(result, console, lang="ru", verbose=False, feedback=False):
    """Print the whole report. `feedback`: written for a student by the instructor's tools
    (batch, Gradescope, PrairieLearn): no local path of the grading machine in it.

    Before the table a student reads the title and at most two short lines (the parts when
    a file was found by its code, the wording when not the kit's); the protection paragraph
    and the remarks come with -v, the remarks after the table otherwise."""
    remarks = _print_head(result, console, lang, verbose, feedback)
    fit_hints(result, lang)
    marks = marks_for(console)   # ASCII where the console has no ✓ (Windows' code pages)
    console.print(summary_table(result, lang, marks))
    for line in remarks:
        console.print(Text(line, style="dim"))
    for record in result.checks:
        if _shows_panel(record, verbose):
            console.print(failure_panel(record, lang, verbose, marks))
    for reason, numbers in _skipped_by_reason(result).items():
        console.print(Text(f"{', '.join(numbers)}: {reason}", style="dim"))
    _print_verdict(result, console, lang)
    _print_scores(result, console, lang)


def plain(renderable_fn, width=100):
    """Render something to plain text (for the JSON's output fields)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, force_terminal=False, highlight=False)
    renderable_fn(console)
    return buffer.getvalue()


class LiveProgress:
    """A progress bar while the checks run; silent when the output is not a terminal."""

    def __init__(self, console, lang):
        self.lang = lang
        self.enabled = console.is_terminal
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), console=console, transient=True)
        self.task: Any = None   # rich's TaskID, once started
        self.total = 0

    def __enter__(self):
        if self.enabled:
            self.progress.start()
            self.task = self.progress.add_task(say("report.progress", self.lang), total=None)
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self.progress.stop()

    def on_event(self, event):
        if not self.enabled:
            return
        if event.get("type") == "plan":
            self.total += len(event["ids"])
            self.progress.update(self.task, total=self.total)
        elif event.get("type") == "start":
            entry = rubric.BY_ID.get(event["id"])
            if entry:
                self.progress.update(self.task, description=say("report.progress", self.lang) + f": {entry.text(self.lang)[:50]}")
        elif event.get("type") == "result":
            self.progress.advance(self.task)
