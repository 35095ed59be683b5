"""The field: roster runners plus generated ones, each turned into physiological parameters.

How a runner's numbers are derived (documented in README "Runners"):

1. The seed time is converted to a marathon equivalent with Riegel's law (exponent 1.06) when
   ``seed_distance_m`` is not a marathon.
2. The seed race is taken as flat, still air, with the runner feeling ``seed_shelter`` of solo drag
   (paced, in a pack) [A]; its metabolic power gives the seed effort ``v_eq``.
3. Critical speed ``CS = v_eq / F(T)`` with ``F`` the sustainable fraction at the seed duration
   (MODEL.md §4.3), times a day-form factor (:func:`sim.model.day_form.day_form_factor`): a seed is
   a personal best, so a race day is on average a little slower and bad days have the long tail
   (race-to-race CV from Hopkins & Hewson 2001, skewness ``day_form_skewness`` [A]).
4. D′ is drawn lognormal around the sex's mean (345 m men, 318 m women) with CV 13 %.
5. The planned effort for this race is ``F(T_plan) CS`` where ``T_plan`` is the flat-equivalent time
   at that effort over the race distance (a fixed point).
Mass and height not given are drawn from normal distributions per sex; generated runners' seed times
follow ``P(T <= t) = ((t - t_min)/(t_max - t_min))^shape`` between the slowest roster seed and the
qualifying standard [A]. Every draw uses the run's generator.
"""
import difflib
import math
import re
from dataclasses import dataclass

import numpy as np

from sim.errors import PacksimError, shorten
from sim.inputs.paths import resolve_path
from sim.inputs.tactics import lookup
from sim.model.aero import frontal_area_m2
from sim.model.day_form import day_form_factor
from sim.model.descent import descending_skill
from sim.model.effort import (
    drag_coefficient_per_speed2,
    effort_for_power_m_s,
    flat_power_w_kg,
)
from sim.model.physiology import MARATHON_M, riegel_time_s, sustainable_fraction

ROSTER_COLUMNS = ("name", "seed_time_s", "seed_distance_m", "sex", "mass_kg", "height_m", "tactic",
                  "cs_m_s", "d_prime_m")


@dataclass
class RunnerSpec:
    """Everything fixed about one runner for one race."""
    index: int
    name: str
    sex: str
    seed_time_s: float
    seed_distance_m: float
    marathon_equivalent_s: float
    mass_kg: float
    height_m: float
    cda_m2: float
    critical_speed_m_s: float
    d_prime_m: float
    plan_effort_m_s: float
    plan_time_s: float
    tactic: object
    carb_intake_g_h: float
    start_offset_m: float
    generated: bool
    predicted_s: float = math.nan   # expected course time (graded distance at the planned effort)
    resistance: float = 0.0         # adaptation to downhill running, 0..1 (MODEL.md §4.4)
    descent_skill: float = 1.0      # descending factor, mean 1 (sim/model/descent.py)


def parse_time_s(value):
    """Seconds from a number or an ``h:mm:ss`` / ``mm:ss`` string; None if it is neither."""
    if isinstance(value, (int, float, np.floating)) and np.isfinite(value):
        return float(value)
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.\d*)?", text):
        return float(text)
    if re.fullmatch(r"\d+(:\d{1,2}){1,2}(\.\d*)?", text):
        parts = [float(part) for part in text.split(":")]
        if any(part >= 60 for part in parts[1:]):   # 2:75:00 is a typo, not 3:15:00
            return None
        secs = 0.0
        for part in parts:
            secs = secs * 60 + part
        return secs
    return None


def _time_hint(text):
    """Why ``text`` is not a time, for a message."""
    if re.fullmatch(r"\d+(:\d{1,2}){1,2}(\.\d*)?", str(text).strip()):
        return "minutes and seconds must be 0-59 (h:mm:ss)"
    return "it is not a positive time (seconds or h:mm:ss)"


