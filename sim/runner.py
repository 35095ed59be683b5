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

from sim.physics.aero import shelter_factor, wake_offset_m
from sim.physics.effort import (effort_for_power_m_s, flat_power_w_kg, segment_power_w_kg,
                                speed_for_power_m_s)
from sim.physics.energetics import (G_M_S2, GRADE_COST_MODELS, minetti_walking_cost_j_kg_m,
                                    walk_run_transition_speed_m_s)
from sim.physics.environment import heat_factor
from sim.physics.physiology import (carbohydrate_fraction, d_prime_balance_m, eccentric_damage_factor,
                                    glycogen_store_j, steepness_weighted_descent_m, time_to_exhaustion_s)

KCAL_PER_G_CARB = 4.0
WARM_STEPS = 3  # Newton steps from the previous speed: 1e-9 relative, half the cost of a cold start
J_PER_KCAL = 4184.0


class RunnerState:
    """The mutable state of one runner during one race (SI units throughout)."""

    __slots__ = ("i", "spec", "name", "tactic", "mass_kg", "cost_flat", "a_unit", "a_ref", "cs", "dp_max", "dp",
                 "glycogen_j", "glycogen_max_j", "intake_w", "phi", "descent_m", "k_heat", "k_damage", "plan",
                 "e_wall", "e_max", "p_cs", "status", "t_finish_s", "t_start_line_s", "surging", "walled",
                 "exhausted", "v_guess", "effort", "effort_avg", "shelter")

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
        self.shelter = 1.0


class RaceContext:
    """Everything a runner's decision reads: course arrays as lists, weather, constants, board, log."""

    def __init__(self, course, weather, board, cfg, names):
        self.n = course.n_segments
        self.boundary_m = [float(b) for b in course.boundary_m]
        self.length_m = [float(v) for v in course.length_m]
        grade = course.grade
        self.grade = [float(g) for g in grade]
        drop = np.maximum(course.elevation_m[:-1] - course.elevation_m[1:], 0.0)
        self.drop_m = [float(d) for d in steepness_weighted_descent_m(
            drop, grade, cfg.physiology.eccentric_damage_reference_grade)]
        self.cost_factor = [float(f) for f in GRADE_COST_MODELS[cfg.physiology.grade_model](grade)]
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
        self.phys = cfg.physiology
        self.draft = cfg.drafting

    def log(self, t_s, x_m, event, name, detail=""):
        self.events.append((t_s, x_m, event, name, detail))


def affordable_effort(st, x_m, t_s, d_rem_m, phys):
    """``e_now``: the effort the runner can afford for the rest of the race (module docstring, step 1).

    The time left is estimated from the average speed so far (the planned effort's flat speed
    before the first kilometre), so a slow course lowers the effort a runner can afford.
    """
    speed = x_m / (t_s - st.t_start_line_s) if x_m >= 1000.0 else st.plan
    t_rem = d_rem_m / speed / max(1.0 - st.phi, phys.fatigue_floor)
    t_rem = min(max(t_rem, 60.0), 86400.0)
    e = st.cs * min(phys.sustainable_f_ref - phys.sustainable_slope * math.log(t_rem / phys.sustainable_t_ref_s),
                    phys.sustainable_f_max)
    return e


