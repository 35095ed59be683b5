"""Goal pacing and pacing buses: runners who race the clock rather than each other.

In a mass ultra most runners pace for a target (a medal limit, a round hour, or just the cut-off),
which is why the real finish histogram piles up just before those limits (Comrades 2018: 36 % of
finishers in the last hour). The model, every knob [A] in ``goals`` (README "Comrades"):

* **Choosing a target.** A runner judges its ability with an error (``prediction_cv``, lognormal
  around the course prediction of :mod:`sim.inputs.crowd_field`) and aims for the first target no more
  than ``ambition`` faster than that; ``share_pacing`` of the field paces this way, the rest run their
  own race, and so does a runner whose next target is more than ``max_slack`` slower than its
  prediction (the elites race for places, not for a medal limit). Each aims to beat its target by a
  margin between ``buffer_s_min`` and ``buffer_s_max``, drawn from a triangular distribution that is
  most likely at ``buffer_s_min`` (more runners cut it fine than bank time): so finishes ramp up
  toward a limit rather than jump.
* **Pacing for it.** At each boundary the runner works out the effort that gets it to the finish at
  ``target - margin``: the grade-adjusted distance left over the time left, times its own running
  ratio of actual to ideal time so far (which learns heat, damage and walking breaks as the day goes).
  Ahead of schedule it eases to that effort (never above what it can afford); behind it pushes up to
  ``push`` above what it can afford.
* **Giving up a target.** When even its affordable effort would finish more than ``give_up_margin``
  past the target, the runner aims for the next target instead (an event ``goal``).
* **Buses.** A bus is driven to beat a target by ``finish_before_s`` at an even grade-adjusted pace
  from the moment its pen crosses the start line. A runner with the same target within
  ``bus_join_window_s`` of it joins, runs at its pace sheltered by the crowd around it
  (``bus_shelter``), and drops off when that pace costs more than ``bus_hold_tolerance`` above what it
  can afford (events ``bus_join`` / ``bus_drop``).
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class Goals:
    """Per-runner goal state (arrays, index = runner) and the buses' timetables."""
    target_s: np.ndarray        # current target (gun time); inf = none
    margin_s: np.ndarray        # aims to finish this much before the target
    pacing: np.ndarray          # bool: paces for a target at all
    targets_s: np.ndarray       # the ladder of targets, ascending
    bus_target_s: np.ndarray    # per bus
    bus_times_s: np.ndarray     # buses x boundaries: the bus's timetable (gun time)


def next_targets_s(targets_s, times_s):
    """The first target at or after each time; the last target (the limit) for times beyond it."""
    ladder = np.asarray(targets_s, dtype=float)
    i = np.searchsorted(ladder, times_s, side="left")
    return ladder[np.minimum(i, ladder.size - 1)]


def bus_timetables_s(buses, course_cum_eq_m, t_start_s):
    """Gun time of each bus at each boundary: even grade-adjusted pace from ``t_start_s`` to target - margin."""
    frac = course_cum_eq_m / course_cum_eq_m[-1]
    rows = [t0 + (b.target_s - b.finish_before_s - t0) * frac for b, t0 in zip(buses, t_start_s)]
    return np.array(rows) if rows else np.zeros((0, len(course_cum_eq_m)))


def build_goals(cfg_goals, predicted_s, t_line_s, course_cum_eq_m, rng):
    """Targets, margins and bus timetables for a field; draws from ``rng`` in a fixed order."""
    n = len(predicted_s)
    u_pacing = rng.random(n)
    u_margin = rng.random(n)
    if not cfg_goals.enabled or not cfg_goals.targets_s:
        return Goals(np.full(n, np.inf), np.zeros(n), np.zeros(n, dtype=bool), np.zeros(0), np.zeros(0),
                     np.zeros((0, len(course_cum_eq_m))))
    ladder = np.asarray(cfg_goals.targets_s, dtype=float)
    buses = sorted(cfg_goals.buses, key=lambda b: b.target_s)
    perceived = predicted_s * np.exp(cfg_goals.prediction_cv * rng.standard_normal(n))
    target = next_targets_s(ladder, perceived * (1.0 - cfg_goals.ambition))
    pacing = (u_pacing < cfg_goals.share_pacing) & (target <= perceived * (1.0 + cfg_goals.max_slack))
    # triangular, most likely at buffer_s_min: runners cut it fine more often than they bank time [A]
    margin = cfg_goals.buffer_s_min + (cfg_goals.buffer_s_max - cfg_goals.buffer_s_min) * (1.0 - np.sqrt(u_margin))
    # a bus leaves when the runners aiming for its target cross the start line (their median)
    starts = []
    for b in buses:
        riders = np.abs(target - b.target_s) < 1.0
        starts.append(float(np.median(t_line_s[riders])) if riders.any() else float(np.median(t_line_s)))
    timetable = bus_timetables_s(buses, course_cum_eq_m, starts)
    return Goals(target, margin, pacing, ladder, np.array([b.target_s for b in buses]), timetable)
