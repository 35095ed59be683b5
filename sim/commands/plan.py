"""``packsim plan focal=NAME [tactic=NAME]``: a coach's pacing plan, the race one runner runs alone.

The field and the weather are drawn as for the race with the same seed (so the runner, its day form
and the gusts are the race's), then the runner's own process runs the course with nobody else on it
(:meth:`sim.engine.race.RaceSetup.run_alone`): no packs, no shelter, its tactic against the course,
the wind and its own physiology. The plan is that solo race cut into kilometres (the last one
partial): the split, the cumulative time from the start line, the mean grade, the head- or tailwind
met and the effort, written as ``plan.csv``, ``plan.md`` and ``plan.png`` (sim/outputs/plan_tables.py).

Arguments of this command (everything else is a Hydra override, checked like ``packsim run``'s):

* ``focal=NAME``: the runner (a roster runner, or ``athlete.name``); default the scenario's first focal runner;
* ``tactic=NAME``: the tactic to run (conf/tactics or the scenario); default the runner's own;
* ``athlete=path.yaml`` and/or ``athlete.KEY=VALUE``: your own runner, as for ``packsim compare``;
* ``out=DIR`` or ``hydra.run.dir=DIR``: the folder (default ``outputs/plan/<scenario>/<date_time>/``).

The effort of a segment and the wind along it are the ones the runner's process ran it with (the
kernel's state after each decision, recorded by ``run_alone``).
Bad input: one line on stderr, exit code 2, nothing written.
"""
import math
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from sim.commands.boundary import guarded
from sim.commands.compare import compose, load_athlete, split_args
from sim.engine.race import RaceSetup
from sim.errors import PacksimError
from sim.outputs.plan_tables import write_plan
from sim.records import PlanRecord, hms

OWN_KEYS = ("focal", "tactic", "out", "hydra.run.dir", "athlete")
KM_M = 1000.0

HELP = """\
usage: packsim plan [focal=NAME] [tactic=NAME] [athlete.KEY=VALUE ...] [key=value ...]

A coach's pacing plan: the race the runner's own process runs alone on the course (the runner, its
day form and the weather drawn as in the race with the same seed; no packs, no shelter). Writes
plan.csv (one row per km, the last one partial: split, cumulative time, grade, head/tailwind,
effort as a fraction of critical speed), a printable plan.md and plan.png (pace and elevation
against the race clock) into the output folder.

main options:
  focal=NAME            the runner (a roster runner, or athlete.name); default the scenario's first focal runner
  tactic=NAME           the tactic to run (conf/tactics or the scenario); default the runner's own
  athlete=FILE.yaml, athlete.KEY=VALUE   your own runner (name, seed_time_s as s or h:mm:ss,
                        seed_distance_m, sex, mass_kg, height_m, cs_m_s, d_prime_m)
  out=DIR               the output folder (hydra.run.dir=DIR too); default outputs/plan/<scenario>/<date_time>/
  sim.plots=false       no plan.png
  key=value             any config override (seed=, weather.wind_speed_m_s=, course.profile=, ...)

examples:
  packsim plan scenario=atlanta_2020_men 'focal=Jim Walmsley' tactic=sit
  packsim plan 'athlete.name=Sam Coach' athlete.seed_time_s=2:30:00 tactic=even weather.wind_speed_m_s=0
"""


def parse_args(argv):
    """Split ``argv`` into this command's options, the athlete's fields and Hydra overrides (``-h``: help, exit 0)."""
    if any(a in ("-h", "--help") for a in argv):
        print(HELP, end="")
        sys.exit(0)
    return split_args(argv, OWN_KEYS, {}, rename={"hydra.run.dir": "out"})


def prepare(argv):
    """Parse and validate everything; returns (cfg, focal, out). Writes nothing."""
    opts, athlete_cli, overrides = parse_args(argv)
    cfg = compose(overrides)
    athlete = load_athlete(opts.get("athlete"), athlete_cli)
    focal = opts.get("focal") or (athlete.name if athlete is not None else (cfg.focal[0] if cfg.focal else ""))
    if not focal:
        raise PacksimError("focal=NAME: name the runner to plan for (a roster runner, or athlete.name with "
                           "athlete.seed_time_s)")
    athletes = list(cfg.field.athletes) + ([athlete] if athlete is not None else [])
    tactic_of = dict(cfg.field.tactic_of)
    if "tactic" in opts:
        if opts["tactic"] not in cfg.tactics:
            raise PacksimError(f"tactic={opts['tactic']}: unknown tactic; known tactics: {', '.join(sorted(cfg.tactics))}")
        tactic_of[focal] = opts["tactic"]
    out = Path(opts.get("out") or Path("outputs") / "plan" / cfg.scenario / time.strftime("%Y-%m-%d_%H-%M-%S"))
    if out.exists() and any(out.iterdir()):
        raise PacksimError(f"out={out}: exists and is not empty; choose another folder")
    cfg = replace(cfg, focal=[focal], field=replace(cfg.field, athletes=athletes, tactic_of=tactic_of))
    return cfg, focal, out


