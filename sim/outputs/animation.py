"""The race played back: ``replay.gif`` (matplotlib animation) and ``replay.html`` (one self-contained page).

Both show every runner as a dot at its distance along the course, coloured by the pack he was in at his
last checkpoint (grey: not in a pack), the leader labelled, a race clock, and beneath them the elevation
profile and the mean head(+)/tail(-) wind per segment. A runner's distance between two checkpoints is
interpolated linearly in time between his split times, from the start (distance ``-start_offset_m`` at
0 s); a finisher stays on the line, a DNF vanishes after his last checkpoint.

The page embeds the split times as JSON and interpolates in its own inline script: it loads nothing
from anywhere (no scripts, fonts or styles from the network), so it opens offline and can be mailed.
"""
import json
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
    course = result.course
    names = [r.name for r in result.runners]
    times = frame_times_s(result)
    x_km = positions_m(result, times) / 1000.0
    pack_id, _ = pack_at(result, times)
    y = lane(len(names))
    shown = [names.index(n) for n in focal if n in names]
    t_last_s = np.nanmax(np.where(np.isfinite(result.split_times_s), result.split_times_s, -np.inf), axis=1)

    fig, (ax, ax_z, ax_w) = plt.subplots(3, 1, sharex=True, figsize=(9, 4.8), dpi=GIF_DPI, height_ratios=(3, 1, 0.45),
                                         layout="constrained")
    ax.set_xlim(-0.2, course.distance_m / 1000.0 + 0.2)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.axvline(course.distance_m / 1000.0, color="0.3", lw=1.0)
    ax.grid(axis="x", color="0.92", lw=0.5)
    ax.set_title(course.name, fontsize=10)
    dots = ax.scatter(x_km[0], y, s=16, c=pack_colours(pack_id[0]), lw=0, zorder=2)
    rings = ax.scatter(x_km[0, shown], y[shown], s=46, facecolors="none", edgecolors="black", lw=1.2, zorder=3)
    labels = [ax.annotate(names[i], (0, 0), xytext=(6, 0), textcoords="offset points", fontsize=7, va="center",
                          path_effects=HALO, zorder=4) for i in shown]
    leader = ax.annotate("", (0, 0), xytext=(0, 10), textcoords="offset points", ha="center", fontsize=8,
                         fontweight="bold", path_effects=HALO, zorder=5,
                         arrowprops={"arrowstyle": "-", "color": "0.2", "lw": 0.8})
    clock = ax.text(0.005, 0.97, "", transform=ax.transAxes, fontsize=11, fontweight="bold", va="top",
                    family="monospace", path_effects=HALO, zorder=5)
    _elevation_panel(ax_z, course)
    ax_z.set_xlim(-0.2, course.distance_m / 1000.0 + 0.2)
    ax_z.tick_params(labelsize=8)
    ax_z.yaxis.label.set_fontsize(8)
    lead_z, = ax_z.plot([], [], "v", color="black", ms=6)
    _wind_strip(ax_w, course, result.weather)
    ax_w.set_xlabel("distance [km]", fontsize=8)

    # the axes, profile and wind are drawn once; each frame restores them and draws only what moves
    moving = [dots, rings, leader, clock, lead_z, *labels]
    for artist in moving:
        artist.set_animated(True)
    fig.canvas.draw()
    fig.set_layout_engine("none")
    background = fig.canvas.copy_from_bbox(fig.bbox)
    frames = []
    for k in range(len(times)):
        xk = x_km[k]
        out = ~np.isfinite(xk)
        dots.set_offsets(np.column_stack([np.where(out, -10.0, xk), y]))
        dots.set_facecolors(pack_colours(pack_id[k]))
        rings.set_offsets(np.column_stack([np.where(out[shown], -10.0, xk[shown]), y[shown]]))
        for i, label in zip(shown, labels):
            label.xy = (xk[i], y[i])
            near_end = xk[i] > 0.85 * course.distance_m / 1000.0   # labels turn left before the finish
            label.set_position((-6, 0) if near_end else (6, 0))
            label.set_horizontalalignment("right" if near_end else "left")
            label.set_visible(not out[i])
        finished = int(np.sum(xk >= course.distance_m / 1000.0))
        clock.set_text(f"{hms(times[k])}  finished {finished}  out {int(out.sum())}")
        if (~out).any():
            lead = leader_index(xk, t_last_s)
            leader.xy = (xk[lead], y[lead])
            leader.set_text(f"{names[lead]} {xk[lead]:.1f} km")
            leader.set_horizontalalignment("right" if xk[lead] > 0.85 * course.distance_m / 1000.0 else "center")
            lead_z.set_data([xk[lead]], [np.interp(xk[lead] * 1000.0, course.boundary_m, course.elevation_m)])
        fig.canvas.restore_region(background)
        for artist in moving:
            artist.axes.draw_artist(artist)
        frames.append(Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()))
    plt.close(fig)
    frames[0].save(path, format="GIF", save_all=True, append_images=frames[1:], duration=1000 // GIF_FPS, loop=0)
    return Path(path)


def replay_data(result, focal=()):
    """The JSON-ready data the page replays: split times per runner and pack labels per checkpoint, course and wind.

    Times are rounded to 0.1 s and distances to 1 m to keep the page small; ``null`` is a checkpoint not reached.
    """
    course = result.course
    t = np.round(result.split_times_s, 1)
    names = [r.name for r in result.runners]
    return {
        "name": course.name,
        "distance_m": round(course.distance_m, 1),
        "checkpoint_m": [round(float(c), 1) for c in course.checkpoint_m],
        "names": names,
        "start_m": [-round(float(getattr(r, "start_offset_m", 0.0)), 1) for r in result.runners],
        "split_s": [[None if not np.isfinite(v) else float(v) for v in row] for row in t],
        "pack_id": result.pack_id.astype(int).tolist(),
        "pack_size": result.pack_size.astype(int).tolist(),
        "boundary_m": [round(float(b), 1) for b in course.boundary_m],
        "elevation_m": [round(float(z), 1) for z in course.elevation_m],
        "headwind_m_s": [round(float(h), 2) for h in result.weather.headwind_profile_m_s()],
        "wind": f"{result.weather.wind_mean_m_s:.1f} m/s from {result.weather.wind_from_deg:.0f}° "
                f"({compass(result.weather.wind_from_deg)})",
        "end_s": round(race_end_s(result), 1),
        "colours": list(PACK_COLOURS),
        "no_pack_colour": NO_PACK_COLOUR,
        "focal": [n for n in focal if n in names],
    }


def write_replay_html(result, path, focal=()):
    """Write the race as one self-contained HTML page with an interactive canvas replay.

    Dots along the course coloured by pack, the leader labelled, a clock, the elevation profile and the
    head/tail wind beneath; a time slider, play/pause, a speed selector and a "follow runner" select
    (which zooms onto that runner); hovering a dot shows the runner, his pack (id, size) and his gap to
    the leader. Opened as ``replay.html#selftest`` the page moves the slider itself and records what it
    drew in ``data-*`` attributes of ``<body>`` (used by the browser test).

    Parameters
    ----------
    result : sim.engine.race.RaceResult
    path : str or Path
        The page to write (normally ``<run dir>/replay.html``).
    focal : sequence of str
        Runners drawn larger and labelled, and listed first in the follow select.

    Returns
    -------
    Path
        ``path``.
    """
    data = json.dumps(replay_data(result, focal), separators=(",", ":"), allow_nan=False)
    data = data.replace("</", "<\\/")   # a runner name cannot close the script element
    title = result.course.name.replace("&", "&amp;").replace("<", "&lt;")
    html = PAGE.replace("%%TITLE%%", title).replace("%%DATA%%", data)
    Path(path).write_text(html, encoding="utf-8")
    return Path(path)


PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>%%TITLE%% - replay</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 12px 16px; color: #222; }
h1 { font-size: 17px; margin: 0 0 6px; }
#controls { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
#slider { flex: 1; min-width: 200px; }
#clock { font: bold 18px monospace; min-width: 90px; }
#wrap { position: relative; }
canvas { display: block; width: 100%; }
#tip { position: absolute; pointer-events: none; background: rgba(255,255,255,0.95); border: 1px solid #888;
       padding: 4px 7px; font-size: 12px; white-space: pre; display: none; border-radius: 3px; }
