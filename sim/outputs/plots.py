"""Figures from a finished race: ``race.png`` (gaps, packs, focal runners) and ``course.png`` (profile, wind).

Both functions write one PNG and close their figure. The bytes depend only on the data: matplotlib's
PNG writer stamps nothing but a ``Software`` version string, which is dropped, so reruns compare equal.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from sim.records import hms  # noqa: E402

PNG_METADATA = {"Software": None}
DPI = 120
GAP_CAP_S = 900.0        # the gap axis never runs past 15 min, so the front of the race stays readable
FOCAL_COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def compass(bearing_deg):
    """The nearest of the eight compass points to ``bearing_deg``."""
    return COMPASS[int(round(bearing_deg % 360.0 / 45.0)) % 8]


def gap_behind_leader_s(split_times_s):
    """Time behind the first runner at each checkpoint [s], NaN where not reached (runners x checkpoints)."""
    reached = np.isfinite(split_times_s).any(axis=0)
    lead_s = np.full(split_times_s.shape[1], np.nan)
    lead_s[reached] = np.nanmin(split_times_s[:, reached], axis=0)
    return split_times_s - lead_s


def gap_axis_top_s(gap_s):
    """Upper end of the gap axis [s]: 90th percentile at the finish, at least 1 min, at most ``GAP_CAP_S``."""
    at_finish = gap_s[np.isfinite(gap_s[:, -1]), -1]
    top = np.percentile(at_finish, 90) if at_finish.size else GAP_CAP_S
    return float(np.clip(top, 60.0, GAP_CAP_S))


def _elevation_panel(ax, course):
    km = course.boundary_m / 1000.0
    ax.fill_between(km, course.elevation_m, course.elevation_m.min() - 5.0, color="0.8", lw=0)
    ax.plot(km, course.elevation_m, color="0.3", lw=0.8)
    ax.set_ylabel("elevation [m]")
    ax.set_xlim(0.0, km[-1])


def _title(result):
    winner = next((r for r in result.results if r.place == 1), None)
    won = f"{winner.runner} {hms(winner.t_finish_s)}" if winner else "no finishers"
    return f"{result.course.name}: won by {won}"


def wind_panel(ax, course, weather):
    """Shade the mean head(+, red) / tail(-, blue) wind at runner height per segment; returns it [m/s]."""
    km = course.boundary_m / 1000.0
    head_m_s = weather.headwind_profile_m_s()
    ax.stairs(np.clip(head_m_s, 0.0, None), km, fill=True, color="#d62728", alpha=0.6, label="headwind")
    ax.stairs(np.clip(head_m_s, None, 0.0), km, fill=True, color="#1f77b4", alpha=0.6, label="tailwind")
    ax.axhline(0.0, color="0.2", lw=0.6)
    return head_m_s


def plot_race(result, path, focal=(), title=None, moves=()):
    """Draw every runner's gap to the leader against distance, packs and focal runners marked.

    Parameters
    ----------
    result : sim.engine.race.RaceResult
    path : str or Path
        The PNG to write (normally ``<run dir>/race.png``).
    focal : sequence of str
        Runner names drawn thick and labelled at the right; names not in the field are skipped.
    title : str, optional
        Defaults to the course name with the winner and his time.
    moves : sequence of (distance_m, label)
        Key moves of the race (see :func:`sim.outputs.story.key_moves`), drawn as dotted lines with labels.

    Returns
    -------
    Path
        ``path``.
    """
    course = result.course
    km = np.concatenate([[0.0], course.checkpoint_m / 1000.0])
    gap_min = np.hstack([np.zeros((len(result.runners), 1)), gap_behind_leader_s(result.split_times_s)]) / 60.0
    fig, (ax, ax_z) = plt.subplots(2, 1, sharex=True, figsize=(11, 7.5), height_ratios=(3, 1),
                                   layout="constrained")
    # one collection for the whole field: far cheaper than a plot call per runner
    ax.add_collection(LineCollection([np.column_stack([km, g]) for g in gap_min], colors="0.65", lw=0.5,
                                     alpha=0.6))
    runner_i, cp = np.nonzero(result.pack_id > 0)
    ax.scatter(km[cp + 1], gap_min[runner_i, cp + 1], c=result.pack_id[runner_i, cp] % 20, cmap="tab20",
               vmin=0, vmax=19, s=7, lw=0, zorder=2)
    names = [r.name for r in result.runners]
    top_min = gap_axis_top_s(gap_min[:, 1:] * 60.0) / 60.0
    halo = [patheffects.withStroke(linewidth=4.0, foreground="white")]
    shown = [n for n in focal if n in names]
    for name, colour in zip(shown, FOCAL_COLOURS * len(shown)):
        g = gap_min[names.index(name)]
        reached = np.flatnonzero(np.isfinite(g))
        visible = reached[g[reached] <= top_min]
        # a runner who fell off the bottom of the axis is labelled where he left it
        at = visible[-1] if visible.size else reached[-1]
        dnf = f" (DNF after {km[reached[-1]]:g} km)" if reached[-1] < len(km) - 1 else ""
        ax.plot(km, g, color=colour, lw=2.0, zorder=3, path_effects=halo)
        ax.annotate(name + dnf, (km[at], min(g[at], top_min)), xytext=(4, 0), textcoords="offset points",
                    color=colour, va="center", fontsize=9, annotation_clip=False, path_effects=halo)
    for k, (x_m, label) in enumerate(moves):
        ax.axvline(x_m / 1000.0, color="0.35", lw=0.7, ls=":", zorder=1)
        # labels alternate between two heights so that neighbouring moves stay readable
        ax.annotate(label, (x_m / 1000.0, (0.04 + 0.22 * (k % 2)) * top_min), xytext=(3, 0),
                    textcoords="offset points", rotation=90, va="top", fontsize=7.5, color="0.25",
                    path_effects=halo)
    ax.set_ylim(top_min, -0.01 * top_min)  # a sliver above 0 keeps the leader's line off the frame
    ax.set_ylabel("behind the leader [min]")
    ax.grid(color="0.9", lw=0.5)
    ax.text(0.005, 0.01, "dots: runner in a pack at a checkpoint (colour = pack)", transform=ax.transAxes,
            fontsize=8, color="0.4")
    ax.set_title(title or _title(result))
    _elevation_panel(ax_z, course)
    ax_z.set_xlabel("distance [km]")
    fig.savefig(path, dpi=DPI, metadata=PNG_METADATA)
    plt.close(fig)
    return Path(path)


def plot_course(course, weather, path):
    """Draw the course profile and the mean head(+)/tail(-) wind at runner height per segment.

    Parameters
    ----------
    course : sim.inputs.course.Course
    weather : sim.inputs.weather.Weather
    path : str or Path
        The PNG to write (normally ``<run dir>/course.png``).

    Returns
    -------
    Path
        ``path``.
    """
    km = course.boundary_m / 1000.0
    head_m_s = weather.headwind_profile_m_s()
    fig, (ax_z, ax_w) = plt.subplots(2, 1, sharex=True, figsize=(11, 6), layout="constrained")
    _elevation_panel(ax_z, course)
    raw_m = getattr(course.profile, "raw_elevation_m", None)  # a GPX course keeps its unsmoothed elevation
    if raw_m is not None:
        raw, = ax_z.plot(course.profile.raw_distance_m / 1000.0, raw_m, color="#1f77b4", lw=0.4, alpha=0.8,
                         zorder=1.5)
        ax_z.legend([raw, ax_z.get_lines()[0]], ["GPS raw", "smoothed"], loc="upper right", fontsize=8)
    wind_panel(ax_w, course, weather)
    ax_w.stairs(head_m_s, km, color="0.2", lw=0.6)
    ax_w.set_ylabel("head(+)/tail(-) wind [m/s]")
    ax_w.set_xlabel("distance [km]")
    ax_w.legend(loc="upper right", fontsize=8)
    ax_z.set_title(f"{course.name}: {course.distance_m / 1000:.3f} km, "
                   f"+{course.climb_m:.0f}/-{course.descent_m:.0f} m; "
                   f"wind {weather.wind_mean_m_s:.1f} m/s at runner height from {weather.wind_from_deg:.0f}° "
                   f"({compass(weather.wind_from_deg)}), {weather.temp_air_c:.1f} °C")
    fig.savefig(path, dpi=DPI, metadata=PNG_METADATA)
    plt.close(fig)
    return Path(path)


def plot_compare(rows, tactics, path, title=None):
    """compare.png: the focal runner's finish times (left) and places (right) per tactic, side by side.

    ``rows`` holds one row per tactic and replicate (tactic, replicate, place, status, t_finish_s). Each
    tactic is a box (quartiles, whiskers to 1.5 IQR) over its replicates' points; thin grey lines join
    the same replicate across tactics, so the pairing the comparison rests on is visible. DNFs are left out.
    """
    fig, (ax_t, ax_p) = plt.subplots(1, 2, figsize=(11, 4.5), constrained_layout=True)
    pos = np.arange(len(tactics))
    jitter = np.random.default_rng(0).uniform(-0.12, 0.12, size=int(rows.replicate.max()) + 1)
    for ax, column, label in ((ax_t, "t_finish_s", "finish time [h:mm:ss]"), (ax_p, "place", "place")):
        values = [rows[(rows.tactic == t) & (rows.status == "finished")].set_index("replicate")[column]
                  for t in tactics]
        if len(tactics) > 1 and len(values[0]) <= 400:
            wide = np.vstack([v.reindex(range(jitter.size)).to_numpy(float) for v in values])
            ax.plot(pos[:, None] + jitter[None, :], wide, color="0.8", lw=0.5, zorder=1)
        for k, v in enumerate(values):
            ax.scatter(k + jitter[v.index.to_numpy()], v.to_numpy(float), s=8, color=FOCAL_COLOURS[k % len(FOCAL_COLOURS)],
                       alpha=0.6, zorder=2, lw=0)
        ax.boxplot([v.to_numpy(float) for v in values], positions=pos, widths=0.45, showfliers=False, zorder=3,
                   medianprops={"color": "black"})
        ax.set_xticks(pos, tactics)
        ax.set_ylabel(label)
    ax_t.yaxis.set_major_formatter(FuncFormatter(lambda t, _: hms(t)))
    ax_p.invert_yaxis()
    ax_t.set_title("finish time (same replicates joined)")
    ax_p.set_title("place (1 = win, at the top)")
    if title:
        fig.suptitle(title)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, metadata=PNG_METADATA)
    plt.close(fig)
    return Path(path)
