"""``lint``: every check of a pack, gathered and reported together.

:mod:`.core` runs the checks of rules and nodes, and every other check; the other modules
each hold one family of checks (:mod:`.citations`, :mod:`.scenarios`, data, episodes,
language, loops, noise, hidden characters, overlays); :mod:`.found` places a finding at
the line of the object it is about.
"""
