"""Aid stations from a CSV: where they are, and the cut-offs they carry.

The table has one row per station, in course order::

    name,distance_m,elevation_m,cutoff_elapsed_h
    Lyon Ridge,16576.2,2135.4,5.5

``name`` and ``distance_m`` are required; ``elevation_m`` and ``cutoff_elapsed_h`` (hours after the
gun; empty = no cut-off there) are optional. A start row (distance 0) and a finish row may be present.
This is the Western States format (scenarios/western_states_2019/wser_aid_stations.csv); the UTMB
checkpoint table (scenarios/utmb_2023/utmb_aid_stations.csv) is in the same format, its barriers (the
clock time by which a runner must *leave* the checkpoint) already converted to elapsed hours from the
start, which ``rules.stations_cutoff_at: departure`` records.

Published tables give official distances, while a course profile from a GPS track measures its own
length (Western States: 161,256 m official, 161,051 m GPS). With ``rules.stations_scale_to_course``
the table is stretched so that its last row (the finish) lands on the course's finish [A: the error is
spread evenly along the course].

:func:`station_cutoffs` turns the table into the :class:`~sim.config.CutoffSpec` list the crowd engine
already applies (``rules.cutoffs``); :func:`apply_station_cutoffs` does that for a whole config at the
boundary (called by :func:`sim.inputs.load.load_config`), so every command and engine sees ordinary cut-offs.
"""
import math
from dataclasses import dataclass

import numpy as np

from sim.errors import PacksimError, shorten
from sim.inputs.paths import resolve_path

STATION_COLUMNS = ("name", "distance_m", "elevation_m", "cutoff_elapsed_h")
REQUIRED_COLUMNS = ("name", "distance_m")
FINISH_TOLERANCE = 0.05     # with scaling, the table's last row must lie within 5 % of the course length
FINISH_MATCH_M = 1.0        # without scaling, a row this close to the course length is the finish


@dataclass(frozen=True)
class AidStation:
    """One row of a station table (``distance_m`` as placed on the course; NaN = not given)."""
    name: str
    distance_m: float           # along the course [m]
    elevation_m: float          # NaN = not in the table
    cutoff_elapsed_s: float     # gun time by which a runner must be there (or leave); NaN = no cut-off
    table_distance_m: float     # as written in the table
    row: int                    # line of the CSV file (comment lines counted), for messages

    def __repr__(self):
        cut = "" if math.isnan(self.cutoff_elapsed_s) else f", cut-off {self.cutoff_elapsed_s / 3600:.2f} h"
        return f"AidStation({self.name!r}, {self.distance_m:.0f} m{cut})"


def _number_column(df, column, p, key, line):
    import pandas as pd
    if column not in df.columns:
        return np.full(len(df), np.nan)
    values = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero((~np.isfinite(values)) & df[column].notna().to_numpy())
    if bad.size:
        what = "a finite number" if np.isinf(values[bad[0]]) else "a number"
        raise PacksimError(f"{key}: {p}: row {line[bad[0]]}, column {column}: '{shorten(df[column].iloc[bad[0]])}' is "
                           f"not {what}; write a plain number (metres, hours) or leave the cell empty")
    return values


def read_stations(path, key="rules.stations"):
    """The stations of a table CSV, in file order and checked (distances as in the table).

    Every problem is a one-line :class:`~sim.errors.PacksimError` naming ``key``, the file and the row:
    a missing column, an empty name, a malformed number, a negative distance, a station out of order
    (not after the one above), a cut-off earlier than the previous one.
    """
    import pandas as pd
    p = resolve_path(path, key)
    try:
        df = pd.read_csv(p, comment="#", dtype={"name": str})
    except Exception as exc:  # pandas raises many types for malformed CSV
        raise PacksimError(f"{key}: {p}: not a readable CSV ({shorten(str(exc).splitlines()[0])})") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise PacksimError(f"{key}: {p}: missing column(s) {missing}; a station table needs name, distance_m "
                           "(optional: elevation_m, cutoff_elapsed_h)")
    if len(df) == 0:
        raise PacksimError(f"{key}: {p}: no stations; give one row per aid station")
    from sim.inputs.course import csv_line_numbers
    line = csv_line_numbers(p, len(df))
    names = [shorten(n) for n in df["name"].fillna("").astype(str).str.strip()]
    empty = [n for n, name in enumerate(names) if name == ""]
    if empty:
        raise PacksimError(f"{key}: {p}: row {line[empty[0]]}: empty name; name every station")
    if df["distance_m"].isna().any():
        n = int(np.flatnonzero(df["distance_m"].isna().to_numpy())[0])
        raise PacksimError(f"{key}: {p}: row {line[n]} ({names[n]}): distance_m is empty; give the station's distance")
    distance = _number_column(df, "distance_m", p, key, line)
    elevation = _number_column(df, "elevation_m", p, key, line)
    cutoff_h = _number_column(df, "cutoff_elapsed_h", p, key, line)
    previous = None      # (row, name, cut-off) of the last station with a cut-off
    for n, name in enumerate(names):
        row = line[n]
        if distance[n] < 0:
            raise PacksimError(f"{key}: {p}: row {row} ({name}): distance_m {distance[n]:g} is negative; "
                               "distances are metres from the start")
        if n and distance[n] <= distance[n - 1]:
            raise PacksimError(f"{key}: {p}: row {row} ({name}): at {distance[n]:.0f} m it is not after "
                               f"{names[n - 1]} ({distance[n - 1]:.0f} m); list the stations in course order")
        if cutoff_h[n] < 0:
            raise PacksimError(f"{key}: {p}: row {row} ({name}): cutoff_elapsed_h {cutoff_h[n]:g} is negative; "
                               "give hours after the gun")
        if np.isfinite(cutoff_h[n]):
            if previous is not None and cutoff_h[n] < previous[2]:
                raise PacksimError(f"{key}: {p}: row {row} ({name}): cut-off {cutoff_h[n]:g} h is earlier than "
                                   f"{previous[1]}'s {previous[2]:g} h (row {previous[0]}); a later station cannot "
                                   "close earlier: fix the times")
            previous = (row, name, cutoff_h[n])
    return [AidStation(name, float(distance[n]), float(elevation[n]), float(cutoff_h[n] * 3600.0),
                       float(distance[n]), line[n]) for n, name in enumerate(names)]


