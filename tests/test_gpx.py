"""sim/inputs/gpx.py: distances and headings from latitude/longitude, elevation smoothing, bad files, a GPX race.

``tests/data/sample_course.gpx`` is written by :func:`write_sample_course`; regenerate it with
``python tests/test_gpx.py`` after changing the generator (a test checks the two agree).
"""
import math
from datetime import datetime, timedelta, timezone
from pathlib import Path

import gpxpy
import numpy as np
import pytest
from conftest import DATA, SMALL, run_cli
from numpy.testing import assert_allclose

from sim.config import CourseConfig
from sim.errors import PacksimError
from sim.inputs.course import load_course
from sim.inputs.gpx import (
    GpxProfile,
    gaussian_smooth,
    haversine_m,
    initial_bearing_deg,
    read_profile_gpx,
)

SAMPLE = DATA / "sample_course.gpx"
EARTH_RADIUS_M = 6_371_008.8
M_PER_DEG = EARTH_RADIUS_M * math.pi / 180.0   # along a meridian or the equator: 0.009° ≈ 1000.76 m


def gpx_text(lat, lon, ele=None, tag="trk", name="test track"):
    """A GPX 1.1 document with one track (``tag="trk"``) or route (``"rte"``); ``ele`` None or NaN omits <ele>."""
    point = "trkpt" if tag == "trk" else "rtept"
    rows = []
    for k, (la, lo) in enumerate(zip(lat, lon)):
        z = None if ele is None else ele[k]
        body = "" if z is None or not np.isfinite(z) else f"<ele>{z:.1f}</ele>"
        rows.append(f'   <{point} lat="{la:.7f}" lon="{lo:.7f}">{body}</{point}>')
    inner = "\n".join(rows)
    block = f"  <trkseg>\n{inner}\n  </trkseg>" if tag == "trk" else inner
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<gpx version="1.1" creator="packsim tests" xmlns="http://www.topografix.com/GPX/1/1">\n'
            f" <{tag}><name>{name}</name>\n{block}\n </{tag}>\n</gpx>\n")


def write(tmp_path, text, name="course.gpx"):
    path = tmp_path / name
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    return path


def meridian(length_m, step_m, lat0=45.0, lon0=7.0, north=True):
    """Latitudes and longitudes every ``step_m`` due north (or south) along a meridian."""
    n = int(round(length_m / step_m))
    sign = 1.0 if north else -1.0
    lat = lat0 + sign * np.arange(n + 1) * step_m / M_PER_DEG
    return lat, np.full(n + 1, lon0)


def climb_m(elevation_m):
    return float(np.clip(np.diff(elevation_m), 0.0, None).sum())


def gpx_error(tmp_path, content, name="course.gpx"):
    path = write(tmp_path, content, name)
    with pytest.raises(PacksimError) as info:
        read_profile_gpx(path)
    message = str(info.value)
    assert "\n" not in message
    assert "course.profile" in message and path.name in message
    return message


# the sample course and its generator


def sample_course_points():
    """A 3.7 km park loop near 45.07 N 7.68 E: one 25 m hill at the north end, GPS noise, a fix every ~10 m.

    The loop is an ellipse (700 m north-south, 450 m east-west semi-axes) with a gentle wobble, run
    anticlockwise from its south end. Elevation: 120 m base, a 25 m Gaussian hill at the north end, a 4 m roll,
    plus white noise (sd 2.5 m) and a slow drift (sd ~1.5 m), as a phone's GPS altitude looks. Horizontal
    jitter is 0.5 m, as a watch's filtered track.
    """
    rng = np.random.default_rng(2024)
    theta = np.linspace(0.0, 2.0 * np.pi, 4000)
    north_m = -700.0 * np.cos(theta) * (1.0 + 0.04 * np.sin(3.0 * theta))
    east_m = 450.0 * np.sin(theta) * (1.0 + 0.04 * np.sin(5.0 * theta))
    s_m = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(north_m), np.diff(east_m)))])
    s_fix_m = np.arange(0.0, s_m[-1], 10.0)
    n = len(s_fix_m)
    north_fix_m = np.interp(s_fix_m, s_m, north_m) + rng.normal(0.0, 0.5, n)
    east_fix_m = np.interp(s_fix_m, s_m, east_m) + rng.normal(0.0, 0.5, n)
    true_z_m = (120.0 + 25.0 * np.exp(-((north_fix_m - 550.0) / 250.0) ** 2)
                + 4.0 * np.sin(2.0 * np.pi * s_fix_m / 900.0))
    drift_m = np.convolve(rng.normal(0.0, 1.0, n + 40), np.ones(40) / np.sqrt(40.0) * 1.5, mode="valid")[:n]
    z_m = true_z_m + rng.normal(0.0, 2.5, n) + drift_m
    lat0, lon0 = 45.0650, 7.6800
    lat = lat0 + north_fix_m / M_PER_DEG
    lon = lon0 + east_fix_m / (M_PER_DEG * math.cos(math.radians(lat0)))
    t = [datetime(2024, 5, 4, 8, 0, 0, tzinfo=timezone.utc) + timedelta(seconds=round(s / 3.8)) for s in s_fix_m]
    return lat, lon, z_m, t, true_z_m


