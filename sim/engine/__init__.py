"""The schedulers: the per-runner SimPy process, the cohort (crowd) engine, the crossing board and packs."""
