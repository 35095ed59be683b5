"""Typed configuration: one dataclass per Hydra config group, validated once at the boundary.

Hydra composes YAML into an OmegaConf tree; :func:`from_omegaconf` (called only by the entry point)
merges it into these dataclasses, which rejects unknown keys and wrong types, and then each
dataclass checks its ranges in ``__post_init__``. Below the entry point nothing imports omegaconf.
Every key is documented in README.md ("Configuration").
"""
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from dataclasses import field as dc_field
from typing import Dict, List, Optional

from sim.errors import PacksimError, shorten

# Upper bounds of what the model can mean (README, "Limits"); each is checked below or where the input is read.
MAX_COURSE_M = 2_000_000.0            # a course of at most 2000 km (the longest multi-day races)
MAX_TIME_LIMIT_S = 10 * 86400.0       # sim.time_limit_s: ten days
MAX_FIELD_RUNNERS = 20_000            # field.size on the per-runner engine (one SimPy process each)
MAX_FIELD_CROWD = 200_000             # field.size on the crowd engine (cohorts)
MAX_REPLICATES = 100_000
MIN_RESOLUTION_M = 1.0                # course.resolution_m
MIN_CHECKPOINT_EVERY_M = 100.0        # course.checkpoint_every_m
MAX_ABS_FLOAT = 1e9                   # no float key means anything beyond this (the largest is a few 10^6 m)


def _require(ok, key, message):
    if not ok:
        raise PacksimError(f"config key '{key}': {message}")


def check_finite(node, prefix=""):
    """Every float in ``node`` (a config dataclass, or the mapping/list tree of one) is finite.

    One walk over every field, so no key needs its own check; the first inf or NaN is a one-line error
    naming its key (``weather.wind_speed_m_s``, ``rules.cutoffs[0].race_time_s``). So is a magnitude beyond
    :data:`MAX_ABS_FLOAT` (1e300 would overflow the physics into NaN).
    """
    if is_dataclass(node):
        items = ((f.name, getattr(node, f.name)) for f in fields(node))
    elif isinstance(node, Mapping):
        items = node.items()
    elif isinstance(node, (list, tuple)):
        for n, v in enumerate(node):
            check_finite(v, f"{prefix}[{n}]")
        return
    else:
        if isinstance(node, float) and not math.isfinite(node):
            _require(False, prefix, f"must be a finite number, got {shorten(node)}")
        if isinstance(node, float) and abs(node) > MAX_ABS_FLOAT:
            _require(False, prefix, f"{shorten(node)} is beyond {MAX_ABS_FLOAT:g} in magnitude; check the units")
        return
    for name, value in items:
        check_finite(value, f"{prefix}.{name}" if prefix else str(name))


SURFACES = ("road", "trail", "technical", "snow")   # known values of a profile's surface column
DEFAULT_LANES_BY_SURFACE = {"road": 3.0, "trail": 2.0, "technical": 1.0, "snow": 1.0}
CUTOFF_AT = ("arrival", "departure")   # what an aid-station table's cut-offs close
CROWD_SCHEDULERS = ("cohorts", "runners")   # how sim.engine=crowd moves its field


def _default_lanes_by_surface():
    return dict(DEFAULT_LANES_BY_SURFACE)


@dataclass
class CourseConfig:
    """The course: a profile CSV cut into segments (see sim/inputs/course.py)."""
    profile: str = "scenarios/atlanta_2020/course_profile.csv"  # a .gpx track or a CSV: distance_m, elevation_m, optional heading_deg (compass degrees), surface, width_lanes, name
    name: str = ""                           # display name; empty = the file name
    resolution_m: float = 100.0        # longest segment where grade or heading change
    max_segment_m: float = 400.0       # longest merged segment where they do not
    merge_grade_tol: float = 0.002     # grades closer than this [-] merge
    merge_heading_tol_deg: float = 5.0       # headings closer than this merge
    checkpoint_every_m: float = 1000.0       # split points (halfway and finish are added)
    default_heading_deg: float = 0.0   # heading of a profile without heading_deg: the wind is then only its share along this one direction
    surface_default: str = "road"      # surface where the profile has no surface column/value (road | trail | technical | snow)
    lanes_by_surface: Dict[str, float] = dc_field(default_factory=_default_lanes_by_surface)  # runners abreast by surface where width_lanes is empty [A]
    latitude_deg: float = 0.0          # where the course is (north > 0), for sunrise/sunset (sim/inputs/daylight.py)
    longitude_deg: float = 0.0         # east > 0
    congestion: bool = True            # false = nobody queues on single track (the ablation; sim.crowd_scheduler=runners)
    single_track_lanes: float = 1.0    # a segment this narrow or narrower [runners abreast] is single track: no free passing
    single_track_above_grade: float = 1.0  # off-road segments steeper than this (up or down) [-] are single track where the profile gives no width [A]; 1 = none
    passes_per_km: float = 2.0         # on single track a runner may pass this many runners per km (at wider spots) [A]
    spacing_m: float = 0.36            # single file: space a walker needs at a standstill (Seyfried et al. 2005) ...
    spacing_s_per_m_s: float = 1.06    # ... plus this much per m/s of speed: d = a + b v (Seyfried et al. 2005)

    def __post_init__(self):
        _require(self.surface_default in SURFACES, "course.surface_default",
                 f"unknown surface {self.surface_default!r}; known: {', '.join(SURFACES)}")
        unknown = sorted(set(self.lanes_by_surface) - set(SURFACES))
        _require(not unknown, "course.lanes_by_surface", f"unknown surface(s) {unknown}; known: {', '.join(SURFACES)}")
        missing = [s for s in SURFACES if s not in self.lanes_by_surface]
        _require(not missing, "course.lanes_by_surface", f"give a width for {missing} too")
        for surface, lanes in self.lanes_by_surface.items():
            _require(lanes > 0, f"course.lanes_by_surface.{surface}", f"must be > 0 runners abreast, got {lanes}")
        _require(-90 <= self.latitude_deg <= 90, "course.latitude_deg", f"must lie in -90..90, got {self.latitude_deg}")
        _require(-180 <= self.longitude_deg <= 180, "course.longitude_deg", f"must lie in -180..180, got {self.longitude_deg}")
        _require(self.single_track_lanes > 0, "course.single_track_lanes", f"must be > 0 runners abreast, got {shorten(self.single_track_lanes)}")
        _require(0 < self.single_track_above_grade <= 1, "course.single_track_above_grade", "must lie in (0, 1] (1 = no segment)")
        _require(self.passes_per_km >= 0, "course.passes_per_km", "must be >= 0 (0 = no passing on single track)")
        _require(0 <= self.spacing_m <= 5, "course.spacing_m", "must lie in 0..5 m")
        _require(0 < self.spacing_s_per_m_s <= 5, "course.spacing_s_per_m_s", "must lie in (0, 5] s")
        _require(self.profile != "", "course.profile", "give a profile: a .gpx track or a CSV (distance_m, elevation_m; optional heading_deg, surface, width_lanes, name)")
        _require(self.resolution_m >= MIN_RESOLUTION_M, "course.resolution_m",
                 f"must be >= {MIN_RESOLUTION_M:g} m, got {shorten(self.resolution_m)}")
        _require(self.max_segment_m >= self.resolution_m, "course.max_segment_m",
                 f"must be >= course.resolution_m ({self.resolution_m}), got {self.max_segment_m}")
        _require(self.merge_grade_tol >= 0, "course.merge_grade_tol", "must be >= 0")
        _require(self.merge_heading_tol_deg >= 0, "course.merge_heading_tol_deg", "must be >= 0")
        _require(self.checkpoint_every_m >= MIN_CHECKPOINT_EVERY_M, "course.checkpoint_every_m",
                 f"must be >= {MIN_CHECKPOINT_EVERY_M:g} m, got {shorten(self.checkpoint_every_m)}")


