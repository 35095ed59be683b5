"""The short printed summary: top 10, focal runners, and the story of the lead pack."""
import numpy as np

from sim.output import halfway_pack, hms


def lead_pack_story(result, min_size=2):
    """Lines describing the front group at each checkpoint: when it shrank, and who was dropped.

    The front group is the chain (runners within the pack gap) containing the leader at a checkpoint.
    """
    course, times, ids = result.course, result.split_times_s, result.pack_id
    names = [r.name for r in result.runners]
    lines, previous = [], None
    for c, x in enumerate(course.checkpoint_m):
        t = times[:, c]
        if not np.isfinite(t).any():
            break
        leader = int(np.nanargmin(t))
        group = set(np.flatnonzero(ids[:, c] == ids[leader, c])) if ids[leader, c] else {leader}
        if previous is not None and len(previous) >= min_size:
            dropped = sorted((i for i in previous - group if np.isfinite(t[i])), key=lambda i: t[i])
            if dropped and len(group) < len(previous):
                who = ", ".join(names[i] for i in dropped[:6]) + (f" +{len(dropped) - 6} more" if len(dropped) > 6 else "")
                lines.append(f"  {x / 1000:5.1f} km {hms(t[leader])}: front group {len(previous)} -> {len(group)}; "
                             f"dropped: {who}")
        if len(group) == 1 and previous is not None and len(previous) > 1 and leader in previous:
            lines.append(f"  {x / 1000:5.1f} km {hms(t[leader])}: {names[leader]} leads alone")
        previous = group
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
        for line in story[:14]:
            out(line)
