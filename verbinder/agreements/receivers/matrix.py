"""A partner organisation that joins a route gets a column in its responsibility matrix."""
