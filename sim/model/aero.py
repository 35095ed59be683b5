"""Air drag, wind at runner height, and drafting shelter (MODEL.md §2-§3).

References
----------
.. [1] Pugh, L. G. C. E. (1971). The influence of wind resistance in running and walking and the
   mechanical efficiency of work against horizontal or vertical forces. J Physiol 213:255-276.
   doi:10.1113/jphysiol.1971.sp009381
.. [2] Du Bois, D. & Du Bois, E. F. (1916). A formula to estimate the approximate surface area if
   height and weight be known. Arch Intern Med 17:863-871.
.. [3] GoldenCheetah issue #3898: only the along-travel component of the apparent-wind drag costs.
.. [4] Schickhofer, L. & Hanson, H. (2021). Aerodynamic effects and performance improvements of
   running in drafting formations. J Biomech 122:110457. doi:10.1016/j.jbiomech.2021.110457
"""
import math

import numpy as np

from sim.model.compiled import model_function


def body_surface_area_m2(height_m, mass_kg):
    """Body surface area [m²], Du Bois & Du Bois 1916 [2]: ``0.2025 H^0.725 m^0.425`` (H in m)."""
    return 0.2025 * height_m ** 0.725 * mass_kg ** 0.425


def frontal_area_m2(height_m, mass_kg):
    """Projected frontal area of a runner [m²], Pugh 1971 [1]: ``A_p = 0.266 BSA``."""
    return 0.266 * body_surface_area_m2(height_m, mass_kg)


@model_function
def drag_force_n(speed_m_s, wind_fwd_m_s, air_density_kg_m3, cda_m2, shelter=1.0, wind_cross_m_s=0.0):
    """Aerodynamic drag along the direction of travel [N] (MODEL.md §2).

    ``F = ½ ρ CdA |V_app| (v + w_fwd) · shelter`` with apparent wind ``V_app = (w_cross, v + w_fwd)``:
    the drag acts along the apparent wind and only its along-travel component costs [3]. Without a
    crosswind this is ``½ ρ CdA (v + w)|v + w|``, negative (assisting) when a tailwind outruns the runner.
    ``w_fwd > 0`` is a headwind.
    """
    v_rel = speed_m_s + wind_fwd_m_s
    v_app = (v_rel * v_rel + wind_cross_m_s * wind_cross_m_s) ** 0.5
    return 0.5 * air_density_kg_m3 * cda_m2 * v_app * v_rel * shelter


def wind_at_height_m_s(wind_ref_m_s, height_m=1.5, ref_height_m=10.0, shear_exponent=0.16):
    """Wind speed at ``height_m`` from the reference-height wind, power law (MODEL.md §2) [S].

    ``w(h) = w_ref (h / h_ref)^α``; α = 0.16 open terrain, 0.30 suburban, 0.40 city centre.
    """
    return wind_ref_m_s * (height_m / ref_height_m) ** shear_exponent


def wind_components_m_s(wind_speed_m_s, wind_from_deg, heading_deg):
    """Head (+) / tail (-) and cross components of the wind for a runner heading ``heading_deg``.

    ``wind_from_deg`` is the meteorological direction the wind blows *from* (0 = north, 90 = east);
    ``heading_deg`` the compass direction of travel. A wind from straight ahead is a headwind:
    ``w_fwd = w cos(from - heading)``, ``w_cross = w sin(from - heading)``.
    """
    rel = np.radians(np.asanyarray(wind_from_deg) - np.asanyarray(heading_deg))
    return wind_speed_m_s * np.cos(rel), wind_speed_m_s * np.sin(rel)


@model_function
def _at_least(x, lower):
    """max(x, lower) with operators only, so floats stay floats and arrays stay arrays."""
    return lower + 0.5 * ((x - lower) + abs(x - lower))


@model_function
def shelter_factor(gap_m, lateral_m=0.0, s0=0.6, decay_m=2.0, lateral_sigma_m=0.6, min_gap_m=1.0):
    """Fraction of solo drag felt ``gap_m`` behind and ``lateral_m`` beside a runner ahead [-].

    Our model [A] (MODEL.md §3; every constant a config parameter), bounded by the measurements of
    Pugh 1971 (≈ -80 % at 1 m), Li et al. 2025 (-67 %) and Schickhofer & Hanson 2021 [4]:
    ``shelter = 1 - s0 · exp(-(d - 1)/λ) · exp(-(y/σ)²)`` with ``d = max(gap, min_gap)``.
    """
    d = _at_least(gap_m, min_gap_m)
    return 1.0 - s0 * math.e ** (-(d - min_gap_m) / decay_m - (lateral_m / lateral_sigma_m) ** 2)


@model_function
def wake_offset_m(gap_m, speed_m_s, wind_fwd_m_s, wind_cross_m_s):
    """Lateral drift of the sheltered spot behind a runner in a crosswind [m] [A].

    The wake trails along the apparent wind, so ``gap_m`` behind the runner ahead it has moved
    sideways by ``gap · w_cross / (v + w_fwd)`` (MODEL.md §3: "use the apparent-wind angle to offset y").
    The along-travel apparent wind is floored at 0.5 m/s (a tailwind as fast as the runner leaves
    no defined wake direction).
    """
    return gap_m * wind_cross_m_s / _at_least(speed_m_s + wind_fwd_m_s, 0.5)
