"""Race rules as data: cut-offs on the course, medals by place and time band, start pens.

The checks that need the course (a cut-off beyond the finish) happen in :func:`cutoff_boundaries`;
the others are in :class:`~sim.config.RulesConfig`. Medals follow the Comrades model (see
scenarios/comrades/medal_bands.csv): the first ``top`` finishers of a sex get a place medal, then
everyone else gets the first time band (``from_s <= t < to_s``, gun time) that matches their sex.
"""
import numpy as np

from sim.errors import PacksimError


def cutoff_boundaries(cutoffs, course):
    """{boundary index: (name, race_time_s)} for the cut-offs, which must lie on the course."""
    out = {}
    for n, c in enumerate(cutoffs):
        if c.distance_m >= course.distance_m:
            raise PacksimError(f"config key 'rules.cutoffs[{n}].distance_m': {c.name!r} at {c.distance_m:.0f} m is "
                               f"at or beyond the finish ({course.distance_m:.0f} m); the finish limit is sim.time_limit_s")
        k = int(np.argmin(np.abs(course.boundary_m - c.distance_m)))
        out[k] = (c.name, float(c.race_time_s))
    return out


def assign_medals(medals, t_finish_s, sex, finished):
    """Medal name per runner ('' for none or a DNF), in field order."""
    n = len(t_finish_s)
    out = np.full(n, "", dtype=object)
    if not medals:
        return out
    t = np.where(finished, t_finish_s, np.inf)
    order = np.argsort(t, kind="stable")
    for m in medals:
        if m.top > 0:
            eligible = [i for i in order if finished[i] and out[i] == "" and (m.sex == "" or sex[i] == m.sex)]
            for i in eligible[:m.top]:
                out[i] = m.name
    for m in medals:
        if m.top == 0:
            hit = finished & (out == "") & (t >= m.from_s) & (t < m.to_s)
            if m.sex:
                hit &= sex == m.sex
            out[hit] = m.name
    return out


def pen_of(predicted_s, pens):
    """Pen index per runner: the fastest-predicted ``share`` of the field in pen 0, and so on."""
    n = len(predicted_s)
    if not pens:
        return np.zeros(n, dtype=int)
    rank = np.empty(n, dtype=int)
    rank[np.argsort(predicted_s, kind="stable")] = np.arange(n)
    edges = np.rint(np.cumsum([p.share for p in pens]) * n)   # whole runners: no off-by-one from rounding
    return np.minimum(np.searchsorted(edges, rank, side="right"), len(pens) - 1)


def start_line_times_s(predicted_s, pen, rate_per_s):
    """When each runner crosses the start line [s after the gun]: pens in order, fastest first within a pen.

    The field walks forward at ``rate_per_s`` runners per second through the line [A].
    """
    n = len(predicted_s)
    queue = np.lexsort((predicted_s, pen))
    t = np.empty(n)
    t[queue] = np.arange(n) / rate_per_s
    return t


def crowd_only_keys(cfg):
    """The config keys in use that only the crowd engine models (empty when none are)."""
    used = []
    if cfg.rules.cutoffs:
        used.append("rules.cutoffs")
    if cfg.rules.medals:
        used.append("rules.medals")
    if cfg.rules.pens:
        used.append("rules.pens")
    if cfg.goals.enabled:
        used.append("goals")
    if cfg.physiology.fuelling.aid_station_every_m > 0:
        used.append("physiology.fuelling.aid_station_every_m")
    return used


def crowd_runners_only_keys(cfg):
    """The config keys in use that only the per-runner scheduler of a mass race models (``sim.engine=crowd``,
    ``sim.crowd_scheduler=runners``): time at aid stations and giving up (empty when none are)."""
    phys, rules = cfg.physiology, cfg.rules
    keys = [f"physiology.{k}" for k in ("dropout_hazard_per_h", "dropout_damage_weight", "dropout_heat_weight",
                                        "dropout_fatigue_weight") if getattr(phys, k) > 0]
    keys += [f"rules.{k}" for k in ("aid_dwell_s", "aid_dwell_per_hour_s", "aid_dwell_per_fatigue_s")
             if getattr(rules, k) > 0]
    return keys


def require_cohort_support(cfg):
    """A one-line error when a config for the cohort scheduler uses what only the per-runner one models."""
    used = crowd_runners_only_keys(cfg)
    if used:
        raise PacksimError(f"{', '.join(used)}: modelled by the per-runner scheduler of a mass race only; set "
                           "sim.crowd_scheduler=runners (or set them to 0)")


def require_runner_engine_support(cfg):
    """A one-line error when a config for the per-runner engine uses what only the crowd engine models."""
    if cfg.sim.engine == "crowd":
        raise PacksimError("sim.engine: this command runs the per-runner engine; a crowd-engine race runs with "
                           "python -m sim (one race per job: sweep seeds with -m)")
    used = crowd_only_keys(cfg)
    if used:
        raise PacksimError(f"{', '.join(used)}: modelled by the crowd engine only; set sim.engine=crowd "
                           "(or remove them for the per-runner engine)")
    used = crowd_runners_only_keys(cfg)
    if used:
        raise PacksimError(f"{', '.join(used)}: modelled for a mass race only; set sim.engine=crowd "
                           "sim.crowd_scheduler=runners (or set them to 0 for the per-runner engine)")