def choose_speed(st, k, t_s, ctx):
    """Decide speed [m/s] and effort for segment ``k`` at time ``t_s``; returns the speed."""
    phys, draft, board = ctx.phys, ctx.draft, ctx.board
    x = ctx.boundary_m[k]
    d_rem = ctx.distance_m - x
    tac = st.tactic
    e_now = affordable_effort(st, x, t_s, d_rem, phys)
    e_cap = st.e_max if st.dp > 0.0 else st.cs
    if st.walled:
        e_cap = min(e_cap, st.e_wall)
    e_now = min(e_now, e_cap)
    kicking = bool(tac.kick_last_m) and d_rem <= tac.kick_last_m and st.dp > 0.0 and not st.exhausted
    if st.exhausted:
        e_lead = e_now
    else:
        e_lead = tac.lead_effort(x, e_now, st.plan)
        if kicking:
            e_lead = max(e_lead, st.cs / (1.0 - st.dp / d_rem) if d_rem > st.dp else e_cap)
    e_lead = min(e_lead, e_cap)
    surging = bool(tac.surge_at_m) and tac.surging(x) and not st.exhausted
    if surging and not st.surging:
        ctx.log(t_s, x, "surge", st.name, f"+{tac.surge_lift:.0%} for {tac.surge_length_m:.0f} m")
    st.surging = surging

    w = ctx.weather.wind_speed_m_s(t_s)
    wf, wc = w * ctx.head[k], w * ctx.cross[k]
    cost = st.cost_flat * ctx.cost_factor[k]
    a = st.a_unit * ctx.rho[k]
    kk = st.k_heat * st.k_damage
    p_lead = flat_power_w_kg(e_lead, st.cost_flat, st.a_ref)
    v_solo = speed_for_power_m_s(p_lead, cost, a, wf, wc, kk, st.v_guess, WARM_STEPS)
    v, effort, shelter = v_solo, e_lead, 1.0

    ahead = board.nearest_ahead(k, t_s, st.i, draft.draft_range_m)
    in_contact = False
    if ahead is not None:
        j, gap, pacer, v_pack = ahead
        v_j = board.v_m_s[j]
        gap_s = gap / max(v_j, 0.1)
        was_in_contact = board.contact[st.i]
        close = gap_s <= (draft.drop_gap_s if was_in_contact else draft.join_gap_s)
        if draft.enabled and gap <= draft.draft_range_m:
            # the pace this runner would choose alone: the yardstick for passing and for bridging gaps
            v_plan = v_solo if e_lead == e_now else speed_for_power_m_s(
                flat_power_w_kg(e_now, st.cost_flat, st.a_ref), cost, a, wf, wc, kk, v_solo, WARM_STEPS)
            y = wake_offset_m(gap, v_j, wf, wc) * (1.0 - draft.echelon_fraction)
            shelter = shelter_factor(gap, y, draft.s0, draft.decay_m, draft.lateral_sigma_m, draft.min_gap_m)
            # a runner surging or kicking races at its own effort (still sheltered while behind)
            if tac.follows and not surging and not kicking and v_pack >= v_plan * (1.0 - tac.pass_margin):
                length = ctx.length_m[k]
                v_f = length * v_pack / max(length + draft.follow_gap_m - gap, 0.5 * length)
                v_f = min(max(v_f, v_pack * (1.0 - draft.max_close_fraction)),
                          v_pack * (1.0 + draft.max_close_fraction))
                e_f = effort_for_power_m_s(segment_power_w_kg(v_f, cost, ctx.rho[k], st.spec.cda_m2, st.mass_kg,
                                                              wf, wc, shelter, st.k_heat, st.k_damage,
                                                              phys.drag_penalty_per_bodyweight),
                                           st.cost_flat, st.a_ref)
                # a pack is held on the effort averaged over physiology.effort_window_s (pace swings of
                # a few % cost nothing extra: Ranum 2021), within a burst limit per segment
                blend = 1.0 - math.exp(-length / v_f / phys.effort_window_s)
                e_avg = st.effort_avg + (e_f - st.effort_avg) * blend
                # a runner covers moves made inside its own group; it joins another group (or a lone
                # runner passing through) only at a pace near its own plan
                willing = ((was_in_contact and board.group[pacer] == board.group[st.i])
                           or v_pack <= v_plan * (1.0 + tac.speed_limit))
                able = (e_avg <= tac.hold_limit(e_now)
                        and (e_f <= min(e_now * (1.0 + tac.hold_burst), e_cap)
                             or (tac.use_d_prime_to_hold and e_f > st.cs and e_f <= st.e_max
                                 and st.dp > tac.d_prime_reserve * st.dp_max)))
                if willing and able:
                    v, effort = v_f, e_f
                    in_contact = close
                    board.group[st.i] = board.group[pacer]
                elif not willing:
                    # letting a faster runner go: keep one's own pace and bank the shelter while it lasts
                    v = v_solo
                    effort = effort_for_power_m_s(segment_power_w_kg(
                        v, cost, ctx.rho[k], st.spec.cda_m2, st.mass_kg, wf, wc, shelter, st.k_heat,
                        st.k_damage, phys.drag_penalty_per_bodyweight), st.cost_flat, st.a_ref)
                else:
                    v = speed_for_power_m_s(p_lead, cost, a * shelter, wf, wc, kk, v_solo, WARM_STEPS)
            else:
                v = speed_for_power_m_s(p_lead, cost, a * shelter, wf, wc, kk, v_solo, WARM_STEPS)
                in_contact = close and v <= v_pack
        if in_contact and not was_in_contact:
            if st.v_guess > v_pack:  # this runner closed the gap
                ctx.log(t_s, x, "join" if board.contact[j] else "catch", st.name, ctx.names[j])
            else:  # the other came past and this runner went with it
                ctx.log(t_s, x, "catch", ctx.names[j], f"caught {st.name}, who goes with him")
        elif was_in_contact and not in_contact and v < v_pack:
            ctx.log(t_s, x, "drop", st.name, f"lost contact with {ctx.names[j]} ({gap_s:.1f} s)")
    board.contact[st.i] = in_contact

    if phys.walking_enabled and v < ctx.walk_speed_max[k] and ctx.grade[k] > 0.0:
        v_walk = min(speed_for_power_m_s(p_lead, st.cost_flat * ctx.walk_cost_factor[k], a, wf, wc, kk, v),
                     ctx.walk_speed_max[k])
        if v_walk > v:
            v, effort = v_walk, e_lead
    st.v_guess = v
    st.effort = effort
    st.shelter = shelter
    board.v_m_s[st.i] = v
    return v