def clock_s(text, key):
    """Seconds after midnight of an ``hh:mm`` or ``hh:mm:ss`` time of day; a one-line error otherwise."""
    parts = str(text).strip().split(":")
    try:
        values = [int(p) for p in parts]
    except ValueError:
        values = []
    _require(len(values) in (2, 3) and 0 <= values[0] < 24 and all(0 <= v < 60 for v in values[1:]), key,
             f"'{shorten(text)}' is not a time of day; write hh:mm, e.g. '05:30'")
    return values[0] * 3600 + values[1] * 60 + (values[2] if len(values) == 3 else 0)


MAX_PROFILE_HOURS = 240   # weather.temp_profile clocks: hours past midnight of the gun's day, up to ten days


def profile_clock_s(text, key):
    """Seconds after midnight of the gun's day of an ``hh:mm`` or ``hh:mm:ss`` clock whose hours may pass 24
    (``29:30`` is 05:30 the next morning), so a profile can span the nights of a 100-miler."""
    parts = str(text).strip().split(":")
    try:
        values = [int(p) for p in parts]
    except ValueError:
        values = []
    _require(len(values) in (2, 3) and 0 <= values[0] < MAX_PROFILE_HOURS and all(0 <= v < 60 for v in values[1:]),
             key, f"'{shorten(text)}' is not a clock; write hh:mm with hours past midnight of the race's first day "
                  f"(0-{MAX_PROFILE_HOURS - 1}), e.g. '05:30', or '29:30' for 05:30 the next morning")
    return values[0] * 3600 + values[1] * 60 + (values[2] if len(values) == 3 else 0)


@dataclass
class TempPoint:
    """One point of the temperature over the race (linear between points)."""
    clock: str = "06:00"               # hh:mm past midnight of the gun's day; hours may pass 24 ('29:00' = 05:00 next day)
    temp_c: float = 10.0               # air temperature then


@dataclass
class WeatherConfig:
    """Wind, gusts, temperature and humidity (see sim/inputs/weather.py)."""
    wind_speed_m_s: float = 0.0        # mean wind at the reference height (10 m)
    wind_from_deg: float = 0.0         # direction the wind blows from, 0 = N, 90 = E
    gust_speed_m_s: float = 0.0        # reported peak gust at 10 m; 0 = steady wind (or see gust_factor)
    gust_factor: float = 0.0           # peak gust / mean wind; > 0 overrides gust_speed_m_s and scales with the wind
    gust_timescale_s: float = 30.0     # correlation time of the gust process [A]
    gust_peak_sigmas: float = 3.0      # a reported gust is this many sd above the mean [A]
    shear_exponent: float = 0.16       # alpha of the power law: 0.16 open, 0.30 suburban, 0.40 city
    reference_height_m: float = 10.0         # height of the reported wind
    runner_height_m: float = 1.5             # height the wind is reduced to (MODEL.md §2)
    temp_air_c: float = 10.0                 # air temperature
    relative_humidity: float = 0.5           # 0..1; for air density and the WBGT estimate
    wbgt_c: Optional[float] = None     # measured WBGT; None = estimated from temp and humidity
    temp_profile: List[TempPoint] = dc_field(default_factory=list)  # temperature over the day; empty = temp_air_c all day
    temp_offset_c: float = 0.0         # added to every temperature (a hotter or cooler day)
    temp_profile_max_gap_h: float = 3.0  # consecutive profile points may be at most this far apart
    lapse_rate_c_per_km: float = 6.5   # air cools this much per km of height above reference_elevation_m (ICAO standard atmosphere); 0 = same heat at every elevation
    reference_elevation_m: Optional[float] = None  # elevation the temperatures are given at; None = the course start

    def __post_init__(self):
        _require(self.wind_speed_m_s >= 0, "weather.wind_speed_m_s",
                 f"a wind speed is a magnitude and must be >= 0 (got {self.wind_speed_m_s}); "
                 "set weather.wind_from_deg for its direction")
        _require(self.gust_speed_m_s == 0 or self.gust_speed_m_s >= self.wind_speed_m_s, "weather.gust_speed_m_s",
                 f"a peak gust ({self.gust_speed_m_s}) must be 0 or >= weather.wind_speed_m_s ({self.wind_speed_m_s})")
        _require(self.gust_factor == 0 or self.gust_factor >= 1, "weather.gust_factor",
                 f"a peak gust is at least the mean wind: give a factor >= 1 (or 0 to use gust_speed_m_s), got {self.gust_factor}")
        _require(self.gust_timescale_s > 0, "weather.gust_timescale_s", "must be > 0 s")
        _require(self.gust_peak_sigmas > 0, "weather.gust_peak_sigmas", "must be > 0")
        _require(0 <= self.shear_exponent <= 1, "weather.shear_exponent", "must lie in 0..1 (0.16 open, 0.4 city)")
        _require(0 < self.runner_height_m <= self.reference_height_m, "weather.runner_height_m",
                 "must be > 0 and <= weather.reference_height_m")
        _require(-40 <= self.temp_air_c <= 50, "weather.temp_air_c", f"{self.temp_air_c} °C is outside -40..50 °C")
        _require(0 <= self.relative_humidity <= 1, "weather.relative_humidity", "is a fraction in 0..1, not a percentage")
        _require(-30 <= self.temp_offset_c <= 30, "weather.temp_offset_c", f"{self.temp_offset_c} °C is outside -30..30")
        _require(0 <= self.lapse_rate_c_per_km <= 10, "weather.lapse_rate_c_per_km",
                 f"{self.lapse_rate_c_per_km} °C/km is outside 0..10 (the standard atmosphere: 6.5; dry adiabatic: 9.8)")
        _require(self.reference_elevation_m is None or -500 <= self.reference_elevation_m <= 9000,
                 "weather.reference_elevation_m", f"{self.reference_elevation_m} m is outside -500..9000 m "
                 "(or null for the course start)")
        clocks = [profile_clock_s(p.clock, f"weather.temp_profile[{n}].clock") for n, p in enumerate(self.temp_profile)]
        for n in range(1, len(clocks)):
            _require(clocks[n] > clocks[n - 1], f"weather.temp_profile[{n}].clock",
                     f"{self.temp_profile[n].clock} is not after {self.temp_profile[n - 1].clock}; list the points in time order")
            _require(clocks[n] - clocks[n - 1] <= self.temp_profile_max_gap_h * 3600, f"weather.temp_profile[{n}].clock",
                     f"a gap of {(clocks[n] - clocks[n - 1]) / 3600:.1f} h after {self.temp_profile[n - 1].clock} "
                     f"(more than weather.temp_profile_max_gap_h = {self.temp_profile_max_gap_h} h); add the missing hours")
        for n, p in enumerate(self.temp_profile):
            _require(-40 <= p.temp_c <= 50, f"weather.temp_profile[{n}].temp_c", f"{p.temp_c} °C is outside -40..50 °C")


