"""Named pacing strategies: a registry of kinds, each a small set of rules the runner consults.

A tactic answers three questions at every segment boundary (see sim/engine/runner.py):
* what effort to run when leading or alone (``lead_effort``);
* how hard the runner will work to stay with the runner ahead (``hold_limit``, and whether D′ may be
  spent on it);
* whether to pass a slower runner ahead (``pass_margin``) or to follow at all (``follows``).

Kinds: ``even`` (the planned effort, alone or sheltered), ``sit`` (stay in the best pack you can
hold, covering surges with D′), ``front_run`` (lead alone from the gun at a target pace),
``surge`` (sit, but at each ``surge_at_m`` lift the effort by ``surge_lift`` for
``surge_length_m``), ``kick`` (even, then empty D′ over the last ``kick_last_m``). Any kind may also
kick. Parameters live in conf/tactics; see README "Tactics".
"""
from dataclasses import dataclass

from sim.errors import PacksimError, shorten

TACTIC_KINDS = ("even", "sit", "front_run", "surge", "kick")


@dataclass(frozen=True)
class Tactic:
    name: str
    kind: str
    hold_tolerance: float
    hold_burst: float
    speed_limit: float
    use_d_prime_to_hold: bool
    d_prime_reserve: float
    pass_margin: float
    lead_factor: float
    pace_s_km: float
    surge_at_m: tuple
    surge_lift: float
    surge_length_m: float
    kick_last_m: float

    @property
    def follows(self):
        return self.kind != "front_run"

    def surging(self, x_m):
        """True while inside one of the surge windows."""
        return any(a <= x_m < a + self.surge_length_m for a in self.surge_at_m)

    def lead_effort(self, x_m, affordable_m_s, planned_m_s):
        """Effort [m/s, v_eq] when leading or alone, before physiological caps.

        A front-runner aims at a fixed target (``pace_s_km``, or ``lead_factor`` x the effort planned
        at the start) but pushes at most ``hold_tolerance`` above what it can still afford, so it
        fades as its fatigue grows; the other kinds scale the affordable effort.
        """
        if self.kind == "front_run":
            target = 1000.0 / self.pace_s_km if self.pace_s_km > 0 else planned_m_s * self.lead_factor
            return min(target, affordable_m_s * (1.0 + self.hold_tolerance))
        if self.surge_at_m and self.surging(x_m):
            return affordable_m_s * (1.0 + self.surge_lift)
        return affordable_m_s * self.lead_factor

    def hold_limit(self, plan_m_s):
        """Highest effort [m/s, v_eq] spent to stay with the runner ahead without touching D′."""
        return plan_m_s * (1.0 + self.hold_tolerance)


def build_tactics(specs):
    """{name: TacticSpec} -> {name: Tactic}."""
    return {name: Tactic(name, s.kind, s.hold_tolerance, s.hold_burst, s.speed_limit, s.use_d_prime_to_hold, s.d_prime_reserve, s.pass_margin,
                         s.lead_factor, s.pace_s_km, tuple(sorted(s.surge_at_m)), s.surge_lift, s.surge_length_m,
                         s.kick_last_m)
            for name, s in specs.items()}


def lookup(tactics, name, where):
    """The tactic called ``name`` or a one-line error listing the known ones."""
    try:
        return tactics[name]
    except KeyError:
        raise PacksimError(f"{where}: unknown tactic '{shorten(name)}'; known tactics: {', '.join(sorted(tactics))} "
                           f"(define new ones under conf/tactics)") from None
