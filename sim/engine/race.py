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

from sim.engine.pack import Board, label_packs, pack_events
from sim.engine.runner import RaceContext, RunnerState, runner
from sim.inputs.course import load_course
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

    def run(self, rng, seed=None, progress=False, require_focal=False):
        """Run one race with ``rng``; ``seed`` is recorded for the summary; ``progress`` shows a bar."""
        cfg = self.cfg
        wall0 = time.perf_counter()
        specs = build_field(cfg.field, cfg.physiology, self.tactics, self.course.distance_m, rng)
        if require_focal:
            check_focal(cfg.focal, [sp.name for sp in specs])
        weather = build_weather(cfg.weather, self.course, cfg.sim.time_limit_s, rng)
        return self._race(specs, weather, seed, progress, wall0)[0]

    def run_alone(self, rng, name, seed=None):
        """The race runner ``name``'s process runs with nobody else on the course.

        The field and the weather are drawn with ``rng`` exactly as for :meth:`run` (so the runner, its
        day form and the gusts are those of the race with the same seed); then only that runner races.
        Returns (result, t_boundary_s): the one-runner race and its times at every segment boundary [s].
        """
        cfg = self.cfg
        wall0 = time.perf_counter()
        specs = build_field(cfg.field, cfg.physiology, self.tactics, self.course.distance_m, rng)
        check_focal([name], [sp.name for sp in specs])
        weather = build_weather(cfg.weather, self.course, cfg.sim.time_limit_s, rng)
        spec = dc_replace(next(sp for sp in specs if sp.name == name), index=0)
        result, board = self._race([spec], weather, seed, False, wall0)
        t_boundary_s = np.array([c[0][0] if c else np.nan for c in board.crossings], dtype=float)
        return result, t_boundary_s

    def _race(self, specs, weather, seed, progress, wall0):
        """Race the runners ``specs`` in ``weather``; returns (result, the board at the end)."""
        cfg = self.cfg
        env = simpy.Environment()
        board = Board(len(specs), self.course.boundary_m)
        ctx = RaceContext(self.course, weather, board, cfg, [s.name for s in specs])
        states = [RunnerState(s, cfg.physiology, weather.wbgt_c, cfg.physiology.fuelling_enabled) for s in specs]
        procs = [env.process(runner(env, st, ctx)) for st in states]
        if progress:
            env.process(race_clock(env, procs, cfg.sim.time_limit_s))
        env.run(until=cfg.sim.time_limit_s)
        for st in states:
            if st.status == "running":
                st.status = "dnf"
                ctx.log(cfg.sim.time_limit_s, board.x_m[st.i], "dnf", st.name, "time limit")
        wall = time.perf_counter() - wall0
        return self._collect(specs, states, ctx, seed, {"wall_s": wall, "sim_events": len(ctx.events)}), board

    def _collect(self, specs, states, ctx, seed, stats):
        cfg = self.cfg
        split_times = np.array(ctx.splits, dtype=float)
        pack_id, pack_size = label_packs(split_times, cfg.drafting.join_gap_s, cfg.drafting.pack_min_size)
        finishers = sorted((st for st in states if st.status == "finished"), key=lambda st: (st.t_finish_s, st.i))
        place = {st.i: p for p, st in enumerate(finishers, start=1)}
        order = finishers + [st for st in states if st.status != "finished"]
        results = [ResultRecord(st.name, place.get(st.i, 0), st.status, st.t_finish_s,
                                st.t_finish_s - st.t_start_line_s, st.tactic.name, st.spec.seed_time_s,
                                st.spec.seed_distance_m, st.spec.sex, st.spec.mass_kg, st.spec.height_m,
                                st.spec.critical_speed_m_s, st.spec.d_prime_m, st.spec.plan_time_s,
                                st.spec.generated, st.walled, st.exhausted) for st in order]
        # plain Python rows (the same floats and ints): indexing numpy per record was most of the cost
        cps = [float(c) for c in self.course.checkpoint_m]
        t_rows, id_rows, size_rows = split_times.tolist(), pack_id.tolist(), pack_size.tolist()
        splits = [SplitRecord(st.name, c, cps[c], t, id_rows[st.i][c], size_rows[st.i][c])
                  for st in order for c, t in enumerate(t_rows[st.i]) if math.isfinite(t)]
        all_events = ctx.events + pack_events(split_times, pack_id, self.course.checkpoint_m, ctx.names)
        events = [EventRecord(*e) for e in sorted(all_events, key=lambda e: (e[0], e[1]))]
        return RaceResult(results, splits, events, specs, self.course, ctx.weather, seed, split_times, pack_id,
                          pack_size, stats)
