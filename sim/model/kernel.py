"""The per-boundary model, compiled: what a runner can afford, runs, is sheltered by and spends.

Both engines call these functions for every number: the per-runner SimPy process one runner at a
time (:func:`decide`, :func:`spend`), the cohort process for a cohort's members in a loop over the
same scalar functions (:func:`cohort_efforts`, :func:`cohort_speeds`, :func:`cohort_spend`). There is
no second copy of any formula: the equations are the plain functions of :mod:`sim.model` (aero,
effort, energetics, physiology, environment, pacing), compiled into these (see
:mod:`sim.model.compiled`). Inputs are the records of :mod:`sim.model.layout`.

At a boundary (the only moments a runner decides anything):

1. **Limits** (:func:`affordable_effort`): ``e_now = CS · F(T_rem / (1 - φ))``, the sustainable
   fraction (MODEL.md §4.3) for the time left stretched by the fatigue ``φ`` accumulated so far
   (Miner's rule on ``T_lim``) [A]; with D′ spent it cannot exceed CS, with glycogen spent not the
   fat-fuelled wall intensity (Rapoport 2010).
2. **Tactic** (:func:`lead_effort`): the effort when leading or alone (surges, front-running, kicks).
3. **Neighbour** (in :func:`decide`): behind a runner within drafting range, pass (own pace beats the
   pack's by the tactic's margin) or follow at the pack's pace, closing toward ``follow_gap_m``,
   sheltered by the wake (MODEL.md §3, :func:`shelter_behind`), while the effort averaged over
   ``effort_window_s`` stays within the tactic's hold limit (or D′ lasts, for tactics that cover
   surges); otherwise run one's own effort, sheltered while the gap lasts.
4. **Gait** (:func:`walk_or_run`): walk where walking at the same effort is faster (MODEL.md §1.2);
   then, running down, no faster than the descent cap allows (:func:`descent_limit`).
5. **Physiology** (:func:`spend`): D′, fatigue, glycogen and eccentric damage over the segment's duration.
"""
import math

import numpy as np

from sim.model.aero import shelter_factor, wake_offset_m
from sim.model.compiled import kernel
from sim.model.descent import capped_descent_speed_m_s
from sim.model.effort import (
    NEWTON_STEPS,
    WARM_STEPS,
    effort_for_power_m_s,
    flat_power_w_kg,
    segment_power_w_kg,
    speed_for_power_m_s,
)
from sim.model.energetics import G_M_S2
from sim.model.environment import heat_factor
from sim.model.layout import (
    DARK,
    SEG_ALTITUDE,
    SEG_COST,
    SEG_CROSS,
    SEG_D_REM,
    SEG_DESCENT,
    SEG_DESCENT_CAP,
    SEG_EQ_DONE,
    SEG_EQ_REM,
    SEG_HEAD,
    SEG_LENGTH,
    SEG_NIGHT,
    SEG_RHO,
    SEG_UPHILL,
    SEG_WALK_COST,
    SEG_WALK_MAX,
    SEG_WBGT_OFFSET,
    SEG_X,
    WBGT,
    WIND,
)
from sim.model.pacing import FRONT_RUN, in_surge, kick_effort_m_s, lead_effort_m_s
from sim.model.physiology import (
    carbohydrate_fraction,
    d_prime_balance_m,
    eccentric_damage_factor,
    sustainable_fraction,
    time_to_exhaustion_s,
)

# what decide() reports, as bits of its flags
SURGE_STARTS, IN_CONTACT, FOLLOWS, CLOSED_GAP, WENT_WITH, DROPPED, WALKS = 1, 2, 4, 8, 16, 32, 64
# what spend() reports
HIT_WALL, EXHAUSTED = 1, 2


@kernel
def series_at(series, step_s, t_s):
    """The value of a series sampled every ``step_s`` at time ``t_s`` (held after it ends)."""
    i = int(t_s / step_s)
    n = series.shape[0]
    return series[i] if i < n else series[n - 1]


