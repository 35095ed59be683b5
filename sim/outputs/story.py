"""The story of one race, told from its event log and splits: ``story.md`` in the run directory.

Every sentence is read off :class:`~sim.engine.race.RaceResult`: the leader and the groups at the
checkpoints (``split_times_s``, ``pack_id``, ``pack_size``), and the moves in the event log
(``surge``, ``drop``, ``catch``). Times of day in the race are quoted as h:mm:ss and are always
checkpoint or event times; gaps are quoted in seconds or minutes and paces as m:ss/km, never as clock
times.

The sections follow a newspaper race report: the early moves (who led from the gun, lone
front-runners and their lead), the front of the race every 5 km and at halfway, how the halfway pack
broke, each surge and whom it dropped, the catches, the decisive move, and the finish.
"""
import numpy as np

from sim.outputs.analysis import (
    caught_at_m,
    checkpoint_index,
    flat_equivalent_m,
    group_at,
    halfway_pack,
    main_pack_at,
    segment_rise_m,
)
from sim.records import hms

LANDMARK_EVERY_M = 5000.0
SURGE_WINDOW_M = 2000.0      # drops this far after a surge are counted as its work
MIN_SOLO_CHECKPOINTS = 2     # a lone lead shorter than this is a stride, not a move
PUSH_FRACTION = 0.01         # a split this much faster than the group's own average pace is a push
COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def gap_text(gap_s):
    """A gap in words: '0.4 s', '12 s', '1 min 05 s' (never h:mm:ss, which would read as a race time)."""
    if not np.isfinite(gap_s):
        return "- (nobody else there)"
    if gap_s < 10:
        return f"{gap_s:.1f} s"
    s = int(round(gap_s))
    return f"{s} s" if s < 60 else f"{s // 60} min {s % 60:02d} s"


def ordinal(n):
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st, ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def km(x_m):
    return f"{x_m / 1000:.1f} km"


def names_text(names, limit=6):
    """'A, B and C', or 'A, B, ... and 7 others' past ``limit``."""
    names = list(names)
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} others"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class _Race:
    """Per-checkpoint views of a result that the story sections share."""

    def __init__(self, result, cfg):
        self.result, self.cfg = result, cfg
        self.names = [s.name for s in result.runners]
        self.index = {n: i for i, n in enumerate(self.names)}
        self.cps = result.course.checkpoint_m
        self.t = result.split_times_s
        reached = np.isfinite(self.t).any(axis=0)
        self.n_cp = int(np.flatnonzero(reached)[-1] + 1) if reached.any() else 0
        self.leader = [int(np.nanargmin(self.t[:, c])) for c in range(self.n_cp)]
        self.join_gap_s = cfg.drafting.join_gap_s

    def alone(self, i, c):
        return self.result.pack_size[i, c] == 1

    def gap_behind(self, i, c):
        """Seconds from runner ``i`` to the next runner at checkpoint ``c`` (inf if nobody follows)."""
        t = self.t[:, c]
        later = t[np.isfinite(t) & (t > t[i])]
        return float(later.min() - t[i]) if later.size else float("inf")

    def front_pack(self, c):
        return main_pack_at(self.result, float(self.cps[c]), min_size=self.cfg.drafting.pack_min_size,
                            window_s=np.inf)

    def place(self, i, c):
        t = self.t[:, c]
        return int(np.sum(t[np.isfinite(t)] < t[i])) + 1

    def events(self, kind):
        return [e for e in self.result.events if e.event == kind]


def _solo_leads(race):
    """Runs of consecutive checkpoints led by one runner running alone: (runner, first c, last c)."""
    runs, c = [], 0
    while c < race.n_cp:
        i = race.leader[c]
        if not race.alone(i, c):
            c += 1
            continue
        end = c
        while end + 1 < race.n_cp and race.leader[end + 1] == i and race.alone(i, end + 1):
            end += 1
        if end - c + 1 >= MIN_SOLO_CHECKPOINTS:
            runs.append((i, c, end))
        c = end + 1
    return runs


def _first_catch(race, name, after_m):
    """The first 'catch' event in which ``name`` is caught beyond ``after_m`` (or None)."""
    for e in race.events("catch"):
        if e.distance_m > after_m and (e.detail == name or e.detail.startswith(f"caught {name},")):
            return e
    return None


