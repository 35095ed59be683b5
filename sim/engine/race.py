"""One race: build the course, weather and field, run every runner as a SimPy process, collect records.

Inputs that do not depend on the seed (course, tactics) are prepared once by :class:`RaceSetup` and
reused across replicates; everything random (the generated field, day form, gusts) comes from the
one ``numpy.random.Generator`` handed to :meth:`RaceSetup.run`.
"""
import math
import time
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace

import numpy as np
import simpy

from sim.config import clock_s
from sim.engine.pack import label_packs, pack_events
from sim.engine.runner import RunnerRace, runner
from sim.inputs.course import load_course
from sim.inputs.crowd_field import grade_adjusted_distance_m
from sim.inputs.field import build_field, check_focal
from sim.inputs.tactics import build_tactics
from sim.inputs.weather import build_weather
from sim.records import EventRecord, ResultRecord, SplitRecord


@dataclass
class RaceResult:
    """Everything one race produced."""
    results: list
    splits: list
    events: list
    runners: list               # RunnerSpec, in field order
    course: object
    weather: object
    seed: int
    split_times_s: np.ndarray   # runners x checkpoints (NaN = not reached)
    pack_id: np.ndarray
    pack_size: np.ndarray
    stats: dict = field(default_factory=dict)


def race_clock(env, procs, limit_s, step_s=60.0):
    """A progress bar over race time, ticking each simulated minute until every runner is done."""
    from tqdm import tqdm
    with tqdm(total=round(limit_s / 60), unit="race-min", leave=False, desc="race") as bar:
        while any(p.is_alive for p in procs):
            yield env.timeout(step_s)
            bar.update(1)


class RaceSetup:
    """The seed-independent part of a race, reusable across replicates."""

    def __init__(self, cfg):
        from sim.inputs.rules import require_runner_engine_support
        require_runner_engine_support(cfg)
        self.cfg = cfg
        self.course = load_course(cfg.course)
        self.tactics = build_tactics(cfg.tactics)
        self.start_clock_s = clock_s(cfg.rules.start_clock, "rules.start_clock")   # places the race on weather.temp_profile

    def run(self, rng, seed=None, progress=False, require_focal=False):
        """Run one race with ``rng``; ``seed`` is recorded for the summary; ``progress`` shows a bar."""
        cfg = self.cfg
        wall0 = time.perf_counter()
        specs = build_field(cfg.field, cfg.physiology, self.tactics, self.course.distance_m, rng,
                            grade_adjusted_distance_m(self.course, cfg.physiology.grade_model))
        if require_focal:
            check_focal(cfg.focal, [sp.name for sp in specs])
        weather = build_weather(cfg.weather, self.course, cfg.sim.time_limit_s, rng, self.start_clock_s)
        return self._race(specs, weather, seed, progress, wall0)[0]

    def run_alone(self, rng, name, seed=None):
        """The race runner ``name``'s process runs with nobody else on the course.

        The field and the weather are drawn with ``rng`` exactly as for :meth:`run` (so the runner, its
        day form and the gusts are those of the race with the same seed); then only that runner races.
        Returns (result, t_boundary_s, segments): the one-runner race, its times at every segment
        boundary [s], and per segment the effort it ran [m/s, v_eq] and the wind along its way [m/s].
        """
        cfg = self.cfg
        wall0 = time.perf_counter()
        specs = build_field(cfg.field, cfg.physiology, self.tactics, self.course.distance_m, rng)
        check_focal([name], [sp.name for sp in specs])
        weather = build_weather(cfg.weather, self.course, cfg.sim.time_limit_s, rng, self.start_clock_s)
        spec = dc_replace(next(sp for sp in specs if sp.name == name), index=0)
        result, race = self._race([spec], weather, seed, False, wall0, trace=True)
        t_boundary_s = np.full(self.course.n_segments + 1, np.nan)
        for k, t_s, _, _ in race.trace:
            t_boundary_s[k] = t_s
        return result, t_boundary_s, np.array([(e, w) for _, _, e, w in race.trace if np.isfinite(e)])

    def _race(self, specs, weather, seed, progress, wall0, trace=False):
        """Race the runners ``specs`` in ``weather``; returns (result, the :class:`RunnerRace` at the end)."""
        cfg = self.cfg
        env = simpy.Environment()
        race = RunnerRace(self.course, weather, cfg, specs, trace)
        procs = [env.process(runner(env, race, i)) for i in range(len(specs))]
        if progress:
            env.process(race_clock(env, procs, cfg.sim.time_limit_s))
        env.run(until=cfg.sim.time_limit_s)
        for i, status in enumerate(race.status):
            if status == "running":
                race.status[i] = "dnf"
                race.log(cfg.sim.time_limit_s, float(race.board.x_m[i]), "dnf", race.names[i], "time limit")
        wall = time.perf_counter() - wall0
        return self._collect(specs, race, seed, {"wall_s": wall, "sim_events": len(race.events)}), race

    def _collect(self, specs, race, seed, stats):
        cfg = self.cfg
        split_times = np.array(race.splits, dtype=float)
        pack_id, pack_size = label_packs(split_times, cfg.drafting.join_gap_s, cfg.drafting.pack_min_size)
        t_finish, status = race.t_finish_s, race.status
        finishers = sorted((i for i in range(len(specs)) if status[i] == "finished"), key=lambda i: (t_finish[i], i))
        place = {i: p for p, i in enumerate(finishers, start=1)}
        order = finishers + [i for i in range(len(specs)) if status[i] != "finished"]
        t_start = race.state["t_start_s"].tolist()
        walled, exhausted = race.state["walled"].tolist(), race.state["exhausted"].tolist()
        results = [ResultRecord(sp.name, place.get(i, 0), status[i], t_finish[i], t_finish[i] - t_start[i],
                                sp.tactic.name, sp.seed_time_s, sp.seed_distance_m, sp.sex, sp.mass_kg, sp.height_m,
                                sp.critical_speed_m_s, sp.d_prime_m, sp.plan_time_s, sp.generated, walled[i],
                                exhausted[i])
                   for i, sp in ((i, specs[i]) for i in order)]
        # plain Python rows (the same floats and ints): indexing numpy per record was most of the cost
        cps = [float(c) for c in self.course.checkpoint_m]
        t_rows, id_rows, size_rows = split_times.tolist(), pack_id.tolist(), pack_size.tolist()
        splits = [SplitRecord(specs[i].name, c, cps[c], t, id_rows[i][c], size_rows[i][c])
                  for i in order for c, t in enumerate(t_rows[i]) if math.isfinite(t)]
        all_events = race.events + pack_events(split_times, pack_id, self.course.checkpoint_m, race.names)
        events = [EventRecord(*e) for e in sorted(all_events, key=lambda e: (e[0], e[1]))]
        return RaceResult(results, splits, events, specs, self.course, race.weather, seed, split_times, pack_id,
                          pack_size, stats)