@kernel
def affordable_effort(m, r, s, seg_row, t_s):
    """Step 1: the effort the runner can afford for the rest of the race and its cap [m/s, v_eq].

    The time left is the distance left at the average speed so far (the planned effort before the
    first kilometre), stretched by ``1 / max(1 - φ, fatigue_floor)`` [A] and held within 1 min-24 h.
    With ``physiology.graded_time_left`` both distances are grade-adjusted (``SEG_EQ_DONE``,
    ``SEG_EQ_REM``) [A]: on a mountain course the kilometres behind and ahead are not alike.
    """
    x_m, d_rem_m = seg_row[SEG_X], seg_row[SEG_D_REM]
    if m.graded_time_left:
        x_m, d_rem_m = seg_row[SEG_EQ_DONE], seg_row[SEG_EQ_REM]
    speed = x_m / max(t_s - s.t_start_s, 1.0) if seg_row[SEG_X] >= 1000.0 else r.plan_m_s
    t_rem = d_rem_m / speed / max(1.0 - s.phi, m.fatigue_floor)
    t_rem = min(max(t_rem, 60.0), 86400.0)
    e_now = r.cs_m_s * sustainable_fraction(t_rem, m.f_ref, m.slope, m.t_ref_s, m.f_max, m.knee_s, m.slope_ultra)
    cap = r.e_max_m_s if s.d_prime_m > 0.0 else r.cs_m_s
    if s.glycogen_j <= 0.0 and r.e_wall_m_s < cap:
        cap = r.e_wall_m_s
    return min(e_now, cap), cap


@kernel
def lead_effort(r, s, x_m, d_rem_m, e_now, cap):
    """Step 2: the tactic's effort alone or in front (capped), and whether it surges or kicks now.

    An exhausted runner (φ > 1) runs what it can afford: no surge, no kick.
    """
    if s.exhausted:
        return e_now, False, False
    surging = in_surge(x_m, r.surge_at_m, r.surge_length_m)
    e_lead = lead_effort_m_s(r.kind, e_now, r.plan_m_s, r.lead_factor, r.target_m_s, r.hold_tolerance,
                             surging and r.kind != FRONT_RUN, r.surge_lift)
    kicking = r.kick_last_m > 0.0 and d_rem_m <= r.kick_last_m and s.d_prime_m > 0.0
    if kicking:
        e_lead = max(e_lead, kick_effort_m_s(r.cs_m_s, s.d_prime_m, d_rem_m, cap))
    return min(e_lead, cap), surging, kicking


@kernel
def shelter_behind(m, gap_m, v_ahead_m_s, wind_fwd_m_s, wind_cross_m_s):
    """Step 3: the drag fraction felt ``gap_m`` behind a runner moving at ``v_ahead_m_s`` (MODEL.md §3).

    In a crosswind the wake drifts sideways (:func:`~sim.model.aero.wake_offset_m`); a follower
    tracks ``echelon_fraction`` of that drift [A] and feels :func:`~sim.model.aero.shelter_factor`
    at the rest.
    """
    lateral = wake_offset_m(gap_m, v_ahead_m_s, wind_fwd_m_s, wind_cross_m_s) * m.wake_factor
    return shelter_factor(gap_m, lateral, m.s0, m.decay_m, m.lateral_sigma_m, m.min_gap_m)


@kernel
def shelter_in_crowd(m, gap_m):
    """The drag fraction felt ``gap_m`` behind the crowd ahead (MODEL.md §3): runners several abreast leave a
    sheltered spot on every side, so the wake's crosswind drift costs nothing there [A]."""
    return shelter_factor(gap_m, 0.0, m.s0, m.decay_m, m.lateral_sigma_m, m.min_gap_m)


