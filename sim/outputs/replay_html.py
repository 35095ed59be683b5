"""``replay.html``: the race played back on a map of the course, in one self-contained page.

The course is drawn as a map: from the GPX track's latitude/longitude when the course came from a GPX
file (a local equirectangular projection about the track's mean latitude, exact to well under 1 % over
a city or a 90 km point-to-point [A]), otherwise from the profile's headings integrated step by step
(dead reckoning: the shape is right where the headings are, and drift accumulates where they are not).
Beside the map a leaderboard (place, name, gap to the leader, pack), the race clock and the time of day;
beneath it the elevation profile and the head(+)/tail(-) wind of the moment along the course, with the
runners' positions marked. A time slider, play/pause, a speed selector and "follow runner" (which zooms
the map onto him and keeps him on the leaderboard).

Two kinds of race, one page:

* a race of the per-runner engine (:class:`~sim.engine.race.RaceResult`) embeds every runner's split
  times; the page moves each runner as a dot, linear in time between his checkpoints (as the GIF does),
  coloured by his pack at his last checkpoint, the focal runners and the leader labelled without overlap;
* a mass race of the crowd engine (:class:`~sim.engine.crowd_race.CrowdResult`) embeds, instead of
  19,000 dots, the number of runners on course in each bin of about 200 m at each of at most
  ``MAX_DENSITY_FRAMES`` frames (drawn as a heat strip along the map and the profile), and the split
  times of only the runners who were in the top ``CROWD_NAMED`` at some frame and the focal runners, who
  are drawn and named as dots.

Nothing is fetched from anywhere (the script, the styles and the data are inline), so the page opens
offline and can be mailed. The page itself is :data:`sim.outputs.replay_page.PAGE`.
"""
import json
from pathlib import Path

import numpy as np

from sim.outputs.animation import NO_PACK_COLOUR, PACK_COLOURS, race_end_s
from sim.outputs.plots import compass
from sim.outputs.replay_page import PAGE

EARTH_RADIUS_M = 6_371_008.8      # IUGG mean Earth radius
COURSE_COLOUR = "#cbbd9f"         # the road on the map; no pack colour, so a screenshot test can find it
MAX_DENSITY_FRAMES = 240          # a mass race's density frames (a 12 h race: one every 3 min)
DENSITY_BIN_M = 200.0             # ... and its bins along the course, at least this long
MAX_DENSITY_BINS = 500            # ... and at most this many
CROWD_NAMED = 10                  # a mass race names the runners who were in the top this many at some frame
SERIES_STEP_S = 60.0              # wind speed and temperature are embedded once a minute


def course_map_m(course):
    """East and north position of every segment boundary [m] from the start, and where they came from.

    Returns
    -------
    x_m, y_m : ndarray
        East and north of the start at each of ``course.boundary_m``.
    source : str
        ``"GPS track"`` (the GPX latitude/longitude, equirectangular about the mean latitude [A]) or
        ``"headings"`` (x += L sin(heading), y += L cos(heading) per segment: dead reckoning).
    """
    profile = course.profile
    lat = getattr(profile, "lat_deg", None)
    if lat is not None:
        lat_deg = np.interp(course.boundary_m, profile.distance_m, profile.lat_deg)
        lon_deg = np.interp(course.boundary_m, profile.distance_m, profile.lon_deg)
        k = np.cos(np.radians(lat_deg.mean()))
        x_m = EARTH_RADIUS_M * np.radians(lon_deg - lon_deg[0]) * k
        y_m = EARTH_RADIUS_M * np.radians(lat_deg - lat_deg[0])
        return x_m, y_m, "GPS track"
    h = np.radians(course.heading_deg)
    x_m = np.concatenate([[0.0], np.cumsum(course.length_m * np.sin(h))])
    y_m = np.concatenate([[0.0], np.cumsum(course.length_m * np.cos(h))])
    return x_m, y_m, "headings"


