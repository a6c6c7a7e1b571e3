"""Links to act once without an account (verbinder/core/links.py): signed, bound to one party and target,
single-use, expiring, revocable and re-sendable."""

from __future__ import annotations

import datetime
import hashlib
import threading

import pytest
from django.core import signing
from django.db import connection, connections, transaction
from django.test import override_settings
from django.utils import timezone

from tests.factories import RouteFactory
from verbinder.core.links import (
    EXPIRED,
    REVOKED,
    TAMPERED,
    UNKNOWN,
    USED,
    LinkError,
    link_check,
    link_issue,
    link_reissue,
    link_use,
    links_open,
    links_revoke,
)
from verbinder.core.models import ActionLink

PURPOSE = "test_action"


def issue(target=None, **kwargs):
    target = target or RouteFactory()
    defaults = {"purpose": PURPOSE, "target": target, "party": "student", "email": "s@example.nl", "name": "Sara"}
    return link_issue(**{**defaults, **kwargs})


def reason_of(**kwargs) -> str:
    with pytest.raises(LinkError) as caught:
        link_check(**kwargs)
    return caught.value.reason


@pytest.mark.django_db
def test_link_issue_stores_only_the_nonce_hash_and_checks_back():
    route = RouteFactory()
    link, token = issue(route)

    checked = link_check(purpose=PURPOSE, token=token, party="student", target=route)

    assert checked.pk == link.pk and checked.target == route
    _, nonce = signing.loads(token, salt=f"verbinder.core.links.{PURPOSE}")
    assert link.nonce_hash == hashlib.sha256(nonce.encode()).hexdigest()
    assert nonce not in str(ActionLink.objects.filter(pk=link.pk).values().get())


@pytest.mark.django_db
@override_settings(ACTION_LINK_DAYS=3)
def test_link_issue_expires_after_the_setting():
    now = timezone.now()
    link, _ = issue(now=now)
    assert link.expires_at == now + datetime.timedelta(days=3)


@pytest.mark.django_db
def test_link_check_refuses_a_tampered_token_before_any_lookup(django_assert_num_queries):
    _, token = issue()
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    with django_assert_num_queries(0):
        assert reason_of(purpose=PURPOSE, token=tampered) == TAMPERED
        assert reason_of(purpose=PURPOSE, token="not-a-token") == TAMPERED
        assert reason_of(purpose=PURPOSE, token="") == TAMPERED


@pytest.mark.django_db
def test_link_check_refuses_a_token_of_another_purpose():
    _, token = issue()
    assert reason_of(purpose="sign_agreement", token=token) == TAMPERED


@pytest.mark.django_db
def test_link_check_refuses_a_signed_token_with_a_wrong_nonce_or_id():
    link, _ = issue()
    salt = f"verbinder.core.links.{PURPOSE}"
    assert reason_of(purpose=PURPOSE, token=signing.dumps([link.pk, "guess"], salt=salt)) == UNKNOWN
    assert reason_of(purpose=PURPOSE, token=signing.dumps([link.pk + 1000, "guess"], salt=salt)) == UNKNOWN
    assert reason_of(purpose=PURPOSE, token=signing.dumps({"id": link.pk}, salt=salt)) == TAMPERED


@pytest.mark.django_db
def test_link_check_refuses_another_party_or_target():
    route, other = RouteFactory(), RouteFactory()
    _, token = issue(route, party="student")

    assert reason_of(purpose=PURPOSE, token=token, party="company") == UNKNOWN
    assert reason_of(purpose=PURPOSE, token=token, target=other) == UNKNOWN
    assert link_check(purpose=PURPOSE, token=token, party="student", target=route)


@pytest.mark.django_db
def test_link_check_refuses_an_expired_link():
    now = timezone.now()
    link, token = issue(now=now, valid_for=datetime.timedelta(hours=1))

    assert link_check(purpose=PURPOSE, token=token, now=now + datetime.timedelta(minutes=59))
    assert reason_of(purpose=PURPOSE, token=token, now=now + datetime.timedelta(hours=1)) == EXPIRED
    ActionLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert reason_of(purpose=PURPOSE, token=token) == EXPIRED


@pytest.mark.django_db
def test_link_use_once_then_used():
    link, token = issue()

    link_use(link=link_check(purpose=PURPOSE, token=token))

    assert reason_of(purpose=PURPOSE, token=token) == USED
    with pytest.raises(LinkError) as caught:
        link_use(link=link)
    assert caught.value.reason == USED and caught.value.status == 410
    assert ActionLink.objects.get(pk=link.pk).used_at is not None


@pytest.mark.django_db
def test_link_use_refuses_expired_at_the_moment_of_use():
    now = timezone.now()
    link, _ = issue(now=now, valid_for=datetime.timedelta(minutes=5))
    with pytest.raises(LinkError) as caught:
        link_use(link=link, now=now + datetime.timedelta(minutes=6))
    assert caught.value.reason == EXPIRED
    assert ActionLink.objects.get(pk=link.pk).used_at is None


@pytest.mark.django_db
def test_link_use_in_a_failed_transaction_leaves_the_link_unused():
    link, token = issue()
    with pytest.raises(RuntimeError), transaction.atomic():
        link_use(link=link)
        raise RuntimeError("the action failed")
    assert link_check(purpose=PURPOSE, token=token).used_at is None


@pytest.mark.django_db
def test_links_revoke_refuses_the_link_as_revoked():
    route = RouteFactory()
    _, student_token = issue(route, party="student")
    _, company_token = issue(route, party="company")

    assert links_revoke(target=route, purpose=PURPOSE, party="student") == 1

    assert reason_of(purpose=PURPOSE, token=student_token) == REVOKED
    assert link_check(purpose=PURPOSE, token=company_token)
    assert links_revoke(target=route, purpose=PURPOSE) == 1
    assert reason_of(purpose=PURPOSE, token=company_token) == REVOKED


@pytest.mark.django_db
def test_link_reissue_revokes_the_old_and_issues_a_new_one_to_the_same_person():
    route = RouteFactory()
    old, old_token = issue(route, party="company", email="c@example.nl", name="Carla")

    new, new_token = link_reissue(link=old)

    assert reason_of(purpose=PURPOSE, token=old_token) == REVOKED
    checked = link_check(purpose=PURPOSE, token=new_token, party="company", target=route)
    assert checked.pk == new.pk != old.pk
    assert (new.email, new.name, new.party) == ("c@example.nl", "Carla", "company")
    assert ActionLink.objects.get(pk=old.pk).replaced_by_id == new.pk
    assert list(links_open(target=route, purpose=PURPOSE)) == [new]


@pytest.mark.django_db
def test_link_reissue_of_an_expired_link_works():
    now = timezone.now()
    old, _ = issue(now=now - datetime.timedelta(days=30), valid_for=datetime.timedelta(days=14))
    new, token = link_reissue(link=old)
    assert link_check(purpose=PURPOSE, token=token).pk == new.pk


@pytest.mark.django_db(transaction=True)
def test_link_use_two_concurrent_clicks_use_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite's test database is one in-memory file)")
    link, _ = issue()
    barrier = threading.Barrier(2)
    used: list[int] = []
    errors: list[BaseException] = []

    def click() -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                link_use(link=ActionLink.objects.get(pk=link.pk))
            used.append(1)
        except BaseException as exc:  # noqa: BLE001 - the thread reports any outcome to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(used) == 1
    assert len(errors) == 1 and isinstance(errors[0], LinkError) and errors[0].reason == USED