@kernel
def speed_for_effort(m, r, seg_row, effort_m_s, wind_fwd_m_s, wind_cross_m_s, shelter, k, guess_m_s, steps):
    """The speed an effort buys on a segment [m/s]: its flat power, solved on the segment (MODEL.md §1-§2)."""
    power = flat_power_w_kg(effort_m_s, m.cost_flat_j_kg_m, r.a_ref)
    return speed_for_power_m_s(power, seg_row[SEG_COST], r.a_unit * seg_row[SEG_RHO] * shelter, wind_fwd_m_s,
                               wind_cross_m_s, k, guess_m_s, steps)


@kernel
def effort_at_speed(m, r, seg_row, speed_m_s, wind_fwd_m_s, wind_cross_m_s, shelter, k):
    """The effort [m/s, v_eq] of running at ``speed_m_s`` on a segment: the inverse of :func:`speed_for_effort`."""
    power = segment_power_w_kg(speed_m_s, seg_row[SEG_COST], seg_row[SEG_RHO], r.cda_m2, r.mass_kg, wind_fwd_m_s,
                               wind_cross_m_s, shelter, k, 1.0, m.penalty_per_bodyweight)
    return effort_for_power_m_s(power, m.cost_flat_j_kg_m, r.a_ref)


@kernel
def walk_or_run(m, r, s, seg_row, speed_m_s, effort_m_s, wind_fwd_m_s, wind_cross_m_s, shelter, k):
    """Step 4: the speed with the faster gait at the runner's own effort, whether it walks, and the effort it spends.

    A runner walks where running is slower than the fastest walk of the segment (the walk/run
    transition on a climb, Minetti & Pavei 2018) and walking at the same metabolic power is faster
    (Minetti 2002 walking cost, MODEL.md §1.2); off the climbs only once spent (glycogen gone or
    φ > 1) when ``walk_when_spent`` [A]. A walker held to the fastest walk pays only for walking
    at it (at the transition speed running would cost the same), not its whole effort. With
    ``physiology.power_hiking`` off nobody walks (the ablation: run every step).
    """
    if not m.power_hiking:
        return speed_m_s, False, effort_m_s
    v_max = seg_row[SEG_WALK_MAX]
    if not speed_m_s < v_max:
        return speed_m_s, False, effort_m_s
    if seg_row[SEG_UPHILL] == 0.0 and not (m.walk_when_spent and (s.glycogen_j <= 0.0 or s.phi > 1.0)):
        return speed_m_s, False, effort_m_s
    drag_a = r.a_unit * seg_row[SEG_RHO] * shelter
    power = flat_power_w_kg(effort_m_s, m.cost_flat_j_kg_m, r.a_ref)
    v_walk = speed_for_power_m_s(power, seg_row[SEG_WALK_COST], drag_a, wind_fwd_m_s, wind_cross_m_s, k, speed_m_s,
                                 NEWTON_STEPS)
    if not v_walk > speed_m_s:
        return speed_m_s, False, effort_m_s
    if v_walk <= v_max:
        return v_walk, True, effort_m_s
    held = segment_power_w_kg(v_max, seg_row[SEG_WALK_COST], seg_row[SEG_RHO], r.cda_m2, r.mass_kg, wind_fwd_m_s,
                              wind_cross_m_s, shelter, k, 1.0, m.penalty_per_bodyweight)
    return v_max, True, min(effort_m_s, effort_for_power_m_s(held, m.cost_flat_j_kg_m, r.a_ref))


@kernel
def heat_cost(m, r, seg_row, t_s, weather):
    """The heat's multiplier ``k_heat`` on the cost of running on a segment at ``t_s`` (:func:`heat_factor`): the
    WBGT at the segment's elevation, the series (at the weather's reference elevation) plus the segment's
    lapse offset (``SEG_WBGT_OFFSET``, :func:`~sim.model.environment.wbgt_lapse_offset_c`)."""
    wbgt = series_at(weather[WBGT], m.temp_step_s, t_s) + seg_row[SEG_WBGT_OFFSET]
    return heat_factor(wbgt, m.heat_threshold_c, m.heat_per_degree, r.slowness)


