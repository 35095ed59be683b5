"""A course: a profile CSV (``distance_m, elevation_m`` and optional ``heading_deg``) cut into segments.

The profile is linear between its points; a point's heading holds until the next point, so loops,
turnarounds and 180° turns need no special code. A profile without ``heading_deg`` (a trail profile)
runs at ``course.default_heading_deg`` everywhere, so the wind is only its share along that one
direction. Optional columns: ``surface`` (one of :data:`sim.config.SURFACES`) and ``width_lanes`` (runners
abreast, > 0), each holding from its point to the next like the heading; empty cells continue the row
above (see :func:`segment_surface` for the defaults, ``course.surface_default`` and
``course.lanes_by_surface``); ``name`` marks a point (an aid station, a col):
the course keeps them as markers. A named row at the same distance as an unnamed one (a waypoint
snapped onto a track point) is a marker only. Segments are at most ``resolution_m`` long where
grade or heading change, merged up to ``max_segment_m`` where they do not, and always break at
checkpoints (every ``checkpoint_every_m``, halfway, finish) so splits are exact crossing times.
"""
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.config import DEFAULT_LANES_BY_SURFACE, MAX_COURSE_M, SURFACES
from sim.errors import PacksimError, shorten
from sim.inputs.gpx import read_profile_gpx
from sim.inputs.paths import resolve_path
from sim.inputs.profile import Profile
from sim.model.energetics import GRADE_MAX, GRADE_MIN

PROFILE_COLUMNS = ("distance_m", "elevation_m", "heading_deg")
REQUIRED_COLUMNS = ("distance_m", "elevation_m")


@dataclass
class CsvProfile(Profile):
    """A :class:`Profile` read from CSV, with the optional trail columns (per point, holding to the next)."""
    surface: np.ndarray         # surface name per point as given; '' = empty cell
    width_lanes: np.ndarray     # runners abreast per point as given; NaN = empty cell
    marker_m: np.ndarray        # distances of the named rows
    marker_name: tuple          # their names


@dataclass
class Course:
    """Segment arrays (index k = segment k, boundaries 0..n) and checkpoints."""
    name: str
    boundary_m: np.ndarray      # n+1 boundaries, 0 .. distance
    elevation_m: np.ndarray     # elevation at each boundary
    heading_deg: np.ndarray     # n segment headings (direction of travel)
    checkpoint_m: np.ndarray    # checkpoint distances (each is a boundary)
    checkpoint_boundary: np.ndarray  # boundary index of each checkpoint
    profile: Profile
    surface: np.ndarray = None       # n segment surfaces (SURFACES)
    width_lanes: np.ndarray = None   # n segment widths [runners abreast]
    marker_m: np.ndarray = None      # named points of the profile (each is a boundary)
    marker_name: tuple = ()

    @property
    def length_m(self):
        return np.diff(self.boundary_m)

    @property
    def grade(self):
        return np.diff(self.elevation_m) / self.length_m

    @property
    def distance_m(self):
        return float(self.boundary_m[-1])

    @property
    def n_segments(self):
        return len(self.heading_deg)

    def __repr__(self):
        return (f"Course({self.name!r}, {self.distance_m:.0f} m, {self.n_segments} segments, "
                f"+{self.climb_m:.0f}/-{self.descent_m:.0f} m)")

    @property
    def climb_m(self):
        return float(np.clip(np.diff(self.elevation_m), 0, None).sum())

    @property
    def descent_m(self):
        return float(-np.clip(np.diff(self.elevation_m), None, 0).sum())


