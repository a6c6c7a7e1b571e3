from __future__ import annotations

from typing import Any

from django.db import transaction

from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.accounts.scope import forget_scope
from verbinder.core.activity import log_action


@transaction.atomic
def user_create(*, email: str, name: str, password: str | None = None, language: str = "nl", by: Any = None) -> User:
    user = User.objects.create_user(email=email, password=password, name=name, language=language)
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    log_action(actor=by, action_type="accounts.user.created", target=user)
    return user


@transaction.atomic
def role_assign(
    *, user: User, role: Role | str, route: Any = None, organisation: Any = None, by: Any = None
) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, route=route, organisation=organisation
    )
    if created:
        log_action(
            actor=by,
            action_type="accounts.role.assigned",
            target=user,
            data={"role": str(role), "route": str(route or ""), "organisation": str(organisation or "")},
        )
    forget_scope(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, by: Any = None) -> None:
    log_action(
        actor=by,
        action_type="accounts.role.revoked",
        target=assignment.user,
        data={
            "role": assignment.role,
            "route": str(assignment.route or ""),
            "organisation": str(assignment.organisation or ""),
        },
    )
    assignment.delete()
    forget_scope(assignment.user)


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    """The person's own choice of language (from the switcher), so they are the actor."""
    if user.language != language:
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        log_action(
            actor=user,
            action_type="accounts.user.language_changed",
            target=user,
            changes={"language": [before, language]},
        )


@transaction.atomic
def user_set_follow_up_digest(*, user: User, enabled: bool) -> None:
    """The person's own choice (on their e-mail settings page) whether to get the follow-up digest."""
    if user.follow_up_digest != enabled:
        before = user.follow_up_digest
        user.follow_up_digest = enabled
        user.save(update_fields=["follow_up_digest"])
        log_action(
            actor=user,
            action_type="accounts.user.follow_up_digest_changed",
            target=user,
            changes={"follow_up_digest": [before, enabled]},
        )