@kernel
def conditions(m, r, s, seg_row, t_s, weather):
    """Head(+)/tail wind and crosswind on the segment at ``t_s``, and the cost multiplier: heat, eccentric
    damage, altitude, and darkness off-road (:func:`sim.model.layout.segment_table`).

    ``weather``: :func:`sim.model.layout.weather_series` (wind and WBGT over the race). The heat is the
    WBGT at the segment's elevation: the series (at the weather's reference elevation) plus the
    segment's lapse offset (``SEG_WBGT_OFFSET``, :func:`~sim.model.environment.wbgt_lapse_offset_c`).
    """
    w = series_at(weather[WIND], m.gust_step_s, t_s)
    k = heat_cost(m, r, seg_row, t_s, weather) * s.k_damage * seg_row[SEG_ALTITUDE]
    if series_at(weather[DARK], m.temp_step_s, t_s) > 0.0:
        k *= seg_row[SEG_NIGHT]
    return w * seg_row[SEG_HEAD], w * seg_row[SEG_CROSS], k


@kernel
def descent_limit(m, r, seg_row, t_s, weather, speed_m_s):
    """The running speed under the segment's descent cap at ``t_s``, and whether the cap binds.

    The cap (``SEG_DESCENT_CAP``, :func:`~sim.model.descent.descent_speed_cap_m_s`) times the runner's
    descending skill, lowered in the dark (:func:`~sim.model.descent.capped_descent_speed_m_s`); +inf
    on roads and climbs, where the speed passes unchanged.
    """
    cap = seg_row[SEG_DESCENT_CAP]
    if math.isinf(cap):
        return speed_m_s, False
    dark = series_at(weather[DARK], m.temp_step_s, t_s) > 0.0
    v = capped_descent_speed_m_s(speed_m_s, cap, r.descent_skill, dark, m.descent_dark_factor)
    return v, v < speed_m_s


