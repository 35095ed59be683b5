"""Outputs of a mass race (crowd engine): tables, summary.json, finish_hist.png, story.md, printed summary.

Written all-or-nothing through :func:`sim.outputs.tables._staged`, with the fixed float format of
:mod:`sim.outputs.tables` so that the same config and seed give byte-identical files.

* ``results.csv`` — one row per starter, the columns of :class:`MassResultRecord`;
* ``splits.csv`` — runner, checkpoint, distance_m, t_s (gun time) at every checkpoint reached;
* ``events.csv`` — cut-offs, the final gun, walls, goal changes, bus joins/drops, finishes;
* ``summary.json`` — finishers, DNFs by cut-off, medals, percentiles, the last-hour share,
  the winners, pens and buses, and the real race beside it when ``real_results`` is set;
* ``finish_hist.png`` — the finish-time histogram with the medal bands named and their limits and the
  final gun marked (the real race's beside it); ``race.png`` — the field along the course;
  ``course.png``; ``story.md``;
* ``replay.html`` (with ``sim.animation``) — the field on a map as runners per 200 m, the leaders named
  (:mod:`sim.outputs.replay_html`).
"""
import json
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import PacksimError
from sim.inputs.paths import resolve_path
from sim.outputs.tables import FLOAT_FORMAT, _num, _staged
from sim.records import EventRecord, columns, hms

HIST_BIN_S = 600.0


@dataclass
class MassResultRecord:
    runner: str
    place: int                  # overall, 0 for a DNF
    sex_place: int              # within the sex, 0 for a DNF
    status: str                 # finished | dnf
    t_finish_s: float           # gun time (the Comrades clock); NaN for a DNF
    t_chip_s: float             # from crossing the start line
    tactic: str                 # 'goal' (paced for a target time) or field.default_tactic
    medal: str                  # '' for none
    sex: str
    pen: str                    # start pen (seeding group)
    t_start_line_s: float       # when the runner crossed the start line after the gun
    seed_time_s: float          # marathon-equivalent seed
    predicted_s: float          # course prediction from ability (sim/inputs/crowd_field.py)
    target_s: float             # the time paced for at the end (NaN: raced without a target)
    stopped_at: str             # the cut-off that pulled the runner, 'time limit', or ''
    stopped_m: float            # where a DNF stopped (the finish for finishers)
    walked_m: float             # distance walked
    walled: bool
    exhausted: bool
    critical_speed_m_s: float
    d_prime_m: float
    mass_kg: float
    queued_s: float             # time held up on single track (NaN: the cohort scheduler does not model it)
    aid_s: float                # time at aid stations (NaN: not modelled)


def results_frame(r, cfg):
    """The results table in finishing order, then DNFs by distance reached."""
    fin = r.status == "finished"
    n = len(fin)
    order = np.lexsort((np.arange(n), np.where(fin, r.t_finish_s, np.inf), -np.where(fin, np.inf, r.x_out_m)))
    order = np.concatenate([order[fin[order]], order[~fin[order]]])
    place = np.zeros(n, dtype=int)
    fin_order = order[fin[order]]
    place[fin_order] = np.arange(1, fin_order.size + 1)
    sex_place = np.zeros(n, dtype=int)
    for s in ("M", "F"):
        who = fin_order[r.field.sex[fin_order] == s]
        sex_place[who] = np.arange(1, who.size + 1)
    target = np.where(r.pacing & np.isfinite(r.target_s), r.target_s, np.nan)
    cols = {"runner": np.array(r.field.names, dtype=object), "place": place, "sex_place": sex_place,
            "status": r.status, "t_finish_s": r.t_finish_s, "t_chip_s": r.t_finish_s - r.t_line_s,
            "tactic": np.where(r.pacing, "goal", cfg.field.default_tactic), "medal": r.medal,
            "sex": r.field.sex, "pen": r.pen, "t_start_line_s": r.t_line_s, "seed_time_s": r.field.marathon_s,
            "predicted_s": r.field.predicted_s, "target_s": target, "stopped_at": r.pulled_at, "stopped_m": r.x_out_m,
            "walked_m": r.walked_m, "walled": r.walled, "exhausted": r.exhausted,
            "critical_speed_m_s": r.field.cs_m_s, "d_prime_m": r.field.d_prime_m, "mass_kg": r.field.mass_kg,
            "queued_s": np.full(n, np.nan) if r.queued_s is None else r.queued_s,
            "aid_s": np.full(n, np.nan) if r.aid_s is None else r.aid_s}
    assert list(cols) == [f.name for f in fields(MassResultRecord)]
    return pd.DataFrame(cols).iloc[order].reset_index(drop=True)


