"""A mass field as arrays: thousands of runners derived in a handful of numpy operations.

The same derivation as the roster field (:func:`sim.inputs.field.derive_critical_speed`, README
"Runners"), on arrays so that 19,000 runners cost milliseconds: marathon-equivalent seed → seed effort
``v_eq`` → CS = v_eq / F(T) × day form → the planned effort F(T_plan)·CS. What differs is where the seeds come from:

* ``field.seed_distribution = split_lognormal`` [A]: ``ln T = ln T_median(sex) + z σ`` with
  ``σ = seed_sigma_fast`` for z < 0 and ``seed_sigma_slow`` for z ≥ 0 (a mass field has a long fast
  tail of club and elite runners and a compact slow side), floored at ``seed_time_min_s``. The
  medians and spreads are calibrated on a real finish distribution (README "Comrades").
* roster runners and ``field.athletes`` (if any) come first, with their own seeds.

Each runner also gets a course prediction: the time at which ``F(T)·CS`` covers the course's
grade-adjusted distance (GAP, MODEL.md §1.1) — what a runner expects from a pacing chart, before
heat, wind, damage and walls. Pens and goals are built from it.
"""
from dataclasses import dataclass

import numpy as np

from sim.inputs.field import (
    athlete_rows,
    course_prediction_s,
    derive_critical_speed,
    draw_descent_skill,
    intake_and_resistance,
    plan_effort_m_s,
    read_roster,
)
from sim.model.energetics import GRADE_COST_MODELS
from sim.model.physiology import MARATHON_M, riegel_time_s


@dataclass
class CrowdField:
    """Per-runner arrays (index = runner) of everything fixed for one race."""
    names: list
    sex: np.ndarray             # 'M' / 'F'
    generated: np.ndarray       # bool
    seed_time_s: np.ndarray
    seed_distance_m: np.ndarray
    marathon_s: np.ndarray      # marathon-equivalent seed (Riegel)
    mass_kg: np.ndarray
    height_m: np.ndarray
    cda_m2: np.ndarray
    cs_m_s: np.ndarray          # critical speed on the day
    d_prime_m: np.ndarray
    plan_effort_m_s: np.ndarray  # F(T_plan)·CS over the course's flat distance
    predicted_s: np.ndarray     # expected course time (GAP distance at F(T)·CS)
    carb_g_h: np.ndarray        # carbohydrate intake rate
    resistance: np.ndarray      # adaptation to downhill running, 0..1 (MODEL.md §4.4)
    descent_skill: np.ndarray = None  # descending factor, mean 1 (sim/model/descent.py)

    def __len__(self):
        return len(self.names)


def split_lognormal_seeds_s(n, median_s, sigma_fast, sigma_slow, t_min_s, rng):
    """``n`` seeds: ln T = ln median + z σ, σ = sigma_fast below the median, sigma_slow above [A]."""
    z = rng.standard_normal(n)
    t = median_s * np.exp(z * np.where(z < 0, sigma_fast, sigma_slow))
    return np.maximum(t, t_min_s)


def grade_adjusted_distance_m(course, model="gap"):
    """The course's flat-equivalent distance: Σ length × cost factor(grade) [m] (MODEL.md §1.1)."""
    return float(np.sum(course.length_m * GRADE_COST_MODELS[model](course.grade)))


def build_crowd_field(cfg_field, phys, course, rng):
    """The runners of a mass race as a :class:`CrowdField`; every draw from ``rng`` in a fixed order."""
    named = read_roster(cfg_field.roster) if cfg_field.roster else []
    named += athlete_rows(cfg_field.athletes, {r["name"] for r in named})
    n = cfg_field.size
    if len(named) > n:
        from sim.errors import PacksimError
        raise PacksimError(f"field.size: {n} is smaller than the roster and athletes ({len(named)}); raise field.size")
    n_gen = n - len(named)
    # draws in a fixed order, whatever the roster provides
    u_sex = rng.random(n)
    z_mass, z_height, z_dp, z_form, z_carb, z_res = (rng.standard_normal(n) for _ in range(6))
    sex = np.where(u_sex < cfg_field.female_share, "F", cfg_field.sex).astype(object)
    seed = np.empty(n)
    seed_dist = np.full(n, MARATHON_M)
    gen_sex = sex[len(named):]
    if n_gen:
        if cfg_field.seed_distribution == "split_lognormal":
            medians = np.array([cfg_field.seed_median_s[s] for s in gen_sex])
            floors = np.array([cfg_field.seed_time_min_s[s] for s in gen_sex])
            seed[len(named):] = split_lognormal_seeds_s(n_gen, medians, cfg_field.seed_sigma_fast,
                                                        cfg_field.seed_sigma_slow, floors, rng)
        else:
            from sim.inputs.field import generated_seed_times_s
            t_min = cfg_field.generated_seed_time_min_s or 0.9 * cfg_field.generated_seed_time_max_s
            seed[len(named):] = generated_seed_times_s(n_gen, t_min, cfg_field.generated_seed_time_max_s,
                                                       cfg_field.generated_seed_time_shape, rng)
    mass = np.array([cfg_field.mass_kg_mean[s] for s in sex]) + np.array([cfg_field.mass_kg_sd[s] for s in sex]) * z_mass
    height = np.array([cfg_field.height_m_mean[s] for s in sex]) + np.array([cfg_field.height_m_sd[s] for s in sex]) * z_height
    mass, height = np.clip(mass, 35, 120), np.clip(height, 1.4, 2.1)
    d_prime = np.array([cfg_field.d_prime_m_mean[s] for s in sex]) * np.exp(cfg_field.d_prime_cv * z_dp)
    cs_given = np.full(n, np.nan)
    for i, r in enumerate(named):
        if r.get("sex"):
            sex[i] = r["sex"]
        seed[i] = r["seed_time_s"]
        seed_dist[i] = r.get("seed_distance_m", MARATHON_M)
        mass[i] = r.get("mass_kg") or mass[i]
        height[i] = r.get("height_m") or height[i]
        d_prime[i] = r.get("d_prime_m") or d_prime[i]
        cs_given[i] = r.get("cs_m_s", np.nan)
    marathon = riegel_time_s(seed, seed_dist, MARATHON_M, phys.riegel_exponent)
    cda, cs = derive_critical_speed(marathon, mass, height, z_form, cs_given, cfg_field, phys)
    plan = plan_effort_m_s(cs, course.distance_m, phys)
    predicted = course_prediction_s(cs, grade_adjusted_distance_m(course, phys.grade_model), phys)
    carb, resistance = intake_and_resistance(z_carb, z_res, cfg_field, phys)
    width = len(str(n))
    names = [r["name"] for r in named] + [f"Runner {k:0{width}d}" for k in range(len(named) + 1, n + 1)]
    generated = np.arange(n) >= len(named)
    return CrowdField(names, sex, generated, seed, seed_dist, marathon, mass, height, cda, cs, d_prime, plan,
                      predicted, carb, resistance, draw_descent_skill(n, cfg_field, rng))