@kernel
def decide(m, r, s, seg_row, t_s, weather, ahead, gap_m, v_ahead_m_s, v_pack_m_s,
           was_in_contact, same_group, caught_by):
    """Steps 1-4 for one runner at a boundary; writes its speed, effort, shelter and ``dt_s`` into ``s``.

    ``ahead``: a runner is within sight ahead, ``gap_m`` in front, moving at ``v_ahead_m_s``, in a
    pack moving at ``v_pack_m_s``; ``was_in_contact``: this runner was in contact before;
    ``same_group``: the pack's pacer is in the group this runner last ran with; ``caught_by``: the
    pacer has just overtaken it (crossed the previous boundary after it). Returns the
    segment's duration [s] and the ``SURGE_STARTS | IN_CONTACT | ...`` flags.
    """
    x, d_rem, length = seg_row[SEG_X], seg_row[SEG_D_REM], seg_row[SEG_LENGTH]
    e_now, cap = affordable_effort(m, r, s, seg_row, t_s)
    e_lead, surging, kicking = lead_effort(r, s, x, d_rem, e_now, cap)
    flags = SURGE_STARTS if surging and not s.surging else 0
    s.surging = surging
    wf, wc, k = conditions(m, r, s, seg_row, t_s, weather)
    v_solo = speed_for_effort(m, r, seg_row, e_lead, wf, wc, 1.0, k, s.v_m_s, WARM_STEPS)
    v, effort, shelter, avg_next = v_solo, e_lead, 1.0, math.nan
    in_contact = False
    if ahead:
        gap_s = gap_m / max(0.1, v_ahead_m_s)
        close = gap_s <= (m.drop_gap_s if was_in_contact else m.join_gap_s)
        if m.drafting and gap_m <= m.draft_range_m:
            shelter = shelter_behind(m, gap_m, v_ahead_m_s, wf, wc)
            # a runner surging or kicking races at its own effort (still sheltered while behind)
            following = r.follows and not surging and not kicking
            v_plan = v_solo
            if following and e_lead != e_now:   # the pace it would choose alone: the yardstick to pass and to join
                v_plan = speed_for_effort(m, r, seg_row, e_now, wf, wc, 1.0, k, v_solo, WARM_STEPS)
            if following and v_pack_m_s >= v_plan * r.pass_factor:
                room = length + m.follow_gap_m - gap_m
                v_f = length * v_pack_m_s / max(0.5 * length, room)
                v_f = min(max(v_f, v_pack_m_s * m.close_lo), v_pack_m_s * m.close_hi)
                e_f = effort_at_speed(m, r, seg_row, v_f, wf, wc, shelter, k)
                # a pack is held on the effort averaged over effort_window_s (pace swings of a few % cost
                # nothing extra: Ranum 2021), within a burst limit per segment
                e_avg = s.effort_avg_m_s + (e_f - s.effort_avg_m_s) * (1.0 - math.exp(-length / v_f / m.effort_window_s))
                # it covers moves inside its own group; it joins another group only near its own plan, or,
                # running alone, a group that has just caught it (``tuck_in_when_caught``): a dropped
                # runner slides back from group to group instead of being passed by all of them alone
                willing = ((was_in_contact and same_group) or v_pack_m_s <= v_plan * r.join_factor
                           or (m.tuck_in_when_caught and caught_by and not was_in_contact))
                able = (e_avg <= e_now * r.hold_factor
                        and (e_f <= min(cap, e_now * r.burst_factor)
                             or (r.use_d_prime_to_hold and r.cs_m_s < e_f <= r.e_max_m_s
                                 and s.d_prime_m > r.d_prime_reserve * r.d_prime_max_m)))
                if willing and able:
                    v, effort, avg_next = v_f, e_f, e_avg
                    in_contact = close
                    flags |= FOLLOWS
                elif not willing:   # letting a faster runner go: own pace, banking the shelter while it lasts
                    effort = effort_at_speed(m, r, seg_row, v, wf, wc, shelter, k)
                else:
                    v = speed_for_effort(m, r, seg_row, e_lead, wf, wc, shelter, k, v_solo, WARM_STEPS)
            else:
                v = speed_for_effort(m, r, seg_row, e_lead, wf, wc, shelter, k, v_solo, WARM_STEPS)
                in_contact = close and v <= v_pack_m_s
        if in_contact and not was_in_contact:
            flags |= CLOSED_GAP if s.v_m_s > v_pack_m_s else WENT_WITH
        elif was_in_contact and not in_contact and v < v_pack_m_s:
            flags |= DROPPED
    if in_contact:
        flags |= IN_CONTACT
    v_gait, walks, e_walk = walk_or_run(m, r, s, seg_row, v, e_lead, wf, wc, shelter, k)
    if walks:
        v, effort, avg_next = v_gait, e_walk, math.nan
        flags |= WALKS
    else:   # running down no faster than terrain and skill allow: the effort is what the capped speed costs
        v_cap, capped = descent_limit(m, r, seg_row, t_s, weather, v)
        if capped:
            v, avg_next = v_cap, math.nan
            effort = effort_at_speed(m, r, seg_row, v, wf, wc, shelter, k)
    v = max(v, m.min_speed_m_s)
    s.v_m_s, s.effort_m_s, s.shelter, s.avg_next_m_s, s.walking = v, effort, shelter, avg_next, walks
    s.wind_fwd_m_s = wf
    s.dt_s = length / v
    return s.dt_s, flags