#legend { font-size: 12px; color: #555; margin-top: 4px; }
</style>
</head>
<body>
<h1 id="title"></h1>
<div id="controls">
  <button id="play" type="button">Play</button>
  <span id="clock">0:00:00</span>
  <input id="slider" type="range" min="0" step="1" value="0" aria-label="race time">
  <label>speed <select id="speed">
    <option value="10">10x</option><option value="30">30x</option><option value="60" selected>60x</option>
    <option value="120">120x</option><option value="300">300x</option></select></label>
  <label>follow <select id="follow"><option value="-1">whole course</option></select></label>
</div>
<div id="wrap"><canvas id="race"></canvas><div id="tip"></div></div>
<div id="legend"></div>
<script>
"use strict";
var ERRORS = [];
window.onerror = function (msg, src, line) {
  ERRORS.push(String(msg) + " (line " + line + ")");
  document.body.setAttribute("data-errors", JSON.stringify(ERRORS));
};
(function () {
  var origError = console.error;
  console.error = function () {
    ERRORS.push(Array.prototype.join.call(arguments, " "));
    document.body.setAttribute("data-errors", JSON.stringify(ERRORS));
    origError.apply(console, arguments);
  };
})();
var D = %%DATA%%;
var N = D.names.length, CP = D.checkpoint_m.length;

