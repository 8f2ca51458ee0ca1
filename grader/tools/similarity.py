"""Similar submissions: `python -m grader similarity SUBMISSIONS [--html report.html] [--json FILE]`.

SUBMISSIONS is laid out as for `batch`: one folder or .zip per student. Every .py file is
fingerprinted by copydetect (winnowing over tokens, with names, strings and comments
normalised: renaming variables changes nothing) and compared with the other student's file
of the same name. What everyone
was given is boilerplate and never counts as a match: the lecture's example (docs/lecture/,
in a clone of the kit), the kit's skeletons lab/*.py and chatkit/protocol.py.

A pair's score is the larger of its two shares of shared code (a small submission copied
whole into a larger one scores high). The terminal shows the top pairs; --html writes an
index ranked highest first and a side-by-side page per pair with the shared code marked;
--json lists every pair, highest first.

copydetect (PyPI, MIT) is an optional extra: pip install 'chat-lab-kit[similarity]'.
"""
import argparse
import html
import io
import itertools
import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from grader.messages import say

EXIT_OK, EXIT_USAGE = 0, 2
NOISE, GUARANTEE = 25, 30          # copydetect's defaults, in normalised characters
SKIP_PARTS = {"__pycache__", "__MACOSX", ".git", ".chatkit-cache"}


@dataclass
class Submission:
    name: str
    source: Path
    files: list = field(default_factory=list)     # (relative name, text)
    fingerprint: dict | None = None                      # relative name -> copydetect CodeFingerprint


@dataclass
class Pair:
    a: str
    b: str
    score: float
    share_a: float
    share_b: float
    tokens: int
    slices: dict | None = None          # file name -> (slices in a, slices in b), copydetect's

    def as_dict(self):
        return {"a": self.a, "b": self.b, "score": round(self.score, 4), "share_a": round(self.share_a, 4),
                "share_b": round(self.share_b, 4), "shared_tokens": int(self.tokens)}


def kit_root():
    from grader import KIT_ROOT
    return KIT_ROOT


def boilerplate_files():
    """What every student was given: the lecture's example, the skeletons, the protocol module."""
    root = kit_root()
    lecture = sorted((root / "docs" / "lecture").glob("*.py"))  # one copy of the course's text
    skeletons = sorted(p for p in (root / "lab").glob("*.py") if p.name != "__init__.py")
    return lecture + skeletons + [p for p in [root / "chatkit" / "protocol.py"] if p.is_file()]


def read_submission(name, path, lang):
    """The submission's .py files, read under the rules of grader/engine/intake.py (no link
    followed, within the budgets); zips are opened as batch opens them."""
    from grader.engine.intake import read_bytes, walk
    from grader.engine.submission import open_submission, release
    folder = Path(open_submission(path, lang)) if path.is_file() else Path(path)
    sub = Submission(name, Path(path))
    try:
        for relative, file, _ in walk(folder):
            if relative.suffix != ".py" or any(part in SKIP_PARTS for part in relative.parts):
                continue
            try:
                data = read_bytes(file)
            except OSError:
                continue
            sub.files.append((relative.as_posix(), data.decode("utf-8", errors="replace")))
    finally:
        if path.is_file():
            release(folder)
    sub.files.sort()
    return sub


