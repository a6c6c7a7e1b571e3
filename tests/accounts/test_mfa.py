"""Two-factor authentication: TOTP activation, login with a code, replay refused, recovery codes once,
and REQUIRE_STAFF_MFA sending staff without TOTP to its setup."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import logged_in_user_id, login_with_password
from tests.factories import PASSWORD, OrganisationFactory, UserFactory, assign
from verbinder.accounts.enums import Role
from verbinder.accounts.models import User


def totp_now(secret: str) -> str:
    """The current code (MFA_TOTP_TOLERANCE is 0: only this period's code counts)."""
    if time.time() % 30 > 28:  # too close to the next period to be used in time
        time.sleep(2.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def activate_totp(client: Client) -> str:
    """Set up TOTP through the pages, as a person with an authenticator app would. Returns the secret."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:
        # Security settings ask for the password again, even just after login.
        assert page["Location"].startswith(reverse("account_reauthenticate"))
        assert client.post(page["Location"], {"password": PASSWORD}).status_code == 302
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return secret


@pytest.fixture
def member_with_totp(member: User) -> tuple[User, str]:
    client = Client()
    login_with_password(client, member.email)
    secret = activate_totp(client)
    return member, secret


def test_activating_totp_creates_the_authenticator_and_recovery_codes(member: User) -> None:
    client = Client()
    login_with_password(client, member.email)

    activate_totp(client)

    types = set(Authenticator.objects.filter(user=member).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_activating_totp_with_a_wrong_code_fails(member: User) -> None:
    client = Client()
    login_with_password(client, member.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=member).exists()


def test_login_asks_for_the_code_after_the_password(member_with_totp: tuple[User, str]) -> None:
    member, secret = member_with_totp
    client = Client()

    after_password = login_with_password(client, member.email)

    assert after_password.status_code == 302
    assert after_password["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None
    assert client.get(reverse("partners:route-list")).status_code == 302

    after_code = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})

    assert after_code.status_code == 302
    assert logged_in_user_id(client) == member.pk


def test_a_wrong_totp_code_is_refused(member_with_totp: tuple[User, str]) -> None:
    member, _secret = member_with_totp
    client = Client()
    login_with_password(client, member.email)

    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_a_totp_code_cannot_be_replayed(member_with_totp: tuple[User, str]) -> None:
    member, secret = member_with_totp
    code = totp_now(secret)
    first = Client()
    login_with_password(first, member.email)
    first.post(reverse("mfa_authenticate"), {"code": code})
    assert logged_in_user_id(first) == member.pk

    second = Client()
    login_with_password(second, member.email)
    replay = second.post(reverse("mfa_authenticate"), {"code": code})

    assert replay.status_code == 200
    assert logged_in_user_id(second) is None


def test_a_recovery_code_works_once(member_with_totp: tuple[User, str]) -> None:
    member, _secret = member_with_totp
    codes = RecoveryCodes(Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES))
    code = codes.get_unused_codes()[0]
    first = Client()
    login_with_password(first, member.email)

    first.post(reverse("mfa_authenticate"), {"code": code})

    assert logged_in_user_id(first) == member.pk
    second = Client()
    login_with_password(second, member.email)
    second.post(reverse("mfa_authenticate"), {"code": code})
    assert logged_in_user_id(second) is None


def test_required_staff_mfa_sends_staff_without_totp_to_the_setup(member: User, settings: Any) -> None:
    settings.VERBINDER_REQUIRE_STAFF_MFA = True
    client = Client()
    login_with_password(client, member.email)

    blocked = [client.get(url) for url in (reverse("partners:route-list"), reverse("partners:organisation-list"))]

    assert [(r.status_code, r["Location"]) for r in blocked] == [(302, reverse("mfa_activate_totp"))] * 2
    activate_totp(client)
    assert client.get(reverse("partners:route-list")).status_code == 200


def test_required_staff_mfa_lets_external_users_through(db: Any, settings: Any) -> None:
    settings.VERBINDER_REQUIRE_STAFF_MFA = True
    contact = assign(UserFactory(), Role.COMPANY_CONTACT, organisation=OrganisationFactory())
    client = Client()
    login_with_password(client, contact.email)

    assert client.get(reverse("portal:home")).status_code == 200


def test_required_staff_mfa_still_lets_staff_log_out_and_switch_language(member: User, settings: Any) -> None:
    settings.VERBINDER_REQUIRE_STAFF_MFA = True
    client = Client()
    login_with_password(client, member.email)

    switched = client.post(reverse("accounts:language"), {"language": "en", "next": reverse("mfa_activate_totp")})
    logout = client.post(reverse("account_logout"))

    assert switched.status_code == 302
    assert switched["Location"] == reverse("mfa_activate_totp")
    member.refresh_from_db()
    assert member.language == "en"
    assert logout.status_code == 302
    assert logged_in_user_id(client) is None


def test_required_staff_mfa_is_off_by_default(member: User, settings: Any) -> None:
    client = Client()
    login_with_password(client, member.email)

    assert settings.VERBINDER_REQUIRE_STAFF_MFA is False
    assert client.get(reverse("partners:route-list")).status_code == 200
