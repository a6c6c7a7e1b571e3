"""Services of outreach activities: the activity with its material, and the leads it produced."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import World
from tests.factories import OrganisationFactory
from tests.factories.outreach import OutreachActivityFactory
from tests.outreach.test_activities_uploads import PDF, docx, zip_bomb_docx
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.models import ActivityLog
from verbinder.outreach.enums import ActivityKind, Source, Stage
from verbinder.outreach.models import OutreachActivity, PipelineEntry
from verbinder.outreach.services import activities as services
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Affiliation, Organisation, Partnership

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list[str]:
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


def new_activity(world: World, **data) -> OutreachActivity:
    values = {"kind": ActivityKind.EMPLOYERS_MEETING, "title": "Werkgeversontbijt", "held_on": HELD_ON} | data
    return services.activity_create(route=world.route, by=world.users["coordinator"], data=values)


def test_activity_create_logs_with_the_route(world: World) -> None:
    activity = new_activity(world, host=world.branch, audience="Installateurs", notes="**Goed** bezocht")

    entry = ActivityLog.objects.get(action_type="outreach.activity.created")
    assert entry.object_id == activity.pk
    assert entry.data == {"route": str(world.route), "route_id": world.route.pk}
    assert entry.changes["host"] == [None, world.branch.name]
    assert activity.created_by == world.users["coordinator"]
    assert activity.version == 1


def test_activity_create_refuses_an_archived_host(world: World) -> None:
    world.branch.archived_at = timezone.now()
    world.branch.save()

    with pytest.raises(ValidationError) as caught:
        new_activity(world, host=world.branch)

    assert "host" in caught.value.error_dict
    assert not OutreachActivity.objects.exists()


def test_activity_create_refuses_an_archived_route(world: World) -> None:
    world.route.archived_at = timezone.now()
    world.route.save()

    with pytest.raises(ValidationError):
        new_activity(world)

    assert not OutreachActivity.objects.exists()


def test_activity_create_refuses_control_characters_and_blank_titles(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        new_activity(world, title="  ", audience="a\x00b")

    assert set(caught.value.error_dict) == {"title", "audience"}


def test_activity_create_stores_material_under_a_random_name(world: World, media) -> None:
    activity = services.activity_create(
        route=world.route,
        by=world.users["coordinator"],
        data={"kind": ActivityKind.EMPLOYERS_MEETING, "title": "Ontbijt", "held_on": HELD_ON},
        material=io.BytesIO(PDF),
        material_name="C:\\Map\\Presentatie <werkgevers>.pdf",
    )

    assert activity.material_name == "Presentatie <werkgevers>.pdf"
    assert activity.material.name.startswith("outreach/material/")
    assert activity.material.name.endswith(".pdf")
    assert "Presentatie" not in activity.material.name
    assert activity.material.read() == PDF


def test_activity_create_with_a_bad_file_stores_nothing(world: World, media) -> None:
    with pytest.raises(ValidationError) as caught:
        services.activity_create(
            route=world.route,
            by=world.users["coordinator"],
            data={"kind": ActivityKind.EMPLOYERS_MEETING, "title": "Ontbijt", "held_on": HELD_ON},
            material=io.BytesIO(zip_bomb_docx()),
            material_name="bom.docx",
        )

    assert "material" in caught.value.error_dict
    assert not OutreachActivity.objects.exists()
    assert stored_files(media) == []


def test_activity_update_with_the_read_version_saves_and_logs(world: World) -> None:
    activity = new_activity(world)

    updated = services.activity_update(
        activity=activity, by=world.users["coordinator"], data={"title": "Werkgeversontbijt Delft"}, version=1
    )

    assert updated.title == "Werkgeversontbijt Delft"
    assert updated.version == 2
    entry = ActivityLog.objects.get(action_type="outreach.activity.updated")
    assert entry.changes == {"title": ["Werkgeversontbijt", "Werkgeversontbijt Delft"]}


def test_activity_update_with_a_stale_version_changes_nothing_and_names_the_fields(world: World) -> None:
    activity = new_activity(world)
    services.activity_update(activity=activity, by=world.users["coordinator"], data={"audience": "Bakkers"}, version=1)

    with pytest.raises(StaleVersionError) as caught:
        services.activity_update(activity=activity, by=world.users["admin"], data={"title": "Anders"}, version=1)

    assert caught.value.changed == ["audience"]
    activity.refresh_from_db()
    assert (activity.title, activity.audience, activity.version) == ("Werkgeversontbijt", "Bakkers", 2)


def test_activity_update_replaces_and_removes_material(world: World, media, django_capture_on_commit_callbacks) -> None:
    """A replaced or removed file is deleted once the change is committed."""
    activity = new_activity(world)
    activity = services.activity_update(
        activity=activity,
        by=world.users["coordinator"],
        data={},
        version=1,
        material=io.BytesIO(PDF),
        material_name="eerste.pdf",
    )
    first = activity.material.name
    with django_capture_on_commit_callbacks(execute=True):
        activity = services.activity_update(
            activity=activity,
            by=world.users["coordinator"],
            data={},
            version=2,
            material=io.BytesIO(docx()),
            material_name="tweede.docx",
        )

    assert activity.material_name == "tweede.docx"
    assert stored_files(media) == [activity.material.name]
    assert first != activity.material.name

    with django_capture_on_commit_callbacks(execute=True):
        activity = services.activity_update(
            activity=activity, by=world.users["coordinator"], data={}, version=3, remove_material=True
        )
    assert (activity.material.name, activity.material_name) == ("", "")
    assert stored_files(media) == []


def test_activity_update_keeps_a_host_that_was_archived_since(world: World) -> None:
    activity = new_activity(world, host=world.branch)
    world.branch.archived_at = timezone.now()
    world.branch.save()

    updated = services.activity_update(
        activity=activity, by=world.users["coordinator"], data={"host": world.branch, "title": "Nieuw"}, version=1
    )

    assert updated.host == world.branch


# Leads


def test_lead_create_makes_organisation_person_and_source_in_the_route(world: World) -> None:
    activity = OutreachActivityFactory(route=world.route, kind=ActivityKind.EMPLOYERS_MEETING)

    entry = services.lead_create(
        activity=activity,
        by=world.users["coordinator"],
        organisation={"name": "Installatiebedrijf Noord", "city": "Delft", "kvk_number": "", "kind": "company"},
        person={"first_name": "Iris", "last_name": "Jansen"},
        affiliation={"email": "iris@noord.nl", "phone": "06 12345678", "function_title": "Directeur"},
    )

    organisation = Organisation.objects.get(name="Installatiebedrijf Noord")
    assert Partnership.objects.filter(route=world.route, organisation=organisation).exists()
    assert (entry.organisation, entry.route, entry.stage) == (organisation, world.route, Stage.PROSPECT)
    assert (entry.source, entry.source_activity, entry.source_organisation) == (
        Source.EMPLOYERS_MEETING,
        activity,
        None,
    )
    affiliation = Affiliation.objects.get(organisation=organisation)
    assert (affiliation.person.full_name, affiliation.email, affiliation.phone) == (
        "Iris Jansen",
        "iris@noord.nl",
        "+31 6 12345678",
    )
    actions = set(ActivityLog.objects.values_list("action_type", flat=True))
    assert {"partners.organisation.created", "partners.person.created", "outreach.pipeline.updated"} <= actions


def test_lead_of_a_branch_consultation_comes_via_the_branch_association(world: World) -> None:
    activity = OutreachActivityFactory(route=world.route, kind=ActivityKind.BRANCH_CONSULTATION, host=world.branch)

    entry = services.lead_create(
        activity=activity, by=world.users["coordinator"], organisation={"name": "Lid van de branche"}
    )

    assert (entry.source, entry.source_organisation) == (Source.BRANCH_ASSOCIATION, world.branch)


def test_lead_create_is_all_or_nothing(world: World) -> None:
    activity = OutreachActivityFactory(route=world.route)

    with pytest.raises(ValidationError):
        services.lead_create(
            activity=activity,
            by=world.users["coordinator"],
            organisation={"name": "Half Werk BV"},
            person={"first_name": "Piet", "last_name": "Puk"},
            affiliation={"email": "geen-adres"},
        )

    assert not Organisation.objects.filter(name="Half Werk BV").exists()
    assert not PipelineEntry.objects.exists()


def test_lead_link_links_an_existing_organisation_to_the_route(world: World) -> None:
    """The duplicate path: the organisation exists (here in another route too) and becomes a lead."""
    existing = OrganisationFactory(name="Bestaand Bedrijf", routes=[world.other_route])
    activity = OutreachActivityFactory(route=world.route, kind=ActivityKind.RESEARCH)

    entry = services.lead_link(activity=activity, organisation=existing, by=world.users["admin"])

    assert Partnership.objects.filter(route=world.route, organisation=existing).exists()
    assert (entry.source, entry.source_activity) == (Source.RESEARCH, activity)
    assert PipelineEntry.objects.filter(organisation=existing).count() == 1


def test_lead_link_of_a_partner_keeps_its_stage(world: World) -> None:
    from verbinder.outreach.services.pipeline import stage_move

    stage_move(route=world.route, organisation=world.company, to_stage=Stage.CONTACTED, by=world.users["coordinator"])
    activity = OutreachActivityFactory(route=world.route)

    entry = services.lead_link(activity=activity, organisation=world.company, by=world.users["coordinator"])

    assert (entry.stage, entry.source_activity) == (Stage.CONTACTED, activity)


def test_lead_link_refuses_an_archived_organisation(world: World) -> None:
    world.company.archived_at = timezone.now()
    world.company.save()
    activity = OutreachActivityFactory(route=world.route)

    with pytest.raises(ValidationError):
        services.lead_link(activity=activity, organisation=world.company, by=world.users["coordinator"])

    assert not PipelineEntry.objects.exists()


def test_lead_source_follows_the_activity_kind() -> None:
    assert {OrganisationKind.BRANCH_ASSOCIATION} <= services.INTERMEDIARY_KINDS
    assert OrganisationKind.COMPANY not in services.INTERMEDIARY_KINDS


# The activity as a contact moment with its host


def test_activity_contact_log_records_a_presentation_with_the_host(world: World) -> None:
    from verbinder.outreach.enums import InteractionKind

    host = OrganisationFactory(kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[world.other_route])
    activity = OutreachActivityFactory(route=world.route, host=host, audience="Installateurs")

    interaction = services.activity_contact_log(activity=activity, by=world.users["admin"])

    assert (interaction.kind, interaction.occurred_on, interaction.organisation) == (
        InteractionKind.PRESENTATION,
        activity.held_on,
        host,
    )
    interaction.refresh_from_db()
    assert interaction.activity == activity
    assert interaction.route == world.route
    assert "Installateurs" in interaction.notes
    assert Partnership.objects.filter(route=world.route, organisation=host).exists()  # linked to take part
    with pytest.raises(ValidationError):
        services.activity_contact_log(activity=activity, by=world.users["admin"])


def test_activity_contact_log_needs_a_host_and_a_past_date(world: World) -> None:
    without_host = OutreachActivityFactory(route=world.route)
    upcoming = OutreachActivityFactory(
        route=world.route, host=world.branch, held_on=timezone.localdate() + datetime.timedelta(days=7)
    )

    for activity in (without_host, upcoming):
        with pytest.raises(ValidationError):
            services.activity_contact_log(activity=activity, by=world.users["coordinator"])
