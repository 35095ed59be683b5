"""``python -m sim.compare focal=NAME tactics=[a,b,...] replicates=N``: which tactic serves one runner best?

Each tactic is raced on the same replicate seeds (common random numbers): replicate ``k`` of every
tactic draws from ``SeedSequence(seed).spawn(replicates)[k]``, so the field, the day form and the
gusts are identical and the focal runner's tactic is the only change. The paired differences to the
first tactic then carry only the effect of the tactic (and the race's response to it), which makes
their confidence interval much narrower than the spread of finish times would suggest.

Arguments of this command (everything else is a Hydra override, checked like ``python -m sim``'s):

* ``focal=NAME``: the runner whose tactic changes (a roster runner, or the coach's athlete);
* ``tactics=[a,b,...]``: tactic names (conf/tactics or the scenario); the first is the baseline;
* ``replicates=N`` (> 1, default 50), ``workers=W`` (0 = all cores), ``out=DIR``
  (default ``outputs/compare/<date_time>/``), ``sensitivity=false`` to skip the drafting check;
* ``athlete=path.yaml`` and/or ``athlete.KEY=VALUE`` with KEY one of name, seed_time_s (seconds or
  h:mm:ss), seed_distance_m, sex, mass_kg, height_m, cs_m_s, d_prime_m: a runner added to the field
  in place of one generated runner (``field.size`` stays).

Outputs, written all-or-nothing: compare.csv, compare_replicates.csv, compare.png, compare.md, and
replicate 0 raced in full under each tactic, ``replicate_0/<tactic>/`` with results.csv, splits.csv,
events.csv, summary.json and story.md (whose "focal runners" section follows the focal runner):
the same race a single ``python -m sim`` run writes, on the comparison's first seed.
Bad input: one line on stderr, exit code 2, nothing written.
"""
import difflib
import math
import shutil
import sys
import time
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from sim.commands.boundary import guarded
from sim.commands.replicates import run_replicates
from sim.config import AthleteConfig
from sim.engine.race import RaceSetup
from sim.errors import PacksimError, shorten
from sim.inputs.field import parse_time_s, read_roster
from sim.outputs.stats import mean_ci95
from sim.outputs.story import ordinal
from sim.outputs.tables import FLOAT_FORMAT, table, write_outputs
from sim.records import ReplicateResultRecord, hms

OWN_KEYS = ("focal", "tactics", "replicates", "workers", "out", "athlete", "sensitivity")
ATHLETE_KEYS = tuple(f.name for f in fields(AthleteConfig) if f.name != "tactic")
SENSITIVITY_REPLICATES = 20    # replicates per drafting.s0 value in the sensitivity note
SENSITIVITY_DS0 = 0.1          # drafting.s0 is moved by this much either way
EXAMPLE_REPLICATE = 0          # the replicate raced in full and told as a story, under every tactic


def paired_difference(t_s, t_ref_s):
    """Mean of ``t_s - t_ref_s`` over replicates where both finished, with its 95 % t-interval.

    Returns (mean, low, high, n) [s]; the interval is mean ± t(0.975, n-1) sd/sqrt(n).
    """
    return mean_ci95(np.asarray(t_s, float) - np.asarray(t_ref_s, float))



def _strip(value):
    value = value.strip()
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"" else value


