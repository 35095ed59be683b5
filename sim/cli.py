"""``packsim [command] [arguments]``: one command for every entry point.

``packsim`` alone, ``packsim key=value ...`` or ``packsim run key=value ...`` runs a race (the main
of ``sim/commands/race_main.py``); ``packsim replay <run dir>`` re-runs a run; ``compare``, ``collect``,
``sensitivity``, ``optimise`` and ``plan`` hand their arguments to the mains in ``sim/commands/``.
This module only routes: each command parses and checks its own arguments. ``python -m sim`` and
``python -m sim.<command>`` reach the same mains.
"""
import difflib
import importlib
import sys
import typing
from dataclasses import fields, is_dataclass

from sim.config import Config
from sim.inputs.paths import CONF_DIR

# command -> (module holding its main, one line on what it does)
COMMANDS = {
    "run": ("sim.commands.race_main", "run a race and write its tables and figures into a run folder (the default command)"),
    "replay": ("sim.commands.race_main", "run a finished run again with the overrides it recorded"),
    "compare": ("sim.commands.compare", "race one runner's tactics on the same seeds: paired differences and CIs"),
    "collect": ("sim.commands.collect", "one table and figure from every job of a multirun sweep"),
    "sensitivity": ("sim.commands.sensitivity", "Morris or Sobol indices: which assumed constants move the race"),
    "optimise": ("sim.commands.optimise", "tune where a runner surges with Optuna over replicated races"),
    "plan": ("sim.commands.plan", "a pacing plan: one runner's race alone, per km, as plan.csv/plan.md/plan.png"),
}
GROUPS = ("course", "weather", "field", "tactics", "physiology", "drafting", "sim", "rules", "goals")
HELP_FLAGS = ("-h", "--help")

RUN_HELP = """\
usage: packsim [run] [key=value ...] [Hydra flags]

Run one race (or, with replicates=N, N Monte Carlo replicates) of the scenario and write results.csv,
splits.csv, events.csv, summary.json, the figures and run_info.json into a new run folder
(outputs/<scenario>/<date_time>/; hydra.run.dir=DIR picks another). Bad input: one line on stderr,
exit 2, no folder left behind. `packsim key=value ...` without the word `run` is the same command,
and so is `python -m sim key=value ...`.

main options (any config key is an override; README "Configuration" lists them all):
  scenario=NAME              the race (see `packsim --help` for the list, and for your own)
  focal=[NAME,...]           runners to follow in the summary, the story and the figures
  seed=N  replicates=N       the random seed; Monte Carlo replicates of the race
  field.default_tactic=NAME  the tactic of every runner without one in the roster
  sim.plots=false            tables only
  -m key=a,b,c               a sweep (Hydra multirun), collected with `packsim collect`
  --cfg job                  print the composed config and stop (Hydra); --hydra-help: Hydra's own help

examples:
  packsim scenario=atlanta_2020_men 'focal=[Jim Walmsley,Galen Rupp]' weather.wind_speed_m_s=0
  packsim run -m seed=1,2,3 field.default_tactic=even,sit replicates=20
"""

REPLAY_HELP = """\
usage: packsim replay <run dir> [key=value ...]

Run again the run in <run dir> with the overrides it recorded (<run dir>/.hydra/overrides.yaml):
the same config and seed give byte-identical tables. Overrides given here replace the recorded
ones of the same key. A note on stderr says when the run was made by another version or commit.
The same as `python -m sim --replay <run dir> [key=value ...]`.

main options:
  hydra.run.dir=DIR   where the replay goes (default: a new outputs/<scenario>/<date_time>/)
  key=value           any config key, changed for the replay (seed=8, weather.wind_speed_m_s=0, ...)

examples:
  packsim replay outputs/atlanta_2020_men/2026-03-01_10-00-00 hydra.run.dir=again
  packsim replay outputs/atlanta_2020_men/2026-03-01_10-00-00 seed=8
"""


def first_line(doc):
    """The first line of a docstring, without its trailing full stop."""
    return (doc or "").strip().splitlines()[0].rstrip(".") if doc and doc.strip() else ""


