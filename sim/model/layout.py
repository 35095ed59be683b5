"""The kernel's inputs as typed records: built once per race from the config, the course, the weather and the field.

The compiled kernel (:mod:`sim.model.kernel`) reads numbers, not config objects. What it reads is laid
out here as numpy structured arrays (numba reads their fields by name):

* ``MODEL`` (one record): the physiology and drafting constants of the race;
* ``RUNNER`` (one record per runner): what is fixed about a runner in this race, its tactic included;
* ``STATE`` (one record per runner): what changes as it runs (D′, fatigue, glycogen, damage, speed)
  and where it was last seen (boundary, time, the time at the boundary before, in contact, group);
* the segment table: one row per segment, columns named by the ``SEG_*`` indices;
* ``TRAIL`` (one record): aid-station time, giving up and single file, which only the per-runner
  scheduler of a mass race models (:mod:`sim.engine.crowd_boundary`).

Both engines build these with the same functions, so a runner is the same runner in either.
"""
import math

import numpy as np

from sim.model.energetics import (
    G_M_S2,
    GRADE_COST_MODELS,
    minetti_walking_cost_j_kg_m,
    terrain_cost_factor,
    walk_run_transition_speed_m_s,
)
from sim.model.descent import descent_speed_cap_m_s
from sim.model.environment import altitude_cost_factor
from sim.model.effort import flat_power_w_kg
from sim.model.pacing import KIND_CODE
from sim.model.physiology import glycogen_store_j, steepness_weighted_descent_m

J_PER_G_CARB = 4.0 * 4184.0   # 4 kcal per gram of carbohydrate
WALK_TRANSITION_GRADE_MAX = 0.39   # the transition polynomial bottoms out here (0.78 m/s) and is not meant to rise after

MODEL = np.dtype([(name, "f8") for name in (
    "f_ref", "slope", "t_ref_s", "f_max", "knee_s", "slope_ultra", "fatigue_floor", "effort_window_s", "intensity_at_cs",
    "damage_k_max", "damage_work_scale_j_kg", "heat_threshold_c", "heat_per_degree",
    "abandon_margin", "abandon_after_m", "abandon_until_m", "draft_range_m", "min_gap_m", "s0", "decay_m",
    "lateral_sigma_m", "drop_gap_s", "join_gap_s", "follow_gap_m", "wake_factor", "close_lo", "close_hi",
    "distance_m", "cost_flat_j_kg_m", "penalty_per_bodyweight", "gust_step_s", "temp_step_s",
    "min_speed_m_s")] + [("walk_when_spent", "?"), ("drafting", "?"), ("continuous_intake", "?"),
                                 ("tuck_in_when_caught", "?"), ("graded_time_left", "?")]
    + [("power_hiking", "?"), ("descent_dark_factor", "f8")])

TRAIL = np.dtype([(name, "f8") for name in (
    "aid_dwell_s", "aid_dwell_per_hour_s", "aid_dwell_per_fatigue_s", "dropout_per_h", "dropout_damage_w",
    "dropout_heat_w", "dropout_fatigue_w", "passes_per_m", "max_credit", "spacing_m", "spacing_s_per_m_s")]
    + [("departure_cutoffs", "?")])

MAX_SURGES = 16   # surge distances a tactic may list (sim/config.py checks it)
TACTIC = np.dtype([("kind", "i8"), ("follows", "?"), ("use_d_prime_to_hold", "?")] + [(name, "f8") for name in (
    "lead_factor", "target_m_s", "hold_tolerance", "hold_factor", "burst_factor", "join_factor", "pass_factor",
    "d_prime_reserve", "kick_last_m", "surge_lift", "surge_length_m")] + [("surge_at_m", "f8", (MAX_SURGES,))])

RUNNER = np.dtype([(name, "f8") for name in (
    "cs_m_s", "d_prime_max_m", "e_max_m_s", "e_wall_m_s", "plan_m_s", "plan_time_s", "slowness",
    "a_unit", "a_ref", "cda_m2", "mass_kg", "mass_g_n", "p_cs_w_kg", "intake_w", "glycogen_max_j", "resistance")]
    + TACTIC.descr + [("descent_skill", "f8")])

STATE = np.dtype([(name, "f8") for name in (
    "t_start_s", "d_prime_m", "phi", "glycogen_j", "effort_avg_m_s", "descent_m", "k_damage", "v_m_s",
    "effort_m_s", "shelter", "dt_s", "avg_next_m_s", "x_m", "t_s", "t_before_s", "wind_fwd_m_s",
    "hazard", "queued_s", "pass_credit", "aid_s")]
    + [("walled", "?"), ("exhausted", "?"), ("surging", "?"), ("walking", "?"), ("running", "?"), ("contact", "?"),
       ("group", "i8")])

