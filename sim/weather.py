"""Wind, gusts, temperature and air density along the course and over the race (MODEL.md §2, §5).

The wind is one direction with a speed that varies in time: the 10 m mean plus a seeded
Ornstein-Uhlenbeck gust process whose standard deviation puts the reported peak gust
``gust_peak_sigmas`` above the mean [A]. Both are reduced to runner height by the power law.
"""
from dataclasses import dataclass

import numpy as np

from sim.physics.aero import wind_at_height_m_s, wind_components_m_s
from sim.physics.environment import (air_density_kg_m3, pressure_at_altitude_pa, wbgt_estimate_c)

GUST_STEP_S = 5.0


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
    wbgt_c: float

    def wind_speed_m_s(self, t_s):
        """Wind speed at runner height at race time ``t_s`` (held after the series ends)."""
        i = int(t_s / GUST_STEP_S)
        series = self.gust_series_m_s
        return float(series[i]) if i < len(series) else float(series[-1])

    def headwind_profile_m_s(self):
        """Mean head(+)/tail(-) wind per segment at runner height [m/s], for plots."""
        return self.wind_mean_m_s * self.headwind_share


def gust_series(mean_m_s, peak_m_s, timescale_s, peak_sigmas, duration_s, rng):
    """Wind speed every GUST_STEP_S: mean + OU process with sd (peak - mean)/peak_sigmas, floored at 0."""
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


def build_weather(cfg, course, duration_s, rng):
    """Weather for ``course`` from a :class:`~sim.config.WeatherConfig`, gusts drawn from ``rng``."""
    to_height = dict(height_m=cfg.runner_height_m, ref_height_m=cfg.reference_height_m,
                     shear_exponent=cfg.shear_exponent)
    mean = float(wind_at_height_m_s(cfg.wind_speed_m_s, **to_height))
    peak_10m = cfg.gust_factor * cfg.wind_speed_m_s if cfg.gust_factor > 0 else cfg.gust_speed_m_s
    peak = float(wind_at_height_m_s(peak_10m, **to_height))
    series = gust_series(mean, peak, cfg.gust_timescale_s, cfg.gust_peak_sigmas, duration_s, rng)
    head, cross = wind_components_m_s(1.0, cfg.wind_from_deg, course.heading_deg)
    mid_elevation = 0.5 * (course.elevation_m[:-1] + course.elevation_m[1:])
    rho = air_density_kg_m3(cfg.temp_air_c, cfg.relative_humidity, pressure_at_altitude_pa(mid_elevation))
    wbgt = cfg.wbgt_c if cfg.wbgt_c is not None else float(wbgt_estimate_c(cfg.temp_air_c, cfg.relative_humidity))
    return Weather(cfg.wind_from_deg, mean, series, np.asarray(head), np.asarray(cross), np.asarray(rho),
                   cfg.temp_air_c, wbgt)
