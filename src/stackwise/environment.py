"""The target environment a stack is resolved for.

Shared by the index (wheel tags, Requires-Python), the resolver (dependency markers) and
the knowledge base (rule conditions). Markers cover the interpreter and OS; the
hardware keys that markers lack (CPU flags, CUDA version) are carried beside them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import field
from functools import cached_property

from stackwise._dataclass import dataclass
from stackwise._host import detect_cpu_flags
from stackwise.errors import StackwiseError

# packaging.tags (with logging, platform and subprocess, ~25 ms), packaging.version and platform
# are imported where used: an install whose target already holds the lock needs none of them
TYPE_CHECKING = False
if TYPE_CHECKING:
    from packaging.tags import Tag
    from packaging.version import Version


#: The highest Python 3 minor version a target may name (3.99: far beyond any release).
MAX_MINOR = 99


def check_cuda_version(text: str | None) -> None:
    """Refuse a CUDA version a user gave that is not a version: every CUDA rule would then
    silently "not hold" (and 5000 digits were a traceback). ``None``/``""``: no CUDA."""
    text = text if text is not None else os.environ.get("STACKWISE_CUDA_VERSION")
    if text:
        from packaging.version import Version

        try:
            Version(text)
        except ValueError:  # InvalidVersion, or more digits than Python converts
            shown = text if len(text) <= 40 else text[:40] + "..."
            raise StackwiseError(f"The CUDA version {shown!r} (--cuda-version or $STACKWISE_CUDA_VERSION) is "
                                 "not a version such as 12.4.") from None


@dataclass(frozen=True)
class TargetEnvironment:
    """Python version, platform markers and hardware facts of the install target."""

    markers: dict[str, str]
    tags: tuple[Tag, ...]
    cpu_flags: frozenset[str] = field(default_factory=frozenset)
    cuda_version: str | None = None

    @classmethod
    def current(
        cls,
        *,
        cpu_flags: frozenset[str] | None = None,
        cuda_version: str | None = None,
    ) -> TargetEnvironment:
        """This interpreter, this machine."""
        # packaging.markers (its parser, ~5 ms) only where a target is made here: an install into
        # a --target-venv reads the markers its probe remembered
        from packaging.markers import default_environment
        from packaging.tags import sys_tags

        return cls(
            markers=dict(default_environment()),
            tags=tuple(sys_tags()),
            cpu_flags=detect_cpu_flags() if cpu_flags is None else cpu_flags,
            cuda_version=cuda_version if cuda_version is not None else os.environ.get("STACKWISE_CUDA_VERSION") or None,
        )

    @classmethod
    def for_python(
        cls,
        python_version: str,
        *,
        cpu_flags: frozenset[str] | None = None,
        cuda_version: str | None = None,
    ) -> TargetEnvironment:
        """Another CPython version on this platform (like ``pip --python-version``)."""
        try:
            parts = tuple(int(p) for p in python_version.split("."))
        except ValueError:
            parts = ()
        if not 1 <= len(parts) <= 3 or parts[0] != 3:
            raise StackwiseError(
                f"--python-version {python_version!r} is not a Python 3 version such as 3.12 or 3.12.4."
            )
        if len(parts) == 1:
            raise StackwiseError(
                f"--python-version {python_version!r} needs at least a minor version, such as 3.12."
            )
        if parts[1] > MAX_MINOR:
            # Wheel tags name every minor version up to the target's (abi3, py3x): an
            # astronomical minor made tags until the memory ran out.
            raise StackwiseError(
                f"--python-version {python_version!r}: a minor version above {MAX_MINOR} is not a Python "
                "that wheels can be made for."
            )
        major_minor = parts[:2]
        full = ".".join(str(p) for p in parts) if len(parts) == 3 else f"{parts[0]}.{parts[1]}.0"
        from packaging.markers import default_environment
        from packaging.tags import compatible_tags, cpython_tags

        markers = dict(default_environment())
        markers["python_version"] = f"{parts[0]}.{parts[1]}"
        markers["python_full_version"] = full
        if markers.get("implementation_name") == "cpython":
            markers["implementation_version"] = full
        tags = tuple(cpython_tags(major_minor)) + tuple(compatible_tags(major_minor))
        return cls(
            markers=markers,
            tags=tags,
            cpu_flags=detect_cpu_flags() if cpu_flags is None else cpu_flags,
            cuda_version=cuda_version,
        )

    @classmethod
    def for_platform(
        cls,
        platform_name: str,
        python_version: str | None = None,
        *,
        cpu_flags: frozenset[str] | None = None,
        cuda_version: str | None = None,
    ) -> TargetEnvironment:
        """CPython on another operating system (``linux``: x86_64, ``macos``: arm64, ``windows``:
        AMD64): its marker values and wheel tags, for locks made for other machines."""
        facts = PLATFORMS.get(platform_name)
        if facts is None:
            raise StackwiseError(f"--platform {platform_name!r} is not one of: {', '.join(PLATFORMS)}.")
        python = f"{sys.version_info.major}.{sys.version_info.minor}" if python_version is None else python_version
        base = cls.for_python(python, cpu_flags=frozenset() if cpu_flags is None else cpu_flags,
                              cuda_version=cuda_version)
        markers = dict(base.markers)
        markers.update(implementation_name="cpython", platform_python_implementation="CPython", **facts)
        major_minor = tuple(int(p) for p in markers["python_version"].split("."))
        from packaging.tags import compatible_tags, cpython_tags

        platforms = _platform_tags(platform_name)
        tags = tuple(cpython_tags(major_minor, platforms=platforms)) + tuple(
            compatible_tags(major_minor, platforms=platforms))
        return cls(markers=markers, tags=tags, cpu_flags=base.cpu_flags, cuda_version=cuda_version)

    @cached_property
    def python_version(self) -> Version:
        """The full Python version, for Requires-Python checks."""
        from packaging.version import Version

        return Version(self.markers["python_full_version"])

    @cached_property
    def tag_priority(self) -> dict[Tag, int]:
        """Lower is better, as in ``packaging.tags`` order."""
        return {tag: i for i, tag in enumerate(self.tags)}

    def describe(self) -> str:
        """A short line for reports: python, platform, machine."""
        return (
            f"python {self.markers['python_full_version']} on {self.markers['sys_platform']} "
            f"{self.markers['platform_machine']}"
        )

    def __hash__(self) -> int:  # dict field: hash on the identifying facts only
        return hash((self.markers.get("python_full_version"), self.markers.get("sys_platform"), self.tags[:1]))


# Marker values of the operating systems ``--platform`` names (one machine type each).
PLATFORMS: dict[str, dict[str, str]] = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"},
    "macos": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix", "platform_machine": "arm64"},
    "windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
}


def _platform_tags(platform_name: str) -> list[str]:
    """Wheel platform tags, best first, that installers accept on that operating system."""
    from packaging.tags import mac_platforms

    if platform_name == "linux":
        return ([f"manylinux_2_{minor}_x86_64" for minor in range(39, 4, -1)]
                + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64", "linux_x86_64"])
    if platform_name == "macos":
        return list(mac_platforms((14, 0), "arm64"))
    return ["win_amd64"]


def interpreter_summary() -> str:
    """For error messages: which interpreter is running stackwise."""
    import platform

    return f"{platform.python_implementation()} {sys.version.split()[0]}"