// knots per runner: (0 s, start) then every checkpoint reached
var KT = [], KX = [], FIN = [];
for (var i = 0; i < N; i++) {
  var kt = [0], kx = [D.start_m[i]];
  for (var c = 0; c < CP; c++) {
    if (D.split_s[i][c] === null) break;
    kt.push(D.split_s[i][c]); kx.push(D.checkpoint_m[c]);
  }
  KT.push(kt); KX.push(kx); FIN.push(kt.length === CP + 1);
}

// distance [m] of runner i at time t (NaN once a DNF is out), and the index of his last checkpoint
function posAt(i, t) {
  var kt = KT[i], kx = KX[i], n = kt.length;
  if (t >= kt[n - 1]) return FIN[i] || n === 1 && t === 0 ? kx[n - 1] : NaN;
  var lo = 0, hi = n - 1;
  while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (kt[mid] <= t) lo = mid; else hi = mid; }
  return kx[lo] + (kx[hi] - kx[lo]) * (t - kt[lo]) / (kt[hi] - kt[lo]);
}
function lastCp(i, t) {
  var kt = KT[i], c = 0;
  while (c + 1 < kt.length && kt[c + 1] <= t) c++;
  return Math.max(c - 1, 0);
}
// the time runner i passed distance x (linear between his knots), for gaps to the leader
function timeAt(i, x) {
  var kt = KT[i], kx = KX[i];
  for (var k = 1; k < kt.length; k++) {
    if (kx[k] >= x) return kt[k - 1] + (kt[k] - kt[k - 1]) * (x - kx[k - 1]) / (kx[k] - kx[k - 1]);
  }
  return NaN;
}
function hms(s) {
  s = Math.round(s);
  var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
  return h + ":" + (m < 10 ? "0" : "") + m + ":" + (r < 10 ? "0" : "") + r;
}
function lane(i) { return 0.08 + 0.84 * (((i * 0.6180339887 + 0.5) % 1) + 1) % 1; }
function colour(pid) { return pid > 0 ? D.colours[pid % D.colours.length] : D.no_pack_colour; }

