from __future__ import annotations


class StaleVersionError(Exception):
    """Someone else saved the record after it was read; `changed` names the fields they changed."""

    def __init__(self, *, changed: list[str]) -> None:
        super().__init__("The record was changed by someone else.")
        self.changed = changed