def _check_row_lengths(p):
    """Every row of the roster CSV ``p`` has as many fields as its header (pandas would shift or drop them)."""
    import csv
    try:
        with open(p, newline="", encoding="utf-8") as f:
            rows = csv.reader(line for line in f if not line.lstrip().startswith("#"))
            header = next(rows, None)
            if header is None:
                return
            for n, row in enumerate(rows, start=2):
                if row and len(row) != len(header):
                    raise PacksimError(f"field.roster: {p}: row {n} has {len(row)} fields, expected {len(header)} "
                                       f"({', '.join(shorten(h, 30) for h in header[:10])}); quote a value "
                                       "that holds a comma")
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PacksimError(f"field.roster: {p}: not a readable CSV ({type(exc).__name__}: "
                           f"{shorten(exc)})") from None


def read_roster(path):
    """Rows of the roster CSV as dicts, checked; one-line errors name the file, row and column."""
    import pandas as pd
    p = resolve_path(path, "field.roster")
    _check_row_lengths(p)
    try:
        df = pd.read_csv(p, comment="#", dtype=str, keep_default_na=False)
    except Exception as exc:
        raise PacksimError(f"field.roster: {p}: not a readable CSV ({shorten(str(exc).splitlines()[0])})") from None
    for col in ("name", "seed_time_s"):
        if col not in df.columns:
            raise PacksimError(f"field.roster: {p}: missing column '{shorten(col)}'; a roster needs name, seed_time_s "
                               f"(optional: {', '.join(ROSTER_COLUMNS[2:])})")
    unknown = [c for c in df.columns if c not in ROSTER_COLUMNS and not c.startswith("source")
               and c not in ("notes", "confidence")]
    if unknown:
        raise PacksimError(f"field.roster: {p}: unknown column(s) {shorten(unknown)}; known: {', '.join(ROSTER_COLUMNS)}")
    rows, seen = [], set()
    for n, rec in enumerate(df.to_dict("records"), start=2):
        name = rec["name"].strip()
        if not name:
            raise PacksimError(f"field.roster: {p}: row {n}: empty name")
        if name in seen:
            raise PacksimError(f"field.roster: {p}: row {n}: runner '{shorten(name)}' appears twice")
        seen.add(name)
        row = {"name": name}
        t = parse_time_s(rec["seed_time_s"])
        if t is None or t <= 0:
            raise PacksimError(f"field.roster: {p}: row {n} ({shorten(name)}): seed_time_s '{shorten(rec['seed_time_s'])}': "
                               f"{_time_hint(rec['seed_time_s'])}")
        row["seed_time_s"] = t
        for col in ("seed_distance_m", "mass_kg", "height_m", "cs_m_s", "d_prime_m"):
            text = str(rec.get(col, "")).strip()
            if text:
                try:
                    row[col] = float(text)
                except ValueError:
                    raise PacksimError(f"field.roster: {p}: row {n} ({shorten(name)}): {col} '{shorten(text)}' is not a number") from None
                if not np.isfinite(row[col]):
                    raise PacksimError(f"field.roster: {p}: row {n} ({shorten(name)}): {col} '{shorten(text)}' is not a "
                                       "finite number")
                if row[col] <= 0:
                    raise PacksimError(f"field.roster: {p}: row {n} ({shorten(name)}): {col} must be > 0, got {text}")
        sex = str(rec.get("sex", "")).strip().upper()
        if sex and sex not in ("M", "F"):
            raise PacksimError(f"field.roster: {p}: row {n} ({shorten(name)}): sex must be M or F, got '{shorten(sex)}'")
        row["sex"] = sex or None
        row["tactic"] = str(rec.get("tactic", "")).strip() or None
        dist = row.get("seed_distance_m", MARATHON_M)
        speed = dist / row["seed_time_s"]
        if not 1.0 <= speed <= 7.0:
            raise PacksimError(f"field.roster: {p}: row {n} ({shorten(name)}): seed {row['seed_time_s']:.0f} s over "
                               f"{dist:.0f} m is {speed:.2f} m/s, outside 1-7 m/s; check seed_time_s/seed_distance_m")
        rows.append(row)
    return rows


