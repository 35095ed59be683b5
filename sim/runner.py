"""The runner: its changing state, the decision it takes at each segment boundary, and its process.

What happens at a boundary (the only moments a runner decides anything):

1. **Limits.** The effort the runner can still afford, ``e_now = CS · F(T_rem / (1 - φ))``: the
   sustainable fraction (MODEL.md §4.3) for the time left, stretched by the fatigue ``φ`` already
   accumulated (Miner's rule on ``T_lim``) [A]. With D′ spent it cannot exceed CS; with glycogen
   spent it cannot exceed the fat-fuelled wall intensity (Rapoport 2010).
2. **Tactic.** The tactic sets the effort when leading or alone (surges, front-running, kicks).
3. **Neighbour.** If a runner is within drafting range ahead, our runner either passes (its solo
   speed beats the other's by the tactic's margin) or follows: it matches the other's speed,
   closing toward ``follow_gap_m``, sheltered by the MODEL.md §3 wake. It keeps following while the
   effort that costs is within the tactic's hold limit (or, for tactics that cover surges, while
   D′ lasts); otherwise it drops back to its own effort and loses the shelter as the gap opens.
4. **Physiology.** The chosen speed fixes the effort over the segment; D′, fatigue, glycogen and
   eccentric damage are advanced in closed form over its duration.
5. **Events.** Contact changes (``catch``/``join``/``drop``), ``surge`` starts, ``wall``,
   ``exhausted``, ``abandon`` and ``finish`` go to the event log.
"""
import math

import numpy as np
from simpy.events import NORMAL

from sim.physics.effort import flat_power_w_kg, speed_for_power_m_s, speed_for_power_warm_m_s
from sim.physics.energetics import (G_M_S2, GRADE_COST_MODELS, minetti_walking_cost_j_kg_m,
                                    walk_run_transition_speed_m_s)
from sim.physics.environment import heat_factor
from sim.physics.physiology import eccentric_damage_factor, glycogen_store_j, steepness_weighted_descent_m
from sim.weather import GUST_STEP_S

KCAL_PER_G_CARB = 4.0
J_PER_KCAL = 4184.0


class RunnerState:
    """The mutable state of one runner during one race (SI units throughout)."""

    __slots__ = ("i", "spec", "name", "tactic", "mass_kg", "cost_flat", "a_unit", "a_ref", "cs", "dp_max", "dp",
                 "glycogen_j", "glycogen_max_j", "intake_w", "phi", "descent_m", "k_heat", "k_damage", "plan",
                 "e_wall", "e_max", "p_cs", "status", "t_finish_s", "t_start_line_s", "surging", "walled",
                 "exhausted", "v_guess", "effort", "effort_avg", "effort_avg_next", "shelter",
                 "follows", "kicks", "surges", "cda_m2", "mass_g_n", "pass_factor", "join_factor", "burst_factor")

    def __init__(self, spec, phys, wbgt_c, fuelling):
        self.i = spec.index
        self.spec = spec
        self.name = spec.name
        self.tactic = spec.tactic
        self.mass_kg = spec.mass_kg
        self.cost_flat = phys.cost_flat_j_kg_m
        # a = a_unit * air density * shelter (see physics.effect.drag_coefficient_per_speed2)
        self.a_unit = phys.drag_penalty_per_bodyweight * 0.5 * spec.cda_m2 / (spec.mass_kg * G_M_S2)
        self.a_ref = self.a_unit * phys.reference_air_density_kg_m3
        self.cs = spec.critical_speed_m_s
        self.dp_max = self.dp = spec.d_prime_m
        self.glycogen_j = self.glycogen_max_j = glycogen_store_j(
            spec.mass_kg, phys.glycogen_liver_fraction, phys.glycogen_liver_kcal_kg,
            phys.glycogen_muscle_fraction, phys.glycogen_muscle_kcal_kg)
        self.intake_w = spec.carb_intake_g_h * KCAL_PER_G_CARB * J_PER_KCAL / 3600.0 if fuelling else 0.0
        self.phi = 0.0
        self.descent_m = 0.0
        slowness = max(1.0, spec.plan_time_s / phys.heat_reference_time_s)
        self.k_heat = float(heat_factor(wbgt_c, phys.heat_threshold_wbgt_c, phys.heat_per_degree, slowness))
        self.k_damage = 1.0
        self.plan = spec.plan_effort_m_s
        self.e_wall = self.cs * phys.wall_intensity / phys.intensity_at_cs
        self.e_max = self.cs * phys.max_effort_cs
        self.p_cs = flat_power_w_kg(self.cs, self.cost_flat, self.a_ref)
        self.status = "running"
        self.t_finish_s = math.nan
        self.t_start_line_s = math.nan
        self.surging = self.walled = self.exhausted = False
        self.v_guess = self.plan
        self.effort = self.effort_avg = self.plan
        self.effort_avg_next = None  # the averaged effort after this segment, when the decision already has it
        self.shelter = 1.0
        # read once instead of at every boundary
        self.follows = self.tactic.follows
        self.kicks = bool(self.tactic.kick_last_m)
        self.surges = bool(self.tactic.surge_at_m)
        self.cda_m2 = spec.cda_m2
        self.mass_g_n = spec.mass_kg * G_M_S2
        tac = self.tactic
        self.pass_factor = 1.0 - tac.pass_margin
        self.join_factor = 1.0 + tac.speed_limit
        self.burst_factor = 1.0 + tac.hold_burst


