"""Exceptions a user can cause. Anything else is a bug and keeps its traceback.

    NewsfuseError
    ├── InputError          missing/empty/binary file, bad JSON line, unusable story (carries where)
    ├── ConfigError         bad setting or option value (also a ValueError)
    └── MissingExtraError   an optional extra is not installed (also an ImportError)
"""

from __future__ import annotations


class NewsfuseError(Exception):
    """Root of every error newsfuse raises on purpose."""


class InputError(NewsfuseError):
    """The input cannot be used. ``where`` names the path, ``path:line`` or URL."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class ConfigError(NewsfuseError, ValueError):
    """A setting or option has a value it cannot take."""


class MissingExtraError(NewsfuseError, ImportError):
    """An optional dependency group is needed for this feature."""

    def __init__(self, extra: str, feature: str) -> None:
        self.extra = extra
        super().__init__(f'{feature} needs the "{extra}" extra: pip install "newsfuse[{extra}]"')
