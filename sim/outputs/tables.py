"""Tidy tables and summary.json into the run directory, all or nothing.

Files are written into a hidden staging folder inside the run directory and moved into place only
when every one of them has been written, so a failure leaves no half-written outputs behind.
Floats are written with fixed precision so that the same config and seed give byte-identical files.
"""
import json
import shutil
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from sim.outputs.analysis import halfway_pack
from sim.records import (
    EventRecord,
    ReplicateResultRecord,
    ReplicateSplitRecord,
    ResultRecord,
    SplitRecord,
    as_rows,
    columns,
    hms,
)

FLOAT_FORMAT = "%.3f"


def table(records, record_type):
    return pd.DataFrame(as_rows(records), columns=columns(record_type))


def summary(result, cfg):
    """The run's headline numbers as a JSON-ready dict."""
    finishers = [r for r in result.results if r.status == "finished"]
    winner = finishers[0] if finishers else None
    size, t_half, members = halfway_pack(result)
    by_name = {r.runner: r for r in result.results}
    c_half = int(np.argmin(np.abs(result.course.checkpoint_m - result.course.distance_m / 2.0)))
    t_half_all = result.split_times_s[:, c_half]
    half_leader = int(np.nanargmin(t_half_all)) if np.isfinite(t_half_all).any() else None

    def runner_entry(r):
        return {"runner": r.runner, "place": r.place, "status": r.status, "t_finish_s": _num(r.t_finish_s),
                "time": hms(r.t_finish_s), "tactic": r.tactic}

    return {
        "scenario": cfg.scenario,
        "seed": cfg.seed,
        "course": {"name": result.course.name, "distance_m": result.course.distance_m,
                   "climb_m": round(result.course.climb_m, 1), "descent_m": round(result.course.descent_m, 1),
                   "segments": result.course.n_segments},
        "starters": len(result.results),
        "finishers": len(finishers),
        "dnf": len(result.results) - len(finishers),
        "winner": runner_entry(winner) if winner else None,
        "top10": [runner_entry(r) for r in finishers[:10]],
        "halfway": {
            "leader": result.runners[half_leader].name if half_leader is not None else None,
            "t_leader_s": _num(float(np.nanmin(t_half_all))) if half_leader is not None else None,
            "main_pack_size": size,
            "main_pack_t_s": _num(t_half),
            "main_pack_time": hms(t_half),
            "main_pack": members,
        },
        "focal": [runner_entry(by_name[n]) for n in cfg.focal if n in by_name],
    }


def _num(x):
    return None if x is None or not np.isfinite(x) else round(float(x), 3)


def write_outputs(result, cfg, run_dir, plots=True):
    """Write results/splits/events CSV, summary.json, story.md and the figures into ``run_dir``."""
    with _staged(run_dir) as stage:
        table(result.results, ResultRecord).to_csv(stage / "results.csv", index=False, float_format=FLOAT_FORMAT)
        table(result.splits, SplitRecord).to_csv(stage / "splits.csv", index=False, float_format=FLOAT_FORMAT)
        table(result.events, EventRecord).to_csv(stage / "events.csv", index=False, float_format=FLOAT_FORMAT)
        (stage / "summary.json").write_text(json.dumps(summary(result, cfg), indent=2) + "\n")
        from sim.outputs.story import key_moves, race_story
        (stage / "story.md").write_text(race_story(result, cfg))
        if plots:
            from sim.outputs.plots import plot_course, plot_race
            plot_race(result, stage / "race.png", focal=cfg.focal, moves=key_moves(result, cfg))
            plot_course(result.course, result.weather, stage / "course.png")
            if cfg.sim.animation:
                from sim.config import clock_s
                from sim.outputs.animation import write_replay_gif
                from sim.outputs.replay_html import write_replay_html
                write_replay_gif(result, stage / "replay.gif", focal=cfg.focal)
                write_replay_html(result, stage / "replay.html", focal=cfg.focal,
                                  start_clock_s=clock_s(cfg.rules.start_clock, "rules.start_clock"))
    return Path(run_dir)


