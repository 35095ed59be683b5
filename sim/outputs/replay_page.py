"""The page of ``replay.html`` (:mod:`sim.outputs.replay_html` fills in ``%%TITLE%%`` and ``%%DATA%%``).

Plain HTML, CSS and one inline script (no library, nothing loaded from the network). The data ``D`` is
either a per-runner race (``D.mode == "runners"``: every runner's splits and packs) or a mass race
(``"crowd"``: runners per bin per frame, and the named leaders' splits).
"""

PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>%%TITLE%% - replay</title>
<style>
* { box-sizing: border-box; }
body { font: 13px system-ui, sans-serif; margin: 0; padding: 8px 12px; color: #222; background: #fff; }
h1 { font-size: 16px; margin: 0 8px 0 0; display: inline; }
#sub { color: #666; font-size: 12px; }
#controls { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
#slider { flex: 1; min-width: 160px; }
#clock { font: bold 18px ui-monospace, monospace; }
#tod { font: 14px ui-monospace, monospace; color: #444; }
#main { display: grid; grid-template-columns: minmax(0, 1fr) 330px; gap: 10px; }
@media (max-width: 820px) { #main { grid-template-columns: 1fr; } }
#mapwrap { position: relative; border: 1px solid #ddd; border-radius: 4px; background: #f7f6f2; }
canvas { display: block; width: 100%; }
#board { border: 1px solid #ddd; border-radius: 4px; padding: 6px 8px; overflow: hidden; }
#status { font-size: 12px; color: #444; margin-bottom: 4px; }
#leaders { width: 100%; border-collapse: collapse; font-size: 12px; }
#leaders th { text-align: left; color: #666; font-weight: normal; border-bottom: 1px solid #ccc; padding: 2px 3px; }
#leaders td { padding: 2px 3px; border-bottom: 1px solid #f0f0f0; white-space: nowrap; cursor: pointer; }
#leaders td.n { max-width: 150px; overflow: hidden; text-overflow: ellipsis; }
#leaders td.r { text-align: right; font-variant-numeric: tabular-nums; }
#leaders tr.focal td { font-weight: bold; }
#leaders tr.follow td { background: #fff4c2; }
#leaders tr.sep td { border: 0; color: #999; text-align: center; padding: 0; cursor: default; }
.sw { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; vertical-align: -1px; }
#profwrap { margin-top: 8px; border: 1px solid #ddd; border-radius: 4px; }
#tip { position: absolute; pointer-events: none; background: rgba(255,255,255,0.95); border: 1px solid #888;
       padding: 4px 7px; font-size: 12px; white-space: pre; display: none; border-radius: 3px; z-index: 2; }
#legend { font-size: 11px; color: #666; margin-top: 4px; }
</style>
</head>
<body>
<div><h1 id="title"></h1><span id="sub"></span></div>
<div id="controls">
  <button id="play" type="button">Play</button>
  <span id="clock">0:00:00</span>
  <span id="tod"></span>
  <input id="slider" type="range" min="0" step="1" value="0" aria-label="race time">
  <label>speed <select id="speed"></select></label>
  <label>follow <select id="follow"><option value="-1">whole course</option></select></label>
</div>
<div id="main">
  <div id="mapwrap"><canvas id="map"></canvas><div id="tip"></div></div>
  <div id="board">
    <div id="status"></div>
    <table id="leaders"><thead><tr><th>#</th><th>runner</th><th class="r">gap</th><th id="packhead">pack</th></tr></thead>
    <tbody></tbody></table>
  </div>
</div>
<div id="profwrap"><canvas id="profile"></canvas></div>
<div id="legend"></div>
<script>
"use strict";
var ERRORS = [];
function noteError(text) {
  ERRORS.push(text);
  document.body.setAttribute("data-errors", JSON.stringify(ERRORS));
}
window.onerror = function (msg, src, line) { noteError(String(msg) + " (line " + line + ")"); };
(function () {
  var origError = console.error;
  console.error = function () { noteError(Array.prototype.join.call(arguments, " ")); origError.apply(console, arguments); };
})();
var D = %%DATA%%;
var CROWD = D.mode === "crowd";
var N = D.names.length, CP = D.checkpoint_m.length, NB = D.boundary_m.length;

// knots per runner: (start time, start) then every checkpoint reached
var KT = [], KX = [], FIN = [];
for (var i = 0; i < N; i++) {
  var kt = [D.start_s[i]], kx = [D.start_m[i]];
  for (var c = 0; c < CP; c++) {
    if (D.split_s[i][c] === null) break;
    kt.push(D.split_s[i][c]); kx.push(D.checkpoint_m[c]);
  }
  KT.push(kt); KX.push(kx); FIN.push(kt.length === CP + 1);
}

// distance [m] of runner i at time t (NaN once a DNF is out)
function posAt(i, t) {
  var kt = KT[i], kx = KX[i], n = kt.length;
  if (t <= kt[0]) return kx[0];
  if (t >= kt[n - 1]) return FIN[i] ? kx[n - 1] : NaN;
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
  if (x <= kx[0]) return kt[0];
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
function gapText(s) {
  s = Math.max(0, Math.round(s));
  if (s < 3600) { var m = Math.floor(s / 60), r = s % 60; return "+" + m + ":" + (r < 10 ? "0" : "") + r; }
  return "+" + hms(s);
}
function clockText(s) {
  s = Math.round(s) % 86400;
  var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60);
  return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
}
function lane(i) { return (((i * 0.6180339887 + 0.5) % 1) + 1) % 1 - 0.5; }
function colour(pid) { return pid > 0 ? D.colours[pid % D.colours.length] : D.no_pack_colour; }
function interp(x, xs, ys) {
  if (x <= xs[0]) return ys[0];
  var lo = 0, hi = xs.length - 1;
  if (x >= xs[hi]) return ys[hi];
  while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (xs[mid] <= x) lo = mid; else hi = mid; }
  return ys[lo] + (ys[hi] - ys[lo]) * (x - xs[lo]) / (xs[hi] - xs[lo]);
}
function series(a, t) { return a.length ? a[Math.min(a.length - 1, Math.max(0, Math.floor(t / D.series_step_s)))] : 0; }
// position and direction on the map at distance m along the course
function mapAt(m) {
  var b = D.boundary_m, lo = 0, hi = NB - 1;
  m = Math.min(Math.max(m, 0), b[hi]);
  while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (b[mid] <= m) lo = mid; else hi = mid; }
  var f = (m - b[lo]) / (b[hi] - b[lo] || 1), dx = D.map_x_m[hi] - D.map_x_m[lo], dy = D.map_y_m[hi] - D.map_y_m[lo],
      len = Math.sqrt(dx * dx + dy * dy) || 1;
  return [D.map_x_m[lo] + f * dx, D.map_y_m[lo] + f * dy, dx / len, dy / len];
}
// heat colour for u in [0, 1]: pale yellow, orange, red, dark red
var HEAT = [[255, 237, 160], [254, 178, 76], [240, 59, 32], [128, 0, 38]];
function heat(u) {
  u = Math.min(Math.max(u, 0), 1) * (HEAT.length - 1);
  var k = Math.min(Math.floor(u), HEAT.length - 2), f = u - k, a = HEAT[k], b = HEAT[k + 1];
  return "rgb(" + Math.round(a[0] + f * (b[0] - a[0])) + "," + Math.round(a[1] + f * (b[1] - a[1])) + "," +
         Math.round(a[2] + f * (b[2] - a[2])) + ")";
}

