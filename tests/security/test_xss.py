"""No injection (SECURITY promise 5): an XSS corpus through every user-text field of the registry, into every
page that shows it; and properties of the markdown sanitiser (hypothesis)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import OrganisationFactory, UserFactory, assign
from tests.security.test_headers import inline_code
from verbinder.accounts.enums import Role
from verbinder.core.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, render_markdown, sanitise_html
from verbinder.partners import services
from verbinder.partners.enums import CrohoArea, DegreeType, OrganisationKind, RelationshipKind

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "<style>body{display:none}</style>",
    '<p style="position:fixed">x</p>',
    '<iframe src="https://evil.example/"></iframe>',
    "</textarea><script>alert(1)</script>",
    '" autofocus onfocus="alert(1)',
    "{{ request.user.password }}{% debug %}",
]

MARKDOWN_PAYLOADS = [
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '![x](x" onerror="alert(1))',
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    "[klik](vbscript:msgbox(1))",
    '<details open ontoggle="alert(1)">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]


def _dangerous(body: str, payload: str) -> list[str]:
    """What in a page shows the payload was not escaped: the raw payload, or inline code of any kind."""
    found = inline_code(body)
    if "<" in payload and payload in body:
        found.append(f"raw payload: {payload}")
    if "{% debug %}" in payload and "sql_queries" in body:
        found.append("template code ran")
    return found


@pytest.fixture
def corpus_world(db: Any) -> dict[str, Any]:
    admin = assign(UserFactory(name="Ada Beheer"), Role.ADMIN)
    return {"admin": admin}


def _fill(payload: str, admin: Any, n: int) -> dict[str, Any]:
    """Every user-text field of every registry object set to the payload, through the services."""
    route = services.route_create(
        by=admin,
        data={
            "programme_name": payload,
            "degree_type": DegreeType.ASSOCIATE,
            "croho_code": f"{80100 + n}",
            "croho_area": CrohoArea.ENGINEERING,
            "hogeschool": payload,
            "start_year": 2026,
        },
    )
    coordinator = UserFactory(name=f"Coördinator {n}")
    services.route_staff_add(route=route, email=coordinator.email, role=Role.COORDINATOR, by=admin)
    services.route_staff_add(route=route, email=f"docent{n}@hogeschool.nl", role=Role.TEACHER, by=admin, name=payload)
    organisation = services.organisation_create(
        by=admin,
        data={
            "name": payload,
            "kind": OrganisationKind.COMPANY,
            "street": payload,
            "city": payload,
            "notes": f"{payload}\n\n" + "\n\n".join(MARKDOWN_PAYLOADS),
        },
        routes=[route],
    )
    organisation = services.organisation_update(
        organisation=organisation, by=admin, data={"name": payload + " (2)", "notes": payload}, version=1
    )
    branch = services.organisation_create(
        by=admin, data={"name": f"{payload} branche", "kind": OrganisationKind.BRANCH_ASSOCIATION}, routes=[route]
    )
    person = services.person_create(
        by=admin,
        data={"first_name": payload, "last_name": payload, "preferred_language": "nl"},
        organisation=organisation,
        affiliation={"function_title": payload, "email": f"p{n}@example.nl", "phone": ""},
    )
    services.relationship_create(
        by=admin, source=organisation, kind=RelationshipKind.MEMBER_OF, target=branch, note=payload
    )
    contact = assign(UserFactory(name=payload), Role.COMPANY_CONTACT, organisation=organisation)
    return {
        "route": route,
        "organisation": organisation,
        "branch": branch,
        "person": person,
        "affiliation": person.affiliations.get(),
        "coordinator": coordinator,
        "contact": contact,
    }


def _pages(objects: dict[str, Any], payload: str) -> list[tuple[str, str]]:
    route, organisation, person = objects["route"], objects["organisation"], objects["person"]
    staff_pages = [
        reverse("partners:route-list"),
        reverse("partners:route-detail", args=[route.pk]),
        reverse("partners:route-edit", args=[route.pk]),
        reverse("partners:organisation-list"),
        reverse("partners:organisation-list") + "?" + _query(q=payload),
        reverse("partners:organisation-detail", args=[organisation.pk]),
        reverse("partners:organisation-detail", args=[objects["branch"].pk]),
        reverse("partners:organisation-edit", args=[organisation.pk]),
        reverse("partners:organisation-person-create", args=[organisation.pk]),
        reverse("partners:relationship-create", args=[objects["branch"].pk]),
        reverse("partners:person-list"),
        reverse("partners:person-list") + "?" + _query(q=payload),
        reverse("partners:person-detail", args=[person.pk]),
        reverse("partners:person-edit", args=[person.pk]),
        reverse("partners:person-affiliation-add", args=[person.pk]),
        reverse("partners:affiliation-edit", args=[objects["affiliation"].pk]),
    ]
    return [
        *[("coordinator", url) for url in staff_pages],
        ("admin", reverse("partners:route-staff", args=[route.pk])),
        ("contact", reverse("portal:home")),
        ("contact", reverse("partners:organisation-detail", args=[organisation.pk])),
    ]


def _query(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_text_field_are_escaped_on_every_page(corpus_world: dict[str, Any], payload: str) -> None:
    admin = corpus_world["admin"]
    objects = _fill(payload, admin, PAYLOADS.index(payload))
    clients = {"admin": Client(), "coordinator": Client(), "contact": Client()}
    clients["admin"].force_login(admin)
    clients["coordinator"].force_login(objects["coordinator"])
    clients["contact"].force_login(objects["contact"])

    problems = {}
    for persona, url in _pages(objects, payload):
        response = clients[persona].get(url)
        assert response.status_code == 200, (persona, url, response.status_code)
        found = _dangerous(response.content.decode(), payload)
        if found:
            problems[f"{persona} {url}"] = found

    assert problems == {}


def test_a_javascript_website_is_refused(corpus_world: dict[str, Any]) -> None:
    admin = corpus_world["admin"]
    route = OrganisationFactory().routes.model.objects.create(
        programme_name="Ad Test", degree_type="ad", croho_code="80999", croho_area="techniek",
        hogeschool="HS", start_year=2026,
    )  # fmt: skip

    for website in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"):
        with pytest.raises(ValidationError) as refused:
            services.organisation_create(by=admin, data={"name": "Site", "website": website}, routes=[route])
        assert "website" in refused.value.message_dict


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_markdown_payloads_leave_no_active_content(payload: str) -> None:
    html = str(render_markdown(payload))

    assert inline_code(html) == []
    assert "<img" not in html and "<details" not in html and "<math" not in html
    assert not re.search(r"href=\"(?!https?:|mailto:|tel:|#|/)[a-z]+:", html, re.IGNORECASE), html


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


FRAGMENTS = st.sampled_from(
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "[a](javascript:x)",
        "[a](https://example.nl)", "[a](mailto:a@b.nl)", '<a href="java\tscript:x">', "<svg onload=x>", "**b**",
        "*i*", "`code`", "> quote", "- item", "| a | b |\n|---|---|\n| 1 | 2 |", "<style>*{}</style>", '"', "'",
        "<", ">", "&", "\n", "\n\n", " ", "<p style=x>", "<a title=x onclick=y href=/z>", "&#106;avascript:",
        "<iframe>", "<!--", "-->", "<![CDATA[", "]]>", "<form action=x>", "<input autofocus onfocus=x>",
    ]
)  # fmt: skip
MARKDOWN_TEXT = st.one_of(
    st.text(max_size=200), st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=25).map("".join)
)


@given(MARKDOWN_TEXT)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_rendered_markdown_only_holds_allowed_tags_attributes_and_links(text: str) -> None:
    html = str(render_markdown(text))
    collector = _Collector()
    collector.feed(html)

    for tag, attrs in collector.elements:
        assert tag in ALLOWED_TAGS, (tag, text)
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            assert name in allowed, (tag, name, text)
            if name == "href" and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in ALLOWED_URL_SCHEMES or scheme == "", (value, text)
            if name == "rel":
                assert value == "noopener noreferrer nofollow"


@given(MARKDOWN_TEXT)
@settings(max_examples=200, deadline=None)
def test_sanitising_rendered_markdown_again_changes_nothing(text: str) -> None:
    html = str(render_markdown(text))

    assert sanitise_html(html) == html


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "<" in p or '"' in p])
def test_the_corpus_is_caught_when_shown_unescaped(payload: str) -> None:
    """Negative control: the same check finds each payload in a page that forgot to escape it."""
    unescaped = f'<p>{payload}</p><input value="{payload}">'

    assert _dangerous(unescaped, payload) != []
