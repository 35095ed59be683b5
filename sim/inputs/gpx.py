"""A course from a GPX file: distances and headings from latitude/longitude, GPS elevation smoothed.

``read_profile_gpx`` turns the track points (all tracks and segments in file order; the routes if the
file has no track) into the same :class:`~sim.inputs.course.Profile` a profile CSV gives, in five steps:

1. *Thin*: a point closer than ``min_step_m`` (1 m) to the last kept point is dropped, so repeated
   fixes while standing still neither add distance nor make zero-length steps.
2. *Distance*: the cumulative great-circle (haversine) distance between consecutive points [1]_.
   Consecutive tracks or segments are joined by a straight line.
3. *Smooth*: GPS elevation is noisy by a few metres from fix to fix, and summing the ups of a raw track
   can report several times the true climb. The raw elevation is interpolated linearly onto a uniform
   ``grid_m`` (10 m) grid and convolved with a Gaussian kernel of standard deviation ``smoothing_sigma_m``
   (50 m: full width at half maximum 2.355 σ ≈ 120 m; the grid is mirrored at the ends). A Gaussian
   filter passes a sinusoidal hill of wavelength λ with gain exp(-2π²σ²/λ²) [2]_: 95 % of the height of
   a 1 km hill, 82 % of a 500 m one, while fix-to-fix noise is averaged over ~12 grid points. The uniform
   grid keeps a stretch with dense fixes (a slow climb) from weighing more than one with sparse fixes.
4. *Resample*: the smoothed profile is sampled every ``spacing_m`` (``course.resolution_m``, 100 m), the
   engine's segment length, so segments neither follow GPS jitter nor straddle a change of grade;
   the last point is the finish (a regular point less than ``min_step_m`` before it is dropped).
5. *Heading*: the initial great-circle bearing [1]_ from each resampled point to the next (compass
   degrees, 0 = N, 90 = E); the last point repeats the heading before it. Positions between track
   points are interpolated linearly in latitude/longitude, exact enough over a few hundred metres.

The raw (thinned, unsmoothed) elevation is kept on the returned :class:`GpxProfile` so ``course.png``
can draw it behind the smoothed line, and the latitude/longitude of each resampled point so
``replay.html`` can draw the course as a map. Every problem with the file is a one-line
:class:`~sim.errors.PacksimError` naming ``course.profile``.

References
----------
.. [1] Sinnott, R. W. (1984). Virtues of the haversine. Sky and Telescope 68(2):159.
.. [2] Smith, S. W. (1997). The Scientist and Engineer's Guide to Digital Signal Processing, ch. 15
   (moving-average filters and their Gaussian limit). California Technical Publishing. The gain
   exp(-2π²σ²/λ²) is the Fourier transform of the normalised Gaussian kernel.
"""
import re
from dataclasses import dataclass

import gpxpy
import numpy as np

from sim.config import MAX_COURSE_M
from sim.errors import PacksimError
from sim.inputs.paths import resolve_path
from sim.inputs.profile import Profile
from sim.model.energetics import GRADE_MAX, GRADE_MIN

EARTH_RADIUS_M = 6_371_008.8      # IUGG mean Earth radius
MAX_MISSING_ELEVATION = 0.10      # up to this fraction of points without <ele> is interpolated


@dataclass
class GpxProfile(Profile):
    """A :class:`~sim.inputs.course.Profile` read from GPX, with the raw GPS elevation it was smoothed from."""
    raw_distance_m: np.ndarray
    raw_elevation_m: np.ndarray
    smoothing_sigma_m: float
    lat_deg: np.ndarray         # latitude of each profile point (``distance_m``), for the replay's map
    lon_deg: np.ndarray         # longitude of each profile point


