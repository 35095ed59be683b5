"""Every physiology key of the schema reaches every engine's kernel inputs, or the engine that lacks it refuses it.

The engines: the per-runner engine, the crowd engine's cohort scheduler and its per-runner scheduler.

The two engines meet the model only through the kernel's records (sim/model/layout.py: the MODEL record,
the RUNNER records, the segment table and the weather rows), built by the same functions. So a key
means the same in both when changing it changes those inputs in both; a key that changes nothing in
one engine would be silently ignored there. Each key of ``PhysiologyConfig`` (nested ones included)
is changed in turn on a small hilly race with descents, flats and climbs.
"""
import dataclasses

import numpy as np
import pytest
from conftest import compose_config

import sim.engine.crowd as crowd
import sim.engine.crowd_runners as crowd_runners
import sim.engine.race as race
from sim.config import PhysiologyConfig
from sim.engine.crowd_race import CrowdSetup
from sim.errors import PacksimError

BASE = ("field.size=30", "course.checkpoint_every_m=1000", "focal=[]")
# a few keys only act on what a road course lacks: give it that (a trail surface, height above the threshold)
CONTEXT = {"terrain_cost_by_surface": ("course.surface_default=trail",),
           "night_cost_factor": ("course.surface_default=trail", "rules.start_date=2020-02-29",
                                 "course.latitude_deg=33.75", "course.longitude_deg=-84.39",
                                 "rules.timezone=America/New_York", "rules.start_clock=16:00"),
           "descent_speed_max_m_s": ("course.surface_default=trail",),
           "descent_critical_grade": ("course.surface_default=trail",),
           "descent_speed_loss_per_grade": ("course.surface_default=trail", "physiology.descent_critical_grade=0.0"),
           "descent_dark_factor": ("course.surface_default=trail", "rules.start_date=2020-02-29",
                                   "course.latitude_deg=33.75", "course.longitude_deg=-84.39",
                                   "rules.timezone=America/New_York", "rules.start_clock=16:00"),
           "altitude": ("physiology.altitude_threshold_m=0",),
           "altitude_vo2max_loss_per_km": ("physiology.altitude_threshold_m=0",)}
RUNNER_RACE = race.RunnerRace
DROPOUT_KEYS = {"dropout_hazard_per_h", "dropout_damage_weight", "dropout_heat_weight", "dropout_fatigue_weight"}
REFUSED_BY_RUNNERS = {"fuelling.aid_station_every_m"} | DROPOUT_KEYS   # aid stations are gates of the crowd engine only
REFUSED_BY_COHORTS = DROPOUT_KEYS   # giving up: the per-runner scheduler of a mass race only (sim.crowd_scheduler=runners)


class Built(Exception):
    """Raised by the patched engines once their kernel inputs exist (the race is not run)."""


def _leaf_keys(cls, prefix=""):
    for f in dataclasses.fields(cls):
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        if dataclasses.is_dataclass(default):
            yield from _leaf_keys(type(default), f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}", default


def _changed(key, value):
    if key == "grade_model":
        return ["minetti"]
    if key == "altitude_threshold_m":   # below the course's ~300 m
        return ["100.0"]
    if key == "fuelling.max_intake_g_h":   # below the field's 60 g/h
        return ["40.0"]
    if key == "descent_critical_grade":   # gentler than the road course's descents
        return ["0.01"]
    if key == "descent_speed_max_m_s":
        return ["{trail:5.0,technical:4.0,snow:3.5}"]
    if isinstance(value, bool):
        return [str(not value).lower()]
    if isinstance(value, dict):
        return ["{" + ",".join(f"{k}:{v * 1.1 if v * 1.1 <= 3 else v}" for k, v in value.items()) + "}"]
    if value == 0:
        return ["5000.0" if key.endswith("_m") else "0.05"]
    return [repr(value * 0.9), repr(value * 1.05)]


def _fingerprint(records):
    return b"".join(np.ascontiguousarray(r).tobytes() for r in records)


def _inputs(engine, overrides, monkeypatch):
    """The kernel inputs an engine builds for the race with ``overrides`` (bytes)."""
    cfg = compose_config(*BASE, *overrides)
    got = {}
    if engine == "runners":
        class Capture(RUNNER_RACE):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                got["records"] = (self.model, self.runners, *self.arrive_args[3:5])   # + segment table, weather rows
                raise Built
        monkeypatch.setattr(race, "RunnerRace", Capture)
        with pytest.raises(Built):
            race.RaceSetup(cfg).run(np.random.default_rng(3), 3)
    else:
        def capture(self, progress=False):
            got["records"] = (self.model, self.runners, self.seg, self.weather_rows)
            raise Built
        def capture_each(self, progress=False):
            got["records"] = (*self.arrive_args[:2], self.arrive_args[2], *self.arrive_args[4:6])   # + the TRAIL record
            raise Built
        monkeypatch.setattr(crowd.CrowdEngine, "run", capture)
        monkeypatch.setattr(crowd_runners.CrowdRunners, "run", capture_each)
        scheduler = "runners" if engine == "crowd_runners" else "cohorts"
        with pytest.raises(Built):
            CrowdSetup(dataclasses.replace(cfg, sim=dataclasses.replace(cfg.sim, engine="crowd",
                                                                        crowd_scheduler=scheduler))).run(
                np.random.default_rng(3), 3)
    return _fingerprint(got["records"])


def _valid_change(key, default):
    for value in _changed(key, default):
        try:
            compose_config(*BASE, f"physiology.{key}={value}")
            return value
        except PacksimError:
            continue
    pytest.fail(f"no valid changed value for physiology.{key}")


@pytest.mark.parametrize("key,default", list(_leaf_keys(PhysiologyConfig)), ids=lambda v: str(v))
def test_every_physiology_key_reaches_both_engines_or_is_refused(key, default, monkeypatch):
    value = _valid_change(key, default)
    context = list(CONTEXT.get(key, ()))
    override = f"physiology.{key}={value}"
    for engine in ("runners", "crowd", "crowd_runners"):
        before = _inputs(engine, context, monkeypatch)
        if (engine == "runners" and key in REFUSED_BY_RUNNERS) or (engine == "crowd" and key in REFUSED_BY_COHORTS):
            with pytest.raises(PacksimError, match=key.split(".")[-1]):
                _inputs(engine, [*context, override], monkeypatch)
            continue
        assert _inputs(engine, [*context, override], monkeypatch) != before, \
            f"{override} changes nothing on the {engine} engine"
