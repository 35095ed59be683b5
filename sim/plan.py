"""``python -m sim.plan``: see :mod:`sim.commands.plan`."""
from sim.commands.plan import main

if __name__ == "__main__":
    main()