var mapCanvas = document.getElementById("map"), mctx = mapCanvas.getContext("2d");
var profCanvas = document.getElementById("profile"), pctx = profCanvas.getContext("2d");
var slider = document.getElementById("slider"), clock = document.getElementById("clock");
var tod = document.getElementById("tod"), statusBox = document.getElementById("status");
var playBtn = document.getElementById("play"), speedSel = document.getElementById("speed");
var followSel = document.getElementById("follow"), tip = document.getElementById("tip");
var tbody = document.querySelector("#leaders tbody");
var FOCAL = {};
D.focal.forEach(function (n) { var k = D.names.indexOf(n); if (k >= 0) FOCAL[k] = true; });
document.getElementById("title").textContent = D.name + " - replay";
document.getElementById("sub").textContent = (D.distance_m / 1000).toFixed(1) + " km, map from the " + D.map_source +
  (CROWD ? ", " + D.starters.toLocaleString("en") + " starters" : ", " + N + " runners");
document.getElementById("packhead").textContent = CROWD ? "pen" : "pack";
document.getElementById("legend").textContent = (CROWD
  ? "Map and strip under the profile: runners on course per " + Math.round(D.bin_m) + " m (pale: few, dark red: up to " +
    D.density_max.toLocaleString("en") + "); dots: the leaders and focal runners. "
  : "Dots: runners, coloured by pack at their last checkpoint (grey: not in a pack); ringed: focal runners. ") +
  "Below: elevation with the runners' positions, and the wind of the moment along the course (red: head, blue: tail; " +
  "from " + D.wind_from + "). Click a leaderboard row to follow that runner.";
