"""Exceptions a user can cause. Anything else is a bug and keeps its traceback.

    NewsfuseError                 exit 1
    ├── InputError                empty/binary file, bad JSON line, unusable story (carries where)
    │   └── MissingPathError      a named file or directory does not exist           exit 2
    ├── ConfigError               bad setting or option value (also a ValueError)     exit 2
    └── MissingExtraError         an optional extra is not installed (also an ImportError)

``exit_code`` is what the command line exits with when the error ends a command.
"""

from __future__ import annotations


class NewsfuseError(Exception):
    """Root of every error newsfuse raises on purpose."""

    exit_code = 1


class InputError(NewsfuseError):
    """The input cannot be used. ``where`` names the path, ``path:line`` or URL."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class MissingPathError(InputError):
    """A path the user named does not exist (a usage error)."""

    exit_code = 2


class ConfigError(NewsfuseError, ValueError):
    """A setting or option has a value it cannot take."""

    exit_code = 2


class MissingExtraError(NewsfuseError, ImportError):
    """An optional dependency group is needed for this feature."""

    def __init__(self, extra: str, feature: str) -> None:
        self.extra = extra
        super().__init__(f'{feature} needs the "{extra}" extra: pip install "newsfuse[{extra}]"')
