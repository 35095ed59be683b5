"""The crowd engine: a mass field moved as cohorts, one SimPy process per cohort (``sim.engine=crowd``).

The per-runner engine (:mod:`sim.engine.runner`) spends one SimPy event and one Python decision per runner
per segment: ≈ 33 µs, so 19,000 runners over 90 km would take minutes. Here the unit of work is a
*cohort*: the runners who reached the same gate within ``sim.cohort_span_s`` of each other.

* **Gates.** Checkpoints, aid stations and cut-offs are gates. A cohort that reaches one hands its
  runners in; the gate pools them by the ``cohort_span_s`` window in which each runner's own clock
  crossed it and sends each window on as a new cohort when the simulation clock reaches the window's
  end. So cohorts leave every gate compact in time and in time order, and their number tracks the
  spread of the field in time, not its size.
* **A cohort** is one SimPy process carrying an index array. At each segment boundary it takes every
  member's decision at once, in numpy, with the physics of :mod:`sim.engine.runner` (affordable effort,
  D′, fatigue, glycogen, eccentric damage, heat of the hour, walking), then yields one timeout until
  its last member reaches the next boundary. Every runner keeps its own exact clock; the cohort's
  event is only when the bookkeeping is done.
* **Interactions.** Runners meet through the crowd: each boundary keeps a histogram of crossing times
  (``DENSITY_BIN_S`` bins), and a runner is sheltered according to how many crossed its boundary in
  the ``DENSITY_WINDOW_S`` before it: the runner ahead is ``v · lanes / rate`` metres away
  (``drafting.crowd_lanes``) and MODEL.md §3 gives the shelter. Pacing buses (:mod:`sim.inputs.goals`) are
  packs that runners join and drop from. Cut-offs, aid stations and the finish act at boundaries.
* **What is approximated** [A]: a cohort is processed when its *last* member arrives, so the crossing
  histogram a runner reads can miss runners of other cohorts that crossed within the last
  ``cohort_span_s``. A runner is not sheltered by one named runner but by the crowd, and the mass
  engine has no follow/pass tactics (use ``sim.engine=runners`` for those races).

Event counts and wall times against the naive design: ``benchmarks/comrades_scale.py``.
"""
import numpy as np
import simpy

from sim.errors import PacksimError
from sim.inputs.daylight import dark_series
from sim.inputs.goals import next_targets_s
from sim.inputs.weather import GUST_STEP_S, TEMP_STEP_S
from sim.model.kernel import (
    EXHAUSTED,
    HIT_WALL,
    cohort_abandons,
    cohort_conditions,
    cohort_efforts,
    cohort_efforts_at_speed,
    cohort_spend,
    cohort_speeds,
)
from sim.model.layout import (
    SEG_EQ,
    initial_state,
    model_params,
    runner_table,
    segment_table,
    weather_series,
)
from sim.records import hms

DENSITY_BIN_S = 10.0
DENSITY_WINDOW_S = 30.0
GATE_HOLD_WINDOWS = 2   # a gate holds a window this many windows longer for cohorts still on their way in
RUNNING, FINISHED, DNF = 0, 1, 2
CROWD_TACTIC_KINDS = ("even", "sit")


