"""The race played back as ``replay.gif`` (a matplotlib animation); ``replay.html`` is :mod:`sim.outputs.replay_html`.

The GIF shows every runner as a dot at its distance along the course, coloured by the pack he was in at his
last checkpoint (grey: not in a pack), the leader and the focal runners labelled (the labels kept off each
other and the clock: :func:`place_labels`), a race clock, and beneath them the elevation
profile and the mean head(+)/tail(-) wind per segment. A runner's distance between two checkpoints is
interpolated linearly in time between his split times, from the start (distance ``-start_offset_m`` at
0 s); a finisher stays on the line, a DNF vanishes after his last checkpoint.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402
from matplotlib import colormaps, patheffects  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from PIL import Image  # noqa: E402

from sim.outputs.plots import _elevation_panel, compass, wind_panel  # noqa: E402
from sim.records import hms  # noqa: E402

FRAME_MIN_S = 30.0       # at least this much race time between two frames
MAX_FRAMES = 144         # ... and at most this many frames, so a marathon GIF stays a few MB
GIF_FPS = 10
GIF_DPI = 80
PACK_COLOURS = tuple(to_hex(c) for c in colormaps["tab20"].colors)
NO_PACK_COLOUR = "#9a9a9a"
HALO = [patheffects.withStroke(linewidth=3.0, foreground="white")]


def race_end_s(result):
    """The last split time of the race [s] (the last finisher, or the last runner still moving)."""
    t = result.split_times_s
    return float(np.nanmax(t)) if np.isfinite(t).any() else 0.0


def frame_times_s(result):
    """Race times of the frames [s]: 0 to the race end, every ``FRAME_MIN_S`` or coarser to stay within ``MAX_FRAMES``."""
    end_s = race_end_s(result)
    step_s = max(FRAME_MIN_S, np.ceil(end_s / (MAX_FRAMES - 1) / 5.0) * 5.0)
    n = int(np.ceil(end_s / step_s)) + 1
    return np.minimum(np.arange(n) * step_s, end_s)


def _knots(result, i):
    """Runner ``i``'s (time [s], distance [m]) knots: the start, then every checkpoint he reached."""
    t = result.split_times_s[i]
    reached = np.isfinite(t)
    start_m = -float(getattr(result.runners[i], "start_offset_m", 0.0))
    return (np.concatenate([[0.0], t[reached]]),
            np.concatenate([[start_m], result.course.checkpoint_m[reached]]))


def positions_m(result, times_s):
    """Distance of every runner at each of ``times_s`` [m], shaped times x runners; NaN once a DNF is out.

    Linear in time between a runner's split times; a finisher stays on the finish line.
    """
    times_s = np.asarray(times_s, dtype=float)
    n_cp = len(result.course.checkpoint_m)
    x = np.empty((times_s.size, len(result.runners)))
    for i in range(len(result.runners)):
        kt, kx = _knots(result, i)
        finished = len(kt) == n_cp + 1
        x[:, i] = np.interp(times_s, kt, kx, right=kx[-1] if finished else np.nan)
    return x


def pack_at(result, times_s):
    """Pack id and size of every runner at each of ``times_s`` (times x runners): those of his last checkpoint.

    Before his first checkpoint a runner carries the pack he reached it in.
    """
    t = result.split_times_s
    passed = (np.nan_to_num(t, nan=np.inf)[None, :, :] <= np.asarray(times_s, float)[:, None, None]).sum(axis=2)
    c = np.clip(passed - 1, 0, t.shape[1] - 1)
    rows = np.arange(t.shape[0])[None, :]
    return result.pack_id[rows, c], result.pack_size[rows, c]


def pack_colours(pack_id):
    """Hex colour per pack id: tab20 by id, grey for 0 (not in a pack)."""
    pack_id = np.asarray(pack_id)
    colours = np.array(PACK_COLOURS)[pack_id % len(PACK_COLOURS)]
    return np.where(pack_id > 0, colours, NO_PACK_COLOUR)


def lane(n):
    """A fixed vertical place in [0.08, 0.92] for each of ``n`` runners (golden-ratio spread, no randomness)."""
    return 0.08 + 0.84 * np.mod(np.arange(n) * 0.6180339887 + 0.5, 1.0)