@dataclass
class AthleteConfig:
    """One named runner added to the field beside the roster (a coach's own athlete; see sim/commands/compare.py).

    The same columns as a roster row; unset values are drawn like a roster runner's.
    """
    name: str = ""                     # must not be a roster name
    seed_time_s: float = 0.0           # best time over seed_distance_m
    seed_distance_m: float = 42195.0   # a marathon unless given
    sex: Optional[str] = None          # M or F; None = field.sex
    mass_kg: Optional[float] = None
    height_m: Optional[float] = None
    cs_m_s: Optional[float] = None     # critical speed; None = derived from the seed
    d_prime_m: Optional[float] = None
    tactic: Optional[str] = None       # None = field.default_tactic

    def __post_init__(self):
        _require(self.name.strip() != "", "athlete.name", "give the athlete a name")
        _require(self.seed_time_s > 0 and self.seed_distance_m > 0, "athlete.seed_time_s",
                 f"must be > 0 s over a distance > 0 m, got {self.seed_time_s} s over {self.seed_distance_m} m")
        speed = self.seed_distance_m / self.seed_time_s
        _require(1.0 <= speed <= 7.0, "athlete.seed_time_s",
                 f"{self.seed_time_s:.0f} s over {self.seed_distance_m:.0f} m is {speed:.2f} m/s, outside 1-7 m/s; "
                 "check athlete.seed_time_s/seed_distance_m")
        _require(self.sex in (None, "M", "F"), "athlete.sex", f"must be M or F, got '{shorten(self.sex)}'")
        for key in ("mass_kg", "height_m", "cs_m_s", "d_prime_m"):
            value = getattr(self, key)
            _require(value is None or value > 0, f"athlete.{key}", f"must be > 0, got {value}")


@dataclass
class FieldConfig:
    """Who runs: a roster CSV plus generated runners up to ``size`` (see sim/inputs/field.py)."""
    roster: str = ""                   # CSV: name, seed_time_s [, seed_distance_m, sex, mass_kg, height_m, tactic, cs_m_s, d_prime_m]
    size: int = 100                    # runners in all; those not in the roster are generated
    default_tactic: str = "even"             # tactic of every runner without one in the roster
    sex: str = "M"                     # sex of generated runners (M or F)
    generated_seed_time_min_s: float = 0.0     # 0 = the slowest roster seed
    generated_seed_time_max_s: float = 8340.0  # 2:19:00, the 2020 Trials men's standard
    generated_seed_time_shape: float = 1.5     # CDF (t-min)^shape/(max-min)^shape; >1 crowds the standard [A]
    mass_kg_mean: Dict[str, float] = dc_field(default_factory=lambda: {"M": 60.0, "F": 50.0})  # body mass of runners without one, per sex
    mass_kg_sd: Dict[str, float] = dc_field(default_factory=lambda: {"M": 5.0, "F": 4.5})
    height_m_mean: Dict[str, float] = dc_field(default_factory=lambda: {"M": 1.76, "F": 1.64})  # height of runners without one, per sex
    height_m_sd: Dict[str, float] = dc_field(default_factory=lambda: {"M": 0.06, "F": 0.06})
    d_prime_m_mean: Dict[str, float] = dc_field(default_factory=lambda: {"M": 345.0, "F": 318.0})  # D' of runners without one, per sex (345 / 318 m from world records)
    d_prime_cv: float = 0.13           # Jones & Vanhatalo 2017; Manuel & Bollinger 2024
    day_form_mean: float = 0.0         # mean log change of critical speed on race day vs the seed (a best) [A]
    day_form_cv: float = 0.01          # race-to-race CV of critical speed (sd of its log) at day_form_cv_reference_s (Hopkins & Hewson 2001: 0.026, marathon, fastest quartile)
    day_form_skewness: float = 0.0     # skewness of the race-day slowdown; > 0 = a long tail of bad days, 0 = symmetric normal [A]
    day_form_cv_reference_s: float = 7800.0     # marathon-equivalent seed at which the CV is day_form_cv [s] [A]
    day_form_cv_slowness_exponent: float = 0.0  # CV x (seed / reference)^exponent: slower runners vary more (Hopkins & Hewson 2001) [A]
    carb_intake_g_h: float = 60.0      # carbohydrate eaten/drunk while racing [A]
    start_row_width: int = 8           # runners abreast on the start line
    start_row_spacing_m: float = 1.0         # distance between start rows
    seed_distribution: str = "power"   # power (seeds between generated_seed_time_min_s and _max_s) or split_lognormal (a mass field)
    seed_median_s: Dict[str, float] = dc_field(default_factory=lambda: {"M": 15300.0, "F": 16200.0})  # split_lognormal: median marathon-equivalent seed per sex [A]
    seed_sigma_fast: float = 0.18      # split_lognormal: sd of log seed on the fast side [A]
    seed_sigma_slow: float = 0.12      # ... and on the slow side [A]
    seed_time_min_s: Dict[str, float] = dc_field(default_factory=lambda: {"M": 7560.0, "F": 8280.0})  # split_lognormal: no seed faster than this, per sex [A]
    female_share: float = 0.0          # share of women among generated runners (0 = all field.sex)
    athletes: List[AthleteConfig] = dc_field(default_factory=list)  # named runners added after the roster, each replacing a generated one
    tactic_of: Dict[str, str] = dc_field(default_factory=dict)      # runner name -> tactic, over the roster's and the default
    descent_skill_cv: float = 0.10     # runner-to-runner CV of the descending factor (mean 1) on the descent cap [A] (Kay 2014)

    def __post_init__(self):
        _require(self.size > 0, "field.size", f"must be > 0 runners, got {self.size}")
        _require(self.sex in ("M", "F"), "field.sex", f"must be M or F, got '{shorten(self.sex)}'")
        _require(self.generated_seed_time_max_s > 0, "field.generated_seed_time_max_s", "must be > 0 s")
        _require(self.generated_seed_time_shape > 0, "field.generated_seed_time_shape", "must be > 0")
        _require(0 <= self.d_prime_cv < 1, "field.d_prime_cv", "must lie in 0..1")
        _require(0 <= self.day_form_cv < 0.2, "field.day_form_cv", "must lie in 0..0.2")
        _require(-0.2 < self.day_form_mean < 0.2, "field.day_form_mean", "must lie in -0.2..0.2")
        _require(0 <= self.day_form_skewness <= 4, "field.day_form_skewness",
                 "must lie in 0..4 (0 = symmetric; a seed is a best, so bad days have the long tail)")
        _require(self.day_form_cv_reference_s > 0, "field.day_form_cv_reference_s", "must be > 0 s")
        _require(0 <= self.day_form_cv_slowness_exponent <= 5, "field.day_form_cv_slowness_exponent",
                 "must lie in 0..5")
        _require(self.carb_intake_g_h >= 0, "field.carb_intake_g_h", "must be >= 0 g/h")
        _require(self.start_row_width >= 1, "field.start_row_width", "must be >= 1")
        _require(self.start_row_spacing_m >= 0, "field.start_row_spacing_m", "must be >= 0 m")
        _require(self.seed_distribution in ("power", "split_lognormal"), "field.seed_distribution",
                 f"unknown distribution '{shorten(self.seed_distribution)}'; choose power or split_lognormal")
        _require(self.seed_sigma_fast > 0 and self.seed_sigma_slow > 0, "field.seed_sigma_fast",
                 "both field.seed_sigma_fast and field.seed_sigma_slow must be > 0")
        _require(0 <= self.female_share <= 1, "field.female_share", "must lie in 0..1")
        _require(0 <= self.descent_skill_cv <= 0.5, "field.descent_skill_cv", "must lie in 0..0.5")
        for sex in ("M", "F"):
            _require(self.seed_median_s.get(sex, 1.0) > 0, f"field.seed_median_s.{sex}", "must be > 0 s")


