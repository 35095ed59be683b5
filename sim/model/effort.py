"""Effort and speed: metabolic power on a segment, and the speed a given power buys.

An *effort* is expressed as ``v_eq`` [m/s], the flat, still-air, solo speed at sea-level reference
density with the same metabolic power (MODEL.md §4.2), so critical speed and D′ keep speed units.
The solvers run a fixed number of Newton steps (no data-dependent branches), so the same code
serves Python floats in the event loop and numpy arrays in tests and plots.
"""
from sim.model.aero import drag_force_n
from sim.model.compiled import model_function
from sim.model.energetics import (
    DRAG_PENALTY_PER_BODYWEIGHT,
    G_M_S2,
    metabolic_power_w_kg,
)

NEWTON_STEPS = 6
WARM_STEPS = 3  # Newton steps from the previous speed: 1e-9 relative, half the cost of a cold start


def drag_coefficient_per_speed2(air_density_kg_m3, cda_m2, mass_kg, shelter=1.0,
                                penalty_per_bodyweight=DRAG_PENALTY_PER_BODYWEIGHT):
    """``a`` in ``P = v C k (1 + a (v + w)|V_app|)`` [s²/m²]: ``a = 6.13 · ½ρ CdA · shelter / (m g)``."""
    return penalty_per_bodyweight * 0.5 * air_density_kg_m3 * cda_m2 * shelter / (mass_kg * G_M_S2)


@model_function
def segment_power_w_kg(speed_m_s, cost_j_kg_m, air_density_kg_m3, cda_m2, mass_kg, wind_fwd_m_s=0.0,
                       wind_cross_m_s=0.0, shelter=1.0, k_heat=1.0, k_damage=1.0,
                       penalty_per_bodyweight=DRAG_PENALTY_PER_BODYWEIGHT):
    """Metabolic power [W/kg] running at ``speed_m_s`` on a segment (MODEL.md §1-§2)."""
    force = drag_force_n(speed_m_s, wind_fwd_m_s, air_density_kg_m3, cda_m2, shelter, wind_cross_m_s)
    return metabolic_power_w_kg(speed_m_s, cost_j_kg_m, force, mass_kg, k_heat, k_damage, penalty_per_bodyweight)


@model_function
def speed_for_power_m_s(power_w_kg, cost_j_kg_m, drag_a, wind_fwd_m_s=0.0, wind_cross_m_s=0.0, k=1.0,
                        guess_m_s=None, steps=NEWTON_STEPS):
    """Speed [m/s] at which ``segment_power_w_kg`` equals ``power_w_kg`` (Newton on the cubic).

    Solves ``v (1 + a (v + w) |V_app|) = P / (C k)`` with ``|V_app| = sqrt((v + w)² + w_c²)`` and
    ``a`` from :func:`drag_coefficient_per_speed2` (shelter included). Faster effort never gives a
    slower speed: the left side increases with v for any realistic wind. With a good ``guess_m_s``
    (the previous segment's speed) three ``steps`` reach 1e-9 relative accuracy.
    """
    q = power_w_kg / (cost_j_kg_m * k)
    v = q if guess_m_s is None else guess_m_s
    cross2 = wind_cross_m_s * wind_cross_m_s
    for _ in range(steps):
        rel = v + wind_fwd_m_s
        rel2 = rel * rel
        app = (rel2 + cross2 + 1e-12) ** 0.5
        lhs = 1.0 + drag_a * rel * app
        v = v - (v * lhs - q) / (lhs + v * drag_a * (app + rel2 / app))
    return v


@model_function
def flat_power_w_kg(effort_m_s, cost_flat_j_kg_m, drag_a_ref):
    """Metabolic power [W/kg] of an effort ``v_eq``: flat, still air, solo: ``v C0 (1 + a v²)``."""
    return effort_m_s * cost_flat_j_kg_m * (1.0 + drag_a_ref * effort_m_s * effort_m_s)


@model_function
def effort_for_power_m_s(power_w_kg, cost_flat_j_kg_m, drag_a_ref):
    """The effort ``v_eq`` [m/s] of a metabolic power: inverse of :func:`flat_power_w_kg`."""
    q = power_w_kg / cost_flat_j_kg_m
    a3 = 3.0 * drag_a_ref
    v = q / (1.0 + drag_a_ref * q * q)
    for _ in range(NEWTON_STEPS - 2):
        v = v - (v + drag_a_ref * v * v * v - q) / (1.0 + a3 * v * v)
    return v