def early_moves(race):
    lines = ["## From the gun", ""]
    c0 = 0
    i = race.leader[c0]
    pack = race.front_pack(c0)
    where = f"At {km(race.cps[c0])} ({hms(race.t[i, c0])})"
    if race.alone(i, c0):
        lines.append(f"{where} {race.names[i]} was already alone in front, {gap_text(race.gap_behind(i, c0))} "
                     f"clear" + (f" of a pack of {pack.size}." if pack.size else "."))
    else:
        lines.append(f"{where} the field ran together: {race.names[i]} led a group of {race.result.pack_size[i, c0]}.")
    for i, a, b in _solo_leads(race):
        gaps = [race.gap_behind(i, c) for c in range(a, b + 1)]
        k = int(np.argmax(gaps))
        text = (f"{race.names[i]} led alone from {km(race.cps[a])} ({hms(race.t[i, a])}) to {km(race.cps[b])} "
                f"({hms(race.t[i, b])}), the lead peaking at {gap_text(gaps[k])} at {km(race.cps[a + k])}")
        if b == race.n_cp - 1:
            text += ", and held it to the finish."
        else:
            text += "."
        lines.append("")
        lines.append(text)
    return lines


def landmarks(race):
    """The front of the race every 5 km and at halfway."""
    distance_m = race.result.course.distance_m
    marks = sorted({checkpoint_index(race.result.course, x)
                    for x in np.arange(LANDMARK_EVERY_M, distance_m, LANDMARK_EVERY_M)}
                   | {checkpoint_index(race.result.course, distance_m / 2.0)})
    half = checkpoint_index(race.result.course, distance_m / 2.0)
    lines = ["## The front of the race", ""]
    prev, prev_label = None, None
    for c in (m for m in marks if m < race.n_cp):
        i = race.leader[c]
        pack = race.front_pack(c)
        label = "halfway" if c == half else km(race.cps[c])
        head = f"- **{label}** ({hms(race.t[i, c])}): "
        if race.alone(i, c):
            text = f"{race.names[i]} alone in front, {gap_text(race.gap_behind(i, c))} clear"
            if pack.size:
                text += f"; the lead pack of {pack.size} at {gap_text(pack.t_s - race.t[i, c])}"
        else:
            text = f"{race.names[i]} leads a pack of {race.result.pack_size[i, c]}"
            if pack.size and race.names[i] not in pack.members:
                text += f"; the first pack of {pack.size} at {gap_text(pack.t_s - race.t[i, c])}"
            elif race.result.pack_size[i, c] <= 8:
                members = [n for n in pack.members if n != race.names[i]]
                text += f" (with {names_text(members)})" if members else ""
        members = {race.index[n] for n in pack.members}
        if prev:
            dropped = sorted((j for j in prev - members if not np.isfinite(race.t[j, c]) or race.t[j, c] > pack.t_s),
                             key=lambda j: race.t[j, c] if np.isfinite(race.t[j, c]) else np.inf)
            if dropped:
                text += (f"; dropped from the lead pack since {prev_label}: "
                         f"{names_text([race.names[j] for j in dropped])}")
        prev, prev_label = members, label
        lines.append(head + text + ".")
    size, t_half, members = halfway_pack(race.result)
    if size:
        named = [n for n in members if not race.result.runners[race.index[n]].generated]
        lines += ["", f"The main pack at halfway (the front-most of at least 10, as in summary.json): {size} runners, "
                  f"through in {hms(t_half)}"
                  + (f", among them {names_text(named, 8)}." if named else ".")]
    return lines


def pace_text(s_km):
    """A pace in min:ss per km ('3:05/km'), never h:mm:ss."""
    s = int(round(s_km))
    return f"{s // 60}:{s % 60:02d}/km"


def _halfway_groups(race):
    """The halfway pack (as in summary.json) and its front group at every checkpoint from halfway on."""
    size, _, members = halfway_pack(race.result)
    half = checkpoint_index(race.result.course, race.result.course.distance_m / 2.0)
    if not size or half >= race.n_cp:
        return size, half, []
    idx = [race.index[n] for n in members]
    groups = [group_at(race.result, idx, c, race.join_gap_s) for c in range(half, race.n_cp)]
    return size, half, [g for g in groups if g is not None]


