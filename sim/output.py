"""Tidy tables and summary.json into the run directory, all or nothing.

Files are written into a hidden staging folder inside the run directory and moved into place only
when every one of them has been written, so a failure leaves no half-written outputs behind.
Floats are written with fixed precision so that the same config and seed give byte-identical files.
"""
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from sim.records import EventRecord, ResultRecord, SplitRecord, as_rows, columns

FLOAT_FORMAT = "%.3f"


def hms(t_s):
    """``h:mm:ss`` for a time in seconds ('' for NaN)."""
    if t_s is None or not np.isfinite(t_s):
        return ""
    s = int(round(t_s))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def table(records, record_type):
    return pd.DataFrame(as_rows(records), columns=columns(record_type))


def halfway_pack(result):
    """The largest pack at halfway among runners within 3 min of the leader there: (size, time_s, members)."""
    course = result.course
    c = int(np.argmin(np.abs(course.checkpoint_m - course.distance_m / 2.0)))
    t = result.split_times_s[:, c]
    if not np.isfinite(t).any():
        return 0, float("nan"), []
    lead = np.nanmin(t)
    ids = result.pack_id[:, c]
    cand = np.flatnonzero((ids > 0) & (t <= lead + 180.0))
    if cand.size == 0:
        return 0, float("nan"), []
    sizes = result.pack_size[cand, c]
    pid = ids[cand[np.argmax(sizes)]]
    members = np.flatnonzero(ids == pid)
    return int(len(members)), float(np.nanmin(t[members])), [result.runners[i].name for i in members]


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
    """Write results/splits/events CSV, summary.json and the figures into ``run_dir``."""
    run_dir = Path(run_dir)
    stage = run_dir / ".partial"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        table(result.results, ResultRecord).to_csv(stage / "results.csv", index=False, float_format=FLOAT_FORMAT)
        table(result.splits, SplitRecord).to_csv(stage / "splits.csv", index=False, float_format=FLOAT_FORMAT)
        table(result.events, EventRecord).to_csv(stage / "events.csv", index=False, float_format=FLOAT_FORMAT)
        (stage / "summary.json").write_text(json.dumps(summary(result, cfg), indent=2) + "\n")
        if plots:
            from sim.plots import plot_course, plot_race
            plot_race(result, stage / "race.png", focal=cfg.focal)
            plot_course(result.course, result.weather, stage / "course.png")
        for f in sorted(stage.iterdir()):
            f.replace(run_dir / f.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return run_dir
