import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_render_for_coordinator(world):
    client = world.client_for("coordinator")
    for url in [
        reverse("partners:route-list"),
        reverse("partners:route-detail", args=[world.route.pk]),
        reverse("partners:organisation-list"),
        reverse("partners:organisation-detail", args=[world.company.pk]),
        reverse("partners:organisation-create"),
        reverse("partners:organisation-edit", args=[world.company.pk]),
        reverse("partners:person-list"),
        reverse("partners:person-detail", args=[world.affiliation.person.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
