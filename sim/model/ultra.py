"""What an ultra adds to a race day: time at aid stations, giving up, and walking in single file.

Each is one small function the per-runner scheduler of a mass race calls at a boundary
(:mod:`sim.engine.crowd_boundary`); all their constants are assumptions [A] exposed as config keys,
except the single-file spacing, which is measured.

References
----------
.. [1] Seyfried, A., Steffen, B., Klingsch, W. & Boltes, M. (2005). The fundamental diagram of
   pedestrian movement revisited. J Stat Mech P10002. doi:10.1088/1742-5468/2005/10/P10002
   (single-file walking: the space a pedestrian needs grows linearly with speed, ``d = 0.36 m + 1.06 s · v``).
.. [2] Hoffman, M. D. & Fogard, K. (2011). Factors related to successful completion of a 161-km ultramarathon.
   Int J Sports Physiol Perform 6:25-37. doi:10.1123/ijspp.6.1.25 (Western States: nausea/vomiting,
   leg pain and heat are the reasons given for not finishing).
"""
from sim.model.compiled import model_function


@model_function
def aid_dwell_s(t_race_s, phi, base_s, per_hour_s, per_fatigue_s):
    """Time spent at an aid station [s]: ``base + per_hour · t_race / 3600 + per_fatigue · φ`` [A].

    Refilling, eating, a crew, night gear: the later in the race and the more tired a runner is, the
    longer it stays. The three constants are assumptions (``rules.aid_dwell_s``,
    ``rules.aid_dwell_per_hour_s``, ``rules.aid_dwell_per_fatigue_s``), calibrated on Western States
    2019 (docs/model.md).
    """
    return base_s + per_hour_s * t_race_s / 3600.0 + per_fatigue_s * phi


@model_function
def dropout_hazard_per_s(base_per_h, k_damage, k_heat, phi, damage_weight, heat_weight, fatigue_weight):
    """Rate of giving up for reasons other than a cut-off [1/s] [A].

    ``h = h0 · (1 + w_d (k_damage - 1) + w_h (k_heat - 1) + w_φ φ)``: a base rate per hour on the
    course (stomach, injury, the ones a model cannot see) raised by leg damage (eccentric,
    :func:`sim.model.physiology.eccentric_damage_factor`), heat stress
    (:func:`sim.model.environment.heat_factor`) and fatigue, the reasons Western States starters give
    for not finishing (Hoffman & Fogard 2011 [2]). A runner gives up at the first aid station where
    its accumulated hazard exceeds a tolerance drawn once (exponential, mean 1), so the number who give up
    over a race follows ``1 - exp(-∫h dt)``. Keys ``physiology.dropout_*``; calibrated on Western States 2019.
    """
    lift = 1.0 + damage_weight * (k_damage - 1.0) + heat_weight * (k_heat - 1.0) + fatigue_weight * phi
    return base_per_h / 3600.0 * lift


@model_function
def single_file_headway_s(v_m_s, spacing_m, spacing_s_per_m_s):
    """Least time between two runners in single file passing a point at ``v_m_s`` [s].

    Seyfried et al. 2005 [1]: a pedestrian walking in single file at speed ``v`` keeps
    ``d = a + b v`` to the one ahead (``a`` = 0.36 m, ``b`` = 1.06 s, keys ``course.spacing_m`` and
    ``course.spacing_s_per_m_s``); the time headway is ``d / v = a / v + b``. On a climb at 1 m/s
    that is 1.4 s: a single track passes at most ≈ 2,500 runners an hour.
    """
    return spacing_m / max(v_m_s, 0.1) + spacing_s_per_m_s
