"""Wind, gusts, temperature and air density along the course and over the race (MODEL.md §2, §5).

The wind is one direction with a speed that varies in time: the 10 m mean plus a seeded
Ornstein-Uhlenbeck gust process whose standard deviation puts the reported peak gust
``gust_peak_sigmas`` above the mean [A]. Both are reduced to runner height by the power law.
"""
from dataclasses import dataclass, field

import numpy as np

from sim.model.aero import wind_at_height_m_s, wind_components_m_s
from sim.model.environment import (
    air_density_kg_m3,
    pressure_at_altitude_pa,
    wbgt_estimate_c,
    wbgt_lapse_offset_c,
)

GUST_STEP_S = 5.0
TEMP_STEP_S = 60.0


@dataclass
class Weather:
    """Per-segment and per-time weather, ready for the event loop."""
    wind_from_deg: float
    wind_mean_m_s: float        # at runner height
    gust_series_m_s: np.ndarray  # wind speed at runner height every GUST_STEP_S seconds
    headwind_share: np.ndarray  # per segment: cos(from - heading); x wind speed = head(+)/tail(-)
    crosswind_share: np.ndarray  # per segment: sin(from - heading)
    air_density_kg_m3: np.ndarray  # per segment
    temp_air_c: float
    wbgt_c: float               # at the gun
    temp_series_c: np.ndarray = field(default_factory=lambda: np.zeros(0))  # air temperature every TEMP_STEP_S from the gun
    wbgt_series_c: np.ndarray = field(default_factory=lambda: np.zeros(0))  # WBGT every TEMP_STEP_S from the gun
    wbgt_offset_c: np.ndarray = None  # per segment: WBGT at its elevation minus the series' (lapse rate); None = 0

    def wbgt_at_c(self, t_s):
        """WBGT [°C] at race time(s) ``t_s`` (held after the series ends); works on arrays."""
        if self.wbgt_series_c.size == 0:
            return np.full(np.shape(t_s), self.wbgt_c)
        i = np.minimum((np.asarray(t_s) / TEMP_STEP_S).astype(int), self.wbgt_series_c.size - 1)
        return self.wbgt_series_c[np.maximum(i, 0)]

    def wind_speed_m_s(self, t_s):
        """Wind speed at runner height at race time ``t_s`` (held after the series ends)."""
        i = int(t_s / GUST_STEP_S)
        series = self.gust_series_m_s
        return float(series[i]) if i < len(series) else float(series[-1])

    def wind_at_m_s(self, t_s):
        """Wind speed at runner height at race times ``t_s`` (an array; held after the series ends)."""
        i = np.minimum((np.asarray(t_s) / GUST_STEP_S).astype(np.int64), self.gust_series_m_s.size - 1)
        return self.gust_series_m_s[i]

    def headwind_profile_m_s(self):
        """Mean head(+)/tail(-) wind per segment at runner height [m/s], for plots."""
        return self.wind_mean_m_s * self.headwind_share


def gust_series(mean_m_s, peak_m_s, timescale_s, peak_sigmas, duration_s, rng):
    """Wind speed every GUST_STEP_S: mean + OU process with sd (peak - mean)/peak_sigmas, floored at 0."""
    from sim.config import MAX_TIME_LIMIT_S
    from sim.errors import PacksimError, shorten
    if not 0 <= duration_s <= MAX_TIME_LIMIT_S:   # before the series is allocated
        raise PacksimError(f"config key 'sim.time_limit_s': the weather covers 0..{MAX_TIME_LIMIT_S:.0f} s "
                           f"(10 days), got {shorten(duration_s)} s")
    n = int(duration_s / GUST_STEP_S) + 2
    if peak_m_s <= mean_m_s:
        return np.full(n, mean_m_s)
    sd = (peak_m_s - mean_m_s) / peak_sigmas
    a = np.exp(-GUST_STEP_S / timescale_s)
    shocks = rng.standard_normal(n) * np.sqrt(1.0 - a * a)
    x = np.empty(n)
    x[0] = rng.standard_normal()
    for k in range(1, n):
        x[k] = a * x[k - 1] + shocks[k]
    return np.maximum(mean_m_s + sd * x, 0.0)


