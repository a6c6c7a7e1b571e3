"""Factories of outreach rows. Each needs a route and an organisation linked to it (a partnership)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from tests.factories import OrganisationFactory, RouteFactory, UserFactory
from verbinder.outreach.enums import ActivityKind, InteractionKind, Stage
from verbinder.outreach.models import FollowUp, Interaction, OutreachActivity, PipelineEntry
from verbinder.partners.models import Partnership


def _partnership(route, organisation) -> Partnership:
    partnership, _created = Partnership.objects.get_or_create(route=route, organisation=organisation)
    return partnership


class OutreachActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachActivity

    route = factory.SubFactory(RouteFactory)
    kind = ActivityKind.EMPLOYERS_MEETING
    title = factory.Sequence(lambda n: f"Werkgeversbijeenkomst {n}")
    held_on = datetime.date(2026, 10, 1)
    audience = "Ondernemers uit de regio"


class PipelineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PipelineEntry

    route = factory.SubFactory(RouteFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    partnership = factory.LazyAttribute(lambda o: _partnership(o.route, o.organisation))
    stage = Stage.PROSPECT
    stage_since = factory.LazyFunction(timezone.now)


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    route = factory.SubFactory(RouteFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = InteractionKind.PHONE
    occurred_on = factory.LazyFunction(lambda: timezone.localdate())
    notes = "Gebeld over een leerwerkplek."
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def linked(obj, create, extracted, **kwargs):
        if create:
            _partnership(obj.route, obj.organisation)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    route = factory.SubFactory(RouteFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    description = factory.Sequence(lambda n: f"Terugbellen {n}")
    assignee = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=1))
    created_by = factory.LazyAttribute(lambda o: o.assignee)
