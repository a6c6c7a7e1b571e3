"""Cached page parts (core.parts): reused while the data is unchanged, rendered anew after any change, never
shared between people with a different reach, and carrying each request's own CSRF token."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import OrganisationFactory, UserFactory, assign
from verbinder.accounts.enums import Role
from verbinder.core.activity import log_action, log_actions_bulk
from verbinder.core.parts import VERSION_KEY, cached_part, csrf_stand_in, data_changed
from verbinder.partners import services
from verbinder.partners.models import Organisation

pytestmark = pytest.mark.django_db

PART = "part.html"


@pytest.fixture
def part_template(settings):
    """A template of its own, so that the tests count renders and see the CSRF field."""
    engine = dict(settings.TEMPLATES[0])
    engine["APP_DIRS"] = False
    engine["OPTIONS"] = {
        **engine["OPTIONS"],
        "loaders": [("django.template.loaders.locmem.Loader", {PART: "<p>{{ text }}</p>{% csrf_token %}"})],
    }
    settings.TEMPLATES = [engine]


class Renders:
    def __init__(self, text: str = "hallo") -> None:
        self.count = 0
        self.text = text

    def __call__(self) -> dict[str, str]:
        self.count += 1
        return {"text": self.text}


def get(renders: Renders, vary: tuple = ("a",)) -> str:
    request = RequestFactory().get("/")
    return cached_part(request, name=PART, vary=vary, context=renders)


def warm(renders: Renders, vary: tuple = ("a",)) -> None:
    """The first request ever only stores a data version; the second renders and keeps the part."""
    get(renders, vary)
    get(renders, vary)


@pytest.mark.usefixtures("part_template")
def test_a_part_is_rendered_once_while_the_data_is_unchanged():
    renders = Renders()
    warm(renders)
    count = renders.count
    assert "<p>hallo</p>" in get(renders)
    assert renders.count == count


@pytest.mark.usefixtures("part_template")
def test_without_a_data_version_a_part_is_rendered_but_not_kept():
    renders = Renders()
    assert cache.get(VERSION_KEY) is None
    get(renders)
    assert cache.get(VERSION_KEY) is not None
    get(renders)
    get(renders)
    assert renders.count == 2


@pytest.mark.usefixtures("part_template")
def test_what_a_part_varies_on_is_part_of_its_key():
    renders = Renders()
    warm(renders, vary=("coordinator of route 1",))
    count = renders.count
    get(renders, vary=("coordinator of route 2",))
    assert renders.count == count + 1


@pytest.mark.usefixtures("part_template")
def test_the_language_is_part_of_the_key():
    renders = Renders()
    with translation.override("nl"):
        warm(renders)
    count = renders.count
    with translation.override("en"):
        get(renders)
    assert renders.count == count + 1


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(data_changed, id="data_changed"),
        pytest.param(
            lambda: log_action(actor=None, action_type="test.changed", target=OrganisationFactory()), id="log_action"
        ),
        pytest.param(
            lambda: log_actions_bulk(
                actor=None, action_type="test.imported", targets=OrganisationFactory.create_batch(2)
            ),
            id="log_actions_bulk",
        ),
    ],
)
@pytest.mark.usefixtures("part_template")
def test_every_change_of_data_renders_the_part_anew(change):
    renders = Renders()
    warm(renders)
    count = renders.count
    change()
    get(renders)
    assert renders.count == count + 1


def test_the_version_changes_again_after_the_commit(django_capture_on_commit_callbacks):
    """A cache outside the database sees the first new version before the commit; the second one is for after."""
    data_changed()
    with django_capture_on_commit_callbacks(execute=True):
        data_changed()
        inside = cache.get(VERSION_KEY)
    assert cache.get(VERSION_KEY) != inside


@pytest.mark.usefixtures("part_template")
def test_the_csrf_stand_in_is_replaced_by_the_requests_own_token():
    renders = Renders()
    warm(renders)
    tokens = set()
    for _ in range(2):
        html = get(renders)
        assert csrf_stand_in() not in html
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    assert len(tokens) == 2


def test_the_stand_in_depends_on_the_secret_key(settings):
    before = csrf_stand_in()
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert csrf_stand_in() != before


# Through the pages


def csrf_token_of(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_a_change_by_someone_else_shows_on_the_next_request(world):
    client = world.client_for("coordinator")
    list_url = reverse("partners:organisation-list")
    detail_url = reverse("partners:organisation-detail", args=[world.company.pk])
    for url in (list_url, list_url, detail_url, detail_url):
        client.get(url)
    services.organisation_update(
        organisation=world.company, by=world.users["teacher"], data={"name": "Bakkerij Het Nieuwe Brood"},
        version=world.company.version,
    )  # fmt: skip
    assert "Bakkerij Het Nieuwe Brood" in client.get(list_url).content.decode()
    assert "Bakkerij Het Nieuwe Brood" in client.get(detail_url).content.decode()


def test_people_with_another_reach_never_get_each_others_part(world):
    url = reverse("partners:organisation-list")
    coordinator, other = world.client_for("coordinator"), world.client_for("other_coordinator")
    for _ in range(2):
        coordinator.get(url)
    page = other.get(url).content.decode()
    assert "Zorgtechniek Oost" in page
    assert "Bakkerij De Korenaar" not in page
    assert "Bakkerij De Korenaar" in coordinator.get(url).content.decode()


def test_the_editors_part_is_not_the_readers(world):
    """A teacher and a coordinator of the same route see the same organisations, but only the coordinator edits."""
    url = reverse("partners:organisation-detail", args=[world.company.pk])
    coordinator, teacher = world.client_for("coordinator"), world.client_for("teacher")
    for _ in range(2):
        coordinator.get(url)
    assert reverse("partners:organisation-archive", args=[world.company.pk]) not in teacher.get(url).content.decode()
    assert reverse("partners:organisation-archive", args=[world.company.pk]) in coordinator.get(url).content.decode()


def test_a_change_in_the_django_admin_shows_on_the_next_request(world, admin_client):
    """The admin writes past the services: its site gives the data a new version on every POST."""
    client = world.client_for("coordinator")
    url = reverse("partners:organisation-list")
    for _ in range(2):
        client.get(url)
    admin_client.post(reverse("admin:partners_organisation_delete", args=[world.branch.pk]), {"post": "yes"})
    assert not Organisation.objects.filter(pk=world.branch.pk).exists()
    assert "Brancheclub Techniek" not in client.get(url).content.decode()


def test_a_form_in_a_reused_part_posts_with_the_viewers_own_token(world):
    """Two coordinators of the same route share the part; each one's archive button works for them."""
    second = assign(UserFactory(), Role.COORDINATOR, route=world.route)
    url = reverse("partners:organisation-detail", args=[world.company.pk])
    first_client = Client(enforce_csrf_checks=True)
    first_client.force_login(world.users["coordinator"])
    for _ in range(2):
        first_client.get(url)
    second_client = Client(enforce_csrf_checks=True)
    second_client.force_login(second)
    token = csrf_token_of(second_client.get(url))
    response = second_client.post(
        reverse("partners:organisation-archive", args=[world.company.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=world.company.pk).archived_at is not None
