"""The per-runner engine: one SimPy process per runner, deciding at every segment boundary.

The process only schedules: at each boundary it asks :func:`sim.engine.boundary.arrive` (the
physiology of the segment just run, the crossing board, the decision for the next segment, all from
the one model of :mod:`sim.model.kernel`), writes what happened to the event log, and waits until
the runner reaches the next boundary. :class:`RunnerRace` holds what the processes share: the
kernel's records (:mod:`sim.model.layout`), the board, the splits and the log.
"""
import math

from sim.engine.boundary import ABANDONS, FINISHES, SPEND_SHIFT, arrive
from sim.engine.pack import Board
from sim.inputs.daylight import dark_series
from sim.inputs.weather import GUST_STEP_S, TEMP_STEP_S
from sim.model.kernel import CLOSED_GAP, DROPPED, EXHAUSTED, HIT_WALL, SURGE_STARTS, WENT_WITH
from sim.model.layout import (
    initial_state,
    model_params,
    runner_table,
    segment_table,
    weather_series,
)


class RunnerRace:
    """Everything the runner processes of one race share: records, board, splits, status and the event log."""

    def __init__(self, course, weather, cfg, specs, trace=False):
        phys = cfg.physiology
        self.specs, self.names = specs, [s.name for s in specs]
        self.n_segments = course.n_segments
        self.weather = weather
        self.model = model_params(phys, cfg.drafting, course.distance_m, GUST_STEP_S, TEMP_STEP_S,
                                  phys.fuelling.enabled)
        self.runners = runner_table(
            phys, [s.tactic for s in specs], [s.critical_speed_m_s for s in specs],
            [s.d_prime_m for s in specs], [s.plan_effort_m_s for s in specs], [s.plan_time_s for s in specs],
            [s.predicted_s for s in specs], [s.mass_kg for s in specs], [s.cda_m2 for s in specs],
            [s.carb_intake_g_h for s in specs], [s.resistance for s in specs], phys.fuelling.enabled,
            [s.descent_skill for s in specs])
        self.state = initial_state(self.runners, math.nan)
        self.board = Board(len(specs), course.boundary_m, self.state)
        self.checkpoint_at = [None] * (course.n_segments + 1)
        for c, b in enumerate(course.checkpoint_boundary):
            self.checkpoint_at[int(b)] = c
        self.splits = [[math.nan] * len(course.checkpoint_m) for _ in specs]
        self.status = ["running"] * len(specs)
        self.t_finish_s = [math.nan] * len(specs)
        self.events = []  # (t_s, distance_m, event, runner, detail)
        # with trace: (boundary, time, effort on the next segment, wind along it) at every boundary (a plan's rows)
        self.trace = [] if trace else None
        self.arrive_args = (self.model, self.runners, self.state, segment_table(course, weather, phys),
                            weather_series(weather, dark_series(cfg, TEMP_STEP_S)), self.board.log)

    def log(self, t_s, x_m, event, name, detail=""):
        self.events.append((t_s, x_m, event, name, detail))

    def start(self, i, t_s):
        """Runner ``i`` crosses the start line: a mass start, everyone in one crowd unless its tactic leaves it."""
        follows = self.specs[i].tactic.follows
        self.state[i]["t_start_s"] = t_s
        self.board.contact[i] = follows
        self.board.group[i] = -1 if follows else i

    def report(self, i, k, t_s, flags, j):
        """Write what :func:`~sim.engine.boundary.arrive` reported for runner ``i`` at boundary ``k`` to the log."""
        b, spec, name = self.board, self.specs[i], self.names[i]
        x = float(b.boundary_m[k])
        if flags & (HIT_WALL << SPEND_SHIFT):
            self.log(t_s, x, "wall", name, "glycogen spent")
        if flags & (EXHAUSTED << SPEND_SHIFT):
            self.log(t_s, x, "exhausted", name, "sustainable effort used up")
        if flags & FINISHES:
            self.status[i], self.t_finish_s[i] = "finished", t_s
            self.log(t_s, x, "finish", name, "")
            return
        if flags & ABANDONS:
            self.status[i] = "dnf"
            projected = t_s * float(self.model["distance_m"][0]) / x
            self.log(t_s, x, "abandon", name, f"projected {projected / 60:.0f} min, planned {spec.plan_time_s / 60:.0f}")
            return
        if flags & SURGE_STARTS:
            tac = spec.tactic
            self.log(t_s, x, "surge", name, f"+{tac.surge_lift:.0%} for {tac.surge_length_m:.0f} m")
        if flags & CLOSED_GAP:
            self.log(t_s, x, "join" if b.contact[j] else "catch", name, self.names[j])
        elif flags & WENT_WITH:
            self.log(t_s, x, "catch", self.names[j], f"caught {name}, who goes with him")
        elif flags & DROPPED:
            gap_s = (b.x_m[j] + b.v_m_s[j] * (t_s - b.t_s[j]) - x) / max(0.1, b.v_m_s[j])
            self.log(t_s, x, "drop", name, f"lost contact with {self.names[j]} ({gap_s:.1f} s)")


def runner(env, race, i):
    """Runner ``i``'s process: walk up to the start line, then arrive, decide and run, boundary by boundary."""
    spec = race.specs[i]
    race.board.v_m_s[i] = spec.plan_effort_m_s
    if spec.start_offset_m > 0:
        yield env.timeout(spec.start_offset_m / spec.plan_effort_m_s)
    race.start(i, env.now)
    args, checkpoint_at, splits = race.arrive_args, race.checkpoint_at, race.splits[i]
    for k in range(race.n_segments + 1):
        t_s = float(env.now)
        dt, flags, j = arrive(*args, i, k, t_s)
        c = checkpoint_at[k]
        if c is not None:
            splits[c] = t_s
        if flags:
            race.report(i, k, t_s, flags, j)
        if race.trace is not None:
            s = race.state[i]
            race.trace.append((k, t_s, float(s["effort_m_s"]) if dt >= 0.0 else math.nan, float(s["wind_fwd_m_s"])))
        if dt < 0.0:
            return
        yield env.timeout(dt)


def pacer(env, race, i, t_boundary_s):
    """Runner ``i`` as a pacemaker on a timetable: it crosses boundary ``k`` at gun time ``t_boundary_s[k]``.

    Nothing it meets changes its pace (a pace car, the flag of a pacing bus): it crosses the board at
    the even speed of each segment of its timetable, so whoever runs behind it is paced and sheltered
    by it as by any runner ahead, and its splits are its timetable's.
    """
    t_plan = [float(t) for t in t_boundary_s]
    board, n = race.board, race.n_segments
    yield env.timeout(t_plan[0])
    race.start(i, env.now)
    for k in range(n + 1):
        t_s = float(env.now)
        c = race.checkpoint_at[k]
        if c is not None:
            race.splits[i][c] = t_s
        if k == n:
            board.cross(i, k, t_s)
            board.running[i], board.v_m_s[i] = False, 0.0
            race.status[i], race.t_finish_s[i] = "finished", t_s
            race.log(t_s, float(board.boundary_m[k]), "finish", race.names[i], "pacer")
            return
        board.v_m_s[i] = (board.boundary_m[k + 1] - board.boundary_m[k]) / (t_plan[k + 1] - t_plan[k])
        board.cross(i, k, t_s)
        yield env.timeout(t_plan[k + 1] - t_s)