def csv_line_numbers(path, n_rows):
    """File line number (1-based) of each of the ``n_rows`` data rows of a CSV read with ``comment="#"``: the
    lines that are neither blank nor comments, after the header. Messages name these, so a row can be found
    in an editor. Where that count disagrees with the parser (quoted line breaks, whitespace-only lines)
    the rows are numbered as if the file had no comments (header = line 1)."""
    lines = Path(path).read_text(errors="replace").splitlines()
    data = [n + 1 for n, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")][1:]
    return data if len(data) == n_rows else list(range(2, n_rows + 2))


def read_profile_csv(path, default_heading_deg=0.0):
    """Read and check a profile CSV; every problem is a one-line :class:`PacksimError`.

    ``default_heading_deg`` is the heading of every point when the file has no ``heading_deg`` column.
    """
    p = resolve_path(path, "course.profile")
    import pandas as pd
    try:
        df = pd.read_csv(p, comment="#", dtype={"name": str, "surface": str})
    except Exception as exc:  # pandas raises many types for malformed CSV
        raise PacksimError(f"course.profile: {p}: not a readable CSV ({shorten(str(exc).splitlines()[0])})") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise PacksimError(f"course.profile: {p}: missing column(s) {shorten(missing)}; a profile needs "
                           f"{', '.join(REQUIRED_COLUMNS)} (optional: heading_deg, surface, width_lanes, name)")
    if len(df) < 2:
        raise PacksimError(f"course.profile: {p}: needs at least 2 rows, found {len(df)}")
    line = csv_line_numbers(p, len(df))
    cols = {}
    for c in [c for c in PROFILE_COLUMNS if c in df.columns] + (["width_lanes"] if "width_lanes" in df.columns else []):
        values = pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(values) & (df[c].notna().to_numpy() if c == "width_lanes" else True))
        if bad.size:
            what = "a finite number" if np.isinf(values[bad[0]]) else "a number"
            raise PacksimError(f"course.profile: {p}: row {line[bad[0]]}, column {c}: "
                               f"'{shorten(df[c].iloc[bad[0]])}' is not {what}")
        cols[c] = values
    if "heading_deg" not in cols:
        cols["heading_deg"] = np.full(len(df), float(default_heading_deg))
    width = cols.get("width_lanes", np.full(len(df), np.nan))
    bad = np.flatnonzero(width <= 0)
    if bad.size:
        raise PacksimError(f"course.profile: {p}: row {line[bad[0]]}, column width_lanes: {width[bad[0]]:g} runners "
                           "abreast; give a width > 0 (1 = single track) or leave it empty for the surface's default")
    surface = (df["surface"].fillna("").str.strip().str.lower().to_numpy(dtype=object) if "surface" in df.columns
               else np.full(len(df), "", dtype=object))
    bad = [n for n, v in enumerate(surface) if v not in SURFACES and v != ""]
    if bad:
        raise PacksimError(f"course.profile: {p}: row {line[bad[0]]}, column surface: unknown surface "
                           f"'{shorten(df['surface'].iloc[bad[0]])}'; known: {', '.join(SURFACES)} (or empty for course.surface_default)")
    names = (df["name"].fillna("").str.strip().to_numpy(dtype=object) if "name" in df.columns
             else np.full(len(df), "", dtype=object))
    d = cols["distance_m"]
    named = names != ""
    # a named row at the distance of an unnamed one (a waypoint snapped onto a track point) is a marker only
    same_prev = np.concatenate([[False], d[1:] == d[:-1]])
    same_next = np.concatenate([d[:-1] == d[1:], [False]])
    marker_only = named & ((same_prev & ~np.roll(named, 1)) | (same_next & ~np.roll(named, -1)))
    rows = np.flatnonzero(~marker_only)      # rows of the geometry
    d = d[rows]
    if d[0] != 0:
        raise PacksimError(f"course.profile: {p}: distance_m must start at 0, found {shorten(d[0])}")
    far = np.flatnonzero(np.abs(d) > MAX_COURSE_M)
    if far.size:   # before anything is sized by the course's length
        raise PacksimError(f"course.profile: {p}: row {line[int(rows[far[0]])]}: distance_m {shorten(d[far[0]])} m is beyond "
                           f"{MAX_COURSE_M / 1000:.0f} km, the longest course packsim models; distances are in metres")
    step = np.diff(d)
    if np.any(step <= 0):
        row = line[int(rows[np.flatnonzero(step <= 0)[0] + 1])]
        raise PacksimError(f"course.profile: {p}: row {row}: distance_m must increase strictly "
                           f"(a zero or negative segment length); fix or remove the row")
    z = cols["elevation_m"][rows]
    grade = np.diff(z) / step
    out = np.flatnonzero((grade < GRADE_MIN) | (grade > GRADE_MAX))
    if out.size:
        row = line[int(rows[out[0] + 1])]
        raise PacksimError(f"course.profile: {p}: row {row}: grade {grade[out[0]]:+.3f} is outside the model's "
                           f"range {GRADE_MIN:+.2f}..{GRADE_MAX:+.2f} (Minetti 2002); check elevation_m")
    return CsvProfile(d, z, np.mod(cols["heading_deg"][rows], 360.0), str(p), surface[rows], width[rows],
                      cols["distance_m"][named], tuple(names[named]))


