"""sim/inputs/field.py: a coach's athletes join the field in place of generated runners; tactic_of overrides tactics."""
import numpy as np
import pytest

from sim.config import AthleteConfig, FieldConfig, PhysiologyConfig, TacticSpec
from sim.errors import PacksimError
from sim.inputs.field import build_field
from sim.inputs.tactics import build_tactics

MARATHON_M = 42195.0


@pytest.fixture
def tactics():
    return build_tactics({"even": TacticSpec(kind="even"), "sit": TacticSpec(kind="sit"),
                          "front_run": TacticSpec(kind="front_run")})


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("name,seed_time_s,tactic\nA,2:08:00,sit\nB,2:12:00,\n")
    return str(path)


def field(roster, tactics, seed=1, **cfg):
    cfg.setdefault("size", 10)
    return build_field(FieldConfig(roster=roster, **cfg), PhysiologyConfig(), tactics, MARATHON_M,
                       np.random.default_rng(seed))


def test_an_athlete_replaces_one_generated_runner(roster, tactics):
    kid = AthleteConfig(name="Kid", seed_time_s=9000.0, mass_kg=55.0)
    specs = field(roster, tactics, athletes=[kid])
    assert len(specs) == 10 and [s.name for s in specs[:3]] == ["A", "B", "Kid"]
    assert not specs[2].generated and specs[2].mass_kg == 55.0 and specs[2].seed_time_s == 9000.0
    assert sum(s.generated for s in specs) == 7
    # generated seeds still start at the slowest roster seed, not at the (slower) athlete's
    assert min(s.seed_time_s for s in specs if s.generated) >= 7920.0


def test_tactic_of_overrides_roster_and_default_only(roster, tactics):
    base = field(roster, tactics)
    moved = field(roster, tactics, tactic_of={"A": "front_run", "B": "sit"})
    assert [s.tactic.name for s in base[:2]] == ["sit", "even"]
    assert [s.tactic.name for s in moved[:2]] == ["front_run", "sit"]
    for a, b in zip(base, moved):   # the same draws: only the tactic differs
        assert (a.name, a.critical_speed_m_s, a.d_prime_m, a.mass_kg) == (b.name, b.critical_speed_m_s, b.d_prime_m, b.mass_kg)


@pytest.mark.parametrize("cfg, mention", [
    ({"athletes": [AthleteConfig(name="A", seed_time_s=8000.0)]}, "already in the field"),
    ({"tactic_of": {"Nobody": "sit"}}, "field.tactic_of"),
    ({"athletes": [AthleteConfig(name="K", seed_time_s=8000.0)], "size": 2}, "field.size"),
])
def test_bad_additions_are_one_line(roster, tactics, cfg, mention):
    with pytest.raises(PacksimError) as info:
        field(roster, tactics, **cfg)
    assert mention in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("seed_time_s, distance_m", [(500.0, 42195.0), (50000.0, 42195.0), (0.0, 42195.0)])
def test_impossible_athlete_seed(seed_time_s, distance_m):
    with pytest.raises(PacksimError) as info:
        AthleteConfig(name="K", seed_time_s=seed_time_s, seed_distance_m=distance_m)
    assert "athlete.seed_time_s" in str(info.value)