def compare(submissions, boilerplate):
    """Every pair of submissions with its score, highest first.

    Files are fingerprinted one by one (the boilerplate too, so no k-gram spans two files) and
    compared with the file of the same name: a pair's share for one side is the code it shares
    over all the code of its own that is left once the boilerplate is taken out."""
    from copydetect import CodeFingerprint, compare_files
    window = GUARANTEE - NOISE + 1
    hashes = set()
    for path in boilerplate:
        hashes.update(CodeFingerprint(str(path), NOISE, 1).hashes)
    boiler = sorted(hashes)
    for sub in submissions:
        sub.fingerprint = {name: CodeFingerprint(name, NOISE, window, boiler, fp=io.StringIO(text),
                                                 language="python")
                           for name, text in sub.files}
    pairs = []
    for a, b in itertools.combinations(submissions, 2):
        own_a = sum(f.token_coverage for f in a.fingerprint.values())
        own_b = sum(f.token_coverage for f in b.fingerprint.values())
        shared_a = shared_b = tokens = 0
        slices = {}
        for name in sorted(set(a.fingerprint) & set(b.fingerprint)):
            fa, fb = a.fingerprint[name], b.fingerprint[name]
            overlap, (sim_a, sim_b), file_slices = compare_files(fa, fb)
            if not overlap:
                continue
            shared_a += sim_a * fa.token_coverage
            shared_b += sim_b * fb.token_coverage
            tokens += overlap
            slices[name] = file_slices
        share_a = shared_a / own_a if own_a else 0.0
        share_b = shared_b / own_b if own_b else 0.0
        pairs.append(Pair(a.name, b.name, max(share_a, share_b), share_a, share_b, tokens, slices))
    pairs.sort(key=lambda pair: (-pair.score, -pair.tokens, pair.a.casefold(), pair.b.casefold()))
    return pairs


# --- output --------------------------------------------------------------------------------------

def terminal_table(pairs, lang, limit=10):
    from rich.table import Table
    from rich.text import Text
    table = Table(title=say("similarity.title", lang, count=len(pairs)), title_justify="left", header_style="bold")
    table.add_column("#", justify="right")
    table.add_column(say("similarity.col.pair", lang))
    table.add_column(say("similarity.col.score", lang), justify="right")
    table.add_column(say("similarity.col.shares", lang), justify="right")
    for rank, pair in enumerate(pairs[:limit], start=1):
        style = "bold red" if pair.score >= 0.6 else "yellow" if pair.score >= 0.3 else ""
        table.add_row(str(rank), Text(f"{pair.a} — {pair.b}"), Text(f"{pair.score:.0%}", style=style),
                      f"{pair.share_a:.0%} / {pair.share_b:.0%}")
    return table


def _marked(text, slices):
    from copydetect.utils import highlight_overlap
    if slices is None or getattr(slices, "size", 0) == 0:
        return html.escape(text)
    marked, _ = highlight_overlap(text, slices, "\x00", "\x01")
    return html.escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")


STYLE = ("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}"
         "td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left}"
         ".sides{display:flex;gap:1em}.side{flex:1;min-width:0}pre{background:#f7f7f7;padding:.6em;"
         "overflow-x:auto;font-size:.85em}mark{background:#f9d66b}")


def _page(title, body, lang):
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}</body></html>\n")


def write_html(pairs, submissions, path, lang, limit=50):
    """The ranked index at `path`, and one side-by-side page per pair (the top `limit`) beside it."""
    path = Path(path)
    folder = path.with_name(path.stem + "-pairs")
    folder.mkdir(parents=True, exist_ok=True)
    files = {sub.name: sub.files for sub in submissions}
    rows = []
    for rank, pair in enumerate(pairs, start=1):
        link = ""
        if rank <= limit:
            page = folder / f"{rank:03d}.html"
            title = f"{pair.a} — {pair.b}: {pair.score:.0%}"
            body = [f"<h1>{html.escape(title)}</h1><p>{html.escape(say('similarity.legend', lang))}</p>"]
            texts_a, texts_b = dict(files[pair.a]), dict(files[pair.b])
            for name in sorted(set(texts_a) | set(texts_b), key=lambda n: (n not in (pair.slices or {}), n)):
                cut = (pair.slices or {}).get(name)
                sides = "".join(
                    f"<div class='side'><h3>{html.escape(who)}: {html.escape(name)}</h3>"
                    f"<pre>{_marked(texts[name], cut[index] if cut else None) if name in texts else '—'}</pre></div>"
                    for index, (who, texts) in enumerate(((pair.a, texts_a), (pair.b, texts_b))))
                body.append(f"<div class='sides'>{sides}</div>")
            page.write_text(_page(title, "".join(body), lang), encoding="utf-8")
            link = f"{folder.name}/{page.name}"
        name = html.escape(f"{pair.a} — {pair.b}")
        rows.append(f"<tr><td>{rank}</td><td>{f'<a href={chr(39)}{link}{chr(39)}>{name}</a>' if link else name}</td>"
                    f"<td>{pair.score:.0%}</td><td>{pair.share_a:.0%} / {pair.share_b:.0%}</td></tr>")
    head = (f"<tr><th>#</th><th>{html.escape(say('similarity.col.pair', lang))}</th>"
            f"<th>{html.escape(say('similarity.col.score', lang))}</th>"
            f"<th>{html.escape(say('similarity.col.shares', lang))}</th></tr>")
    title = say("similarity.title", lang, count=len(pairs))
    path.write_text(_page(title, f"<h1>{html.escape(title)}</h1><p>{html.escape(say('similarity.given', lang))}</p>"
                          f"<table>{head}{''.join(rows)}</table>", lang), encoding="utf-8")
    return folder