def spend(st, k, dt_s, t_s, ctx):
    """Advance D′, fatigue, glycogen and eccentric damage over segment ``k`` (module docstring, step 4)."""
    phys = ctx.phys
    e = st.effort
    st.effort_avg += (e - st.effort_avg) * (1.0 - math.exp(-dt_s / phys.effort_window_s))
    st.dp = d_prime_balance_m(st.dp, st.dp_max, e, st.cs, dt_s)
    st.phi += dt_s / time_to_exhaustion_s(e / st.cs, phys.sustainable_f_ref, phys.sustainable_slope,
                                          phys.sustainable_t_ref_s)
    power = flat_power_w_kg(e, st.cost_flat, st.a_ref)
    u = phys.intensity_at_cs * power / st.p_cs
    burn_w = power * st.mass_kg * carbohydrate_fraction(u)
    st.glycogen_j = min(st.glycogen_j - (burn_w - st.intake_w) * dt_s, st.glycogen_max_j)
    if ctx.drop_m[k] and phys.eccentric_damage_enabled:
        st.descent_m += ctx.drop_m[k]
        st.k_damage = eccentric_damage_factor(G_M_S2 * st.descent_m, phys.eccentric_damage_max,
                                              G_M_S2 * phys.eccentric_damage_scale_m)
    x = ctx.boundary_m[k + 1]
    if st.glycogen_j <= 0.0 and not st.walled:
        st.walled = True
        ctx.log(t_s, x, "wall", st.name, "glycogen spent")
    if st.phi > 1.0 + 1e-6 and not st.exhausted and k + 1 < ctx.n:
        st.exhausted = True
        ctx.log(t_s, x, "exhausted", st.name, "sustainable effort used up")


def arrive(st, k, t_s, ctx):
    """Runner ``st`` reaches boundary ``k`` at ``t_s``: board, splits, finish, abandoning."""
    board = ctx.board
    board.cross(st.i, k, t_s)
    c = ctx.checkpoint_index.get(k)
    if c is not None:
        ctx.splits[st.i][c] = t_s
    x = ctx.boundary_m[k]
    if k == ctx.n:
        st.status = "finished"
        st.t_finish_s = t_s
        board.running[st.i] = False
        board.v_m_s[st.i] = 0.0
        ctx.log(t_s, x, "finish", st.name, "")
        return
    phys = ctx.phys
    if (c is not None and phys.abandon_margin > 0 and x >= phys.abandon_after_m
            and x <= phys.abandon_until_fraction * ctx.distance_m):
        projected = t_s * ctx.distance_m / x
        if projected > st.spec.plan_time_s * (1.0 + phys.abandon_margin):
            st.status = "dnf"
            board.running[st.i] = False
            ctx.log(t_s, x, "abandon", st.name, f"projected {projected / 60:.0f} min, planned {st.spec.plan_time_s / 60:.0f}")


def runner(env, st, ctx):
    """The runner process: walk up to the start line, then decide, run and arrive, segment by segment."""
    v_start = st.plan
    ctx.board.v_m_s[st.i] = v_start
    if st.spec.start_offset_m > 0:
        yield env.timeout(float(st.spec.start_offset_m / v_start))
    st.t_start_line_s = env.now
    arrive(st, 0, env.now, ctx)
    # a mass start: everyone sets off in one crowd, except a runner whose tactic is to leave it
    ctx.board.contact[st.i] = st.tactic.follows
    ctx.board.group[st.i] = -1 if st.tactic.follows else st.i
    for k in range(ctx.n):
        v = choose_speed(st, k, env.now, ctx)
        dt = ctx.length_m[k] / v
        yield env.timeout(float(dt))
        spend(st, k, dt, env.now, ctx)
        arrive(st, k + 1, env.now, ctx)
        if st.status != "running":
            return