def group_lines():
    """One line per config group: its options (conf/<group>/) and the first line of its schema's docstring."""
    types = {f.name: f.type for f in fields(Config)}
    lines = []
    for group in GROUPS:
        schema = types[group]
        if not is_dataclass(schema):   # tactics: a dict of named TacticSpec
            schema = typing.get_args(schema)[-1]
        options = ", ".join(sorted(p.stem for p in (CONF_DIR / group).glob("*.yaml")))
        lines.append(f"  {group:<12} {first_line(schema.__doc__).replace('``', '')}")
        lines.append(f"  {'':<12} options: {options}")
    return lines


def scenario_description(path):
    """The first line of a scenario file's header comment (after ``# @package``); every scenario has one."""
    for line in path.read_text().splitlines():
        text = line.strip()
        if not text.startswith("#"):
            break
        text = text.lstrip("#").strip()
        if text and not text.startswith("@package"):
            return text
    return ""


def scenario_lines():
    return [f"  {p.stem:<24} {scenario_description(p)}" for p in sorted((CONF_DIR / "scenario").glob("*.yaml"))]


def main_help():
    """The text of ``packsim --help``: the commands, the scenarios and the config groups."""
    commands = [f"  {name:<12} {line}" for name, (_, line) in COMMANDS.items()]
    return "\n".join([
        "usage: packsim [command] [arguments]      (packsim key=value ... runs a race)",
        "",
        "packsim simulates a running race runner by runner: packs, drafting, wind, hills and physiology.",
        "`packsim <command> --help` says what a command does, its options and two examples.",
        "",
        "commands:",
        *commands,
        "",
        "scenarios (scenario=NAME):",
        *scenario_lines(),
        "  Your own scenario: put my_race.yaml (README \"Writing a scenario\") in a folder named scenario/",
        "  inside a folder of your own, e.g. my_configs/scenario/my_race.yaml, and run",
        "  packsim scenario=my_race 'hydra.searchpath=[file://my_configs]'   (or: packsim -cd my_configs ...);",
        "  relative data paths in it are tried from the working directory first.",
        "",
        "config groups (group=option picks a file of conf/<group>/; group.key=value sets one key):",
        *group_lines(),
        "",
        "Hydra's own flags reach Hydra: packsim --hydra-help, packsim --cfg job (the composed config),",
        "packsim -m key=a,b (a sweep). Every key, its unit and default: README \"Configuration\".",
        "",
        "examples:",
        "  packsim scenario=atlanta_2020_men 'focal=[Jim Walmsley]' weather.wind_speed_m_s=0",
        "  packsim compare scenario=atlanta_2020_men 'focal=Jim Walmsley' tactics=[sit,front_run] replicates=50",
    ])


def _is_command_word(arg):
    """A plain word (not an override key=value, a Hydra flag or a +/~ override) names a command."""
    return "=" not in arg and not arg.startswith(("-", "+", "~"))


def _run_main(argv):
    sys.argv[1:] = argv
    importlib.import_module("sim.commands.race_main").main()


def main(argv=None):
    """Route ``argv`` (default ``sys.argv[1:]``) to the command it names."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in HELP_FLAGS:
        print(main_help())
        return
    if not argv or not _is_command_word(argv[0]):
        return _run_main(argv)
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        close = difflib.get_close_matches(command, COMMANDS, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        print(f"packsim: error: unknown command '{command}': {hint}commands: {', '.join(COMMANDS)} "
              f"(or key=value overrides to run a race; packsim --help)", file=sys.stderr)
        sys.exit(2)
    if command in ("run", "replay") and any(a in HELP_FLAGS for a in rest):
        print(RUN_HELP if command == "run" else REPLAY_HELP, end="")
        return
    if command == "run":
        return _run_main(rest)
    if command == "replay":
        if not rest or not _is_command_word(rest[0]):
            print("packsim: error: replay needs a run directory: packsim replay <run dir> [key=value ...]",
                  file=sys.stderr)
            sys.exit(2)
        return _run_main(["--replay", *rest])
    return importlib.import_module(COMMANDS[command][0]).main(rest)


if __name__ == "__main__":
    main()