def write_json(pairs, path):
    from grader.report.jsonfile import write_json as write
    write({"pairs": [pair.as_dict() for pair in pairs],
           "boilerplate": [str(p) for p in boilerplate_files()]}, path)


# --- the command ---------------------------------------------------------------------------------

def parser():
    def text(key):
        return say(f"similarity.help.{key}", "ru")

    p = argparse.ArgumentParser(prog="python -m grader similarity", description=text("description"))
    p.add_argument("submissions", metavar="SUBMISSIONS", help=text("submissions"))
    p.add_argument("--html", metavar="FILE", help=text("html"))
    p.add_argument("--json", metavar="FILE", help=text("json"))
    p.add_argument("--top", type=int, default=10, metavar="N", help=text("top"))
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help=text("lang"))
    return p


def main(argv):
    from rich.console import Console

    from grader.tools.batch.grading import find_entries
    from grader.engine.submission import UsageError

    args = parser().parse_args(argv)
    lang = args.lang
    console = Console(highlight=False)

    def fail(key, **fields):
        console.print(say(key, lang, **fields), style="red", markup=False, soft_wrap=True)
        return EXIT_USAGE

    try:
        import copydetect  # noqa: F401
    except ImportError:
        return fail("similarity.not_installed")
    folder = Path(args.submissions)
    if not folder.is_dir():
        return fail("similarity.no_folder", path=folder)
    outputs = [Path(p) for p in (args.html, args.json) if p]
    entries = find_entries(folder, [p.with_name(p.stem + "-pairs") for p in outputs])
    submissions: list[Submission] = []
    skipped: list = []
    for name, path in entries:
        try:
            sub = read_submission(name, path, lang)
        except (UsageError, OSError) as error:
            skipped.append(f"{name} ({error})")
            continue
        if sub.files:
            submissions.append(sub)
        else:
            skipped.append(f"{name} ({say('similarity.no_py', lang)})")
    if len(submissions) < 2:
        return fail("similarity.too_few", path=folder, count=len(submissions))
    logging.getLogger().setLevel(logging.ERROR)     # copydetect warns through the root logger
    pairs = compare(submissions, boilerplate_files())
    console.print(terminal_table(pairs, lang, max(1, args.top)))
    if skipped:
        console.print(say("similarity.skipped", lang, entries="; ".join(skipped)), style="yellow",
                      markup=False, soft_wrap=True)
    try:
        if args.html:
            write_html(pairs, submissions, args.html, lang)
            console.print(say("similarity.html", lang, path=args.html), markup=False, soft_wrap=True)
        if args.json:
            write_json(pairs, args.json)
            console.print(say("similarity.json", lang, path=args.json), markup=False, soft_wrap=True)
    except OSError as error:
        return fail("similarity.write_failed", path=error.filename, error=error.strerror or error)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
