"""A pacing plan's files: ``plan.csv`` (one row per km), a printable ``plan.md`` and ``plan.png``.

Reads the plan's records (:class:`sim.records.PlanRecord`, made by sim/commands/plan.py) and the solo
race they come from. Times in plan.csv are written at full precision, so its splits add up to its
finish time.
"""
import math
from dataclasses import asdict, fields
from pathlib import Path

import pandas as pd

from sim.records import PlanRecord, hms

COLUMNS = [f.name for f in fields(PlanRecord)]


def plan_table(records):
    return pd.DataFrame([asdict(r) for r in records], columns=COLUMNS)


def pace_text(s_km):
    """``m:ss`` per km for a pace in s/km."""
    s = int(round(s_km))
    return f"{s // 60}:{s % 60:02d}"


def plan_md(records, result, cfg):
    """The plan as one printable page: who, which tactic, the finish, then one line per km."""
    row, spec = result.results[0], result.runners[0]
    lines = [
        f"# Pacing plan: {row.runner}, {row.tactic}",
        "",
        f"{cfg.course.name or Path(cfg.course.profile).name} ({result.course.distance_m / 1000:.3f} km, "
        f"scenario {cfg.scenario}, seed {cfg.seed}). Finish **{hms(row.t_chip_s)}** from the start line, "
        f"running alone: the runner's own process on the course with nobody else (no packs, no shelter), "
        f"critical speed {spec.critical_speed_m_s:.3f} m/s, D′ {spec.d_prime_m:.0f} m.",
        "",
        "| km | split | cumulative | pace /km | grade % | wind m/s (+ head, − tail) | effort (× CS) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in records:
        km = f"{r.km:.0f}" if math.isclose(r.km, round(r.km)) else f"{r.km:.3f}"
        lines.append(f"| {km} | {r.split_hms} | {r.cumulative_hms} | {pace_text(r.pace_s_km)} | {r.grade_pct:+.1f} | "
                     f"{r.headwind_m_s:+.1f} | {r.effort_cs:.3f} |")
    lines += ["", "Effort: the flat-ground speed of the same metabolic power, as a fraction of critical speed "
              "(1.0 = CS). Wind: the mean wind along the direction of travel over the kilometre.", ""]
    return "\n".join(lines)


def plan_figure(records, result, t_boundary_s):
    """Pace per km (top) and elevation (bottom) against the time from the start line [h:mm].

    ``t_boundary_s``: the runner's time from the start line at every segment boundary of the course.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from sim.outputs.plots import time_axis

    course = result.course
    ends_s = [r.cumulative_s for r in records]
    fig, (ax_pace, ax_elev) = plt.subplots(2, 1, figsize=(9, 5.5), sharex=True,
                                           gridspec_kw={"height_ratios": [3, 2]})
    ax_pace.stairs([r.pace_s_km for r in records], [0.0, *ends_s], color="C0", lw=2, baseline=None)
    ax_pace.yaxis.set_major_formatter(FuncFormatter(lambda s, _: pace_text(s)))
    ax_pace.invert_yaxis()   # faster is higher
    ax_pace.set_ylabel("pace [min:s per km]")
    row = result.results[0]
    ax_pace.set_title(f"{row.runner} alone, {row.tactic}: {hms(row.t_chip_s)}", fontsize=10)
    t_boundary = [float(t) for t in t_boundary_s]
    ax_elev.fill_between(t_boundary, list(map(float, course.elevation_m)), min(course.elevation_m) - 5,
                         color="0.8")
    ax_elev.plot(t_boundary, list(map(float, course.elevation_m)), color="0.35", lw=1)
    ax_elev.set_ylabel("elevation [m]")
    fmt = time_axis(ax_elev.xaxis, 0.0, ends_s[-1], max_ticks=9)
    ax_elev.set_xlabel(f"time from the start line [{fmt}]")
    ax_elev.set_xlim(0.0, ends_s[-1])
    fig.tight_layout()
    return fig


def write_plan(records, result, cfg, out_dir, t_boundary_s, plots=True):
    """Write plan.csv, plan.md and (with ``plots``) plan.png into ``out_dir``; returns the file names."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    plan_table(records).to_csv(out / "plan.csv", index=False)
    (out / "plan.md").write_text(plan_md(records, result, cfg))
    names = ["plan.csv", "plan.md"]
    if plots:
        from sim.outputs.plots import save_png
        fig = plan_figure(records, result, t_boundary_s)
        save_png(fig, out / "plan.png")
        names.append("plan.png")
    return names