slider.max = String(Math.ceil(D.end_s));
[10, 30, 60, 120, 300, 600, 1200].forEach(function (v) {
  var o = document.createElement("option"); o.value = String(v); o.textContent = v + "x"; speedSel.appendChild(o);
});
speedSel.value = String([10, 30, 60, 120, 300, 600, 1200].reduce(function (a, v) {
  return Math.abs(Math.log(v / (D.end_s / 90))) < Math.abs(Math.log(a / (D.end_s / 90))) ? v : a;
}, 60));
var order0 = D.focal.map(function (n) { return D.names.indexOf(n); });
for (var k = 0; k < N; k++) if (order0.indexOf(k) < 0) order0.push(k);
order0.forEach(function (k) {
  var o = document.createElement("option"); o.value = String(k); o.textContent = D.names[k]; followSel.appendChild(o);
});

// bins of a mass race: each bin's stretch of course on the map, from boundary to boundary
var BINS = [];
if (CROWD) {
  var nb = D.density[0].length;
  for (var q = 0; q < nb; q++) {
    var a = q * D.bin_m, z = Math.min((q + 1) * D.bin_m, D.distance_m), pts = [mapAt(a)];
    for (var bb = 0; bb < NB; bb++) if (D.boundary_m[bb] > a && D.boundary_m[bb] < z) pts.push(mapAt(D.boundary_m[bb]));
    pts.push(mapAt(z));
    BINS.push(pts);
  }
}

var MAP_W = 0, MAP_H = 0, PROF_W = 0, PROF_H = 190;
var XMIN = Math.min.apply(null, D.map_x_m), XMAX = Math.max.apply(null, D.map_x_m);
var YMIN = Math.min.apply(null, D.map_y_m), YMAX = Math.max.apply(null, D.map_y_m);
var view = { cx: 0, cy: 0, k: 1 };
var state = { t: 0, x: [], pid: [], psize: [], order: [], leader: -1, screen: [], density: null, labels: [] };

function fit(canvas, ctx, w, h) {
  var dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
  canvas.style.height = h + "px";
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}
function resize() {
  MAP_W = mapCanvas.parentNode.clientWidth || 800;
  MAP_H = Math.max(280, Math.min(720, window.innerHeight - 120 - PROF_H - 40));
  fit(mapCanvas, mctx, MAP_W, MAP_H);
  PROF_W = profCanvas.parentNode.clientWidth || 1000;
  fit(profCanvas, pctx, PROF_W, PROF_H);
  document.getElementById("board").style.height = MAP_H + 2 + "px";
}
function sx(x) { return MAP_W / 2 + (x - view.cx) * view.k; }
function sy(y) { return MAP_H / 2 - (y - view.cy) * view.k; }

function compute(t) {
  state.t = t;
  var alive = [];
  for (var i = 0; i < N; i++) {
    var x = posAt(i, t), c = lastCp(i, t);
    state.x[i] = x;
    state.pid[i] = CROWD ? 0 : D.pack_id[i][c]; state.psize[i] = CROWD ? 0 : D.pack_size[i][c];
    if (isFinite(x)) alive.push(i);
  }
  // the order of the race: finishers by finish time, then by distance (the first to reach it ahead)
  alive.sort(function (a, b) {
    var fa = state.x[a] >= D.distance_m, fb = state.x[b] >= D.distance_m;
    if (fa && fb) return KT[a][CP] - KT[b][CP] || a - b;
    if (fa !== fb) return fa ? -1 : 1;
    return state.x[b] - state.x[a] || a - b;
  });
  state.order = alive; state.leader = alive.length ? alive[0] : -1;
  if (CROWD) {
    var f = t / D.frame_s, k0 = Math.min(Math.floor(f), D.density.length - 1), k1 = Math.min(k0 + 1, D.density.length - 1),
        w = Math.min(f - k0, 1), d0 = D.density[k0], d1 = D.density[k1];
    state.density = d0.map(function (v, b) { return v + w * (d1[b] - v); });
    state.finished = Math.round(D.finished[k0] + w * (D.finished[k1] - D.finished[k0]));
    state.out = Math.round(D.out[k0] + w * (D.out[k1] - D.out[k0]));
  }
  var whole = Math.min((MAP_W - 60) / (XMAX - XMIN || 1), (MAP_H - 60) / (YMAX - YMIN || 1));
  var fo = +followSel.value;
  if (fo >= 0 && isFinite(state.x[fo])) {
    var p = mapAt(state.x[fo]);
    view.cx = p[0]; view.cy = p[1]; view.k = Math.max(whole, Math.min(MAP_W, MAP_H) / 3000);
  } else { view.cx = (XMIN + XMAX) / 2; view.cy = (YMIN + YMAX) / 2; view.k = whole; }
}

