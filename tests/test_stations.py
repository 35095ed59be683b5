"""sim/inputs/stations.py: aid-station tables, their checks, and the cut-offs they give."""
import math

import pytest
from conftest import compose_config
from numpy.testing import assert_allclose

from sim.errors import PacksimError
from sim.inputs.stations import place_stations, read_stations, station_cutoffs

HEADER = "name,distance_m,elevation_m,cutoff_elapsed_h\n"
TABLE = HEADER + """\
Start,0,1000,
Col,5000,2000,
Hut,10000,1500,2.0
Bridge,15000,,2.0
Village,20000,800,3.5
Finish,25000,900,6.0
"""
WSER = "scenarios/western_states_2019/wser_aid_stations.csv"
UTMB = "scenarios/utmb_2023/utmb_aid_stations.csv"


def write(tmp_path, text):
    path = tmp_path / "stations.csv"
    path.write_text(text)
    return path


def table_error(tmp_path, text):
    with pytest.raises(PacksimError) as info:
        read_stations(write(tmp_path, text))
    msg = str(info.value)
    assert "\n" not in msg and "rules.stations" in msg and "stations.csv" in msg, msg
    return msg


def test_read_table_types_and_optional_cells(tmp_path):
    stations = read_stations(write(tmp_path, TABLE))
    assert [s.name for s in stations] == ["Start", "Col", "Hut", "Bridge", "Village", "Finish"]
    assert stations[2].cutoff_elapsed_s == 7200.0 and math.isnan(stations[1].cutoff_elapsed_s)
    assert math.isnan(stations[3].elevation_m) and stations[4].elevation_m == 800.0
    assert stations[5].row == 7


def test_only_name_and_distance_are_required(tmp_path):
    stations = read_stations(write(tmp_path, "name,distance_m\nA,100\nB,200\n"))
    assert [s.distance_m for s in stations] == [100.0, 200.0]
    assert all(math.isnan(s.cutoff_elapsed_s) and math.isnan(s.elevation_m) for s in stations)


@pytest.mark.parametrize("text, words", [
    ("name,elevation_m\nA,100\n", ["missing column", "distance_m"]),
    (HEADER + "A,100,,\nB,50,,\n", ["row 3", "(B)", "not after A", "course order"]),
    (HEADER + "A,100,,\nB,100,,\n", ["row 3", "not after A"]),
    (HEADER + "A,-5,,\n", ["row 2", "negative"]),
    (HEADER + "A,100,,3\nB,200,,2.5\n", ["row 3", "(B)", "2.5 h is earlier than A's 3 h", "row 2"]),
    (HEADER + "A,100,,3\nB,200,,\nC,300,,2\n", ["row 4", "earlier than A's"]),
    (HEADER + "A,1oo,,\n", ["row 2", "column distance_m", "'1oo'", "not a number"]),
    (HEADER + "A,inf,,\n", ["row 2", "column distance_m", "not a finite number"]),
    (HEADER + "A,100,,5:30\n", ["row 2", "cutoff_elapsed_h", "'5:30'"]),
    (HEADER + "A,100,high,\n", ["row 2", "elevation_m", "'high'"]),
    (HEADER + ",100,,\n", ["row 2", "empty name"]),
    (HEADER + "A,,,\n", ["row 2", "distance_m is empty"]),
    (HEADER + "A,100,,-1\n", ["row 2", "negative"]),
])
def test_bad_tables_are_one_line_errors_naming_the_row(tmp_path, text, words):
    msg = table_error(tmp_path, text)
    for w in words:
        assert w in msg, (w, msg)


def test_missing_file_names_the_key():
    with pytest.raises(PacksimError, match="rules.stations: file not found"):
        read_stations("nowhere/stations.csv")


def test_equal_cutoffs_are_allowed(tmp_path):
    stations = read_stations(write(tmp_path, TABLE))
    assert stations[2].cutoff_elapsed_s == stations[3].cutoff_elapsed_s


def test_scaling_puts_the_last_row_on_the_finish(tmp_path):
    placed = place_stations(read_stations(write(tmp_path, TABLE)), 24000.0, scale_to_course=True)
    assert_allclose([s.distance_m for s in placed], [0, 4800, 9600, 14400, 19200, 24000])
    assert placed[1].table_distance_m == 5000.0


def test_scaling_needs_the_last_row_to_be_the_finish(tmp_path):
    with pytest.raises(PacksimError, match=r"row 7 \(Finish\).*25000 m but the course is 20000 m.*stations_scale_to_course=false"):
        place_stations(read_stations(write(tmp_path, TABLE)), 20000.0, scale_to_course=True, source="t.csv")


def test_unscaled_station_beyond_the_finish(tmp_path):
    stations = read_stations(write(tmp_path, TABLE))
    with pytest.raises(PacksimError) as info:
        place_stations(stations, 22000.0, scale_to_course=False, source="t.csv")
    msg = str(info.value)
    assert "\n" not in msg and "row 7 (Finish)" in msg and "beyond the finish (22000 m)" in msg
    kept = place_stations(stations, 25000.0, scale_to_course=False)
    assert [s.distance_m for s in kept] == [s.distance_m for s in stations]