def checkpoints_m(distance_m, every_m):
    """Every ``every_m``, halfway and the finish."""
    marks = list(np.arange(every_m, distance_m - 1e-6, every_m)) + [distance_m / 2.0, distance_m]
    return np.unique(np.round(marks, 6))


def _angle_diff_deg(a, b):
    return abs((a - b + 180.0) % 360.0 - 180.0)


def segment_surface(profile, surface_default="road", lanes_by_surface=None):
    """Surface name and width [runners abreast] of every profile point, the empty cells filled in.

    An empty surface cell continues the row above (``surface_default`` before the first value); an empty
    width continues the row above within the same surface stretch and is ``lanes_by_surface`` of the
    surface where none was given since the surface last changed. A GPX profile, or a CSV without the
    columns, is ``surface_default`` at its default width everywhere.
    """
    n = len(profile.distance_m)
    lanes = DEFAULT_LANES_BY_SURFACE if lanes_by_surface is None else lanes_by_surface
    given_surface = getattr(profile, "surface", None)
    given_width = getattr(profile, "width_lanes", None)
    surface = np.empty(n, dtype=object)
    width = np.empty(n)
    current, current_width = surface_default, np.nan
    for k in range(n):
        if given_surface is not None and given_surface[k] != "":
            if given_surface[k] != current:
                current_width = np.nan
            current = given_surface[k]
        if given_width is not None and np.isfinite(given_width[k]):
            current_width = float(given_width[k])
        surface[k] = current
        width[k] = current_width if np.isfinite(current_width) else float(lanes[current])
    return surface, width


# Runners abreast by surface [A]: a closed road as drafting.crowd_lanes; a fire road or wide trail two;
# single track and snow one (the narrowing that makes queues, issue 9).