function gapOf(i) {
  var lead = state.leader;
  if (i === lead) return state.x[i] >= D.distance_m ? hms(KT[i][CP]) : (state.x[i] / 1000).toFixed(1) + " km";
  if (state.x[i] >= D.distance_m) return gapText(KT[i][CP] - KT[lead][CP]);
  var dt = state.t - timeAt(lead, state.x[i]);
  return isFinite(dt) ? gapText(dt) : "";
}

function drawMap() {
  var ctx = mctx;
  ctx.clearRect(0, 0, MAP_W, MAP_H);
  ctx.lineJoin = "round"; ctx.lineCap = "round";
  // the road
  ctx.beginPath();
  for (var b = 0; b < NB; b++) { var X = sx(D.map_x_m[b]), Y = sy(D.map_y_m[b]); if (b) ctx.lineTo(X, Y); else ctx.moveTo(X, Y); }
  ctx.strokeStyle = "#a89b80"; ctx.lineWidth = 9; ctx.stroke();
  ctx.strokeStyle = D.course_colour; ctx.lineWidth = 6; ctx.stroke();
  // the crowd: runners per bin as a heat strip along the road
  if (CROWD) {
    var lmax = Math.log(1 + Math.max(1, D.density_max));
    for (var q = 0; q < BINS.length; q++) {
      var n = state.density[q];
      if (n < 0.5) continue;
      var u = Math.log(1 + n) / lmax, pts = BINS[q];
      ctx.beginPath(); ctx.moveTo(sx(pts[0][0]), sy(pts[0][1]));
      for (var p = 1; p < pts.length; p++) ctx.lineTo(sx(pts[p][0]), sy(pts[p][1]));
      ctx.strokeStyle = heat(u); ctx.lineWidth = 5 + 9 * u; ctx.stroke();
    }
  }
  // kilometre marks
  var every = D.distance_m > 60000 ? 10000 : 5000;
  ctx.font = "11px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
  var placed = [];
  for (var m = every; m < D.distance_m - every / 4; m += every) {
    var mk = mapAt(m), kx = sx(mk[0]) - mk[3] * 14, ky = sy(mk[1]) - mk[2] * 14;
    if (kx < 0 || kx > MAP_W || ky < 0 || ky > MAP_H) continue;
    ctx.fillStyle = "#555"; ctx.beginPath(); ctx.arc(sx(mk[0]), sy(mk[1]), 2, 0, 2 * Math.PI); ctx.fill();
    halo(ctx, (m / 1000) + " km", kx, ky, "#666");
    placed.push([kx - 16, ky - 7, 32, 14]);
  }
  // start and finish
  var s0 = [sx(D.map_x_m[0]), sy(D.map_y_m[0])], s1 = [sx(D.map_x_m[NB - 1]), sy(D.map_y_m[NB - 1])];
  var closeLoop = Math.abs(s0[0] - s1[0]) + Math.abs(s0[1] - s1[1]) < 30;
  marker(ctx, s0[0], s0[1], "#2ca02c"); marker(ctx, s1[0], s1[1], "#000");
  ctx.textAlign = "left";
  halo(ctx, closeLoop ? "start / finish" : "start", s0[0] + 9, s0[1] - 9, "#2a7a2a");
  placed.push([s0[0] + 9, s0[1] - 16, 80, 14]);
  if (!closeLoop) { halo(ctx, "finish", s1[0] + 9, s1[1] - 9, "#000"); placed.push([s1[0] + 9, s1[1] - 16, 40, 14]); }
  // runners
  state.screen = [];
  var fo = +followSel.value, labelled = [];
  var drawOrder = state.order.slice().reverse();   // the leaders on top
  for (var j = 0; j < drawOrder.length; j++) {
    var i = drawOrder[j], pos = mapAt(Math.max(state.x[i], 0)), off = CROWD ? 0 : lane(i) * 12;
    var px = sx(pos[0]) - pos[3] * off, py = sy(pos[1]) - pos[2] * off, big = FOCAL[i] || i === fo;
    if (px < -10 || px > MAP_W + 10 || py < -10 || py > MAP_H + 10) continue;
    state.screen.push([i, px, py]);
    ctx.beginPath(); ctx.arc(px, py, big ? 5.5 : 4, 0, 2 * Math.PI);
    ctx.fillStyle = CROWD ? (i === state.leader ? "#111" : "#3a3a8c") : colour(state.pid[i]); ctx.fill();
    ctx.lineWidth = big ? 2 : 0.7; ctx.strokeStyle = big ? "#000" : "#fff"; ctx.stroke();
  }
  // labels: the followed runner, the leader, the focal runners (and a mass race's top three); no overlap
  var want = [];
  if (fo >= 0) want.push(fo);
  if (state.leader >= 0) want.push(state.leader);
  state.order.forEach(function (i, place) { if (FOCAL[i] || CROWD && place < 3) want.push(i); });
  var seen = {};
  ctx.font = "bold 12px system-ui, sans-serif"; ctx.textBaseline = "middle";
  state.labels = [];
  want.forEach(function (i) {
    if (seen[i] || !isFinite(state.x[i])) return;
    seen[i] = true;
    var dot = state.screen.filter(function (s) { return s[0] === i; })[0];
    if (!dot) return;
    var place = state.order.indexOf(i) + 1, text = place + ". " + D.names[i], w = ctx.measureText(text).width + 4, h = 15;
    var box = placeLabel(dot[1], dot[2], w, h, placed);
    placed.push(box);
    state.labels.push(box);
    ctx.strokeStyle = "rgba(0,0,0,0.55)"; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(dot[1], dot[2]);
    ctx.lineTo(Math.min(Math.max(dot[1], box[0]), box[0] + box[2]), Math.min(Math.max(dot[2], box[1]), box[1] + box[3]));
    ctx.stroke();
    ctx.textAlign = "left";
    halo(ctx, text, box[0] + 2, box[1] + h / 2, i === fo ? "#8a5a00" : "#000");
  });
  ctx.font = "11px system-ui, sans-serif"; ctx.textAlign = "left";
  ctx.fillStyle = "#666";
  ctx.fillText(fo >= 0 ? "following " + D.names[fo] + " (3 km window)" : "whole course, north up", 8, MAP_H - 10);
  scaleBar(ctx);
}
function halo(ctx, text, x, y, fill) {
  ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(text, x, y);
  ctx.fillStyle = fill; ctx.fillText(text, x, y);
}
function marker(ctx, x, y, fill) {
  ctx.beginPath(); ctx.arc(x, y, 6, 0, 2 * Math.PI); ctx.fillStyle = fill; ctx.fill();
  ctx.lineWidth = 2; ctx.strokeStyle = "#fff"; ctx.stroke();
}
function overlaps(a, b) { return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]; }
var LABEL_ANGLES = [-45, 45, -135, 135, 0, 180, -90, 90, -20, 20, -160, 160, -70, 70, -110, 110];
// the first place around (x, y), nearest first, where a w x h label fits inside the map and over no other
function placeLabel(x, y, w, h, placed) {
  var best = null;
  for (var r = 12; r <= 132 && !best; r += 20) {
    for (var a = 0; a < LABEL_ANGLES.length; a++) {
      var ang = LABEL_ANGLES[a] * Math.PI / 180;
      var cx = x + r * Math.cos(ang), cy = y + r * Math.sin(ang);
      var bx = Math.cos(ang) >= 0 ? cx : cx - w, by = cy - h / 2;
      var box = [bx, by, w, h];
      if (bx < 2 || by < 2 || bx + w > MAP_W - 2 || by + h > MAP_H - 22) continue;
      if (placed.some(function (p) { return overlaps(p, box); })) continue;
      best = box; break;
    }
  }
  return best || [Math.min(Math.max(x + 10, 2), MAP_W - w - 2), Math.min(Math.max(y - h / 2, 2), MAP_H - h - 22), w, h];
}
function scaleBar(ctx) {
  var target = MAP_W / 6 / view.k, nice = [100, 200, 500, 1000, 2000, 5000, 10000, 20000], len = nice[0];
  nice.forEach(function (v) { if (v <= target) len = v; });
  var x1 = MAP_W - 14, x0 = x1 - len * view.k, y = MAP_H - 14;
  ctx.strokeStyle = "#444"; ctx.lineWidth = 2;
  ctx.beginPath(); ctx.moveTo(x0, y - 4); ctx.lineTo(x0, y); ctx.lineTo(x1, y); ctx.lineTo(x1, y - 4); ctx.stroke();
  ctx.textAlign = "center"; ctx.fillStyle = "#444";
  ctx.fillText(len >= 1000 ? len / 1000 + " km" : len + " m", (x0 + x1) / 2, y - 8);
  ctx.textAlign = "left";
}

