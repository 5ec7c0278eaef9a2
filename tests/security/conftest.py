"""A seeded county with one planted member in branch 1, and the sweep's five personas."""

import datetime
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from assistance.models import ReturnApplication, ReturnPost
from audit.log import record
from audit.models import Action
from branches.roles import Role
from meetings.models import Meeting, MeetingAttachment
from members.models import ImportBatch, Member
from tests.factories import user_with_role

# Unique enough that finding any of these in a response means the member leaked.
PLANTED_NAME = "甄探针"
PLANTED_PHONE = "13907310731"


@pytest.fixture
def system_admin(db):
    return user_with_role("sysadmin", Role.SYSTEM_ADMIN)


@dataclass
class World:
    """Branch 1's objects, one per model (keyed "app_label.model"), and the personas."""

    planted: Member
    objects: dict = field(default_factory=dict)
    personas: dict = field(default_factory=dict)


def _branch1_object(model, secretary1, secretary2, planted):
    """Preferably an object of branch 1 alone (branch 2 must not see it), about the planted member."""
    manager = model._default_manager
    if model is Member:
        return planted
    if not hasattr(manager, "visible_to"):
        return manager.order_by("pk").first()
    queryset = manager.visible_to(secretary1)
    own = queryset.exclude(pk__in=manager.visible_to(secretary2).values("pk"))
    names = {f.name for f in model._meta.get_fields()}
    if "member" in names and own.filter(member=planted).exists():
        return own.filter(member=planted).order_by("pk").first()
    # Committee-wide rows (a campaign of the whole committee) when branch 1 has none of its own.
    return own.order_by("pk").first() or queryset.order_by("pk").first()


@pytest.fixture
def world(db, settings, tmp_path, time_machine):
    # The county is seeded, and swept, on 2026-12-02: the sweep's table reads the seeded
    # records as they stand that day (branch 1's help request closed, for one), and
    # seed_demo's dice, drawn around the day it runs, put other records there on other days.
    time_machine.move_to("2026-12-02 10:00 +0800", tick=True)
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", members=150, verbosity=0)
    User = get_user_model()
    secretary1 = User.objects.get(username="branch1")
    planted = Member.objects.filter(branch__ordinal=1, branch__committee__pk=secretary1.staff_scope.branch.committee_id)
    planted = planted.order_by("pk").first()
    planted.name, planted.phone = PLANTED_NAME, PLANTED_PHONE
    planted.save()

    # Rows for the models seed_demo leaves empty, so their admin pages have an object too.
    Group.objects.create(name="值班")
    TOTPDevice.objects.create(user=secretary1, name="手机", confirmed=False)
    AccessAttempt.objects.create(username="branch1", ip_address="10.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="branch1", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="branch1", ip_address="10.0.0.1")
    record(None, Action.EXPORT, user=secretary1, what="members", rows=1)
    ReturnApplication.objects.create(
        post=ReturnPost.objects.first(), member=planted, applied_on=datetime.date(2026, 3, 1)
    )
    ImportBatch.objects.create(committee=planted.branch.committee, uploaded_by=secretary1, file_name="花名册.xlsx")
    attachment = MeetingAttachment(
        meeting=Meeting.objects.filter(branch=planted.branch).order_by("pk").first(),
        original_name="签到表.png",
        content_type="image/png",
        size=8,
    )
    attachment.file.save("upload.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)

    personas = {
        "anonymous": None,
        "branch2": User.objects.get(username="branch2"),
        "auditor": User.objects.get(username="auditor"),
        "sysadmin": User.objects.get(username="sysadmin"),
        "branch1": secretary1,
    }
    result = World(planted=planted, personas=personas)
    for model in apps.get_models():
        if model._meta.label_lower.startswith(("sessions.", "contenttypes.", "admin.")):
            continue
        result.objects[model._meta.label_lower] = _branch1_object(model, secretary1, personas["branch2"], planted)
    # The account that account pages open: branch 1's secretary.
    result.objects["auth.user"] = secretary1
    return result