def place_stations(stations, course_length_m, scale_to_course=True, source="", key="rules.stations"):
    """The stations with ``distance_m`` on a course of ``course_length_m``.

    ``scale_to_course``: stretch the table so its last row lands on the finish (the last row must then be
    the finish, within :data:`FINISH_TOLERANCE` of the course length); otherwise distances are kept and no
    station may lie beyond the finish.
    """
    if not stations:
        return []
    last = stations[-1]
    if scale_to_course:
        if abs(last.table_distance_m - course_length_m) > FINISH_TOLERANCE * course_length_m:
            raise PacksimError(f"{key}: {source}: row {last.row} ({last.name}): the last station is at "
                               f"{last.table_distance_m:.0f} m but the course is {course_length_m:.0f} m; to stretch "
                               "the table onto the course its last row must be the finish (or set "
                               "rules.stations_scale_to_course=false)")
        factor = course_length_m / last.table_distance_m
    else:
        factor = 1.0
        for s in stations:
            if s.table_distance_m > course_length_m + FINISH_MATCH_M:
                raise PacksimError(f"{key}: {source}: row {s.row} ({s.name}): at {s.table_distance_m:.0f} m it is "
                                   f"beyond the finish ({course_length_m:.0f} m); fix its distance or set "
                                   "rules.stations_scale_to_course=true")
    return [AidStation(s.name, min(s.table_distance_m * factor, course_length_m), s.elevation_m, s.cutoff_elapsed_s,
                       s.table_distance_m, s.row) for s in stations]


def station_cutoffs(stations, course_length_m, time_limit_s):
    """The :class:`~sim.config.CutoffSpec` list of placed stations, as ``rules.cutoffs`` holds them.

    Left out, because another rule already implies them: the start and finish rows (the finish limit
    is ``sim.time_limit_s``), cut-offs at or after ``time_limit_s``, and a cut-off equal to the next
    station's (whoever reaches the later station in time passed the earlier one in time: Western
    States' Lyon Ridge and Red Star Ridge are both 5.5 h).
    """
    from sim.config import CutoffSpec
    out = []
    for s in stations:
        if (math.isnan(s.cutoff_elapsed_s) or s.distance_m <= 0
                or s.distance_m >= course_length_m - FINISH_MATCH_M or s.cutoff_elapsed_s >= time_limit_s):
            continue
        while out and out[-1].race_time_s >= s.cutoff_elapsed_s:
            out.pop()
        out.append(CutoffSpec(name=s.name, distance_m=float(s.distance_m), race_time_s=float(s.cutoff_elapsed_s)))
    return out


def course_length_m(cfg_course):
    """Length of the course ``cfg_course`` (a :class:`~sim.config.CourseConfig`) describes [m]."""
    from sim.inputs.course import read_profile
    return float(read_profile(cfg_course).distance_m[-1])


def load_stations(cfg, length_m=None):
    """The stations of ``cfg.rules.stations`` placed on the course of ``cfg.course`` ([] when none).

    ``length_m``: the course length if known (else the profile is read for it).
    """
    if not cfg.rules.stations:
        return []
    stations = read_stations(cfg.rules.stations)
    length_m = course_length_m(cfg.course) if length_m is None else length_m
    source = str(resolve_path(cfg.rules.stations, "rules.stations"))
    return place_stations(stations, length_m, cfg.rules.stations_scale_to_course, source)


def station_distances_m(cfg):
    """Distances of the aid stations strictly between start and finish [m] (for fuelling and aid time)."""
    if not cfg.rules.stations:
        return np.zeros(0)
    length_m = course_length_m(cfg.course)
    return np.array([s.distance_m for s in load_stations(cfg, length_m)
                     if 0 < s.distance_m < length_m - FINISH_MATCH_M], dtype=float)


def apply_station_cutoffs(cfg):
    """Fill ``cfg.rules.cutoffs`` from ``cfg.rules.stations`` and check the result; returns ``cfg``.

    A config gives its cut-offs one way: as ``rules.cutoffs`` or through ``rules.stations``.
    """
    if not cfg.rules.stations:
        return cfg
    if cfg.rules.cutoffs:
        raise PacksimError("config key 'rules.cutoffs': give the cut-offs either as rules.cutoffs or through "
                           f"rules.stations ({cfg.rules.stations}), not both; set rules.cutoffs=[]")
    length_m = course_length_m(cfg.course)
    cfg.rules.cutoffs = station_cutoffs(load_stations(cfg, length_m), length_m, cfg.sim.time_limit_s)
    cfg.rules.__post_init__()
    cfg.__post_init__()
    return cfg
