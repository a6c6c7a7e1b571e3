"""Services of agreement templates and route settings: the standard text, versions, editing a draft, articles,
publishing with the minimum content; bad input changes nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import RouteFactory, UserFactory, assign
from tests.factories.agreements import AgreementTemplateFactory, TemplateClauseFactory, published_template
from verbinder.accounts.enums import Role
from verbinder.agreements.enums import REQUIRED_TOPICS, ClauseParty, ClauseTopic, SigningOrder, TemplateStatus
from verbinder.agreements.models import AgreementSettings, AgreementTemplate, TemplateClause
from verbinder.agreements.placeholders import placeholders_unknown
from verbinder.agreements.services import templates as services
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.models import ActivityLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    route = RouteFactory(programme_name="Ad Installatietechniek")
    coordinator = assign(UserFactory(name="Coby Coördinator"), Role.COORDINATOR, route=route)
    return SimpleNamespace(route=route, coordinator=coordinator)


def positions(template):
    return list(template.clauses.order_by("position").values_list("heading", "position"))


def test_standard_text_covers_every_topic_and_every_party(setup):
    template = services.template_default_create(by=setup.coordinator, route=setup.route)
    assert template.status == TemplateStatus.DRAFT
    assert template.number == 1
    assert services.template_missing_topics(template) == []
    clauses = list(template.clauses.all())
    assert {c.party for c in clauses} == set(ClauseParty.values)
    assert {c.topic for c in clauses} >= set(REQUIRED_TOPICS)
    assert [c.position for c in clauses] == list(range(1, len(clauses) + 1))
    for text in [template.title, template.introduction, *(c.body for c in clauses), *(c.heading for c in clauses)]:
        assert placeholders_unknown(text) == []
    assert "7.7" in template.introduction
    second = next(c for c in clauses if c.party == ClauseParty.SECOND_COMPANY)
    assert "{second_company_name}" in second.body
    log = ActivityLog.objects.get(action_type="agreements.template.created")
    assert log.data["route_id"] == setup.route.pk


def test_publish_retires_the_one_before_and_new_version_copies(setup):
    old = published_template(setup.route)
    draft = services.template_default_create(by=setup.coordinator, route=setup.route)
    assert draft.number == old.number + 1
    published = services.template_publish(by=setup.coordinator, template=draft, version=draft.version)
    assert published.status == TemplateStatus.PUBLISHED
    assert published.published_by == setup.coordinator
    old.refresh_from_db()
    assert old.status == TemplateStatus.RETIRED
    copy = services.template_new_version(by=setup.coordinator, template=published)
    assert copy.previous == published
    assert copy.number == published.number + 1
    assert copy.status == TemplateStatus.DRAFT
    assert positions(copy) == positions(published)


def test_publish_without_minimum_content_names_what_is_missing(setup):
    draft = AgreementTemplateFactory(route=setup.route)
    TemplateClauseFactory(template=draft, topic=ClauseTopic.PERIOD, body="Van {start_date} tot {end_date}.")
    TemplateClauseFactory(template=draft, topic=ClauseTopic.SUPERVISION, body="   ")
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.template_publish(by=setup.coordinator, template=draft, version=draft.version)
    error = info.value.error_list[0]
    assert error.code == "minimum_content"
    assert error.params["missing"] == [
        ClauseTopic.PRACTICAL_DURATION,
        ClauseTopic.SUPERVISION,
        ClauseTopic.QUALITIES,
        ClauseTopic.EARLY_END,
    ]
    with translation.override("en"):
        message = " ".join(info.value.messages)
    assert "How the student is supervised" in message
    assert "Start and end date" not in message
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT


def test_publish_is_refused_for_a_stale_version_or_a_published_template(setup):
    draft = services.template_default_create(by=setup.coordinator, route=setup.route)
    services.template_update(by=setup.coordinator, template=draft, version=draft.version, fields={"title": "Nieuw"})
    with pytest.raises(StaleVersionError) as info:
        services.template_publish(by=setup.coordinator, template=draft, version=draft.version)
    assert info.value.changed == ["title"]
    draft.refresh_from_db()
    published = services.template_publish(by=setup.coordinator, template=draft, version=draft.version)
    with pytest.raises(ValidationError) as refused:
        services.template_publish(by=setup.coordinator, template=published, version=published.version)
    assert refused.value.error_list[0].code == "not_draft"


def test_update_refuses_unknown_fields_and_empty_title(setup):
    draft = services.template_default_create(by=setup.coordinator, route=setup.route)
    with pytest.raises(ValidationError) as info:
        services.template_update(
            by=setup.coordinator,
            template=draft,
            version=draft.version,
            fields={"title": "  ", "introduction": "Beste {studnet_name} en {bedrijf}"},
        )
    assert info.value.error_dict["title"][0].code == "required"
    with pytest.raises(ValidationError) as titled:
        services.template_update(
            by=setup.coordinator, template=draft, version=draft.version, fields={"title": "Voor {programme}"}
        )
    assert titled.value.error_dict["title"][0].code == "fields_in_title"
    unknown = info.value.error_dict["introduction"][0]
    assert unknown.code == "unknown_field"
    assert unknown.params["fields"] == "{bedrijf}, {studnet_name}"
    draft.refresh_from_db()
    assert draft.title == services.standard_text.TITLE


def test_a_published_template_cannot_be_edited(setup):
    template = published_template(setup.route)
    clause = template.clauses.first()
    for call in (
        lambda: services.template_update(
            by=setup.coordinator, template=template, version=template.version, fields={"title": "x"}
        ),
        lambda: services.clause_add(by=setup.coordinator, template=template, fields={"heading": "x", "body": "y"}),
        lambda: services.clause_update(by=setup.coordinator, clause=clause, fields={"body": "y"}),
        lambda: services.clause_remove(by=setup.coordinator, clause=clause),
        lambda: services.clause_move(by=setup.coordinator, clause=clause, direction="down"),
    ):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.error_list[0].code == "not_draft"


def test_clauses_add_update_move_remove(setup):
    draft = AgreementTemplateFactory(route=setup.route)
    first = services.clause_add(
        by=setup.coordinator, template=draft, fields={"heading": "Een", "body": "Tekst {company_name}."}
    )
    second = services.clause_add(
        by=setup.coordinator,
        template=draft,
        fields={"heading": "Twee", "body": "Tekst.", "party": ClauseParty.STUDENT, "topic": ClauseTopic.PERIOD},
    )
    third = services.clause_add(by=setup.coordinator, template=draft, fields={"heading": "Drie", "body": "Tekst."})
    assert positions(draft) == [("Een", 1), ("Twee", 2), ("Drie", 3)]
    services.clause_move(by=setup.coordinator, clause=third, direction="up")
    assert positions(draft) == [("Een", 1), ("Drie", 2), ("Twee", 3)]
    services.clause_move(by=setup.coordinator, clause=first, direction="up")
    assert positions(draft) == [("Een", 1), ("Drie", 2), ("Twee", 3)]
    services.clause_update(by=setup.coordinator, clause=second, fields={"heading": "Twee bis"})
    services.clause_remove(by=setup.coordinator, clause=first)
    assert positions(draft) == [("Drie", 1), ("Twee bis", 2)]
    with pytest.raises(ValidationError) as info:
        services.clause_update(by=setup.coordinator, clause=third, fields={"body": "{onbekend}", "party": "boss"})
    assert info.value.error_dict["body"][0].code == "unknown_field"
    assert info.value.error_dict["party"][0].code == "invalid"
    assert TemplateClause.objects.get(pk=third.pk).body == "Tekst."
    with pytest.raises(ValidationError):
        services.clause_add(by=setup.coordinator, template=draft, fields={"heading": "", "body": ""})
    with pytest.raises(ValidationError):
        services.clause_move(by=setup.coordinator, clause=third, direction="sideways")
    assert draft.clauses.count() == 2
    assert ActivityLog.objects.filter(action_type__startswith="agreements.template.clause_").count() == 6


def test_settings_defaults_and_update(setup):
    defaults = services.settings_for(setup.route)
    assert defaults.pk is None
    assert (defaults.remind_after_days, defaults.expire_after_days) == (7, 30)
    saved = services.settings_update(
        by=setup.coordinator,
        route=setup.route,
        fields={"remind_after_days": "5", "expire_after_days": "20", "signing_order": SigningOrder.PARALLEL},
    )
    assert services.settings_for(setup.route).pk == saved.pk
    assert (saved.remind_after_days, saved.expire_after_days, saved.signing_order) == (5, 20, "parallel")
    for bad, field, code in (
        ({"remind_after_days": "x"}, "remind_after_days", "invalid"),
        ({"expire_after_days": "0"}, "expire_after_days", "out_of_range"),
        ({"signing_order": "random"}, "signing_order", "invalid"),
        ({"remind_after_days": "20"}, "remind_after_days", "remind_after_expiry"),
    ):
        with pytest.raises(ValidationError) as info:
            services.settings_update(by=setup.coordinator, route=setup.route, fields=bad)
        assert info.value.error_dict[field][0].code == code
    assert AgreementSettings.objects.get(route=setup.route).remind_after_days == 5
    assert AgreementTemplate.objects.count() == 0


def test_standard_text_filled_for_a_single_and_a_shared_placement(setup):
    from tests.factories import OrganisationFactory
    from tests.factories.placements import placement_with_hosts
    from verbinder.agreements.documents import agreement_content

    template = services.template_default_create(by=setup.coordinator, route=setup.route)
    first = OrganisationFactory(name="Installatiebedrijf Smit", routes=[setup.route])
    second = OrganisationFactory(name="Koeltechniek Jansen", routes=[setup.route])
    single = agreement_content(template=template, placement=placement_with_hosts(route=setup.route, hosts=[(first, 4)]))
    assert ClauseParty.SECOND_COMPANY not in {article["party"] for article in single["articles"]}
    assert "Installatiebedrijf Smit" in single["introduction_html"]
    shared = agreement_content(
        template=template, placement=placement_with_hosts(route=setup.route, hosts=[(first, 3), (second, 1)])
    )
    second_article = next(a for a in shared["articles"] if a["party"] == ClauseParty.SECOND_COMPANY)
    assert "Koeltechniek Jansen" in second_article["html"]
    assert {a["topic"] for a in shared["articles"]} >= set(REQUIRED_TOPICS)
    assert "{" not in " ".join(a["html"] for a in shared["articles"])