def write_sample_course(path=SAMPLE):
    lat, lon, z_m, t, _ = sample_course_points()
    rows = "\n".join(f'   <trkpt lat="{la:.7f}" lon="{lo:.7f}"><ele>{z:.1f}</ele>'
                     f'<time>{ti:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>' for la, lo, z, ti in zip(lat, lon, z_m, t))
    Path(path).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="packsim tests/test_gpx.py" xmlns="http://www.topografix.com/GPX/1/1">\n'
        " <metadata><name>Sample park loop</name></metadata>\n"
        f" <trk><name>Sample park loop</name><type>running</type>\n  <trkseg>\n{rows}\n  </trkseg>\n </trk>\n"
        "</gpx>\n")
    return Path(path)


def test_shipped_sample_is_what_the_generator_writes(tmp_path):
    assert write_sample_course(tmp_path / "sample.gpx").read_text() == SAMPLE.read_text(), \
        "regenerate tests/data/sample_course.gpx with `python tests/test_gpx.py`"


def test_sample_course_reads_as_a_loop():
    profile = read_profile_gpx(SAMPLE)
    assert isinstance(profile, GpxProfile)
    assert 3500.0 < profile.distance_m[-1] < 3900.0
    assert len(profile.raw_distance_m) > 300
    lat, lon, _, _, true_z_m = sample_course_points()
    assert haversine_m(lat[0], lon[0], lat[-1], lon[-1]) < 15.0
    true_climb = climb_m(true_z_m)
    # 15 %, not 10: the 4 m roll (900 m wavelength) and a 7 m dip over the loop's top are short enough for
    # the 50 m Gaussian to flatten them a little; the 10 % criterion is tested on long hills below
    assert climb_m(profile.elevation_m) == pytest.approx(true_climb, rel=0.15)
    assert climb_m(profile.raw_elevation_m) > 3.0 * true_climb
    # anticlockwise from the south end: off eastwards, turning north up the east side
    assert 45.0 < profile.heading_deg[0] < 135.0
    assert profile.heading_deg[5] < 45.0


# distances and headings by hand


def test_haversine_along_a_meridian_and_the_equator():
    assert_allclose(haversine_m(45.0, 7.0, 45.009, 7.0), 0.009 * M_PER_DEG, rtol=1e-9)
    assert_allclose(haversine_m(0.0, 0.0, 0.0, 0.009), 0.009 * M_PER_DEG, rtol=1e-9)
    assert 0.009 * M_PER_DEG == pytest.approx(1000.76, abs=0.01)
    # east-west at 60° N: the parallel's radius is halved (great circle a hair shorter than the parallel)
    assert_allclose(haversine_m(60.0, 0.0, 60.0, 0.018), 0.009 * M_PER_DEG, rtol=1e-6)


def test_scalar_equals_array_element():
    lat1, lon1 = np.array([45.0, 0.0, -33.9]), np.array([7.0, 0.0, 151.2])
    lat2, lon2 = lat1 + 0.01, lon1 - 0.02
    for f in (haversine_m, initial_bearing_deg):
        arr = f(lat1, lon1, lat2, lon2)
        assert [f(a, b, c, d) for a, b, c, d in zip(lat1, lon1, lat2, lon2)] == pytest.approx(list(arr), rel=1e-12)


@pytest.mark.parametrize("dlat,dlon,bearing", [(1, 0, 0.0), (0, 1, 90.0), (-1, 0, 180.0), (0, -1, 270.0),
                                               (1, 1, 45.0), (-1, -1, 225.0)])
