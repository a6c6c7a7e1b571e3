"""Permission matrix expectations, one module per area, each defining ``ROWS: list[Row]``.

tests/security/test_permission_matrix.py collects the rows of every module in this package.
"""
