"""A course: a profile CSV (``distance_m, elevation_m, heading_deg``) cut into segments.

The profile is linear between its points; a point's heading holds until the next point, so loops,
turnarounds and 180° turns need no special code. Segments are at most ``resolution_m`` long where
grade or heading change, merged up to ``max_segment_m`` where they do not, and always break at
checkpoints (every ``checkpoint_every_m``, halfway, finish) so splits are exact crossing times.
"""
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.config import MAX_COURSE_M
from sim.errors import PacksimError, shorten
from sim.inputs.gpx import read_profile_gpx
from sim.inputs.paths import resolve_path
from sim.inputs.profile import Profile
from sim.model.energetics import GRADE_MAX, GRADE_MIN

PROFILE_COLUMNS = ("distance_m", "elevation_m", "heading_deg")


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


def read_profile_csv(path):
    """Read and check a profile CSV; every problem is a one-line :class:`PacksimError`."""
    p = resolve_path(path, "course.profile")
    import pandas as pd
    try:
        df = pd.read_csv(p, comment="#")
    except Exception as exc:  # pandas raises many types for malformed CSV
        raise PacksimError(f"course.profile: {p}: not a readable CSV ({shorten(str(exc).splitlines()[0])})") from None
    missing = [c for c in PROFILE_COLUMNS if c not in df.columns]
    if missing:
        raise PacksimError(f"course.profile: {p}: missing column(s) {shorten(missing)}; "
                           f"a profile needs {', '.join(PROFILE_COLUMNS)}")
    if len(df) < 2:
        raise PacksimError(f"course.profile: {p}: needs at least 2 rows, found {len(df)}")
    cols = {}
    for c in PROFILE_COLUMNS:
        values = pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            what = "a finite number" if np.isinf(values[bad[0]]) else "a number"
            raise PacksimError(f"course.profile: {p}: row {bad[0] + 2}, column {c}: "
                               f"'{shorten(df[c].iloc[bad[0]])}' is not {what}")
        cols[c] = values
    d = cols["distance_m"]
    if d[0] != 0:
        raise PacksimError(f"course.profile: {p}: distance_m must start at 0, found {shorten(d[0])}")
    far = np.flatnonzero(np.abs(d) > MAX_COURSE_M)
    if far.size:   # before anything is sized by the course's length
        raise PacksimError(f"course.profile: {p}: row {far[0] + 2}: distance_m {shorten(d[far[0]])} m is beyond "
                           f"{MAX_COURSE_M / 1000:.0f} km, the longest course packsim models; distances are in metres")
    step = np.diff(d)
    if np.any(step <= 0):
        row = int(np.flatnonzero(step <= 0)[0]) + 3
        raise PacksimError(f"course.profile: {p}: row {row}: distance_m must increase strictly "
                           f"(a zero or negative segment length); fix or remove the row")
    grade = np.diff(cols["elevation_m"]) / step
    out = np.flatnonzero((grade < GRADE_MIN) | (grade > GRADE_MAX))
    if out.size:
        row = int(out[0]) + 3
        raise PacksimError(f"course.profile: {p}: row {row}: grade {grade[out[0]]:+.3f} is outside the model's "
                           f"range {GRADE_MIN:+.2f}..{GRADE_MAX:+.2f} (Minetti 2002); check elevation_m")
    return Profile(d, cols["elevation_m"], np.mod(cols["heading_deg"], 360.0), str(p))


def checkpoints_m(distance_m, every_m):
    """Every ``every_m``, halfway and the finish."""
    marks = list(np.arange(every_m, distance_m - 1e-6, every_m)) + [distance_m / 2.0, distance_m]
    return np.unique(np.round(marks, 6))


def _angle_diff_deg(a, b):
    return abs((a - b + 180.0) % 360.0 - 180.0)


def build_course(profile, resolution_m=100.0, max_segment_m=400.0, merge_grade_tol=0.002,
                 merge_heading_tol_deg=5.0, checkpoint_every_m=1000.0, name="", marks_m=(), checkpoint_marks_m=()):
    """Cut a :class:`Profile` into segments (see module docstring).

    ``marks_m`` are further distances that must be segment boundaries (aid stations);
    ``checkpoint_marks_m`` further checkpoints (cut-offs: a split is taken there).
    """
    d, z, h = profile.distance_m, profile.elevation_m, profile.heading_deg
    total = float(d[-1])
    if not (0 < total <= MAX_COURSE_M and np.all(np.isfinite(d)) and np.all(np.isfinite(z))):
        raise PacksimError(f"course.profile: {profile.source}: a course of {shorten(total)} m; packsim models "
                           f"courses up to {MAX_COURSE_M / 1000:.0f} km with finite distances and elevations")
    if not (resolution_m >= 1 and checkpoint_every_m >= 1 and max_segment_m >= resolution_m):
        raise PacksimError(f"course: resolution_m {shorten(resolution_m)}, max_segment_m {shorten(max_segment_m)}, "
                           f"checkpoint_every_m {shorten(checkpoint_every_m)}: each must be >= 1 m")
    cps = checkpoints_m(total, checkpoint_every_m)
    extra = [m for m in checkpoint_marks_m if 0 < m < total]
    if extra:
        cps = np.unique(np.round(np.concatenate([cps, extra]), 6))
    marks = np.asarray([m for m in marks_m if 0 < m < total], dtype=float)
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
    grade = np.diff(elev) / np.diff(fine)
    is_cp = np.isin(np.round(fine, 6), np.round(np.concatenate([cps, marks]), 6))
    # merge neighbours where nothing changes
    keep = [0]
    for k in range(1, len(fine) - 1):
        same = (abs(grade[k] - grade[k - 1]) <= merge_grade_tol
                and _angle_diff_deg(head[k], head[k - 1]) <= merge_heading_tol_deg
                and fine[k + 1] - fine[keep[-1]] <= max_segment_m + 1e-9
                and not is_cp[k])
        if not same:
            keep.append(k)
    keep.append(len(fine) - 1)
    keep = np.asarray(keep)
    bounds = fine[keep]
    heading = head[keep[:-1]]
    cp_boundary = np.searchsorted(np.round(bounds, 6), np.round(cps, 6))
    return Course(name or Path(profile.source).stem, bounds, elev[keep], heading, cps, cp_boundary, profile)


def read_profile(cfg):
    """The :class:`Profile` of ``cfg.profile``: a ``.gpx`` track or a CSV."""
    if Path(cfg.profile).suffix.lower() == ".gpx":
        return read_profile_gpx(cfg.profile, spacing_m=cfg.resolution_m)
    return read_profile_csv(cfg.profile)


def load_course(cfg, marks_m=(), checkpoint_marks_m=(), profile=None):
    """Build the :class:`Course` a :class:`~sim.config.CourseConfig` describes (a ``.gpx`` profile or a CSV).

    ``marks_m``, ``checkpoint_marks_m``: further boundaries and checkpoints (see :func:`build_course`);
    ``profile``: the profile if already read (:func:`read_profile`).
    """
    profile = profile or read_profile(cfg)
    return build_course(profile, cfg.resolution_m, cfg.max_segment_m, cfg.merge_grade_tol,
                        cfg.merge_heading_tol_deg, cfg.checkpoint_every_m, cfg.name, marks_m, checkpoint_marks_m)
