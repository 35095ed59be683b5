"""The tactic's efforts: what a runner runs when leading or alone, in a surge, and in its kick.

These are the rules of :mod:`sim.inputs.tactics` as numbers (MODEL.md §7, README "Tactics"); the
tactic kinds are coded as small integers so that the compiled kernel can branch on them.
"""
from sim.model.compiled import model_function

EVEN, SIT, FRONT_RUN, SURGE, KICK = 0, 1, 2, 3, 4
KIND_CODE = {"even": EVEN, "sit": SIT, "front_run": FRONT_RUN, "surge": SURGE, "kick": KICK}


@model_function
def in_surge(x_m, surge_at_m, surge_length_m):
    """True while ``x_m`` lies inside one of the surge windows ``[a, a + surge_length_m)``."""
    for a in surge_at_m:
        if a <= x_m < a + surge_length_m:
            return True
    return False


@model_function
def lead_effort_m_s(kind, affordable_m_s, planned_m_s, lead_factor, target_m_s, hold_tolerance, surging, surge_lift):
    """Effort [m/s, v_eq] when leading or alone, before physiological caps [A].

    A front-runner aims at a fixed target (``target_m_s`` if > 0, else ``lead_factor`` x the effort
    planned at the start) but pushes at most ``hold_tolerance`` above what it can still afford, so it
    fades as its fatigue grows; a surging runner lifts the affordable effort by ``surge_lift``; the
    other kinds scale it by ``lead_factor``.
    """
    if kind == FRONT_RUN:
        target = target_m_s if target_m_s > 0 else planned_m_s * lead_factor
        limit = affordable_m_s * (1.0 + hold_tolerance)
        return target if target < limit else limit
    if surging:
        return affordable_m_s * (1.0 + surge_lift)
    return affordable_m_s * lead_factor


@model_function
def kick_effort_m_s(critical_speed_m_s, d_prime_m, distance_left_m, cap_m_s):
    """The effort that empties D′ exactly at the finish [m/s]: ``CS / (1 - D′/d)``, or the cap if D′ exceeds d.

    From the D′ balance (MODEL.md §4.2): holding ``v`` above CS over ``d`` metres spends
    ``(v - CS) d / v`` of D′.
    """
    if distance_left_m > d_prime_m:
        return critical_speed_m_s / (1.0 - d_prime_m / distance_left_m)
    return cap_m_s