def test_initial_bearing_compass_points(dlat, dlon, bearing):
    # a few metres at the equator, where a degree of latitude and longitude are the same length
    assert initial_bearing_deg(0.0, 0.0, 1e-4 * dlat, 1e-4 * dlon) == pytest.approx(bearing, abs=1e-6)


def test_profile_distance_from_lat_lon(tmp_path):
    # 0.009° due north in 10 steps of 0.0009° (~100 m)
    lat = 45.0 + np.linspace(0.0, 0.009, 11)
    path = write(tmp_path, gpx_text(lat, np.full(11, 7.0), np.full(11, 100.0)))
    profile = read_profile_gpx(path)
    assert_allclose(profile.distance_m[-1], 0.009 * M_PER_DEG, rtol=1e-9)
    assert_allclose(profile.raw_distance_m, np.linspace(0.0, 0.009, 11) * M_PER_DEG, rtol=1e-7)
    # independent check: gpxpy's own distance (its own Earth radius, so to 0.2 %)
    g = gpxpy.parse(path.read_text())
    assert_allclose(profile.distance_m[-1], g.length_2d(), rtol=2e-3)
    assert_allclose(profile.heading_deg, 0.0, atol=1e-9)
    assert np.all(np.diff(profile.distance_m) <= 100.0 + 1.0)   # a last point < 1 m short of the finish is dropped


def test_out_and_back_headings_turn_at_the_turnaround(tmp_path):
    lat_out, lon_out = meridian(1000.0, 5.0)
    lat = np.concatenate([lat_out, lat_out[-2::-1]])
    lon = np.concatenate([lon_out, lon_out[-2::-1]])
    profile = read_profile_gpx(write(tmp_path, gpx_text(lat, lon, np.full(len(lat), 50.0))))
    assert_allclose(profile.distance_m[-1], 2000.0, atol=0.05)   # 7 decimals of a degree: ~1 cm
    out = profile.distance_m < 999.0
    assert_allclose(profile.heading_deg[out], 0.0, atol=1e-6)
    assert_allclose(profile.heading_deg[profile.distance_m >= 1000.0], 180.0, atol=1e-6)


def test_east_and_west_headings(tmp_path):
    lon = 7.0 + np.arange(0, 61) * 1e-4
    lat = np.full(len(lon), 0.0)
    east = read_profile_gpx(write(tmp_path, gpx_text(lat, lon, np.zeros(len(lon))), "east.gpx"))
    west = read_profile_gpx(write(tmp_path, gpx_text(lat, lon[::-1], np.zeros(len(lon))), "west.gpx"))
    assert_allclose(east.heading_deg, 90.0, atol=1e-6)
    assert_allclose(west.heading_deg, 270.0, atol=1e-6)


def test_spacing_follows_the_argument_and_ends_at_the_finish(tmp_path):
    lat, lon = meridian(1234.0, 2.0)
    path = write(tmp_path, gpx_text(lat, lon, np.full(len(lat), 10.0)))
    profile = read_profile_gpx(path, spacing_m=50.0)
    assert_allclose(profile.distance_m[:-1], np.arange(0.0, 1234.0, 50.0), atol=1e-6)
    assert_allclose(profile.distance_m[-1], haversine_m(lat[0], lon[0], lat[-1], lon[-1]), atol=0.05)


def test_duplicate_and_jitter_points_are_thinned(tmp_path):
    lat, lon = meridian(500.0, 10.0)
    # every fix three times, and a standstill of 0.3 m jitter at the start
    lat3, lon3 = np.repeat(lat, 3), np.repeat(lon, 3)
    lat3 = np.concatenate([lat[0] + np.array([0.0, 0.3, -0.2, 0.1]) / M_PER_DEG, lat3])
    lon3 = np.concatenate([np.full(4, lon[0]), lon3])
    profile = read_profile_gpx(write(tmp_path, gpx_text(lat3, lon3, np.full(len(lat3), 5.0))))
    assert len(profile.raw_distance_m) == len(lat)
    assert np.all(np.diff(profile.raw_distance_m) >= 1.0)
    assert_allclose(profile.distance_m[-1], 500.0, atol=0.5)


