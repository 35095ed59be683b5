"""A mass race run one SimPy process per runner (``sim.engine=crowd`` with ``sim.crowd_scheduler=runners``).

The cohort scheduler (:mod:`sim.engine.crowd`) moves thousands of runners as cohorts and shelters them
by the crowd's density; it cannot say who is stuck behind whom. Single track needs individual runners:
here every runner of the mass field is its own process, as in the per-runner engine
(:mod:`sim.engine.runner`), on the same crossing board (:mod:`sim.engine.pack`) and the same kernel
(:mod:`sim.model.kernel`), with the mass race's rules (cut-offs, aid stations, giving up, single-track
queues) in :mod:`sim.engine.crowd_boundary`. It takes the inputs of :class:`sim.engine.crowd.CrowdEngine`
and leaves the same arrays behind, so :class:`sim.engine.crowd_race.CrowdSetup` and the mass-race
outputs work with either.

Each process only schedules: one compiled call per boundary (two at an aid station: arriving, and
leaving after the stay), the log for what left the race, and ``env.timeout``. Pack moves (catches,
drops) are not logged in a mass race.

Measured with ``python benchmarks/trail_scale.py``.
"""
import numpy as np
import simpy

from sim.engine.boundary import ABANDONS, FINISHES, SPEND_SHIFT
from sim.engine.crowd import mass_runner_table
from sim.engine.crowd_boundary import CUT_OFF, DWELLS, GIVES_UP, OUT, boundary_marks, crowd_arrive, crowd_depart
from sim.engine.pack import LOG_DEPTH, Board
from sim.errors import PacksimError
from sim.inputs.daylight import dark_series
from sim.inputs.weather import GUST_STEP_S, TEMP_STEP_S
from sim.model.kernel import EXHAUSTED, HIT_WALL
from sim.model.layout import (
    initial_state,
    model_params,
    segment_table,
    trail_params,
    weather_series,
)
from sim.records import hms

RUNNING, FINISHED, DNF = 0, 1, 2   # as sim.engine.crowd


def single_track(course, cfg_course):
    """Per segment: is it single track? Width at most ``course.single_track_lanes`` runners abreast, or off-road
    and steeper (up or down) than ``course.single_track_above_grade`` [A]; never with ``course.congestion`` off."""
    n = course.n_segments
    if not cfg_course.congestion:
        return np.zeros(n, dtype=bool)
    width = course.width_lanes if course.width_lanes is not None else np.full(n, np.inf)
    surface = course.surface if course.surface is not None else np.full(n, "road", dtype=object)
    steep = (surface != "road") & (np.abs(course.grade) > cfg_course.single_track_above_grade)
    return (width <= cfg_course.single_track_lanes) | steep


