import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, Committee, HomeOrganisation
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
    ACTIVE = "active", _("On the roll")
    RETURNED = "returned", _("Returned home")
    TRANSFERRED = "transferred", _("Transferred out")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    DECEASED = "deceased", _("Deceased")


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


class PostTitle(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    ORGANISATION = "organisation", _("Organisation committee member")
    PUBLICITY = "publicity", _("Publicity committee member")
    DISCIPLINE = "discipline", _("Discipline inspection committee member")


class Post(models.Model):
    """支部职务: a member holds an office in a branch from one date to another."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="posts", verbose_name=_("member"))
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="posts", verbose_name=_("branch"))
    title = models.CharField(_("post"), max_length=20, choices=PostTitle.choices)
    started_on = models.DateField(_("from"), validators=[not_in_future])
    ended_on = models.DateField(_("to"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("branch post")
        verbose_name_plural = _("branch posts")
        ordering = ["branch_id", "title", "-started_on"]
        constraints = [
            # One current holder per post per branch (a branch has one secretary).
            models.UniqueConstraint(
                fields=["branch", "title"],
                condition=Q(ended_on__isnull=True),
                name="post_one_current_holder",
                violation_error_message=_("This post already has a current holder in the branch."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="post_ends_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.branch} {self.get_title_display()} {self.member}"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A post cannot end before it starts.")})


class HonorQuerySet(scoped_queryset("branch", "branch__committee")):
    """An honour belongs to a branch directly or through its member; a committee's own
    honour (表彰 of the whole 流动党委) is read by its staff and by all its branches."""

    def visible_to(self, user):
        by_branch = super().visible_to(user)
        by_member = self.filter(member__in=Member.objects.visible_to(user))
        by_committee = self.filter(committee__in=Committee.objects.visible_to(user))
        return by_branch | by_member | by_committee


class Honor(models.Model):
    """表彰 given to a member, a branch or a whole committee."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="honors", verbose_name=_("member")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="honors", verbose_name=_("branch")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="honors", verbose_name=_("committee")
    )
    title = models.CharField(_("title"), max_length=100, help_text=_("e.g. 优秀共产党员"))
    awarded_by = models.CharField(_("awarded by"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(HonorQuerySet)()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, branch__isnull=True, committee__isnull=True)
                | Q(member__isnull=True, branch__isnull=False, committee__isnull=True)
                | Q(member__isnull=True, branch__isnull=True, committee__isnull=False),
                name="honor_one_recipient",
                violation_error_message=_("An honour goes to one member, one branch or one committee."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.title} · {self.recipient}"

    @property
    def recipient(self):
        return self.member or self.branch or self.committee

    def clean(self):
        if sum(bool(pk) for pk in (self.member_id, self.branch_id, self.committee_id)) != 1:
            raise ValidationError(_("An honour goes to one member, one branch or one committee."))


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    REJECTED = "rejected", _("Has errors")
    IMPORTED = "imported", _("Imported")
    EXPIRED = "expired", _("Not confirmed in time")


def import_file_path(instance, filename):
    # The uploader's file name never reaches the file system: a random name and
    # the format detected from the content.
    return f"imports/{uuid.uuid4().hex}.{instance.file_format or 'bin'}"


class ImportBatch(models.Model):
    """导入记录: one uploaded roster, its preview and, once confirmed, what it changed."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="import_batches", verbose_name=_("committee")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=200, help_text=_("As the uploader named it; display only."))
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    file = models.FileField(_("file"), upload_to=import_file_path, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    unmatched_columns = models.JSONField(_("unmatched columns"), default=list, blank=True)
    # The preview as shown to the uploader (rows, errors, file-level problems).
    report = models.JSONField(_("preview"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="committee__branches", committee_path="committee")
    )()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-uploaded_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{timezone.localtime(self.uploaded_at):%Y-%m-%d %H:%M} {self.file_name}"
