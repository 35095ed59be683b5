"""sim/inputs/weather.py: the gust process and wind and air along the course."""
import numpy as np
import pytest
from numpy.testing import assert_allclose

from sim.config import WeatherConfig
from sim.inputs.course import build_course, read_profile_csv
from sim.inputs.weather import GUST_STEP_S, build_weather, gust_series

# (1.5 m / 10 m)^0.16 = exp(0.16 ln 0.15) = 0.738 20
POWER_LAW_1P5_M = 0.73820


@pytest.fixture
def course(tmp_path):
    """Four flat 1 km legs heading N, E, S, W at sea level, a 3 km climb, then 1 km flat 1000 m up."""
    path = tmp_path / "square.csv"
    path.write_text("distance_m,elevation_m,heading_deg\n"
                    "0,0,0\n1000,0,90\n2000,0,180\n3000,0,270\n4000,0,0\n"
                    "7000,1000,0\n8000,1000,0\n")
    return build_course(read_profile_csv(path), max_segment_m=1000.0, checkpoint_every_m=1000.0)


def leg(course, start_m):
    """Index of the segment starting at ``start_m``."""
    return int(np.flatnonzero(np.isclose(course.boundary_m[:-1], start_m))[0])


# gust_series


def test_gust_series_mean_and_sd():
    # mean 5, peak 8, 3 sigmas: sd 1; ~20 000 steps of which ~1 700 independent (timescale 30 s / 5 s steps)
    series = gust_series(5.0, 8.0, 30.0, 3.0, 100_000.0, np.random.default_rng(3))
    assert len(series) == int(100_000.0 / GUST_STEP_S) + 2
    assert series.mean() == pytest.approx(5.0, abs=0.1)
    assert series.std() == pytest.approx(1.0, rel=0.06)


def test_gust_series_is_correlated_over_its_timescale():
    # an OU process sampled every 5 s with timescale 30 s has lag-1 autocorrelation exp(-5/30) = 0.846
    x = gust_series(5.0, 8.0, 30.0, 3.0, 100_000.0, np.random.default_rng(4)) - 5.0
    assert np.corrcoef(x[:-1], x[1:])[0, 1] == pytest.approx(np.exp(-5.0 / 30.0), abs=0.03)


def test_gust_series_starts_in_its_stationary_state():
    # the first sample already has the full spread: over 4000 runs its sd is 1 (sd of the sd ≈ 0.011)
    rng = np.random.default_rng(8)
    first = np.array([gust_series(5.0, 8.0, 30.0, 3.0, 0.0, rng)[0] for _ in range(4000)])
    assert first.std() == pytest.approx(1.0, abs=0.06)


def test_gust_series_never_negative():
    # sd 9 around a mean of 1: the floor at 0 is hit often
    series = gust_series(1.0, 10.0, 30.0, 1.0, 20_000.0, np.random.default_rng(5))
    assert series.min() == 0.0
    assert np.all(series >= 0.0)


@pytest.mark.parametrize("peak", [0.0, 4.0])
def test_no_gusts_is_constant(peak):
    series = gust_series(4.0, peak, 30.0, 3.0, 600.0, np.random.default_rng(6))
    assert_allclose(series, np.full(int(600 / GUST_STEP_S) + 2, 4.0))


def test_gust_series_is_reproducible():
    a = gust_series(5.0, 8.0, 30.0, 3.0, 3600.0, np.random.default_rng(11))
    b = gust_series(5.0, 8.0, 30.0, 3.0, 3600.0, np.random.default_rng(11))
    c = gust_series(5.0, 8.0, 30.0, 3.0, 3600.0, np.random.default_rng(12))
    assert_allclose(a, b, rtol=0, atol=0)
    assert not np.allclose(a, c)


# build_weather


def test_wind_from_the_north(course):
    weather = build_weather(WeatherConfig(wind_speed_m_s=5.0, wind_from_deg=0.0), course, 600.0,
                            np.random.default_rng(0))
    north, east, south, west = (leg(course, x) for x in (0.0, 1000.0, 2000.0, 3000.0))
    assert_allclose(weather.headwind_share[[north, east, south, west]], [1.0, 0.0, -1.0, 0.0], atol=1e-12)
    assert_allclose(np.abs(weather.crosswind_share[[north, east, south, west]]), [0.0, 1.0, 0.0, 1.0], atol=1e-12)
    # head (+) / tail (-) at runner height
    assert_allclose(weather.headwind_profile_m_s()[[north, south]], [5.0 * POWER_LAW_1P5_M, -5.0 * POWER_LAW_1P5_M],
                    rtol=1e-4)


