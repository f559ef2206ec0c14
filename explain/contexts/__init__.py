"""Typed contexts of the templates: what each output says, built from a result."""