class CrowdRunners:
    """The mass field as one process per runner; the same inputs and result arrays as :class:`~sim.engine.crowd.CrowdEngine`."""

    def __init__(self, cfg, course, weather, field, goals, t_line_s, cutoffs, stations, tactics, tolerance):
        if goals.targets_s.size:
            raise PacksimError("goals: pacing buses run on the cohort scheduler only; set sim.crowd_scheduler=cohorts "
                               "or goals.enabled=false")
        phys = cfg.physiology
        self.cfg, self.course = cfg, course
        self.env = simpy.Environment()
        self.limit_s = cfg.sim.time_limit_s
        n = self.n_runners = len(field)
        self.names = list(field.names)
        self.nseg = course.n_segments
        self.boundary_m = course.boundary_m.astype(float)
        fuel = phys.fuelling
        self.runners = mass_runner_table(cfg, course, field, tactics)
        self.state = initial_state(self.runners, t_line_s)
        self.board = Board(n, self.boundary_m, self.state)
        self.t_line = t_line_s
        self.narrow = single_track(course, cfg.course)
        self.splits = np.full((n, len(course.checkpoint_m)), np.nan)
        self.walked_m = np.zeros(n)
        marks = boundary_marks(course, course.checkpoint_boundary, stations, cutoffs, self.narrow)
        self.cutoff_at = cutoffs
        model = model_params(phys, cfg.drafting, course.distance_m, GUST_STEP_S, TEMP_STEP_S, fuel.enabled)
        common = (model, trail_params(cfg, LOG_DEPTH - 1), self.runners, self.state,
                  segment_table(course, weather, phys), weather_series(weather, dark_series(cfg, TEMP_STEP_S)),
                  self.board.log, marks)
        self.arrive_args = common + (self.splits, np.asarray(tolerance, dtype=float), self.walked_m)
        self.depart_args = common
        self.status = np.zeros(n, dtype=np.int8)
        self.t_finish = np.full(n, np.nan)
        self.x_out = np.full(n, np.nan)
        self.pulled_at = np.full(n, "", dtype=object)
        self.walled, self.exhausted = self.state["walled"], self.state["exhausted"]
        self.queued_s, self.aid_s = self.state["queued_s"], self.state["aid_s"]
        self.events = []
        self.n_done = 0
        self.cohort_steps = 0      # no cohorts here: every event is one runner's
        self.runner_steps = 0

    def runner(self, i):
        """Runner ``i``'s process: to the start line, then boundary by boundary (with a stay at each aid station)."""
        env = self.env
        if self.t_line[i] > 0:
            yield env.timeout(self.t_line[i])
        arrive_args, depart_args = self.arrive_args, self.depart_args
        for k in range(self.nseg + 1):
            dt, flags, _ = crowd_arrive(*arrive_args, i, k, env.now)
            if flags & ~DWELLS:
                self.report(i, k, env.now, flags)
            if dt < 0.0:
                return
            if flags & DWELLS:
                yield env.timeout(dt)
                dt, _, _ = crowd_depart(*depart_args, i, k, env.now)
            yield env.timeout(dt)

    def report(self, i, k, t_s, flags):
        """What :func:`~sim.engine.crowd_boundary.crowd_arrive` reported, to the log and the result arrays."""
        x, name = float(self.boundary_m[k]), self.names[i]
        if flags & (HIT_WALL << SPEND_SHIFT):
            self.events.append((t_s, x, "wall", name, "glycogen spent"))
        if flags & (EXHAUSTED << SPEND_SHIFT):
            self.events.append((t_s, x, "exhausted", name, "sustainable effort used up"))
        if not flags & OUT:
            return
        self.n_done += 1
        self.x_out[i] = x
        if flags & FINISHES:
            self.status[i], self.t_finish[i] = FINISHED, t_s
            self.events.append((t_s, x, "finish", name, ""))
            return
        self.status[i] = DNF
        if flags & CUT_OFF:
            where, t_cut = self.cutoff_at[k]
            self.pulled_at[i] = where
            self.events.append((t_s, x, "cutoff", name, f"{where}: missed the {hms(t_cut)} cut-off"))
        elif flags & GIVES_UP:
            self.pulled_at[i] = "gave up"
            self.events.append((t_s, x, "gave_up", name, f"dropped at the aid station after {hms(t_s)}"))
        elif flags & ABANDONS:
            self.pulled_at[i] = "abandoned"
            self.events.append((t_s, x, "abandon", name, "projected finish too far over plan"))

    def progress(self, bar, step_s=600.0):
        """Tick a progress bar every ``step_s`` of race time."""
        while self.n_done < self.n_runners:
            yield self.env.timeout(step_s)
            bar.n = self.n_done
            bar.refresh()

    def run(self, progress=False):
        env = self.env
        for i in range(self.n_runners):
            env.process(self.runner(i))
        if progress:
            from tqdm import tqdm
            with tqdm(total=self.n_runners, unit="runner", leave=False, desc="race") as bar:
                env.process(self.progress(bar))
                env.run(until=self.limit_s)
        else:
            env.run(until=self.limit_s)
        self.runner_steps = int(self.board.log[:, 0].sum())
        out = np.flatnonzero(self.status == RUNNING)
        s = self.state[out]
        x_gun = np.minimum(s["x_m"] + s["v_m_s"] * (self.limit_s - s["t_s"]), self.course.distance_m)
        self.status[out] = DNF
        self.x_out[out] = x_gun
        self.pulled_at[out] = "time limit"
        self.n_done += out.size
        self.events.extend((self.limit_s, float(xx), "dnf", self.names[i], f"time limit ({hms(self.limit_s)})")
                           for i, xx in zip(out, x_gun))