def build_course(profile, resolution_m=100.0, max_segment_m=400.0, merge_grade_tol=0.002,
                 merge_heading_tol_deg=5.0, checkpoint_every_m=1000.0, name="", marks_m=(), checkpoint_marks_m=(),
                 surface_default="road", lanes_by_surface=None):
    """Cut a :class:`Profile` into segments (see module docstring).

    ``marks_m`` are further distances that must be segment boundaries (aid stations);
    ``checkpoint_marks_m`` further checkpoints (cut-offs: a split is taken there). The profile's named
    points (``marker_m``) are boundaries too. Neighbours merge only where grade, heading, surface and
    width all agree.
    """
    d, z, h = profile.distance_m, profile.elevation_m, profile.heading_deg
    total = float(d[-1])
    if not (0 < total <= MAX_COURSE_M and np.all(np.isfinite(d)) and np.all(np.isfinite(z))):
        raise PacksimError(f"course.profile: {profile.source}: a course of {shorten(total)} m; packsim models "
                           f"courses up to {MAX_COURSE_M / 1000:.0f} km with finite distances and elevations")
    if not (resolution_m >= 1 and checkpoint_every_m >= 1 and max_segment_m >= resolution_m):
        raise PacksimError(f"course: resolution_m {shorten(resolution_m)}, max_segment_m {shorten(max_segment_m)}, "
                           f"checkpoint_every_m {shorten(checkpoint_every_m)}: each must be >= 1 m")
    point_surface, point_width = segment_surface(profile, surface_default, lanes_by_surface)
    marker_m = np.asarray(getattr(profile, "marker_m", np.zeros(0)), dtype=float)
    marker_name = tuple(getattr(profile, "marker_name", ()))
    cps = checkpoints_m(total, checkpoint_every_m)
    extra = [m for m in checkpoint_marks_m if 0 < m < total]
    if extra:
        cps = np.unique(np.round(np.concatenate([cps, extra]), 6))
    marks = np.asarray([m for m in list(marks_m) + list(marker_m) if 0 < m < total], dtype=float)
    # fine breakpoints: profile points, checkpoints, marks, and splits of long intervals
    pts = np.unique(np.concatenate([d, cps, marks]))
    fine = [pts[0]]
    for a, b in zip(pts[:-1], pts[1:]):
        n = max(1, math.ceil((b - a) / resolution_m - 1e-9))
        fine.extend(a + (b - a) * np.arange(1, n + 1) / n)
    fine = np.asarray(fine)
    elev = np.interp(fine, d, z)
    idx = np.clip(np.searchsorted(d, fine[:-1], side="right") - 1, 0, len(h) - 1)
    head = h[idx]
    surf, width = point_surface[idx], point_width[idx]
    grade = np.diff(elev) / np.diff(fine)
    is_cp = np.isin(np.round(fine, 6), np.round(np.concatenate([cps, marks]), 6))
    # merge neighbours where nothing changes
    keep = [0]
    for k in range(1, len(fine) - 1):
        same = (abs(grade[k] - grade[k - 1]) <= merge_grade_tol
                and _angle_diff_deg(head[k], head[k - 1]) <= merge_heading_tol_deg
                and surf[k] == surf[k - 1] and width[k] == width[k - 1]
                and fine[k + 1] - fine[keep[-1]] <= max_segment_m + 1e-9
                and not is_cp[k])
        if not same:
            keep.append(k)
    keep.append(len(fine) - 1)
    keep = np.asarray(keep)
    bounds = fine[keep]
    heading = head[keep[:-1]]
    cp_boundary = np.searchsorted(np.round(bounds, 6), np.round(cps, 6))
    return Course(name or Path(profile.source).stem, bounds, elev[keep], heading, cps, cp_boundary, profile,
                  surf[keep[:-1]], width[keep[:-1]], marker_m, marker_name)


def read_profile(cfg):
    """The :class:`Profile` of ``cfg.profile``: a ``.gpx`` track or a CSV."""
    if Path(cfg.profile).suffix.lower() == ".gpx":
        return read_profile_gpx(cfg.profile, spacing_m=cfg.resolution_m)
    return read_profile_csv(cfg.profile, cfg.default_heading_deg)


def load_course(cfg, marks_m=(), checkpoint_marks_m=(), profile=None):
    """Build the :class:`Course` a :class:`~sim.config.CourseConfig` describes (a ``.gpx`` profile or a CSV).

    ``marks_m``, ``checkpoint_marks_m``: further boundaries and checkpoints (see :func:`build_course`);
    ``profile``: the profile if already read (:func:`read_profile`).
    """
    profile = profile or read_profile(cfg)
    return build_course(profile, cfg.resolution_m, cfg.max_segment_m, cfg.merge_grade_tol,
                        cfg.merge_heading_tol_deg, cfg.checkpoint_every_m, cfg.name, marks_m, checkpoint_marks_m,
                        cfg.surface_default, cfg.lanes_by_surface)
