"""The class at a glance after a batch: `python -m grader batch ... --overview overview.html`.

Two things an instructor wants to see rather than read: how the grades spread, per track,
and which checks the class failed most (with each check's hint: what to re-teach next
lecture). The same goes to the terminal as a short table, to a standalone HTML page (no
script, no external file), and, with the `plot` extra (matplotlib), to a PNG beside it.

Only rows that were graded count; a row whose grading failed in the grader is left out, and a
student handed in twice (a folder and a zip of one name) counts once, with the better score. A
check counts for a student when it ran (passed or failed): a check of a track or a module
the student did not hand in is not a failure of the class.
"""
import dataclasses
import html
from pathlib import Path

from rich.table import Table
from rich.text import Text

from grader.engine import rubric
from grader.messages import say
from grader.report.terminal import number_of

BINS = [(low, low + 9) for low in range(0, 90, 10)] + [(90, 100)]


@dataclasses.dataclass
class CheckRate:
    id: str
    passed: int
    ran: int

    @property
    def failed(self):
        return self.ran - self.passed

    @property
    def rate(self):
        return self.passed / self.ran if self.ran else 1.0


def handed_in_as(row):
    """The name the student handed in under: a folder's name, a zip's without ".zip"."""
    source = Path(row.source)
    return (source.stem if source.suffix.lower() == ".zip" else source.name).casefold()


def duplicates(rows):
    """{name: [rows]} for every student handed in twice (a folder and a zip of one name)."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(handed_in_as(row), []).append(row)
    return {name: group for name, group in groups.items() if len(group) > 1}


def distinct(rows):
    """One row per student: of a student's duplicates, the one with the best score."""
    best: dict = {}
    for row in rows:
        name = handed_in_as(row)
        score = row.result.score if row.result is not None else -1
        if name not in best or score > best[name][0]:
            best[name] = (score, row)
    return [row for row in rows if best[handed_in_as(row)][1] is row]


def graded_results(rows):
    from grader.tools.batch.grading import GRADER_FAULT
    return [row.result for row in distinct(rows) if row.result is not None and row.status != GRADER_FAULT]


def distribution(rows):
    """{"tcp"|"udp"|"final": [count per bin of BINS]}: tracks count only where graded."""
    counts = {key: [0] * len(BINS) for key in ("tcp", "udp", "final")}

    def put(key, value):
        for index, (low, high) in enumerate(BINS):
            if low <= value <= high or (index == len(BINS) - 1 and value > high):
                counts[key][index] += 1
                return

    for result in graded_results(rows):
        for track in rubric.TRACKS:
            if result.tracks[track]["state"] == "graded":
                put(track, 100 * result.tracks[track]["score"] / result.tracks[track]["max"])
        put("final", result.score)
    return counts


def check_rates(rows):
    """Every check that ran for someone, most failed first (lowest pass rate, then most failures)."""
    rates: dict[str, CheckRate] = {}
    for result in graded_results(rows):
        for record in result.checks:
            if record.status not in ("passed", "failed"):
                continue
            if result.tracks[rubric.BY_ID[record.id].track]["state"] != "graded":
                continue
            rate = rates.setdefault(record.id, CheckRate(record.id, 0, 0))
            rate.ran += 1
            rate.passed += record.status == "passed"
    return sorted(rates.values(), key=lambda r: (r.rate, -r.failed, rubric.RANK[r.id]))


def terminal_table(rows, lang, limit=10):
    """The most-failed checks as a short rich table."""
    table = Table(title=say("overview.title", lang, count=len(graded_results(rows))), show_header=True,
                  header_style="bold", title_justify="left")
    table.add_column("№", justify="right")
    table.add_column(say("overview.col.check", lang))
    table.add_column(say("overview.col.passed", lang), justify="right")
    table.add_column(say("overview.col.failed", lang), justify="right")
    shown = [rate for rate in check_rates(rows) if rate.failed][:limit]
    for rate in shown:
        style = "red" if rate.rate < 0.5 else "yellow" if rate.rate < 0.8 else ""
        table.add_row(number_of(rate.id), Text(rubric.BY_ID[rate.id].text(lang)),
                      Text(f"{rate.rate:.0%}", style=style), f"{rate.failed}/{rate.ran}")
    if not shown:
        table.add_row("", Text(say("overview.all_passed", lang), style="green"), "", "")
    return table


def _bars(counts, label):
    top = max(counts) or 1
    cells = []
    for (low, high), count in zip(BINS, counts):
        height = round(120 * count / top)
        cells.append(f'<div class="col"><div class="n">{count or ""}</div>'
                     f'<div class="bar" style="height:{height}px"></div><div class="x">{low}–{high}</div></div>')
    return f'<figure><figcaption>{html.escape(label)}</figcaption><div class="hist">{"".join(cells)}</div></figure>'


