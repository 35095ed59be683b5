"""What a runner can sustain: critical speed, D′ balance, duration, glycogen, eccentric damage.

MODEL.md §4. Efforts are expressed as ``v_eq`` [m/s]: the flat, still-air, solo speed that costs
the same metabolic power, so that critical speed CS and D′ [m] keep their usual units.

References
----------
.. [1] Jones, A. M. & Vanhatalo, A. (2017). The 'critical power' concept: applications to sports
   performance with a focus on intermittent high-intensity exercise. Sports Med 47:65-78.
   doi:10.1007/s40279-017-0688-0
.. [2] Skiba, P. F. et al. (2015). Intramuscular determinants of the ability to recover work capacity
   above critical power. Eur J Appl Physiol 115:703-713. doi:10.1007/s00421-014-3050-3
.. [3] Smyth, B. & Muniz-Pumares, D. (2020). Calculation of critical speed from raw training data in
   recreational marathon runners. Med Sci Sports Exerc 52:2637-2645.
   doi:10.1249/MSS.0000000000002412
.. [4] Rapoport, B. I. (2010). Metabolic factors limiting performance in marathon runners. PLoS
   Comput Biol 6:e1000960. doi:10.1371/journal.pcbi.1000960
.. [5] Chen, T. C., Nosaka, K. & Tu, J.-H. (2007). Changes in running economy following downhill
   running. J Sports Sci 25:55-63. doi:10.1080/02640410600718228
.. [6] Riegel, P. S. (1981). Athletic records and human endurance. Am Sci 69:285-290.
"""
import math

import numpy as np

from sim.model.compiled import model_function

KCAL_J = 4184.0
MARATHON_M = 42195.0


@model_function
def sustainable_fraction(duration_s, f_ref=0.93, slope=0.161, t_ref_s=9000.0, f_max=0.98, knee_s=math.inf,
                         slope_ultra=0.161):
    """Fraction of critical speed sustainable for ``duration_s`` [-] (MODEL.md §4.3) [D].

    ``F(T) = 0.93 - 0.161 ln(T / 150 min)``, clamped to ``f_max`` (0.98): a log fit through Smyth &
    Muniz-Pumares 2020 [3] (93 % at 150 min, 78.9 % at 360 min) and Billat et al. 2020. Beyond
    ``knee_s`` (the end of those data, 6 h) the decline goes on at ``slope_ultra`` [A]: the marathon
    data are across runners, in whom the slow are also the less trained, while an ultra runner holds a
    fraction of its own CS for 10-30 h that the marathon fit would give to nobody (calibrated on
    Western States 2019, docs/model.md).
    """
    t = np.maximum(duration_s, 1.0)
    t_knee = np.minimum(t, knee_s)
    f = f_ref - slope * np.log(t_knee / t_ref_s) - slope_ultra * np.log(t / t_knee)
    return np.minimum(f, f_max)


@model_function
def time_to_exhaustion_s(fraction_cs, f_ref=0.93, slope=0.161, t_ref_s=9000.0, knee_s=math.inf, slope_ultra=0.161):
    """Inverse of :func:`sustainable_fraction`: how long a fraction of CS can be held [s] [A].

    ``T_lim(f) = 150 min · exp((0.93 - f) / 0.161)`` above the knee's fraction, ``knee · exp((F(knee) - f) /
    slope_ultra)`` below it. Used with Miner's rule: a runner accumulates fatigue ``dφ = dt / T_lim(f)``
    and is exhausted at φ = 1 (our assumption, MODEL.md §4.3).
    """
    if not knee_s < math.inf:
        return t_ref_s * np.exp((f_ref - fraction_cs) / slope)
    f_knee = f_ref - slope * math.log(knee_s / t_ref_s)
    above = t_ref_s * np.exp((f_ref - np.maximum(fraction_cs, f_knee)) / slope)     # = knee_s at f_knee
    return above * np.exp((f_knee - np.minimum(fraction_cs, f_knee)) / slope_ultra)


def riegel_time_s(time_s, distance_m, target_distance_m, exponent=1.06):
    """Equivalent time over ``target_distance_m`` by Riegel's law [s] [6]: ``t2 = t1 (d2/d1)^1.06``."""
    return time_s * (target_distance_m / distance_m) ** exponent


