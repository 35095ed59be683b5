"""sim/inputs/course.py: profile CSV checks and cutting a profile into segments."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sim.config import CourseConfig
from sim.errors import PacksimError
from sim.inputs.course import Profile, build_course, load_course, read_profile_csv

HEADER = "distance_m,elevation_m,heading_deg\n"

# 4500 m: flat 1200 m north, a 50 m bump (+/-20 %), 1000 m at +2 %, a 180° turnaround at 2300 m,
# 1200 m down at -1.67 % heading south, flat to the finish. Climb 10 + 20 = 30 m, descent 30 m.
SYNTHETIC = HEADER + """\
0,100,0
1200,100,0
1250,110,0
1300,100,0
2300,120,180
3500,100,180
4500,100,180
"""
CHANGE_POINTS_M = [1200.0, 1250.0, 1300.0, 2300.0, 3500.0]


def write(tmp_path, text, name="profile.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def profile_error(tmp_path, text):
    with pytest.raises(PacksimError) as info:
        read_profile_csv(write(tmp_path, text))
    message = str(info.value)
    assert "\n" not in message
    assert "course.profile" in message
    return message


@pytest.fixture
def synthetic(tmp_path):
    return read_profile_csv(write(tmp_path, SYNTHETIC))


# read_profile_csv errors


def test_missing_file_names_the_key(tmp_path):
    with pytest.raises(PacksimError) as info:
        read_profile_csv(tmp_path / "nowhere.csv")
    message = str(info.value)
    assert "\n" not in message
    assert "course.profile" in message and "nowhere.csv" in message


def test_missing_column(tmp_path):
    message = profile_error(tmp_path, "distance_m,heading_deg\n0,100\n100,101\n")
    assert "elevation_m" in message


def test_non_numeric_cell_names_row_and_column(tmp_path):
    # header is line 1, so the third data row is row 4
    message = profile_error(tmp_path, HEADER + "0,100,0\n100,101,0\n200,abc,0\n")
    assert "row 4" in message and "elevation_m" in message and "'abc'" in message


def test_distance_must_start_at_zero(tmp_path):
    message = profile_error(tmp_path, HEADER + "5,100,0\n100,101,0\n")
    assert "start at 0" in message


@pytest.mark.parametrize("third_distance", [100, 50], ids=["zero_length", "negative_length"])
def test_non_increasing_distance_names_the_row(tmp_path, third_distance):
    message = profile_error(tmp_path, HEADER + f"0,100,0\n100,101,0\n{third_distance},101,0\n300,101,0\n")
    assert "row 4" in message and "distance_m" in message


@pytest.mark.parametrize("elevation", [146, 54], ids=["too_steep_up", "too_steep_down"])
def test_grade_outside_range_names_the_row(tmp_path, elevation):
    # 100 m -> 200 m with a 46 m rise or fall: grade ±0.46, just outside ±0.45
    message = profile_error(tmp_path, HEADER + f"0,100,0\n100,100,0\n200,{elevation},0\n")
    assert "row 4" in message and "grade" in message


def test_grade_at_the_limit_is_accepted(tmp_path):
    profile = read_profile_csv(write(tmp_path, HEADER + "0,100,0\n100,145,0\n200,100,0\n"))
    assert_allclose(np.diff(profile.elevation_m) / np.diff(profile.distance_m), [0.45, -0.45])


@pytest.mark.parametrize("rows", ["", "0,100,0\n"], ids=["no_rows", "one_row"])
def test_fewer_than_two_rows(tmp_path, rows):
    message = profile_error(tmp_path, HEADER + rows)
    assert "at least 2 rows" in message


def test_heading_is_wrapped_to_0_360(tmp_path):
    profile = read_profile_csv(write(tmp_path, HEADER + "0,100,-90\n100,100,450\n"))
    assert_allclose(profile.heading_deg, [270.0, 90.0])


# build_course on the synthetic profile


def test_boundaries_span_the_course(synthetic):
    course = build_course(synthetic)
    assert course.boundary_m[0] == 0.0
    assert course.boundary_m[-1] == 4500.0
    assert course.distance_m == 4500.0
    assert np.all(course.length_m > 0)
    assert len(course.heading_deg) == len(course.boundary_m) - 1 == course.n_segments


def test_segments_never_longer_than_max_segment(synthetic):
    course = build_course(synthetic, resolution_m=100.0, max_segment_m=400.0)
    assert course.length_m.max() <= 400.0 + 1e-9


def test_no_segment_straddles_a_grade_or_heading_change(synthetic):
    course = build_course(synthetic)
    for x in CHANGE_POINTS_M:
        assert np.isclose(course.boundary_m, x).any(), x


def test_without_merging_segments_are_at_most_resolution(synthetic):
    course = build_course(synthetic, resolution_m=100.0, max_segment_m=100.0)
    assert course.length_m.max() <= 100.0 + 1e-9
    # the 50 m bump stays 50 m long
    assert_allclose(course.boundary_m[(course.boundary_m >= 1200) & (course.boundary_m <= 1300)],
                    [1200, 1250, 1300])


def test_constant_stretch_merges_up_to_max_segment(synthetic):
    # 0..1000 m is flat and straight: 100 m pieces merge to 400 + 400, then 200 up to the 1 km checkpoint
    course = build_course(synthetic, resolution_m=100.0, max_segment_m=400.0)
    assert_allclose(course.boundary_m[course.boundary_m <= 1000.0], [0, 400, 800, 1000])
    assert (course.length_m > 100.0).sum() > 0


def test_larger_max_segment_merges_further(synthetic):
    course = build_course(synthetic, resolution_m=100.0, max_segment_m=1000.0)
    assert_allclose(course.boundary_m[course.boundary_m <= 1200.0], [0, 1000, 1200])


def test_every_checkpoint_is_a_boundary(synthetic):
    course = build_course(synthetic, checkpoint_every_m=1000.0)
    # every km, halfway (2250) and the finish
    assert_allclose(course.checkpoint_m, [1000, 2000, 2250, 3000, 4000, 4500])
    assert_allclose(course.boundary_m[course.checkpoint_boundary], course.checkpoint_m)


def test_climb_and_descent_equal_the_profile(synthetic):
    course = build_course(synthetic)
    assert_allclose([course.climb_m, course.descent_m], [30.0, 30.0], atol=1e-9)


def test_boundary_elevation_follows_the_profile(synthetic):
    course = build_course(synthetic)
    assert_allclose(course.elevation_m, np.interp(course.boundary_m, synthetic.distance_m, synthetic.elevation_m))
    k = int(np.flatnonzero(np.isclose(course.boundary_m, 1200.0))[0])
    assert_allclose(course.grade[k], 0.2)          # 10 m up over 50 m
    assert_allclose(course.grade[k + 1], -0.2)


def test_turnaround_heading_changes_at_its_distance(synthetic):
    course = build_course(synthetic)
    k = int(np.flatnonzero(np.isclose(course.boundary_m, 2300.0))[0])
    assert course.heading_deg[k - 1] == 0.0
    assert course.heading_deg[k] == 180.0
    assert np.all(course.heading_deg[course.boundary_m[:-1] < 2300.0] == 0.0)
    assert np.all(course.heading_deg[course.boundary_m[:-1] >= 2300.0] == 180.0)


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(st.tuples(st.integers(1, 8000),          # half-metres
                                st.floats(-0.3, 0.3),
                                st.sampled_from([0.0, 45.0, 90.0, 180.0, 270.0])),
                      min_size=1, max_size=12))
def test_segmentation_properties(steps):
    lengths = np.array([s[0] for s in steps]) * 0.5
    d = np.concatenate([[0.0], np.cumsum(lengths)])
    z = np.concatenate([[0.0], np.cumsum(lengths * np.array([s[1] for s in steps]))])
    h = np.array([s[2] for s in steps] + [steps[-1][2]])
    profile = Profile(d, z, h, "random.csv")
    course = build_course(profile, resolution_m=100.0, max_segment_m=400.0, checkpoint_every_m=1000.0)
    assert course.boundary_m[0] == 0.0
    assert_allclose(course.boundary_m[-1], d[-1])
    assert np.all(np.diff(course.boundary_m) > 0)
    assert course.length_m.max() <= 400.0 + 1e-6
    assert_allclose(course.boundary_m[course.checkpoint_boundary], course.checkpoint_m)
    assert_allclose(course.elevation_m, np.interp(course.boundary_m, d, z), atol=1e-9)
    grade = np.diff(z) / np.diff(d)
    for j in range(1, len(d) - 1):
        turns = abs((h[j] - h[j - 1] + 180.0) % 360.0 - 180.0) > 5.0
        if turns or abs(grade[j] - grade[j - 1]) > 0.002:
            assert np.isclose(course.boundary_m, d[j]).any(), d[j]


# the real course


def test_atlanta_profile():
    course = load_course(CourseConfig(profile="scenarios/atlanta_2020/course_profile.csv"))
    assert course.distance_m == 42195.0
    assert course.climb_m == pytest.approx(423.0, abs=2.0)
    assert course.descent_m == pytest.approx(421.0, abs=2.0)
    assert course.length_m.max() <= 400.0 + 1e-9
    assert_allclose(course.boundary_m[course.checkpoint_boundary], course.checkpoint_m)
    assert len(course.checkpoint_m) == 42 + 2   # 42 whole km, halfway, finish


# trail profiles: no heading, surface and width columns, named rows

TRAIL = """distance_m,elevation_m,name,surface,width_lanes
0,1000,Start,,
0,1000.4,,,
200,1010,,trail,
400,1030,,technical,
410,1031,Col,,
600,1040,,,1.5
800,1020,,road,
800,1020.3,Finish,,
"""


def test_profile_without_heading_takes_the_default(tmp_path):
    profile = read_profile_csv(write(tmp_path, "distance_m,elevation_m\n0,100\n100,101\n"), default_heading_deg=-90)
    assert_allclose(profile.heading_deg, [270.0, 270.0])


def test_named_rows_are_markers_and_duplicates_are_markers_only(tmp_path):
    profile = read_profile_csv(write(tmp_path, TRAIL))
    assert_allclose(profile.distance_m, [0, 200, 400, 410, 600, 800])
    assert_allclose(profile.elevation_m, [1000.4, 1010, 1030, 1031, 1040, 1020])   # the unnamed row's elevation
    assert profile.marker_name == ("Start", "Col", "Finish")
    assert_allclose(profile.marker_m, [0, 410, 800])


def test_surface_and_width_per_segment_with_defaults(tmp_path):
    lanes = {"road": 3.0, "trail": 2.0, "technical": 1.0, "snow": 1.0}
    course = build_course(read_profile_csv(write(tmp_path, TRAIL)), resolution_m=100.0, max_segment_m=400.0,
                          surface_default="snow", lanes_by_surface=lanes, merge_grade_tol=1.0)
    # each point's surface and width hold until the next point; empty cells continue the row above
    # (the default surface before the first value; the surface's width until a width is given)
    expect = {(0, 200): ("snow", 1.0), (200, 400): ("trail", 2.0), (400, 600): ("technical", 1.0),
              (600, 800): ("technical", 1.5)}
    mid = 0.5 * (course.boundary_m[:-1] + course.boundary_m[1:])
    for (a, b), (surface, width) in expect.items():
        inside = (mid > a) & (mid < b)
        assert inside.any() and set(course.surface[inside]) == {surface}, (a, b, course.surface)
        assert_allclose(course.width_lanes[inside], width)
    assert course.surface.shape == course.width_lanes.shape == (course.n_segments,)
    # a change of surface or width is a boundary even where the grade would merge; so is the named Col
    for m in (200.0, 400.0, 410.0, 600.0):
        assert np.isclose(course.boundary_m, m).any(), m
    assert course.marker_name == ("Start", "Col", "Finish")


def test_a_new_surface_resets_the_width_to_its_default(tmp_path):
    text = "distance_m,elevation_m,surface,width_lanes\n0,100,technical,1.5\n100,100,,\n200,100,road,\n300,100,,\n"
    course = build_course(read_profile_csv(write(tmp_path, text)), resolution_m=100.0, max_segment_m=100.0)
    road = course.boundary_m[:-1] >= 200.0          # (halfway, 150 m, is a boundary too)
    assert set(course.surface[~road]) == {"technical"} and set(course.surface[road]) == {"road"}
    assert_allclose(course.width_lanes, np.where(road, 3.0, 1.5))


def test_merging_needs_surface_and_width_to_agree(tmp_path):
    flat = "distance_m,elevation_m,surface\n0,100,road\n300,100,trail\n600,100,trail\n"
    course = build_course(read_profile_csv(write(tmp_path, flat)), resolution_m=100.0, max_segment_m=600.0)
    assert_allclose(course.boundary_m, [0, 300, 600])
    assert list(course.surface) == ["road", "trail"]


def test_gpx_or_plain_csv_profile_is_the_default_surface_everywhere(synthetic):
    course = build_course(synthetic, surface_default="trail", lanes_by_surface={"road": 3.0, "trail": 2.0,
                                                                                 "technical": 1.0, "snow": 1.0})
    assert set(course.surface) == {"trail"} and set(course.width_lanes) == {2.0}


def test_unknown_surface_names_row_and_the_known_ones(tmp_path):
    message = profile_error(tmp_path, "distance_m,elevation_m,surface\n0,100,road\n100,101,gravel\n")
    assert "row 3" in message and "'gravel'" in message and "road, trail, technical, snow" in message


@pytest.mark.parametrize("width", ["0", "-1"])
def test_width_must_be_positive(tmp_path, width):
    message = profile_error(tmp_path, f"distance_m,elevation_m,width_lanes\n0,100,2\n100,101,{width}\n")
    assert "row 3" in message and "width_lanes" in message and "> 0" in message


def test_width_not_a_number(tmp_path):
    message = profile_error(tmp_path, "distance_m,elevation_m,width_lanes\n0,100,2\n100,101,wide\n")
    assert "row 3" in message and "'wide'" in message


def test_course_config_checks_surface_keys():
    from conftest import one_line_error
    one_line_error(lambda: CourseConfig(surface_default="mud"), "course.surface_default")
    one_line_error(lambda: CourseConfig(lanes_by_surface={"road": 3.0, "trail": 2.0, "technical": 1.0}),
                   "course.lanes_by_surface")
    one_line_error(lambda: CourseConfig(lanes_by_surface={"road": 3.0, "trail": 0.0, "technical": 1.0, "snow": 1.0}),
                   "course.lanes_by_surface.trail")


@pytest.mark.parametrize("path, n_markers, length_m", [
    ("scenarios/western_states_2019/wser_course_profile.csv", 22, 161051.4),
    ("scenarios/utmb_2023/utmb_course_profile.csv", 17, 174621.1)])
def test_trail_profiles_read(path, n_markers, length_m):
    profile = read_profile_csv(path, default_heading_deg=0.0)
    assert len(profile.marker_name) == n_markers and profile.distance_m[-1] == length_m
    course = build_course(profile, surface_default="trail", lanes_by_surface={"road": 3.0, "trail": 2.0,
                                                                               "technical": 1.0, "snow": 1.0})
    for m in profile.marker_m[1:-1]:
        assert np.isclose(course.boundary_m, m).any()


def test_rows_are_file_lines_with_the_comments_counted(tmp_path):
    message = profile_error(tmp_path, "# a source note\n# derived: ...\n" + HEADER + "0,100,0\n100,101,0\n200,abc,0\n")
    assert "row 6" in message and "'abc'" in message


@pytest.mark.parametrize("far", ["1e12", "2000001"])
def test_a_distance_beyond_2000_km_names_the_row_before_any_allocation(tmp_path, far):
    message = profile_error(tmp_path, HEADER + f"0,100,0\n1000,100,0\n{far},100,0\n")
    assert "row 4" in message and "2000 km" in message and "profile.csv" in message


def test_inf_in_a_profile_is_not_a_finite_number(tmp_path):
    message = profile_error(tmp_path, HEADER + "0,100,0\n1000,inf,0\n")
    assert "row 3" in message and "elevation_m" in message and "finite" in message


def test_build_course_refuses_a_course_beyond_2000_km():
    profile = Profile(np.array([0.0, 1e12]), np.array([0.0, 0.0]), np.array([0.0, 0.0]), "made.csv")
    with pytest.raises(PacksimError, match="2000 km"):
        build_course(profile)


@pytest.mark.parametrize("where,mention", [("dir", "is a directory"), ("/dev/null", "is not a regular file")])
def test_a_folder_or_a_device_is_not_called_missing(tmp_path, where, mention):
    target = tmp_path if where == "dir" else where
    with pytest.raises(PacksimError) as info:
        read_profile_csv(target)
    message = str(info.value)
    assert mention in message and "not found" not in message and "course.profile" in message