@dataclass
class TacticSpec:
    """A named pacing strategy (see sim/inputs/tactics.py). ``kind`` picks the behaviour; the rest are its knobs."""
    kind: str = "even"                 # even | sit | front_run | surge | kick
    hold_tolerance: float = 0.01       # hold a pack whose averaged effort is up to (1 + tol) x affordable
    hold_burst: float = 0.07           # ... and whose effort on any one segment is up to (1 + burst) x (Ranum 2021)
    speed_limit: float = 0.01          # bridge to (join) a pace at most this far above its own planned pace
    use_d_prime_to_hold: bool = False  # cover surges above that with D' while it lasts
    d_prime_reserve: float = 0.1       # fraction of D' kept back when covering surges
    pass_margin: float = 0.0           # take the front when the pack is this much slower than own planned pace
    lead_factor: float = 1.0           # effort when leading, x the planned effort
    pace_s_km: float = 0.0             # front_run: target flat-equivalent pace; 0 = lead_factor x plan
    surge_at_m: List[float] = dc_field(default_factory=list)   # surge: start distances
    surge_lift: float = 0.04           # surge: effort lift (0.04 = +4 %)
    surge_length_m: float = 1000.0     # surge: length of each surge
    kick_last_m: float = 0.0           # kick (any kind): empty D' over the last metres; 0 = no kick

    def validate(self, name):
        key = f"tactics.{name}"
        _require(self.hold_tolerance >= 0, f"{key}.hold_tolerance", "must be >= 0")
        _require(self.speed_limit >= -0.2, f"{key}.speed_limit", "must be >= -0.2 (negative: only join packs slower than own plan)")
        _require(0 <= self.d_prime_reserve < 1, f"{key}.d_prime_reserve", "must lie in 0..1")
        _require(self.lead_factor > 0, f"{key}.lead_factor", "must be > 0")
        _require(self.pace_s_km >= 0, f"{key}.pace_s_km", "must be >= 0 (0 = use lead_factor)")
        _require(all(x >= 0 for x in self.surge_at_m), f"{key}.surge_at_m", "distances must be >= 0 m")
        _require(len(self.surge_at_m) <= 16, f"{key}.surge_at_m", "at most 16 surges (sim/model/layout.py MAX_SURGES)")
        _require(self.surge_length_m > 0, f"{key}.surge_length_m", "must be > 0 m")
        _require(-0.5 < self.surge_lift < 1, f"{key}.surge_lift", "must lie in -0.5..1")
        _require(self.kick_last_m >= 0, f"{key}.kick_last_m", "must be >= 0 m")


@dataclass
class FuellingConfig:
    """Carbohydrate eaten and drunk on the run (MODEL.md §4.3, Rapoport 2010)."""
    enabled: bool = True               # false = nobody eats or drinks carbohydrate
    aid_station_every_m: float = 0.0   # 0 = intake credited continuously; > 0 = only at aid stations this far apart
    intake_cv: float = 0.0             # runner-to-runner spread of the intake rate (field.carb_intake_g_h is the mean) [A]
    max_intake_g_h: float = 90.0       # gut limit: no runner absorbs more (Jeukendrup 2014) [A]

    def __post_init__(self):
        _require(self.aid_station_every_m >= 0, "physiology.fuelling.aid_station_every_m",
                 f"must be >= 0 m (0 = continuous), got {self.aid_station_every_m}")
        _require(0 <= self.intake_cv < 1, "physiology.fuelling.intake_cv", "must lie in 0..1")
        _require(self.max_intake_g_h > 0, "physiology.fuelling.max_intake_g_h", "must be > 0 g/h")


@dataclass
class EccentricDamageConfig:
    """Descents raise the cost of running (MODEL.md §4.4; Chen, Nosaka & Tu 2007) [A]."""
    enabled: bool = True               # false = descents do not raise the cost of running
    k_max: float = 0.055               # k_damage tends to 1 + this (Chen 2007: 4-7 %) [A]
    scale_m: float = 1000.0            # weighted descent that brings 63 % of it [A]
    reference_grade: float = 0.15      # a metre of descent counts fully at this grade [A]
    resistance_mean: float = 0.0       # mean adaptation to downhill running, 0..1 (Bontemps 2020) [A]
    resistance_sd: float = 0.0         # its runner-to-runner spread (mass fields only) [A]

    def __post_init__(self):
        _require(0 <= self.k_max < 0.5, "physiology.eccentric_damage.k_max", "must lie in 0..0.5")
        _require(self.scale_m > 0, "physiology.eccentric_damage.scale_m", "must be > 0 m")
        _require(0 < self.reference_grade <= 0.45, "physiology.eccentric_damage.reference_grade",
                 "must lie in (0, 0.45]")
        _require(0 <= self.resistance_mean < 1, "physiology.eccentric_damage.resistance_mean", "must lie in 0..1")
        _require(self.resistance_sd >= 0, "physiology.eccentric_damage.resistance_sd", "must be >= 0")