def leader_index(x_m, t_last_s):
    """The runner furthest along (``x_m``, NaN = out); among those on the finish line, the first to cross it."""
    x = np.where(np.isfinite(x_m), x_m, -np.inf)
    front = np.flatnonzero(x == x.max())
    return int(front[np.argmin(t_last_s[front])])


def _wind_strip(ax, course, weather):
    head = wind_panel(ax, course, weather)
    top = max(float(np.abs(head).max()), 0.5)
    ax.set_ylim(-top, top)
    ax.set_ylabel("wind\n[m/s]", fontsize=8)
    ax.tick_params(labelsize=8)
    ax.set_title(f"wind: head(+, red) / tail(-, blue), mean {weather.wind_mean_m_s:.1f} m/s from "
                 f"{weather.wind_from_deg:.0f}° ({compass(weather.wind_from_deg)})", fontsize=7, color="0.3",
                 loc="left", pad=2)


def write_replay_gif(result, path, focal=()):
    """Animate the race as dots along the course and write it as a GIF.

    Parameters
    ----------
    result : sim.engine.race.RaceResult
    path : str or Path
        The GIF to write (normally ``<run dir>/replay.gif``).
    focal : sequence of str
        Runners drawn larger with a black edge and labelled; names not in the field are skipped.

    Returns
    -------
    Path
        ``path``.
    """
    fig, draw_frame, n_frames = replay_figure(result, focal)
    frames = []
    for k in range(n_frames):
        draw_frame(k)
        frames.append(Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()))
    plt.close(fig)
    frames[0].save(path, format="GIF", save_all=True, append_images=frames[1:], duration=1000 // GIF_FPS, loop=0)
    return Path(path)


# Where a label may sit around its dot, in offset points, in the order tried: a focal runner's name
# beside its dot (right, or left of it near the finish), the leader's above or below it
FOCAL_OFFSETS = tuple((dx, dy, ha) for dy in (0, 9, -9, 18, -18, 27, -27, 36, -36)
                      for dx, ha in ((6, "left"), (-6, "right")))
LEADER_OFFSETS = ((0, 10), (0, -12), (0, 22), (0, -24), (0, 34), (0, -36), (0, 46), (0, -48))


def _overlaps(a, b):
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0


def _inside(box, frame):
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1


def place_labels(labels, candidates, renderer, frame_box, taken=()):
    """Put each label at the first of its candidate placements that stays in ``frame_box`` and off the others.

    ``labels``: matplotlib Annotations in priority order; ``candidates``: per label, a list of
    ``(dx_pt, dy_pt, horizontal alignment)``. A label for which no candidate is free takes the one inside
    ``frame_box`` that overlaps the others least. ``taken``: boxes (display pixels) already occupied.
    Returns the boxes of the placed labels.
    """
    boxes = list(taken)

    def put(label, option):
        label.set_position(option[:2])
        label.set_horizontalalignment(option[2])
        return label.get_window_extent(renderer)

    def overlap_px2(box):
        return sum(max(min(box.x1, b.x1) - max(box.x0, b.x0), 0) * max(min(box.y1, b.y1) - max(box.y0, b.y0), 0)
                   for b in boxes)

    for label, options in zip(labels, candidates):
        if not label.get_visible() or not label.get_text():
            continue
        scored = []
        for option in options:
            box = put(label, option)
            cost = (not _inside(box, frame_box), overlap_px2(box))
            if cost == (False, 0):
                break
            scored.append((cost, option))
        else:
            box = put(label, min(scored, key=lambda c: c[0])[1])
        boxes.append(box)
    return boxes


def replay_figure(result, focal=()):
    """The replay's figure and a function that draws frame ``k`` of it; returns (fig, draw_frame, n_frames).

    The axes, profile and wind are drawn once; ``draw_frame(k)`` restores them and draws only what
    moves (dots, rings, labels, clock), with the leader's and the focal runners' labels placed off
    each other and the clock (:func:`place_labels`).
    """
    course = result.course
    names = [r.name for r in result.runners]
    times = frame_times_s(result)
    x_km = positions_m(result, times) / 1000.0
    pack_id, _ = pack_at(result, times)
    y = lane(len(names))
    shown = [names.index(n) for n in focal if n in names]
    t_last_s = np.nanmax(np.where(np.isfinite(result.split_times_s), result.split_times_s, -np.inf), axis=1)
    finish_km = course.distance_m / 1000.0

    fig, (ax, ax_z, ax_w) = plt.subplots(3, 1, sharex=True, figsize=(9, 4.8), dpi=GIF_DPI, height_ratios=(3, 1, 0.45),
                                         layout="constrained")
    ax.set_xlim(-0.2, finish_km + 0.2)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.axvline(finish_km, color="0.3", lw=1.0)
    ax.grid(axis="x", color="0.92", lw=0.5)
    ax.set_title(course.name, fontsize=10)
    dots = ax.scatter(x_km[0], y, s=16, c=pack_colours(pack_id[0]), lw=0, zorder=2)
    rings = ax.scatter(x_km[0, shown], y[shown], s=46, facecolors="none", edgecolors="black", lw=1.2, zorder=3)
    labels = [ax.annotate(names[i], (0, 0), xytext=(6, 0), textcoords="offset points", fontsize=7, va="center",
                          path_effects=HALO, zorder=4) for i in shown]
    leader = ax.annotate("", (0, 0), xytext=(0, 10), textcoords="offset points", ha="center", va="center",
                         fontsize=8, fontweight="bold", path_effects=HALO, zorder=5,
                         arrowprops={"arrowstyle": "-", "color": "0.2", "lw": 0.8})
    clock = ax.text(0.005, 0.97, "", transform=ax.transAxes, fontsize=11, fontweight="bold", va="top",
                    family="monospace", path_effects=HALO, zorder=5)
    _elevation_panel(ax_z, course)
    ax_z.set_xlim(-0.2, finish_km + 0.2)
    ax_z.tick_params(labelsize=8)
    ax_z.yaxis.label.set_fontsize(8)
    lead_z, = ax_z.plot([], [], "v", color="black", ms=6)
    _wind_strip(ax_w, course, result.weather)
    ax_w.set_xlabel("distance [km]", fontsize=8)

    moving = [dots, rings, leader, clock, lead_z, *labels]
    for artist in moving:
        artist.set_animated(True)
    fig.canvas.draw()
    fig.set_layout_engine("none")
    background = fig.canvas.copy_from_bbox(fig.bbox)
    renderer = fig.canvas.get_renderer()

    def draw_frame(k):
        xk = x_km[k]
        out = ~np.isfinite(xk)
        dots.set_offsets(np.column_stack([np.where(out, -10.0, xk), y]))
        dots.set_facecolors(pack_colours(pack_id[k]))
        rings.set_offsets(np.column_stack([np.where(out[shown], -10.0, xk[shown]), y[shown]]))
        focal_options = []
        for i, label in zip(shown, labels):
            label.xy = (xk[i], y[i])
            label.set_visible(not out[i])
            near_end = xk[i] > 0.85 * finish_km   # labels turn left before the finish
            focal_options.append(sorted(FOCAL_OFFSETS, key=lambda o: (o[2] == "left") == near_end))
        finished = int(np.sum(xk >= finish_km))
        clock.set_text(f"{hms(times[k])}  finished {finished}  out {int(out.sum())}")
        leader.set_visible(bool((~out).any()))
        leader_options = [(dx, dy, "center") for dx, dy in LEADER_OFFSETS]
        if (~out).any():
            lead = leader_index(xk, t_last_s)
            leader.xy = (xk[lead], y[lead])
            leader.set_text(f"{names[lead]} {max(xk[lead], 0.0):.1f} km")
            if xk[lead] > 0.85 * finish_km:
                leader_options = [(dx - 4, dy, "right") for dx, dy in LEADER_OFFSETS]
            lead_z.set_data([xk[lead]], [np.interp(xk[lead] * 1000.0, course.boundary_m, course.elevation_m)])
        place_labels([leader, *labels], [leader_options, *focal_options], renderer, ax.get_window_extent(renderer),
                     taken=[clock.get_window_extent(renderer)])
        fig.canvas.restore_region(background)
        for artist in moving:
            artist.axes.draw_artist(artist)

    return fig, draw_frame, len(times)