(SEG_X, SEG_D_REM, SEG_LENGTH, SEG_COST, SEG_RHO, SEG_HEAD, SEG_CROSS, SEG_WALK_COST, SEG_WALK_MAX, SEG_UPHILL,
 SEG_DESCENT, SEG_EQ, SEG_CHECKPOINT, SEG_ALTITUDE, SEG_NIGHT, SEG_EQ_DONE, SEG_EQ_REM, SEG_WBGT_OFFSET,
 SEG_DESCENT_CAP) = range(19)
SEG_COLUMNS = 19
MIN_SPEED_M_S = 0.2   # nobody moves slower than this (a runner at a standstill would never arrive)


def model_params(phys, drafting, distance_m, gust_step_s, temp_step_s, continuous_intake):
    """The ``MODEL`` record of a race from ``cfg.physiology`` and ``cfg.drafting`` (typed configs), as a
    one-element array (numba reads an array of records much faster than a lone record)."""
    model = np.zeros(1, MODEL)
    m = model[0]
    dmg, fuel = phys.eccentric_damage, phys.fuelling
    values = dict(
        f_ref=phys.sustainable_f_ref, slope=phys.sustainable_slope, t_ref_s=phys.sustainable_t_ref_s,
        f_max=phys.sustainable_f_max, knee_s=phys.sustainable_knee_s,
        slope_ultra=phys.sustainable_slope_ultra, fatigue_floor=phys.fatigue_floor, effort_window_s=phys.effort_window_s,
        intensity_at_cs=phys.intensity_at_cs, damage_k_max=dmg.k_max, damage_work_scale_j_kg=G_M_S2 * dmg.scale_m,
        heat_threshold_c=phys.heat_threshold_wbgt_c, heat_per_degree=phys.heat_per_degree,
        abandon_margin=phys.abandon_margin, abandon_after_m=phys.abandon_after_m,
        abandon_until_m=phys.abandon_until_fraction * distance_m, draft_range_m=drafting.draft_range_m,
        min_gap_m=drafting.min_gap_m, s0=drafting.s0, decay_m=drafting.decay_m,
        lateral_sigma_m=drafting.lateral_sigma_m, drop_gap_s=drafting.drop_gap_s, join_gap_s=drafting.join_gap_s,
        follow_gap_m=drafting.follow_gap_m, wake_factor=1.0 - drafting.echelon_fraction,
        close_lo=1.0 - drafting.max_close_fraction, close_hi=1.0 + drafting.max_close_fraction,
        distance_m=distance_m, cost_flat_j_kg_m=phys.cost_flat_j_kg_m,
        penalty_per_bodyweight=phys.drag_penalty_per_bodyweight, gust_step_s=gust_step_s, temp_step_s=temp_step_s,
        min_speed_m_s=MIN_SPEED_M_S, walk_when_spent=phys.walking_enabled and phys.walk_when_spent,
        drafting=drafting.enabled, tuck_in_when_caught=drafting.tuck_in_when_caught,
        graded_time_left=phys.graded_time_left, continuous_intake=fuel.enabled and fuel.aid_station_every_m <= 0,
        power_hiking=phys.power_hiking, descent_dark_factor=phys.descent_dark_factor)
    for key, value in values.items():
        m[key] = value
    return model


def trail_params(cfg, max_credit):
    """The ``TRAIL`` record (one-element array) from ``cfg.rules``, ``cfg.physiology`` and ``cfg.course``;
    ``max_credit``: the most passes a runner may bank on single track."""
    trail = np.zeros(1, TRAIL)
    t, rules, phys, course = trail[0], cfg.rules, cfg.physiology, cfg.course
    values = dict(
        aid_dwell_s=rules.aid_dwell_s, aid_dwell_per_hour_s=rules.aid_dwell_per_hour_s,
        aid_dwell_per_fatigue_s=rules.aid_dwell_per_fatigue_s, dropout_per_h=phys.dropout_hazard_per_h,
        dropout_damage_w=phys.dropout_damage_weight, dropout_heat_w=phys.dropout_heat_weight,
        dropout_fatigue_w=phys.dropout_fatigue_weight, passes_per_m=course.passes_per_km / 1000.0,
        max_credit=max_credit, spacing_m=course.spacing_m, spacing_s_per_m_s=course.spacing_s_per_m_s,
        departure_cutoffs=rules.stations_cutoff_at == "departure")
    for key, value in values.items():
        t[key] = value
    return trail


