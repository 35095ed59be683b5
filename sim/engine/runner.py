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
from heapq import heappush

import numpy as np
from simpy.events import NORMAL

from sim.inputs.weather import GUST_STEP_S
from sim.model.effort import (
    flat_power_w_kg,
    speed_for_power_m_s,
    speed_for_power_warm_m_s,
)
from sim.model.energetics import (
    G_M_S2,
    GRADE_COST_MODELS,
    minetti_walking_cost_j_kg_m,
    walk_run_transition_speed_m_s,
)
from sim.model.environment import heat_factor
from sim.model.physiology import glycogen_store_j, steepness_weighted_descent_m

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


def effort_at_speed_m_s(speed_m_s, cost_j_kg_m, half_rho_kg_m3, wind_fwd_m_s, wind_cross_m_s, shelter, cda_m2,
                        mass_g_n, penalty_per_bodyweight, k_heat, k_damage, cost_flat_j_kg_m, drag_a_ref):
    """The effort of running at ``speed_m_s`` on a segment: effort_for_power_m_s(segment_power_w_kg(...)).

    Both written out (same operations in the same order as in physics.effort, aero and energetics)
    because the pack decision needs this at nearly every boundary.
    """
    v_rel = speed_m_s + wind_fwd_m_s
    force_n = half_rho_kg_m3 * cda_m2 * (v_rel * v_rel + wind_cross_m_s * wind_cross_m_s) ** 0.5 * v_rel * shelter
    power = speed_m_s * cost_j_kg_m * (1.0 + penalty_per_bodyweight * force_n / mass_g_n) * k_heat * k_damage
    a3 = 3.0 * drag_a_ref
    q = power / cost_flat_j_kg_m
    v = q / (1.0 + drag_a_ref * q * q)
    v = v - (v + drag_a_ref * v * v * v - q) / (1.0 + a3 * v * v)
    v = v - (v + drag_a_ref * v * v * v - q) / (1.0 + a3 * v * v)
    v = v - (v + drag_a_ref * v * v * v - q) / (1.0 + a3 * v * v)
    return v - (v + drag_a_ref * v * v * v - q) / (1.0 + a3 * v * v)


