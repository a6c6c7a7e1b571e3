"""A change of employer in a placement proposes a new version of its agreement."""