def _series(values, step_s, every_s=SERIES_STEP_S):
    """``values`` sampled every ``step_s`` as block means every ``every_s`` (rounded to 0.01)."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return []
    k = max(1, int(round(every_s / step_s)))
    n = int(np.ceil(values.size / k))
    padded = np.concatenate([values, np.full(n * k - values.size, values[-1])])
    return [round(float(v), 2) for v in padded.reshape(n, k).mean(axis=1)]


def _times(split_s):
    """Split times as JSON: rounded to 0.1 s, ``null`` for a checkpoint not reached."""
    return [[None if not np.isfinite(v) else float(v) for v in row] for row in np.round(split_s, 1)]


def _course_data(course, weather, end_s, start_clock_s):
    """What both kinds of page share: the course, its map, the wind and temperature over the race."""
    from sim.inputs.weather import GUST_STEP_S, TEMP_STEP_S
    x_m, y_m, source = course_map_m(course)
    temps = weather.temp_series_c if weather.temp_series_c.size else np.array([weather.temp_air_c])
    return {
        "name": course.name,
        "distance_m": round(course.distance_m, 1),
        "checkpoint_m": [round(float(c), 1) for c in course.checkpoint_m],
        "boundary_m": [round(float(b), 1) for b in course.boundary_m],
        "elevation_m": [round(float(z), 1) for z in course.elevation_m],
        "map_x_m": [round(float(v), 1) for v in x_m],
        "map_y_m": [round(float(v), 1) for v in y_m],
        "map_source": source,
        "headwind_share": [round(float(h), 3) for h in weather.headwind_share],
        "wind_from": f"{weather.wind_from_deg:.0f}° ({compass(weather.wind_from_deg)})",
        "series_step_s": SERIES_STEP_S,
        "wind_m_s": _series(weather.gust_series_m_s, GUST_STEP_S),
        "temp_c": _series(temps, TEMP_STEP_S),
        "start_clock_s": round(float(start_clock_s), 1),
        "end_s": round(float(end_s), 1),
        "course_colour": COURSE_COLOUR,
        "colours": list(PACK_COLOURS),
        "no_pack_colour": NO_PACK_COLOUR,
    }


def replay_data(result, focal=(), start_clock_s=0.0):
    """The JSON-ready data of a per-runner race: the course and every runner's splits and packs.

    Times are rounded to 0.1 s and distances to 0.1 m; ``null`` is a checkpoint not reached.
    """
    names = [r.name for r in result.runners]
    return {
        **_course_data(result.course, result.weather, race_end_s(result), start_clock_s),
        "mode": "runners",
        "names": names,
        "start_m": [-round(float(getattr(r, "start_offset_m", 0.0)), 1) for r in result.runners],
        "start_s": [0.0] * len(names),
        "split_s": _times(result.split_times_s),
        "pack_id": result.pack_id.astype(int).tolist(),
        "pack_size": result.pack_size.astype(int).tolist(),
        "focal": [n for n in focal if n in names],
    }


def crowd_positions_m(split_times_s, checkpoint_m, t_line_s, times_s):
    """Distance of each mass-race runner at each of ``times_s`` [m] (runners x times; NaN once out).

    On the start line (0 m) until he crosses it at ``t_line_s``, linear in time between his checkpoints,
    held on the finish line once finished; a DNF is out after the last checkpoint he reached.
    """
    times_s = np.asarray(times_s, dtype=float)
    n_cp = len(checkpoint_m)
    x = np.empty((len(split_times_s), times_s.size))
    for i, t in enumerate(split_times_s):
        reached = np.isfinite(t)
        kt = np.concatenate([[t_line_s[i]], t[reached]])
        kx = np.concatenate([[0.0], checkpoint_m[reached]])
        x[i] = np.interp(times_s, kt, kx, left=0.0, right=kx[-1] if reached.sum() == n_cp else np.nan)
    return x


def density_frames(x_m, distance_m, n_bins):
    """Runners on course per bin at each frame (frames x bins) from positions ``x_m`` (runners x frames).

    Finishers (on the line) and runners out (NaN) are not counted; they are the frame's ``finished`` and
    ``out`` counts.
    """
    on_course = np.isfinite(x_m) & (x_m < distance_m)
    b = np.clip((np.where(on_course, x_m, 0.0) / distance_m * n_bins).astype(int), 0, n_bins - 1)
    frame = np.broadcast_to(np.arange(x_m.shape[1]), x_m.shape)
    counts = np.zeros((x_m.shape[1], n_bins), dtype=int)
    np.add.at(counts, (frame[on_course], b[on_course]), 1)
    finished = (np.isfinite(x_m) & (x_m >= distance_m)).sum(axis=0)
    return counts, finished, (~np.isfinite(x_m)).sum(axis=0)


def crowd_replay_data(r, focal=(), start_clock_s=0.0):
    """The JSON-ready data of a mass race: the course, the density frames and the named runners' splits."""
    course = r.course
    end_s = float(np.nanmax(r.split_times_s)) if np.isfinite(r.split_times_s).any() else 0.0
    step_s = max(SERIES_STEP_S, float(np.ceil(end_s / (MAX_DENSITY_FRAMES - 1) / SERIES_STEP_S) * SERIES_STEP_S))
    times = np.arange(int(np.ceil(end_s / step_s)) + 1) * step_s
    n_bins = int(min(MAX_DENSITY_BINS, max(1, round(course.distance_m / DENSITY_BIN_M))))
    x = crowd_positions_m(r.split_times_s, course.checkpoint_m, r.t_line_s, times)
    counts, finished, out = density_frames(x, course.distance_m, n_bins)

    # the top CROWD_NAMED at every frame: finishers by finish time first, then by distance
    names = list(r.field.names)
    t_fin = np.where(np.isfinite(r.t_finish_s), r.t_finish_s, np.inf)
    named = {i for i, n in enumerate(names) if n in set(focal)}
    for k in range(times.size):
        xk = np.where(np.isfinite(x[:, k]), x[:, k], -np.inf)
        done = xk >= course.distance_m
        key = np.where(done, -1e12 + np.where(done, t_fin, 0.0), -xk)
        named.update(np.argsort(key, kind="stable")[:CROWD_NAMED].tolist())
    named = sorted(named, key=lambda i: (t_fin[i], -r.x_out_m[i], i))
    return {
        **_course_data(course, r.weather, end_s, start_clock_s),
        "mode": "crowd",
        "starters": len(names),
        "names": [names[i] for i in named],
        "start_m": [0.0] * len(named),
        "start_s": [round(float(r.t_line_s[i]), 1) for i in named],
        "split_s": _times(r.split_times_s[named]),
        "pen": [str(r.pen[i]) for i in named],
        "focal": [n for n in focal if n in names],
        "frame_s": step_s,
        "bin_m": course.distance_m / n_bins,
        "density": counts.tolist(),
        "density_max": int(counts.max()) if counts.size else 0,
        "finished": finished.astype(int).tolist(),
        "out": out.astype(int).tolist(),
    }