def _pace(race, i, c0, c1):
    """Runner ``i``'s pace from checkpoint ``c0`` (None = the start) to ``c1``: (actual, grade-adjusted) [s/km]."""
    dt = race.t[i, c1] - (0.0 if c0 is None else race.t[i, c0])
    dx = race.cps[c1] - (0.0 if c0 is None else race.cps[c0])
    flat = flat_equivalent_m(race.result.course, c0, c1, race.cfg.physiology.grade_model)
    return dt / dx * 1000.0, dt / flat * 1000.0


def _why(race, prev, cur, half):
    """What the front of the group did between two checkpoints, read off the splits and the event log.

    Returns (the last surge in the stretch, or within ``SURGE_WINDOW_M`` before it, by a member of the
    group who is still in it, or None; whether the front's grade-adjusted pace was more than ``PUSH_FRACTION`` faster than
    its own since halfway; the words for that pace, actual and grade-adjusted).
    """
    c0, c = prev.checkpoint, cur.checkpoint
    f = cur.front
    pace, gap_pace = _pace(race, f, c0, c)
    _, avg = _pace(race, f, half, c0) if c0 > half else _pace(race, f, None, c0)
    since = "since halfway" if c0 > half else "from the gun"
    rise = segment_rise_m(race.result.course, c0, c)
    hill = f"{abs(rise):.0f} m {'up' if rise > 0 else 'down'}hill" if abs(rise) >= 1 else "on the flat"
    split = (f"{race.cps[c0] / 1000:.1f}-{race.cps[c] / 1000:.1f} km in {pace_text(pace)} "
             f"({pace_text(gap_pace)} grade-adjusted, {hill}) against {pace_text(avg)} grade-adjusted {since}")
    pushed = gap_pace < avg * (1.0 - PUSH_FRACTION)
    # a surge breaks the group only if its runner was in it, surged before the checkpoint and is still at its front
    names = {race.names[i] for i in set(prev.group) & set(cur.group)}
    moves = [e for e in race.events("surge") if e.runner in names
             and race.cps[c0] - SURGE_WINDOW_M <= e.distance_m < race.cps[c]]
    return (moves[-1] if moves else None), pushed, split


def _lost(prev, cur):
    """Members of the previous front group now behind it (in race order), and those who stopped."""
    behind = [i for i in cur.behind if i in prev.group]
    return behind, [i for i in cur.stopped if i in prev.group]


def _broke(size, groups):
    """Index into ``groups`` of the first checkpoint after halfway where at most half the pack is together."""
    return next((k for k in range(1, len(groups)) if 2 * len(groups[k].group) <= size), None)


def _were(names):
    return f"{names_text(names)} {'was' if len(names) == 1 else 'were'}"


