"""Reactions to changes elsewhere, registered in AppConfig.ready: a partner organisation that joins a route gets
a column in its responsibility matrix; a change of employer in a placement proposes a new agreement."""

from verbinder.agreements.receivers import matrix, placements  # noqa: F401