def _write(data, title, path):
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    text = text.replace("</", "<\\/")   # a runner name cannot close the script element
    title = title.replace("&", "&amp;").replace("<", "&lt;")
    Path(path).write_text(PAGE.replace("%%TITLE%%", title).replace("%%DATA%%", text), encoding="utf-8")
    return Path(path)


def write_replay_html(result, path, focal=(), start_clock_s=0.0):
    """Write a per-runner race as one self-contained HTML page: the map, leaderboard, profile and wind.

    Opened as ``replay.html#selftest`` the page moves the slider itself and records what it drew in
    ``data-*`` attributes of ``<body>`` (used by the browser test); ``#t=0.4`` opens it at 40 % of the race.

    Parameters
    ----------
    result : sim.engine.race.RaceResult
    path : str or Path
        The page to write (normally ``<run dir>/replay.html``).
    focal : sequence of str
        Runners drawn larger, always labelled, always on the leaderboard, first in the follow select.
    start_clock_s : float
        Time of day of the gun [s after midnight] (``rules.start_clock``), for the clock.

    Returns
    -------
    Path
        ``path``.
    """
    return _write(replay_data(result, focal, start_clock_s), result.course.name, path)


def write_crowd_replay_html(r, path, focal=(), start_clock_s=0.0):
    """Write a mass race (:class:`~sim.engine.crowd_race.CrowdResult`) as one self-contained HTML page.

    As :func:`write_replay_html`, with the field drawn as runners per bin along the course (a heat strip
    on the map and the profile) and only the leaders and the focal runners as named dots.
    """
    return _write(crowd_replay_data(r, focal, start_clock_s), r.course.name, path)
