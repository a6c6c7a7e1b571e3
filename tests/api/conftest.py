"""API clients per persona: each authenticates with its own API token (anonymous sends none)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.conftest import World
from verbinder.api.services import api_token_create

API = "/api/v1"


@dataclass
class ApiResponse:
    status: int
    body: Any
    headers: dict[str, str]


@dataclass
class ApiClient:
    token: str | None
    client: Client = field(default_factory=Client)

    def request(self, method: str, path: str, body: Any = None, **params: Any) -> ApiResponse:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = json.dumps(body) if body is not None else ""
        query = urlencode(params)
        url = f"{API}{path}" + (f"?{query}" if query else "")
        response = self.client.generic(method, url, data, content_type="application/json", headers=headers)
        content = response.content.decode()
        parsed = json.loads(content) if content and response["Content-Type"].startswith("application/json") else content
        return ApiResponse(response.status_code, parsed, dict(response.headers))

    def get(self, path: str, **params: Any) -> ApiResponse:
        return self.request("GET", path, **params)

    def post(self, path: str, body: Any = None) -> ApiResponse:
        return self.request("POST", path, body)

    def patch(self, path: str, body: Any) -> ApiResponse:
        return self.request("PATCH", path, body)

    def delete(self, path: str) -> ApiResponse:
        return self.request("DELETE", path)


class Personas:
    def __init__(self, world: World) -> None:
        self.world = world
        self._clients: dict[str, ApiClient] = {}

    def __call__(self, persona: str) -> ApiClient:
        if persona not in self._clients:
            token = None
            if persona != "anonymous":
                _, token = api_token_create(user=self.world.users[persona], name=f"test {persona}", by=None)
            self._clients[persona] = ApiClient(token)
        return self._clients[persona]


@pytest.fixture
def api(world: World) -> Personas:
    """`api("coordinator").get("/organisations")`: a client with that persona's token."""
    return Personas(world)
