"""The trail figure: the elevation profile, and when the field reaches each aid station.

Top: elevation against distance with every station named. Bottom: the finishers' arrival at each
station as time after the gun (10th, 50th and 90th percentile; sim as a line and band, the real race
as markers where the scenario has one), the stations' cut-offs, and the nights (civil dusk to dawn,
``sim/inputs/daylight.py``) shaded across the time axis, so a curve inside a band is the field running
in the dark. Arrival times are read off the run's splits (checkpoints every ``course.checkpoint_every_m``),
linear between the two checkpoints around a station.
"""
from dataclasses import replace

import numpy as np

from sim.outputs.plots import plt, time_axis

PERCENTILES = (10, 50, 90)
NAME_GAP_PX = 15.0          # station names closer than this (rotated text's height) are left out
REAL_MIN_SHARE = 0.5        # real percentiles from fewer than half the finishers (stations rarely timed) are not drawn


def station_arrivals_s(checkpoint_m, split_times_s, station_m):
    """Gun time of every runner at every station (runners x stations), linear between checkpoints.

    The gun (distance 0, time 0) is the first point; NaN where the runner did not reach the checkpoint after
    the station. ``split_times_s`` is runners x checkpoints (gun time, NaN = not reached).
    """
    d = np.concatenate([[0.0], np.asarray(checkpoint_m, dtype=float)])
    t = np.concatenate([np.zeros((split_times_s.shape[0], 1)), np.asarray(split_times_s, dtype=float)], axis=1)
    s = np.asarray(station_m, dtype=float)
    b = np.clip(np.searchsorted(d, s, side="left"), 1, len(d) - 1)     # first checkpoint at or after the station
    a = b - 1
    w = np.where(d[b] > d[a], (s - d[a]) / (d[b] - d[a]), 1.0)
    return t[:, a] + (t[:, b] - t[:, a]) * w


def arrival_percentiles_s(arrivals_s, finished, q=PERCENTILES):
    """Percentiles ``q`` of the finishers' arrival times at each station (len(q) x stations; NaN if none)."""
    x = arrivals_s[np.asarray(finished, dtype=bool)]
    out = np.full((len(q), x.shape[1]), np.nan)
    for k in range(x.shape[1]):
        v = x[:, k][np.isfinite(x[:, k])]
        if v.size:
            out[:, k] = np.percentile(v, q)
    return out


def read_real_station_percentiles(path):
    """{station name: (p10_s, p50_s, p90_s)} of a real race's percentile table (``station, n, p10_h, p50_h,
    p90_h``: scenarios/western_states_2019/wser_2019_split_percentiles.csv), leaving out stations timed for
    fewer than :data:`REAL_MIN_SHARE` of the best-timed one's runners (one line on error)."""
    import pandas as pd

    from sim.errors import PacksimError
    from sim.inputs.paths import resolve_path
    p = resolve_path(path, "real_station_percentiles")
    try:
        df = pd.read_csv(p, comment="#")
        df = df[["station", "n", "p10_h", "p50_h", "p90_h"]]
    except (KeyError, ValueError):
        raise PacksimError(f"real_station_percentiles: {p}: needs columns station, n, p10_h, p50_h, p90_h") from None
    except Exception as exc:
        raise PacksimError(f"real_station_percentiles: {p}: not a readable CSV ({str(exc).splitlines()[0]})") from None
    keep = df[df["n"] >= REAL_MIN_SHARE * df["n"].max()]
    return {row.station: (row.p10_h * 3600.0, row.p50_h * 3600.0, row.p90_h * 3600.0) for row in keep.itertuples()}


def _station_names(fig, ax, station_km, names):
    """Names of the stations between start and finish, vertical, under the top of ``ax``; one too close to
    the last named (or to the finish) is left out."""
    fig.draw_without_rendering()
    lo_px, hi_px = ax.bbox.x0, ax.bbox.x1
    last_px = lo_px
    for km, name in zip(station_km, names):
        px = ax.transData.transform((km, 0.0))[0]
        if px - last_px < NAME_GAP_PX or hi_px - px < NAME_GAP_PX:
            continue
        last_px = px
        ax.annotate(name, (km, 0.98), xycoords=("data", "axes fraction"), rotation=90, ha="center", va="top",
                    fontsize=6.5, color="0.25")


