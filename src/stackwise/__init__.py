"""stackwise: choose the greatest versions, not just the latest.

A resolvelib provider whose candidate order comes from knowledge-base scores. The Python
API (:func:`lock`, :func:`explain`, docs/api.md) is imported on first use (PEP 562), so
``import stackwise`` stays as cheap as the version string.
"""

__version__ = "0.1.0"

# name -> the module that defines it; nothing is imported until the name is asked for.
_LAZY = {
    "lock": "api", "explain": "api", "LockResult": "api", "Pin": "api", "Decision": "api",
    "Explanation": "api", "ExplainedRule": "api", "Target": "options",
    "StackwiseError": "errors", "RequirementError": "errors", "ResolutionError": "errors",
    "IndexFetchError": "errors", "ScoreFileError": "errors", "MetadataError": "errors", "LockFileError": "errors",
}
__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> object:
    """``stackwise.lock`` and friends, imported when first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stackwise' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"stackwise.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