def runner(env, st, ctx):
    """The runner process: walk up to the start line, then arrive, decide and run, boundary by boundary.

    The steps of the module docstring are marked below. They run once per runner and segment, about
    55,000 times in one Atlanta race, so the runner's changing state (D′, fatigue, glycogen, damage,
    the averaged effort, the last speed) lives in local variables of this process instead of being
    read from and written to ``st`` (or passed to helper functions) at every boundary: those
    attribute lookups and calls were about an eighth of the race's cost. ``st`` gets that state back
    when the runner finishes or abandons; what others read during the race is on the board. The
    small physics formulas (affordable effort, wake offset and shelter, flat power, effort at a
    speed, D′ balance, time to exhaustion, carbohydrate burn, eccentric damage) are written out with
    the same operations in the same order as in sim/physics, so the results are bit-identical to
    calling those functions; sim/physics stays the reference, tested on its own.
    """
    # constants of this runner, this race and this course
    i, name, tac = st.i, st.name, st.tactic
    cs, dp_max, e_max, e_wall, plan = st.cs, st.dp_max, st.e_max, st.e_wall, st.plan
    c0, a_unit, a_ref, k_heat = st.cost_flat, st.a_unit, st.a_ref, st.k_heat
    a3 = 3.0 * a_ref
    cda, mass_kg, mass_g_n, p_cs, intake_w, glycogen_max = (st.cda_m2, st.mass_kg, st.mass_g_n, st.p_cs,
                                                            st.intake_w, st.glycogen_max_j)
    follows, kicks, surges = st.follows, st.kicks, st.surges
    pass_factor, join_factor, burst_factor = st.pass_factor, st.join_factor, st.burst_factor
    lead_effort, kick_last_m = tac.lead_effort, tac.kick_last_m
    # Tactic.lead_effort is a plain factor unless the runner leads from the front or surges, and
    # Tactic.hold_limit is one: both taken as factors where they are (the same products, no call)
    lead_factor = tac.lead_factor if tac.kind != "front_run" and not tac.surge_at_m else None
    hold_factor = 1.0 + tac.hold_tolerance
    use_d_prime_to_hold, dp_reserve = tac.use_d_prime_to_hold, tac.d_prime_reserve * dp_max
    phys, draft, board = ctx.phys, ctx.draft, ctx.board
    floor, f_ref, slope, t_ref, f_max = ctx.fatigue
    effort_window_s, penalty = phys.effort_window_s, phys.drag_penalty_per_bodyweight
    intensity_at_cs = phys.intensity_at_cs
    # eccentric_damage_factor(W, k_max, W_scale) = 1 + k_max (1 - resistance) (1 - e^(-W / W_scale)), resistance 0
    damage_max, damage_work_scale = phys.eccentric_damage_max * (1.0 - 0.0), G_M_S2 * phys.eccentric_damage_scale_m
    abandon_margin, abandon_after_m = phys.abandon_margin, phys.abandon_after_m
    distance_m = ctx.distance_m
    abandon_until_m = phys.abandon_until_fraction * distance_m
    draft_on, range_m, min_gap, s0, decay_m, sigma_m = (draft.enabled, draft.draft_range_m, draft.min_gap_m,
                                                        draft.s0, draft.decay_m, draft.lateral_sigma_m)
    drop_gap_s, join_gap_s, follow_gap_m = draft.drop_gap_s, draft.join_gap_s, draft.follow_gap_m
    wake_factor, close_lo, close_hi = ctx.wake_factor, ctx.close_lo, ctx.close_hi
    n, segments, boundary_m, descent_m, checkpoint_at = ctx.n, ctx.segments, ctx.boundary_m, ctx.descent_m, ctx.checkpoint_at
    wind, names, log, my_splits = ctx.wind_m_s, ctx.names, ctx.log, ctx.splits[i]
    n_wind, wind_last, gust_step_s = len(wind), wind[-1], GUST_STEP_S
    crossings, x_board, t_board, v_board = board.crossings, board.x_m, board.t_s, board.v_m_s
    contact, group, nearest_ahead = board.contact, board.group, board.nearest_ahead
    warm, exp, ln, e = speed_for_power_warm_m_s, math.exp, math.log, math.e
    # the runner's changing state
    dp, phi, glycogen, effort_avg, descent, k_damage = st.dp, st.phi, st.glycogen_j, st.effort_avg, st.descent_m, st.k_damage
    kk = k_heat * k_damage
    v_guess, surging, walled, exhausted = st.v_guess, st.surging, st.walled, st.exhausted
    effort, shelter = st.effort, st.shelter

    v_board[i] = plan
    if st.spec.start_offset_m > 0:
        yield env.timeout(float(st.spec.start_offset_m / plan))
    t_s = t_start = st.t_start_line_s = env.now
    # a mass start: everyone sets off in one crowd, except a runner whose tactic is to leave it
    contact[i] = follows
    group[i] = -1 if follows else i
    # One event per runner, rescheduled for every segment: an env.timeout() without building a new
    # Timeout each time, pushed on SimPy's queue as Environment.schedule does (the same heap entries
    # in the same order, so the same race)
    arrival = env.event()
    arrival._ok, arrival._value = True, None
    queue, eid = env._queue, env._eid
    for k in range(n + 1):
        # 5. arrive at boundary k: board, splits, finish, abandoning
        crossings[k].append((t_s, i))  # Board.cross
        x = x_board[i] = boundary_m[k]
        t_board[i] = t_s
        c = checkpoint_at[k]
        if c is not None:
            my_splits[c] = t_s
        if k == n:
            st.status, st.t_finish_s = "finished", t_s
            board.running[i] = False
            v_board[i] = 0.0
            log(t_s, x, "finish", name, "")
            break
        if (c is not None and abandon_margin > 0 and x >= abandon_after_m and x <= abandon_until_m):
            projected = t_s * distance_m / x
            if projected > st.spec.plan_time_s * (1.0 + abandon_margin):
                st.status = "dnf"
                board.running[i] = False
                log(t_s, x, "abandon", name, f"projected {projected / 60:.0f} min, planned {st.spec.plan_time_s / 60:.0f}")
                break

        # 1. limits: affordable_effort (the average speed so far, the planned effort's flat speed
        # before the first kilometre, gives the time left), capped by D′ and glycogen; min/max
        # written as conditionals here and below (the same value, without a call)
        x, d_rem, length, cost, rho, half_rho, head, cross, walk_cost, walk_max = segments[k]
        speed = x / (t_s - t_start) if x >= 1000.0 else plan
        fresh = 1.0 - phi
        t_rem = d_rem / speed / (floor if floor > fresh else fresh)
        if 60.0 > t_rem:
            t_rem = 60.0
        if 86400.0 < t_rem:
            t_rem = 86400.0
        f = f_ref - slope * ln(t_rem / t_ref)
        e_now = cs * (f_max if f_max < f else f)
        e_cap = e_max if dp > 0.0 else cs
        if walled and e_wall < e_cap:
            e_cap = e_wall
        if e_cap < e_now:
            e_now = e_cap

        # 2. tactic
        kicking = kicks and d_rem <= kick_last_m and dp > 0.0 and not exhausted
        if exhausted:
            e_lead = e_now
        else:
            e_lead = e_now * lead_factor if lead_factor is not None else lead_effort(x, e_now, plan)
            if kicking:
                e_kick = cs / (1.0 - dp / d_rem) if d_rem > dp else e_cap
                if e_kick > e_lead:
                    e_lead = e_kick
        if e_cap < e_lead:
            e_lead = e_cap
        surging_now = surges and tac.surging(x) and not exhausted
        if surging_now and not surging:
            log(t_s, x, "surge", name, f"+{tac.surge_lift:.0%} for {tac.surge_length_m:.0f} m")
        surging = surging_now

        i_wind = int(t_s / gust_step_s)
        w = wind[i_wind] if i_wind < n_wind else wind_last
        wf, wc = w * head, w * cross
        a = a_unit * rho
        p_lead = e_lead * c0 * (1.0 + a_ref * e_lead * e_lead)
        v_solo = warm(p_lead, cost, a, wf, wc, kk, v_guess)
        v, effort, shelter, avg_next = v_solo, e_lead, 1.0, None

        # 3. neighbour
        ahead = nearest_ahead(k, t_s, i, range_m)
        in_contact = False
        if ahead is not None:
            j, gap, pacer, v_pack = ahead
            v_j = v_board[j]
            gap_s = gap / (0.1 if 0.1 > v_j else v_j)
            was_in_contact = contact[i]
            close = gap_s <= (drop_gap_s if was_in_contact else join_gap_s)
            if draft_on and gap <= range_m:
                # wake_offset_m and shelter_factor; their _at_least(x, lo) = lo + ½((x - lo) + |x - lo|) is
                # lo + (x - lo) when x > lo and lo otherwise, exactly, so it is written as a conditional
                along = v_j + wf
                y = gap * wc / (0.5 + (along - 0.5) if along > 0.5 else 0.5) * wake_factor
                d = min_gap + (gap - min_gap) if gap > min_gap else min_gap
                shelter = 1.0 - s0 * e ** (-(d - min_gap) / decay_m - (y / sigma_m) ** 2)
                # a runner surging or kicking races at its own effort (still sheltered while behind)
                following = follows and not surging and not kicking
                if following:
                    # the pace this runner would choose alone: the yardstick for passing and for bridging gaps
                    v_plan = v_solo if e_lead == e_now else warm(
                        e_now * c0 * (1.0 + a_ref * e_now * e_now), cost, a, wf, wc, kk, v_solo)
                if following and v_pack >= v_plan * pass_factor:
                    room = length + follow_gap_m - gap
                    v_f = length * v_pack / (0.5 * length if 0.5 * length > room else room)
                    v_lo, v_hi = v_pack * close_lo, v_pack * close_hi
                    if v_lo > v_f:
                        v_f = v_lo
                    if v_hi < v_f:
                        v_f = v_hi
                    # effort_at_speed_m_s(v_f, ...) written out: this is the path nearly every follower takes
                    v_rel = v_f + wf
                    force_n = half_rho * cda * (v_rel * v_rel + wc * wc) ** 0.5 * v_rel * shelter
                    q = v_f * cost * (1.0 + penalty * force_n / mass_g_n) * k_heat * k_damage / c0
                    u = q / (1.0 + a_ref * q * q)
                    u = u - (u + a_ref * u * u * u - q) / (1.0 + a3 * u * u)
                    u = u - (u + a_ref * u * u * u - q) / (1.0 + a3 * u * u)
                    u = u - (u + a_ref * u * u * u - q) / (1.0 + a3 * u * u)
                    e_f = u - (u + a_ref * u * u * u - q) / (1.0 + a3 * u * u)
                    # a pack is held on the effort averaged over physiology.effort_window_s (pace swings of
                    # a few % cost nothing extra: Ranum 2021), within a burst limit per segment
                    e_avg = effort_avg + (e_f - effort_avg) * (1.0 - exp(-length / v_f / effort_window_s))
                    # a runner covers moves made inside its own group; it joins another group (or a lone
                    # runner passing through) only at a pace near its own plan
                    willing = ((was_in_contact and group[pacer] == group[i])
                               or v_pack <= v_plan * join_factor)
                    e_burst = e_now * burst_factor
                    able = (e_avg <= e_now * hold_factor
                            and (e_f <= (e_cap if e_cap < e_burst else e_burst)
                                 or (use_d_prime_to_hold and e_f > cs and e_f <= e_max and dp > dp_reserve)))
                    if willing and able:
                        v, effort, avg_next = v_f, e_f, e_avg
                        in_contact = close
                        group[i] = group[pacer]
                    elif not willing:
                        # letting a faster runner go: keep one's own pace and bank the shelter while it lasts
                        v = v_solo
                        effort = effort_at_speed_m_s(v, cost, half_rho, wf, wc, shelter, cda, mass_g_n, penalty,
                                                     k_heat, k_damage, c0, a_ref)
                    else:
                        v = warm(p_lead, cost, a * shelter, wf, wc, kk, v_solo)
                else:
                    v = warm(p_lead, cost, a * shelter, wf, wc, kk, v_solo)
                    in_contact = close and v <= v_pack
            if in_contact and not was_in_contact:
                if v_guess > v_pack:  # this runner closed the gap
                    log(t_s, x, "join" if contact[j] else "catch", name, names[j])
                else:  # the other came past and this runner went with it
                    log(t_s, x, "catch", names[j], f"caught {name}, who goes with him")
            elif was_in_contact and not in_contact and v < v_pack:
                log(t_s, x, "drop", name, f"lost contact with {names[j]} ({gap_s:.1f} s)")
        contact[i] = in_contact

        if v < walk_max:
            v_walk = speed_for_power_m_s(p_lead, walk_cost, a, wf, wc, kk, v)
            if walk_max < v_walk:
                v_walk = walk_max
            if v_walk > v:
                v, effort, avg_next = v_walk, e_lead, None
        v_guess = v_board[i] = v

        dt = length / v
        arrival.callbacks = []
        heappush(queue, (env._now + float(dt), NORMAL, next(eid), arrival))
        yield arrival
        t_s = env._now

        # 4. physiology over the segment: the averaged effort (a runner holding a pack: the decision
        # already blended the same effort over the same time), then d_prime_balance_m (it blends its
        # two branches with operators: taking the one that applies, with ½(x + |x|) = max(x, 0) and
        # ½(x - |x|) = min(x, 0), gives the same value), time_to_exhaustion_s (Miner's rule),
        # carbohydrate burn and eccentric damage
        if avg_next is None:
            effort_avg += (effort - effort_avg) * (1.0 - exp(-dt / effort_window_s))
        else:
            effort_avg = avg_next
        excess = effort - cs
        if excess > 0:
            drained = dp - excess * dt
            dp = drained if drained > 0.0 else 0.0
        else:
            dp = dp_max - (dp_max - dp) * e ** (excess * dt / dp_max)
        phi += dt / (t_ref * e ** ((f_ref - effort / cs) / slope))
        power = effort * c0 * (1.0 + a_ref * effort * effort)
        u = intensity_at_cs * power / p_cs
        burn_w = power * mass_kg * ((0.73 * u + 0.25) * u + 0.01)
        glycogen = glycogen - (burn_w - intake_w) * dt
        if glycogen_max < glycogen:
            glycogen = glycogen_max
        drop_m = descent_m[k]
        if drop_m:
            descent += drop_m
            k_damage = 1.0 + damage_max * (1.0 - e ** (-(G_M_S2 * descent) / damage_work_scale))
            kk = k_heat * k_damage
        if glycogen <= 0.0 and not walled:
            walled = st.walled = True
            log(t_s, boundary_m[k + 1], "wall", name, "glycogen spent")
        if phi > 1.0 + 1e-6 and not exhausted and k + 1 < n:
            exhausted = st.exhausted = True
            log(t_s, boundary_m[k + 1], "exhausted", name, "sustainable effort used up")
    st.dp, st.phi, st.glycogen_j, st.effort_avg, st.descent_m, st.k_damage = dp, phi, glycogen, effort_avg, descent, k_damage
    st.v_guess, st.surging, st.effort, st.shelter = v_guess, surging, effort, shelter