class Gate:
    """A boundary where arriving runners are pooled by their own crossing time and sent on in cohorts.

    Runners are binned by the ``cohort_span_s`` window their own clock crossed the gate in. A
    window's cohort leaves ``GATE_HOLD_WINDOWS`` windows after the window closes (a cohort hands its
    runners in when its last member arrives, so its first ones come in late), or at once for runners
    handed in after their window left. A window holding fewer than ``sim.min_cohort`` runners is
    carried into the next one, for at most ``sim.cohort_max_span_s`` of own time: where the field is
    dense a cohort spans one window, where it is sparse (the elites, the stragglers) it gathers enough
    runners for the numpy work to pay. Cohorts leave in time order.
    """

    __slots__ = ("engine", "k", "waiting")

    def __init__(self, engine, k):
        self.engine, self.k, self.waiting = engine, k, {}

    def deposit(self, idx):
        eng = self.engine
        window = (eng.t[idx] // eng.span_s).astype(np.int64)
        for w in np.unique(window):
            self._add(int(w), [idx[window == w]], int(w))

    def _add(self, w, parts, first):
        if w in self.waiting:
            held, held_first = self.waiting[w]
            held.extend(parts)
            self.waiting[w] = (held, min(held_first, first))
        else:
            self.waiting[w] = (parts, first)
            self.engine.env.process(self.release(w))

    def release(self, w):
        eng = self.engine
        wait = (w + 1 + GATE_HOLD_WINDOWS) * eng.span_s - eng.env.now
        if wait > 0:
            yield eng.env.timeout(wait)
        parts, first = self.waiting.pop(w)
        n = sum(p.size for p in parts)
        if n < eng.min_cohort and (w + 1 - first) * eng.span_s < eng.max_span_s and eng.n_done + n < eng.n_runners:
            self._add(w + 1, parts, first)   # too few to be worth a cohort of their own: go with the next window
            return
        idx = np.concatenate(parts)
        yield from eng.cohort(idx[np.argsort(eng.t[idx], kind="stable")], self.k)


class CrowdEngine:
    """The state of every runner as arrays, and the processes that move them."""

    def __init__(self, cfg, course, weather, field, goals, t_line_s, cutoffs, stations, tactics):
        phys = cfg.physiology
        self.cfg, self.course, self.weather, self.field, self.goals = cfg, course, weather, field, goals
        self.env = simpy.Environment()
        self.span_s = cfg.sim.cohort_span_s
        self.min_cohort = cfg.sim.min_cohort
        self.max_span_s = cfg.sim.cohort_max_span_s
        self.limit_s = cfg.sim.time_limit_s
        n = self.n_runners = len(field)
        self.names = np.array(field.names, dtype=object)
        # course, per segment k (boundaries 0..nseg), and the kernel's records (sim/model/layout.py)
        self.nseg = course.n_segments
        self.boundary_m = course.boundary_m.astype(float)
        self.length_m = course.length_m.astype(float)
        self.seg = segment_table(course, weather, phys)
        self.eq_m = self.seg[:, SEG_EQ]
        self.eq_left_m = np.concatenate([np.cumsum(self.eq_m[::-1])[::-1], [0.0]])   # from boundary k to the finish
        self.weather_rows = weather_series(weather, dark_series(cfg, TEMP_STEP_S))
        self.model = model_params(phys, cfg.drafting, course.distance_m, GUST_STEP_S, TEMP_STEP_S,
                                  phys.fuelling.enabled)
        self.cp_of = np.full(self.nseg + 1, -1)
        self.cp_of[course.checkpoint_boundary] = np.arange(len(course.checkpoint_boundary))
        self.cutoff_at = cutoffs                       # {boundary: (name, race_time_s)}
        self.station = np.zeros(self.nseg + 1, dtype=bool)
        self.station[list(stations)] = True
        gate_at = set(int(k) for k in course.checkpoint_boundary) | set(stations) | set(cutoffs)
        self.gates = {k: Gate(self, k) for k in sorted(gate_at) if 0 < k < self.nseg}
        # runners: fixed records and changing state (the arrays below are views of the state's fields)
        fuel = phys.fuelling
        self.runners = mass_runner_table(cfg, course, field, tactics)
        self.state = initial_state(self.runners, t_line_s)
        self.intake_w = self.runners["intake_w"]
        self.at_stations = fuel.enabled and fuel.aid_station_every_m > 0
        self.last_fed_s = t_line_s.copy()
        self.gly, self.gly_max = self.state["glycogen_j"], self.runners["glycogen_max_j"]
        self.v = self.state["v_m_s"]
        self.walled, self.exhausted = self.state["walled"], self.state["exhausted"]
        self.ideal_s = np.zeros(n)      # time the efforts so far would have taken on ideal terms (for goal pacing)
        self.walked_m = np.zeros(n)
        self.t = t_line_s.copy()        # each runner's own clock: gun time at its last boundary
        self.t_line = t_line_s
        self.status = np.zeros(n, dtype=np.int8)
        self.t_finish = np.full(n, np.nan)
        self.x_out = np.full(n, np.nan)
        self.pulled_at = np.full(n, "", dtype=object)
        self.bus = np.full(n, -1, dtype=np.int16)
        self.bus_done = np.zeros(n, dtype=bool)
        self.splits = np.full((n, len(course.checkpoint_m)), np.nan)
        self.nbins = int(self.limit_s / DENSITY_BIN_S) + 4
        self.crossings = np.zeros((self.nseg + 1, self.nbins), dtype=np.int32)
        self.window_bins = int(round(DENSITY_WINDOW_S / DENSITY_BIN_S))
        self.events = []
        self.n_done = 0
        self.cohort_steps = 0
        self.runner_steps = 0

    # -- the processes ---------------------------------------------------------------------------------

    def start(self):
        """Release the field from the start line in windows of ``span_s`` as each runner crosses it."""
        env = self.env
        order = np.argsort(self.t_line, kind="stable")
        t_line = self.t_line[order]
        edges = np.arange(0.0, t_line[-1] + self.span_s, self.span_s)
        chunks = np.split(order, np.searchsorted(t_line, edges[1:], side="left"))
        for chunk in chunks:
            if chunk.size == 0:
                continue
            wait = float(self.t_line[chunk].max()) - env.now
            if wait > 0:
                yield env.timeout(wait)
            env.process(self.cohort(chunk, 0))

    def cohort(self, idx, k):
        """Move the runners ``idx`` (all at boundary ``k``) segment by segment to the next gate."""
        env = self.env
        while True:
            t_new = self.step(idx, k)
            wait = float(t_new.max()) - env.now
            if wait > 0:
                yield env.timeout(wait)
            k += 1
            idx = self.arrive(idx, k, t_new)
            if idx.size == 0 or k == self.nseg:
                return
            gate = self.gates.get(k)
            if gate is not None:
                gate.deposit(idx)
                return

    def progress(self, bar, step_s=600.0):
        """Tick a progress bar every ``step_s`` of race time until every runner is done."""
        while self.n_done < self.n_runners:
            yield self.env.timeout(step_s)
            bar.n = self.n_done
            bar.refresh()

    # -- one segment for a cohort ----------------------------------------------------------------------

    def step(self, idx, k):
        """Every member of ``idx`` decides its speed at boundary ``k``, runs segment ``k``; returns arrival times.

        The numbers come from the kernel (:mod:`sim.model.kernel`), the same functions the per-runner
        engine calls; what is the crowd's own is where they come from: goal pacing, the shelter of the
        crowd ahead (from the crossing histogram) and the pacing buses.
        """
        self.cohort_steps += 1
        self.runner_steps += idx.size
        draft, goals_cfg = self.cfg.drafting, self.cfg.goals
        row = self.seg[k]
        t = self.t[idx]
        x = self.boundary_m[k]
        # 1-2. what the runner can afford, and its own (tactic's) effort
        e_now, cap, e = cohort_efforts(self.model, self.runners, self.state, idx, row, t)
        # goal pacing (sim/inputs/goals.py)
        g = self.goals
        pac = None
        if g.targets_s.size:
            elapsed = t - self.t_line[idx]
            target = g.target_s[idx]
            pac = g.pacing[idx]
            ideal = self.ideal_s[idx]
            ratio = np.where(ideal > 0.0, elapsed / np.maximum(ideal, 1.0), 1.0)
            eq_left = self.eq_left_m[k]
            projected = t + ratio * eq_left / e_now
            over = pac & (projected > target * (1.0 + goals_cfg.give_up_margin)) & (target < g.targets_s[-1])
            if over.any():
                new = next_targets_s(g.targets_s, projected[over])
                who = idx[over]
                g.target_s[who] = new
                target[over] = new
                self.events.extend((float(tt), x, "goal", self.names[i], f"now aims for {hms(nt)}")
                                   for tt, i, nt in zip(t[over], who, new))
                left_bus = who[self.bus[who] >= 0]
                self._drop_bus(left_bus, t[over][self.bus[who] >= 0], x, "changed target")
            left = target - g.margin_s[idx] - t
            need = ratio * eq_left / np.maximum(left, 1.0)
            eased = np.maximum(need, goals_cfg.ease_floor * e_now)
            pushed = np.minimum(e_now * (1.0 + goals_cfg.push), cap)
            e = np.where(pac, np.where(need <= e_now, eased, pushed), e)
        # 3. the crowd just ahead: runners that crossed boundary k in the window before t, ``lanes`` abreast
        b = (t / DENSITY_BIN_S).astype(np.int64)
        crossings = self.crossings[k]
        count = np.zeros(idx.size)
        for lag in range(1, self.window_bins + 1):
            count += crossings[np.maximum(b - lag, 0)]
        gap_m = self.v[idx] * draft.crowd_lanes * DENSITY_WINDOW_S / np.maximum(count, 1e-9)
        wf, wc, kk = cohort_conditions(self.model, self.runners, self.state, idx, row, t, self.weather_rows)
        # buses: join one going for your target, hold its pace while you can afford it
        held_v = held_e = np.full(idx.size, np.nan)
        if g.bus_target_s.size:
            held_v, held_e = self._buses(idx, k, t, x, e_now, cap, pac, row, wf, wc, kk)
        # 3-4. the speed, the gait
        v, walks = cohort_speeds(self.model, self.runners, self.state, idx, row, e, gap_m, held_v, held_e, wf, wc, kk,
                                 t, self.weather_rows)
        self.walked_m[idx[walks]] += self.length_m[k]
        t_end = t + self.length_m[k] / v
        self._spend(idx, k, t_end)
        return t_end

    def _buses(self, idx, k, t, x, e_now, cap, pac, row, wf, wc, kk):
        """The speed and effort of members riding a bus and still able to hold it (NaN for the others)."""
        g, gc = self.goals, self.cfg.goals
        bus = self.bus[idx].astype(np.int64)
        held_v, held_e = np.full(idx.size, np.nan), np.full(idx.size, np.nan)
        # joining: same target, near the bus, never dropped from one
        free = (bus < 0) & pac & ~self.bus_done[idx]
        if free.any():
            which = np.searchsorted(g.bus_target_s, g.target_s[idx])
            which = np.minimum(which, g.bus_target_s.size - 1)
            match = free & (g.bus_target_s[which] == g.target_s[idx])
            near = match & (np.abs(t - g.bus_times_s[which, k]) <= gc.bus_join_window_s)
            if near.any():
                bus = np.where(near, which, bus)
                self.bus[idx[near]] = which[near]
                self.events.extend((float(tt), x, "bus_join", self.names[i], f"{hms(g.bus_target_s[b])} bus")
                                   for tt, i, b in zip(t[near], idx[near], which[near]))
        riding = bus >= 0
        if not riding.any():
            return held_v, held_e
        rb = bus[riding]
        v_bus = self.length_m[k] / np.maximum(g.bus_times_s[rb, k + 1] - g.bus_times_s[rb, k], 1.0)
        e_bus = cohort_efforts_at_speed(self.model, self.runners, idx[riding], row, v_bus, wf[riding], wc[riding],
                                        gc.bus_shelter, kk[riding])
        hold = e_bus <= np.minimum(e_now[riding] * (1.0 + gc.bus_hold_tolerance), cap[riding])
        pos = np.flatnonzero(riding)
        held_v[pos[hold]] = v_bus[hold]
        held_e[pos[hold]] = e_bus[hold]
        if (~hold).any():
            self._drop_bus(idx[riding][~hold], t[riding][~hold], x, "could not hold its pace")
        return held_v, held_e

    def _drop_bus(self, who, t, x, why):
        if who.size == 0:
            return
        g = self.goals
        self.events.extend((float(tt), x, "bus_drop", self.names[i], f"{hms(g.bus_target_s[self.bus[i]])} bus: {why}")
                           for tt, i in zip(t, who))
        self.bus[who] = -1
        self.bus_done[who] = True

    def _spend(self, idx, k, t_end):
        """D′, fatigue, glycogen and eccentric damage over the segment (the kernel's ``spend``), and the walls."""
        in_time = t_end <= self.limit_s   # past the gun the runner is stopped on this segment (arrive)
        flags = cohort_spend(self.model, self.runners, self.state, idx, self.seg[k], in_time, k + 1 < self.nseg)
        self.ideal_s[idx] += self.eq_m[k] / self.state["effort_m_s"][idx]
        x = self.boundary_m[k + 1]
        for bit, event, detail in ((HIT_WALL, "wall", "glycogen spent"), (EXHAUSTED, "exhausted", "sustainable effort used up")):
            new = (flags & bit) != 0
            if new.any():
                self.events.extend((float(tt), x, event, self.names[i], detail) for tt, i in zip(t_end[new], idx[new]))

    # -- arriving at a boundary ------------------------------------------------------------------------

    def arrive(self, idx, k, t_new):
        """Members reach boundary ``k`` at ``t_new``: clocks, the final gun, crossings, splits, food, cut-offs;
        returns who runs on."""
        t_old = self.t[idx]
        self.t[idx] = t_new
        x = self.boundary_m[k]
        late = t_new > self.limit_s
        if late.any():   # out on the course at the final gun: where were they then? (they never reach k)
            who = idx[late]
            x_gun = self.boundary_m[k - 1] + self.v[who] * (self.limit_s - t_old[late])
            self._out(who, x_gun, np.full(who.size, self.limit_s), "dnf", f"time limit ({hms(self.limit_s)})", "time limit")
            idx, t_new = idx[~late], t_new[~late]
        bins = np.minimum((t_new / DENSITY_BIN_S).astype(np.int64), self.nbins - 1)
        np.add.at(self.crossings[k], bins, 1)
        c = self.cp_of[k]
        if c >= 0:
            self.splits[idx, c] = t_new
            if k < self.nseg:
                quits = cohort_abandons(self.model, self.runners, idx, t_new, x)
                if quits.any():
                    who = idx[quits]
                    self._out(who, np.full(who.size, x), t_new[quits], "abandon", "projected finish too far over plan",
                              "abandoned")
                    idx, t_new = idx[~quits], t_new[~quits]
        if self.at_stations and self.station[k]:
            fed = self.intake_w[idx] * (t_new - self.last_fed_s[idx])
            self.gly[idx] = np.minimum(self.gly[idx] + fed, self.gly_max[idx])
            self.last_fed_s[idx] = t_new
        keep = np.ones(idx.size, dtype=bool)
        cut = self.cutoff_at.get(k)
        if cut is not None:
            name, t_cut = cut
            pulled = keep & (t_new > t_cut)
            if pulled.any():
                who = idx[pulled]
                self._out(who, np.full(who.size, x), t_new[pulled], "cutoff", f"{name}: missed the {hms(t_cut)} cut-off", name)
                keep &= ~pulled
        if k == self.nseg:
            fin = idx[keep]
            self.status[fin] = FINISHED
            self.t_finish[fin] = t_new[keep]
            self.x_out[fin] = x
            self.n_done += fin.size
            self.events.extend((float(tt), x, "finish", self.names[i], "") for tt, i in zip(t_new[keep], fin))
            return idx[:0]
        return idx[keep]

    def _out(self, who, x_m, t_s, event, detail, where):
        self.status[who] = DNF
        self.x_out[who] = x_m
        self.pulled_at[who] = where
        self.n_done += who.size
        self.bus[who] = -1
        self.events.extend((float(tt), float(xx), event, self.names[i], detail) for tt, xx, i in zip(t_s, x_m, who))

    def run(self, progress=False):
        self.env.process(self.start())
        if progress:
            from tqdm import tqdm
            with tqdm(total=len(self.t), unit="runner", leave=False, desc="race") as bar:
                self.env.process(self.progress(bar))
                self.env.run()
        else:
            self.env.run()
        if (self.status == RUNNING).any():  # cannot happen: every runner finishes or is stopped by the gun
            raise PacksimError("crowd engine: runners left on the course after the race (a bug; please report)")


def mass_runner_table(cfg, course, field, tactics):
    """The ``RUNNER`` records of a mass field (a :class:`~sim.inputs.crowd_field.CrowdField`): everyone on the default
    tactic, planning its effort over the whole course. Both schedulers of a mass race use it."""
    phys = cfg.physiology
    return runner_table(phys, [tactics[cfg.field.default_tactic]] * len(field), field.cs_m_s, field.d_prime_m,
                        field.plan_effort_m_s, course.distance_m / field.plan_effort_m_s, field.predicted_s,
                        field.mass_kg, field.cda_m2, field.carb_g_h, field.resistance, phys.fuelling.enabled,
                        field.descent_skill)


def check_crowd_tactics(cfg, tactics):
    """The crowd engine runs every runner at the effort it can afford (or its goal's): the default tactic must
    be of a kind that means that (its knobs are not used), and no runner may be given another."""
    t = tactics[cfg.field.default_tactic]
    if t.kind not in CROWD_TACTIC_KINDS:
        raise PacksimError(f"field.default_tactic: {t.name!r} is a {t.kind} tactic, which sim.engine=crowd does not model "
                           f"(it has {', '.join(CROWD_TACTIC_KINDS)}); use sim.engine=runners")
    wanted = dict(cfg.field.tactic_of)
    wanted.update({a.name: a.tactic for a in cfg.field.athletes if a.tactic})
    for name, tac in wanted.items():
        if tac not in tactics or tactics[tac].kind not in CROWD_TACTIC_KINDS:
            raise PacksimError(f"field: runner {name!r} is given tactic {tac!r}, which sim.engine=crowd does not model "
                               f"(it has {', '.join(CROWD_TACTIC_KINDS)} tactics); use sim.engine=runners")