HELP = """\
usage: packsim compare focal=NAME tactics=[a,b,...] [replicates=N] [key=value ...]
       (the same as python -m sim.compare ...)

Which tactic serves one runner best? Each tactic is raced on the same replicate seeds (common random
numbers), so the runner's tactic is the only change; compare.csv/.md/.png give each tactic's finish
times and places and the paired difference to the first tactic with its 95 % interval.

main options:
  focal=NAME            the runner whose tactic changes (a roster runner, or athlete.name)
  tactics=[a,b,...]     tactic names (conf/tactics or the scenario); the first is the baseline
  replicates=N          paired replicates per tactic (> 1, default 50)
  workers=W             processes (0 = all cores); out=DIR (default outputs/compare/<date_time>/)
  sensitivity=false     skip the check against drafting.s0 +- 0.1
  athlete=FILE.yaml, athlete.KEY=VALUE   your own runner (name, seed_time_s as s or h:mm:ss,
                        seed_distance_m, sex, mass_kg, height_m, cs_m_s, d_prime_m), in place of
                        one generated runner
  key=value             any other config override, as for packsim run

examples:
  packsim compare scenario=atlanta_2020_men 'focal=Jim Walmsley' tactics=[sit,front_run,surge] replicates=200
  packsim compare 'athlete.name=Sam Coach' athlete.seed_time_s=2:16:30 tactics=[sit,even] replicates=50
"""


def split_args(argv, own_keys, defaults, rename=None):
    """Split ``argv`` into a command's own options (``own_keys``, over ``defaults``; ``rename`` maps a key to
    the option it sets), the athlete's fields (``athlete.KEY=VALUE``) and Hydra overrides (everything else)."""
    opts, athlete, overrides = dict(defaults), {}, []
    for arg in argv:
        key, eq, value = arg.partition("=")
        if not eq or arg.startswith("-"):
            overrides.append(arg)
        elif key in own_keys:
            opts[(rename or {}).get(key, key)] = _strip(value)
        elif key.startswith("athlete."):
            field = key.split(".", 1)[1]
            if field not in ATHLETE_KEYS:
                raise PacksimError(f"unknown athlete key '{key}'; known: {', '.join(ATHLETE_KEYS)}")
            athlete[field] = _strip(value)
        else:
            overrides.append(arg)
    return opts, athlete, overrides


def parse_args(argv):
    """Split ``argv`` into this command's own options, the athlete's fields and Hydra overrides.

    ``-h``/``--help`` prints :data:`HELP` and exits 0, as argparse does.
    """
    if any(a in ("-h", "--help") for a in argv):
        print(HELP, end="")
        sys.exit(0)
    opts, athlete, overrides = split_args(argv, OWN_KEYS, {"replicates": "50", "workers": "0", "sensitivity": "true"})
    try:
        opts["replicates"] = int(opts["replicates"])
        opts["workers"] = int(opts["workers"])
    except ValueError:
        raise PacksimError(f"replicates and workers must be whole numbers, got replicates={opts['replicates']} "
                           f"workers={opts['workers']}") from None
    if opts["replicates"] <= 1:
        raise PacksimError(f"replicates={opts['replicates']}: a comparison needs at least 2 replicates "
                           f"(50-200 give a useful interval)")
    if opts["workers"] < 0:
        raise PacksimError(f"workers={opts['workers']}: must be >= 0 (0 = all cores)")
    tactics = opts.get("tactics", "").strip("[] ")
    opts["tactics"] = [_strip(t) for t in tactics.split(",") if t.strip()]
    if len(opts["tactics"]) < 2:
        raise PacksimError("tactics=[a,b,...]: give at least two tactics; the first is the baseline")
    if len(set(opts["tactics"])) != len(opts["tactics"]):
        raise PacksimError(f"tactics={opts['tactics']}: a tactic is listed twice")
    opts["sensitivity"] = opts["sensitivity"].lower() in ("true", "1", "yes")
    return opts, athlete, overrides


