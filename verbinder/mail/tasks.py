from django_tasks import task

from verbinder.mail.services import message_deliver, messages_sweep


@task(queue_name="email")
def deliver_message(message_pk: int) -> str:
    return message_deliver(message_pk=message_pk)


@task(queue_name="email")
def sweep_outbox() -> int:
    return messages_sweep()