def tactic_record(t):
    """The ``TACTIC`` record of a :class:`sim.inputs.tactics.Tactic` (surge distances padded with +inf)."""
    surge_at = np.full(MAX_SURGES, math.inf)
    surge_at[:len(t.surge_at_m)] = t.surge_at_m
    return np.array((KIND_CODE[t.kind], t.follows, t.use_d_prime_to_hold, t.lead_factor,
               1000.0 / t.pace_s_km if t.pace_s_km > 0 else 0.0, t.hold_tolerance, 1.0 + t.hold_tolerance,
               1.0 + t.hold_burst, 1.0 + t.speed_limit, 1.0 - t.pass_margin, t.d_prime_reserve,
               t.kick_last_m, t.surge_lift if t.surge_at_m else 0.0, t.surge_length_m, surge_at), dtype=TACTIC)


def runner_table(phys, tactics, cs_m_s, d_prime_m, plan_m_s, plan_time_s, predicted_s, mass_kg, cda_m2,
                 carb_g_h, resistance, fuelling, descent_skill=1.0):
    """``RUNNER`` records from the field's arrays (one entry per runner; ``tactics``: each runner's Tactic;
    ``descent_skill``: each runner's descending factor, :func:`sim.model.descent.descending_skill`)."""
    n = len(cs_m_s)
    r = np.zeros(n, RUNNER)
    records = {t.name: tactic_record(t) for t in set(tactics)}
    rows = np.array([records[t.name] for t in tactics], dtype=TACTIC).reshape(n)
    for name in TACTIC.names:
        r[name] = rows[name]
    mass_kg, cda_m2, cs_m_s = (np.asarray(a, dtype=float) for a in (mass_kg, cda_m2, cs_m_s))
    a_unit = phys.drag_penalty_per_bodyweight * 0.5 * cda_m2 / (mass_kg * G_M_S2)
    a_ref = a_unit * phys.reference_air_density_kg_m3
    r["cs_m_s"] = cs_m_s
    r["d_prime_max_m"] = d_prime_m
    r["e_max_m_s"] = cs_m_s * phys.max_effort_cs
    r["e_wall_m_s"] = cs_m_s * phys.wall_intensity / phys.intensity_at_cs
    r["plan_m_s"] = plan_m_s
    r["plan_time_s"] = plan_time_s
    r["slowness"] = np.maximum(1.0, np.asarray(predicted_s, dtype=float) / phys.heat_reference_time_s)
    r["a_unit"] = a_unit
    r["a_ref"] = a_ref
    r["cda_m2"] = cda_m2
    r["mass_kg"] = mass_kg
    r["mass_g_n"] = mass_kg * G_M_S2
    r["p_cs_w_kg"] = flat_power_w_kg(cs_m_s, phys.cost_flat_j_kg_m, a_ref)
    r["intake_w"] = np.asarray(carb_g_h, dtype=float) * J_PER_G_CARB / 3600.0 if fuelling else 0.0
    r["glycogen_max_j"] = glycogen_store_j(mass_kg, phys.glycogen_liver_fraction, phys.glycogen_liver_kcal_kg,
                                           phys.glycogen_muscle_fraction, phys.glycogen_muscle_kcal_kg)
    r["resistance"] = resistance
    r["descent_skill"] = descent_skill
    return r


def initial_state(runners, t_start_s):
    """``STATE`` records at the start line: D′ and glycogen full, fresh legs, moving at the planned effort."""
    s = np.zeros(len(runners), STATE)
    s["t_start_s"] = t_start_s
    s["d_prime_m"] = runners["d_prime_max_m"]
    s["glycogen_j"] = runners["glycogen_max_j"]
    s["k_damage"] = 1.0
    s["v_m_s"] = s["effort_m_s"] = s["effort_avg_m_s"] = runners["plan_m_s"]
    s["shelter"] = 1.0
    s["avg_next_m_s"] = math.nan
    s["running"] = True
    s["group"] = np.arange(len(runners))
    return s


