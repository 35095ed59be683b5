"""Figures: ``race.png`` (gaps, packs, focal runners), ``course.png`` (profile, wind), ``compare.png``
(tactics side by side with their paired differences), ``replicates.png`` (Monte Carlo distributions per
focal runner) and ``sweep.png`` (a multirun's winner time against every swept key).

Each ``*_figure`` function builds and returns its :class:`~matplotlib.figure.Figure` (tests check its
labels), each ``plot_*`` writes that figure as a PNG with :func:`save_png` and closes it. Time axes
read ``h:mm:ss`` (:func:`clock`); no text leaves the figure or sits on another one
(tests/label_check.py). The bytes depend only on the data: matplotlib's PNG writer stamps nothing but a
``Software`` version string, which is dropped, so reruns compare equal.
"""
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter, MultipleLocator  # noqa: E402

from sim.records import hms  # noqa: E402

PNG_METADATA = {"Software": None}
DPI = 120
# colour is kept for the focal runners; packs are drawn in greys, so the two never share a colour
FOCAL_COLOURS = ("#d62728", "#1f77b4", "#ff7f0e", "#9467bd", "#2ca02c", "#e377c2", "#17becf", "#8c564b")
FIELD_COLOUR = "0.82"
PACK_CLASSES = ((3, 5, "3–5", "#b4b4b4"), (6, 14, "6–14", "#6e6e6e"), (15, None, "15 or more", "#111111"))
COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
HALO = [patheffects.withStroke(linewidth=3.0, foreground="white")]
# tick steps a time axis may use [s]: seconds, minutes, hours
TIME_STEPS_S = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600)


def compass(bearing_deg):
    """The nearest of the eight compass points to ``bearing_deg``."""
    return COMPASS[int(round(bearing_deg % 360.0 / 45.0)) % 8]


def clock(t_s, seconds=True, signed=False):
    """``h:mm:ss`` (``h:mm`` without ``seconds``) for ``t_s`` [s]; ``signed`` writes + or − in front."""
    if t_s is None or not math.isfinite(t_s):
        return ""
    sign = "−" if t_s < 0 else ("+" if signed and t_s > 0 else "")
    s = int(round(abs(float(t_s))))
    if not seconds:
        m = int(round(abs(float(t_s)) / 60.0))
        return f"{sign}{m // 60}:{m % 60:02d}"
    return f"{sign}{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def time_step_s(span_s, max_ticks=8):
    """The smallest step of :data:`TIME_STEPS_S` that puts at most ``max_ticks`` ticks on ``span_s`` [s]."""
    return next((s for s in TIME_STEPS_S if span_s / s <= max_ticks - 1), TIME_STEPS_S[-1])


def time_axis(axis, lo_s, hi_s, max_ticks=8, signed=False):
    """Ticks at round times on a matplotlib ``axis`` in seconds, labelled ``h:mm:ss`` (``h:mm`` on whole minutes).

    Returns the format, ``"h:mm:ss"`` or ``"h:mm"``, for the axis label.
    """
    step = time_step_s(abs(hi_s - lo_s), max_ticks)
    axis.set_major_locator(MultipleLocator(step))
    axis.set_major_formatter(FuncFormatter(lambda t, _: clock(t, seconds=step < 60, signed=signed)))
    return "h:mm:ss" if step < 60 else "h:mm"