def splits_frame(r):
    t = r.split_times_s
    i, c = np.nonzero(np.isfinite(t))
    return pd.DataFrame({"runner": np.array(r.field.names, dtype=object)[i], "checkpoint": c,
                         "distance_m": r.course.checkpoint_m[c], "t_s": t[i, c]})


def read_real_finish_times_s(path):
    """Finish times [s] of a real race from a results CSV with a ``time_s`` column (one line on error)."""
    p = resolve_path(path, "real_results")
    try:
        df = pd.read_csv(p, usecols=["time_s"])
    except ValueError:
        raise PacksimError(f"real_results: {p}: needs a time_s column (finish time in seconds)") from None
    except Exception as exc:
        raise PacksimError(f"real_results: {p}: not a readable CSV ({str(exc).splitlines()[0]})") from None
    t = pd.to_numeric(df.time_s, errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(t).any():
        raise PacksimError(f"real_results: {p}: no finish times in column time_s")
    return t[np.isfinite(t)]


def distribution(t_s):
    t_s = np.asarray(t_s, dtype=float)
    q = np.percentile(t_s, [10, 25, 50, 75, 90]) if t_s.size else [np.nan] * 5
    return {"p10": hms(q[0]), "p25": hms(q[1]), "p50": hms(q[2]), "p75": hms(q[3]), "p90": hms(q[4]),
            "p50_s": _num(q[2])}


def crowd_summary(r, cfg, real_t_s=None):
    """The mass race's headline numbers as a JSON-ready dict."""
    fin = r.status == "finished"
    t = r.t_finish_s[fin]
    limit = cfg.sim.time_limit_s
    by_cutoff = Counter(r.pulled_at[~fin])
    dnf = {c.name: int(by_cutoff.get(c.name, 0)) for c in cfg.rules.cutoffs}
    dnf["time limit"] = int(by_cutoff.get("time limit", 0))
    for other in ("gave up", "abandoned"):   # out for other reasons than the clock (per-runner scheduler, abandon_margin)
        if by_cutoff.get(other, 0):
            dnf[other] = int(by_cutoff[other])
    medals = Counter(r.medal[fin])
    names = np.array(r.field.names, dtype=object)

    def winner(sex):
        who = np.flatnonzero(fin & (r.field.sex == sex))
        if who.size == 0:
            return None
        i = who[np.argmin(r.t_finish_s[who])]
        return {"runner": names[i], "time": hms(r.t_finish_s[i]), "t_finish_s": _num(r.t_finish_s[i])}

    buses = []
    joins = Counter(e[4].split(" ")[0] for e in r.events if e[2] == "bus_join")
    drops = Counter(e[4].split(" ")[0] for e in r.events if e[2] == "bus_drop")
    for b in cfg.goals.buses:
        key = hms(b.target_s)
        buses.append({"target": key, "joined": joins.get(key, 0), "dropped": drops.get(key, 0)})
    out = {
        "scenario": cfg.scenario, "seed": cfg.seed, "engine": "crowd",
        "course": {"name": r.course.name, "distance_m": r.course.distance_m, "climb_m": round(r.course.climb_m, 1),
                   "descent_m": round(r.course.descent_m, 1), "segments": r.course.n_segments},
        "start_clock": cfg.rules.start_clock, "time_limit": hms(limit),
        "starters": int(fin.size), "finishers": int(fin.sum()), "finish_share": round(float(fin.mean()), 4),
        "dnf": int((~fin).sum()), "dnf_by_cutoff": dnf,
        "walls": int(r.walled.sum()),
        "medals": {m.name: int(medals.get(m.name, 0)) for m in cfg.rules.medals},
        "finish_times": distribution(t),
        "share_last_hour": round(float(np.mean(t >= limit - 3600.0)), 4) if t.size else None,
        "winner_men": winner("M"), "winner_women": winner("F"),
        "pens": [{"pen": p, "runners": int(np.sum(r.pen == p)), "first_crosses": hms(a), "last_crosses": hms(b),
                  "crossing_s": round(b - a, 1)} for p, a, b in r.pen_crossing],
        "buses": buses,
        "engine_stats": {k: (round(v, 6) if isinstance(v, float) else v) for k, v in r.stats.items()
                         if k not in ("wall_s", "build_s", "race_s")},
    }
    if real_t_s is not None:
        out["real"] = {"source": cfg.real_results, "finishers": int(real_t_s.size), **distribution(real_t_s),
                       "share_last_hour": round(float(np.mean(real_t_s >= limit - 3600.0)), 4)}
    return out


def medal_bands(cfg, lo_s):
    """The intervals between successive medal limits from ``lo_s`` [s], each with the medals it earns.

    Returns [(from_s, to_s, label)], the label one line per medal (with the sex where a band is for one
    sex only); the limits are the ``to_s`` of the time-band medals (``top`` medals have no limit).
    """
    bands = [m for m in cfg.rules.medals if m.top == 0]
    limits = sorted({min(m.to_s, cfg.sim.time_limit_s) for m in bands})
    out, start = [], lo_s
    for end in limits:
        if end <= start:
            continue
        mid = (start + end) / 2.0
        names = []
        for m in bands:
            if m.from_s <= mid < m.to_s:
                both = any(o.name == m.name and o.sex != m.sex and o.from_s <= mid < o.to_s for o in bands)
                names.append(m.name if not m.sex or both else f"{m.name} ({'men' if m.sex == 'M' else 'women'})")
        out.append((start, end, "\n".join(dict.fromkeys(names))))
        start = end
    return out


def finish_hist_figure(r, cfg, real_t_s=None):
    """The figure of :func:`plot_finish_hist` (not yet saved)."""
    from sim.outputs.plots import DPI, labels_above, plt, time_axis
    fin = r.status == "finished"
    t = r.t_finish_s[fin]
    limit_s = cfg.sim.time_limit_s
    panels = [("simulated", t, f"simulated, seed {cfg.seed}: {fin.sum():,} of {fin.size:,} finished")]
    if real_t_s is not None:
        panels.append(("real", real_t_s, f"real: {Path(cfg.real_results).name}, {real_t_s.size:,} finishers"))
    fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 4.6), sharey=True, squeeze=False,
                             layout="constrained", dpi=DPI)
    present = [p[1] for p in panels if p[1].size]
    lo = np.floor(min(p.min() for p in present) / HIST_BIN_S) * HIST_BIN_S if present else 0.0
    bins = np.arange(lo, limit_s + HIST_BIN_S + 1e-6, HIST_BIN_S)
    bands = medal_bands(cfg, lo)
    for ax, (label, data, title) in zip(axes[0], panels):
        # shares, not counts: a reduced simulated field and the full real one read on one scale
        weights = np.full(data.size, 100.0 / max(data.size, 1))
        ax.hist(data, bins=bins, weights=weights, color="#4c72b0" if label == "simulated" else "#999999",
                edgecolor="white", lw=0.3, label=title)
        for _, end, _ in bands[:-1] if bands and bands[-1][1] >= limit_s else bands:
            ax.axvline(end, color="#c44e52", lw=0.8, ls="--")
        ax.axvline(limit_s, color="black", lw=1.2)
        ax.set_xlim(lo, limit_s + HIST_BIN_S)
        unit = time_axis(ax.xaxis, lo, limit_s, max_ticks=9)
        ax.legend(loc="upper left", fontsize=8, frameon=False)   # a title would sit on the medal names
        ax.set_xlabel(f"finish time after the gun [{unit}]")
        labels_above(fig, ax, [((a + b) / 2.0, name, "center") for a, b, name in bands if name], fontsize=7,
                     row_pt=9.0, colour="#c44e52")
    axes[0][0].set_ylabel("share of finishers per 10 min [%]")
    fig.suptitle(f"{r.course.name}: finish times (red: medal bands and their limits, black: the "
                 f"{hms(limit_s)} gun)", fontsize=10)
    return fig


