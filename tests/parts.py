"""Query counts of a page with a cached part (verbinder.core.parts)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from verbinder.core.parts import data_changed


def measure_part(
    client: Client, url: str, django_assert_num_queries: Any, *, rendered: int, reused: int, **kwargs: Any
) -> None:
    """The first request also stores the data version; after a change of data the part is rendered (`rendered`
    queries), and the next request reuses it (`reused`)."""
    assert client.get(url, **kwargs).status_code == 200
    data_changed()
    with django_assert_num_queries(rendered):
        assert client.get(url, **kwargs).status_code == 200
    with django_assert_num_queries(reused):
        assert client.get(url, **kwargs).status_code == 200
