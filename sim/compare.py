"""``python -m sim.compare``: see :mod:`sim.commands.compare`."""
from sim.commands.compare import main

if __name__ == "__main__":
    main()