class RaceContext:
    """Everything a runner's decision reads: course arrays as lists, weather, constants, board, log.

    The decision runs once per runner and segment, so what it reads per segment is prepared here as
    one tuple per segment (``segments``) and the constants it reads are plain attributes.
    """

    def __init__(self, course, weather, board, cfg, names):
        phys = cfg.physiology
        self.n = course.n_segments
        self.boundary_m = [float(b) for b in course.boundary_m]
        self.length_m = [float(v) for v in course.length_m]
        grade = course.grade
        self.grade = [float(g) for g in grade]
        drop = np.maximum(course.elevation_m[:-1] - course.elevation_m[1:], 0.0)
        self.drop_m = [float(d) for d in steepness_weighted_descent_m(
            drop, grade, phys.eccentric_damage_reference_grade)]
        self.cost_factor = [float(f) for f in GRADE_COST_MODELS[phys.grade_model](grade)]
        self.walk_cost_factor = [float(c) / 3.6 for c in minetti_walking_cost_j_kg_m(grade)]
        # the transition polynomial bottoms out at 0.39 (0.78 m/s) and is not meant to rise after it
        self.walk_speed_max = [float(walk_run_transition_speed_m_s(min(max(g, 0.0), 0.39))) for g in grade]
        self.head = [float(h) for h in weather.headwind_share]
        self.cross = [float(c) for c in weather.crosswind_share]
        self.rho = [float(r) for r in weather.air_density_kg_m3]
        self.weather = weather
        self.distance_m = course.distance_m
        self.checkpoint_index = {int(b): c for c, b in enumerate(course.checkpoint_boundary)}
        self.board = board
        self.names = names
        self.events = []  # (t_s, distance_m, event, runner, detail)
        self.splits = [[math.nan] * len(course.checkpoint_m) for _ in names]  # per runner, per checkpoint
        self.phys = phys
        self.draft = cfg.drafting

        # per segment k: x_m, d_rem_m, length_m, cost_j_kg_m (running), air density, ½ρ, head and cross
        # shares, walking cost_j_kg_m, and the speed below which walking is tried (-inf: never, because
        # walking is off or the segment is not uphill)
        c0 = phys.cost_flat_j_kg_m
        walk_max = [w if phys.walking_enabled and g > 0.0 else -math.inf
                    for w, g in zip(self.walk_speed_max, self.grade)]
        self.segments = [(self.boundary_m[k], self.distance_m - self.boundary_m[k], self.length_m[k],
                          c0 * self.cost_factor[k], self.rho[k], 0.5 * self.rho[k], self.head[k], self.cross[k],
                          c0 * self.walk_cost_factor[k], walk_max[k]) for k in range(self.n)]
        self.descent_m = self.drop_m if phys.eccentric_damage_enabled else [0.0] * self.n
        self.checkpoint_at = [self.checkpoint_index.get(k) for k in range(self.n + 1)]
        # Weather.wind_speed_m_s as a list lookup (the same floats)
        self.wind_m_s = [float(w) for w in weather.gust_series_m_s]
        self.fatigue = (phys.fatigue_floor, phys.sustainable_f_ref, phys.sustainable_slope,
                        phys.sustainable_t_ref_s, phys.sustainable_f_max)
        d = cfg.drafting
        self.wake_factor = 1.0 - d.echelon_fraction
        self.close_lo, self.close_hi = 1.0 - d.max_close_fraction, 1.0 + d.max_close_fraction

    def log(self, t_s, x_m, event, name, detail=""):
        self.events.append((t_s, x_m, event, name, detail))