def segment_table(course, weather, phys):
    """The segment table of a course in a weather (one row per segment, ``SEG_*`` columns).

    Running cost ``C0 · f(grade) · terrain`` (MODEL.md §1.1), walking cost ``C0 · Cw(grade) / 3.6 · terrain``
    (Minetti 2002 scaled by the runner's economy as the Minetti running model is [A]; the surface's
    factor from ``physiology.terrain_cost_by_surface``), the cost multiplier of the segment's mean
    elevation (:func:`~sim.model.environment.altitude_cost_factor`, 1 with ``physiology.altitude``
    off) and the one in the dark (``night_cost_factor`` off-road, 1 on roads), the fastest walk: the
    walk/run transition speed on a climb (Minetti & Pavei 2018), ``walk_speed_max_m_s`` elsewhere [A],
    the steepness-weighted descent that loads the legs (0 when eccentric damage is off), and whether
    the segment starts at a checkpoint; the WBGT offset of the segment's elevation (the weather's
    ``wbgt_offset_c``, :func:`~sim.model.environment.wbgt_lapse_offset_c`; 0 without one) and the
    descent speed cap (:func:`~sim.model.descent.descent_speed_cap_m_s`, +inf on roads and climbs).
    """
    grade = course.grade
    c0 = phys.cost_flat_j_kg_m
    factor = GRADE_COST_MODELS[phys.grade_model](grade)
    transition = walk_run_transition_speed_m_s(np.clip(grade, 0.0, WALK_TRANSITION_GRADE_MAX))
    walk_max = np.where(grade > 0, transition, np.minimum(transition, phys.walk_speed_max_m_s))
    drop = np.maximum(course.elevation_m[:-1] - course.elevation_m[1:], 0.0)
    descent = steepness_weighted_descent_m(drop, grade, phys.eccentric_damage.reference_grade)
    surface = course.surface if course.surface is not None else np.full(course.n_segments, "road")
    terrain = terrain_cost_factor(surface, phys.terrain_cost_by_surface)
    mid_elevation = 0.5 * (course.elevation_m[:-1] + course.elevation_m[1:])
    seg = np.empty((course.n_segments, SEG_COLUMNS))
    seg[:, SEG_X] = course.boundary_m[:-1]
    seg[:, SEG_D_REM] = course.distance_m - course.boundary_m[:-1]
    seg[:, SEG_LENGTH] = course.length_m
    seg[:, SEG_COST] = c0 * factor * terrain
    seg[:, SEG_RHO] = weather.air_density_kg_m3
    seg[:, SEG_HEAD] = weather.headwind_share
    seg[:, SEG_CROSS] = weather.crosswind_share
    seg[:, SEG_WALK_COST] = c0 * minetti_walking_cost_j_kg_m(grade) / 3.6 * terrain
    seg[:, SEG_WALK_MAX] = walk_max if phys.walking_enabled else -math.inf
    seg[:, SEG_UPHILL] = grade > 0
    seg[:, SEG_DESCENT] = descent if phys.eccentric_damage.enabled else 0.0
    seg[:, SEG_EQ] = course.length_m * factor
    eq_before = np.concatenate([[0.0], np.cumsum(seg[:-1, SEG_EQ])])
    seg[:, SEG_EQ_DONE] = eq_before
    seg[:, SEG_EQ_REM] = seg[:, SEG_EQ].sum() - eq_before
    seg[:, SEG_ALTITUDE] = (altitude_cost_factor(mid_elevation, phys.altitude_threshold_m, phys.altitude_vo2max_loss_per_km)
                            if phys.altitude else 1.0)
    seg[:, SEG_NIGHT] = np.where(surface == "road", 1.0, phys.night_cost_factor)
    offset = getattr(weather, "wbgt_offset_c", None)
    seg[:, SEG_WBGT_OFFSET] = 0.0 if offset is None else offset
    surface_cap = np.array([phys.descent_speed_max_m_s.get(s, math.inf) for s in surface], dtype=float)
    seg[:, SEG_DESCENT_CAP] = descent_speed_cap_m_s(grade, surface_cap, phys.descent_critical_grade,
                                                    phys.descent_speed_loss_per_grade)
    seg[:, SEG_CHECKPOINT] = 0.0
    starts = course.checkpoint_boundary[course.checkpoint_boundary < course.n_segments]
    seg[starts, SEG_CHECKPOINT] = 1.0
    return seg


def weather_series(weather, dark=None):
    """Wind at runner height (row ``WIND``, every ``gust_step_s``), WBGT (row ``WBGT``, every
    ``temp_step_s``) and darkness (row ``DARK``, 1 = dark, every ``temp_step_s``; ``dark``, all light if
    None) over the race in one array, the shorter rows held at their last value."""
    wind = weather.gust_series_m_s
    wbgt = weather.wbgt_series_c if weather.wbgt_series_c.size else np.array([float(weather.wbgt_c)])
    dark = np.zeros(1) if dark is None or len(dark) == 0 else np.asarray(dark, dtype=float)
    n = max(wind.size, wbgt.size, dark.size)
    return np.vstack([np.pad(row, (0, n - row.size), mode="edge") for row in (wind, wbgt, dark)])


WIND, WBGT, DARK = 0, 1, 2