def critical_speed_from_marathon_m_s(marathon_time_s, **fraction_kwargs):
    """Critical speed implied by a marathon time [m/s]: ``CS = (42195 / T) / F(T)`` (MODEL.md §4.3)."""
    t = np.asanyarray(marathon_time_s, dtype=float)
    return MARATHON_M / t / sustainable_fraction(t, **fraction_kwargs)


@model_function
def d_prime_balance_m(d_prime_m, d_prime_max_m, effort_m_s, critical_speed_m_s, duration_s):
    """D′ after holding ``effort_m_s`` (a ``v_eq``) for ``duration_s`` [m] (MODEL.md §4.2) [2] [A].

    Above CS D′ drains linearly, ``dD′/dt = -(v_eq - CS)`` (floored at 0); below CS it refills as
    ``dD′/dt = (D′₀ - D′)(CS - v_eq)/D′₀``, whose solution over a constant effort is
    ``D′₀ - (D′₀ - D′) exp(-(CS - v_eq) t / D′₀)``. Worked example (MODEL.md): CS 6.10, D′ 300 m,
    400 m at 6.5 m/s spends 24.6 m; ten minutes at 5.78 m/s restores it to 287 m.
    """
    excess = effort_m_s - critical_speed_m_s
    drained = d_prime_m - excess * duration_s
    drained = 0.5 * (drained + abs(drained))  # floor at 0, operators only
    below = 0.5 * (excess - abs(excess))  # only the part below CS refills (and cannot overflow)
    refilled = d_prime_max_m - (d_prime_max_m - d_prime_m) * math.e ** (below * duration_s / d_prime_max_m)
    above = excess > 0
    return drained * above + refilled * (1 - above)


@model_function
def carbohydrate_fraction(intensity):
    """Share of energy from carbohydrate at relative intensity ``u = VO2/VO2max`` [-], Rapoport 2010 [4].

    ``F_CHO(u) = 0.73 u² + 0.25 u + 0.01``.
    """
    return (0.73 * intensity + 0.25) * intensity + 0.01


def glycogen_store_j(mass_kg, liver_fraction=0.025, liver_kcal_kg=360.0, muscle_fraction=0.214,
                     muscle_kcal_kg=80.0):
    """Carbohydrate available at the start [J], Rapoport 2010 [4] [S: constants].

    Liver 2.5 % of body mass at 360 kcal/kg plus leg muscle 21.4 % of body mass at 80 kcal/kg
    (≈ 1490 kcal for 57 kg).
    """
    return mass_kg * (liver_fraction * liver_kcal_kg + muscle_fraction * muscle_kcal_kg) * KCAL_J


def steepness_weighted_descent_m(descent_m, grade, reference_grade=0.15):
    """Descent weighted by steepness, ``drop · min(|i| / i_ref, 1)`` [m] [A].

    Eccentric load per step grows with the slope; Chen et al. 2007 [5] measured damage at -15 %,
    so a metre of descent counts fully at ``i_ref`` = 0.15 and proportionally less on gentler grades.
    """
    return descent_m * np.minimum(np.abs(grade) / reference_grade, 1.0)


@model_function
def eccentric_damage_factor(negative_work_j_kg, k_max=0.055, work_scale_j_kg=9806.65, resistance=0.0):
    """Multiplier ``k_damage`` on the cost of running from accumulated descent [-] (MODEL.md §4.4) [A].

    Chen, Nosaka & Tu 2007 [5]: 30 min at -15 % raised the cost of running 4-7 %. We let the factor
    rise towards ``1 + k_max`` with the negative vertical work ``W`` (``g`` times the
    steepness-weighted descent, per kg): ``k = 1 + k_max (1 - resistance) (1 - exp(-W / W_scale))``;
    the default scale is 1000 m of weighted descent. ``resistance`` in [0, 1] is a runner's
    adaptation to downhill running (Bontemps et al. 2020).
    """
    return 1.0 + k_max * (1.0 - resistance) * (1.0 - math.e ** (-negative_work_j_kg / work_scale_j_kg))