def affordable_effort(st, x_m, t_s, d_rem_m, fatigue):
    """``e_now``: the effort the runner can afford for the rest of the race (module docstring, step 1).

    The time left is estimated from the average speed so far (the planned effort's flat speed
    before the first kilometre), so a slow course lowers the effort a runner can afford.
    ``fatigue`` holds physiology's (fatigue_floor, sustainable_f_ref, sustainable_slope,
    sustainable_t_ref_s, sustainable_f_max).
    """
    floor, f_ref, slope, t_ref, f_max = fatigue
    speed = x_m / (t_s - st.t_start_line_s) if x_m >= 1000.0 else st.plan
    # min/max written as conditionals here and below: the same value, without a call
    fresh = 1.0 - st.phi
    t_rem = d_rem_m / speed / (floor if floor > fresh else fresh)
    if 60.0 > t_rem:
        t_rem = 60.0
    if 86400.0 < t_rem:
        t_rem = 86400.0
    f = f_ref - slope * math.log(t_rem / t_ref)
    return st.cs * (f_max if f_max < f else f)


def choose_speed(st, k, t_s, ctx):
    """Decide speed [m/s] and effort for segment ``k`` at time ``t_s``; returns the speed.

    This runs once per runner and segment. The small physics formulas it needs (flat_power_w_kg,
    wake_offset_m, shelter_factor, segment_power_w_kg) are written out with the same operations in
    the same order, so the results are bit-identical to calling them.
    """
    x, d_rem, length, cost, rho, half_rho, head, cross, walk_cost, walk_max = ctx.segments[k]
    draft, board, tac = ctx.draft, ctx.board, st.tactic
    i, dp, cs = st.i, st.dp, st.cs
    e_now = affordable_effort(st, x, t_s, d_rem, ctx.fatigue)
    e_cap = st.e_max if dp > 0.0 else cs
    if st.walled and st.e_wall < e_cap:
        e_cap = st.e_wall
    if e_cap < e_now:
        e_now = e_cap
    exhausted = st.exhausted
    kicking = st.kicks and d_rem <= tac.kick_last_m and dp > 0.0 and not exhausted
    if exhausted:
        e_lead = e_now
    else:
        e_lead = tac.lead_effort(x, e_now, st.plan)
        if kicking:
            e_kick = cs / (1.0 - dp / d_rem) if d_rem > dp else e_cap
            if e_kick > e_lead:
                e_lead = e_kick
    if e_cap < e_lead:
        e_lead = e_cap
    surging = st.surges and tac.surging(x) and not exhausted
    if surging and not st.surging:
        ctx.log(t_s, x, "surge", st.name, f"+{tac.surge_lift:.0%} for {tac.surge_length_m:.0f} m")
    st.surging = surging

    i_wind = int(t_s / GUST_STEP_S)
    wind = ctx.wind_m_s
    w = wind[i_wind] if i_wind < len(wind) else wind[-1]
    wf, wc = w * head, w * cross
    a = st.a_unit * rho
    kk = st.k_heat * st.k_damage
    c0, a_ref = st.cost_flat, st.a_ref
    p_lead = e_lead * c0 * (1.0 + a_ref * e_lead * e_lead)
    v_solo = speed_for_power_warm_m_s(p_lead, cost, a, wf, wc, kk, st.v_guess)
    v, effort, shelter, avg_next = v_solo, e_lead, 1.0, None

    ahead = board.nearest_ahead(k, t_s, i, draft.draft_range_m)
    in_contact = False
    if ahead is not None:
        j, gap, pacer, v_pack = ahead
        v_j = board.v_m_s[j]
        gap_s = gap / (0.1 if 0.1 > v_j else v_j)
        was_in_contact = board.contact[i]
        close = gap_s <= (draft.drop_gap_s if was_in_contact else draft.join_gap_s)
        if draft.enabled and gap <= draft.draft_range_m:
            # wake_offset_m and shelter_factor (with _at_least as written there)
            along = v_j + wf
            y = gap * wc / (0.5 + 0.5 * ((along - 0.5) + abs(along - 0.5))) * ctx.wake_factor
            min_gap = draft.min_gap_m
            d = min_gap + 0.5 * ((gap - min_gap) + abs(gap - min_gap))
            shelter = 1.0 - draft.s0 * math.e ** (-(d - min_gap) / draft.decay_m - (y / draft.lateral_sigma_m) ** 2)
            # a runner surging or kicking races at its own effort (still sheltered while behind)
            following = st.follows and not surging and not kicking
            if following:
                # the pace this runner would choose alone: the yardstick for passing and for bridging gaps
                v_plan = v_solo if e_lead == e_now else speed_for_power_warm_m_s(
                    e_now * c0 * (1.0 + a_ref * e_now * e_now), cost, a, wf, wc, kk, v_solo)
            if following and v_pack >= v_plan * st.pass_factor:
                room = length + draft.follow_gap_m - gap
                v_f = length * v_pack / (0.5 * length if 0.5 * length > room else room)
                v_lo, v_hi = v_pack * ctx.close_lo, v_pack * ctx.close_hi
                if v_lo > v_f:
                    v_f = v_lo
                if v_hi < v_f:
                    v_f = v_hi
                e_f = effort_at_speed_m_s(st, v_f, cost, half_rho, wf, wc, shelter, ctx.phys)
                # a pack is held on the effort averaged over physiology.effort_window_s (pace swings of
                # a few % cost nothing extra: Ranum 2021), within a burst limit per segment
                blend = 1.0 - math.exp(-length / v_f / ctx.phys.effort_window_s)
                e_avg = st.effort_avg + (e_f - st.effort_avg) * blend
                # a runner covers moves made inside its own group; it joins another group (or a lone
                # runner passing through) only at a pace near its own plan
                group = board.group
                willing = ((was_in_contact and group[pacer] == group[i])
                           or v_pack <= v_plan * st.join_factor)
                e_burst = e_now * st.burst_factor
                able = (e_avg <= tac.hold_limit(e_now)
                        and (e_f <= (e_cap if e_cap < e_burst else e_burst)
                             or (tac.use_d_prime_to_hold and e_f > cs and e_f <= st.e_max
                                 and dp > tac.d_prime_reserve * st.dp_max)))
                if willing and able:
                    v, effort, avg_next = v_f, e_f, e_avg
                    in_contact = close
                    group[i] = group[pacer]
                elif not willing:
                    # letting a faster runner go: keep one's own pace and bank the shelter while it lasts
                    v = v_solo
                    effort = effort_at_speed_m_s(st, v, cost, half_rho, wf, wc, shelter, ctx.phys)
                else:
                    v = speed_for_power_warm_m_s(p_lead, cost, a * shelter, wf, wc, kk, v_solo)
            else:
                v = speed_for_power_warm_m_s(p_lead, cost, a * shelter, wf, wc, kk, v_solo)
                in_contact = close and v <= v_pack
        if in_contact and not was_in_contact:
            if st.v_guess > v_pack:  # this runner closed the gap
                ctx.log(t_s, x, "join" if board.contact[j] else "catch", st.name, ctx.names[j])
            else:  # the other came past and this runner went with it
                ctx.log(t_s, x, "catch", ctx.names[j], f"caught {st.name}, who goes with him")
        elif was_in_contact and not in_contact and v < v_pack:
            ctx.log(t_s, x, "drop", st.name, f"lost contact with {ctx.names[j]} ({gap_s:.1f} s)")
    board.contact[i] = in_contact

    if v < walk_max:
        v_walk = speed_for_power_m_s(p_lead, walk_cost, a, wf, wc, kk, v)
        if walk_max < v_walk:
            v_walk = walk_max
        if v_walk > v:
            v, effort, avg_next = v_walk, e_lead, None
    st.v_guess = v
    st.effort = effort
    st.effort_avg_next = avg_next
    st.shelter = shelter
    board.v_m_s[i] = v
    return v