var canvas = document.getElementById("race"), ctx = canvas.getContext("2d");
var slider = document.getElementById("slider"), clock = document.getElementById("clock");
var playBtn = document.getElementById("play"), speedSel = document.getElementById("speed");
var followSel = document.getElementById("follow"), tip = document.getElementById("tip");
var FOCAL = {};
D.focal.forEach(function (n) { FOCAL[D.names.indexOf(n)] = true; });
document.getElementById("title").textContent = D.name + " - replay";
document.getElementById("legend").textContent = "Dots: runners, coloured by pack at their last checkpoint " +
  "(grey: not in a pack). Below: elevation and the mean head(+, red) / tail(-, blue) wind, " + D.wind + ".";
slider.max = String(Math.ceil(D.end_s));
D.focal.concat(D.names.filter(function (n) { return D.focal.indexOf(n) < 0; })).forEach(function (n) {
  var o = document.createElement("option");
  o.value = String(D.names.indexOf(n)); o.textContent = n;
  followSel.appendChild(o);
});

var W = 0, H = 420, PAD_L = 46, PAD_R = 14, RACE_TOP = 8, RACE_H = 250, ELEV_TOP = 272, ELEV_H = 90,
    WIND_TOP = 374, WIND_H = 26;
var state = { t: 0, x: [], pid: [], psize: [], leader: -1, x0: 0, x1: D.distance_m, screen: [] };

function resize() {
  var dpr = window.devicePixelRatio || 1;
  W = canvas.parentNode.clientWidth || 900;
  canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr);
  canvas.style.height = H + "px";
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}
function sx(m) { return PAD_L + (m - state.x0) / (state.x1 - state.x0) * (W - PAD_L - PAD_R); }

function compute(t) {
  state.t = t; state.leader = -1;
  var best = -Infinity;
  for (var i = 0; i < N; i++) {
    var x = posAt(i, t), c = lastCp(i, t);
    state.x[i] = x; state.pid[i] = D.pack_id[i][c]; state.psize[i] = D.pack_size[i][c];
    if (isFinite(x) && (x > best || x === best && FIN[i] && KT[i][CP] < KT[state.leader][CP])) {
      best = x; state.leader = i;
    }
  }
  var f = +followSel.value;
  if (f >= 0 && isFinite(state.x[f])) {
    state.x0 = state.x[f] - 1500; state.x1 = state.x[f] + 1500;
  } else { state.x0 = Math.min(0, Math.min.apply(null, D.start_m)) - 200; state.x1 = D.distance_m + 200; }
}

