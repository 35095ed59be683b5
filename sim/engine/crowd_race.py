"""One mass race on the crowd engine: course with its rule marks, weather over the day, field, pens, goals.

:class:`CrowdSetup` mirrors :class:`sim.engine.race.RaceSetup`: the seed-independent part (course, tactics,
cut-off boundaries) is built once; :meth:`CrowdSetup.run` draws everything random from the one
generator it is given, runs :class:`sim.engine.crowd.CrowdEngine` and returns a :class:`CrowdResult`.
"""
import time
from dataclasses import dataclass, field

import numpy as np

from sim.config import clock_s
from sim.engine.crowd import CrowdEngine, check_crowd_tactics
from sim.engine.crowd_runners import CrowdRunners
from sim.inputs.course import load_course, read_profile
from sim.inputs.crowd_field import build_crowd_field
from sim.inputs.field import check_focal
from sim.inputs.goals import build_goals
from sim.inputs.rules import (
    assign_medals,
    cutoff_boundaries,
    pen_of,
    require_cohort_support,
    start_line_times_s,
)
from sim.inputs.stations import station_distances_m
from sim.inputs.tactics import build_tactics
from sim.inputs.weather import build_weather
from sim.model.energetics import GRADE_COST_MODELS


@dataclass
class CrowdResult:
    """Everything one mass race produced (arrays in field order)."""
    field: object               # CrowdField
    course: object
    weather: object
    seed: int
    status: np.ndarray          # 'finished' / 'dnf'
    t_finish_s: np.ndarray      # gun time (NaN for a DNF)
    t_line_s: np.ndarray        # crossing the start line
    x_out_m: np.ndarray         # where a DNF stopped (the finish for finishers)
    pulled_at: np.ndarray       # cut-off name / 'time limit' / ''
    medal: np.ndarray
    pen: np.ndarray             # pen name per runner
    target_s: np.ndarray        # final goal (inf: none)
    pacing: np.ndarray
    walled: np.ndarray
    exhausted: np.ndarray
    walked_m: np.ndarray
    split_times_s: np.ndarray   # runners x checkpoints
    events: list                # (t_s, distance_m, event, runner, detail), time-sorted
    pen_crossing: list          # (pen, first_s, last_s) at the start line
    goals_bus: list             # (target_s, gun time at every boundary) per bus
    stats: dict = field(default_factory=dict)
    queued_s: np.ndarray = None  # time held up on single track (sim.crowd_scheduler=runners; None otherwise)
    aid_s: np.ndarray = None     # time at aid stations (sim.crowd_scheduler=runners; None otherwise)


def aid_stations_m(cfg, course_m):
    """Where the aid stations are: every ``physiology.fuelling.aid_station_every_m`` (none if 0), and those of
    the ``rules.stations`` table."""
    every = cfg.physiology.fuelling.aid_station_every_m
    spaced = np.arange(every, course_m, every) if every > 0 else np.zeros(0)
    return np.union1d(spaced, station_distances_m(cfg))


class CrowdSetup:
    """The seed-independent part of a mass race, reusable across replicates."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.per_runner = cfg.sim.crowd_scheduler == "runners"
        if not self.per_runner:
            require_cohort_support(cfg)
        profile = read_profile(cfg.course)
        stations_m = aid_stations_m(cfg, float(profile.distance_m[-1]))
        self.course = load_course(cfg.course, stations_m, [c.distance_m for c in cfg.rules.cutoffs], profile)
        self.tactics = build_tactics(cfg.tactics)
        check_crowd_tactics(cfg, self.tactics)
        self.cutoffs = cutoff_boundaries(cfg.rules.cutoffs, self.course)
        self.stations = sorted({int(np.argmin(np.abs(self.course.boundary_m - m))) for m in stations_m})
        self.start_clock_s = clock_s(cfg.rules.start_clock, "rules.start_clock")

    def run(self, rng, seed=None, progress=False, require_focal=False):
        cfg, course = self.cfg, self.course
        wall0 = time.perf_counter()
        fld = build_crowd_field(cfg.field, cfg.physiology, course, rng)
        if require_focal:
            check_focal(cfg.focal, fld.names)
        weather = build_weather(cfg.weather, course, cfg.sim.time_limit_s, rng, self.start_clock_s)
        pen = pen_of(fld.predicted_s, cfg.rules.pens)
        if cfg.rules.pens:
            t_line = start_line_times_s(fld.predicted_s, pen, cfg.rules.start_line_rate_per_s)
            names = [p.name for p in cfg.rules.pens]
        else:  # one crowd in start rows, as in the per-runner engine: a metre per row at the planned speed
            rank = np.empty(len(fld), dtype=int)
            rank[np.argsort(fld.predicted_s, kind="stable")] = np.arange(len(fld))
            t_line = (rank // cfg.field.start_row_width) * cfg.field.start_row_spacing_m / fld.plan_effort_m_s
            names = ["-"]
        eq = course.length_m * GRADE_COST_MODELS[cfg.physiology.grade_model](course.grade)
        goals = build_goals(cfg.goals, fld.predicted_s, t_line, np.concatenate([[0.0], np.cumsum(eq)]), rng)
        if self.per_runner:   # drawn last, and only when used: the other draws stay those of the cohort scheduler
            tolerance = (rng.exponential(1.0, len(fld)) if cfg.physiology.dropout_hazard_per_h > 0
                         else np.full(len(fld), np.inf))
            engine = CrowdRunners(cfg, course, weather, fld, goals, t_line, self.cutoffs, self.stations, self.tactics,
                                  tolerance)
        else:
            engine = CrowdEngine(cfg, course, weather, fld, goals, t_line, self.cutoffs, self.stations, self.tactics)
        built = time.perf_counter()
        engine.run(progress=progress)
        ran = time.perf_counter()
        finished = engine.status == 1
        medal = assign_medals(cfg.rules.medals, engine.t_finish, fld.sex, finished)
        events = sorted(engine.events, key=lambda e: (e[0], e[1]))
        pen_crossing = [(names[p], float(t_line[pen == p].min()), float(t_line[pen == p].max()))
                        for p in range(len(names)) if (pen == p).any()]
        km = course.distance_m / 1000.0
        stats = {"wall_s": ran - wall0, "build_s": built - wall0, "race_s": ran - built,
                 "cohort_events": engine.cohort_steps, "runner_segments": engine.runner_steps,
                 "segments": course.n_segments, "runners": len(fld),
                 "events_per_runner_km": engine.cohort_steps / (len(fld) * km),
                 "naive_events_per_runner_km": 10.0}
        return CrowdResult(fld, course, weather, seed, np.where(finished, "finished", "dnf"), engine.t_finish, t_line,
                           engine.x_out, engine.pulled_at, medal, np.array(names, dtype=object)[pen], goals.target_s,
                           goals.pacing, engine.walled, engine.exhausted, engine.walked_m, engine.splits, events,
                           pen_crossing, list(zip(goals.bus_target_s, goals.bus_times_s)), stats,
                           getattr(engine, "queued_s", None), getattr(engine, "aid_s", None))

