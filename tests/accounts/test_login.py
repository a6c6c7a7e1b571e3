"""Login with e-mail and password, login by a code sent by e-mail (over real SMTP), password reset, lockout."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import (
    LOGIN_CODE_RE,
    TimeMachine,
    logged_in_user_id,
    login_code_in,
    login_with_password,
    mail_text,
)
from tests.factories import PASSWORD, UserFactory
from tests.smtp import SMTPServer
from verbinder.accounts.models import User
from verbinder.mail.enums import MessageStatus
from verbinder.mail.models import OutboxMessage


def test_login_page_is_dutch(client: Any, db: Any) -> None:
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()
    assert "Inloggen" in response.content.decode()


def test_login_with_email_and_password(client: Any, member: User) -> None:
    response = login_with_password(client, "Coby@Hogeschool.nl")

    assert response.status_code == 302
    assert logged_in_user_id(client) == member.pk
    assert client.get(reverse("partners:route-list")).status_code == 200


def test_login_with_a_wrong_password_fails(client: Any, member: User) -> None:
    response = login_with_password(client, member.email, "niet-het-wachtwoord")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert logged_in_user_id(client) is None


def test_inactive_user_cannot_log_in(client: Any, member: User) -> None:
    member.is_active = False
    member.save()

    login_with_password(client, member.email)

    assert logged_in_user_id(client) is None


def _request_code(client: Any, deliver_on_commit: Any, email: str) -> Any:
    return deliver_on_commit(lambda: client.post(reverse("account_request_login_code"), {"email": email}))


def test_login_by_code_travels_through_the_outbox_and_smtp(
    client: Any, member: User, smtp_server: SMTPServer, deliver_on_commit: Any
) -> None:
    response = _request_code(client, deliver_on_commit, member.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    assert mail.outbox == []  # not Django's memory backend: the message went over SMTP
    outbox = OutboxMessage.objects.get(recipient=member.email)
    assert outbox.status == MessageStatus.SENT
    assert smtp_server.to(member.email)[0]["Message-ID"] == outbox.message_id
    code = login_code_in(mail_text(smtp_server, member.email))

    confirmed = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert confirmed.status_code == 302
    assert logged_in_user_id(client) == member.pk


def test_login_code_mail_is_in_the_users_language(
    client: Any, db: Any, smtp_server: SMTPServer, deliver_on_commit: Any
) -> None:
    english = UserFactory(email="eve@example.org", language="en")
    dutch = UserFactory(email="daan@example.nl", language="nl")

    _request_code(client, deliver_on_commit, english.email)
    _request_code(client.__class__(), deliver_on_commit, dutch.email)

    assert "sign-in code" in mail_text(smtp_server, english.email)
    assert "sign-in code" not in mail_text(smtp_server, dutch.email)


def test_login_code_cannot_be_used_twice(
    client: Any, member: User, smtp_server: SMTPServer, deliver_on_commit: Any
) -> None:
    _request_code(client, deliver_on_commit, member.email)
    code = login_code_in(mail_text(smtp_server, member.email))
    client.post(reverse("account_confirm_login_code"), {"code": code})
    client.post(reverse("account_logout"))
    assert logged_in_user_id(client) is None

    again = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert again.status_code == 302
    assert again["Location"].startswith(reverse("account_login"))
    assert logged_in_user_id(client) is None


def test_login_code_expires(
    client: Any, member: User, smtp_server: SMTPServer, deliver_on_commit: Any, time_machine: TimeMachine
) -> None:
    time_machine.patch("allauth.account.internal.flows.code_verification", "allauth.account.internal.stagekit")
    _request_code(client, deliver_on_commit, member.email)
    code = login_code_in(mail_text(smtp_server, member.email))

    time_machine.travel(301)  # ACCOUNT_LOGIN_BY_CODE_TIMEOUT is 300 seconds
    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert logged_in_user_id(client) is None


def test_login_code_allows_three_wrong_guesses_then_stops(
    client: Any, member: User, smtp_server: SMTPServer, deliver_on_commit: Any
) -> None:
    _request_code(client, deliver_on_commit, member.email)
    code = login_code_in(mail_text(smtp_server, member.email))

    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": "BBBB-BBBB"})
    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert logged_in_user_id(client) is None
    assert response.status_code == 302


def test_login_code_for_an_unknown_address_sends_no_code(
    client: Any, db: Any, smtp_server: SMTPServer, deliver_on_commit: Any
) -> None:
    response = _request_code(client, deliver_on_commit, "onbekend@example.nl")

    assert response.status_code == 302  # the same answer as for a known address: no account enumeration
    assert LOGIN_CODE_RE.search(mail_text(smtp_server, "onbekend@example.nl")) is None
    assert client.post(reverse("account_confirm_login_code"), {"code": "BCDF-GHJK"}).status_code in (200, 302)
    assert logged_in_user_id(client) is None


def test_password_reset_through_smtp(
    client: Any, member: User, smtp_server: SMTPServer, deliver_on_commit: Any
) -> None:
    response = deliver_on_commit(lambda: client.post(reverse("account_reset_password"), {"email": member.email}))
    assert response.status_code == 302
    assert mail.outbox == []
    text = mail_text(smtp_server, member.email)
    link = next(word for word in text.split() if "/accounts/password/reset/key/" in word)
    path = link[link.index("/accounts/") :]

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_password = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": "een-nieuw-lang-wachtwoord", "password2": "een-nieuw-lang-wachtwoord"},
    )

    assert set_password.status_code == 302
    member.refresh_from_db()
    assert member.check_password("een-nieuw-lang-wachtwoord")
    fresh = client.__class__()
    assert login_with_password(fresh, member.email, PASSWORD).status_code == 200
    assert login_with_password(fresh, member.email, "een-nieuw-lang-wachtwoord").status_code == 302
    reused = client.get(path, follow=True)
    assert reused.context["token_fail"] is True  # the link worked once


def test_five_failed_logins_lock_the_account(client: Any, member: User) -> None:
    for _ in range(5):
        assert login_with_password(client, member.email, "fout-wachtwoord").status_code == 200

    locked = login_with_password(client, member.email)

    assert logged_in_user_id(client) is None
    assert locked.status_code == 200
    assert [e.code for e in locked.context["form"].non_field_errors().as_data()] == ["too_many_login_attempts"]


def test_five_failed_logins_from_one_address_lock_that_address(client: Any, member: User, db: Any) -> None:
    for n in range(5):
        login_with_password(client, f"raden{n}@example.nl", "fout-wachtwoord")

    login_with_password(client, member.email)

    assert logged_in_user_id(client) is None


def test_failed_logins_from_elsewhere_do_not_lock_out_another_address(member: User, db: Any) -> None:
    from django.test import Client

    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(5):
        login_with_password(attacker, f"raden{n}@example.nl", "fout-wachtwoord")
    owner = Client(REMOTE_ADDR="198.51.100.7")

    login_with_password(owner, member.email)

    assert logged_in_user_id(owner) == member.pk


def test_sign_up_is_closed(client: Any, db: Any) -> None:
    page = client.get(reverse("account_signup"))
    attempt = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.nl", "password1": "een-lang-wachtwoord", "password2": "een-lang-wachtwoord"},
    )

    assert page.status_code == 200
    assert "signup_closed" in page.templates[0].name
    assert attempt.status_code == 200
    assert not User.objects.filter(email="nieuw@example.nl").exists()


@pytest.mark.parametrize("url_name", ["account_email", "account_change_password", "mfa_index"])
def test_account_pages_need_a_login(client: Any, db: Any, url_name: str) -> None:
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