@dataclass
class PhysiologyConfig:
    """Energetics and limits (MODEL.md §1, §4, §5). Constants marked [A] there are assumptions."""
    grade_model: str = "gap"           # gap | minetti
    cost_flat_j_kg_m: float = 3.6      # C0, Minetti's intercept
    drag_coefficient: float = 0.8      # Cd, range 0.8-0.9
    drag_penalty_per_bodyweight: float = 6.13   # da Silva et al. 2022
    reference_air_density_kg_m3: float = 1.225  # defines v_eq (flat, still, sea-level effort)
    seed_shelter: float = 1.0          # drag fraction felt in the seed race (paced, in a pack) [A]
    riegel_exponent: float = 1.06      # converts a seed at another distance to a marathon
    sustainable_f_ref: float = 0.93    # F(T) = f_ref - slope ln(T / t_ref)
    sustainable_slope: float = 0.161
    sustainable_t_ref_s: float = 9000.0
    sustainable_f_max: float = 0.98          # F is clamped to this
    sustainable_knee_s: float = 21600.0      # beyond this duration (6 h, the end of the marathon data) F falls ...
    sustainable_slope_ultra: float = 0.04    # ... at this slope instead [A, calibrated on Western States 2019]
    fatigue_floor: float = 0.08        # past its budget a runner can hold what lasts 1/floor x the time left [A]
    effort_window_s: float = 300.0     # time scale over which runners judge a pack's effort [A]
    max_effort_cs: float = 1.15        # hardest effort, x CS (about vVO2max) [A]
    intensity_at_cs: float = 0.88      # VO2/VO2max at critical speed [A]
    wall_intensity: float = 0.6        # intensity fat alone can fuel once glycogen is spent [A]
    glycogen_liver_fraction: float = 0.025   # liver share of body mass (Rapoport 2010)
    glycogen_liver_kcal_kg: float = 360.0
    glycogen_muscle_fraction: float = 0.214  # leg-muscle share of body mass
    glycogen_muscle_kcal_kg: float = 80.0
    heat_threshold_wbgt_c: float = 10.0      # heat costs nothing below this WBGT (Ely 2007)
    heat_per_degree: float = 0.0027    # metabolic power per °C WBGT above the threshold [A]
    heat_reference_time_s: float = 7800.0  # runners slower than this suffer more, x T/T_ref [A]
    walking_enabled: bool = True             # walk where running would be slower than walking (MODEL.md §1.2)
    abandon_margin: float = 0.0        # DNF when projected finish > plan x (1 + margin); 0 = never [A]
    abandon_after_m: float = 10000.0   # no abandoning before this distance ...
    abandon_until_fraction: float = 0.85  # ... nor after this fraction of the race (the finish is near) [A]
    graded_time_left: bool = False     # the time left is judged on grade-adjusted distance (done and to go) instead of plain distance [A]
    dropout_hazard_per_h: float = 0.0  # giving up (stomach, injury) apart from cut-offs: base hazard per hour out [A]; 0 = never (sim.crowd_scheduler=runners)
    dropout_damage_weight: float = 0.0   # the hazard x (1 + w (k_damage - 1) + ...): leg damage [A]
    dropout_heat_weight: float = 0.0     # ... + w (k_heat - 1): heat [A]
    dropout_fatigue_weight: float = 0.0  # ... + w phi: fatigue [A]
    walk_when_spent: bool = True       # a walled or exhausted runner walks wherever walking beats running (MODEL.md §1.2) [A]
    walk_speed_max_m_s: float = 1.7    # fastest walk off the climbs (brisk walking; Minetti's cost holds near 1.3 m/s) [A]
    altitude: bool = True              # false = aerobic power does not fall with elevation (the ablation)
    altitude_threshold_m: float = 1000.0       # no loss below this elevation [A] (Wehrlin & Hallen 2006 measured from 300 m)
    altitude_vo2max_loss_per_km: float = 0.063  # VO2max lost per 1000 m above it (Wehrlin & Hallen 2006)
    terrain_cost_by_surface: Dict[str, float] = dc_field(default_factory=lambda: dict(
        road=1.0, trail=1.05, technical=1.15, snow=1.25))   # cost of running and walking per surface, x road (Voloshina & Ferris 2015: +5 % on uneven ground) [A]
    night_cost_factor: float = 1.15    # in the dark off-road the cost rises by this (a headlamp's narrow view: slower on rough ground) [A: calibrated on Western States 2019]
    power_hiking: bool = True          # false = nobody walks, run every step (the ablation of kernel.walk_or_run)
    descent_speed_max_m_s: Dict[str, float] = dc_field(default_factory=lambda: dict(
        trail=6.0, technical=4.5, snow=4.0))   # fastest descent per off-road surface at skill 1 (never on road) [A]
    descent_critical_grade: float = 0.10       # the descent cap starts falling on descents steeper than this [A]
    descent_speed_loss_per_grade: float = 2.5  # ... by this fraction of it per unit of grade beyond (floor 25 %) [A]
    descent_dark_factor: float = 0.85  # the descent cap in the dark off-road, x the cap in daylight (headlamp) [A]
    fuelling: FuellingConfig = dc_field(default_factory=lambda: FuellingConfig())
    eccentric_damage: EccentricDamageConfig = dc_field(default_factory=lambda: EccentricDamageConfig())

    def __post_init__(self):
        from sim.model.energetics import GRADE_COST_MODELS
        _require(self.grade_model in GRADE_COST_MODELS, "physiology.grade_model",
                 f"unknown model '{shorten(self.grade_model)}'; choose one of {sorted(GRADE_COST_MODELS)}")
        _require(self.cost_flat_j_kg_m > 0, "physiology.cost_flat_j_kg_m", "must be > 0 J/kg/m")
        _require(0.5 <= self.reference_air_density_kg_m3 <= 2.0, "physiology.reference_air_density_kg_m3",
                 f"must lie in 0.5..2 kg/m3 (sea level: 1.225), got {shorten(self.reference_air_density_kg_m3)}")
        _require(0.3 <= self.drag_coefficient <= 1.5, "physiology.drag_coefficient", "must lie in 0.3..1.5")
        _require(0 < self.seed_shelter <= 1, "physiology.seed_shelter", "must lie in (0, 1]")
        _require(1.0 <= self.riegel_exponent <= 1.2, "physiology.riegel_exponent", "must lie in 1.0..1.2")
        _require(0 < self.intensity_at_cs <= 1, "physiology.intensity_at_cs", "must lie in (0, 1]")
        _require(0 < self.wall_intensity < self.intensity_at_cs, "physiology.wall_intensity",
                 "must lie between 0 and physiology.intensity_at_cs")
        _require(self.sustainable_knee_s >= self.sustainable_t_ref_s, "physiology.sustainable_knee_s",
                 f"must be >= physiology.sustainable_t_ref_s ({self.sustainable_t_ref_s:g} s)")
        _require(0 < self.sustainable_slope_ultra <= 1, "physiology.sustainable_slope_ultra", "must lie in (0, 1]")
        _require(0 < self.fatigue_floor < 1, "physiology.fatigue_floor", "must lie in (0, 1)")
        _require(self.effort_window_s > 0, "physiology.effort_window_s", "must be > 0 s")
        _require(self.max_effort_cs >= 1, "physiology.max_effort_cs", "must be >= 1")
        _require(self.heat_per_degree >= 0, "physiology.heat_per_degree", "must be >= 0")
        _require(0 < self.abandon_until_fraction <= 1, "physiology.abandon_until_fraction", "must lie in (0, 1]")
        _require(0.5 <= self.walk_speed_max_m_s <= 2.3, "physiology.walk_speed_max_m_s", "must lie in 0.5..2.3 m/s")
        _require(self.abandon_margin >= 0, "physiology.abandon_margin", "must be >= 0 (0 = never)")
        for key in ("dropout_hazard_per_h", "dropout_damage_weight", "dropout_heat_weight", "dropout_fatigue_weight"):
            _require(0 <= getattr(self, key) <= 100, f"physiology.{key}", f"must lie in 0..100, got {shorten(getattr(self, key))}")
        _require(0 <= self.altitude_threshold_m <= 5000, "physiology.altitude_threshold_m", "must lie in 0..5000 m")
        _require(0 <= self.altitude_vo2max_loss_per_km <= 0.2, "physiology.altitude_vo2max_loss_per_km",
                 "must lie in 0..0.2 (a fraction of VO2max per 1000 m)")
        unknown = sorted(set(self.terrain_cost_by_surface) - set(SURFACES))
        _require(not unknown, "physiology.terrain_cost_by_surface", f"unknown surface(s) {unknown}; known: {', '.join(SURFACES)}")
        missing = [x for x in SURFACES if x not in self.terrain_cost_by_surface]
        _require(not missing, "physiology.terrain_cost_by_surface", f"give a factor for {missing} too")
        _require(all(1.0 <= v <= 3.0 for v in self.terrain_cost_by_surface.values()), "physiology.terrain_cost_by_surface",
                 "factors must lie in 1..3 (x the cost on road)")
        _require(1.0 <= self.night_cost_factor <= 2.0, "physiology.night_cost_factor", "must lie in 1..2")
        off_road = [x for x in SURFACES if x != "road"]
        unknown = sorted(set(self.descent_speed_max_m_s) - set(off_road))
        _require(not unknown, "physiology.descent_speed_max_m_s",
                 f"unknown or road surface(s) {unknown}; give caps for {', '.join(off_road)} (road is never capped)")
        missing = [x for x in off_road if x not in self.descent_speed_max_m_s]
        _require(not missing, "physiology.descent_speed_max_m_s", f"give a cap for {missing} too")
        _require(all(0.5 <= v <= 12.0 for v in self.descent_speed_max_m_s.values()), "physiology.descent_speed_max_m_s",
                 "caps must lie in 0.5..12 m/s")
        _require(0 <= self.descent_critical_grade <= 0.45, "physiology.descent_critical_grade", "must lie in 0..0.45")
        _require(0 <= self.descent_speed_loss_per_grade <= 10, "physiology.descent_speed_loss_per_grade",
                 "must lie in 0..10 (per unit of grade)")
        _require(0.3 <= self.descent_dark_factor <= 1.0, "physiology.descent_dark_factor", "must lie in 0.3..1")


