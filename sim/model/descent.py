"""How fast a runner can go down: a speed cap by gradient and surface, times a descending skill (issue 9).

Going down, the metabolic cost falls (Minetti 2002) but the speed a runner dares is limited by the
terrain and by skill: on steep, rough descents runners differ most in descending pace, and the
better descenders finish faster (Kay 2014 [1]); in trail ultramarathons the downhill sections
separate the top finishers from the rest (Genitrini et al. 2022 [2]). No source gives the cap as a
function of gradient and surface; its form and constants are our assumption [A], each a config key.

References
----------
.. [1] Kay, A. (2014). Importance of descending skill for performance in fell races: a statistical
   analysis of race results. J Quant Anal Sports 10:149-162. doi:10.1515/jqas-2013-0075
.. [2] Genitrini, M., Fritz, J., Zimmermann, G. & Schwameder, H. (2022). Downhill sections are crucial
   for performance in trail running ultramarathons: a pacing strategy analysis. J Funct Morphol
   Kinesiol 7:103. doi:10.3390/jfmk7040103
"""
import numpy as np

from sim.model.compiled import model_function

CAP_FLOOR_FRACTION = 0.25   # the cap never falls below this share of the surface's cap (a careful jog down) [A]


def descent_speed_cap_m_s(grade, surface_cap_m_s, critical_grade=0.10, loss_per_grade=2.5):
    """Fastest speed down a gradient on a surface, for a runner of descending skill 1 [m/s] [A].

    ``v_max = v_s · max(0.25, 1 - loss · (-i - i_c)⁺)`` on a descent (``i < 0``), +inf elsewhere:
    ``v_s`` the surface's cap (``physiology.descent_speed_max_m_s``, +inf on road), flat to the
    critical grade ``i_c`` and falling by ``loss`` per unit of grade beyond it (a -30 % trail at the
    defaults: 6.0 · (1 - 2.5 · 0.2) = 3.0 m/s). Arrays in, array out.
    """
    i = np.asanyarray(grade, dtype=float)
    steep = np.maximum(-i - critical_grade, 0.0)
    cap = np.asanyarray(surface_cap_m_s, dtype=float) * np.maximum(CAP_FLOOR_FRACTION, 1.0 - loss_per_grade * steep)
    return np.where(i < 0.0, cap, np.inf)


def descending_skill(z, cv):
    """Each runner's descending factor from a standard normal draw ``z`` [-] [1] [A].

    A mean-preserving lognormal: ``exp(σ z - σ²/2)``, ``σ² = ln(1 + cv²)`` (mean 1, coefficient of
    variation ``cv``; ``field.descent_skill_cv``). Kay 2014 measured the spread of descending pace
    relative to climbing pace within fell races, larger on steeper and rougher courses [1].
    """
    sigma = np.sqrt(np.log1p(cv * cv))
    return np.exp(sigma * np.asanyarray(z, dtype=float) - 0.5 * sigma * sigma)


@model_function
def capped_descent_speed_m_s(speed_m_s, cap_m_s, skill, dark, dark_factor):
    """The speed a runner moves at under the segment's descent cap: ``min(v, cap · skill · (dark ? f : 1))`` [m/s].

    In the dark off-road a headlamp's narrow view slows the descent by ``dark_factor``
    (``physiology.descent_dark_factor``) [A]; the segment table holds +inf on roads and climbs, so
    there the speed passes unchanged.
    """
    limit = cap_m_s * skill
    if dark:
        limit *= dark_factor
    return min(speed_m_s, limit)