@contextmanager
def _staged(run_dir):
    """A staging folder inside ``run_dir`` whose files move into ``run_dir`` only if the block succeeds."""
    run_dir = Path(run_dir)
    stage = run_dir / ".partial"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        yield stage
        for f in sorted(stage.iterdir()):
            f.replace(run_dir / f.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _fixed(x, digits):
    return None if x is None or not np.isfinite(x) else round(float(x), digits)


def _time_stats(t_s, prefix):
    """Mean with its Monte Carlo standard error, sd, and p10/p50/p90 of the times ``t_s`` [s]."""
    t_s = np.asarray(t_s, dtype=float)
    n = t_s.size
    sd = float(np.std(t_s, ddof=1)) if n > 1 else None
    p10, p50, p90 = np.percentile(t_s, [10, 50, 90]) if n else (None, None, None)
    return {f"{prefix}_mean_s": _num(float(np.mean(t_s))) if n else None,
            f"{prefix}_mean_se_s": _num(sd / np.sqrt(n)) if sd is not None else None,
            f"{prefix}_sd_s": _num(sd),
            f"{prefix}_p10_s": _num(p10), f"{prefix}_p50_s": _num(p50), f"{prefix}_p90_s": _num(p90),
            "time_p10": hms(p10), "time_p50": hms(p50), "time_p90": hms(p90)}


def _probability(hits, n, key):
    """P(key) estimated from ``hits`` of ``n`` replicates, with its standard error sqrt(p(1-p)/n)."""
    p = hits / n
    return {key: _fixed(p, 6), f"{key}_se": _fixed(np.sqrt(p * (1.0 - p) / n), 6)}


def _place_percentiles(place):
    """p10/p50/p90 of the places a runner finished in: the best place reached or beaten in at least 10, 50
    and 90 % of the replicates he finished (the inverse of the empirical distribution, so always a place)."""
    q = np.percentile(place, [10, 50, 90], method="inverted_cdf") if place.size else (None, None, None)
    return {f"place_p{p}": int(v) if v is not None else None for p, v in zip((10, 50, 90), q)}


def _replicate_runner_entry(name, rows):
    n = len(rows)
    finished = rows[rows.status == "finished"]
    place = finished.place.to_numpy(dtype=float)
    place_sd = float(np.std(place, ddof=1)) if place.size > 1 else None
    return {"runner": name,
            "tactic": str(rows.tactic.mode().iloc[0]),
            "seed_time_mean_s": _num(float(rows.seed_time_s.mean())),
            "starts": n,
            "finishes": int(len(finished)),
            **_time_stats(finished.t_finish_s, "t_finish"),
            "place_mean": _fixed(float(place.mean()), 3) if place.size else None,
            "place_mean_se": _fixed(place_sd / np.sqrt(place.size), 3) if place_sd is not None else None,
            **_place_percentiles(place),
            **_probability(int((rows.place == 1).sum()), n, "p_win"),
            **_probability(int(rows.place.between(1, 3).sum()), n, "p_podium"),
            **_probability(int(rows.place.between(1, 10).sum()), n, "p_top10"),
            **_probability(n - int(len(finished)), n, "p_dnf")}


def replicate_summary(reps, cfg):
    """The Monte Carlo estimates of a run with replicates, as a JSON-ready dict.

    Per runner: finish-time mean (with its standard error sd/sqrt(n)), sd and p10/p50/p90 over the
    replicates the runner finished; mean place and p10/p50/p90 of the place over those; P(win), P(podium), P(top10) and P(dnf)
    over all replicates, each with its standard error sqrt(p(1-p)/n). Runners are listed by P(win),
    then P(podium), then mean finish time. Generated runners keep their name across replicates but
    are drawn afresh in each, so their rows describe a seed slot, not one athlete.
    """
    df = table(reps.results, ReplicateResultRecord)
    runners = [_replicate_runner_entry(name, rows) for name, rows in df.groupby("runner", sort=False)]
    runners.sort(key=lambda e: (-e["p_win"], -e["p_podium"],
                                e["t_finish_mean_s"] if e["t_finish_mean_s"] is not None else np.inf, e["runner"]))
    names = {e["runner"] for e in runners}
    finishers = df[df.status == "finished"].groupby("replicate").size().reindex(range(reps.n), fill_value=0)
    winners = df.t_finish_s[df.place == 1]
    return {
        "scenario": cfg.scenario,
        "seed": cfg.seed,
        "replicates": reps.n,
        "course": {"name": reps.course_name, "distance_m": reps.distance_m},
        "starters": int(df.groupby("replicate").size().max()),
        "finishers_mean": _fixed(float(finishers.mean()), 3),
        "winning_time": {"n": int(winners.size), **_time_stats(winners, "t")},
        "focal": [name for name in cfg.focal if name in names],
        "runners": runners,
    }


def write_replicate_outputs(reps, cfg, run_dir):
    """Write replicates.csv, replicate_splits.csv, summary.json and (with ``sim.plots``) replicates.png into
    ``run_dir``; returns the summary dict."""
    stats = replicate_summary(reps, cfg)
    results = table(reps.results, ReplicateResultRecord)
    with _staged(run_dir) as stage:
        results.to_csv(stage / "replicates.csv", index=False, float_format=FLOAT_FORMAT)
        table(reps.splits, ReplicateSplitRecord).to_csv(stage / "replicate_splits.csv", index=False,
                                                        float_format=FLOAT_FORMAT)
        (stage / "summary.json").write_text(json.dumps(stats, indent=2) + "\n")
        if cfg.sim.plots:
            from sim.outputs.plots import plot_replicates
            plot_replicates(stats, results, stage / "replicates.png")
    return stats