def pack_break(race):
    """How the halfway pack came apart: its first losses, and the checkpoint where it broke.

    The front group at a checkpoint is the chain (each within ``drafting.join_gap_s`` of the next,
    as packs are labelled) holding the halfway pack's front-most member. The pack *breaks* at the
    first checkpoint after halfway where that group holds at most half of the halfway pack. For
    each step the story names who was dropped, the surge of a member of the group if the event log
    has one, and the pace at the front (actual and grade-adjusted) against the group's own since
    halfway.
    """
    size, half, groups = _halfway_groups(race)
    if len(groups) < 2:
        return []
    lines = ["## How the halfway pack broke", ""]
    first = next((k for k in range(1, len(groups)) if any(_lost(groups[k - 1], groups[k]))), None)
    broke = _broke(size, groups)
    if first is None:
        last = groups[-1]
        return lines + [f"The halfway pack of {size} never split: it reached {km(last.distance_m)} "
                        f"({hms(last.t_front_s)}) together."]
    held = groups[first - 1]
    intro = (f"The halfway pack of {size} stayed together to {km(held.distance_m)} ({hms(held.t_front_s)}). It"
             if held.checkpoint != half else f"The halfway pack of {size}")
    for k in dict.fromkeys(k for k in (first, broke) if k is not None):
        prev, cur = groups[k - 1], groups[k]
        behind, stopped = _lost(prev, cur)
        surge, pushed, pace = _why(race, prev, cur, half)
        lost = ([f"{_were([race.names[i] for i in behind])} dropped"] if behind else []) + \
               ([f"{_were([race.names[i] for i in stopped])} out of the race"] if stopped else [])
        where = f"{km(cur.distance_m)} ({hms(cur.t_front_s)})"
        if k == broke:
            finish = cur.checkpoint == len(race.cps) - 1
            head = (f"The pack broke {'only in the sprint for the line, at' if finish else 'at'} {where}: just "
                    f"{len(cur.group)} of the {size} were still together, down from {len(prev.group)} at "
                    f"{km(prev.distance_m)}")
        else:
            head = (f"{intro} lost its first runners at {where}"
                    + (", the first checkpoint after halfway" if prev.checkpoint == half else "")
                    + f", {len(cur.group)} staying together")
        text = head + "; " + "; ".join(lost) + "."
        if surge is not None:
            text += (f" The surge that did it: {surge.runner}'s ({surge.detail}) at {km(surge.distance_m)} "
                     f"({hms(surge.t_s)}).")
        if pushed:
            text += f" {race.names[cur.front]}, at the front, pushed the pace: {pace}."
        elif surge is not None:
            text += f" {race.names[cur.front]}, at the front, ran {pace}."
        else:
            text += (f" The pace did not rise: {race.names[cur.front]}, at the front, ran {pace}; "
                     "the others could no longer hold it.")
        if k == broke and k + 1 < len(groups):
            back = [race.names[i] for i in behind if i in groups[k + 1].group]
            if back:
                text += (f" The break did not last: {_were(back)} back with the front group at "
                         f"{km(groups[k + 1].distance_m)}.")
        lines += [text, ""]
    if broke is None:
        last = groups[-1]
        lines += [f"It never broke: {len(last.group)} of the {size} were still together at "
                  f"{km(last.distance_m)} ({hms(last.t_front_s)}).", ""]
    members = {race.names[i] for i in groups[0].group}
    if not any(e.runner in members and e.distance_m > race.cps[half] for e in race.events("surge")):
        lines.append("Nobody in the halfway pack surged after halfway (there is no such surge event in the log).")
    return lines


def surges(race):
    lines = []
    for e in race.events("surge"):
        i = race.index[e.runner]
        c = max(0, int(np.searchsorted(race.cps, e.distance_m, side="right")) - 1)
        pid = race.result.pack_id[i, c]
        group = set(np.flatnonzero(race.result.pack_id[:, c] == pid)) if pid else {i}
        dropped = []
        for d in race.events("drop"):
            if (e.distance_m <= d.distance_m <= e.distance_m + SURGE_WINDOW_M and d.t_s >= e.t_s
                    and race.index[d.runner] in group - {i} and d.runner not in dropped):
                dropped.append(d.runner)
        place, behind = race.place(i, c), race.t[i, c] - race.t[race.leader[c], c]
        where = "in the lead" if place == 1 else f"in {ordinal(place)} place, {gap_text(behind)} behind the leader"
        text = (f"At {km(e.distance_m)} ({hms(e.t_s)}) {e.runner} surged ({e.detail}) {where}, "
                f"from a group of {len(group)}.")
        if dropped:
            text += f" Within {km(SURGE_WINDOW_M)}, {len(dropped)} of them lost contact: {names_text(dropped)}."
        elif len(group) > 1:
            text += f" Nobody in that group lost contact within {km(SURGE_WINDOW_M)}."
        c2 = min(int(np.searchsorted(race.cps, e.distance_m + SURGE_WINDOW_M)), race.n_cp - 1)
        if np.isfinite(race.t[i, c2]) and c2 > c:
            pid2 = race.result.pack_id[i, c2]
            with_him = (set(np.flatnonzero(race.result.pack_id[:, c2] == pid2)) & group) - {i} if pid2 else set()
            text += (f" At {km(race.cps[c2])} {e.runner} was {'leading' if race.leader[c2] == i else ordinal(race.place(i, c2))}"
                     f", {'alone' if not pid2 else f'in a group of {race.result.pack_size[i, c2]}'}"
                     + (f", {len(with_him)} of them from that group." if with_him else "."))
        lines += ["", text]
    return (["## Surges"] + lines) if lines else []