@kernel
def spend(m, r, s, seg_row, in_time, more_segments):
    """Step 5: D′, fatigue, glycogen and eccentric damage over the segment just run (at ``s.effort_m_s`` for ``s.dt_s``).

    The averaged effort moves toward the effort over ``effort_window_s`` (a follower's decision
    already blended it); D′ drains above CS and refills below it (:func:`d_prime_balance_m`);
    fatigue grows by ``dt / T_lim`` (Miner's rule, :func:`time_to_exhaustion_s`); glycogen burns at
    the carbohydrate share of the power (Rapoport 2010), refilled by the intake when it is
    credited continuously; each metre of steep descent raises ``k_damage``. Returns ``HIT_WALL`` /
    ``EXHAUSTED`` the first time either happens (within the time limit, before the last segment).
    """
    dt, effort = s.dt_s, s.effort_m_s
    if math.isnan(s.avg_next_m_s):
        s.effort_avg_m_s += (effort - s.effort_avg_m_s) * (1.0 - math.exp(-dt / m.effort_window_s))
    else:
        s.effort_avg_m_s = s.avg_next_m_s
    s.d_prime_m = d_prime_balance_m(s.d_prime_m, r.d_prime_max_m, effort, r.cs_m_s, dt)
    s.phi += dt / time_to_exhaustion_s(effort / r.cs_m_s, m.f_ref, m.slope, m.t_ref_s, m.knee_s, m.slope_ultra)
    power = flat_power_w_kg(effort, m.cost_flat_j_kg_m, r.a_ref)
    burn_w = power * r.mass_kg * carbohydrate_fraction(m.intensity_at_cs * power / r.p_cs_w_kg)
    glycogen = s.glycogen_j - burn_w * dt
    if m.continuous_intake:
        glycogen += r.intake_w * dt
    s.glycogen_j = min(glycogen, r.glycogen_max_j)
    drop = seg_row[SEG_DESCENT]
    if drop > 0.0:
        s.descent_m += drop
        s.k_damage = eccentric_damage_factor(G_M_S2 * s.descent_m, m.damage_k_max, m.damage_work_scale_j_kg,
                                             r.resistance)
    flags = 0
    if in_time and s.glycogen_j <= 0.0 and not s.walled:
        s.walled = True
        flags |= HIT_WALL
    if in_time and more_segments and s.phi > 1.0 + 1e-6 and not s.exhausted:
        s.exhausted = True
        flags |= EXHAUSTED
    return flags


@kernel
def effort_when_held(m, r, s, seg_row, speed_m_s, t_s, weather):
    """The effort [m/s, v_eq] of moving at ``speed_m_s`` in the runner's gait (``s.walking``), sheltered as
    ``s.shelter``: what a runner held to a slower speed (a queue) spends."""
    wf, wc, k = conditions(m, r, s, seg_row, t_s, weather)
    cost = seg_row[SEG_WALK_COST] if s.walking else seg_row[SEG_COST]
    power = segment_power_w_kg(speed_m_s, cost, seg_row[SEG_RHO], r.cda_m2, r.mass_kg, wf, wc, s.shelter, k, 1.0,
                               m.penalty_per_bodyweight)
    return effort_for_power_m_s(power, m.cost_flat_j_kg_m, r.a_ref)


@kernel
def abandons(m, r, t_s, x_m):
    """A runner steps off at a checkpoint when its projected finish is ``abandon_margin`` over its plan [A].

    Only between ``abandon_after_m`` and ``abandon_until_fraction`` of the race; never when the margin is 0.
    """
    if m.abandon_margin <= 0.0 or x_m < m.abandon_after_m or x_m > m.abandon_until_m:
        return False
    return t_s * m.distance_m / x_m > r.plan_time_s * (1.0 + m.abandon_margin)


# -- the same functions over a cohort (the crowd engine) -----------------------------------------------

@kernel
def cohort_efforts(model, runners, state, idx, seg_row, t_s):
    """Steps 1-2 for every member ``idx`` at their own times ``t_s``: affordable, cap and own (tactic) effort."""
    m = model[0]
    n = idx.shape[0]
    e_now, cap, e_own = np.empty(n), np.empty(n), np.empty(n)
    for j in range(n):
        i = idx[j]
        r, s = runners[i], state[i]
        e_now[j], cap[j] = affordable_effort(m, r, s, seg_row, t_s[j])
        e_own[j], s.surging, _ = lead_effort(r, s, seg_row[SEG_X], seg_row[SEG_D_REM], e_now[j], cap[j])
    return e_now, cap, e_own


