"""Air density, heat stress and altitude (MODEL.md §2, §5).

References
----------
.. [1] WMO (2018). Guide to Instruments and Methods of Observation, Annex 4.B (Magnus formula).
.. [2] ICAO standard atmosphere, as in pvlib.atmosphere.alt2pres.
.. [3] Ely, M. R. et al. (2007). Impact of weather on marathon-running performance. Med Sci Sports
   Exerc 39:487-493. doi:10.1249/mss.0b013e31802d3aba
.. [4] Australian Bureau of Meteorology, "About the approximation to the WBGT" (ABM simplified
   WBGT for moderate sun and light wind): ``WBGT = 0.567 T + 0.393 e + 3.94``.
.. [5] Wehrlin, J. P. & Hallén, J. (2006). Linear decrease in VO2max and performance with increasing
   altitude in endurance athletes. Eur J Appl Physiol 96:404-412. doi:10.1007/s00421-005-0081-9
"""
import numpy as np

from sim.model.compiled import model_function

R_DRY_J_KG_K = 287.053
R_VAPOUR_J_KG_K = 461.5


def saturation_vapour_pressure_pa(temp_air_c):
    """Saturation vapour pressure over water [Pa], WMO Magnus form [1]: 6.112 exp(17.62T/(243.12+T)) hPa."""
    t = np.asanyarray(temp_air_c, dtype=float)
    return 611.2 * np.exp(17.62 * t / (243.12 + t))


def pressure_at_altitude_pa(altitude_m):
    """Air pressure at an altitude [Pa], standard atmosphere [2]: 100 ((44331.514 - h)/11880.516)^(1/0.1902632)."""
    h = np.asanyarray(altitude_m, dtype=float)
    return 100.0 * ((44331.514 - h) / 11880.516) ** (1.0 / 0.1902632)


def air_density_kg_m3(temp_air_c, relative_humidity=0.0, pressure_pa=101325.0):
    """Density of moist air [kg/m³]: ``ρ = p_d/(R_d T) + p_v/(R_v T)`` (MODEL.md §2).

    15 °C dry at sea level gives 1.225; 10 °C at 1800 m about 1.00.
    """
    t_k = np.asanyarray(temp_air_c, dtype=float) + 273.15
    p_v = relative_humidity * saturation_vapour_pressure_pa(temp_air_c)
    return (pressure_pa - p_v) / (R_DRY_J_KG_K * t_k) + p_v / (R_VAPOUR_J_KG_K * t_k)


def wbgt_estimate_c(temp_air_c, relative_humidity):
    """Wet-bulb globe temperature estimated from air temperature and humidity [°C] [4] [A].

    The ABM approximation assumes moderate sun and light wind; pass a measured WBGT where known.
    """
    e_hpa = relative_humidity * saturation_vapour_pressure_pa(temp_air_c) / 100.0
    return 0.567 * np.asanyarray(temp_air_c, dtype=float) + 0.393 * e_hpa + 3.94


@model_function
def heat_factor(wbgt_c, threshold_c=10.0, per_degree=0.0027, slowness=1.0):
    """Multiplier ``k_heat`` on metabolic power from heat stress [-] (MODEL.md §5) [A].

    Ely et al. 2007 [3]: elite men lose ≈ 0.18 % time per °C WBGT above ≈ 10 °C. A speed change is
    about ⅔ of the metabolic change at marathon speeds (Kipp et al. 2019), so the default is
    0.27 % metabolic power per °C. ``slowness`` scales it up for slower runners (Ely: slower
    runners lose more) [A]: pass e.g. ``(T_expected / T_elite)``.
    """
    excess = np.maximum(wbgt_c - threshold_c, 0.0)
    return 1.0 + per_degree * slowness * excess


@model_function
def altitude_cost_factor(elevation_m, threshold_m=1000.0, loss_per_km=0.063):
    """Multiplier on the relative cost of an effort at an elevation [-]: ``1 / (1 - loss (h - h0)⁺ / 1000)`` [A].

    Wehrlin & Hallén 2006 [5]: in endurance athletes VO2max falls linearly by 6.3 % per 1000 m of
    altitude (measured from 300 to 2800 m). A runner's critical speed, D′ and every effort scale with
    the aerobic power left, so running a given pace costs ``1 / f`` as much of it. Below the threshold
    ``h0`` nothing is lost [A: the default 1000 m, where performance effects are usually reported; the
    measurement starts at 300 m].
    """
    return 1.0 / (1.0 - loss_per_km * np.maximum(elevation_m - threshold_m, 0.0) / 1000.0)


STANDARD_LAPSE_RATE_C_PER_KM = 6.5   # ICAO standard atmosphere, troposphere [2]
WBGT_PER_AIR_C = 0.567               # dWBGT/dT of the ABM approximation at a fixed vapour pressure [4]


def wbgt_lapse_offset_c(elevation_m, reference_elevation_m, lapse_rate_c_per_km=STANDARD_LAPSE_RATE_C_PER_KM):
    """Change of WBGT at ``elevation_m`` against the weather's ``reference_elevation_m`` [°C] [2] [4] [A].

    The air cools by the lapse rate with height, ``ΔT = -Γ (h - h_ref) / 1000`` (Γ = 6.5 °C/km in the
    standard atmosphere [2]). WBGT follows it by the ABM approximation's temperature coefficient
    [4], ``ΔWBGT = 0.567 ΔT``: the vapour pressure is held at its reference value (the air's water
    content changes little over a few hundred metres), the sun and wind terms are left unchanged [A].
    A measured WBGT, which ``weather.wbgt_c`` moves 1:1 with the temperature over the day, is shifted
    by the same 0.567 ΔT with height (the natural wet bulb, 70 % of WBGT, falls less than the air
    when it cools at a fixed vapour pressure).
    """
    h = np.asanyarray(elevation_m, dtype=float)
    return -WBGT_PER_AIR_C * lapse_rate_c_per_km * (h - reference_elevation_m) / 1000.0
