"""The production settings without cached page parts (BENCH_PARTS=off): every page renders its parts, as the first
view after a change of data does."""

from config.settings import *  # noqa: F403
from config.settings import CACHES

CACHES = {**CACHES, "parts": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
