"""Pure physics of running: energetics, aerodynamics, physiology, environment.

Nothing here imports simpy, hydra or matplotlib. Functions take SI inputs with the unit in the
name, and are written with arithmetic operators so that Python floats stay Python floats (the
event loop calls them per runner-segment) while numpy arrays work through the same code path.
"""
