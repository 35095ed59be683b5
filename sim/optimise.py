"""``python -m sim.optimise``: see :mod:`sim.commands.optimise`."""
from sim.commands.optimise import main

if __name__ == "__main__":
    main()
