"""Rendered parts of pages, shared by everyone with the same reach until the data changes.

A busy page (the organisation list at national scale, an organisation's page) renders its main part once and
serves it from the cache to everyone who would see the same thing: the same reach, the same query, the same
language. Every write through a service records an activity (`core.activity`), and every recorded activity and
every change made in the Django admin gives the data a new version. A part is used only while the version it was
rendered at is current, so a page never shows data older than the last committed change. Parts also expire after
`PART_TIMEOUT`, which bounds how long a change made past both paths (a database shell) can go unseen.

Each process keeps its own parts (the "parts" cache, in memory); the version is in the default cache, which all
processes share. Parts are rendered with a stand-in for the CSRF token, derived from the secret key so that no
user input can contain it, and each request puts its own token in its place.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

VERSION_KEY = "data-version"
PART_TIMEOUT = 600


def csrf_stand_in() -> str:
    return salted_hmac("verbinder.core.parts.csrf", "stand-in").hexdigest()


def data_changed() -> None:
    """Give the data a new version: now, which a cache in the same database commits or rolls back with the
    change; and again after the commit, so that a part rendered from the old data while the transaction ran
    (a cache outside the database sees the first version at once) is not used either."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def part_key(name: str, vary: Iterable[Any]) -> str:
    """The cache key of a part: its name and everything its content depends on besides the data."""
    text = "\x1f".join([name, get_language() or "", *(str(value) for value in vary)])
    return "part:" + hashlib.sha256(text.encode()).hexdigest()


def cached_part(
    request: HttpRequest, *, name: str, vary: Iterable[Any], context: Callable[[], dict[str, Any]]
) -> SafeString:
    """The template `name` (a template or a partial, "file.html#part") rendered with `context()`, from the cache
    while the data is unchanged. `vary` must hold everything besides the data that the content depends on
    (the viewer's reach and permissions, the query): the key is made of it. `context` is called only to render."""
    parts = caches["parts"]
    key = part_key(name, vary)
    version = cache.get(VERSION_KEY)
    stored = parts.get(key)
    if version is not None and stored is not None and stored[0] == version:
        html: str = stored[1]
    else:
        html = render_to_string(name, {**context(), "csrf_token": csrf_stand_in()}, request)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        else:
            parts.set(key, (version, html), PART_TIMEOUT)
    return mark_safe(html.replace(csrf_stand_in(), get_token(request)))
