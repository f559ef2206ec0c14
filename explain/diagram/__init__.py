"""Diagrams as ``graphviz.Digraph`` objects: the chain, the map, the diff, decks."""