function draw() {
  ctx.clearRect(0, 0, W, H);
  ctx.font = "11px system-ui, sans-serif";
  // distance grid and finish line
  var span = state.x1 - state.x0, step = span > 20000 ? 5000 : span > 5000 ? 1000 : 500;
  ctx.strokeStyle = "#eee"; ctx.fillStyle = "#777"; ctx.lineWidth = 1;
  for (var g = Math.ceil(state.x0 / step) * step; g <= state.x1; g += step) {
    ctx.beginPath(); ctx.moveTo(sx(g), RACE_TOP); ctx.lineTo(sx(g), WIND_TOP + WIND_H); ctx.stroke();
    ctx.fillText((g / 1000) + " km", sx(g) + 2, WIND_TOP + WIND_H + 13);
  }
  ctx.strokeStyle = "#444"; ctx.lineWidth = 1.5;
  ctx.beginPath(); ctx.moveTo(sx(D.distance_m), RACE_TOP); ctx.lineTo(sx(D.distance_m), RACE_TOP + RACE_H); ctx.stroke();
  ctx.strokeStyle = "#bbb"; ctx.lineWidth = 1; ctx.strokeRect(PAD_L, RACE_TOP, W - PAD_L - PAD_R, RACE_H);
  // elevation
  var zmin = Math.min.apply(null, D.elevation_m) - 5, zmax = Math.max.apply(null, D.elevation_m) + 5;
  function sz(z) { return ELEV_TOP + ELEV_H - (z - zmin) / (zmax - zmin) * ELEV_H; }
  ctx.beginPath(); ctx.moveTo(sx(D.boundary_m[0]), ELEV_TOP + ELEV_H);
  for (var b = 0; b < D.boundary_m.length; b++) ctx.lineTo(sx(D.boundary_m[b]), sz(D.elevation_m[b]));
  ctx.lineTo(sx(D.distance_m), ELEV_TOP + ELEV_H); ctx.closePath();
  ctx.fillStyle = "#ccc"; ctx.fill(); ctx.strokeStyle = "#555"; ctx.stroke();
  ctx.fillStyle = "#555";
  ctx.fillText(Math.round(zmax - 5) + " m", 2, ELEV_TOP + 10); ctx.fillText(Math.round(zmin + 5) + " m", 2, ELEV_TOP + ELEV_H);
  // wind per segment: red head, blue tail
  var wmax = Math.max(0.5, Math.max.apply(null, D.headwind_m_s.map(Math.abs))), mid = WIND_TOP + WIND_H / 2;
  for (var s = 0; s < D.headwind_m_s.length; s++) {
    var h = D.headwind_m_s[s];
    ctx.fillStyle = h >= 0 ? "rgba(214,39,40,0.6)" : "rgba(31,119,180,0.6)";
    ctx.fillRect(sx(D.boundary_m[s]), mid, sx(D.boundary_m[s + 1]) - sx(D.boundary_m[s]), -h / wmax * WIND_H / 2);
  }
  ctx.fillStyle = "#555"; ctx.fillText("wind", 2, mid + 4);
  // runners
  ctx.save(); ctx.beginPath(); ctx.rect(PAD_L, RACE_TOP, W - PAD_L - PAD_R, RACE_H); ctx.clip();
  var f = +followSel.value;
  state.screen = [];
  for (var i = 0; i < N; i++) {
    if (!isFinite(state.x[i])) continue;
    var px = sx(state.x[i]), py = RACE_TOP + lane(i) * RACE_H, big = FOCAL[i] || i === f;
    state.screen.push([i, px, py]);
    ctx.beginPath(); ctx.arc(px, py, big ? 5.5 : 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = colour(state.pid[i]); ctx.fill();
    if (big) {
      ctx.lineWidth = 1.5; ctx.strokeStyle = "#000"; ctx.stroke();
      ctx.fillStyle = "#000"; ctx.fillText(D.names[i], px + 8, py + 4);
    }
  }
  if (state.leader >= 0) {
    var lx = sx(state.x[state.leader]), ly = RACE_TOP + lane(state.leader) * RACE_H;
    ctx.font = "bold 12px system-ui, sans-serif"; ctx.fillStyle = "#000"; ctx.textAlign = "center";
    ctx.fillText(D.names[state.leader] + " " + (state.x[state.leader] / 1000).toFixed(1) + " km", lx,
                 Math.max(ly - 10, RACE_TOP + 24));
    ctx.textAlign = "start";
  }
  ctx.restore();
  if (state.leader >= 0) {
    var ex = state.x[state.leader];
    ctx.fillStyle = "#000"; ctx.beginPath();
    var zx = sx(ex), zy = sz(interp(ex, D.boundary_m, D.elevation_m));
    ctx.moveTo(zx - 5, zy - 9); ctx.lineTo(zx + 5, zy - 9); ctx.lineTo(zx, zy - 1); ctx.fill();
  }
  var fin = 0, out = 0;
  for (var j = 0; j < N; j++) { if (!isFinite(state.x[j])) out++; else if (state.x[j] >= D.distance_m) fin++; }
  ctx.font = "12px system-ui, sans-serif"; ctx.fillStyle = "#333";
  ctx.fillText("finished " + fin + "   out " + out + "   starters " + N, PAD_L + 6, RACE_TOP + 14);
  clock.textContent = hms(state.t);
}
function interp(x, xs, ys) {
  if (x <= xs[0]) return ys[0];
  for (var k = 1; k < xs.length; k++) if (xs[k] >= x) return ys[k - 1] + (ys[k] - ys[k - 1]) * (x - xs[k - 1]) / (xs[k] - xs[k - 1]);
  return ys[ys.length - 1];
}
function render(t) { compute(t); draw(); slider.value = String(Math.round(t)); }

function tipText(i) {
  var lead = state.leader, pid = state.pid[i], gap;
  if (i === lead) gap = "leader";
  else if (state.x[i] >= D.distance_m) gap = "finished " + hms(KT[i][CP]) + " (+" + hms(KT[i][CP] - KT[lead][CP]) + ")";
  else {
    var dt = state.t - timeAt(lead, state.x[i]);
    gap = "+" + (isFinite(dt) ? hms(dt) : "?") + " / " + Math.round(state.x[lead] - state.x[i]) + " m behind the leader";
  }
  return D.names[i] + "\n" + (pid > 0 ? "pack " + pid + " (" + state.psize[i] + " runners)" : "not in a pack (group of " + state.psize[i] + ")") +
    "\n" + (state.x[i] / 1000).toFixed(2) + " km, " + gap;
}
canvas.addEventListener("mousemove", function (ev) {
  var r = canvas.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top, best = -1, bd = 64;
  state.screen.forEach(function (p) {
    var d = (p[1] - mx) * (p[1] - mx) + (p[2] - my) * (p[2] - my);
    if (d < bd) { bd = d; best = p[0]; }
  });
  if (best < 0) { tip.style.display = "none"; return; }
  tip.textContent = tipText(best);
  tip.style.display = "block";
  tip.style.left = Math.min(mx + 12, W - 260) + "px"; tip.style.top = (my + 12) + "px";
});
canvas.addEventListener("mouseleave", function () { tip.style.display = "none"; });

var playing = false, lastFrame = 0;
function tick(now) {
  if (!playing) return;
  var dt = lastFrame ? (now - lastFrame) / 1000 : 0;
  lastFrame = now;
  var t = Math.min(state.t + dt * +speedSel.value, D.end_s);
  render(t);
  if (t >= D.end_s) { setPlaying(false); return; }
  requestAnimationFrame(tick);
}
function setPlaying(on) {
  playing = on; playBtn.textContent = on ? "Pause" : "Play"; lastFrame = 0;
  if (on) { if (state.t >= D.end_s) render(0); requestAnimationFrame(tick); }
}
playBtn.addEventListener("click", function () { setPlaying(!playing); });
slider.addEventListener("input", function () { render(+slider.value); });
followSel.addEventListener("change", function () { render(state.t); });
window.addEventListener("resize", function () { resize(); render(state.t); });

resize();
render(0);
document.body.setAttribute("data-rendered", "1");

// replay.html#selftest: move the slider as a user would and record what was drawn (for the browser test)
if (location.hash === "#selftest") {
  function moveTo(t) {
    slider.value = String(Math.round(t));
    slider.dispatchEvent(new Event("input"));
    return JSON.stringify(state.x.map(function (x) { return isFinite(x) ? Math.round(x) : null; }));
  }
  document.body.setAttribute("data-pos-a", moveTo(D.end_s * 0.3));
  document.body.setAttribute("data-pos-b", moveTo(D.end_s * 0.6));
  var p = state.screen.filter(function (s) { return s[0] === state.leader; })[0], r = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new MouseEvent("mousemove", { clientX: r.left + p[1], clientY: r.top + p[2] }));
  document.body.setAttribute("data-tip", tip.textContent);
  document.body.setAttribute("data-dots", String(state.screen.length));
  document.body.setAttribute("data-selftest", "done");
}
</script>
</body>
</html>
"""
