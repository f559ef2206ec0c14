"""Reading a pack folder from disk: YAML with its line marks, into validated models.

:mod:`.loader` is the entry point; :mod:`.yamltree` reads YAML with marks, :mod:`.construct`
turns trees into models, :mod:`.issues` words pydantic's errors for a pack's author,
:mod:`.folder` finds a pack's files, and :mod:`.cache` keeps validated packs as JSON (never
code) for the next run, each entry sealed by :mod:`.sealed`.
"""
