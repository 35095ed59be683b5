"""``python -m sim.sensitivity``: see :mod:`sim.commands.sensitivity`."""
from sim.commands.sensitivity import main

if __name__ == "__main__":
    main()
