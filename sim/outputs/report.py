"""The short printed summary: top 10, focal runners, and the story of the lead pack."""
import numpy as np

from sim.outputs.analysis import halfway_pack, main_pack_at
from sim.records import hms


def lead_pack_story(result, min_size=3, max_pack=60):
    """Lines telling the front of the race: changes of leader, and the front pack shrinking.

    The front pack at a checkpoint is the front-most pack of at least ``min_size`` runners (MODEL.md
    §6); a runner is "dropped" when it was in that pack at the previous checkpoint and is behind it now.
    """
    course, times = result.course, result.split_times_s
    names = [r.name for r in result.runners]
    lines, prev_pack, prev_leader = [], None, None
    for c, x in enumerate(course.checkpoint_m):
        t = times[:, c]
        if not np.isfinite(t).any():
            break
        leader = int(np.nanargmin(t))
        pack = main_pack_at(result, x, min_size=min_size, window_s=np.inf)
        members = {names.index(n) for n in pack.members}
        where = f"  {x / 1000:5.1f} km {hms(t[leader])}:"
        if leader != prev_leader and leader not in members:
            gap = pack.t_s - t[leader] if pack.size else float("nan")
            lines.append(f"{where} {names[leader]} leads alone"
                         + (f", {gap:.0f} s ahead of a pack of {pack.size}" if np.isfinite(gap) else ""))
        elif leader != prev_leader and prev_leader is not None:
            lines.append(f"{where} {names[leader]} leads the front pack of {pack.size}")
        # the start crowd thinning out is not news; the front pack losing runners once it is a pack is
        if prev_pack and pack.size and len(members) < len(prev_pack) and len(prev_pack) <= max_pack:
            dropped = sorted((i for i in prev_pack - members if np.isfinite(t[i]) and t[i] > pack.t_s),
                             key=lambda i: t[i])
            if dropped:
                who = ", ".join(names[i] for i in dropped[:5]) + (f" +{len(dropped) - 5} more" if len(dropped) > 5 else "")
                lines.append(f"{where} front pack {len(prev_pack)} -> {len(members)}; dropped: {who}")
        prev_pack, prev_leader = members, leader
    return lines


def print_summary(result, cfg, wall_s=None, out=print):
    fin = [r for r in result.results if r.status == "finished"]
    out(f"\n{cfg.scenario}: {result.course.name}, {len(result.results)} starters, {len(fin)} finished "
        f"(seed {cfg.seed}{f', {wall_s:.2f} s' if wall_s is not None else ''})")
    out("Top 10:")
    for r in fin[:10]:
        out(f"  {r.place:3d}  {r.runner:<24s} {hms(r.t_finish_s)}  ({r.tactic}, seed {hms(r.seed_time_s)})")
    size, t_half, members = halfway_pack(result)
    if size:
        out(f"Halfway: main pack of {size} in {hms(t_half)}")
    if cfg.focal:
        out("Focal runners:")
        by_name = {r.runner: r for r in result.results}
        for name in cfg.focal:
            r = by_name.get(name)
            if r is not None:
                place = f"{r.place:3d}" if r.status == "finished" else "DNF"
                out(f"  {place}  {r.runner:<24s} {hms(r.t_finish_s) or '-'}  ({r.tactic})")
    story = lead_pack_story(result)
    if story:
        out("Front of the race:")
        for line in story[:20]:
            out(line)
