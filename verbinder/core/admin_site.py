"""The Django admin's site: every change made there gives the data a new version (core.parts), because the admin
writes past the services and their activity log."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponseBase

from verbinder.core.parts import data_changed

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class VerbinderAdminSite(admin.AdminSite):
    def admin_view(self, view: View, cacheable: bool = False) -> View:
        protected = super().admin_view(view, cacheable)

        @wraps(view)
        def changes_data(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = protected(request, *args, **kwargs)
            if request.method == "POST":
                data_changed()
            return response

        return cast(View, changes_data)


class VerbinderAdminConfig(AdminConfig):
    default_site = "verbinder.core.admin_site.VerbinderAdminSite"
