"""``lint``: every check of a pack, gathered and reported together.

:mod:`.core` runs the checks of rules, nodes, citations and scenarios; the other modules
each hold one family of checks (data, episodes, language, loops, noise, hidden characters,
overlays).
"""
