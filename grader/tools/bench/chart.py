"""The bench's picture: deliveries per second of every server on every scenario.

A PNG with the `plot` extra (matplotlib), bars on a log scale (the lecture's server and the
reference differ a hundredfold); in the terminal always, one bar per server and scenario,
scaled to the scenario's fastest, so a lecturer sees the comparison without an extra."""
from rich.text import Text

from grader.messages import say
from grader.tools.bench.summary import short_name

WIDTH = 40
COLOURS = ("green", "yellow", "cyan", "magenta", "blue")


def series(report):
    """[(scenario, [(server, deliveries per second or None)])] in the report's order."""
    servers = report["servers"]
    out = []
    for scenario, entry in report["scenarios"].items():
        out.append((scenario, [(server, (entry.get(server) or {}).get("deliveries_per_s")) for server in servers]))
    return out


def terminal_chart(report, lang):
    """The chart as rich Text: one bar per server, scaled to the scenario's fastest."""
    servers = report["servers"]
    names = {server: short_name(server, servers) for server in servers}
    pad = max(len(name) for name in names.values())
    text = Text(say("bench.chart.title", lang) + "\n", style="bold")
    for scenario, values in series(report):
        text.append(f"{scenario}\n")
        top = max((v for _, v in values if v), default=0)
        for index, (server, value) in enumerate(values):
            text.append(f"  {names[server]:<{pad}} ")
            if not value:
                text.append("—\n", style="dim")
                continue
            width = max(1, round(WIDTH * value / top)) if top else 1
            text.append("█" * width, style=COLOURS[index % len(COLOURS)])
            text.append(f" {value:,.0f}\n".replace(",", " "))
    return text


def write_png(report, path, lang):
    """The chart as a PNG; False when matplotlib (the `plot` extra) is not installed."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    servers = report["servers"]
    data = series(report)
    figure, axis = plt.subplots(figsize=(10, 5))
    width = 0.8 / max(1, len(servers))
    for index, server in enumerate(servers):
        xs = [i + (index - (len(servers) - 1) / 2) * width for i in range(len(data))]
        ys = [dict(values)[server] or 0 for _, values in data]
        axis.bar(xs, ys, width, label=short_name(server, servers))
    axis.set_xticks(range(len(data)), [scenario for scenario, _ in data])
    if any(v for _, values in data for _, v in values):
        axis.set_yscale("log")
    axis.set_ylabel(say("bench.chart.axis", lang))
    axis.set_title(say("bench.chart.title", lang))
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True