def effort_at_speed_m_s(st, speed_m_s, cost_j_kg_m, half_rho_kg_m3, wind_fwd_m_s, wind_cross_m_s, shelter, phys):
    """The effort of running at ``speed_m_s`` on a segment: effort_for_power_m_s(segment_power_w_kg(...)).

    Both written out (same operations in the same order as in physics.effort, aero and energetics)
    because the pack decision calls this at nearly every boundary.
    """
    v_rel = speed_m_s + wind_fwd_m_s
    force_n = half_rho_kg_m3 * st.cda_m2 * (v_rel * v_rel + wind_cross_m_s * wind_cross_m_s) ** 0.5 * v_rel * shelter
    power = (speed_m_s * cost_j_kg_m * (1.0 + phys.drag_penalty_per_bodyweight * force_n / st.mass_g_n)
             * st.k_heat * st.k_damage)
    a_ref = st.a_ref
    a3 = 3.0 * a_ref
    q = power / st.cost_flat
    v = q / (1.0 + a_ref * q * q)
    v = v - (v + a_ref * v * v * v - q) / (1.0 + a3 * v * v)
    v = v - (v + a_ref * v * v * v - q) / (1.0 + a3 * v * v)
    v = v - (v + a_ref * v * v * v - q) / (1.0 + a3 * v * v)
    return v - (v + a_ref * v * v * v - q) / (1.0 + a3 * v * v)