def trail_figure(course, stations, sim_percentiles_s, real_percentiles_s=None, nights_s=(), title=None):
    """The figure (see module docstring).

    Parameters
    ----------
    course : Course
        For the elevation profile.
    stations : list of AidStation
        Placed on the course (``sim.inputs.stations.place_stations``), in order.
    sim_percentiles_s : array (3, stations)
        The field's 10th/50th/90th percentile arrival [s after the gun] (:func:`arrival_percentiles_s`).
    real_percentiles_s : dict, optional
        {station name: (p10_s, p50_s, p90_s)} of the real race (:func:`read_real_station_percentiles`).
    nights_s : sequence of (start_s, end_s)
        Dark intervals after the gun (``Daylight.nights_s``); empty = not shaded.
    """
    km = np.array([s.distance_m for s in stations]) / 1000.0
    fig, (top, ax) = plt.subplots(2, 1, figsize=(11.0, 7.5), sharex=True, height_ratios=(1.0, 1.6))
    profile_km = course.boundary_m / 1000.0
    z = course.elevation_m
    top.fill_between(profile_km, z, z.min() - 50.0, color="0.85", lw=0)
    top.plot(profile_km, z, color="0.3", lw=0.8)
    for x in km:
        top.axvline(x, color="0.6", lw=0.5, ls=":")
    top.set_ylim(z.min() - 50.0, z.max() + 0.9 * (z.max() - z.min()))   # room for the names above the profile
    top.set_yticks([t for t in top.get_yticks() if z.min() - 50.0 <= t <= z.max()])
    top.set_ylabel("elevation [m]")
    top.set_xlim(0.0, profile_km[-1])
    top.set_title(title or f"{course.name}: elevation and the finishers' arrival at each aid station", fontsize=10)
    for a, b in nights_s:
        ax.axhspan(a, b, color="#1f2a44", alpha=0.13, lw=0)
    if len(nights_s):
        ax.fill_between([], [], color="#1f2a44", alpha=0.13, lw=0, label="night (civil dusk to dawn)")
    p10, p50, p90 = sim_percentiles_s
    ax.fill_between(km, p10, p90, color="#4c72b0", alpha=0.25, lw=0, label="simulated, 10th to 90th percentile")
    ax.plot(km, p50, color="#4c72b0", lw=1.5, marker="o", ms=3, label="simulated median")
    if real_percentiles_s:
        real = [(x, real_percentiles_s[s.name]) for x, s in zip(km, stations) if s.name in real_percentiles_s]
        if real:
            rx = np.array([x for x, _ in real])
            rq = np.array([q for _, q in real])
            ax.errorbar(rx, rq[:, 1], yerr=[rq[:, 1] - rq[:, 0], rq[:, 2] - rq[:, 1]], fmt="s", ms=3.5,
                        color="#dd8452", ecolor="#dd8452", elinewidth=1.0, capsize=2,
                        label="real race: median, 10th to 90th percentile")
    cut = [(x, s.cutoff_elapsed_s) for x, s in zip(km, stations) if np.isfinite(s.cutoff_elapsed_s) and s.cutoff_elapsed_s > 0]
    if cut:
        ax.plot([x for x, _ in cut], [c for _, c in cut], ls="none", marker="_", ms=10, mew=2, color="#c44e52",
                label="cut-off at the station")
    values = [v for v in np.ravel(sim_percentiles_s) if np.isfinite(v)] + [c for _, c in cut]
    if real_percentiles_s:
        values += [v for q in real_percentiles_s.values() for v in q]
    top_s = 1.05 * max(values) if values else 3600.0
    ax.set_ylim(0.0, top_s)
    unit = time_axis(ax.yaxis, 0.0, top_s, max_ticks=10)
    ax.set_ylabel(f"time after the gun [{unit}]")
    ax.set_xlabel("distance [km]")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    _station_names(fig, top, km, [s.name for s in stations])
    return fig


def trail_result_figure(r, cfg):
    """The trail figure of a crowd-engine result ``r`` for ``cfg`` (stations from ``rules.stations``)."""
    from sim.inputs.daylight import build_daylight
    from sim.inputs.stations import load_stations
    stations = load_stations(cfg, r.course.distance_m)
    if stations and stations[-1].distance_m >= r.course.distance_m - 1.0:   # the finish closes at sim.time_limit_s
        stations[-1] = replace(stations[-1], cutoff_elapsed_s=float(cfg.sim.time_limit_s))
    arrivals = station_arrivals_s(r.course.checkpoint_m, r.split_times_s, [s.distance_m for s in stations])
    pct = arrival_percentiles_s(arrivals, np.asarray(r.status) == "finished")
    real = read_real_station_percentiles(cfg.real_station_percentiles) if cfg.real_station_percentiles else None
    daylight = build_daylight(cfg)
    nights = daylight.nights_s(cfg.sim.time_limit_s) if daylight else ()
    return trail_figure(r.course, stations, pct, real, nights)


def plot_trail(r, cfg, path):
    """Write the trail figure of a crowd-engine result to ``path`` (trail.png); returns the path."""
    from sim.outputs.plots import save_png
    return save_png(trail_result_figure(r, cfg), path)
