"""Thin adapters to pip and Pipenv: the only package that imports ``pip._internal``."""