function drawBoard() {
  var fo = +followSel.value, rows = [], shown = {};
  var top = Math.max(5, Math.min(20, Math.floor((MAP_H - 60) / 21) - Object.keys(FOCAL).length - 2));
  state.order.slice(0, top).forEach(function (i) { rows.push(i); shown[i] = true; });
  var extra = state.order.filter(function (i) { return !shown[i] && (FOCAL[i] || i === fo); });
  var html = [];
  function row(i) {
    var place = state.order.indexOf(i) + 1, cls = (FOCAL[i] ? "focal " : "") + (i === fo ? "follow" : "");
    var pack = CROWD ? D.pen[i] : '<span class="sw" style="background:' + colour(state.pid[i]) + '"></span>' +
      (state.pid[i] > 0 ? "pack of " + state.psize[i] : state.psize[i] > 1 ? "group of " + state.psize[i] : "alone");
    return '<tr class="' + cls + '" data-i="' + i + '"><td class="r">' + place + '</td><td class="n">' +
      esc(D.names[i]) + '</td><td class="r">' + gapOf(i) + '</td><td>' + pack + "</td></tr>";
  }
  rows.forEach(function (i) { html.push(row(i)); });
  if (extra.length) html.push('<tr class="sep"><td colspan="4">&middot; &middot; &middot;</td></tr>');
  extra.forEach(function (i) { html.push(row(i)); });
  tbody.innerHTML = html.join("");
  var fin = 0, out = 0, on = 0;
  if (CROWD) { fin = state.finished; out = state.out; on = D.starters - fin - out; }
  else for (var j = 0; j < N; j++) { if (!isFinite(state.x[j])) out++; else if (state.x[j] >= D.distance_m) fin++; else on++; }
  statusBox.textContent = "on course " + on.toLocaleString("en") + " \u00b7 finished " + fin.toLocaleString("en") +
    " \u00b7 out " + out.toLocaleString("en") + (CROWD ? " (leaders of " + D.starters.toLocaleString("en") + ")" : "");
}
function esc(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;"); }

function drawProfile() {
  var ctx = pctx, L = 48, R = 12, ET = 8, EH = 96, HT = ET + EH + 4, HH = CROWD ? 12 : 0, WT = HT + HH + 18, WH = 36;
  var W = PROF_W;
  function px(m) { return L + m / D.distance_m * (W - L - R); }
  ctx.clearRect(0, 0, W, PROF_H);
  ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "alphabetic";
  var zmin = Math.min.apply(null, D.elevation_m), zmax = Math.max.apply(null, D.elevation_m), pad = Math.max(5, (zmax - zmin) * 0.08);
  zmin -= pad; zmax += pad;
  function pz(z) { return ET + EH - (z - zmin) / (zmax - zmin) * EH; }
  // km grid
  var step = D.distance_m > 60000 ? 10000 : D.distance_m > 15000 ? 5000 : 1000;
  ctx.strokeStyle = "#eee"; ctx.lineWidth = 1; ctx.fillStyle = "#777"; ctx.textAlign = "center";
  for (var g = 0; g <= D.distance_m + 1; g += step) {
    ctx.beginPath(); ctx.moveTo(px(g), ET); ctx.lineTo(px(g), WT + WH); ctx.stroke();
    ctx.fillText(g / 1000 + " km", px(g), WT + WH + 13);
  }
  // elevation
  ctx.beginPath(); ctx.moveTo(px(0), ET + EH);
  for (var b = 0; b < NB; b++) ctx.lineTo(px(D.boundary_m[b]), pz(D.elevation_m[b]));
  ctx.lineTo(px(D.distance_m), ET + EH); ctx.closePath();
  ctx.fillStyle = "#e4dfd3"; ctx.fill(); ctx.strokeStyle = "#8a806c"; ctx.lineWidth = 1; ctx.stroke();
  ctx.textAlign = "right"; ctx.fillStyle = "#555";
  ctx.fillText(Math.round(zmax - pad) + " m", L - 4, pz(zmax - pad) + 4);
  ctx.fillText(Math.round(zmin + pad) + " m", L - 4, pz(zmin + pad) + 4);
  // the crowd as a strip under the profile
  if (CROWD) {
    var lmax = Math.log(1 + Math.max(1, D.density_max));
    for (var q = 0; q < state.density.length; q++) {
      if (state.density[q] < 0.5) continue;
      ctx.fillStyle = heat(Math.log(1 + state.density[q]) / lmax);
      ctx.fillRect(px(q * D.bin_m), HT, Math.max(1, px((q + 1) * D.bin_m) - px(q * D.bin_m)) + 0.5, HH);
    }
    ctx.strokeStyle = "#ccc"; ctx.strokeRect(L, HT, W - L - R, HH);
    ctx.fillText("runners", L - 4, HT + HH - 2);
  }
  // runners on the profile
  var fo = +followSel.value;
  for (var j = state.order.length - 1; j >= 0; j--) {
    var i = state.order[j], x = Math.max(state.x[i], 0), big = FOCAL[i] || i === fo;
    ctx.beginPath(); ctx.arc(px(x), pz(interp(x, D.boundary_m, D.elevation_m)) - 3, big ? 4 : 2.6, 0, 2 * Math.PI);
    ctx.fillStyle = CROWD ? "#3a3a8c" : colour(state.pid[i]); ctx.fill();
    if (big) { ctx.lineWidth = 1.5; ctx.strokeStyle = "#000"; ctx.stroke(); }
  }
  if (state.leader >= 0) {
    var lx = px(Math.max(state.x[state.leader], 0)), ly = pz(interp(state.x[state.leader], D.boundary_m, D.elevation_m));
    ctx.fillStyle = "#000"; ctx.beginPath();
    ctx.moveTo(lx - 5, ly - 16); ctx.lineTo(lx + 5, ly - 16); ctx.lineTo(lx, ly - 8); ctx.fill();
  }
  // the wind of the moment per segment: the gusting speed times each segment's head(+)/tail(-) share
  var wnow = series(D.wind_m_s, state.t), wmax = Math.max(1, Math.max.apply(null, D.wind_m_s)), mid = WT + WH / 2;
  for (var s = 0; s < D.headwind_share.length; s++) {
    var h = D.headwind_share[s] * wnow;
    ctx.fillStyle = h >= 0 ? "rgba(214,39,40,0.65)" : "rgba(31,119,180,0.65)";
    ctx.fillRect(px(D.boundary_m[s]), mid, Math.max(1, px(D.boundary_m[s + 1]) - px(D.boundary_m[s])), -h / wmax * WH / 2);
  }
  ctx.strokeStyle = "#bbb"; ctx.beginPath(); ctx.moveTo(L, mid); ctx.lineTo(W - R, mid); ctx.stroke();
  ctx.fillStyle = "#555"; ctx.textAlign = "right"; ctx.fillText("wind", L - 4, mid + 4);
  ctx.textAlign = "left";
  ctx.fillText("wind now " + wnow.toFixed(1) + " m/s from " + D.wind_from + ": head (red, up) / tail (blue, down)", L + 4, WT - 4);
  // where the leader and the followed runner are, through every panel
  [[state.leader, "#000"], [fo, "#c08000"]].forEach(function (p) {
    if (p[0] < 0 || !isFinite(state.x[p[0]])) return;
    var X = px(Math.max(state.x[p[0]], 0));
    ctx.strokeStyle = p[1]; ctx.setLineDash([3, 3]); ctx.beginPath(); ctx.moveTo(X, ET); ctx.lineTo(X, WT + WH); ctx.stroke();
    ctx.setLineDash([]);
  });
}

function draw() {
  drawMap(); drawBoard(); drawProfile();
  clock.textContent = hms(state.t);
  tod.textContent = "time of day " + clockText(D.start_clock_s + state.t) + " \u00b7 air " + series(D.temp_c, state.t).toFixed(1) + " \u00b0C";
  var r = function (el) { var b = el.getBoundingClientRect(); return JSON.stringify([Math.round(b.left), Math.round(b.top), Math.round(b.width), Math.round(b.height)]); };
  document.body.setAttribute("data-map-rect", r(mapCanvas));
  document.body.setAttribute("data-board-rect", r(document.getElementById("board")));
  document.body.setAttribute("data-profile-rect", r(profCanvas));
  document.body.setAttribute("data-rows", String(tbody.querySelectorAll("tr[data-i]").length));
  document.body.setAttribute("data-labels", JSON.stringify(state.labels.map(function (b) { return b.map(Math.round); })));
}
function render(t) { compute(t); draw(); slider.value = String(Math.round(t)); }

function tipText(i) {
  var pid = state.pid[i], place = state.order.indexOf(i) + 1;
  var what = CROWD ? "pen " + D.pen[i] : pid > 0 ? "pack " + pid + " (" + state.psize[i] + " runners)" : "not in a pack (group of " + state.psize[i] + ")";
  return place + ". " + D.names[i] + "\n" + what + "\n" + (Math.max(state.x[i], 0) / 1000).toFixed(2) + " km, " +
    (i === state.leader ? "leader" : gapOf(i) + " behind the leader");
}
mapCanvas.addEventListener("mousemove", function (ev) {
  var r = mapCanvas.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top, best = -1, bd = 64;
  state.screen.forEach(function (p) {
    var d = (p[1] - mx) * (p[1] - mx) + (p[2] - my) * (p[2] - my);
    if (d < bd) { bd = d; best = p[0]; }
  });
  if (best < 0) { tip.style.display = "none"; return; }
  tip.textContent = tipText(best);
  tip.style.display = "block";
  tip.style.left = Math.min(mx + 12, MAP_W - 240) + "px"; tip.style.top = Math.min(my + 12, MAP_H - 60) + "px";
});
mapCanvas.addEventListener("mouseleave", function () { tip.style.display = "none"; });
tbody.addEventListener("click", function (ev) {
  var tr = ev.target.closest("tr[data-i]");
  if (!tr) return;
  followSel.value = followSel.value === tr.getAttribute("data-i") ? "-1" : tr.getAttribute("data-i");
  render(state.t);
});

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

// replay.html#t=0.4 opens at 40 % of the race, #follow=Name follows a runner
var HASH = {};
location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
  var p = kv.split("="); if (p[0]) HASH[p[0]] = decodeURIComponent(p.slice(1).join("="));
});
if (HASH.follow !== undefined && D.names.indexOf(HASH.follow) >= 0) followSel.value = String(D.names.indexOf(HASH.follow));
resize();
render(HASH.t !== undefined ? Math.min(Math.max(+HASH.t, 0), 1) * D.end_s : 0);
document.body.setAttribute("data-rendered", "1");

// replay.html#selftest: move the slider as a user would and record what was drawn (for the browser test)
if (HASH.selftest !== undefined) {
  var moveTo = function (t) {
    slider.value = String(Math.round(t));
    slider.dispatchEvent(new Event("input"));
    return JSON.stringify(state.x.map(function (x) { return isFinite(x) ? Math.round(x) : null; }));
  };
  document.body.setAttribute("data-pos-a", moveTo(D.end_s * 0.3));
  document.body.setAttribute("data-pos-b", moveTo(D.end_s * 0.6));
  var p = state.screen.filter(function (s) { return s[0] === state.leader; })[0], r = mapCanvas.getBoundingClientRect();
  mapCanvas.dispatchEvent(new MouseEvent("mousemove", { clientX: r.left + p[1], clientY: r.top + p[2] }));
  document.body.setAttribute("data-tip", tip.textContent);
  document.body.setAttribute("data-dots", String(state.screen.length));
  var first = tbody.querySelector("tr[data-i]");
  first.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  document.body.setAttribute("data-followed", followSel.value === first.getAttribute("data-i") ? D.names[+followSel.value] : "");
  document.body.setAttribute("data-selftest", "done");
}
</script>
</body>
</html>
"""
