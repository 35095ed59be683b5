"""sim/inputs/field.py: seed times, roster checks, and runners' parameters."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config import FieldConfig, PhysiologyConfig, TacticSpec
from sim.errors import PacksimError
from sim.inputs.field import build_field, parse_time_s, read_roster
from sim.inputs.tactics import build_tactics

MARATHON_M = 42195.0


@pytest.fixture
def tactics():
    return build_tactics({"even": TacticSpec(kind="even"), "sit": TacticSpec(kind="sit")})


def roster(tmp_path, text, name="roster.csv"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def field(path, tactics, seed=1, phys=None, **cfg):
    cfg.setdefault("size", 2)
    return build_field(FieldConfig(roster=path, **cfg), phys or PhysiologyConfig(), tactics, MARATHON_M,
                       np.random.default_rng(seed))


def roster_error(call):
    with pytest.raises(PacksimError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message
    assert "field.roster" in message
    return message


# parse_time_s


@pytest.mark.parametrize("value, seconds", [
    ("2:06:07", 7567.0),
    ("64:00", 3840.0),
    (7567, 7567.0),
    ("7567", 7567.0),
    (" 1:00:00.5 ", 3600.5),
    ("abc", None),
    ("", None),
    ("2:06:", None),
    ("2:75:00", None),     # minutes and seconds below 60 only
    ("2:05:60", None),
    ("75:00", 4500.0),     # ... the first part may be any size
])
def test_parse_time_s(value, seconds):
    assert parse_time_s(value) == seconds


# read_roster errors


@pytest.mark.parametrize("seed", ["2:75:00", "2:05:60"])
def test_minutes_or_seconds_of_60_or_more_name_the_file_and_row(tmp_path, seed):
    path = roster(tmp_path, f"name,seed_time_s\nA,2:10:00\nB,{seed}\n")
    message = roster_error(lambda: read_roster(path))
    assert path in message and "row 3 (B)" in message and seed in message and "0-59" in message


def test_a_row_with_extra_fields_is_named_as_such(tmp_path):
    message = roster_error(lambda: read_roster(roster(tmp_path, "name,seed_time_s\nA,2:10:00\nB,2:11:00,M,60\n")))
    assert "row 3 has 4 fields, expected 2" in message and "empty name" not in message


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_non_finite_number_names_the_row(tmp_path, value):
    message = roster_error(lambda: read_roster(roster(tmp_path, f"name,seed_time_s,mass_kg\nA,2:10:00,{value}\n")))
    assert "row 2 (A): mass_kg" in message and "finite" in message


def test_a_long_value_is_cut_in_the_message(tmp_path):
    message = roster_error(lambda: read_roster(roster(tmp_path, "name,seed_time_s\nA," + "9" * 100_000 + "x\n")))
    assert len(message) < 500 and "…(100001 chars)" in message


@pytest.mark.parametrize("text, missing", [
    ("seed_time_s\n7567\n", "name"),
    ("name\nA\n", "seed_time_s"),
])
def test_missing_required_column(tmp_path, text, missing):
    message = roster_error(lambda: read_roster(roster(tmp_path, text)))
    assert repr(missing) in message


def test_duplicate_runner_names_the_row(tmp_path):
    message = roster_error(lambda: read_roster(roster(tmp_path, "name,seed_time_s\nA,2:10:00\nB,2:11:00\nA,2:12:00\n")))
    assert "row 4" in message and "'A'" in message


@pytest.mark.parametrize("seed", ["fast", "-7567", "0"])
def test_bad_seed_time_names_the_row(tmp_path, seed):
    message = roster_error(lambda: read_roster(roster(tmp_path, f"name,seed_time_s\nA,2:10:00\nB,{seed}\n")))
    assert "row 3" in message and "seed_time_s" in message and "(B)" in message


def test_unknown_column(tmp_path):
    message = roster_error(lambda: read_roster(roster(tmp_path, "name,seed_time_s,shoe\nA,2:10:00,x\n")))
    assert "shoe" in message


def test_negative_mass_names_the_row(tmp_path):
    message = roster_error(lambda: read_roster(roster(tmp_path, "name,seed_time_s,mass_kg\nA,2:10:00,58\nB,2:11:00,-60\n")))
    assert "row 3" in message and "mass_kg" in message


def test_seed_faster_than_7_m_s_names_the_row(tmp_path):
    # 42195 m in 1:40:00 is 7.03 m/s; the same time over a half marathon (3.5 m/s) is fine
    message = roster_error(lambda: read_roster(roster(tmp_path, "name,seed_time_s\nA,2:10:00\nB,1:40:00\n")))
    assert "row 3" in message and "7.03 m/s" in message
    rows = read_roster(roster(tmp_path, "name,seed_time_s,seed_distance_m\nB,1:40:00,21097.5\n", "ok.csv"))
    assert rows[0]["seed_distance_m"] == 21097.5


def test_unknown_tactic(tmp_path, tactics):
    path = roster(tmp_path, "name,seed_time_s,tactic\nA,2:10:00,even\nB,2:11:00,hare\n")
    message = roster_error(lambda: field(path, tactics))
    assert "'B'" in message and "'hare'" in message and "even, sit" in message


def test_roster_values_are_parsed(tmp_path):
    rows = read_roster(roster(tmp_path, "name,seed_time_s,sex,tactic,notes\n Kipchoge ,2:01:39,m,sit,x\nB,7700,,,\n"))
    assert rows[0] == {"name": "Kipchoge", "seed_time_s": 7299.0, "sex": "M", "tactic": "sit"}
    assert rows[1] == {"name": "B", "seed_time_s": 7700.0, "sex": None, "tactic": None}


# build_field


def test_size_smaller_than_roster(tmp_path, tactics):
    path = roster(tmp_path, "name,seed_time_s\nA,2:10:00\nB,2:11:00\nC,2:12:00\n")
    with pytest.raises(PacksimError) as info:
        field(path, tactics, size=2)
    assert "\n" not in str(info.value) and "field.size" in str(info.value)


def test_generated_runners_fill_the_field(tmp_path, tactics):
    path = roster(tmp_path, "name,seed_time_s\nA,2:08:00\nB,2:12:00\n")
    specs = field(path, tactics, size=30, generated_seed_time_max_s=8340.0)
    assert len(specs) == 30
    assert [s.index for s in specs] == list(range(30))
    assert [s.name for s in specs[:2]] == ["A", "B"]
    assert not any(s.generated for s in specs[:2]) and all(s.generated for s in specs[2:])
    assert len({s.name for s in specs}) == 30
    seeds = np.array([s.seed_time_s for s in specs[2:]])
    assert np.all((seeds >= 7920.0) & (seeds <= 8340.0))   # slowest roster seed 2:12:00 .. 2:19:00
    assert np.all(np.diff(seeds) >= 0)


def test_half_marathon_seed_is_converted_by_riegel(tmp_path, tactics):
    # 3840 s x 2^1.06 = 8006.1 s = 2:13:26
    specs = field(roster(tmp_path, "name,seed_time_s,seed_distance_m\nH,64:00,21097.5\n"), tactics, size=1)
    assert specs[0].seed_time_s == 3840.0
    assert specs[0].marathon_equivalent_s == pytest.approx(8006.1, abs=0.5)


def test_critical_speed_from_a_world_class_marathon(tmp_path, tactics):
    # seed_shelter 1: v_eq = 42195/7567 = 5.5762 m/s; F(7567 s) = 0.93 - 0.161 ln(7567/9000) = 0.95792;
    # CS = 5.5762 / 0.95792 = 5.821 m/s (MODEL.md §4.1 quotes 5.82 for men from world records)
    specs = field(roster(tmp_path, "name,seed_time_s\nA,2:06:07\n"), tactics, size=1, day_form_cv=0.0,
                  phys=PhysiologyConfig(seed_shelter=1.0))
    a = specs[0]
    assert a.critical_speed_m_s == pytest.approx(5.821, abs=0.002)
    assert a.plan_effort_m_s < a.critical_speed_m_s
    # on a marathon with seed conditions the plan replays the seed
    assert a.plan_time_s == pytest.approx(7567.0, abs=1.0)
    assert a.plan_effort_m_s == pytest.approx(MARATHON_M / 7567.0, rel=1e-4)


def test_seed_run_sheltered_means_a_lower_critical_speed(tmp_path, tactics):
    path = roster(tmp_path, "name,seed_time_s\nA,2:06:07\n")
    solo = field(path, tactics, size=1, day_form_cv=0.0, phys=PhysiologyConfig(seed_shelter=1.0))[0]
    paced = field(path, tactics, size=1, day_form_cv=0.0, phys=PhysiologyConfig(seed_shelter=0.5))[0]
    assert paced.critical_speed_m_s < solo.critical_speed_m_s


@settings(max_examples=25, deadline=None)
@given(seed_s=st.floats(6500.0, 14000.0), rng_seed=st.integers(0, 2**32 - 1))
def test_planned_effort_is_below_critical_speed(tmp_path_factory, seed_s, rng_seed):
    tactics = build_tactics({"even": TacticSpec(kind="even")})
    path = roster(tmp_path_factory.mktemp("r"), f"name,seed_time_s\nA,{seed_s}\n")
    a = field(path, tactics, seed=rng_seed, size=1, day_form_cv=0.1)[0]
    assert 0 < a.plan_effort_m_s < a.critical_speed_m_s


def test_same_seed_same_field_other_seed_other_runners(tmp_path, tactics):
    path = roster(tmp_path, "name,seed_time_s\nA,2:08:00\n")
    first = field(path, tactics, seed=7, size=10)
    assert first == field(path, tactics, seed=7, size=10)
    other = field(path, tactics, seed=8, size=10)
    assert [s.seed_time_s for s in other[1:]] != [s.seed_time_s for s in first[1:]]
    assert [s.mass_kg for s in other] != [s.mass_kg for s in first]


def test_roster_physiology_is_used_as_given(tmp_path, tactics):
    path = roster(tmp_path, "name,seed_time_s,mass_kg,height_m,cs_m_s,d_prime_m,sex\nA,2:10:00,57,1.70,6.1,300,F\n")
    a = field(path, tactics, size=1, day_form_cv=0.05, d_prime_cv=0.5)[0]
    assert (a.mass_kg, a.height_m, a.critical_speed_m_s, a.d_prime_m, a.sex) == (57.0, 1.70, 6.1, 300.0, "F")
    # CdA = Cd 0.8 x 0.266 x Du Bois BSA(1.70 m, 57 kg) = 0.8 x 0.266 x 1.6586 = 0.3530 m²
    assert a.cda_m2 == pytest.approx(0.3530, abs=5e-4)
    assert a.tactic.name == "even"


def test_roster_tactic_overrides_the_default(tmp_path, tactics):
    path = roster(tmp_path, "name,seed_time_s,tactic\nA,2:10:00,sit\nB,2:11:00,\n")
    a, b = field(path, tactics)
    assert (a.tactic.name, b.tactic.name) == ("sit", "even")


def test_an_unknown_focal_runner_is_one_line_with_the_closest_names():
    from sim.inputs.field import check_focal
    check_focal(["Jim Walmsley"], ["Galen Rupp", "Jim Walmsley"])
    with pytest.raises(PacksimError, match="closest names: Jim Walmsley"):
        check_focal(["Jim Walmsly"], ["Galen Rupp", "Jim Walmsley"])
    with pytest.raises(PacksimError, match="'Nobody' is not a runner"):
        check_focal(["Nobody"], ["Galen Rupp"])