@kernel
def cohort_conditions(model, runners, state, idx, seg_row, t_s, weather):
    """:func:`conditions` for every member: head wind, crosswind and k_heat · k_damage (arrays)."""
    m = model[0]
    n = idx.shape[0]
    wf, wc, k = np.empty(n), np.empty(n), np.empty(n)
    for j in range(n):
        i = idx[j]
        wf[j], wc[j], k[j] = conditions(m, runners[i], state[i], seg_row, t_s[j], weather)
    return wf, wc, k


@kernel
def cohort_speeds(model, runners, state, idx, seg_row, effort_m_s, gap_m, held_v_m_s, held_e_m_s, wf, wc, k,
                  t_s, weather):
    """Steps 3-4 for every member: sheltered ``gap_m`` behind the crowd ahead (moving at the member's last
    speed), the speed of its effort or the held speed (a pacing bus; NaN = none), the faster gait, the
    descent cap at the member's time ``t_s`` (:func:`descent_limit`).

    Writes speed, effort, shelter and ``dt_s`` into the state and returns the speeds and who walks.
    """
    m = model[0]
    n = idx.shape[0]
    v_out, walks_out = np.empty(n), np.zeros(n, dtype=np.bool_)
    for j in range(n):
        i = idx[j]
        r, s = runners[i], state[i]
        shelter = 1.0
        if m.drafting and gap_m[j] <= m.draft_range_m:
            shelter = shelter_in_crowd(m, gap_m[j])
        if math.isnan(held_v_m_s[j]):
            v = speed_for_effort(m, r, seg_row, effort_m_s[j], wf[j], wc[j], shelter, k[j], s.v_m_s, WARM_STEPS)
            effort = effort_m_s[j]
        else:
            v, effort = held_v_m_s[j], held_e_m_s[j]
        # a bus rider who walks a climb with its bus is taken to spend the bus's effort [A]
        v_gait, walks, e_walk = walk_or_run(m, r, s, seg_row, v, effort_m_s[j], wf[j], wc[j], shelter, k[j])
        if walks:
            v = v_gait
            if math.isnan(held_v_m_s[j]):
                effort = e_walk
        else:
            v_cap, capped = descent_limit(m, r, seg_row, t_s[j], weather, v)
            if capped:
                v = v_cap
                effort = effort_at_speed(m, r, seg_row, v, wf[j], wc[j], shelter, k[j])
        v = max(v, m.min_speed_m_s)
        s.v_m_s, s.effort_m_s, s.shelter, s.avg_next_m_s, s.walking = v, effort, shelter, math.nan, walks
        s.dt_s = seg_row[SEG_LENGTH] / v
        v_out[j], walks_out[j] = v, walks
    return v_out, walks_out


@kernel
def cohort_efforts_at_speed(model, runners, idx, seg_row, speed_m_s, wf, wc, shelter, k):
    """:func:`effort_at_speed` for every member: the effort [m/s, v_eq] of holding ``speed_m_s`` (a pacing
    bus's pace) at ``shelter``, in head wind ``wf``, crosswind ``wc`` and cost multiplier ``k`` (arrays)."""
    m = model[0]
    n = idx.shape[0]
    out = np.empty(n)
    for j in range(n):
        out[j] = effort_at_speed(m, runners[idx[j]], seg_row, speed_m_s[j], wf[j], wc[j], shelter, k[j])
    return out


@kernel
def cohort_spend(model, runners, state, idx, seg_row, in_time, more_segments):
    """:func:`spend` for every member; returns its flags per member."""
    m = model[0]
    n = idx.shape[0]
    flags = np.zeros(n, dtype=np.int64)
    for j in range(n):
        i = idx[j]
        flags[j] = spend(m, runners[i], state[i], seg_row, in_time[j], more_segments)
    return flags


@kernel
def cohort_abandons(model, runners, idx, t_s, x_m):
    """:func:`abandons` for every member at a checkpoint ``x_m``."""
    m = model[0]
    out = np.zeros(idx.shape[0], dtype=np.bool_)
    for j in range(idx.shape[0]):
        out[j] = abandons(m, runners[idx[j]], t_s[j], x_m)
    return out
