"""The commands: run, compare, collect, replicates, sensitivity, optimise, provenance, run folders."""
