"""The queue's rows are shown on the jobs page (failed tasks, retries), not in the admin:
django-tasks-db's own admin would let the county administrator edit or delete a task's row."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