def temperature_series_c(cfg, start_clock_s, duration_s):
    """Air temperature every TEMP_STEP_S from the gun [°C]: the profile (linear between points) + offset.

    With no ``temp_profile`` the day holds ``temp_air_c``. The profile's clocks are hours past
    midnight of the gun's day and may pass 24 (a 100-miler runs through two nights: ``29:00`` is 05:00
    the next morning); it must cover the race, from the gun to ``duration_s`` later (a one-line error
    otherwise).
    """
    from sim.config import profile_clock_s
    from sim.errors import PacksimError
    t = np.arange(0.0, duration_s + TEMP_STEP_S, TEMP_STEP_S)
    if not cfg.temp_profile:
        return np.full(t.size, cfg.temp_air_c + cfg.temp_offset_c)
    clocks = np.array([profile_clock_s(p.clock, "weather.temp_profile") for p in cfg.temp_profile], dtype=float)
    temps = np.array([p.temp_c for p in cfg.temp_profile], dtype=float)
    day = start_clock_s + t
    if day[0] < clocks[0] or day[-1] > clocks[-1]:
        def hm(x):
            return f"{int(x // 3600):02d}:{int(x % 3600 // 60):02d}"
        raise PacksimError(f"config key 'weather.temp_profile': it covers {hm(clocks[0])}-{hm(clocks[-1])} but the race "
                           f"runs {hm(day[0])}-{hm(day[-1])} (hours past midnight of the gun's day); add points to cover the whole "
                           "race (clocks may pass 24:00)")
    return np.interp(day, clocks, temps) + cfg.temp_offset_c


def build_weather(cfg, course, duration_s, rng, start_clock_s=None):
    """Weather for ``course`` from a :class:`~sim.config.WeatherConfig`, gusts drawn from ``rng``.

    ``start_clock_s`` (seconds after midnight of the gun) places the race on ``cfg.temp_profile``. The
    temperatures are those at ``cfg.reference_elevation_m`` (the course start if None); every segment
    gets the WBGT offset of its mean elevation by ``cfg.lapse_rate_c_per_km``
    (:func:`~sim.model.environment.wbgt_lapse_offset_c`).
    """
    to_height = dict(height_m=cfg.runner_height_m, ref_height_m=cfg.reference_height_m,
                     shear_exponent=cfg.shear_exponent)
    mean = float(wind_at_height_m_s(cfg.wind_speed_m_s, **to_height))
    peak_10m = cfg.gust_factor * cfg.wind_speed_m_s if cfg.gust_factor > 0 else cfg.gust_speed_m_s
    peak = float(wind_at_height_m_s(peak_10m, **to_height))
    series = gust_series(mean, peak, cfg.gust_timescale_s, cfg.gust_peak_sigmas, duration_s, rng)
    head, cross = wind_components_m_s(1.0, cfg.wind_from_deg, course.heading_deg)
    mid_elevation = 0.5 * (course.elevation_m[:-1] + course.elevation_m[1:])
    if cfg.temp_profile or cfg.temp_offset_c:
        temps = temperature_series_c(cfg, start_clock_s or 0.0, duration_s)
        # a measured WBGT is taken at the gun of the unshifted day and moves with the temperature (and the offset)
        wbgts = (wbgt_estimate_c(temps, cfg.relative_humidity) if cfg.wbgt_c is None
                 else cfg.wbgt_c + temps - (temps[0] - cfg.temp_offset_c))
        temp0, wbgt0 = float(temps[0]), float(wbgts[0])
    else:  # one temperature all day (the form the per-runner engine has always used)
        temps = wbgts = np.zeros(0)
        temp0 = cfg.temp_air_c
        wbgt0 = cfg.wbgt_c if cfg.wbgt_c is not None else float(wbgt_estimate_c(cfg.temp_air_c, cfg.relative_humidity))
    # air density from the temperature at the gun (its change over the day moves drag by < 5 %)
    rho = air_density_kg_m3(temp0, cfg.relative_humidity, pressure_at_altitude_pa(mid_elevation))
    reference_m = float(course.elevation_m[0]) if cfg.reference_elevation_m is None else cfg.reference_elevation_m
    offset = wbgt_lapse_offset_c(mid_elevation, reference_m, cfg.lapse_rate_c_per_km)
    return Weather(cfg.wind_from_deg, mean, series, np.asarray(head), np.asarray(cross), np.asarray(rho),
                   temp0, wbgt0, temps, np.asarray(wbgts, dtype=float), np.asarray(offset, dtype=float))
