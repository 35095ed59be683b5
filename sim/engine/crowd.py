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
from sim.inputs.goals import next_targets_s
from sim.model.aero import shelter_factor
from sim.model.effort import (
    effort_for_power_m_s,
    flat_power_w_kg,
    segment_power_w_kg,
    speed_for_power_m_s,
)
from sim.model.energetics import (
    G_M_S2,
    GRADE_COST_MODELS,
    minetti_walking_cost_j_kg_m,
    walk_run_transition_speed_m_s,
)
from sim.model.environment import heat_factor
from sim.model.physiology import (
    carbohydrate_fraction,
    d_prime_balance_m,
    eccentric_damage_factor,
    glycogen_store_j,
    steepness_weighted_descent_m,
    sustainable_fraction,
    time_to_exhaustion_s,
)
from sim.records import hms

DENSITY_BIN_S = 10.0
DENSITY_WINDOW_S = 30.0
WARM_STEPS = 3
KCAL_PER_G = 4.0
J_PER_KCAL = 4184.0
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

    def __init__(self, cfg, course, weather, field, goals, t_line_s, cutoffs, stations):
        phys = cfg.physiology
        self.cfg, self.course, self.weather, self.field, self.goals = cfg, course, weather, field, goals
        self.env = simpy.Environment()
        self.span_s = cfg.sim.cohort_span_s
        self.min_cohort = cfg.sim.min_cohort
        self.max_span_s = cfg.sim.cohort_max_span_s
        self.limit_s = cfg.sim.time_limit_s
        n = self.n_runners = len(field)
        self.names = np.array(field.names, dtype=object)
        # course, per segment k (boundaries 0..nseg)
        self.nseg = course.n_segments
        self.boundary_m = course.boundary_m.astype(float)
        self.length_m = course.length_m.astype(float)
        grade = course.grade
        self.grade = grade
        self.cost_factor = GRADE_COST_MODELS[phys.grade_model](grade)
        self.eq_m = self.length_m * self.cost_factor
        self.eq_left_m = np.concatenate([np.cumsum(self.eq_m[::-1])[::-1], [0.0]])   # from boundary k to the finish
        drop = np.maximum(course.elevation_m[:-1] - course.elevation_m[1:], 0.0)
        self.drop_m = steepness_weighted_descent_m(drop, grade, phys.eccentric_damage.reference_grade)
        self.walk_cost_factor = minetti_walking_cost_j_kg_m(grade) / phys.cost_flat_j_kg_m
        vtr = walk_run_transition_speed_m_s(np.clip(grade, 0.0, 0.39))
        self.walk_max = np.where(grade > 0, vtr, np.minimum(vtr, phys.walk_speed_max_m_s))
        self.head, self.cross, self.rho = weather.headwind_share, weather.crosswind_share, weather.air_density_kg_m3
        self.cp_of = np.full(self.nseg + 1, -1)
        self.cp_of[course.checkpoint_boundary] = np.arange(len(course.checkpoint_boundary))
        self.cutoff_at = cutoffs                       # {boundary: (name, race_time_s)}
        self.station = np.zeros(self.nseg + 1, dtype=bool)
        self.station[list(stations)] = True
        gate_at = set(int(k) for k in course.checkpoint_boundary) | set(stations) | set(cutoffs)
        self.gates = {k: Gate(self, k) for k in sorted(gate_at) if 0 < k < self.nseg}
        # runners
        self.cost_flat = phys.cost_flat_j_kg_m
        self.a_unit = phys.drag_penalty_per_bodyweight * 0.5 * field.cda_m2 / (field.mass_kg * G_M_S2)
        self.a_ref = self.a_unit * phys.reference_air_density_kg_m3
        self.cs = field.cs_m_s
        self.dp_max = field.d_prime_m.copy()
        self.dp = field.d_prime_m.copy()
        self.e_max = self.cs * phys.max_effort_cs
        self.e_wall = self.cs * phys.wall_intensity / phys.intensity_at_cs
        self.plan = field.plan_effort_m_s
        self.p_cs = flat_power_w_kg(self.cs, self.cost_flat, self.a_ref)
        self.gly_max = glycogen_store_j(field.mass_kg, phys.glycogen_liver_fraction, phys.glycogen_liver_kcal_kg,
                                        phys.glycogen_muscle_fraction, phys.glycogen_muscle_kcal_kg)
        self.gly = self.gly_max.copy()
        fuel = phys.fuelling
        self.intake_w = field.carb_g_h * KCAL_PER_G * J_PER_KCAL / 3600.0 if fuel.enabled else np.zeros(n)
        self.at_stations = fuel.enabled and fuel.aid_station_every_m > 0
        self.last_fed_s = t_line_s.copy()
        self.slowness = np.maximum(1.0, field.predicted_s / phys.heat_reference_time_s)
        self.descent_m = np.zeros(n)
        self.k_damage = np.ones(n)
        self.phi = np.zeros(n)
        self.ideal_s = np.zeros(n)      # time the efforts so far would have taken on ideal terms (for goal pacing)
        self.walked_m = np.zeros(n)
        self.t = t_line_s.copy()        # each runner's own clock: gun time at its last boundary
        self.t_line = t_line_s
        self.v = self.plan.copy()
        self.status = np.zeros(n, dtype=np.int8)
        self.t_finish = np.full(n, np.nan)
        self.x_out = np.full(n, np.nan)
        self.walled = np.zeros(n, dtype=bool)
        self.exhausted = np.zeros(n, dtype=bool)
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
        """Every member of ``idx`` decides its speed at boundary ``k``, runs segment ``k``; returns arrival times."""
        self.cohort_steps += 1
        self.runner_steps += idx.size
        cfg = self.cfg
        phys, draft, goals_cfg = cfg.physiology, cfg.drafting, cfg.goals
        t = self.t[idx]
        x = self.boundary_m[k]
        d_rem = self.course.distance_m - x
        cs, phi, dp = self.cs[idx], self.phi[idx], self.dp[idx]
        # 1. what the runner can afford (sim/engine/runner.py, step 1, vectorised)
        elapsed = t - self.t_line[idx]
        speed = x / np.maximum(elapsed, 1.0) if x >= 1000.0 else self.plan[idx]
        t_rem = np.clip(d_rem / speed / np.maximum(1.0 - phi, phys.fatigue_floor), 60.0, 86400.0)
        e_now = cs * sustainable_fraction(t_rem, phys.sustainable_f_ref, phys.sustainable_slope, phys.sustainable_t_ref_s,
                                          phys.sustainable_f_max)
        cap = np.where(dp > 0.0, self.e_max[idx], cs)
        gly_out = self.gly[idx] <= 0.0
        cap = np.where(gly_out, np.minimum(cap, self.e_wall[idx]), cap)
        e_now = np.minimum(e_now, cap)
        e = e_now
        # 2. goal pacing (sim/inputs/goals.py)
        g = self.goals
        if g.targets_s.size:
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
            e = np.where(pac, np.where(need <= e_now, eased, pushed), e_now)
        # 3. shelter from the crowd just ahead: runners that crossed boundary k in the window before t
        b = (t / DENSITY_BIN_S).astype(np.int64)
        row = self.crossings[k]
        count = np.zeros(idx.size)
        for lag in range(1, self.window_bins + 1):
            count += row[np.maximum(b - lag, 0)]
        v_prev = self.v[idx]
        if draft.enabled:
            gap_m = v_prev * draft.crowd_lanes * DENSITY_WINDOW_S / np.maximum(count, 1e-9)
            shelter = np.where(gap_m <= draft.draft_range_m,
                               shelter_factor(gap_m, 0.0, draft.s0, draft.decay_m, draft.lateral_sigma_m, draft.min_gap_m),
                               1.0)
        else:
            shelter = np.ones(idx.size)
        # 4. the speed that effort buys here, in this wind, heat and state of the legs
        w = self.weather.wind_at_m_s(t)
        wf, wc = w * self.head[k], w * self.cross[k]
        wbgt = self.weather.wbgt_at_c(t)
        k_heat = heat_factor(wbgt, phys.heat_threshold_wbgt_c, phys.heat_per_degree, self.slowness[idx])
        kk = k_heat * self.k_damage[idx]
        cost = self.cost_flat * self.cost_factor[k]
        a = self.a_unit[idx] * self.rho[k]
        a_ref = self.a_ref[idx]
        p = flat_power_w_kg(e, self.cost_flat, a_ref)
        v = speed_for_power_m_s(p, cost, a * shelter, wf, wc, kk, v_prev, WARM_STEPS)
        # 5. buses: join one going for your target, hold its pace while you can afford it
        if g.bus_target_s.size:
            v, e = self._buses(idx, k, t, x, v, e, e_now, cap, pac, cost, wf, wc, k_heat)
        # 6. walking where it beats running (MODEL.md §1.2): on climbs, and anywhere once spent
        if phys.walking_enabled:
            vmax = self.walk_max[k]
            can = v < vmax
            if self.grade[k] <= 0.0:
                can &= (gly_out | (phi > 1.0)) if phys.walk_when_spent else False
            if np.any(can):
                v_walk = np.minimum(speed_for_power_m_s(p, self.cost_flat * self.walk_cost_factor[k], a * shelter,
                                                        wf, wc, kk, v, WARM_STEPS), vmax)
                walk = can & (v_walk > v)
                v = np.where(walk, v_walk, v)
                self.walked_m[idx[walk]] += self.length_m[k]
        v = np.maximum(v, 0.2)
        dt = self.length_m[k] / v
        self._spend(idx, k, e, dt, t + dt)
        self.v[idx] = v
        return t + dt

    def _buses(self, idx, k, t, x, v, e, e_now, cap, pac, cost, wf, wc, k_heat):
        g, gc, phys = self.goals, self.cfg.goals, self.cfg.physiology
        bus = self.bus[idx].astype(np.int64)
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
            return v, e
        rb = bus[riding]
        v_bus = self.length_m[k] / np.maximum(g.bus_times_s[rb, k + 1] - g.bus_times_s[rb, k], 1.0)
        r = idx[riding]
        power = segment_power_w_kg(v_bus, cost, self.rho[k], self.field.cda_m2[r], self.field.mass_kg[r], wf[riding],
                                   wc[riding], gc.bus_shelter, k_heat[riding], self.k_damage[r],
                                   phys.drag_penalty_per_bodyweight)
        e_bus = effort_for_power_m_s(power, self.cost_flat, self.a_ref[r])
        hold = e_bus <= np.minimum(e_now[riding] * (1.0 + gc.bus_hold_tolerance), cap[riding])
        v, e = v.copy(), e.copy()
        pos = np.flatnonzero(riding)
        v[pos[hold]] = v_bus[hold]
        e[pos[hold]] = e_bus[hold]
        if (~hold).any():
            self._drop_bus(r[~hold], t[riding][~hold], x, "could not hold its pace")
        return v, e

    def _drop_bus(self, who, t, x, why):
        if who.size == 0:
            return
        g = self.goals
        self.events.extend((float(tt), x, "bus_drop", self.names[i], f"{hms(g.bus_target_s[self.bus[i]])} bus: {why}")
                           for tt, i in zip(t, who))
        self.bus[who] = -1
        self.bus_done[who] = True

    def _spend(self, idx, k, e, dt, t_end):
        """D′, fatigue, glycogen, eccentric damage and the running ratio over the segment (sim/engine/runner.py, step 4)."""
        phys = self.cfg.physiology
        cs = self.cs[idx]
        self.dp[idx] = d_prime_balance_m(self.dp[idx], self.dp_max[idx], e, cs, dt)
        phi = self.phi[idx] + dt / time_to_exhaustion_s(e / cs, phys.sustainable_f_ref, phys.sustainable_slope,
                                                         phys.sustainable_t_ref_s)
        self.phi[idx] = phi
        a_ref = self.a_ref[idx]
        power = flat_power_w_kg(e, self.cost_flat, a_ref)
        u = phys.intensity_at_cs * power / self.p_cs[idx]
        burn = power * self.field.mass_kg[idx] * carbohydrate_fraction(u)
        gly = self.gly[idx] - burn * dt
        if not self.at_stations:
            gly += self.intake_w[idx] * dt
        self.gly[idx] = np.minimum(gly, self.gly_max[idx])
        if self.drop_m[k] > 0 and phys.eccentric_damage.enabled:
            self.descent_m[idx] += self.drop_m[k]
            self.k_damage[idx] = eccentric_damage_factor(G_M_S2 * self.descent_m[idx], phys.eccentric_damage.k_max,
                                                         G_M_S2 * phys.eccentric_damage.scale_m, self.field.resistance[idx])
        self.ideal_s[idx] += self.eq_m[k] / e
        x = self.boundary_m[k + 1]
        in_time = t_end <= self.limit_s   # past the gun the runner is stopped on this segment (arrive)
        new_wall = (gly <= 0.0) & ~self.walled[idx] & in_time
        if new_wall.any():
            who = idx[new_wall]
            self.walled[who] = True
            self.events.extend((float(tt), x, "wall", self.names[i], "glycogen spent") for tt, i in zip(t_end[new_wall], who))
        new_ex = (phi > 1.0 + 1e-6) & ~self.exhausted[idx] & in_time
        if new_ex.any() and k + 1 < self.nseg:
            who = idx[new_ex]
            self.exhausted[who] = True
            self.events.extend((float(tt), x, "exhausted", self.names[i], "sustainable effort used up")
                               for tt, i in zip(t_end[new_ex], who))

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