@dataclass
class DraftingConfig:
    """Shelter behind other runners and pack detection (MODEL.md §3; every constant [A])."""
    enabled: bool = True               # false = nobody is sheltered
    s0: float = 0.6                    # drag saved 1 m directly behind a runner
    decay_m: float = 2.0               # lambda: e-folding distance of the wake
    lateral_sigma_m: float = 0.6       # sigma: half-width of the wake
    min_gap_m: float = 1.0             # closest a runner follows
    follow_gap_m: float = 1.0          # gap a follower aims for
    echelon_fraction: float = 0.8      # share of the crosswind wake drift a follower can track
    max_close_fraction: float = 0.03   # a follower closes or opens a gap at most 3 % faster/slower
    draft_range_m: float = 12.0        # beyond this the runner ahead is ignored
    join_gap_s: float = 2.0            # a runner this close behind another is in contact (MODEL §6)
    drop_gap_s: float = 3.0            # contact is lost beyond this (hysteresis)
    pack_min_size: int = 3             # a pack: >= 3 runners each within join_gap_s
    tuck_in_when_caught: bool = True   # a runner alone tucks in behind a group that overtakes it, if it can hold it [A]
    crowd_lanes: float = 3.0           # crowd engine: runners abreast on the road; the gap ahead is speed x lanes / crossing rate [A]

    def __post_init__(self):
        _require(0 <= self.s0 < 1, "drafting.s0", "must lie in 0..1")
        _require(self.decay_m > 0, "drafting.decay_m", "must be > 0 m")
        _require(self.lateral_sigma_m > 0, "drafting.lateral_sigma_m", "must be > 0 m")
        _require(self.min_gap_m > 0, "drafting.min_gap_m", "must be > 0 m")
        _require(self.follow_gap_m >= self.min_gap_m, "drafting.follow_gap_m", "must be >= drafting.min_gap_m")
        _require(0 <= self.echelon_fraction <= 1, "drafting.echelon_fraction", "must lie in 0..1")
        _require(0 < self.max_close_fraction < 0.5, "drafting.max_close_fraction", "must lie in 0..0.5")
        _require(self.draft_range_m > self.follow_gap_m, "drafting.draft_range_m", "must be > drafting.follow_gap_m")
        _require(0 < self.join_gap_s <= self.drop_gap_s, "drafting.join_gap_s",
                 "must be > 0 and <= drafting.drop_gap_s")
        _require(self.pack_min_size >= 2, "drafting.pack_min_size", "must be >= 2")
        _require(self.crowd_lanes >= 1, "drafting.crowd_lanes", "must be >= 1")


@dataclass
class CutoffSpec:
    """An intermediate cut-off: a runner who passes ``distance_m`` after ``race_time_s`` (gun time) is pulled."""
    name: str = ""
    distance_m: float = 0.0
    race_time_s: float = 0.0


@dataclass
class MedalSpec:
    """A medal: by place (``top`` > 0: the first ``top`` of the sex) or by a gun-time band [from_s, to_s)."""
    name: str = ""
    sex: str = ""                      # "" = everyone, M or F
    top: int = 0                       # > 0: awarded by place within the sex, before any band
    from_s: float = 0.0
    to_s: float = 0.0


@dataclass
class PenSpec:
    """A start pen (seeding group): the next ``share`` of the field, fastest predicted first."""
    name: str = ""
    share: float = 0.0