def test_wind_reduced_to_runner_height(course):
    weather = build_weather(WeatherConfig(wind_speed_m_s=5.0), course, 600.0, np.random.default_rng(0))
    assert weather.wind_mean_m_s == pytest.approx(5.0 * POWER_LAW_1P5_M, rel=1e-4)   # 3.691 m/s
    assert weather.wind_speed_m_s(0.0) == pytest.approx(3.691, abs=1e-3)
    city = build_weather(WeatherConfig(wind_speed_m_s=5.0, shear_exponent=0.4, runner_height_m=1.0), course, 600.0,
                         np.random.default_rng(0))
    assert city.wind_mean_m_s == pytest.approx(5.0 * 0.1 ** 0.4, rel=1e-9)        # 1.991 m/s


def test_gusts_reduced_to_runner_height(course):
    cfg = WeatherConfig(wind_speed_m_s=5.0, gust_speed_m_s=11.0, gust_peak_sigmas=3.0)
    weather = build_weather(cfg, course, 100_000.0, np.random.default_rng(2))
    series = weather.gust_series_m_s
    assert series.mean() == pytest.approx(5.0 * POWER_LAW_1P5_M, rel=0.05)
    assert series.std() == pytest.approx(2.0 * POWER_LAW_1P5_M, rel=0.06)
    assert weather.wind_speed_m_s(12.0) == series[2]
    assert weather.wind_speed_m_s(1e9) == series[-1]


def test_air_density_lower_on_a_higher_segment(course):
    weather = build_weather(WeatherConfig(temp_air_c=15.0, relative_humidity=0.0), course, 600.0,
                            np.random.default_rng(0))
    low, high = leg(course, 0.0), leg(course, 7000.0)
    assert weather.air_density_kg_m3[low] == pytest.approx(1.225, abs=1e-3)     # ISA sea level
    # ISA at 1000 m, 15 °C: p = 89 875 Pa, rho = 89 875 / (287.053 x 288.15) = 1.0866
    assert weather.air_density_kg_m3[high] == pytest.approx(1.0866, abs=1e-3)
    assert len(weather.air_density_kg_m3) == course.n_segments


def test_gust_factor_scales_with_the_wind_and_vanishes_without_it():
    import numpy as np

    from sim.config import CourseConfig, WeatherConfig
    from sim.inputs.course import load_course
    from sim.inputs.weather import build_weather
    course = load_course(CourseConfig())
    calm = build_weather(WeatherConfig(wind_speed_m_s=0.0, gust_factor=1.3), course, 3600.0, np.random.default_rng(1))
    assert np.all(calm.gust_series_m_s == 0.0)
    windy = build_weather(WeatherConfig(wind_speed_m_s=6.0, gust_factor=1.3, shear_exponent=0.0), course, 200000.0,
                          np.random.default_rng(1))
    assert np.std(windy.gust_series_m_s) == pytest.approx((1.3 * 6.0 - 6.0) / 3.0, rel=0.1)


def test_a_measured_wbgt_moves_with_the_temperature_profile_and_its_offset():
    from types import SimpleNamespace

    import numpy as np

    from sim.config import TempPoint, WeatherConfig
    from sim.inputs.weather import build_weather, temperature_series_c
    course = SimpleNamespace(heading_deg=np.zeros(1), elevation_m=np.zeros(2))
    profile = [TempPoint("05:00", 10.0), TempPoint("08:00", 16.0)]
    base = build_weather(WeatherConfig(wbgt_c=12.0, temp_profile=profile), course, 3600.0, np.random.default_rng(0),
                         start_clock_s=5 * 3600)
    hot = build_weather(WeatherConfig(wbgt_c=12.0, temp_profile=profile, temp_offset_c=8.0), course, 3600.0,
                        np.random.default_rng(0), start_clock_s=5 * 3600)
    assert base.wbgt_c == 12.0 and hot.wbgt_c == 20.0
    assert np.allclose(hot.wbgt_series_c - base.wbgt_series_c, 8.0)
    assert base.wbgt_series_c[-1] == 12.0 + 2.0   # +2 °C an hour after the gun, as the air
    assert np.allclose(temperature_series_c(WeatherConfig(temp_profile=profile), 5 * 3600, 3600.0)[[0, -1]], [10.0, 12.0])