def overview_html(rows, lang):
    counts = distribution(rows)
    rates = check_rates(rows)
    total = len(graded_results(rows))
    parts = [f"<h1>{html.escape(say('overview.title', lang, count=total))}</h1>",
             f"<h2>{html.escape(say('overview.distribution', lang))}</h2><div class='hists'>"]
    for key in ("final", "tcp", "udp"):
        if sum(counts[key]):
            parts.append(_bars(counts[key], say(f"overview.series.{key}", lang)))
    parts.append(f"</div><h2>{html.escape(say('overview.checks', lang))}</h2><table><tr><th>№</th>"
                 f"<th>{html.escape(say('overview.col.check', lang))}</th>"
                 f"<th>{html.escape(say('overview.col.passed', lang))}</th>"
                 f"<th>{html.escape(say('overview.col.failed', lang))}</th></tr>")
    for rate in rates:
        entry = rubric.BY_ID[rate.id]
        colour = "#c0392b" if rate.rate < 0.5 else "#d68910" if rate.rate < 0.8 else "#1e8449"
        parts.append(f"<tr><td>{number_of(rate.id)}</td><td><a href='#hint-{html.escape(rate.id)}'>"
                     f"{html.escape(entry.text(lang))}</a></td><td><div class='rate'><div style='width:"
                     f"{rate.rate * 100:.0f}%;background:{colour}'></div></div> {rate.rate:.0%}</td>"
                     f"<td>{rate.failed}/{rate.ran}</td></tr>")
    parts.append(f"</table><h2>{html.escape(say('overview.hints', lang))}</h2><dl>")
    for rate in rates:
        entry = rubric.BY_ID[rate.id]
        parts.append(f"<dt id='hint-{html.escape(rate.id)}'>{number_of(rate.id)} {html.escape(entry.text(lang))}"
                     f"</dt><dd>{html.escape(entry.hint(lang) or '—')}</dd>")
    parts.append("</dl>")
    style = ("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;color:#222}"
             ".hists{display:flex;gap:2em;flex-wrap:wrap}.hist{display:flex;align-items:flex-end;gap:3px;height:150px}"
             ".col{display:flex;flex-direction:column;align-items:center;width:2.6em;font-size:.75em}"
             ".bar{width:100%;background:#2e86c1}.n{min-height:1.2em}.x{color:#666}"
             "table{border-collapse:collapse;width:100%}td,th{padding:.3em .5em;border-bottom:1px solid #ddd;"
             "text-align:left}.rate{display:inline-block;width:8em;height:.8em;background:#eee;vertical-align:middle}"
             ".rate div{height:100%}dt{font-weight:bold;margin-top:.6em}")
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(say('overview.title', lang, count=total))}</title><style>{style}</style></head>"
            f"<body>{''.join(parts)}</body></html>\n")


def overview_figure(rows, lang):
    """The two charts as a matplotlib figure (the `plot` extra), or None without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        return None
    counts = distribution(rows)
    rates = [rate for rate in check_rates(rows)][:15]
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    labels = [f"{low}–{high}" for low, high in BINS]
    width = 0.28
    for offset, key in zip((-width, 0, width), ("final", "tcp", "udp")):
        left.bar([i + offset for i in range(len(BINS))], counts[key], width, label=say(f"overview.series.{key}", lang))
    left.set_xticks(range(len(BINS)), labels, rotation=45, fontsize=8)
    left.yaxis.set_major_locator(MaxNLocator(integer=True))     # students are counted whole
    left.set_xlabel(say("overview.axis.points", lang))
    left.set_ylabel(say("overview.axis.students", lang))
    left.set_title(say("overview.distribution", lang))
    left.legend()
    right.barh([f"{number_of(r.id)}" for r in rates][::-1], [100 * r.rate for r in rates][::-1], color="#2e86c1")
    right.set_xlim(0, 100)
    right.set_title(say("overview.checks", lang))
    right.set_xlabel(say("overview.axis.passed", lang))
    right.set_ylabel(say("overview.axis.check", lang))
    figure.tight_layout()
    return figure


def write_png(rows, path, lang):
    """The same two charts as a PNG; returns False when matplotlib (the `plot` extra) is absent."""
    figure = overview_figure(rows, lang)
    if figure is None:
        return False
    import matplotlib.pyplot as plt
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def write_overview(rows, path, lang):
    """Write the HTML (and the PNG beside it when matplotlib is there); return the PNG's path or None."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(overview_html(rows, lang), encoding="utf-8")
    png = path.with_suffix(".png")
    return png if write_png(rows, png, lang) else None
