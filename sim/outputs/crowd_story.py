"""The story of a mass race (crowd engine), told from its splits, events and summary: ``story.md``.

Every number is read off the run: the leaders at the checkpoints (``split_times_s``), the cut-offs
and the final gun (``events``), the pile-ups before the medal limits (finish times), the pens and
buses (summary). Times of day are the gun time plus ``rules.start_clock``.
"""
import numpy as np

from sim.config import clock_s
from sim.records import hms

STORY_EVERY_M = 10000.0


def clock_text(start_clock_s, t_s):
    s = int(round(start_clock_s + t_s))
    return f"{s // 3600 % 24:02d}:{s % 3600 // 60:02d}"


def _leaders(r, sex=None):
    """(checkpoint distance, leader index, time, gap to second) every STORY_EVERY_M and at the finish."""
    names_ok = np.ones(len(r.status), dtype=bool) if sex is None else (r.field.sex == sex)
    rows = []
    cps = r.course.checkpoint_m
    marks = [c for c, x in enumerate(cps) if np.isclose(x % STORY_EVERY_M, 0) or np.isclose(x % STORY_EVERY_M, STORY_EVERY_M)
             or c == len(cps) - 1]
    for c in marks:
        t = np.where(names_ok, r.split_times_s[:, c], np.nan)
        if np.isfinite(t).sum() < 2:
            continue
        order = np.argsort(np.where(np.isfinite(t), t, np.inf))
        rows.append((float(cps[c]), int(order[0]), float(t[order[0]]), float(t[order[1]] - t[order[0]])))
    return rows


def _gap(gap_s):
    return f"{gap_s:.0f} s" if gap_s < 60 else f"{int(gap_s // 60)} min {int(gap_s % 60):02d} s"


def _front_section(r, sex, label):
    names = r.field.names
    rows = _leaders(r, sex)
    if not rows:
        return []
    lines = [f"## The {label}'s race", ""]
    prev = None
    for x, i, t, gap in rows:
        gap_txt = _gap(gap)
        if i != prev:
            lines.append(f"* {x / 1000:.1f} km ({hms(t)}): **{names[i]}** leads, {gap_txt} ahead of the next {label.lower()}.")
        else:
            lines.append(f"* {x / 1000:.1f} km ({hms(t)}): {names[i]} still leads, by {gap_txt}.")
        prev = i
    x, i, t, gap = rows[-1]
    if np.isclose(x, r.course.distance_m):
        lines.append("")
        lines.append(f"{names[i]} wins the {label.lower()}'s race in {hms(t)}, {_gap(gap)} clear.")
    lines.append("")
    return lines


def _focal_section(r, cfg, start):
    """A paragraph per focal runner: pen and start, target, the cut-offs, the finish or where it ended."""
    index = {n: i for i, n in enumerate(r.field.names)}
    lines = []
    for name in cfg.focal:
        i = index.get(name)
        if i is None:
            continue
        if not lines:
            lines += ["## The focal runners", ""]
        text = (f"**{name}** ({r.field.sex[i]}, marathon-equivalent seed {hms(r.field.marathon_s[i])}, predicted "
                f"{hms(r.field.predicted_s[i])}) started in pen {r.pen[i]}, crossing the line {hms(r.t_line_s[i])} after the gun")
        text += (f", and paced for {hms(r.target_s[i])}." if r.pacing[i] else ", racing without a target time.")
        passes = []
        for c in cfg.rules.cutoffs:
            k = int(np.argmin(np.abs(r.course.checkpoint_m - c.distance_m)))
            t = r.split_times_s[i, k] if np.isclose(r.course.checkpoint_m[k], c.distance_m) else np.nan
            if np.isfinite(t):
                passes.append(f"{c.name} at {hms(t)} ({hms(c.race_time_s - t)} inside the cut-off)")
        if passes:
            text += " Passed " + "; ".join(passes) + "."
        if r.status[i] == "finished":
            fin = r.status == "finished"
            place = int(np.sum(r.t_finish_s[fin] < r.t_finish_s[i])) + 1
            text += f" Finished {place:,} of {int(fin.sum()):,} in {hms(r.t_finish_s[i])}"
            text += f" ({r.medal[i]})." if r.medal[i] else "."
        else:
            text += f" Stopped at {r.x_out_m[i] / 1000:.1f} km: {r.pulled_at[i]}."
        if r.walled[i]:
            text += " Hit the wall on the way."
        lines += [text, ""]
    return lines


def _in_the_dark(nights_s, t_s):
    return any(a <= t_s < b for a, b in nights_s)


