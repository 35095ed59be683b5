"""``python -m sim.collect``: see :mod:`sim.commands.collect`."""
from sim.commands.collect import main

if __name__ == "__main__":
    main()
