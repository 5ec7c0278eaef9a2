"""Background tasks of the notifications: send what the quiet hours held back."""

from django_tasks import task

from notifications.services import dispatch_due


@task()
def dispatch_deliveries():
    """Send the e-mails and SMS that are due; enqueued with ``run_after`` the end of the quiet hours."""
    return dispatch_due()