@dataclass
class RulesConfig:
    """Race rules: the clock, cut-offs, medals and start pens (see sim/inputs/rules.py)."""
    start_clock: str = "06:00"         # time of day of the gun (for the temperature over the day)
    cutoffs: List[CutoffSpec] = dc_field(default_factory=list)   # in course order; the finish limit is sim.time_limit_s
    medals: List[MedalSpec] = dc_field(default_factory=list)     # first match wins; place medals first
    pens: List[PenSpec] = dc_field(default_factory=list)         # empty = one crowd in start rows (field.start_row_*)
    start_line_rate_per_s: float = 30.0  # with pens: runners crossing the start line per second [A]
    stations: str = ""                 # aid-station CSV (name, distance_m, elevation_m, cutoff_elapsed_h): its cut-offs become rules.cutoffs (sim/inputs/stations.py)
    stations_scale_to_course: bool = True  # stretch the table's distances so its last row (the finish) lands on the course's finish [A]
    stations_cutoff_at: str = "arrival"    # arrival | departure: what the table's cut-offs close (UTMB: departure)
    start_date: str = ""               # date of the gun, YYYY-MM-DD, for sunrise and sunset (sim/inputs/daylight.py); empty = no daylight
    timezone: str = "UTC"              # IANA time zone of rules.start_clock and start_date, e.g. America/Los_Angeles
    aid_dwell_s: float = 0.0           # time at each aid station of rules.stations: this ... (sim.crowd_scheduler=runners) [A]
    aid_dwell_per_hour_s: float = 0.0  # ... plus this per hour of race time so far ... [A]
    aid_dwell_per_fatigue_s: float = 0.0  # ... plus this x the fatigue phi (sustainable effort used up at 1) [A]

    def __post_init__(self):
        clock_s(self.start_clock, "rules.start_clock")
        for key in ("aid_dwell_s", "aid_dwell_per_hour_s", "aid_dwell_per_fatigue_s"):
            _require(0 <= getattr(self, key) <= 3600, f"rules.{key}", f"must lie in 0..3600 s, got {shorten(getattr(self, key))}")
        _require(self.stations_cutoff_at in CUTOFF_AT, "rules.stations_cutoff_at",
                 f"unknown value {self.stations_cutoff_at!r}; choose {' or '.join(CUTOFF_AT)}")
        if self.start_date:
            from datetime import date
            try:
                date.fromisoformat(self.start_date)
            except ValueError:
                raise PacksimError(f"config key 'rules.start_date': {self.start_date!r} is not a date; "
                                   "write YYYY-MM-DD, e.g. '2019-06-29'") from None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PacksimError(f"config key 'rules.timezone': unknown time zone {self.timezone!r}; give an IANA "
                               "name such as Europe/Paris or America/Los_Angeles") from None
        for n, c in enumerate(self.cutoffs):
            key = f"rules.cutoffs[{n}]"
            _require(c.name.strip() != "", f"{key}.name", "give the cut-off a name (it is written in events.csv)")
            _require(c.distance_m > 0, f"{key}.distance_m", f"must be > 0 m, got {c.distance_m}")
            _require(c.race_time_s > 0, f"{key}.race_time_s", f"must be > 0 s, got {c.race_time_s}")
            if n:
                prev = self.cutoffs[n - 1]
                _require(c.distance_m > prev.distance_m and c.race_time_s > prev.race_time_s, key,
                         f"'{shorten(c.name)}' ({c.distance_m:.0f} m, {c.race_time_s:.0f} s) must come after '{shorten(prev.name)}' "
                         f"({prev.distance_m:.0f} m, {prev.race_time_s:.0f} s) in both distance and time; sort the cut-offs")
        bands = []
        for n, m in enumerate(self.medals):
            key = f"rules.medals[{n}]"
            _require(m.name.strip() != "", f"{key}.name", "give the medal a name")
            _require(m.sex in ("", "M", "F"), f"{key}.sex", f"must be '', M or F, got '{shorten(m.sex)}'")
            _require(m.top >= 0, f"{key}.top", "must be >= 0")
            if m.top == 0:
                _require(0 <= m.from_s < m.to_s, key, f"{m.name}: the band needs 0 <= from_s < to_s, got {m.from_s}..{m.to_s}")
                for other_n, other in bands:
                    if (m.sex == "" or other.sex == "" or m.sex == other.sex) and m.from_s < other.to_s and other.from_s < m.to_s:
                        raise PacksimError(f"config key '{key}': the {m.name} band {m.from_s:.0f}-{m.to_s:.0f} s overlaps "
                                           f"the {other.name} band (rules.medals[{other_n}], {other.from_s:.0f}-{other.to_s:.0f} s); "
                                           "make the bands disjoint or give them different sexes")
                bands.append((n, m))
        shares = [p.share for p in self.pens]
        for n, p in enumerate(self.pens):
            _require(p.name.strip() != "" and p.share > 0, f"rules.pens[{n}]", "a pen needs a name and a share > 0")
        _require(not shares or abs(sum(shares) - 1.0) < 1e-6, "rules.pens",
                 f"the pen shares add up to {sum(shares):.3f}, not 1")
        _require(self.start_line_rate_per_s > 0, "rules.start_line_rate_per_s", "must be > 0 runners/s")


@dataclass
class BusSpec:
    """A pacing group driven to beat ``target_s`` by ``finish_before_s``, at even grade-adjusted effort."""
    target_s: float = 43200.0
    finish_before_s: float = 300.0


@dataclass
class GoalsConfig:
    """Runners who pace for a target time (medal limits, round hours, the cut-off) and pacing buses (sim/inputs/goals.py)."""
    enabled: bool = False              # runners pace for target times (sim/inputs/goals.py)
    targets_s: List[float] = dc_field(default_factory=list)   # the times runners pace for, ascending
    share_pacing: float = 0.7          # share of runners who pace for a target; the rest run their own race [A]
    ambition: float = 0.03             # aim for a target up to this fraction faster than one's own prediction [A]
    max_slack: float = 0.12            # ... and no target more than this fraction slower than it: race instead [A]
    prediction_cv: float = 0.05        # runners misjudge their prediction by this much (lognormal) [A]
    buffer_s_min: float = 60.0         # a runner aims to beat its target by a margin drawn between these [A]
    buffer_s_max: float = 1200.0       # (upper end of that margin)
    give_up_margin: float = 0.01       # projected finish this much over the target: aim for the next one [A]
    push: float = 0.02                 # effort above the affordable one spent to save a target [A]
    ease_floor: float = 0.8            # a runner ahead of schedule eases to no less than this x its affordable effort [A]
    buses: List[BusSpec] = dc_field(default_factory=list)
    bus_join_window_s: float = 30.0    # a runner with the bus's target this close to it joins [A]
    bus_hold_tolerance: float = 0.03   # it stays while the bus costs at most this much above its affordable effort [A]
    bus_shelter: float = 0.85          # drag fraction felt inside a bus [A] (MODEL.md §3 with a crowd around)

    def __post_init__(self):
        _require(list(self.targets_s) == sorted(self.targets_s) and all(t > 0 for t in self.targets_s),
                 "goals.targets_s", "must be positive times in ascending order")
        _require(0 <= self.share_pacing <= 1, "goals.share_pacing", "must lie in 0..1")
        _require(0 <= self.ambition < 0.5, "goals.ambition", "must lie in 0..0.5")
        _require(self.max_slack > 0, "goals.max_slack", "must be > 0")
        _require(0 <= self.prediction_cv < 0.5, "goals.prediction_cv", "must lie in 0..0.5")
        _require(0 <= self.buffer_s_min <= self.buffer_s_max, "goals.buffer_s_min", "needs 0 <= buffer_s_min <= buffer_s_max")
        _require(self.give_up_margin >= 0, "goals.give_up_margin", "must be >= 0")
        _require(0 <= self.push < 0.5, "goals.push", "must lie in 0..0.5")
        _require(0 < self.ease_floor <= 1, "goals.ease_floor", "must lie in (0, 1]")
        _require(0 < self.bus_shelter <= 1, "goals.bus_shelter", "must lie in (0, 1]")
        _require(self.bus_join_window_s >= 0, "goals.bus_join_window_s", "must be >= 0 s")
        for n, b in enumerate(self.buses):
            _require(b.target_s > 0 and 0 <= b.finish_before_s < b.target_s, f"goals.buses[{n}]",
                     "a bus needs target_s > 0 and 0 <= finish_before_s < target_s")


