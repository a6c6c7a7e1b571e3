"""The Django admin (excluded from the matrix): superusers reach every model; everyone else is sent to its login."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import PERSONAS, World
from tests.factories import UserFactory


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    return urls


@pytest.mark.django_db
def test_superuser_reaches_every_admin_page(world: World) -> None:
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client = world.client_for("anonymous")
    client.force_login(superuser)
    pages = [*admin_urls(), reverse("admin:partners_organisation_change", args=[world.other_company.pk])]
    pages.append(reverse("admin:partners_organisation_add"))

    statuses = {url: client.get(url).status_code for url in pages}

    assert statuses == dict.fromkeys(pages, 200)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_else_is_sent_to_the_admin_login(world: World, persona: str) -> None:
    client = world.client_for(persona)
    login = reverse("admin:login")

    redirects = {url: client.get(url) for url in admin_urls()}

    assert {url: r.status_code for url, r in redirects.items()} == dict.fromkeys(redirects, 302)
    assert all(r["Location"].startswith(login) for r in redirects.values())