def spend(st, k, dt_s, t_s, ctx):
    """Advance D′, fatigue, glycogen and eccentric damage over segment ``k`` (module docstring, step 4).

    physiology's d_prime_balance_m, time_to_exhaustion_s and carbohydrate_fraction are written out
    for one runner (same values; see the comments).
    """
    phys = ctx.phys
    e, cs, dp = st.effort, st.cs, st.dp
    if st.effort_avg_next is None:
        st.effort_avg += (e - st.effort_avg) * (1.0 - math.exp(-dt_s / phys.effort_window_s))
    else:  # a runner holding a pack: the decision blended the same effort over the same time
        st.effort_avg = st.effort_avg_next
    # d_prime_balance_m blends its two branches with operators; taking the one that applies gives the
    # same value (the other is finite and multiplied by 0)
    excess = e - cs
    if excess > 0:
        drained = dp - excess * dt_s
        st.dp = 0.5 * (drained + abs(drained))
    else:
        below = 0.5 * (excess - abs(excess))
        st.dp = st.dp_max - (st.dp_max - dp) * math.e ** (below * dt_s / st.dp_max)
    st.phi += dt_s / (phys.sustainable_t_ref_s * math.e ** ((phys.sustainable_f_ref - e / cs) / phys.sustainable_slope))
    power = e * st.cost_flat * (1.0 + st.a_ref * e * e)
    u = phys.intensity_at_cs * power / st.p_cs
    burn_w = power * st.mass_kg * ((0.73 * u + 0.25) * u + 0.01)
    glycogen_j = st.glycogen_j - (burn_w - st.intake_w) * dt_s
    st.glycogen_j = st.glycogen_max_j if st.glycogen_max_j < glycogen_j else glycogen_j
    drop_m = ctx.descent_m[k]
    if drop_m:
        st.descent_m += drop_m
        st.k_damage = eccentric_damage_factor(G_M_S2 * st.descent_m, phys.eccentric_damage_max,
                                              G_M_S2 * phys.eccentric_damage_scale_m)
    if st.glycogen_j <= 0.0 and not st.walled:
        st.walled = True
        ctx.log(t_s, ctx.boundary_m[k + 1], "wall", st.name, "glycogen spent")
    if st.phi > 1.0 + 1e-6 and not st.exhausted and k + 1 < ctx.n:
        st.exhausted = True
        ctx.log(t_s, ctx.boundary_m[k + 1], "exhausted", st.name, "sustainable effort used up")