@pytest.mark.parametrize("duration_s", [np.inf, np.nan, 1e12])
def test_gust_series_refuses_a_duration_beyond_the_time_limit_bound_before_allocating(duration_s):
    from sim.errors import PacksimError
    with pytest.raises(PacksimError, match="sim.time_limit_s"):
        gust_series(5.0, 8.0, 30.0, 3.0, duration_s, np.random.default_rng(3))


# heat at the runner's elevation, and a profile over several days


def test_wbgt_offset_per_segment_from_the_lapse_rate(course):
    w = build_weather(WeatherConfig(), course, 600.0, np.random.default_rng(0))
    top = leg(course, 7000.0)                   # 1000 m above the start: 0.567 x 6.5 = 3.6855 °C lower WBGT
    assert w.wbgt_offset_c[top] == pytest.approx(-3.6855)
    assert w.wbgt_offset_c[leg(course, 0.0)] == 0.0
    at_top = build_weather(WeatherConfig(reference_elevation_m=1000.0), course, 600.0, np.random.default_rng(0))
    assert at_top.wbgt_offset_c[top] == pytest.approx(0.0) and at_top.wbgt_offset_c[0] == pytest.approx(3.6855)
    flat = build_weather(WeatherConfig(lapse_rate_c_per_km=0.0), course, 600.0, np.random.default_rng(0))
    assert not flat.wbgt_offset_c.any()


def test_profile_clocks_pass_midnight():
    from sim.config import TempPoint, profile_clock_s
    from sim.inputs.weather import temperature_series_c
    assert profile_clock_s("29:30", "k") == 29 * 3600 + 1800      # 05:30 the next morning
    # a 30 h race from 05:00: 12 °C at the gun, 30 °C at 17:00, 8 °C at 04:00 next day (28:00), 14 °C at 35:00
    points = [("05:00", 12.0), ("08:00", 18.0), ("11:00", 25.0), ("14:00", 29.0), ("17:00", 30.0), ("20:00", 22.0),
              ("23:00", 14.0), ("26:00", 10.0), ("28:00", 8.0), ("31:00", 9.0), ("34:00", 13.0), ("35:00", 14.0)]
    cfg = WeatherConfig(temp_profile=[TempPoint(c, t) for c, t in points])
    temps = temperature_series_c(cfg, 5 * 3600.0, 30 * 3600.0)
    assert temps[0] == 12.0 and temps[-1] == 14.0
    assert temps[int(23 * 3600 / 60)] == pytest.approx(8.0)       # 28:00 is 23 h after the gun
    assert temps[int(24.5 * 3600 / 60)] == pytest.approx(8.5)     # 29:30, halfway from 8 to 9 °C


def test_profile_clock_errors_are_one_line():
    from conftest import one_line_error

    from sim.config import TempPoint
    one_line_error(lambda: WeatherConfig(temp_profile=[TempPoint("240:00", 9.0)]), "weather.temp_profile[0].clock")
    one_line_error(lambda: WeatherConfig(lapse_rate_c_per_km=-1.0), "weather.lapse_rate_c_per_km")
    one_line_error(lambda: WeatherConfig(reference_elevation_m=12000.0), "weather.reference_elevation_m")


def test_the_per_runner_engine_runs_a_profile_from_the_gun(small_overrides):
    """weather.temp_profile is no longer crowd-only: the per-runner race reads it from rules.start_clock."""
    from conftest import run_race
    profile = '[{clock: "05:00", temp_c: 10}, {clock: "07:00", temp_c: 20}, {clock: "09:00", temp_c: 24}]'
    result = run_race(*small_overrides, "rules.start_clock=06:00", f"weather.temp_profile={profile}", "sim.time_limit_s=7200")
    assert result.weather.temp_series_c[0] == pytest.approx(15.0)          # 06:00, halfway from 10 to 20 °C
    assert result.weather.temp_series_c[-1] == pytest.approx(22.0)         # 08:00