@dataclass
class SimConfig:
    """Engine settings."""
    time_limit_s: float = 21600.0      # runners still out then are DNF (6 h)
    progress: bool = True              # progress bar on a terminal (never in multirun or when piped)
    print_summary: bool = True               # print top 10, focal runners and the front of the race
    plots: bool = True                       # write race.png and course.png
    animation: bool = True                      # with plots: also write replay.gif and replay.html (the race played back)
    workers: int = 0                   # processes running replicates; 0 = all cores, 1 = no pool
    engine: str = "runners"            # runners: one SimPy process per runner | crowd: cohorts of a mass field (sim/engine/crowd.py)
    cohort_span_s: float = 120.0       # crowd: a cohort leaves each gate spanning this much of its members' own times ...
    min_cohort: int = 128              # crowd: ... unless it has fewer runners than this: then it waits for the next window ...
    cohort_max_span_s: float = 1200.0  # crowd: ... up to this much of own time
    crowd_scheduler: str = "cohorts"   # crowd: cohorts (fast, shelter from the crowd) | runners (one SimPy process per runner: single-track queues, aid time, dropouts)

    def __post_init__(self):
        _require(0 < self.time_limit_s <= MAX_TIME_LIMIT_S, "sim.time_limit_s",
                 f"must be > 0 s and at most {MAX_TIME_LIMIT_S:.0f} s (10 days), got {shorten(self.time_limit_s)}")
        _require(self.workers >= 0, "sim.workers", f"must be >= 0 (0 = all cores), got {self.workers}")
        _require(self.engine in ("runners", "crowd"), "sim.engine", f"unknown engine '{shorten(self.engine)}'; choose runners or crowd")
        _require(self.cohort_span_s > 0, "sim.cohort_span_s", "must be > 0 s")
        _require(self.crowd_scheduler in CROWD_SCHEDULERS, "sim.crowd_scheduler",
                 f"unknown scheduler '{shorten(self.crowd_scheduler)}'; choose {' or '.join(CROWD_SCHEDULERS)}")
        _require(self.min_cohort >= 1, "sim.min_cohort", "must be >= 1")
        _require(self.cohort_max_span_s >= self.cohort_span_s, "sim.cohort_max_span_s", "must be >= sim.cohort_span_s")


@dataclass
class Config:
    """The whole run. ``scenario`` names the race; ``seed`` seeds the run's one random generator."""
    scenario: str = "custom"                  # the race's name (set by the scenario file; names the output folder)
    seed: int = 2020                          # seeds the run's one numpy Generator
    focal: List[str] = dc_field(default_factory=list)   # runners to highlight in summaries and plots
    replicates: int = 1                # Monte Carlo replicates in this run, seeded from SeedSequence(seed).spawn
    real_results: str = ""             # a results CSV of the real race (time_s column) drawn beside the simulated finish histogram
    real_station_percentiles: str = ""  # the real race's arrival percentiles per station (station, n, p10_h, p50_h, p90_h), drawn in trail.png
    course: CourseConfig = dc_field(default_factory=CourseConfig)
    weather: WeatherConfig = dc_field(default_factory=WeatherConfig)
    field: FieldConfig = dc_field(default_factory=FieldConfig)
    tactics: Dict[str, TacticSpec] = dc_field(default_factory=dict)
    physiology: PhysiologyConfig = dc_field(default_factory=PhysiologyConfig)
    drafting: DraftingConfig = dc_field(default_factory=DraftingConfig)
    sim: SimConfig = dc_field(default_factory=SimConfig)
    rules: RulesConfig = dc_field(default_factory=RulesConfig)
    goals: GoalsConfig = dc_field(default_factory=GoalsConfig)

    def __post_init__(self):
        from sim.inputs.tactics import TACTIC_KINDS
        _require(self.seed >= 0, "seed", "must be >= 0")
        check_finite(self)
        _require(0 < self.replicates <= MAX_REPLICATES, "replicates",
                 f"must be >= 1 and at most {MAX_REPLICATES}, got {self.replicates}")
        if self.sim.engine == "crowd":
            _require(self.field.size <= MAX_FIELD_CROWD, "field.size",
                     f"{self.field.size} runners is more than the crowd engine carries ({MAX_FIELD_CROWD})")
        else:
            _require(self.field.size <= MAX_FIELD_RUNNERS, "field.size",
                     f"{self.field.size} runners is more than the per-runner engine carries ({MAX_FIELD_RUNNERS}); "
                     f"run a mass field on the crowd engine: sim.engine=crowd (up to {MAX_FIELD_CROWD})")
        for name, spec in self.tactics.items():
            _require(spec.kind in TACTIC_KINDS, f"tactics.{name}.kind",
                     f"unknown kind '{shorten(spec.kind)}'; known kinds: {', '.join(TACTIC_KINDS)}")
            spec.validate(name)
        _require(self.rules.cutoffs == [] or self.rules.cutoffs[-1].race_time_s < self.sim.time_limit_s,
                 f"rules.cutoffs[{len(self.rules.cutoffs) - 1}].race_time_s",
                 "must be earlier than sim.time_limit_s (the finish limit)")
        _require(self.field.default_tactic in self.tactics, "field.default_tactic",
                 f"unknown tactic '{shorten(self.field.default_tactic)}'; known tactics: {', '.join(sorted(self.tactics))}")


def from_omegaconf(cfg):
    """Merge a composed Hydra config into :class:`Config`, turning OmegaConf errors into one line."""
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    try:
        plain = OmegaConf.to_container(cfg, resolve=True)
        plain.pop("hydra", None)
        merged = OmegaConf.merge(OmegaConf.structured(Config), plain)
        check_finite(OmegaConf.to_container(merged))   # before the ranges: 'inf' passes 'must be >= 0'
        cfg = OmegaConf.to_object(merged)
    except OmegaConfBaseException as exc:
        key = getattr(exc, "full_key", None) or "?"
        msg = shorten(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, 200)
        raise PacksimError(f"config key '{key}': {msg} (see README, Configuration)") from None
    return cfg   # the station table's cut-offs are added by sim/inputs/load.py:load_config


SCHEMA_NAME = "packsim_schema"


def register_schema():
    """Register :class:`Config` with Hydra's ConfigStore as the base of conf/config.yaml.

    With the schema as the base every key exists with its typed default (so ``tactics.even.speed_limit``
    can be overridden even where a YAML file does not list it) and Hydra rejects unknown keys.
    """
    from hydra.core.config_store import ConfigStore
    ConfigStore.instance().store(name=SCHEMA_NAME, node=Config)
