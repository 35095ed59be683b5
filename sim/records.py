"""Flat result records: one dataclass per observation, so tables fall out for free."""
import math
from dataclasses import asdict, dataclass, fields


@dataclass
class ResultRecord:
    runner: str
    place: int                  # 0 for a DNF
    status: str                 # finished | dnf
    t_finish_s: float           # gun time; NaN for a DNF
    t_chip_s: float             # from crossing the start line
    tactic: str
    seed_time_s: float
    seed_distance_m: float
    sex: str
    mass_kg: float
    height_m: float
    critical_speed_m_s: float
    d_prime_m: float
    plan_time_s: float          # flat-equivalent time at the planned effort
    generated: bool
    walled: bool
    exhausted: bool


@dataclass
class SplitRecord:
    runner: str
    checkpoint: int
    distance_m: float
    t_s: float
    pack_id: int                # 0 = not in a pack
    pack_size: int              # runners in this runner's group (1 = alone)


@dataclass
class PlanRecord:
    """One stretch of a pacing plan (sim/commands/plan.py): a kilometre, the last one partial."""
    km: float                   # distance at the end of the stretch [km]
    length_m: float
    split_s: float              # time over the stretch
    cumulative_s: float         # from the start line (chip time)
    split_hms: str
    cumulative_hms: str
    pace_s_km: float
    grade_pct: float            # mean grade: elevation change / length [%]
    elevation_m: float          # at the end of the stretch
    headwind_m_s: float         # time-weighted mean wind along the direction of travel; < 0 = tailwind
    effort_cs: float            # time-weighted mean effort as a fraction of critical speed


@dataclass
class EventRecord:
    t_s: float
    distance_m: float
    event: str                  # surge | catch | join | drop | pack_formed | pack_split | wall | exhausted | abandon | dnf | finish
    runner: str
    detail: str


@dataclass
class ReplicateResultRecord:
    replicate: int              # 0 .. replicates-1
    runner: str
    place: int                  # 0 for a DNF
    status: str                 # finished | dnf
    t_finish_s: float           # gun time; NaN for a DNF
    tactic: str
    seed_time_s: float


@dataclass
class ReplicateSplitRecord:
    replicate: int
    runner: str
    distance_m: float           # the halfway checkpoint or the finish
    t_s: float
    pack_size: int              # runners in this runner's group (1 = alone)


def columns(record_type):
    return [f.name for f in fields(record_type)]


def as_rows(records):
    return [asdict(r) for r in records]


def hms(t_s):
    """``h:mm:ss`` for a time in seconds ('' for None or NaN): event details, tables and figures."""
    if t_s is None or not math.isfinite(t_s):
        return ""
    s = int(round(float(t_s)))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