def arrive(st, k, t_s, ctx):
    """Runner ``st`` reaches boundary ``k`` at ``t_s``: board, splits, finish, abandoning."""
    board = ctx.board
    i = st.i
    board.crossings[k].append((t_s, i))  # Board.cross
    x = board.x_m[i] = ctx.boundary_m[k]
    board.t_s[i] = t_s
    c = ctx.checkpoint_at[k]
    if c is not None:
        ctx.splits[i][c] = t_s
    if k == ctx.n:
        st.status = "finished"
        st.t_finish_s = t_s
        board.running[i] = False
        board.v_m_s[i] = 0.0
        ctx.log(t_s, x, "finish", st.name, "")
        return
    phys = ctx.phys
    if (c is not None and phys.abandon_margin > 0 and x >= phys.abandon_after_m
            and x <= phys.abandon_until_fraction * ctx.distance_m):
        projected = t_s * ctx.distance_m / x
        if projected > st.spec.plan_time_s * (1.0 + phys.abandon_margin):
            st.status = "dnf"
            board.running[i] = False
            ctx.log(t_s, x, "abandon", st.name, f"projected {projected / 60:.0f} min, planned {st.spec.plan_time_s / 60:.0f}")


def runner(env, st, ctx):
    """The runner process: walk up to the start line, then decide, run and arrive, segment by segment."""
    v_start = st.plan
    ctx.board.v_m_s[st.i] = v_start
    if st.spec.start_offset_m > 0:
        yield env.timeout(float(st.spec.start_offset_m / v_start))
    t_s = env.now
    st.t_start_line_s = t_s
    arrive(st, 0, t_s, ctx)
    # a mass start: everyone sets off in one crowd, except a runner whose tactic is to leave it
    ctx.board.contact[st.i] = st.tactic.follows
    ctx.board.group[st.i] = -1 if st.tactic.follows else st.i
    # One event per runner, rescheduled for every segment: an env.timeout() without building a new
    # Timeout each time (the same heap entries in the same order, so the same race)
    arrival = env.event()
    arrival._ok, arrival._value = True, None
    length_m, schedule = ctx.length_m, env.schedule
    for k in range(ctx.n):
        v = choose_speed(st, k, t_s, ctx)
        dt = length_m[k] / v
        arrival.callbacks = []
        schedule(arrival, NORMAL, float(dt))
        yield arrival
        t_s = env.now
        spend(st, k, dt, t_s, ctx)
        arrive(st, k + 1, t_s, ctx)
        if st.status != "running":
            return