def catches(race):
    lines = []
    for i, a, b in _solo_leads(race):
        if b == race.n_cp - 1:
            continue
        name = race.names[i]
        e = _first_catch(race, name, float(race.cps[a]))
        caught_m = caught_at_m(race.result, name, [n for n in race.names if n != name], after_m=float(race.cps[b]))
        if e is not None:
            catcher = e.runner
            text = f"{catcher} caught {name} at {km(e.distance_m)} ({hms(e.t_s)})"
        else:
            text = f"{name} was caught"
        if np.isfinite(caught_m):
            c = checkpoint_index(race.result.course, caught_m)
            if np.isfinite(race.t[i, c]):
                text += (f"; at {km(caught_m)} {name} was {ordinal(race.place(i, c))}, "
                         f"{gap_text(race.t[i, c] - race.t[race.leader[c], c])} behind {race.names[race.leader[c]]}")
        lines += ["", text + "."]
    return (["## The catch"] + lines) if lines else []


def decisive_move(race):
    """The winner's last change of lead and the last time the gap behind the winner opened."""
    finishers = [r for r in race.result.results if r.status == "finished"]
    if not finishers or race.n_cp == 0:
        return []
    w = race.index[finishers[0].runner]
    name = race.names[w]
    lines = ["## The decisive move", ""]
    not_leading = [c for c in range(race.n_cp) if race.leader[c] != w]
    if not not_leading:
        lines.append(f"{name} led at every checkpoint from the gun.")
    else:
        c = not_leading[-1] + 1
        if c < race.n_cp:
            lines.append(f"{name} took the lead for good at {km(race.cps[c])} ({hms(race.t[w, c])}), "
                         f"from {race.names[race.leader[c - 1]]}.")
    if len(finishers) == 1:
        return lines + [f"{name} was the only finisher."]
    gaps = [race.gap_behind(w, c) if race.leader[c] == w else 0.0 for c in range(race.n_cp)]
    if gaps[-1] < race.join_gap_s:
        group = race.result.pack_size[w, race.n_cp - 1]
        lines.append(f"{name} won the sprint from a group of {group}, {gap_text(gaps[-1])} ahead of "
                     f"{finishers[1].runner}.")
    else:
        opened = race.n_cp - 1
        while opened > 0 and gaps[opened - 1] >= race.join_gap_s:
            opened -= 1
        if opened == race.n_cp - 1:
            lines.append(f"{name} opened the gap only on the run-in: {gap_text(gaps[-1])} at the finish "
                         f"({hms(race.t[w, opened])}).")
        else:
            lines.append(f"The gap behind {name} opened at {km(race.cps[opened])} ({hms(race.t[w, opened])}), "
                         f"{gap_text(gaps[opened])} then, and grew to {gap_text(gaps[-1])} at the finish.")
        mine = [e for e in race.events("surge") if e.runner == name
                and e.distance_m <= race.cps[opened] and (opened == 0 or e.distance_m > race.cps[opened - 1] - SURGE_WINDOW_M)]
        if mine:
            lines.append(f"It came from {name}'s surge at {km(mine[-1].distance_m)} ({hms(mine[-1].t_s)}).")
    return lines


def focal_runners(race):
    """Each focal runner (``cfg.focal``): place and group at halfway, leaving the halfway pack, the finish."""
    by_name = {r.runner: r for r in race.result.results}
    focal = [n for n in race.cfg.focal if n in by_name]
    if not focal:
        return []
    half = checkpoint_index(race.result.course, race.result.course.distance_m / 2.0)
    size, t_half, members = halfway_pack(race.result)
    finishers = [r for r in race.result.results if r.status == "finished"]
    lines = ["## The focal runners"]
    for name in focal:
        i, r = race.index[name], by_name[name]
        text = f"{name} ({r.tactic})"
        if half < race.n_cp and np.isfinite(race.t[i, half]):
            behind = race.t[i, half] - race.t[race.leader[half], half]
            text += (f" led at halfway ({hms(race.t[i, half])})" if race.leader[half] == i else
                     f" was {ordinal(race.place(i, half))} at halfway ({hms(race.t[i, half])}), "
                     f"{gap_text(behind)} behind the leader")
            if name in members:
                text += f", in the main pack of {size}"
                pack = [race.index[n] for n in members]
                groups = [group_at(race.result, pack, c, race.join_gap_s) for c in range(half, race.n_cp)]
                last = max(k for k, g in enumerate(groups) if g is not None and i in g.group)
                if last + 1 == len(groups):
                    text += ", and in its front group to the finish"
                elif groups[last + 1] is not None and i in groups[last + 1].behind:
                    g = groups[last + 1]
                    text += (f"; dropped for good from its front group at {km(g.distance_m)} "
                             f"({hms(race.t[i, g.checkpoint])}), {gap_text(race.t[i, g.checkpoint] - g.t_front_s)} behind")
            elif race.result.pack_size[i, half] > 1:
                text += f", in a group of {race.result.pack_size[i, half]}"
                if size:
                    text += f" ({gap_text(abs(race.t[i, half] - t_half))} {'behind' if race.t[i, half] > t_half else 'ahead of'} the main pack of {size})"
            else:
                text += ", alone" + (f" ({gap_text(abs(race.t[i, half] - t_half))} "
                                     f"{'behind' if race.t[i, half] > t_half else 'ahead of'} the main pack of {size})"
                                     if size else "")
            text += ". "
        else:
            text += " did not reach halfway. "
        if r.status == "finished":
            text += (f"Finished {ordinal(r.place)} of {len(finishers)} in {hms(r.t_finish_s)}"
                     + (f", {gap_text(r.t_finish_s - finishers[0].t_finish_s)} behind the winner." if r.place > 1
                        else ", the winner."))
        else:
            text += "Did not finish."
        lines += ["", text]
    return lines