def load_athlete(path, cli):
    """The coach's athlete from ``path`` (YAML) and/or ``athlete.KEY=VALUE`` pairs; None if neither."""
    values = {}
    if path:
        import yaml
        p = Path(path)
        if not p.is_file():
            raise PacksimError(f"athlete={path}: no such file")
        try:
            loaded = yaml.safe_load(p.read_text()) or {}
        except yaml.YAMLError as exc:
            raise PacksimError(f"athlete={path}: not YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(loaded, dict):
            raise PacksimError(f"athlete={path}: expected a mapping of {', '.join(ATHLETE_KEYS)}")
        unknown = sorted(set(loaded) - set(ATHLETE_KEYS))
        if unknown:
            raise PacksimError(f"athlete={path}: unknown key(s) {unknown}; known: {', '.join(ATHLETE_KEYS)}")
        values.update({k: str(v) for k, v in loaded.items()})
    values.update(cli)
    if not values:
        return None
    if "name" not in values or "seed_time_s" not in values:
        raise PacksimError("athlete: give at least athlete.name and athlete.seed_time_s")
    kwargs = {"name": values["name"].strip()}
    t = parse_time_s(values["seed_time_s"])
    if t is None or t <= 0:
        raise PacksimError(f"athlete.seed_time_s: '{shorten(values['seed_time_s'])}' is not a positive time (s or h:mm:ss)")
    kwargs["seed_time_s"] = t
    for key in ("seed_distance_m", "mass_kg", "height_m", "cs_m_s", "d_prime_m"):
        if key in values:
            try:
                kwargs[key] = float(values[key])
            except ValueError:
                raise PacksimError(f"athlete.{key}: '{shorten(values[key])}' is not a number") from None
    if "sex" in values:
        kwargs["sex"] = values["sex"].strip().upper()
    return AthleteConfig(**kwargs)


def compose(overrides):
    """The typed Config for the Hydra ``overrides``, composed like ``python -m sim`` does."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from sim.commands.preflight import CONF_DIR, check_overrides
    from sim.config import register_schema
    from sim.inputs.load import load_config

    check_overrides(overrides)
    register_schema()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            omegacfg = hydra_compose("config", overrides=list(overrides))
    except Exception as exc:
        raise PacksimError(f"cannot compose the config: {str(exc).splitlines()[0]}") from None
    return load_config(omegacfg)


def prepare(argv):
    """Parse and validate everything; returns (cfg, focal, tactics, opts). Writes nothing."""
    opts, athlete_cli, overrides = parse_args(argv)
    cfg = compose(overrides)
    if cfg.sim.engine != "runners":
        raise PacksimError(f"sim.engine={cfg.sim.engine}: compare needs the per-runner engine (it follows one named "
                           "runner's tactics); drop sim.engine=crowd or give sim.engine=runners, with a field.size "
                           "it can carry")
    athlete = load_athlete(opts.get("athlete"), athlete_cli)
    unknown = [t for t in opts["tactics"] if t not in cfg.tactics]
    if unknown:
        raise PacksimError(f"unknown tactic '{shorten(unknown[0])}'; known tactics: {', '.join(sorted(cfg.tactics))}")
    named = [r["name"] for r in read_roster(cfg.field.roster)] if cfg.field.roster else []
    if athlete is not None:
        if athlete.name in named:
            raise PacksimError(f"athlete.name: '{shorten(athlete.name)}' is already in the roster; give another name")
        named.append(athlete.name)
    focal = opts.get("focal") or (athlete.name if athlete is not None else "")
    if not focal:
        raise PacksimError("focal=NAME: name the runner whose tactic changes (a roster runner or athlete.name)")
    if focal not in named:
        close = difflib.get_close_matches(focal, named, n=4, cutoff=0.4)
        hint = (f"close names: {', '.join(close)}" if close else f"named runners: {', '.join(named[:8])}"
                if named else "this field has no named runners: give field.roster=<CSV> or athlete.name=...")
        raise PacksimError(f"focal='{shorten(focal)}' is not a named runner of this field; {hint}")
    out = Path(opts.get("out") or Path("outputs") / "compare" / time.strftime("%Y-%m-%d_%H-%M-%S"))
    if out.exists() and any(out.iterdir()):
        raise PacksimError(f"out={out}: exists and is not empty; choose another folder")
    opts["out"] = out
    athletes = list(cfg.field.athletes) + ([athlete] if athlete is not None else [])
    cfg = replace(cfg, replicates=opts["replicates"], focal=[focal], field=replace(cfg.field, athletes=athletes))
    return cfg, focal, opts["tactics"], opts



def with_tactic(cfg, focal, tactic, **changes):
    """``cfg`` with ``focal`` running ``tactic`` (and other top-level ``changes``, e.g. drafting)."""
    tactic_of = {**cfg.field.tactic_of, focal: tactic}
    return replace(cfg, field=replace(cfg.field, tactic_of=tactic_of), **changes)


def focal_rows(reps, focal, tactic):
    """The focal runner's row of every replicate: runner, tactic, replicate, place, status, t_finish_s."""
    df = table(reps.results, ReplicateResultRecord)
    rows = df[df.runner == focal].sort_values("replicate")
    return pd.DataFrame({"runner": focal, "tactic": tactic, "replicate": rows.replicate.to_numpy(), "place": rows.place.to_numpy(),
                         "status": rows.status.to_numpy(), "t_finish_s": rows.t_finish_s.to_numpy(float)})


def run_tactics(cfg, focal, tactics, workers, progress=False, **changes):
    """Race every tactic on the same spawned seeds; the focal runner's rows, tactic by tactic."""
    frames = []
    for tactic in tactics:
        reps = run_replicates(with_tactic(cfg, focal, tactic, **changes), workers, progress=progress)
        frames.append(focal_rows(reps, focal, tactic))
    return pd.concat(frames, ignore_index=True)


def example_races(cfg, focal, tactics, k=EXAMPLE_REPLICATE):
    """Replicate ``k`` raced in full under every tactic: ``{tactic: (cfg, RaceResult)}``.

    Drawn from the same spawned seed as replicate ``k`` of :func:`run_tactics`, so the focal runner's
    row is that replicate's row of compare_replicates.csv.
    """
    seed_seq = np.random.SeedSequence(cfg.seed).spawn(cfg.replicates)[k]
    races = {}
    for tactic in tactics:
        c = with_tactic(cfg, focal, tactic)
        races[tactic] = (c, RaceSetup(c).run(np.random.default_rng(seed_seq), c.seed))
    return races


def example_dir(tactic, k=EXAMPLE_REPLICATE):
    return Path(f"replicate_{k}") / tactic


def summarise(rows, tactics):
    """One row per tactic: finish-time mean/median, paired difference to the first tactic, place, P(...)."""
    ref = rows[rows.tactic == tactics[0]].set_index("replicate").t_finish_s
    out = []
    for tactic in tactics:
        r = rows[rows.tactic == tactic].set_index("replicate")
        fin = r[r.status == "finished"]
        mean, low, high, n_pair = paired_difference(r.t_finish_s, ref.reindex(r.index))
        n = len(r)
        out.append({"runner": r.runner.iloc[0] if n else "", "tactic": tactic, "replicates": n, "finishes": len(fin),
                    "t_finish_mean_s": float(fin.t_finish_s.mean()) if len(fin) else math.nan,
                    "t_finish_median_s": float(fin.t_finish_s.median()) if len(fin) else math.nan,
                    "diff_mean_s": mean, "diff_ci95_low_s": low, "diff_ci95_high_s": high, "n_paired": n_pair,
                    "place_mean": float(fin.place.mean()) if len(fin) else math.nan,
                    "p_win": float((r.place == 1).mean()), "p_top3": float(r.place.between(1, 3).mean()),
                    "p_top10": float(r.place.between(1, 10).mean()),
                    "p_dnf": float((r.status != "finished").mean())})
    return pd.DataFrame(out)


def sensitivity(cfg, focal, tactics, workers, rows):
    """Paired difference (second tactic - first) with drafting.s0 moved ±0.1, on fewer replicates.

    Uses the first :data:`SENSITIVITY_REPLICATES` spawned seeds (``spawn(n)[k]`` does not depend on
    ``n``), so the three rows share their replicates; the middle row is read off the run's ``rows``.
    """
    n = min(SENSITIVITY_REPLICATES, cfg.replicates)
    small = replace(cfg, replicates=n)
    out = []
    for s0 in (cfg.drafting.s0 - SENSITIVITY_DS0, cfg.drafting.s0, cfg.drafting.s0 + SENSITIVITY_DS0):
        if not 0 <= s0 < 1:
            continue
        if s0 == cfg.drafting.s0:
            r = rows[rows.replicate < n]
        else:
            r = run_tactics(small, focal, tactics[:2], workers, drafting=replace(cfg.drafting, s0=round(s0, 6)))
        s = summarise(r, tactics[:2]).iloc[1]
        out.append({"drafting_s0": round(s0, 6), "replicates": n, "diff_mean_s": s.diff_mean_s,
                    "diff_ci95_low_s": s.diff_ci95_low_s, "diff_ci95_high_s": s.diff_ci95_high_s})
    return pd.DataFrame(out)


def _signed(x):
    return "-" if not np.isfinite(x) else f"{x:+.1f}"


def answer(summary, focal):
    """One sentence per alternative tactic: slower or faster than the baseline, and whether it is clear."""
    base = summary.iloc[0].tactic
    parts = []
    for s in summary.iloc[1:].itertuples():
        if not np.isfinite(s.diff_mean_s):
            parts.append(f"{s.tactic} cannot be compared with {base} (no replicate where both finished)")
            continue
        way = "slower" if s.diff_mean_s > 0 else "faster"
        clear = (np.isfinite(s.diff_ci95_low_s) and (s.diff_ci95_low_s > 0 or s.diff_ci95_high_s < 0))
        parts.append(f"{s.tactic} is {abs(s.diff_mean_s):.1f} s {way} than {base} on average "
                     f"(95 % CI {s.diff_ci95_low_s:+.1f} to {s.diff_ci95_high_s:+.1f} s over {s.n_paired} paired "
                     f"replicates; {'the interval excludes zero' if clear else 'not distinguishable from zero'})")
    return f"For {focal}, " + "; ".join(parts) + "."


def printed_table(summary):
    lines = [f"  {'tactic':<12s} {'mean':>8s} {'median':>8s} {'diff [s]':>9s} {'95% CI [s]':>17s} "
             f"{'place':>6s} {'P(win)':>6s} {'P(top3)':>7s} {'P(top10)':>8s} {'P(dnf)':>6s}"]
    for s in summary.itertuples():
        ci = f"{_signed(s.diff_ci95_low_s)}..{_signed(s.diff_ci95_high_s)}"
        lines.append(f"  {s.tactic:<12s} {hms(s.t_finish_mean_s) or '-':>8s} {hms(s.t_finish_median_s) or '-':>8s} "
                     f"{_signed(s.diff_mean_s):>9s} {ci:>17s} {s.place_mean:6.1f} {s.p_win:6.3f} {s.p_top3:7.3f} "
                     f"{s.p_top10:8.3f} {s.p_dnf:6.3f}")
    return lines


def report_md(cfg, focal, tactics, summary, sens, wall_s, examples=None):
    """compare.md: the question, the answer, the table, the figure, the assumptions, the sensitivity."""
    spec = next((a for a in cfg.field.athletes if a.name == focal), None)
    w, d = cfg.weather, cfg.drafting
    lines = [f"# {focal}: {' vs '.join(tactics)}", "",
             f"**Question.** In {cfg.scenario} ({cfg.field.size} starters), which of {', '.join(tactics)} gives "
             f"{focal} the best race?", "",
             f"**Answer.** {answer(summary, focal)}", "",
             "| tactic | mean | median | paired diff [s] | 95 % CI [s] | mean place | P(win) | P(top 3) | P(top 10) | P(DNF) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for s in summary.itertuples():
        lines.append(f"| {s.tactic} | {hms(s.t_finish_mean_s)} | {hms(s.t_finish_median_s)} | {_signed(s.diff_mean_s)} | "
                     f"{_signed(s.diff_ci95_low_s)} to {_signed(s.diff_ci95_high_s)} | {s.place_mean:.1f} | "
                     f"{s.p_win:.3f} | {s.p_top3:.3f} | {s.p_top10:.3f} | {s.p_dnf:.3f} |")
    lines += ["", "![finish times and places per tactic](compare.png)", "",
              "## How it was computed", "",
              f"{cfg.replicates} replicates per tactic on the same seeds (`SeedSequence({cfg.seed}).spawn"
              f"({cfg.replicates})`, replicate k identical for every tactic): the same field, day form and gusts, "
              f"with {focal}'s tactic the only change. The paired difference is {focal}'s finish time with the "
              f"tactic minus that with {tactics[0]}, over replicates where both finished; its interval is a "
              f"t-interval ({wall_s:.0f} s of computing).", "",
              "## Assumptions that drive it", "",
              f"- Weather: wind {w.wind_speed_m_s:g} m/s from {w.wind_from_deg:g}° at {w.reference_height_m:g} m "
              f"(gusts {w.gust_speed_m_s:g} m/s, shear exponent {w.shear_exponent:g}), {w.temp_air_c:g} °C.",
              f"- Field: {cfg.field.size} runners, roster `{cfg.field.roster or '(none)'}`, the rest generated up to "
              f"a {hms(cfg.field.generated_seed_time_max_s)} seed; everyone else runs their roster tactic or "
              f"`{cfg.field.default_tactic}`; day form {cfg.field.day_form_mean:+g} ± {cfg.field.day_form_cv:g} "
              f"(log CS).",
              f"- Drafting: s0 = {d.s0:g} (drag saved 1 m behind), wake decay {d.decay_m:g} m, "
              f"{'on' if d.enabled else 'off'}. Physiology: Cd {cfg.physiology.drag_coefficient:g}, sustainable "
              f"fraction {cfg.physiology.sustainable_f_ref:g} - {cfg.physiology.sustainable_slope:g} ln(T/"
              f"{cfg.physiology.sustainable_t_ref_s:g} s), fatigue floor {cfg.physiology.fatigue_floor:g}, "
              f"max effort {cfg.physiology.max_effort_cs:g} CS.",
              "- Tactics: " + "; ".join(f"`{t}` = {_tactic_text(cfg.tactics[t])}" for t in tactics) + "."]
    if spec is not None:
        lines.append(f"- {focal} (the coach's athlete): seed {spec.seed_time_s:.0f} s over {spec.seed_distance_m:.0f} m"
                     + "".join(f", {k} {getattr(spec, k)}" for k in ("sex", "mass_kg", "height_m", "cs_m_s", "d_prime_m")
                               if getattr(spec, k) is not None) + "; unset values drawn per replicate.")
    if examples:
        lines += ["", f"## Replicate {EXAMPLE_REPLICATE} as a race", "",
                  "The first replicate raced in full under each tactic (the same field, day form and gusts), told "
                  "in its story.md beside its results.csv, splits.csv and events.csv:", ""]
        for tactic, (_, result) in examples.items():
            r = next(r for r in result.results if r.runner == focal)
            how = (f"{ordinal(r.place)} of {len(result.results)} in {hms(r.t_finish_s)}" if r.status == "finished"
                   else "did not finish")
            lines.append(f"- `{tactic}`: {focal} {how}; winner {result.results[0].runner} in "
                         f"{hms(result.results[0].t_finish_s)}: [story]({(example_dir(tactic) / 'story.md').as_posix()}), "
                         f"[results]({(example_dir(tactic) / 'results.csv').as_posix()})")
    if sens is not None and len(sens):
        lines += ["", "## Sensitivity", "",
                  f"The paired difference {tactics[1]} - {tactics[0]} with the drafting shelter moved by "
                  f"±{SENSITIVITY_DS0:g} ({int(sens.replicates.iloc[0])} replicates each, the first seeds of the run):", "",
                  "| drafting.s0 | paired diff [s] | 95 % CI [s] |", "|---|---|---|"]
        for s in sens.itertuples():
            lines.append(f"| {s.drafting_s0:g} | {_signed(s.diff_mean_s)} | {_signed(s.diff_ci95_low_s)} to "
                         f"{_signed(s.diff_ci95_high_s)} |")
        signs = {np.sign(x) for x in sens.diff_mean_s if np.isfinite(x)}
        lines += ["", "The sign of the difference " + ("does not change" if len(signs) == 1 else "changes")
                  + " over this range of shelter."]
    return "\n".join(lines) + "\n"


def _tactic_text(spec):
    bits = [spec.kind, f"hold +{spec.hold_tolerance:.0%}"]
    if spec.kind == "front_run":
        bits.append(f"pace {spec.pace_s_km:g} s/km" if spec.pace_s_km else f"lead x{spec.lead_factor:g}")
    if spec.surge_at_m:
        bits.append(f"+{spec.surge_lift:.0%} for {spec.surge_length_m:g} m at "
                    + ", ".join(f"{x / 1000:g} km" for x in spec.surge_at_m))
    if spec.kick_last_m:
        bits.append(f"kick last {spec.kick_last_m:g} m")
    return ", ".join(bits)


def write(out, rows, summary, sens, md, examples=None):
    """Write every file into a staging folder beside ``out`` and move it into place at the end."""
    from sim.outputs.plots import plot_compare
    out = Path(out)
    stage = out.parent / f".{out.name}.partial"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        summary.to_csv(stage / "compare.csv", index=False, float_format=FLOAT_FORMAT)
        rows.to_csv(stage / "compare_replicates.csv", index=False, float_format=FLOAT_FORMAT)
        if sens is not None and len(sens):
            sens.to_csv(stage / "compare_sensitivity.csv", index=False, float_format=FLOAT_FORMAT)
        plot_compare(rows, list(summary.tactic), stage / "compare.png", title=f"{summary.runner.iloc[0]}: "
                     f"{len(rows) // len(summary)} paired replicates per tactic")
        (stage / "compare.md").write_text(md)
        for tactic, (c, result) in (examples or {}).items():
            write_outputs(result, c, stage / example_dir(tactic), plots=False)
        if out.exists():
            out.rmdir()   # empty (checked before running)
        stage.rename(out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return out


def compare(cfg, focal, tactics, opts, out=print):
    """Run the comparison and write its files; returns the summary table."""
    wall0 = time.perf_counter()
    progress = sys.stderr.isatty()
    rows = run_tactics(cfg, focal, tactics, opts["workers"], progress=progress)
    summary = summarise(rows, tactics)
    sens = sensitivity(cfg, focal, tactics, opts["workers"], rows) if opts["sensitivity"] else None
    examples = example_races(cfg, focal, tactics)
    wall = time.perf_counter() - wall0
    md = report_md(cfg, focal, tactics, summary, sens, wall, examples)
    path = write(opts["out"], rows, summary, sens, md, examples)
    out(f"\n{cfg.scenario}: {focal}, {cfg.replicates} paired replicates per tactic (seed {cfg.seed}, {wall:.0f} s)")
    for line in printed_table(summary):
        out(line)
    out(answer(summary, focal))
    out(f"Replicate {EXAMPLE_REPLICATE} as a race, per tactic: {path / example_dir('<tactic>')}/story.md, results.csv")
    out(f"Outputs: {path}")
    return summary


@guarded("packsim")
def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    cfg, focal, tactics, opts = prepare(argv)
    compare(cfg, focal, tactics, opts)


if __name__ == "__main__":
    main()