def save_png(fig, path):
    """Write ``fig`` as a PNG at :data:`DPI` without a date or version stamp, close it; returns ``path``."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, format="png", metadata=PNG_METADATA)   # format: the path may end in .tmp
    plt.close(fig)
    return Path(path)


def gap_behind_leader_s(split_times_s):
    """Time behind the first runner at each checkpoint [s], NaN where not reached (runners x checkpoints)."""
    reached = np.isfinite(split_times_s).any(axis=0)
    lead_s = np.full(split_times_s.shape[1], np.nan)
    lead_s[reached] = np.nanmin(split_times_s[:, reached], axis=0)
    return split_times_s - lead_s


def gap_axis_top_s(gap_s):
    """Lower end of the gap axis [s]: the largest gap of anyone anywhere (at least 1 min), so nobody leaves it."""
    finite = gap_s[np.isfinite(gap_s)]
    return float(max(finite.max() if finite.size else 0.0, 60.0))


def _root(x):
    return np.sign(x) * np.sqrt(np.abs(x))


def _square(y):
    return np.sign(y) * y * y


def gap_ticks_s(top_s):
    """Round gaps for a square-root gap axis up to ``top_s`` [s]: 0, 30 s, 1, 2, 5, 10, 20, 30 min, 1 h, ..."""
    candidates = np.array([0, 30, 60, 120, 300, 600, 1200, 1800, 2700, 3600, 5400, 7200, 10800, 14400, 21600])
    return candidates[candidates <= top_s * 1.001]


def spread(y, min_gap, lo=0.0, hi=1.0):
    """Positions as close to ``y`` as possible, in the same order, at least ``min_gap`` apart, within [lo, hi]."""
    y = np.asarray(y, float)
    order = np.argsort(y, kind="stable")
    p = np.clip(y[order], lo, hi)
    for _ in range(2):   # push up from below, then down from the top, then up once more
        for k in range(1, p.size):
            p[k] = max(p[k], p[k - 1] + min_gap)
        p[-1:] = np.minimum(p[-1:], hi)
        for k in range(p.size - 2, -1, -1):
            p[k] = min(p[k], p[k + 1] - min_gap)
        p[:1] = np.maximum(p[:1], lo)
    out = np.empty_like(p)
    out[order] = p
    return out


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


def labels_above(fig, ax, items, fontsize=7.5, row_pt=10.0, colour="0.25"):
    """Horizontal labels in rows just above ``ax``, no two in a row closer than a few pixels.

    ``items`` are (x in data units, text, "left" or "center"): a left label starts at x (and runs
    leftwards from it near the right edge), a centred one is centred on x and kept within the axes.
    Rows are filled first-fit in the order given; the figure is laid out once first so that data x
    maps to the pixels the labels will have.
    """
    if not items:
        return []
    from matplotlib.font_manager import FontProperties
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    x0_px, x1_px = ax.bbox.x0, ax.bbox.x1
    row_ends, made = [], []
    row_height_pt = row_pt * max(text.count("\n") + 1 for _, text, _ in items)
    for x, text, align in items:
        at = ax.transData.transform((x, 0.0))[0]
        width = max(renderer.get_text_width_height_descent(line, FontProperties(size=fontsize), False)[0]
                    for line in text.split("\n")) + 4.0
        if align == "center":
            lo = min(max(at - width / 2.0, x0_px), x1_px - width)
            ha, dx_px = "left", lo - at
        elif at + 2.0 + width > x1_px:
            lo, ha, dx_px = at - 2.0 - width, "right", -2.0
        else:
            lo, ha, dx_px = at, "left", 2.0
        lo = max(lo, x0_px)
        hi = lo + width + 2.0
        row = next((r for r, end in enumerate(row_ends) if lo > end + 6.0), len(row_ends))
        row_ends[row:row + 1] = [hi]
        made.append(ax.annotate(text, (x, 1.0), xycoords=("data", "axes fraction"),
                                xytext=(dx_px * 72.0 / fig.dpi, 3.0 + row * row_height_pt),
                                textcoords="offset points", ha=ha, va="bottom", fontsize=fontsize, color=colour,
                                annotation_clip=False))
    return made


def _move_labels(fig, ax, moves):
    """Key moves as dotted lines with their labels in rows above the axes."""
    for x_m, _ in moves:
        ax.axvline(x_m / 1000.0, color="0.35", lw=0.7, ls=":", zorder=1)
    labels_above(fig, ax, [(x_m / 1000.0, label, "left") for x_m, label in moves])


def race_figure(result, focal=(), title=None, moves=()):
    """The figure of :func:`plot_race` (not yet saved)."""
    course = result.course
    km = np.concatenate([[0.0], course.checkpoint_m / 1000.0])
    gap_s = np.hstack([np.zeros((len(result.runners), 1)), gap_behind_leader_s(result.split_times_s)])
    fig, (ax, ax_z) = plt.subplots(2, 1, sharex=True, figsize=(11, 7.5), height_ratios=(3, 1),
                                   layout="constrained", dpi=DPI)
    top_s = gap_axis_top_s(gap_s) * 1.03
    ax.set_yscale("function", functions=(_root, _square))
    # one collection for the whole field: far cheaper than a plot call per runner
    ax.add_collection(LineCollection([np.column_stack([km, g]) for g in gap_s], colors=FIELD_COLOUR, lw=0.5))
    handles = []
    runner_i, cp = np.nonzero(result.pack_id > 0)
    size = result.pack_size[runner_i, cp]
    for lo, hi, label, colour in PACK_CLASSES:
        sel = (size >= lo) & ((size <= hi) if hi is not None else True)
        ax.scatter(km[cp[sel] + 1], gap_s[runner_i[sel], cp[sel] + 1], color=colour, s=7, lw=0, zorder=2)
        handles.append(Line2D([], [], ls="", marker="o", ms=4, color=colour, label=label))
    names = [r.name for r in result.runners]
    shown = [n for n in focal if n in names]
    ends, texts = [], []
    for name, colour in zip(shown, FOCAL_COLOURS * len(shown)):
        g = gap_s[names.index(name)]
        reached = np.flatnonzero(np.isfinite(g))
        last = reached[-1]
        ax.plot(km, g, color=colour, lw=2.0, zorder=3, path_effects=HALO)
        dnf = f" (DNF after {km[last]:g} km)" if last < len(km) - 1 else ""
        ends.append((km[last], g[last]))
        texts.append((name + dnf, colour))
    ax.set_ylim(top_s, -0.004 * top_s)   # a sliver above 0 keeps the leader's line off the frame
    ax.set_xlim(0.0, km[-1])
    ticks = gap_ticks_s(top_s)
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    with_s = bool(np.any(ticks % 60))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda t, _: clock(t, seconds=with_s)))
    ax.yaxis.set_minor_locator(FixedLocator([]))
    if ends:
        # labels in the right margin at the height where each line ends, spread so that none touch
        ylo, yhi = _root(np.array(ax.get_ylim()))
        frac = (_root(np.array([e[1] for e in ends])) - ylo) / (yhi - ylo)
        label_frac = spread(frac, min_gap=0.045, lo=0.02, hi=0.98)
        for (x, y), (text, colour), fy in zip(ends, texts, label_frac):
            ax.annotate(text, (x, y), xytext=(1.01, fy), textcoords="axes fraction", color=colour, va="center",
                        fontsize=9, annotation_clip=False,
                        arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.6, "shrinkA": 0, "shrinkB": 2})
    ax.set_ylabel(f"time behind the leader [{'h:mm:ss' if with_s else 'h:mm'}], square-root scale")
    ax.grid(color="0.92", lw=0.5)
    ax.legend(handles=handles, title="dots: in a pack of", loc="lower left", fontsize=8, title_fontsize=8,
              framealpha=0.9)
    _elevation_panel(ax_z, course)
    ax_z.set_xlabel("distance [km]")
    fig.suptitle(title or _title(result))
    _move_labels(fig, ax, moves)
    return fig


def plot_race(result, path, focal=(), title=None, moves=()):
    """Draw every runner's gap to the leader against distance, packs and focal runners marked.

    The gap axis runs from the leader (top) to the largest gap of anyone (bottom) on a square-root
    scale, so the back of the field stays in the frame and the front keeps its detail.

    Parameters
    ----------
    result : sim.engine.race.RaceResult
    path : str or Path
        The PNG to write (normally ``<run dir>/race.png``).
    focal : sequence of str
        Runner names drawn thick in colour and labelled in the right margin; names not in the field are skipped.
    title : str, optional
        Defaults to the course name with the winner and his time.
    moves : sequence of (distance_m, label)
        Key moves of the race (see :func:`sim.outputs.story.key_moves`), drawn as dotted lines labelled above.

    Returns
    -------
    Path
        ``path``.
    """
    return save_png(race_figure(result, focal, title, moves), path)


def course_figure(course, weather):
    """The figure of :func:`plot_course` (not yet saved)."""
    km = course.boundary_m / 1000.0
    head_m_s = weather.headwind_profile_m_s()
    fig, (ax_z, ax_w) = plt.subplots(2, 1, sharex=True, figsize=(11, 6), layout="constrained", dpi=DPI)
    _elevation_panel(ax_z, course)
    raw_m = getattr(course.profile, "raw_elevation_m", None)  # a GPX course keeps its unsmoothed elevation
    if raw_m is not None:
        raw, = ax_z.plot(course.profile.raw_distance_m / 1000.0, raw_m, color="#1f77b4", lw=0.4, alpha=0.8,
                         zorder=1.5)
        ax_z.legend([raw, ax_z.get_lines()[0]], ["GPS raw", "smoothed"], loc="upper right", fontsize=8)
    wind_panel(ax_w, course, weather)
    ax_w.stairs(head_m_s, km, color="0.2", lw=0.6)
    ax_w.set_ylabel("head(+)/tail(−) wind [m/s]")
    ax_w.set_xlabel("distance [km]")
    # above the panel, not over the shading
    ax_w.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, fontsize=8, frameon=False, borderaxespad=0.2)
    fig.suptitle(f"{course.name}: {course.distance_m / 1000:.3f} km, "
                 f"+{course.climb_m:.0f}/−{course.descent_m:.0f} m\n"
                 f"wind {weather.wind_mean_m_s:.1f} m/s at runner height from {weather.wind_from_deg:.0f}° "
                 f"({compass(weather.wind_from_deg)}), {weather.temp_air_c:.1f} °C", fontsize=11)
    return fig


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
    return save_png(course_figure(course, weather), path)


def _paired_differences(values, tactics):
    """Per tactic after the first: the finish-time differences to the first tactic over paired replicates [s]."""
    ref = values[0]
    return [(v - ref.reindex(v.index)).dropna().to_numpy(float) for v in values[1:]]


def compare_figure(rows, tactics, title=None):
    """The figure of :func:`plot_compare` (not yet saved)."""
    from sim.outputs.stats import mean_ci95
    fig, (ax_t, ax_d, ax_p) = plt.subplots(1, 3, figsize=(14, 4.8), layout="constrained", dpi=DPI,
                                           width_ratios=(1.0, max(len(tactics) - 1, 1) / len(tactics) + 0.3, 1.0))
    pos = np.arange(len(tactics))
    n_rep = int(rows.replicate.max()) + 1 if len(rows) else 1
    jitter = np.random.default_rng(0).uniform(-0.12, 0.12, size=n_rep)
    finished = rows[rows.status == "finished"]
    values = {}
    for ax, column in ((ax_t, "t_finish_s"), (ax_p, "place")):
        values[column] = [finished[finished.tactic == t].set_index("replicate")[column] for t in tactics]
        v_all = values[column]
        if len(tactics) > 1 and n_rep <= 400:
            wide = np.vstack([v.reindex(range(n_rep)).to_numpy(float) for v in v_all])
            ax.plot(pos[:, None] + jitter[None, :], wide, color="0.85", lw=0.5, zorder=1)
        for k, v in enumerate(v_all):
            ax.scatter(k + jitter[v.index.to_numpy()], v.to_numpy(float), s=8, lw=0, alpha=0.6, zorder=2,
                       color=FOCAL_COLOURS[k % len(FOCAL_COLOURS)])
        ax.boxplot([v.to_numpy(float) for v in v_all], positions=pos, widths=0.45, showfliers=False, zorder=3,
                   medianprops={"color": "black"})
        ax.set_xticks(pos, tactics)
        ax.set_xlabel("tactic")
    t_all = np.concatenate([v.to_numpy(float) for v in values["t_finish_s"]] or [np.zeros(1)])
    unit = time_axis(ax_t.yaxis, float(np.nanmin(t_all)), float(np.nanmax(t_all))) if t_all.size else "h:mm:ss"
    ax_t.set_ylabel(f"finish time [{unit}]")
    ax_t.set_title("finish time (grey: the same replicate)", fontsize=10)
    ax_p.set_ylabel("place")
    ax_p.invert_yaxis()
    ax_p.set_title("place (1 = win, at the top)", fontsize=10)

    diffs = _paired_differences(values["t_finish_s"], tactics)
    ax_d.axhline(0.0, color="0.3", lw=0.8)
    spread_s = [0.0]
    for k, d in enumerate(diffs, start=1):
        colour = FOCAL_COLOURS[k % len(FOCAL_COLOURS)]
        x = k - 1
        ax_d.scatter(x + jitter[:d.size] * 0.8, d, s=8, lw=0, alpha=0.5, color=colour, zorder=2)
        mean, low, high, n = mean_ci95(d)
        if n:
            err = [[mean - low], [high - mean]] if n > 1 else None
            ax_d.errorbar([x + 0.3], [mean], yerr=err, fmt="o", color="black", capsize=4, ms=5, lw=1.2, zorder=3)
            ci = f"\n95 % CI {clock(low, signed=True)} to {clock(high, signed=True)}" if n > 1 else ""
            ax_d.annotate(f"mean {clock(mean, signed=True)}{ci}\nover {n} pairs", (x + 0.3, mean),
                          xytext=(8, 0), textcoords="offset points", va="center", fontsize=8,
                          path_effects=HALO)
            spread_s += [low, high]
        spread_s += list(d)
    spread_s = np.asarray(spread_s, float)
    spread_s = spread_s[np.isfinite(spread_s)]
    lo, hi = float(spread_s.min()), float(spread_s.max())
    pad = max(hi - lo, 10.0) * 0.08
    ax_d.set_ylim(lo - pad, hi + pad)
    unit = time_axis(ax_d.yaxis, lo, hi, signed=True)
    ax_d.set_xlim(-0.5, max(len(diffs), 1) - 0.5 + 0.9)
    ax_d.set_xticks(np.arange(len(diffs)), [f"{t}\n− {tactics[0]}" for t in tactics[1:]])
    ax_d.set_xlabel("tactic − baseline")
    ax_d.set_ylabel(f"paired difference in finish time [{unit}]")
    ax_d.set_title("paired difference, mean and 95 % CI", fontsize=10)
    if title:
        fig.suptitle(title)
    return fig


def plot_compare(rows, tactics, path, title=None):
    """compare.png: the focal runner's finish times (left), paired differences (middle), places (right).

    ``rows`` holds one row per tactic and replicate (tactic, replicate, place, status, t_finish_s). Each
    tactic is a box (quartiles, whiskers to 1.5 IQR) over its replicates' points; thin grey lines join
    the same replicate across tactics, so the pairing the comparison rests on is visible. The middle
    panel shows, per tactic after the first, the replicate-by-replicate difference to the first tactic
    with its mean and 95 % t-interval (:func:`sim.outputs.stats.mean_ci95`). DNFs are left out.
    """
    return save_png(compare_figure(rows, tactics, title), path)


def replicate_runners(summary, most=8):
    """The runners replicates.png shows: the focal runners, else the likeliest winners (at most ``most``)."""
    by_name = {e["runner"]: e for e in summary["runners"]}
    chosen = [by_name[n] for n in summary["focal"] if n in by_name]
    return (chosen or summary["runners"])[:most]


def replicates_figure(summary, results):
    """The figure of :func:`plot_replicates` (not yet saved).

    ``summary`` is the replicate summary dict (:func:`sim.outputs.tables.replicate_summary`), ``results``
    the replicates table (one row per replicate x runner).
    """
    entries = replicate_runners(summary)
    names = [e["runner"] for e in entries]
    fig, (ax_t, ax_pl, ax_p) = plt.subplots(1, 3, figsize=(14, max(3.6, 1.6 + 0.55 * len(names))), dpi=DPI,
                                            layout="constrained", width_ratios=(1.3, 1.0, 1.0))
    y = np.arange(len(names))[::-1].astype(float)
    fin = results[results.status == "finished"]
    colours = [FOCAL_COLOURS[k % len(FOCAL_COLOURS)] for k in range(len(names))]
    jitter = np.random.default_rng(0).uniform(-0.18, 0.18, size=int(results.replicate.max()) + 1)
    t_seen = []
    for ax, column in ((ax_t, "t_finish_s"), (ax_pl, "place")):
        for yk, name, colour in zip(y, names, colours):
            v = fin[fin.runner == name]
            x = v[column].to_numpy(float)
            if not x.size:
                continue
            ax.scatter(x, yk + jitter[v.replicate.to_numpy()], s=7, lw=0, alpha=0.45, color=colour, zorder=2)
            p10, p50, p90 = np.percentile(x, [10, 50, 90])
            ax.plot([p10, p90], [yk, yk], color="black", lw=2.2, zorder=3, solid_capstyle="butt")
            ax.plot([p50], [yk], "|", color="black", ms=14, mew=2.5, zorder=4)
            if column == "t_finish_s":
                t_seen += [x.min(), x.max()]
        ax.set_yticks(y, names if ax is ax_t else [""] * len(names))
        ax.set_ylim(-0.6, len(names) - 0.4)
        ax.grid(axis="x", color="0.9", lw=0.5)
    unit = time_axis(ax_t.xaxis, min(t_seen), max(t_seen), max_ticks=6) if t_seen else "h:mm:ss"
    ax_t.set_xlabel(f"finish time [{unit}]")
    ax_t.set_title("finish time: replicates, p10–p90 bar, median tick", fontsize=10)
    ax_pl.set_xlabel("place (1 = win)")
    ax_pl.set_xlim(left=0.0)
    ax_pl.set_title("place: replicates, p10–p90 bar, median tick", fontsize=10)

    width = 0.26
    for j, (key, label, shade) in enumerate((("p_win", "win", "#222222"), ("p_podium", "podium", "#777777"),
                                             ("p_top10", "top 10", "#bbbbbb"))):
        p = np.array([e[key] for e in entries], float)
        se = np.array([e[key + "_se"] for e in entries], float)
        ax_p.barh(y + (1 - j) * width, p, height=width, color=shade, label=label, zorder=2)
        # Monte Carlo error: ±1 standard error sqrt(p(1-p)/n), clipped to [0, 1]
        err = np.vstack([np.minimum(se, p), np.minimum(se, 1.0 - p)])
        ax_p.errorbar(p, y + (1 - j) * width, xerr=err, fmt="none", ecolor="#d62728", elinewidth=1.0, capsize=2,
                      zorder=3)
    ax_p.set_yticks(y, [""] * len(names))
    ax_p.set_ylim(-0.6, len(names) - 0.4)
    ax_p.set_xlim(0.0, 1.0)
    ax_p.set_xlabel("probability (red: ±1 Monte Carlo standard error)")
    ax_p.set_title("P(win), P(podium), P(top 10)", fontsize=10)
    ax_p.legend(loc="lower right", fontsize=8, framealpha=0.9)
    ax_p.grid(axis="x", color="0.9", lw=0.5)
    fig.suptitle(f"{summary['course']['name']}: {summary['replicates']} replicates (seed {summary['seed']})")
    return fig


def plot_replicates(summary, results, path):
    """replicates.png: per focal runner (else the likeliest winners) the finish-time and place distributions
    over the replicates (every replicate a dot, the p10–p90 range a bar, the median a tick) and P(win),
    P(podium), P(top 10) with ±1 Monte Carlo standard error."""
    return save_png(replicates_figure(summary, results), path)


UNIT_WORDS = (("_m_s", "m/s"), ("_km_h", "km/h"), ("_kg_m3", "kg/m³"), ("_m2", "m²"), ("_deg", "°"),
              ("_pct", "%"), ("_kg", "kg"), ("_km", "km"), ("_min", "min"), ("_c", "°C"), ("_m", "m"),
              ("_s", "s"), ("_w", "W"), ("_j", "J"))


def key_words(key, value=None):
    """A swept config key in words with its unit: ``weather.wind_speed_m_s`` -> ``wind speed [m/s]``;
    with a ``value``: ``wind speed 4 m/s`` (``drafting enabled = True`` for a key without a unit)."""
    name = key.rsplit(".", 1)[-1]
    unit = ""
    for suffix, word in UNIT_WORDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            name, unit = name[:-len(suffix)], word
            break
    group = key.rsplit(".", 1)[0] if "." in key else ""
    words = name.replace("_", " ")
    if words in ("enabled", "s0", "size") and group:
        words = f"{group.split('.')[-1]} {words}"
    if value is not None:
        number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
        return f"{words} {value:g} {unit}" if unit and number else f"{words} = {value}"
    return f"{words} [{unit}]" if unit else words


def sweep_figure(summary, keys):
    """The figure of :func:`plot_sweep` (not yet saved): one panel per swept key."""
    keys = [k for k in keys if summary[k].nunique(dropna=False) > 1] or list(keys[:1])
    fig, axes = plt.subplots(1, len(keys), figsize=(5.2 * len(keys) + 1.2, 4.4), dpi=DPI, layout="constrained",
                             sharey=True, squeeze=False)
    lo = float(np.nanmin(summary.winner_t_ci95_low_s.fillna(summary.winner_t_mean_s)))
    hi = float(np.nanmax(summary.winner_t_ci95_high_s.fillna(summary.winner_t_mean_s)))
    for ax, x_key in zip(axes[0], keys):
        others = [k for k in keys if k != x_key]
        numeric = summary[x_key].dtype.kind in "iuf"
        levels = sorted(summary[x_key].dropna().unique()) if numeric else \
            list(dict.fromkeys(summary[x_key].astype(str)))
        groups = list(summary.groupby(others, sort=True, dropna=False)) if others else [((), summary)]
        offset = np.linspace(-0.08, 0.08, len(groups)) if not numeric and len(groups) > 1 else np.zeros(len(groups))
        for (label, g), colour, dx in zip(groups, FOCAL_COLOURS * len(groups), offset):
            g = g.sort_values(x_key)
            x = g[x_key].to_numpy(float) if numeric else \
                np.array([levels.index(v) for v in g[x_key].astype(str)], float) + dx
            mean = g.winner_t_mean_s.to_numpy(float)
            err = np.vstack([mean - g.winner_t_ci95_low_s.to_numpy(float), g.winner_t_ci95_high_s.to_numpy(float) - mean])
            n = sorted(set(g.replicates))
            n_text = f"n = {n[0]}" if len(n) == 1 else f"n = {n[0]}–{n[-1]}"
            words = ", ".join(key_words(k, v) for k, v in zip(others, np.atleast_1d(label)))
            ax.errorbar(x, mean, yerr=np.nan_to_num(err), marker="o", ms=4, capsize=3, color=colour, lw=1.2,
                        label=f"{words} ({n_text})" if words else n_text)
        if not numeric:
            ax.set_xticks(range(len(levels)), levels)
            ax.set_xlim(-0.5, len(levels) - 0.5)
        ax.set_xlabel(f"{key_words(x_key)}\n({x_key})")
        # above the panel: over the lines it would hide a point
        ax.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0.0, 1.01), borderaxespad=0.0, frameon=False,
                  title="n: replicates per point", title_fontsize=8, alignment="left")
        ax.grid(color="0.92", lw=0.5)
    pad = max(hi - lo, 30.0) * 0.1
    axes[0][0].set_ylim(lo - pad, hi + pad)
    unit = time_axis(axes[0][0].yaxis, lo, hi)
    axes[0][0].set_ylabel(f"winner's mean finish time [{unit}]")
    fig.suptitle("Winner's mean finish time with its 95 % CI over replicates (error bars)", fontsize=11)
    return fig


def plot_sweep(summary, keys, path):
    """sweep.png: the winner's mean time with its 95 % CI against each swept key (a panel per key), one line
    per setting of the other swept keys, the number of replicates in the legend."""
    return save_png(sweep_figure(summary, keys), path)
