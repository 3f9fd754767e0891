"""``stackwise install``: put the exact files of a lock into an environment, verified.

Installer-style layering, one concern per module:

- :mod:`.target` -- the environment to install into (its interpreter, scheme paths, tags,
  markers and what is already installed), probed by running its interpreter once;
- :mod:`.plan` -- lock + target -> which packages to install, replace or skip;
- :mod:`.sources` -- choose a file per package, download it to a staging directory and
  verify its hash (every file before anything is installed), build sdists into wheels;
- :mod:`.destination` -- plan each wheel's files with PyPA ``installer`` (nothing written),
  then create them in the target with a journal so a failure or interruption rolls back.
"""

from __future__ import annotations

from stackwise.errors import StackwiseError


class InstallError(StackwiseError):
    """A lock cannot be installed as asked (bad hash, no usable file, failed install)."""


__all__ = ["InstallError"]