def _mountain_section(r, cfg, start):
    """Single track, aid stations, giving up, the highest point and the night (a mass race run per runner)."""
    if r.queued_s is None:
        return []
    from sim.inputs.daylight import build_daylight
    fin = r.status == "finished"
    order = np.argsort(np.where(fin, r.t_finish_s, np.inf), kind="stable")
    top = order[:min(100, int(fin.sum()))]
    lines = ["## The mountain", ""]
    if np.any(r.queued_s > 0):
        worst = int(np.argmax(r.queued_s))
        lines.append(f"* **Single track.** The first 100 finishers lose {np.median(r.queued_s[top]):.0f} s (median) "
                     f"queueing where they cannot pass; the median finisher {np.median(r.queued_s[fin]) / 60:.1f} min; "
                     f"the most held, {r.field.names[worst]}, {r.queued_s[worst] / 60:.0f} min.")
    else:
        lines.append("* **Single track.** Nobody queues" + (" (course.congestion=false)." if not cfg.course.congestion else "."))
    if np.any(r.aid_s > 0):
        lines.append(f"* **Aid stations.** The median finisher spends {np.median(r.aid_s[fin]) / 60:.0f} min at them, "
                     f"the first 100 {np.median(r.aid_s[top]) / 60:.0f} min.")
    gave_up = int(np.sum(r.pulled_at == "gave up"))
    if gave_up:
        lines.append(f"* **Giving up.** {gave_up:,} runners drop out at an aid station (stomach, legs, heat), "
                     "apart from the cut-offs.")
    daylight = build_daylight(cfg)
    nights = daylight.nights_s(cfg.sim.time_limit_s) if daylight else ()
    k = int(np.argmax(r.course.elevation_m))
    x_top = float(r.course.boundary_m[k])
    c = int(np.argmin(np.abs(r.course.checkpoint_m - x_top)))
    at_top = r.split_times_s[fin, c]
    if at_top.size:
        first, median = float(np.nanmin(at_top)), float(np.nanmedian(at_top))
        dark = " in the dark" if _in_the_dark(nights, median) else " in daylight"
        lines.append(f"* **The high point**, {r.course.elevation_m[k]:.0f} m at {x_top / 1000:.1f} km: the first finisher "
                     f"is there at {clock_text(start, first)}, the median finisher at {clock_text(start, median)}{dark}.")
    if nights and fin.any():
        t_mid = float(np.median(r.t_finish_s[fin]))
        dark_h = sum(max(0.0, min(b, t_mid) - a) for a, b in nights) / 3600.0
        lines.append(f"* **The night.** The median finisher ({hms(t_mid)}) runs {dark_h:.1f} h of it in the dark, "
                     f"by headlamp (physiology.night_cost_factor, descent_dark_factor).")
    return lines + [""]


def crowd_story(r, cfg, summary):
    start = clock_s(cfg.rules.start_clock, "rules.start_clock")
    fin = r.status == "finished"
    t_fin = r.t_finish_s[fin]
    lines = [f"# {r.course.name}: the race (seed {cfg.seed})", ""]
    pens = summary["pens"]
    last = pens[-1]["last_crosses"] if pens else "0:00:00"
    temps = r.weather.temp_series_c
    heat = ""
    if temps.size:
        noon = int(np.clip((12 * 3600 - start) / 60.0, 0, temps.size - 1))
        heat = (f" It is {temps[0]:.0f} °C at the gun, {temps[noon]:.0f} °C at noon and "
                f"{temps[-1]:.0f} °C when the final gun fires.")
    lines += [f"The gun goes at {cfg.rules.start_clock} for {summary['starters']:,} starters"
              + (f" in {len(pens)} pens; the last runner crosses the start line {last} after the gun." if len(pens) > 1 else ".")
              + heat, ""]
    lines += _front_section(r, "M", "Men")
    if (r.field.sex == "F").any():
        lines += _front_section(r, "F", "Women")
    lines += ["## The cut-offs", ""]
    for c in cfg.rules.cutoffs:
        pulled = summary["dnf_by_cutoff"].get(c.name, 0)
        lines.append(f"* {c.name} ({c.distance_m / 1000:.1f} km, closes at {hms(c.race_time_s)}, "
                     f"{clock_text(start, c.race_time_s)}): {pulled:,} runners pulled.")
    gun = summary["dnf_by_cutoff"].get("time limit", 0)
    lines.append(f"* The final gun at {hms(cfg.sim.time_limit_s)} ({clock_text(start, cfg.sim.time_limit_s)}): "
                 f"{gun:,} runners still on the course.")
    lines += ["", f"{summary['finishers']:,} of {summary['starters']:,} finish ({100 * summary['finish_share']:.1f} %).", ""]
    lines += ["## Racing the clock", ""]
    paced = int(np.sum(r.pacing))
    lines.append(f"{paced:,} runners paced for a target time (a medal limit, a round hour or the final gun).")
    for m in sorted({m.to_s for m in cfg.rules.medals if m.top == 0 and m.to_s <= cfg.sim.time_limit_s + 1}):
        before = int(np.sum((t_fin >= m - 600) & (t_fin < m)))
        after = int(np.sum((t_fin >= m) & (t_fin < m + 600)))
        name = [x.name for x in cfg.rules.medals if x.top == 0 and x.to_s == m][0]
        if m < cfg.sim.time_limit_s:
            lines.append(f"* {before:,} finish in the ten minutes before {hms(m)} (the {name} limit), {after:,} in the ten after.")
        else:
            earlier = int(np.sum((t_fin >= m - 1200) & (t_fin < m - 600)))
            lines.append(f"* {before:,} finish in the last ten minutes before the final gun, {earlier:,} in the ten before that; "
                         f"{100 * summary['share_last_hour']:.0f} % of all finishers arrive in the last hour.")
    for b in summary["buses"]:
        lines.append(f"* The {b['target']} bus: {b['joined']:,} runners joined it, {b['dropped']:,} dropped off.")
    walls = summary["walls"]
    lines += ["", f"{walls:,} runners hit the wall (glycogen spent) on the way.", ""]
    lines += _mountain_section(r, cfg, start)
    lines += _focal_section(r, cfg, start)
    if summary["medals"]:
        lines += ["## Medals", ""]
        lines += [f"* {k}: {v:,}" for k, v in summary["medals"].items()]
        lines.append("")
    return "\n".join(lines)
