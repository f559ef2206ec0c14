"""The engine: a pack's rules compiled into arrays and stepped through time.

:mod:`.compile` turns rules into arrays, :mod:`.plan` groups them as the engine applies
them, :mod:`.kernel` holds lag, fading and integration, :mod:`.solve` settles a period's
zero-lag loops, :mod:`.steps` steps the periods, :mod:`.stability` screens Monte Carlo
draws that would grow without bound, :mod:`.noise` gives nodes noise of their own, and
:mod:`.forked` runs shares of many draws side by side in forked processes.
"""
