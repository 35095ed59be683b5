"""sim/inputs/tactics.py: the registry and what each kind of tactic asks for."""
import pytest

from sim.config import TacticSpec
from sim.errors import PacksimError
from sim.inputs.tactics import TACTIC_KINDS, build_tactics, lookup

AFFORDABLE_M_S = 5.0
PLANNED_M_S = 5.5


def tactic(**spec):
    return build_tactics({"t": TacticSpec(**spec)})["t"]


def test_lookup_finds_by_name():
    tactics = build_tactics({"even": TacticSpec(kind="even"), "sit": TacticSpec(kind="sit")})
    assert lookup(tactics, "sit", "field.default_tactic").kind == "sit"


def test_lookup_unknown_name_lists_the_known_ones():
    tactics = build_tactics({"sit": TacticSpec(kind="sit"), "even": TacticSpec(kind="even")})
    with pytest.raises(PacksimError) as info:
        lookup(tactics, "hare", "field.default_tactic")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("field.default_tactic: ")
    assert "'hare'" in message and "even, sit" in message


def test_build_tactics_keeps_names_and_sorts_surges():
    t = build_tactics({"late": TacticSpec(kind="surge", surge_at_m=[30000.0, 10000.0])})["late"]
    assert (t.name, t.kind, t.surge_at_m) == ("late", "surge", (10000.0, 30000.0))


def test_front_run_at_a_target_pace_while_it_can_afford_it():
    t = tactic(kind="front_run", pace_s_km=180.0, lead_factor=1.2, hold_tolerance=0.2)
    # 3:00/km = 5.556 m/s while that is within 20 % of what the runner can afford ...
    assert t.lead_effort(0.0, AFFORDABLE_M_S, PLANNED_M_S) == pytest.approx(1000.0 / 180.0)
    # ... and no more than 20 % above it once fatigue has lowered the affordable effort to 3 m/s
    assert t.lead_effort(40000.0, 3.0, PLANNED_M_S) == pytest.approx(3.6)


def test_front_run_lead_factor_uses_the_planned_effort():
    t = tactic(kind="front_run", lead_factor=1.02, hold_tolerance=0.5)
    assert t.lead_effort(20000.0, AFFORDABLE_M_S, PLANNED_M_S) == pytest.approx(5.61)   # 1.02 x 5.5
    assert t.lead_effort(20000.0, 4.0, PLANNED_M_S) == pytest.approx(5.61)
    assert tactic(kind="front_run", lead_factor=1.02, hold_tolerance=0.05).lead_effort(
        20000.0, 4.0, PLANNED_M_S) == pytest.approx(4.2)


@pytest.mark.parametrize("kind", ["even", "sit", "kick"])
def test_even_and_sit_scale_the_affordable_effort(kind):
    assert tactic(kind=kind).lead_effort(1000.0, AFFORDABLE_M_S, PLANNED_M_S) == pytest.approx(5.0)
    t = tactic(kind=kind, lead_factor=0.98)
    assert t.lead_effort(1000.0, AFFORDABLE_M_S, PLANNED_M_S) == pytest.approx(4.9)


def test_surge_lifts_inside_its_windows_only():
    t = tactic(kind="surge", surge_at_m=[5000.0, 20000.0], surge_length_m=1000.0, surge_lift=0.04, lead_factor=0.99)
    lead = {x: t.lead_effort(x, AFFORDABLE_M_S, PLANNED_M_S) for x in (4999.0, 5000.0, 5999.0, 6000.0, 20500.0)}
    assert lead[5000.0] == pytest.approx(5.2)      # 5.0 x 1.04
    assert lead[5999.0] == pytest.approx(5.2)
    assert lead[20500.0] == pytest.approx(5.2)
    assert lead[4999.0] == pytest.approx(4.95)     # 5.0 x lead_factor 0.99 between surges
    assert lead[6000.0] == pytest.approx(4.95)


def test_surging_window_edges():
    t = tactic(kind="surge", surge_at_m=[5000.0, 20000.0], surge_length_m=1000.0)
    assert [t.surging(x) for x in (4999.9, 5000.0, 5999.9, 6000.0, 19999.9, 20000.0, 20999.9, 21000.0)] == \
        [False, True, True, False, False, True, True, False]
    assert not tactic(kind="surge").surging(5000.0)    # no surge distances, never surging


def test_only_front_runners_do_not_follow():
    assert {kind: tactic(kind=kind).follows for kind in TACTIC_KINDS} == {
        "even": True, "sit": True, "front_run": False, "surge": True, "kick": True}


def test_hold_limit():
    assert tactic(kind="sit", hold_tolerance=0.02).hold_limit(5.0) == pytest.approx(5.1)
