"""A task that raises is never silently lost: django-tasks-db keeps the row FAILED with its
traceback (the jobs page lists it), django-tasks logs it at ERROR, and this receiver tells
the county administrators and system administrators in the app."""

import logging

from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from branches.roles import Role
from notifications.models import Channel
from notifications.services import Message, notify_many

logger = logging.getLogger("jobs")


def job_watchers():
    return get_user_model().objects.filter(is_active=True, staff_scope__role__in=[Role.COUNTY_ADMIN, Role.SYSTEM_ADMIN])


@receiver(task_finished, dispatch_uid="jobs.failures.tell_watchers")
def tell_watchers(sender, task_result, **kwargs):
    if task_result.status != TaskResultStatus.FAILED:
        return
    error = task_result.errors[-1].exception_class_path if task_result.errors else ""
    name = task_result.task.name
    try:
        notify_many(
            Message(
                kind="task_failed",
                title=_("Background task failed: %(task)s") % {"task": name},
                body=error,
                recipient=user.get_full_name() or user.username,
                user=user,
                url=reverse("jobs:list"),
                key=f"task_failed:{task_result.id}:user:{user.pk}",
                channels=(Channel.APP,),
            )
            for user in job_watchers()
        )
    except Exception:  # telling must never hide the failure it tells of
        logger.exception("Could not notify of the failed task %s", task_result.id)
