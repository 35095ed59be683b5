"""Metabolic cost of running and walking on a grade, and metabolic power (MODEL.md §1).

References
----------
.. [1] Minetti, A. E. et al. (2002). Energy cost of walking and running at extreme uphill and
   downhill slopes. J Appl Physiol 93:1039-1046. doi:10.1152/japplphysiol.01177.2001
.. [2] Strava grade-adjusted pace curve, polynomial fit (MODEL.md §1.1) [S].
.. [3] da Silva, E. S., Kram, R. & Hoogkamer, W. (2022). The metabolic cost of running with
   different horizontal forces. J Appl Physiol 133. doi:10.1152/japplphysiol.00076.2022
.. [4] Minetti, A. E. & Pavei, G. (2018). Update and extension of the 'equivalent slope' of
   speed-changing level locomotion in humans. J Exp Biol 221. doi:10.1242/jeb.182303
"""
import numpy as np

from sim.model.compiled import model_function

G_M_S2 = 9.80665
GRADE_MIN, GRADE_MAX = -0.45, 0.45  # Minetti's measured range [1]
GAP_GRADE_LIMIT = 0.35  # the GAP fit's range, ±35 % [2]
DRAG_PENALTY_PER_BODYWEIGHT = 6.13  # +6.13 % metabolic power per 1 % body weight of force [3]


def gap_factor(grade):
    """Grade-adjusted-pace cost multiplier relative to the flat [-] [2].

    ``f(g) = -5.2944e-7 g^4 - 3.9896e-6 g^3 + 0.0020536 g^2 + 0.032657 g + 1`` with ``g`` the grade
    in percent; fitted for -35 % to +35 %.
    """
    g = grade * 100.0
    return ((( -5.2944e-7 * g - 3.9896e-6) * g + 0.0020536) * g + 0.032657) * g + 1.0


def minetti_running_cost_j_kg_m(grade):
    """Metabolic cost of running on a grade [J/kg/m], Minetti et al. 2002 [1], -0.45 <= i <= 0.45."""
    i = grade
    return ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6


def minetti_walking_cost_j_kg_m(grade):
    """Metabolic cost of walking on a grade [J/kg/m], Minetti et al. 2002 [1]."""
    i = grade
    return ((((280.5 * i - 58.7) * i - 76.8) * i + 51.9) * i + 19.6) * i + 2.5


def running_cost_j_kg_m(grade, cost_flat_j_kg_m=3.6, model="gap"):
    """Cost of running per metre on ``grade`` for a runner whose flat cost is ``cost_flat_j_kg_m``.

    ``model='gap'`` (default, MODEL.md §1.1 [A]): ``C0 * f_gap(grade)``. ``model='minetti'``:
    Minetti's polynomial scaled by ``C0 / 3.6`` so that both agree on the flat.
    """
    return cost_flat_j_kg_m * GRADE_COST_MODELS[model](grade)


GRADE_COST_MODELS = {
    "gap": gap_factor,
    "minetti": lambda grade: minetti_running_cost_j_kg_m(grade) / 3.6,
}


def walk_run_transition_speed_m_s(equivalent_slope):
    """Walk/run transition speed on an equivalent slope [m/s], Minetti & Pavei 2018 [4] [S].

    2.27 m/s on the level, 1.43 at 0.2, 0.96 at 0.3.
    """
    es = equivalent_slope
    return ((((-107.05 * es + 113.13) * es - 1.13) * es - 15.84) * es - 1.7) * es + 2.27


@model_function
def drag_penalty_factor(drag_force_n, mass_kg, penalty_per_bodyweight=DRAG_PENALTY_PER_BODYWEIGHT):
    """Metabolic multiplier of an impeding horizontal force [-], da Silva et al. 2022 [3].

    ``1 + 6.13 * F / (m g)``: +6.13 % per 1 % of body weight. A negative (assisting) force lowers it.
    """
    return 1.0 + penalty_per_bodyweight * drag_force_n / (mass_kg * G_M_S2)


@model_function
def metabolic_power_w_kg(speed_m_s, cost_j_kg_m, drag_force_n, mass_kg, k_heat=1.0, k_damage=1.0,
                         penalty_per_bodyweight=DRAG_PENALTY_PER_BODYWEIGHT):
    """Metabolic power per kg [W/kg] (MODEL.md §1).

    ``P = v * C(i) * (1 + 6.13 F_drag / (m g)) * k_heat * k_damage`` [1]_ [3]_.
    """
    return (speed_m_s * cost_j_kg_m * drag_penalty_factor(drag_force_n, mass_kg, penalty_per_bodyweight)
            * k_heat * k_damage)


def check_grade(grade, where="course"):
    """Raise ValueError if any grade lies outside Minetti's measured range (-0.45..0.45)."""
    g = np.asanyarray(grade)
    bad = (g < GRADE_MIN) | (g > GRADE_MAX)
    if np.any(bad):
        worst = float(g[bad].flat[0])
        raise ValueError(f"{where}: grade {worst:+.3f} is outside the model's range "
                         f"{GRADE_MIN:+.2f}..{GRADE_MAX:+.2f}; check the elevation/distance columns")


def terrain_cost_factor(surface, cost_by_surface):
    """Cost of moving on each segment's surface, x road [-] (an array of names in, factors out) [A].

    Voloshina & Ferris 2015 (J Exp Biol 218:711-719) measured +5 % metabolic cost running on uneven
    ground; rougher surfaces (technical trail, snow) are our assumption, one factor per surface
    (``physiology.terrain_cost_by_surface``), applied to running and walking alike.
    """
    return np.array([cost_by_surface[s] for s in surface], dtype=float)