def haversine_m(lat1_deg, lon1_deg, lat2_deg, lon2_deg, radius_m=EARTH_RADIUS_M):
    """Great-circle distance between two points on a sphere [m] [1]_."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asanyarray(a, dtype=float))
                              for a in (lat1_deg, lon1_deg, lat2_deg, lon2_deg))
    a = np.sin((lat2 - lat1) / 2.0) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2.0) ** 2
    return 2.0 * radius_m * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def initial_bearing_deg(lat1_deg, lon1_deg, lat2_deg, lon2_deg):
    """Initial great-circle bearing from point 1 to point 2, compass degrees 0..360 (0 = N, 90 = E) [1]_."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asanyarray(a, dtype=float))
                              for a in (lat1_deg, lon1_deg, lat2_deg, lon2_deg))
    dlon = lon2 - lon1
    y = np.sin(dlon) * np.cos(lat2)
    x = np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(dlon)
    return np.mod(np.degrees(np.arctan2(y, x)), 360.0)


def gaussian_smooth(values, step_m, sigma_m):
    """Convolve uniformly spaced ``values`` with a Gaussian of standard deviation ``sigma_m`` [2]_.

    The kernel is cut at ±4σ and normalised; the series is mirrored at both ends (``np.pad`` "reflect"),
    so the smoothed ends are level rather than pulled towards zero.
    """
    values = np.asanyarray(values, dtype=float)
    if sigma_m <= 0 or values.size < 3:
        return values.copy()
    half = min(int(np.ceil(4.0 * sigma_m / step_m)), values.size - 1)
    x_m = np.arange(-half, half + 1) * step_m
    kernel = np.exp(-0.5 * (x_m / sigma_m) ** 2)
    return np.convolve(np.pad(values, half, mode="reflect"), kernel / kernel.sum(), mode="valid")


def _error(p, message):
    return PacksimError(f"course.profile: {p}: {message}")