def test_tracks_and_segments_join_in_file_order(tmp_path):
    lat, lon = meridian(600.0, 10.0)

    def seg(a, b):
        return "<trkseg>" + "".join(f'<trkpt lat="{la:.7f}" lon="{lo:.7f}"><ele>7</ele></trkpt>'
                                    for la, lo in zip(lat[a:b], lon[a:b])) + "</trkseg>"

    text = ('<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
            f"<trk>{seg(0, 21)}{seg(21, 41)}</trk><trk>{seg(41, 61)}</trk></gpx>")
    profile = read_profile_gpx(write(tmp_path, text))
    assert_allclose(profile.distance_m[-1], 600.0, atol=0.05)
    assert_allclose(profile.heading_deg, 0.0, atol=1e-6)


def test_route_when_there_is_no_track(tmp_path):
    lat, lon = meridian(800.0, 100.0)
    profile = read_profile_gpx(write(tmp_path, gpx_text(lat, lon, np.linspace(0.0, 16.0, len(lat)), tag="rte")))
    assert_allclose(profile.distance_m[-1], 800.0, atol=0.05)
    # a steady 2 % grade survives the smoothing except near the mirrored ends
    grade = np.diff(profile.elevation_m) / np.diff(profile.distance_m)
    assert_allclose(grade[2:-2], 0.02, atol=1e-3)


def test_latin1_file_with_its_declaration(tmp_path):
    lat, lon = meridian(300.0, 100.0)
    text = gpx_text(lat, lon, np.full(len(lat), 3.0), name="Parc de la Tête d'Or").replace(
        'encoding="UTF-8"', 'encoding="ISO-8859-1"')
    profile = read_profile_gpx(write(tmp_path, text.encode("latin-1")))
    assert_allclose(profile.distance_m[-1], 300.0, atol=0.05)


# elevation smoothing


