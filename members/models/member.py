"""A party member's file (党员档案): the record every other one points to, and its choices."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, HomeOrganisation
from branches.scoping import ScopedManager, scoped_queryset
from lib.validators import not_in_future
from members.id_number import mask_id_number, normalize_id_number, validate_id_number

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11})$")


def validate_phone(value):
    """11-digit mobile numbers starting 13–19, or a landline with its area code."""
    if value and not PHONE_RE.match(value):
        raise ValidationError(
            _("Enter an 11-digit mobile number starting with 13–19, or a landline with area code."),
            code="phone",
        )


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("Bachelor's degree")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational")
    HIGH_SCHOOL = "high_school", _("High school")
    MIDDLE_SCHOOL = "middle_school", _("Middle school or below")


class Category(models.TextChoices):
    DIRECT = "direct", _("Directly managed member")
    MOBILE = "mobile", _("Mobile member")


class Occupation(models.TextChoices):
    BUSINESS_OWNER = "business_owner", _("Business owner")
    WORKER = "worker", _("Migrant worker")
    PROFESSIONAL = "professional", _("Professional or technician")
    MANAGER = "manager", _("Company manager")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    OTHER = "other", _("Other")


class MemberStatus(models.TextChoices):
    """党籍 and the file's place on the roll (members.lifecycle holds the transitions).

    Only 在册 files count as the committee's members on the boards and statistics."""

    ACTIVE = "active", _("On the roll")
    PENDING_TRANSFER = "pending_transfer", _("Transfer pending")
    TRANSFERRED = "transferred", _("Transferred out")
    RETURNED = "returned", _("Returned home")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    SUSPENDED = "suspended", _("Membership suspended")
    REMOVED = "removed", _("Removed from the roll")
    EXPELLED = "expelled", _("Expelled from the party")
    DECEASED = "deceased", _("Deceased")


# Files that are closed: kept, read-only, never deleted.
CLOSED_STATUSES = frozenset(
    {MemberStatus.TRANSFERRED, MemberStatus.REMOVED, MemberStatus.EXPELLED, MemberStatus.DECEASED}
)


class Member(models.Model):
    """党员档案: one party member's file. Never deleted; its status changes instead."""

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("birth date"), validators=[not_in_future])
    id_number = models.CharField(_("ID number"), max_length=18, validators=[validate_id_number])
    phone = models.CharField(_("phone"), max_length=12, blank=True, validators=[validate_phone])
    education = models.CharField(_("education"), max_length=30, choices=Education.choices, blank=True)
    hometown_township = models.CharField(_("hometown township"), max_length=30, blank=True)
    hometown_village = models.CharField(_("hometown village"), max_length=30, blank=True)
    # 流出地党组织: the village branch at home that holds a mobile member's relation, a link
    # to the county's list; the text an old file or a roster gave is kept beside it while
    # it matches no organisation of the list (for a person to resolve, never guessed).
    home_organisation = models.ForeignKey(
        HomeOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("home party organisation"),
        help_text=_("The village branch that keeps a mobile member's membership relation."),
    )
    home_organisation_text = models.CharField(
        _("home party organisation (as written)"),
        max_length=100,
        blank=True,
        help_text=_("The name as an old file or a roster gave it, while it matches no home organisation."),
    )
    joined_party_on = models.DateField(_("joined the party on"), validators=[not_in_future])
    full_member_on = models.DateField(
        _("full member since"),
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text=_("Empty while the member is a probationary member."),
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="members", verbose_name=_("branch"))
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=50, blank=True)
    work_city = models.CharField(_("work city"), max_length=30, blank=True)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices, blank=True)
    left_home_on = models.DateField(_("left home on"), null=True, blank=True, validators=[not_in_future])
    activity_certificate_no = models.CharField(_("activity certificate number"), max_length=30, blank=True)
    # 档案照片: JPG or PNG told by its content, stored under a random name, served only after
    # the scope check (members:photo); the old file stays for the history rows that name it.
    photo = models.FileField(_("photo"), upload_to="member_photos/%Y/", blank=True, max_length=120)
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    # The day the current status began (失联 since, 停止党籍 since …): the timers read it.
    status_since = models.DateField(_("status since"), null=True, blank=True)
    # The day the member came to the current branch (a transfer within the committee):
    # with left_home_on, where the 报到 grace period starts.
    branch_since = models.DateField(_("in the branch since"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedManager.from_queryset(scoped_queryset(home_path="home_organisation"))()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["branch_id", "pk"]
        # Members are never deleted by users: their status changes instead.
        default_permissions = ("add", "change", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                name="member_unique_id_number",
                violation_error_message=_("A member with this ID number is already on file."),
            ),
            models.CheckConstraint(
                condition=Q(full_member_on__isnull=True) | Q(full_member_on__gte=F("joined_party_on")),
                name="member_full_after_joined",
                violation_error_message=_("The full-membership date cannot be before the joining date."),
            ),
            models.CheckConstraint(
                condition=Q(joined_party_on__gt=F("birth_date")),
                name="member_joined_after_birth",
                violation_error_message=_("The joining date must be after the birth date."),
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "category", "status"], name="member_branch_category"),
            # The list's default order: a page far down a county-wide list reads only its rows.
            models.Index(fields=["branch", "id"], name="member_branch_order"),
            models.Index(fields=["hometown_township"], name="member_township"),
            models.Index(fields=["work_city"], name="member_work_city"),
            models.Index(fields=["name"], name="member_name"),
            models.Index(fields=["phone"], name="member_phone"),
            # The 失联 / 停止党籍 timers: members of a status, oldest first.
            models.Index(fields=["status", "status_since"], name="member_status_since"),
            # 应转尽转: mobile members on the roll away the longest.
            models.Index(fields=["status", "category", "left_home_on"], name="member_away_since"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.id_number = normalize_id_number(self.id_number)
        errors = self.date_order_errors()
        if errors:
            raise ValidationError(errors)

    def date_order_errors(self, *, by_month=()) -> dict[str, str]:
        """The dates of a file in life's order: born, then joined the party, then full member.

        Dates named in ``by_month`` are known to the month only (a roster's "2004.07"):
        a full membership in the month of joining is not judged early.
        """
        errors = {}
        joined, full = self.joined_party_on, self.full_member_on
        if joined and full:
            if {"joined_party_on", "full_member_on"} & set(by_month):
                early = (full.year, full.month) < (joined.year, joined.month)
            else:
                early = full < joined
            if early:
                errors["full_member_on"] = _("The full-membership date cannot be before the joining date.")
        if self.birth_date and joined and joined <= self.birth_date:
            errors["joined_party_on"] = _("The joining date must be after the birth date.")
        return errors

    @property
    def is_read_only(self) -> bool:
        """转出, 除名, 出党 and 去世 files are kept as they are; only the history grows."""
        return self.status in CLOSED_STATUSES

    @property
    def home_organisation_display(self) -> str:
        """The linked organisation's name, or the text still waiting to be matched."""
        if self.home_organisation_id:
            return self.home_organisation.full_name
        return self.home_organisation_text

    @property
    def is_full_member(self) -> bool:
        return self.full_member_on is not None

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)