def _decode(raw):
    """The file's text: UTF-8 (most GPX), else the encoding its XML declaration names (some older exporters)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = re.match(rb"\s*<\?xml[^>]*encoding=[\"']([\w.-]+)", raw)
        if declared is None:
            raise
        return raw.decode(declared.group(1).decode("ascii"))


def _parse(p):
    raw = p.read_bytes()
    if not raw.strip():
        raise _error(p, "the file is empty; export the course again as GPX (a track with <trkpt> points)")
    try:
        return gpxpy.parse(_decode(raw))
    except Exception as exc:  # gpxpy: GPXXMLSyntaxException for broken XML, GPXException or builtins for bad values
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
        raise _error(p, f"not a readable GPX file ({reason}); is it truncated or another format? "
                        f"Export the course again as GPX, or give a profile CSV") from None


def _points(gpx, p):
    """Latitude, longitude and elevation (NaN where missing) of every track point, else every route point."""
    pts = [pt for track in gpx.tracks for segment in track.segments for pt in segment.points]
    if not pts:
        pts = [pt for route in gpx.routes for pt in route.points]
    if len(pts) < 2:
        raise _error(p, f"needs at least 2 track or route points (<trkpt>/<rtept>), found {len(pts)}")
    lat = np.array([pt.latitude for pt in pts], dtype=float)
    lon = np.array([pt.longitude for pt in pts], dtype=float)
    ele = np.array([np.nan if pt.elevation is None else pt.elevation for pt in pts], dtype=float)
    return lat, lon, ele


def _thin(lat, lon, min_step_m):
    """Indices of the points kept when each must be ``min_step_m`` from the last kept one."""
    step_m = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    keep = [0]
    for k in range(1, len(lat)):
        j = keep[-1]
        # the distance to the last kept point is the step itself unless points in between were dropped
        from_kept_m = step_m[k - 1] if j == k - 1 else haversine_m(lat[j], lon[j], lat[k], lon[k])
        if from_kept_m >= min_step_m:
            keep.append(k)
    return np.asarray(keep)


def _fill_elevation(distance_m, ele, p):
    missing = ~np.isfinite(ele)
    if missing.all():
        raise _error(p, "no elevations (<ele>) in the track; export the GPX with elevation data")
    if missing.mean() > MAX_MISSING_ELEVATION:
        raise _error(p, f"{missing.sum()} of {missing.size} points have no elevation (<ele>); at most "
                        f"{MAX_MISSING_ELEVATION:.0%} can be interpolated, export the GPX with elevation data")
    if missing.any():
        ele = ele.copy()
        ele[missing] = np.interp(distance_m[missing], distance_m[~missing], ele[~missing])
    return ele


def read_profile_gpx(path, spacing_m=100.0, smoothing_sigma_m=50.0, grid_m=10.0, min_step_m=1.0):
    """Read a GPX track into a :class:`GpxProfile` (see the module docstring for each step).

    Parameters
    ----------
    path : str or Path
        The GPX file (``course.profile``).
    spacing_m : float
        Distance between the returned profile points [m]; ``load_course`` passes ``course.resolution_m``.
    smoothing_sigma_m : float
        Standard deviation of the Gaussian elevation filter [m]; 0 turns smoothing off. The default,
        50 m (FWHM ≈ 120 m), keeps 95 % of a 1 km hill and removes fix-to-fix GPS noise.
    grid_m : float
        Spacing of the uniform grid the filter runs on [m].
    min_step_m : float
        Track points closer than this to the previous kept point are dropped [m].

    Returns
    -------
    GpxProfile
        ``distance_m`` from 0, smoothed ``elevation_m``, ``heading_deg`` (0 = N), ``lat_deg``/``lon_deg``
        at each of those points, and the raw thinned track as ``raw_distance_m``, ``raw_elevation_m``.
    """
    p = resolve_path(path, "course.profile")
    lat, lon, ele = _points(_parse(p), p)
    if not (np.all(np.abs(lat) <= 90.0) and np.all(np.abs(lon) <= 180.0)):
        raise _error(p, "latitude/longitude out of range; is this a GPX file in WGS84 degrees?")
    keep = _thin(lat, lon, min_step_m)
    lat, lon, ele = lat[keep], lon[keep], ele[keep]
    if len(keep) < 2:
        raise _error(p, f"the track is shorter than {min_step_m:g} m (all points at one place)")
    raw_d = np.concatenate([[0.0], np.cumsum(haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:]))])
    raw_z = _fill_elevation(raw_d, ele, p)
    total_m = float(raw_d[-1])
    if total_m > MAX_COURSE_M:   # before the grids sized by the length
        raise _error(p, f"the track is {total_m / 1000:.0f} km long, beyond {MAX_COURSE_M / 1000:.0f} km, the longest "
                        "course packsim models")

    fine_d = np.append(np.arange(0.0, total_m, grid_m), total_m)
    fine_z = gaussian_smooth(np.interp(fine_d, raw_d, raw_z), grid_m, smoothing_sigma_m)

    d = np.arange(0.0, total_m, spacing_m)
    d = np.append(d[total_m - d >= min_step_m], total_m)
    z = np.interp(d, fine_d, fine_z)
    lat_d, lon_d = np.interp(d, raw_d, lat), np.interp(d, raw_d, lon)
    heading = initial_bearing_deg(lat_d[:-1], lon_d[:-1], lat_d[1:], lon_d[1:])
    heading = np.append(heading, heading[-1])

    grade = np.diff(z) / np.diff(d)
    out = np.flatnonzero((grade < GRADE_MIN) | (grade > GRADE_MAX))
    if out.size:
        k = int(out[0])
        raise _error(p, f"grade {grade[k]:+.3f} at {d[k] / 1000:.2f} km, even after smoothing, is outside the "
                        f"model's range {GRADE_MIN:+.2f}..{GRADE_MAX:+.2f} (Minetti 2002); check the track's "
                        f"elevations")
    return GpxProfile(d, z, heading, str(p), raw_d, raw_z, float(smoothing_sigma_m), lat_d, lon_d)
