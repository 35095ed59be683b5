"""``python -m sim``: the packsim command (sim/cli.py); running a race is sim/commands/race_main.py."""
from sim.commands.race_main import main  # noqa: F401  (the race command, as ``sim.__main__.main``)

if __name__ == "__main__":   # the packsim command, run being its default sub-command
    from sim.cli import main as packsim
    packsim()
