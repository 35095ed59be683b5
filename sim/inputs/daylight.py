"""Day and night along a race: civil dawn and dusk at the course for the race's dates.

A runner is in the dark between civil dusk and civil dawn, when the sun's centre is more than 6° below
the horizon and a headlamp is needed (the definition of civil twilight [1]_). Dawn and dusk come from
the ``astral`` library's implementation of the NOAA solar equations [2]_ for the course's
``course.latitude_deg`` / ``course.longitude_deg`` and each calendar day the race spans, the gun being at
``rules.start_clock`` on ``rules.start_date`` in ``rules.timezone``. Race times are seconds from the gun,
so the whole module is a lookup of intervals: :func:`daylight_windows_s` once per race, then
:func:`is_dark` for any array of times.

.. [1] U.S. Naval Observatory, "Rise, Set, and Twilight Definitions" (civil twilight: 6° below the horizon).
.. [2] NOAA Global Monitoring Laboratory, "General Solar Position Calculations" (Meeus, *Astronomical
   Algorithms*, 1991), as implemented in astral 3 (https://astral.readthedocs.io).
"""
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

CIVIL_TWILIGHT_DEG = 6.0    # the sun's depression below the horizon that ends civil twilight


@dataclass(frozen=True)
class Daylight:
    """The light periods of a race: ``windows_s[k] = (dawn_s, dusk_s)`` in seconds from the gun."""
    windows_s: np.ndarray       # (days, 2), ascending; days with no night or no day are (-inf, inf) / empty
    gun: dt.datetime            # the gun, time-zone aware

    def is_dark(self, t_s):
        """True where race time ``t_s`` [s from the gun] falls outside every light window."""
        return is_dark(t_s, self.windows_s)

    def nights_s(self, end_s):
        """Dark intervals ``(start_s, end_s)`` between the gun and ``end_s`` (for shading a figure)."""
        edges = [0.0]
        out = []
        for dawn, dusk in self.windows_s:
            if dawn > edges[-1]:
                out.append((edges[-1], min(dawn, end_s)))
            edges.append(max(edges[-1], dusk))
        if edges[-1] < end_s:
            out.append((edges[-1], end_s))
        return [(float(a), float(b)) for a, b in out if b > a and a < end_s]


def gun_datetime(start_date, start_clock_s, timezone):
    """The gun as an aware datetime: ``start_date`` (YYYY-MM-DD) + ``start_clock_s`` [s after midnight]."""
    day = dt.date.fromisoformat(start_date)
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(timezone))
    return midnight + dt.timedelta(seconds=float(start_clock_s))


def _light_window(observer, day, tz, depression_deg):
    """(dawn, dusk) of ``day`` as aware datetimes; None when the sun stays below; (None, None) when it stays up."""
    from astral.sun import dawn, dusk, elevation
    try:
        return dawn(observer, day, depression=depression_deg, tzinfo=tz), dusk(observer, day, depression=depression_deg, tzinfo=tz)
    except ValueError:  # the sun never crosses the depression that day (polar summer or winter)
        noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=tz)
        return (None, None) if elevation(observer, noon) > -depression_deg else None


def daylight_windows_s(latitude_deg, longitude_deg, gun, duration_s, depression_deg=CIVIL_TWILIGHT_DEG):
    """Light windows ``(dawn_s, dusk_s)`` [s from ``gun``] of every local day from the day before the gun
    to the day after ``duration_s`` (an aware datetime ``gun``; civil twilight by default).

    Returns an array (days, 2); a day when the sun never sets is ``(-inf, inf)``, a day it never rises is
    left out.
    """
    from astral import Observer
    observer = Observer(latitude=latitude_deg, longitude=longitude_deg)
    tz = gun.tzinfo
    first = gun.date() - dt.timedelta(days=1)
    last = (gun + dt.timedelta(seconds=float(duration_s))).date() + dt.timedelta(days=1)
    rows = []
    for k in range((last - first).days + 1):
        window = _light_window(observer, first + dt.timedelta(days=k), tz, depression_deg)
        if window is None:
            continue
        if window[0] is None:
            rows.append((-np.inf, np.inf))
        else:
            rows.append(tuple((w - gun).total_seconds() for w in window))
    return np.asarray(rows, dtype=float).reshape(-1, 2)


def is_dark(t_s, windows_s):
    """True where ``t_s`` [s from the gun] lies in no window ``(dawn_s, dusk_s)`` of ``windows_s``.

    Vectorised over ``t_s`` (scalar or array; the result has its shape).
    """
    t = np.asanyarray(t_s, dtype=float)
    w = np.asarray(windows_s, dtype=float).reshape(-1, 2)
    light = (t[..., None] >= w[:, 0]) & (t[..., None] <= w[:, 1])
    return ~light.any(axis=-1)


def build_daylight(cfg):
    """The :class:`Daylight` of a :class:`~sim.config.Config` (None without ``rules.start_date``)."""
    from sim.config import clock_s
    if not cfg.rules.start_date:
        return None
    gun = gun_datetime(cfg.rules.start_date, clock_s(cfg.rules.start_clock, "rules.start_clock"), cfg.rules.timezone)
    windows = daylight_windows_s(cfg.course.latitude_deg, cfg.course.longitude_deg, gun, cfg.sim.time_limit_s)
    return Daylight(windows, gun)


def dark_series(cfg, step_s):
    """1.0 where it is dark, 0.0 where light, every ``step_s`` from the gun to the time limit (None without a date)."""
    daylight = build_daylight(cfg)
    if daylight is None:
        return None
    return daylight.is_dark(np.arange(0.0, cfg.sim.time_limit_s + step_s, step_s)).astype(float)