def generated_seed_times_s(n, t_min_s, t_max_s, shape, rng):
    """``n`` seed times with CDF ((t - t_min)/(t_max - t_min))^shape, sorted fastest first [A]."""
    u = rng.random(n)
    return np.sort(t_min_s + (t_max_s - t_min_s) * u ** (1.0 / shape))


def plan_effort_m_s(cs_m_s, race_distance_m, phys):
    """Planned effort ``F(T) CS`` with ``T = distance / effort`` (fixed point, flat-equivalent time).

    Takes one critical speed or an array of them (the whole field in one pass: the same values,
    element by element, as one runner at a time).
    """
    cs_m_s = np.asanyarray(cs_m_s, dtype=float)
    effort = 0.93 * cs_m_s
    for _ in range(30):
        effort = cs_m_s * sustainable_fraction(race_distance_m / effort, phys.sustainable_f_ref,
                                               phys.sustainable_slope, phys.sustainable_t_ref_s,
                                               phys.sustainable_f_max, phys.sustainable_knee_s,
                                               phys.sustainable_slope_ultra)
    return effort


def derive_critical_speed(marathon_s, mass_kg, height_m, z_form, cs_given_m_s, cfg_field, phys):
    """Seed → frontal drag area and critical speed on the day, for one runner or a whole field (arrays).

    The seed race is taken as flat, still air, felt at ``seed_shelter`` of solo drag [A]; its metabolic
    power gives the seed effort ``v_eq`` (MODEL.md §4.2), and ``CS = v_eq / F(T_seed)`` (§4.3) times the
    day form of the draw ``z_form`` (:func:`sim.model.day_form.day_form_factor`: mean ``day_form_mean``,
    CV ``day_form_cv`` growing with the seed time, skewness ``day_form_skewness``). A given
    ``cs_given_m_s`` (finite) replaces it.
    Returns ``(cda_m2, cs_m_s)``. Used by the roster field and the mass field alike.
    """
    marathon_s, mass_kg, height_m = (np.asarray(a, dtype=float) for a in (marathon_s, mass_kg, height_m))
    cda = phys.drag_coefficient * frontal_area_m2(height_m, mass_kg)
    a_ref = drag_coefficient_per_speed2(phys.reference_air_density_kg_m3, cda, mass_kg,
                                        penalty_per_bodyweight=phys.drag_penalty_per_bodyweight)
    p_seed = flat_power_w_kg(MARATHON_M / marathon_s, phys.cost_flat_j_kg_m, a_ref * phys.seed_shelter)
    v_eq = effort_for_power_m_s(p_seed, phys.cost_flat_j_kg_m, a_ref)
    f_seed = sustainable_fraction(marathon_s, phys.sustainable_f_ref, phys.sustainable_slope,
                                  phys.sustainable_t_ref_s, phys.sustainable_f_max, phys.sustainable_knee_s,
                                  phys.sustainable_slope_ultra)
    form = day_form_factor(z_form, marathon_s, cfg_field.day_form_mean, cfg_field.day_form_cv,
                           cfg_field.day_form_skewness, cfg_field.day_form_cv_reference_s,
                           cfg_field.day_form_cv_slowness_exponent)
    cs = v_eq / f_seed * form
    return cda, np.where(np.isfinite(cs_given_m_s), cs_given_m_s, cs)


