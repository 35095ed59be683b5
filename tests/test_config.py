"""The config boundary (sim/config.py): every float finite, documented upper bounds, one line naming the key."""
import copy
import math
import typing

import pytest
from conftest import SMALL, compose_config, one_line_error

from sim.commands.preflight import schema_keys
from sim.config import (
    MAX_FIELD_CROWD,
    MAX_FIELD_RUNNERS,
    MAX_REPLICATES,
    MAX_TIME_LIMIT_S,
    CutoffSpec,
    RulesConfig,
    check_finite,
)
from sim.errors import PacksimError

FLOAT_KEYS = sorted(k for k, t in schema_keys().items()
                    if not k.endswith(".*") and (t is float or t == typing.Optional[float]))


def _set(cfg, key, value):
    *path, last = key.split(".")
    node = cfg
    for part in path:
        node = getattr(node, part)
    setattr(node, last, value)


def test_the_schema_has_float_keys_in_every_group():
    assert {k.split(".")[0] for k in FLOAT_KEYS} >= {"course", "weather", "field", "physiology", "drafting", "sim",
                                                     "rules", "goals"}


@pytest.fixture(scope="module")
def base_cfg():
    return compose_config(*SMALL)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_every_float_key_rejects_inf_and_nan(base_cfg, value):
    check_finite(base_cfg)   # a real config is finite
    for key in FLOAT_KEYS:
        cfg = copy.deepcopy(base_cfg)
        _set(cfg, key, value)
        with pytest.raises(PacksimError) as info:
            check_finite(cfg)
        assert str(info.value) == f"config key '{key}': must be a finite number, got {value}", key


def test_floats_inside_lists_and_dicts_are_checked():
    rules = RulesConfig(cutoffs=[CutoffSpec("a", 1.0, 2.0), CutoffSpec("b", 2.0, 3.0)])
    rules.cutoffs[1].race_time_s = math.nan
    with pytest.raises(PacksimError, match=r"'rules.cutoffs\[1\].race_time_s': must be a finite number, got nan"):
        check_finite(rules, "rules")
    with pytest.raises(PacksimError, match=r"'field.mass_kg_mean.F'"):
        check_finite({"field": {"mass_kg_mean": {"M": 60.0, "F": math.inf}}})


@pytest.mark.parametrize("override,key", [
    ("weather.wind_speed_m_s=inf", "weather.wind_speed_m_s"),
    ("weather.wind_speed_m_s=nan", "weather.wind_speed_m_s"),
    ("sim.time_limit_s=inf", "sim.time_limit_s"),
    ("tactics.even.surge_at_m=[1000,inf]", "tactics.even.surge_at_m[1]"),
    ("field.seed_median_s.M=-inf", "field.seed_median_s.M"),
])
def test_composed_inf_and_nan_name_the_key(override, key):
    msg = one_line_error(lambda: compose_config(*SMALL, override), key)
    assert "finite" in msg and "np.float64" not in msg


@pytest.mark.parametrize("overrides,key,mention", [
    (["field.size=20001"], "field.size", "sim.engine=crowd"),
    (["field.size=200001", "sim.engine=crowd"], "field.size", str(MAX_FIELD_CROWD)),
    ([f"replicates={MAX_REPLICATES + 1}"], "replicates", str(MAX_REPLICATES)),
    ([f"sim.time_limit_s={MAX_TIME_LIMIT_S + 1}"], "sim.time_limit_s", "10 days"),
    (["course.resolution_m=0.5"], "course.resolution_m", ">= 1 m"),
    (["course.checkpoint_every_m=99"], "course.checkpoint_every_m", ">= 100 m"),
])
def test_upper_bounds(overrides, key, mention):
    msg = one_line_error(lambda: compose_config(*SMALL, *overrides), key)
    assert mention in msg


def test_the_bounds_themselves_are_accepted():
    cfg = compose_config(*SMALL, f"field.size={MAX_FIELD_RUNNERS}", f"sim.time_limit_s={MAX_TIME_LIMIT_S}",
                         "course.resolution_m=1", "course.checkpoint_every_m=100")
    assert cfg.field.size == MAX_FIELD_RUNNERS and cfg.sim.time_limit_s == MAX_TIME_LIMIT_S


def test_an_unresolvable_interpolation_names_the_key():
    msg = one_line_error(lambda: compose_config(*SMALL, "course.profile=${oc.env:PACKSIM_SURELY_NOT_SET}"),
                         "course.profile")
    assert "PACKSIM_SURELY_NOT_SET" in msg




@pytest.mark.parametrize("value", [1e300, -1e10])
def test_a_float_beyond_1e9_in_magnitude_names_the_key(base_cfg, value):
    cfg = copy.deepcopy(base_cfg)
    cfg.physiology.abandon_after_m = value
    with pytest.raises(PacksimError, match=r"'physiology.abandon_after_m': .* beyond 1e\+09 in magnitude"):
        check_finite(cfg)


def test_the_reference_air_density_is_bounded():
    one_line_error(lambda: compose_config(*SMALL, "physiology.reference_air_density_kg_m3=1e8"),
                   "physiology.reference_air_density_kg_m3")