def plan_records(cfg, course, spec, t_boundary_s, seg):
    """The plan: one :class:`PlanRecord` per kilometre of the course (the last one partial).

    ``seg``: per segment the effort the runner's process ran it at and the wind along it
    (:meth:`sim.engine.race.RaceSetup.run_alone`).
    """
    boundary_m = np.asarray(course.boundary_m, float)
    whole_km = [int(b) for c, b in zip(course.checkpoint_m, course.checkpoint_boundary)
                if b > 0 and (abs(c / KM_M - round(c / KM_M)) < 1e-9 or b == len(boundary_m) - 1)]
    if len(whole_km) < math.floor(course.distance_m / KM_M):
        raise PacksimError(f"course.checkpoint_every_m={cfg.course.checkpoint_every_m}: a plan needs a "
                           "checkpoint at every kilometre; use a divisor of 1000 m")
    cs, t_start_s = spec.critical_speed_m_s, float(t_boundary_s[0])
    records, k0 = [], 0
    for k1 in whole_km:
        dt_s = np.diff(t_boundary_s[k0:k1 + 1])
        effort = np.array([seg[k][0] for k in range(k0, k1)])
        wind = np.array([seg[k][1] for k in range(k0, k1)])
        length_m = float(boundary_m[k1] - boundary_m[k0])
        split_s = float(t_boundary_s[k1] - t_boundary_s[k0])
        cumulative_s = float(t_boundary_s[k1]) - t_start_s
        records.append(PlanRecord(
            km=float(boundary_m[k1]) / KM_M, length_m=length_m, split_s=split_s, cumulative_s=cumulative_s,
            split_hms=hms(split_s), cumulative_hms=hms(cumulative_s), pace_s_km=split_s / length_m * KM_M,
            grade_pct=float(course.elevation_m[k1] - course.elevation_m[k0]) / length_m * 100.0,
            elevation_m=float(course.elevation_m[k1]), headwind_m_s=float(np.dot(wind, dt_s) / dt_s.sum()),
            effort_cs=float(np.dot(effort, dt_s) / dt_s.sum()) / cs))
        k0 = k1
    return records


def make_plan(cfg, focal):
    """Run ``focal`` alone and cut the run into the plan.

    Returns (records, the solo result, its times from the start line at every segment boundary [s]).
    """
    setup = RaceSetup(cfg)
    result, t_boundary_s, seg = setup.run_alone(np.random.default_rng(cfg.seed), focal, cfg.seed)
    row = result.results[0]
    if row.status != "finished":
        reached = np.nanmax(t_boundary_s[np.isfinite(t_boundary_s)], initial=0.0)
        raise PacksimError(f"focal={focal!r}: does not finish this course alone ({row.status} after "
                           f"{hms(reached)}); try another tactic or seed time")
    records = plan_records(cfg, setup.course, result.runners[0], t_boundary_s, seg)
    return records, result, t_boundary_s - t_boundary_s[0]


@guarded("packsim")
def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    cfg, focal, out = prepare(argv)
    records, result, t_boundary_s = make_plan(cfg, focal)
    stage = Path(f"{out}.partial")
    shutil.rmtree(stage, ignore_errors=True)
    try:
        write_plan(records, result, cfg, stage, t_boundary_s, plots=cfg.sim.plots)
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.rmdir()   # empty (checked before running)
        stage.rename(out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    row = result.results[0]
    print(f"{focal} alone ({row.tactic}): {hms(row.t_chip_s)} from the start line, "
          f"{len(records)} stretches of {records[-1].km:.3f} km")
    for r in records:
        print(f"  km {r.km:7.3f}  {r.split_hms:>8}  {r.cumulative_hms:>8}  grade {r.grade_pct:+5.1f} %  "
              f"wind {r.headwind_m_s:+5.1f} m/s  effort {r.effort_cs:.3f} CS")
    print(f"Outputs: {out}")


if __name__ == "__main__":
    main()
