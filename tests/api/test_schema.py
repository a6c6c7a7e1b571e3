"""The OpenAPI schema is complete, and the docs page works under the Content-Security-Policy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.api.conftest import API

READS = {"401", "404", "422"}
WRITES = {"400", "401", "403", "404", "422"}
ACTIONS = {"401", "403", "404", "422"}
# Where a conflict can happen: a stale version, a registered KVK number or student number, a duplicate role or
# relationship, a likely duplicate lead.
CONFLICTS = {
    "POST /api/v1/organisations",
    "PATCH /api/v1/organisations/{organisation_id}",
    "PATCH /api/v1/people/{person_id}",
    "POST /api/v1/people/{person_id}/affiliations",
    "POST /api/v1/relationships",
    "POST /api/v1/outreach/routes/{route_id}/pipeline/{organisation_id}/move",
    "PATCH /api/v1/outreach/routes/{route_id}/pipeline/{organisation_id}",
    "PATCH /api/v1/outreach/activities/{activity_id}",
    "POST /api/v1/outreach/activities/{activity_id}/leads",
    "PATCH /api/v1/placements/workplaces/{workplace_id}",
    "POST /api/v1/placements/workplaces/{workplace_id}/approve",
    "POST /api/v1/placements/workplaces/{workplace_id}/withdraw",
    "POST /api/v1/placements/students",
    "PATCH /api/v1/placements/students/{student_id}",
    "POST /api/v1/placements/matches/{match_id}/withdraw",
    *(
        f"POST /api/v1/placements/{{placement_id}}/{action}"
        for action in (
            "add-host",
            "remove-host",
            "change-employer",
            "change-shares",
            "update-host",
            "update-details",
            "pause",
            "resume",
            "end",
        )
    ),
    *(f"POST /api/v1/agreements/{{agreement_id}}/{action}" for action in ("send", "cancel", "terminate")),
}


@pytest.fixture
def schema(db: Any) -> dict[str, Any]:
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, item in schema["paths"].items() for method, op in item.items()]


def test_schema_lists_every_resource(schema: dict[str, Any]) -> None:
    paths = set(schema["paths"])

    assert {f"{API}/{name}" for name in ("routes", "organisations", "people", "relationships")} <= paths
    outreach = ("interactions", "follow-ups", "routes/{route_id}/pipeline", "routes/{route_id}/activities")
    assert {f"{API}/outreach/{name}" for name in outreach} <= paths
    placements = ("workplaces", "students", "matches", "{placement_id}", "{placement_id}/events")
    assert {f"{API}/placements", *(f"{API}/placements/{name}" for name in placements)} <= paths
    agreements = ("templates", "templates/{template_id}", "{agreement_id}", "{agreement_id}/signatures")
    assert {f"{API}/agreements", *(f"{API}/agreements/{name}" for name in agreements)} <= paths
    assert f"{API}/agreements/matrix/routes/{{route_id}}" in paths
    assert len(operations(schema)) == 90


def test_every_operation_declares_its_error_responses(schema: dict[str, Any]) -> None:
    missing = {}
    for method, path, operation in operations(schema):
        declared = set(operation["responses"])
        if method == "GET":
            needed = READS
        elif operation.get("requestBody"):
            needed = WRITES | ({"409"} if f"{method} {path}" in CONFLICTS else set())
        else:
            needed = ACTIONS
        if needed - declared:
            missing[f"{method} {path}"] = sorted(needed - declared)
    assert missing == {}


def test_conflicts_are_declared_only_where_they_can_happen(schema: dict[str, Any]) -> None:
    declared = {f"{method} {path}" for method, path, op in operations(schema) if "409" in op["responses"]}

    assert declared == CONFLICTS


def test_every_operation_needs_a_token_or_a_session(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]

    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"
    assert all(op["security"] == [{"TokenAuth": []}, {"SessionAuth": []}] for _, _, op in operations(schema))


def test_text_fields_publish_a_pattern_that_refuses_nul(schema: dict[str, Any]) -> None:
    strings = [
        (name, prop)
        for component in schema["components"]["schemas"].values()
        if component.get("additionalProperties") is False  # request bodies
        for name, prop in component["properties"].items()
        if prop.get("type") == "string" and "enum" not in prop
    ]

    assert strings
    for name, prop in strings:
        assert "pattern" in prop or prop.get("format") == "phone", name
        if "pattern" in prop:
            assert not re.fullmatch(prop["pattern"], "a\x00b"), name


def test_docs_page_needs_no_inline_script_and_no_cdn(db: Any) -> None:
    response = Client().get(f"{API}/docs")
    html = response.content.decode()

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        # Either a file of our own origin or JSON data (which the browser does not run).
        assert ('src="/static/' in attributes and not body.strip()) or 'type="application/json"' in attributes
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    for asset in re.findall(r"""(?:src|href)="/static/([^"]+)""", html):
        assert finders.find(asset), asset
