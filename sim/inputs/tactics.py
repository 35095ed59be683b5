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
from sim.model.pacing import KIND_CODE, in_surge, lead_effort_m_s

TACTIC_KINDS = tuple(KIND_CODE)


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
        return in_surge(x_m, self.surge_at_m, self.surge_length_m)

    def lead_effort(self, x_m, affordable_m_s, planned_m_s):
        """Effort [m/s, v_eq] when leading or alone, before physiological caps (:func:`sim.model.pacing.lead_effort_m_s`)."""
        target = 1000.0 / self.pace_s_km if self.pace_s_km > 0 else 0.0
        surging = self.kind != "front_run" and bool(self.surge_at_m) and self.surging(x_m)
        return lead_effort_m_s(KIND_CODE[self.kind], affordable_m_s, planned_m_s, self.lead_factor, target,
                               self.hold_tolerance, surging, self.surge_lift)

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