@pytest.mark.parametrize("wavelength_m", [500.0, 1000.0, 2000.0])
def test_gaussian_gain_on_a_sine(wavelength_m):
    x_m = np.arange(0.0, 20_000.0, 10.0)
    smooth = gaussian_smooth(np.sin(2.0 * np.pi * x_m / wavelength_m), 10.0, 50.0)
    middle = slice(len(x_m) // 4, 3 * len(x_m) // 4)
    gain = np.exp(-2.0 * np.pi ** 2 * 50.0 ** 2 / wavelength_m ** 2)
    assert_allclose(np.abs(smooth[middle]).max(), gain, rtol=2e-3)


def test_smoothing_off_keeps_the_track(tmp_path):
    lat, lon = meridian(1000.0, 100.0)
    z = np.array([0, 3, 1, 8, 2, 9, 4, 4, 0, 6, 1], dtype=float)
    profile = read_profile_gpx(write(tmp_path, gpx_text(lat, lon, z)), smoothing_sigma_m=0.0)
    assert_allclose(profile.elevation_m, z, atol=0.05)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_climb_after_smoothing_within_10_percent_of_the_truth(tmp_path, seed):
    # 6 km due north, a fix every 5 m; four 30 m sine hills of 1.5 km: true climb 4 x 30 = 120 m
    lat, lon = meridian(6000.0, 5.0)
    x_m = np.arange(len(lat)) * 5.0
    true_z_m = 100.0 + 15.0 * (1.0 - np.cos(2.0 * np.pi * x_m / 1500.0))
    true_climb = 120.0
    assert climb_m(true_z_m) == pytest.approx(true_climb)
    noisy_z_m = true_z_m + np.random.default_rng(seed).normal(0.0, 3.0, len(x_m))
    profile = read_profile_gpx(write(tmp_path, gpx_text(lat, lon, noisy_z_m)))
    assert climb_m(profile.elevation_m) == pytest.approx(true_climb, rel=0.10)
    # the raw track overstates the climb many times over: without smoothing this test fails
    assert climb_m(profile.raw_elevation_m) > 5.0 * true_climb
    # and resampling to 100 m alone is not enough: the filter does the work
    unsmoothed = read_profile_gpx(write(tmp_path, gpx_text(lat, lon, noisy_z_m), "raw.gpx"), smoothing_sigma_m=0.0)
    assert climb_m(unsmoothed.elevation_m) > 1.1 * true_climb


def test_a_few_missing_elevations_are_interpolated(tmp_path):
    lat, lon = meridian(1000.0, 20.0)
    z = np.linspace(100.0, 120.0, len(lat))
    z[[10, 11, 30]] = np.nan
    profile = read_profile_gpx(write(tmp_path, gpx_text(lat, lon, z)), smoothing_sigma_m=0.0)
    assert_allclose(profile.raw_elevation_m, np.linspace(100.0, 120.0, len(lat)), atol=0.06)


# bad files: one line naming course.profile


def test_empty_file(tmp_path):
    assert "empty" in gpx_error(tmp_path, "")
    assert "empty" in gpx_error(tmp_path, "  \n\n", "blank.gpx")


def test_truncated_file(tmp_path):
    text = SAMPLE.read_text()
    message = gpx_error(tmp_path, text[: len(text) // 2])
    assert "not a readable GPX" in message and "truncated" in message


def test_csv_renamed_gpx(tmp_path):
    message = gpx_error(tmp_path, (DATA / "hilly_3k.csv").read_text())
    assert "not a readable GPX" in message


def test_random_bytes(tmp_path):
    message = gpx_error(tmp_path, np.random.default_rng(0).integers(0, 256, 4000, dtype=np.uint8).tobytes())
    assert "not a readable GPX" in message


def test_xml_without_points(tmp_path):
    message = gpx_error(tmp_path, '<?xml version="1.0"?><gpx version="1.1" creator="t"><wpt lat="1" lon="2"/></gpx>')
    assert "at least 2" in message


def test_no_elevation(tmp_path):
    lat, lon = meridian(500.0, 50.0)
    assert "no elevations" in gpx_error(tmp_path, gpx_text(lat, lon))


def test_too_many_missing_elevations(tmp_path):
    lat, lon = meridian(1000.0, 50.0)
    z = np.full(len(lat), 80.0)
    z[::3] = np.nan
    assert "no elevation" in gpx_error(tmp_path, gpx_text(lat, lon, z))


def test_all_points_at_one_place(tmp_path):
    assert "shorter than" in gpx_error(tmp_path, gpx_text([45.0] * 5, [7.0] * 5, [1.0] * 5))


def test_grade_out_of_range_after_smoothing(tmp_path):
    # 1 km rising 600 m: 60 % even after smoothing
    lat, lon = meridian(1000.0, 10.0)
    message = gpx_error(tmp_path, gpx_text(lat, lon, np.linspace(0.0, 600.0, len(lat))))
    assert "grade" in message and "smoothing" in message


def test_missing_file(tmp_path):
    with pytest.raises(PacksimError) as info:
        read_profile_gpx(tmp_path / "nowhere.gpx")
    assert "course.profile" in str(info.value) and "nowhere.gpx" in str(info.value)


# load_course and the command line


def test_load_course_dispatches_on_the_suffix():
    course = load_course(CourseConfig(profile=str(SAMPLE), resolution_m=50.0))
    assert isinstance(course.profile, GpxProfile)
    assert course.name == "sample_course"
    assert np.all(np.diff(course.profile.distance_m)[:-1] == pytest.approx(50.0))
    assert course.length_m.max() <= 400.0 + 1e-9
    assert_allclose(course.boundary_m[course.checkpoint_boundary], course.checkpoint_m)
    assert course.climb_m == pytest.approx(course.descent_m, abs=10.0)   # a loop


def test_gpx_course_runs_end_to_end(tmp_path):
    out = tmp_path / "run"
    overrides = [o for o in SMALL if not o.startswith(("course.profile=", "sim.plots="))]
    proc = run_cli(*overrides, f"course.profile={SAMPLE}", f"hydra.run.dir={out}")
    assert proc.returncode == 0, proc.stderr
    for name in ("results.csv", "course.png", "race.png"):
        assert (out / name).is_file(), name
    assert len((out / "results.csv").read_text().splitlines()) == 24 + 1


def test_bad_gpx_on_the_command_line(tmp_path):
    bad = write(tmp_path, "distance_m,elevation_m,heading_deg\n0,1,0\n", "renamed.gpx")
    out = tmp_path / "run"
    proc = run_cli(*SMALL, f"course.profile={bad}", f"hydra.run.dir={out}")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "course.profile" in lines[0] and "renamed.gpx" in lines[0], proc.stderr
    assert not out.exists()


if __name__ == "__main__":
    print(write_sample_course())


def test_a_track_beyond_2000_km_is_refused_before_gridding(tmp_path):
    lat = np.array([0.0, 0.0, 0.0])
    lon = np.array([0.0, 10.0, 20.0])   # ~2220 km along the equator
    message = gpx_error(tmp_path, gpx_text(lat, lon, np.full(3, 100.0)))
    assert "2000 km" in message