def test_cutoffs_leave_out_start_finish_limit_and_implied_ones(tmp_path):
    placed = place_stations(read_stations(write(tmp_path, TABLE)), 25000.0)
    cuts = station_cutoffs(placed, 25000.0, time_limit_s=6 * 3600.0)
    # Hut (2 h) is implied by Bridge (2 h, further on); the finish is sim.time_limit_s
    assert [(c.name, c.distance_m, c.race_time_s) for c in cuts] == [("Bridge", 15000.0, 7200.0),
                                                                     ("Village", 20000.0, 12600.0)]
    assert [c.name for c in station_cutoffs(placed, 25000.0, time_limit_s=3 * 3600.0)] == ["Bridge"]


def test_western_states_table():
    stations = read_stations(WSER)
    assert len(stations) == 24 and stations[0].name == "Start" and stations[-1].name == "Finish"
    placed = place_stations(stations, 161051.4)
    assert placed[-1].distance_m == 161051.4
    cuts = station_cutoffs(placed, 161051.4, 30 * 3600.0)
    names = [c.name for c in cuts]
    # Lyon Ridge = Red Star Ridge = 5.5 h, Dardanelles = Peachstone, Ford's Bar = Rucky Chucky: the later kept;
    # Robie Point's 30 h is the finish limit
    assert names[:2] == ["Red Star Ridge", "Duncan Canyon"]
    assert "Lyon Ridge" not in names and "Dardanelles (Cal-1)" not in names and "Ford's Bar (Cal-3)" not in names
    assert names[-1] == "Pointed Rocks" and len(cuts) == 16
    assert_allclose(cuts[-1].race_time_s, 28.67 * 3600)


def test_utmb_table_cutoffs_before_the_2023_limit():
    placed = place_stations(read_stations(UTMB), 174621.1)
    cuts = station_cutoffs(placed, 174621.1, 46.5 * 3600.0)
    assert cuts[0].name == "Saint-Gervais" and cuts[-1].name == "La Flegere"
    assert len(cuts) == 12 and all(b.race_time_s > a.race_time_s for a, b in zip(cuts, cuts[1:]))


def test_config_fills_rules_cutoffs_from_the_table():
    cfg = compose_config(f"rules.stations={WSER}", "sim.time_limit_s=108000",
                         "course.profile=scenarios/western_states_2019/wser_course_profile.csv")
    assert [c.name for c in cfg.rules.cutoffs][:2] == ["Red Star Ridge", "Duncan Canyon"]
    assert cfg.rules.cutoffs[0].distance_m < 25427.6     # official miles stretched onto the shorter default course


def test_config_rejects_cutoffs_given_both_ways():
    with pytest.raises(PacksimError, match="not both"):
        compose_config(f"rules.stations={WSER}", "rules=comrades_2025", "sim.time_limit_s=108000")


def test_config_checks_cutoff_at_and_dates():
    from conftest import one_line_error
    from sim.config import RulesConfig
    one_line_error(lambda: RulesConfig(stations_cutoff_at="leave"), "rules.stations_cutoff_at")
    one_line_error(lambda: RulesConfig(start_date="29/06/2019"), "rules.start_date")
    one_line_error(lambda: RulesConfig(timezone="Mars/Olympus"), "rules.timezone")


@pytest.mark.parametrize("table, mention", [
    ("name,distance_m,cutoff_elapsed_h\nA,20000,2\nB,10000,3\nFinish,42195,\n", "list the stations in course order"),
    ("name,distance_m,cutoff_elapsed_h\nA,10000,3\nB,20000,2\nFinish,42195,\n", "earlier than A's 3 h"),
    ("name,distance_m,cutoff_elapsed_h\nA,10000,3\nFinish,60000,\n", "60000 m but the course is"),
])
def test_bad_station_table_on_the_command_line_is_one_line_exit_2(tmp_path, table, mention):
    from conftest import SMALL, run_cli
    bad = tmp_path / "stations.csv"
    bad.write_text(table)
    out = tmp_path / "run"
    proc = run_cli(*SMALL, "course.profile=scenarios/atlanta_2020/course_profile.csv", f"rules.stations={bad}",
                   f"hydra.run.dir={out}")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("packsim: error: rules.stations") and mention in lines[0], proc.stderr
    assert not out.exists()


def test_rows_are_file_lines_with_the_comments_counted(tmp_path):
    text = "# source: a note\n# another\n" + HEADER + "A,100,,3\n\nB,200,,2\n"
    msg = table_error(tmp_path, text)
    assert "row 6 (B)" in msg and "(row 4)" in msg, msg      # lines 1-2 comments, 3 header, 5 blank
