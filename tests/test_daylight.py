"""sim/inputs/daylight.py: civil dawn and dusk at the course, and who runs in the dark."""
import datetime as dt

import numpy as np
import pytest
from conftest import compose_config
from numpy.testing import assert_allclose, assert_array_equal

from sim.inputs.daylight import Daylight, build_daylight, daylight_windows_s, gun_datetime, is_dark

WSER = (39.197, -120.235)      # Olympic Valley, California
UTMB = (45.924, 6.870)         # Chamonix


def sunrise_equation_utc_h(lat_deg, lon_deg, day, altitude_deg):
    """Rise and set [h UTC] of the sun's centre at ``altitude_deg``: the textbook sunrise equation
    (Julian-day form, e.g. Meeus 1991 ch. 15 simplified; accurate to a minute or two), written here
    independently of astral as the reference."""
    n = (dt.date(day.year, day.month, day.day) - dt.date(2000, 1, 1)).days     # days since J2000.0 (noon)
    j_star = n - lon_deg / 360.0
    m = np.radians((357.5291 + 0.98560028 * j_star) % 360)
    c = 1.9148 * np.sin(m) + 0.02 * np.sin(2 * m) + 0.0003 * np.sin(3 * m)
    lam = np.radians((np.degrees(m) + c + 180 + 102.9372) % 360)
    j_transit = 2451545.0 + j_star + 0.0053 * np.sin(m) - 0.0069 * np.sin(2 * lam)
    sin_d = np.sin(lam) * np.sin(np.radians(23.4397))
    phi = np.radians(lat_deg)
    cos_w = (np.sin(np.radians(altitude_deg)) - np.sin(phi) * sin_d) / (np.cos(phi) * np.sqrt(1 - sin_d ** 2))
    w = np.degrees(np.arccos(cos_w))
    to_h = lambda j: ((j - 2451545.0) - (dt.date(day.year, day.month, day.day) - dt.date(2000, 1, 1)).days + 0.5) * 24
    return to_h(j_transit - w / 360), to_h(j_transit + w / 360)


def test_reference_equation_gives_the_known_sunset():
    # late June at 39.2 N, 120.2 W: sunset about 20:30 PDT (UTC-7)
    rise, sets = sunrise_equation_utc_h(*WSER, dt.date(2019, 6, 29), -0.833)
    assert abs(sets - 7 - 20.5) < 0.1 and abs(rise - 7 - 5.6) < 0.1


def clock_h(gun, t_s):
    t = gun + dt.timedelta(seconds=float(t_s))
    return t.hour + t.minute / 60 + t.second / 3600


def test_western_states_day():
    # 29 June 2019, 39.2 N: civil dawn and dusk (sun 6 degrees down) against the reference equation, within
    # 3 min: about 05:05 and 21:04 PDT; the 05:00 gun is in the last minutes of the night
    gun = gun_datetime("2019-06-29", 5 * 3600, "America/Los_Angeles")
    assert gun.utcoffset() == dt.timedelta(hours=-7)           # PDT
    w = daylight_windows_s(*WSER, gun, 30 * 3600)
    day = w[(w[:, 0] > -3600) & (w[:, 0] < 3600)][0]
    dawn_utc, dusk_utc = sunrise_equation_utc_h(*WSER, dt.date(2019, 6, 29), -6.0)
    assert abs(clock_h(gun, day[0]) - (dawn_utc - 7)) < 3 / 60
    assert abs(clock_h(gun, day[1]) - (dusk_utc - 7)) < 3 / 60
    assert abs(clock_h(gun, day[1]) - (21 + 4 / 60)) < 5 / 60
    d = Daylight(w, gun)
    nights = d.nights_s(30 * 3600)
    assert len(nights) == 2 and nights[0][0] == 0.0 and nights[0][1] < 600
    assert abs(nights[1][0] / 3600 - 16.07) < 0.1 and abs(nights[1][1] / 3600 - 24.08) < 0.1   # 21:04 -> 05:05
    assert_array_equal(d.is_dark([0.0, 3600.0, 15 * 3600, 17 * 3600, 23.9 * 3600, 24.5 * 3600]),
                       [True, False, False, True, True, False])


def test_utmb_nights():
    # 1 September 2023, Chamonix, 18:00 CEST (UTC+2) gun: civil dusk ~20:43, next dawn ~06:22
    gun = gun_datetime("2023-09-01", 18 * 3600, "Europe/Paris")
    d = Daylight(daylight_windows_s(*UTMB, gun, 46.5 * 3600), gun)
    nights = d.nights_s(46.5 * 3600)
    assert len(nights) == 2
    _, dusk_utc = sunrise_equation_utc_h(*UTMB, dt.date(2023, 9, 1), -6.0)
    dawn_utc, _ = sunrise_equation_utc_h(*UTMB, dt.date(2023, 9, 2), -6.0)
    assert abs(clock_h(gun, nights[0][0]) - (dusk_utc + 2)) < 3 / 60
    assert abs(clock_h(gun, nights[0][1]) - (dawn_utc + 2)) < 3 / 60
    assert 9.0 < (nights[0][1] - nights[0][0]) / 3600 < 10.5      # about 9.7 h of dark each night


def test_is_dark_scalar_equals_array_element():
    w = np.array([[100.0, 200.0], [1000.0, 1100.0]])
    t = np.array([50.0, 100.0, 150.0, 200.0, 500.0, 1050.0])
    dark = is_dark(t, w)
    assert_array_equal(dark, [True, False, False, False, True, False])
    assert all(bool(is_dark(x, w)) == dark[k] for k, x in enumerate(t))
    assert is_dark(np.zeros((2, 3)), w).shape == (2, 3)


def test_polar_day_and_night():
    summer = gun_datetime("2023-06-21", 0, "Europe/Oslo")
    assert not is_dark(np.arange(0, 86400, 3600.0), daylight_windows_s(78.2, 15.6, summer, 86400)).any()
    winter = gun_datetime("2023-12-21", 0, "Europe/Oslo")
    assert is_dark(np.arange(0, 86400, 3600.0), daylight_windows_s(78.2, 15.6, winter, 86400)).all()


def test_build_daylight_from_config():
    assert build_daylight(compose_config()) is None             # no rules.start_date: no daylight
    cfg = compose_config("rules.start_date=2019-06-29", "rules.timezone=America/Los_Angeles", "rules.start_clock=05:00",
                         f"course.latitude_deg={WSER[0]}", f"course.longitude_deg={WSER[1]}", "sim.time_limit_s=108000")
    d = build_daylight(cfg)
    assert d.gun.hour == 5 and d.is_dark(17 * 3600) and not d.is_dark(3 * 3600)


@pytest.mark.parametrize("key, value", [("course.latitude_deg", 91), ("course.longitude_deg", -181)])
def test_coordinates_are_checked(key, value):
    from conftest import one_line_error
    one_line_error(lambda: compose_config(f"{key}={value}"), key)