def finish(race):
    results = race.result.results
    finishers = [r for r in results if r.status == "finished"]
    lines = ["## The finish", ""]
    if not finishers:
        return lines + ["Nobody finished."]
    t_win = finishers[0].t_finish_s
    for r in finishers[:3]:
        behind = "" if r.place == 1 else f", {gap_text(r.t_finish_s - t_win)} behind"
        lines.append(f"{r.place}. {r.runner} in {hms(r.t_finish_s)}{behind} ({r.tactic})")
    dnf = len(results) - len(finishers)
    lines += ["", f"{len(finishers)} of {len(results)} starters finished" + (f"; {dnf} did not." if dnf else ".")]
    return lines


def race_story(result, cfg):
    """The race report of ``result`` as Markdown: early moves, packs, the halfway pack's break, surges,
    catches, decisive move, finish, and the focal runners (``cfg.focal``)."""
    race = _Race(result, cfg)
    w = cfg.weather
    wind = (f"wind {w.wind_speed_m_s:.1f} m/s from the {COMPASS[int(round(w.wind_from_deg % 360 / 45)) % 8]}"
            if w.wind_speed_m_s > 0 else "no wind")
    head = [f"# {result.course.name}: the race", "",
            f"{cfg.scenario}, seed {cfg.seed}; {len(result.results)} starters over {km(result.course.distance_m)}, "
            f"{wind} (at 10 m), {w.temp_air_c:.0f} °C. Told from events.csv and splits.csv.", ""]
    if race.n_cp == 0:
        return "\n".join(head + ["Nobody reached the first checkpoint."]) + "\n"
    sections = [early_moves(race), landmarks(race), pack_break(race), surges(race), catches(race), decisive_move(race),
                finish(race), focal_runners(race)]
    body = []
    for s in sections:
        if s:
            body += s + [""]
    return "\n".join(head + body).rstrip() + "\n"


def key_moves(result, cfg, limit=8):
    """The story's key moves as (distance_m, short label) for annotating race.png, in race order.

    A lone front-runner's break, each surge, the catch of a lone front-runner, where the halfway pack
    broke, and the winner taking the lead for good.
    """
    race = _Race(result, cfg)
    if race.n_cp == 0:
        return []
    moves = [(float(race.cps[a]), f"{race.names[i]} alone in front") for i, a, _ in _solo_leads(race)]
    moves += [(e.distance_m, f"{e.runner} surges") for e in race.events("surge")]
    for i, a, b in _solo_leads(race):
        e = _first_catch(race, race.names[i], float(race.cps[a]))
        if e is not None and b < race.n_cp - 1:
            moves.append((e.distance_m, f"{race.names[i]} caught"))
    size, _, groups = _halfway_groups(race)
    k = _broke(size, groups) if len(groups) > 1 else None
    if k is not None:
        moves.append((groups[k].distance_m, "halfway pack breaks"))
    finishers = [r for r in result.results if r.status == "finished"]
    if finishers:
        w = race.index[finishers[0].runner]
        not_leading = [c for c in range(race.n_cp) if race.leader[c] != w]
        if not_leading and not_leading[-1] + 1 < race.n_cp:
            moves.append((float(race.cps[not_leading[-1] + 1]), f"{race.names[w]} leads for good"))
    return sorted(moves)[:limit]