def intake_and_resistance(z_carb, z_resistance, cfg_field, phys):
    """Each runner's carbohydrate intake [g/h] and downhill adaptation [0..0.95] from two normal draws [A].

    Intake: ``carb_intake_g_h · exp(cv z - cv²/2)`` (a mean-preserving lognormal spread,
    ``fuelling.intake_cv``), at most the gut limit ``fuelling.max_intake_g_h`` (Jeukendrup 2014);
    resistance: ``resistance_mean + resistance_sd z`` clipped to 0..0.95 (Bontemps 2020).
    """
    fuel, dmg = phys.fuelling, phys.eccentric_damage
    carb = np.minimum(cfg_field.carb_intake_g_h * np.exp(fuel.intake_cv * z_carb - 0.5 * fuel.intake_cv ** 2),
                      fuel.max_intake_g_h)
    return carb, np.clip(dmg.resistance_mean + dmg.resistance_sd * z_resistance, 0.0, 0.95)


def draw_descent_skill(n, cfg_field, rng):
    """Each of ``n`` runners' descending factor (mean 1, ``field.descent_skill_cv``; :func:`~sim.model.descent.descending_skill`).

    Drawn from a child of ``rng`` (``rng.spawn``), which leaves ``rng``'s own stream where it was: the
    rest of the race (day form, gusts) draws the same numbers as before the factor existed.
    """
    z = rng.spawn(1)[0].standard_normal(n)
    return descending_skill(z, cfg_field.descent_skill_cv)


def course_prediction_s(cs_m_s, graded_distance_m, phys):
    """The time a runner expects on the course: its graded (GAP) distance at the planned effort ``F(T)·CS`` [s]."""
    return graded_distance_m / plan_effort_m_s(cs_m_s, graded_distance_m, phys)


def athlete_rows(athletes, taken):
    """Roster-like rows for ``cfg_field.athletes`` (already validated by AthleteConfig); names must be new."""
    rows = []
    for a in athletes:
        name = a.name.strip()
        if name in taken:
            raise PacksimError(f"athlete.name: '{shorten(name)}' is already in the field; give the athlete another name")
        taken.add(name)
        row = {"name": name, "seed_time_s": float(a.seed_time_s), "seed_distance_m": float(a.seed_distance_m),
               "sex": a.sex, "tactic": a.tactic}
        row.update({k: float(getattr(a, k)) for k in ("mass_kg", "height_m", "cs_m_s", "d_prime_m")
                    if getattr(a, k) is not None})
        rows.append(row)
    return rows


