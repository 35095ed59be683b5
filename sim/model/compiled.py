"""How the model is compiled: one Python function serves numpy callers and the compiled kernel.

Every function of :mod:`sim.model` that the engines call per runner and segment is marked
:func:`model_function` (numba's ``register_jitable``): called from Python it is the plain function
(floats or numpy arrays in, the same out), called from a :func:`kernel` function numba compiles it
into the caller. So each equation is written once, in its module with its source, and the kernel
(:mod:`sim.model.kernel`) that both engines call is that same code, compiled. The kernel is
compiled on first use and cached on disk (numba's ``cache=True``, beside the module).
"""
from numba import njit
from numba.extending import register_jitable

model_function = register_jitable
kernel = njit(cache=True)