def plot_finish_hist(r, cfg, path, real_t_s=None):
    """Finish-time histograms (10-min bins, share of finishers) with the medal bands named above them and
    their limits and the final gun marked; the real race beside it."""
    from sim.outputs.plots import save_png
    return save_png(finish_hist_figure(r, cfg, real_t_s), path)


def crowd_race_figure(r, cfg):
    """The figure of :func:`plot_crowd_race` (not yet saved)."""
    from sim.outputs.plots import DPI, clock, plt, spread, time_axis
    x_km = r.course.checkpoint_m / 1000.0
    t = r.split_times_s
    fig, ax = plt.subplots(figsize=(10, 5.6), layout="constrained", dpi=DPI)
    reached = np.isfinite(t)
    pct = np.full((3, t.shape[1]), np.nan)
    for c in range(t.shape[1]):
        if reached[:, c].sum() >= 10:
            pct[:, c] = np.percentile(t[reached[:, c], c], [10, 50, 90])
    ax.fill_between(x_km, pct[0], pct[2], color="#4c72b0", alpha=0.25, lw=0, label="10th–90th percentile of the field")
    ax.plot(x_km, pct[1], color="#4c72b0", lw=1.5, label="median runner")
    lead = np.nanmin(np.where(reached, t, np.nan), axis=0)
    ax.plot(x_km, lead, color="black", lw=1.2, label="leader")
    bar_s = 0.35 * 3600.0
    for c in cfg.rules.cutoffs:
        ax.plot([c.distance_m / 1000.0] * 2, [c.race_time_s, c.race_time_s + bar_s], color="#c44e52", lw=3)
        ax.annotate(c.name, (c.distance_m / 1000.0, c.race_time_s + bar_s), xytext=(0, 3), textcoords="offset points",
                    rotation=90, fontsize=7, ha="center", va="bottom", color="#c44e52")
    end_km = r.course.distance_m / 1000.0
    ax.plot([end_km] * 2, [cfg.sim.time_limit_s, cfg.sim.time_limit_s + bar_s], color="black", lw=3)
    top_s = cfg.sim.time_limit_s + 2.2 * bar_s
    ax.set_ylim(0.0, top_s)
    ax.set_xlim(0.0, end_km * 1.01)   # room for the final gun's bar at the finish
    if r.goals_bus:
        # the buses' labels in the right margin, level with where each bus finishes, spread so none touch
        for target, times in r.goals_bus:
            ax.plot(r.course.boundary_m / 1000.0, times, color="#55a868", lw=0.9, ls="--")
        ends = np.array([times[-1] for _, times in r.goals_bus], float)
        at = spread(ends / top_s, 0.045, 0.0, 1.0)
        for (target, times), y in zip(r.goals_bus, at):
            ax.annotate(f"{clock(target, seconds=False)} bus", (end_km, times[-1]), xytext=(1.01, y), textcoords="axes fraction",
                        fontsize=7, color="#55a868", va="center", annotation_clip=False,
                        arrowprops={"arrowstyle": "-", "color": "#55a868", "lw": 0.5, "shrinkA": 0, "shrinkB": 0})
    unit = time_axis(ax.yaxis, 0.0, top_s)
    ax.set_xlabel("distance [km]")
    ax.set_ylabel(f"time after the gun [{unit}]")
    ax.set_title(f"{r.course.name}: the field along the course (red: cut-offs, black: the final gun, "
                 "green: pacing buses)", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def plot_crowd_race(r, cfg, path):
    """The field along the course: gun time at each checkpoint for the leaders and the 10/50/90th percentile
    of the runners who reached it, the buses' timetables, and the cut-offs (red bars) and final gun."""
    from sim.outputs.plots import save_png
    return save_png(crowd_race_figure(r, cfg), path)


def write_crowd_outputs(r, cfg, run_dir, plots=True):
    """Write every output of a mass race into ``run_dir`` (all or nothing)."""
    real = read_real_finish_times_s(cfg.real_results) if cfg.real_results else None
    with _staged(run_dir) as stage:
        results_frame(r, cfg).to_csv(stage / "results.csv", index=False, float_format=FLOAT_FORMAT)
        splits_frame(r).to_csv(stage / "splits.csv", index=False, float_format=FLOAT_FORMAT)
        pd.DataFrame(r.events, columns=columns(EventRecord)).to_csv(stage / "events.csv", index=False,
                                                                     float_format=FLOAT_FORMAT)
        summary = crowd_summary(r, cfg, real)
        (stage / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        from sim.outputs.crowd_story import crowd_story
        (stage / "story.md").write_text(crowd_story(r, cfg, summary))
        if plots:
            from sim.outputs.plots import plot_course
            plot_finish_hist(r, cfg, stage / "finish_hist.png", real)
            plot_crowd_race(r, cfg, stage / "race.png")
            plot_course(r.course, r.weather, stage / "course.png")
            if cfg.rules.stations:
                from sim.outputs.trail_plots import plot_trail
                plot_trail(r, cfg, stage / "trail.png")
            if cfg.sim.animation:
                from sim.config import clock_s
                from sim.outputs.replay_html import write_crowd_replay_html
                write_crowd_replay_html(r, stage / "replay.html", focal=cfg.focal,
                                        start_clock_s=clock_s(cfg.rules.start_clock, "rules.start_clock"))
    return summary


def print_crowd_summary(summary, wall_s=None, out=print):
    s = summary
    out(f"\n{s['scenario']}: {s['course']['name']}, {s['starters']:,} starters, {s['finishers']:,} finished "
        f"({100 * s['finish_share']:.1f} %; seed {s['seed']}{f', {wall_s:.1f} s' if wall_s is not None else ''})")
    for sex, key in (("Men", "winner_men"), ("Women", "winner_women")):
        if s[key]:
            out(f"  {sex}'s winner: {s[key]['runner']} {s[key]['time']}")
    ft = s["finish_times"]
    out(f"  Finish times: p10 {ft['p10']}, median {ft['p50']}, p90 {ft['p90']}; last hour {100 * s['share_last_hour']:.1f} %")
    if "real" in s:
        rl = s["real"]
        out(f"  Real race:    p10 {rl['p10']}, median {rl['p50']}, p90 {rl['p90']}; last hour {100 * rl['share_last_hour']:.1f} %")
    out("  DNF: " + ", ".join(f"{k} {v:,}" for k, v in s["dnf_by_cutoff"].items()))
    if s["medals"]:
        out("  Medals: " + ", ".join(f"{k} {v:,}" for k, v in s["medals"].items()))