def build_field(cfg_field, phys, tactics, race_distance_m, rng, graded_distance_m=None):
    """All runners of the race: roster first (in file order), then ``cfg_field.athletes``, then generated ones.

    Each athlete takes the place of one generated runner, so the field keeps ``cfg_field.size``;
    generated seeds still start at the slowest roster seed. ``cfg_field.tactic_of`` (name -> tactic)
    overrides the roster's and the default tactic of the runners it names. ``graded_distance_m`` (the
    course's GAP distance; the race distance if not given) gives each runner's course prediction.
    """
    rows = read_roster(cfg_field.roster) if cfg_field.roster else []
    extra = athlete_rows(cfg_field.athletes, {r["name"] for r in rows})
    if len(rows) + len(extra) > cfg_field.size:
        raise PacksimError(f"field.size: {cfg_field.size} is smaller than the roster and athletes "
                           f"({len(rows) + len(extra)} runners); raise field.size")
    unknown = sorted(set(cfg_field.tactic_of) - {r["name"] for r in rows + extra})
    if unknown:
        raise PacksimError(f"field.tactic_of: no named runner '{shorten(unknown[0])}' in the roster or athletes")
    n_gen = cfg_field.size - len(rows) - len(extra)
    if n_gen:
        roster_marathons = [riegel_time_s(r["seed_time_s"], r.get("seed_distance_m", MARATHON_M), MARATHON_M,
                                          phys.riegel_exponent) for r in rows]
        t_min = cfg_field.generated_seed_time_min_s or (max(roster_marathons) if rows else 0.9 * cfg_field.generated_seed_time_max_s)
        if t_min >= cfg_field.generated_seed_time_max_s:
            raise PacksimError(f"field.generated_seed_time_max_s: {cfg_field.generated_seed_time_max_s:.0f} s must be "
                               f"slower than the fastest generated seed ({t_min:.0f} s)")
        times = generated_seed_times_s(n_gen, t_min, cfg_field.generated_seed_time_max_s,
                                       cfg_field.generated_seed_time_shape, rng)
        width = len(str(cfg_field.size))
        rows += extra
        rows += [{"name": f"Runner {len(rows) + k + 1:0{width}d}", "seed_time_s": float(t), "sex": None,
                  "tactic": None, "generated": True} for k, t in enumerate(times)]
    else:
        rows += extra
    for r in rows:
        if r["name"] in cfg_field.tactic_of:
            r["tactic"] = cfg_field.tactic_of[r["name"]]
    n = len(rows)
    # draws in a fixed order, whatever the roster provides, so the stream does not depend on it
    z_mass, z_height, z_dp, z_form, z_carb, z_res = (rng.standard_normal(n) for _ in range(6))
    default_tactic = lookup(tactics, cfg_field.default_tactic, "field.default_tactic")
    sex = [r.get("sex") or cfg_field.sex for r in rows]
    mass = np.array([r.get("mass_kg") or min(max(cfg_field.mass_kg_mean[x] + cfg_field.mass_kg_sd[x] * z, 35.0), 120.0)
                     for r, x, z in zip(rows, sex, z_mass)])
    height = np.array([r.get("height_m") or min(max(cfg_field.height_m_mean[x] + cfg_field.height_m_sd[x] * z, 1.4), 2.1)
                       for r, x, z in zip(rows, sex, z_height)])
    seed_dist = np.array([r.get("seed_distance_m", MARATHON_M) for r in rows])
    marathon = riegel_time_s(np.array([r["seed_time_s"] for r in rows]), seed_dist, MARATHON_M, phys.riegel_exponent)
    cda, cs = derive_critical_speed(marathon, mass, height, z_form, np.array([r.get("cs_m_s", np.nan) for r in rows]),
                                    cfg_field, phys)
    d_prime = [r.get("d_prime_m") or cfg_field.d_prime_m_mean[x] * float(np.exp(cfg_field.d_prime_cv * z))
               for r, x, z in zip(rows, sex, z_dp)]
    carb, resistance = intake_and_resistance(z_carb, z_res, cfg_field, phys)
    plans = plan_effort_m_s(cs, race_distance_m, phys)
    predicted = course_prediction_s(cs, graded_distance_m or race_distance_m, phys)
    skill = draw_descent_skill(n, cfg_field, rng)
    start_rank = np.empty(n, dtype=int)
    start_rank[np.argsort(marathon, kind="stable")] = np.arange(n)
    specs = []
    for i, r in enumerate(rows):
        tactic = lookup(tactics, r["tactic"], f"field.roster: runner '{shorten(r['name'])}'") if r.get("tactic") else default_tactic
        row_back = start_rank[i] // cfg_field.start_row_width
        offset = float(row_back * cfg_field.start_row_spacing_m + 1e-3 * (start_rank[i] % cfg_field.start_row_width))
        specs.append(RunnerSpec(i, r["name"], sex[i], r["seed_time_s"], float(seed_dist[i]), float(marathon[i]),
                                float(mass[i]), float(height[i]), float(cda[i]), float(cs[i]), float(d_prime[i]),
                                float(plans[i]), race_distance_m / float(plans[i]), tactic, float(carb[i]), offset,
                                bool(r.get("generated", False)), float(predicted[i]), float(resistance[i]),
                                float(skill[i])))
    return specs


def check_focal(focal, names):
    """Every ``focal`` runner is in the field (``names``), or one line naming the closest names."""
    known = set(names)
    for name in focal:
        if name not in known:
            close = difflib.get_close_matches(name, list(names), n=4, cutoff=0.5)
            hint = (f"closest names: {', '.join(close)}" if close
                    else "give a roster name, a field.athletes name or a generated 'Runner NNN'")
            raise PacksimError(f"focal: '{shorten(name)}' is not a runner of this field; {hint}")
