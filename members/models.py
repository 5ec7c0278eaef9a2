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
from branches.roles import Role
from branches.scoping import ScopedManager, scoped_queryset, user_scope
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


class CommitteeTitle(models.TextChoices):
    SECRETARY = "secretary", _("Committee secretary")  # 党委书记
    DEPUTY_SECRETARY = "deputy_secretary", _("Committee deputy secretary")  # 党委副书记
    MEMBER = "member", _("Committee member")  # 党委委员


class CommitteePost(models.Model):
    """党委班子: who sits on the committee's own 委员会, elected for its term (Committee.term_years,
    from Committee.term_started_on; branches.terms). A person of the 班子 may hold no file in
    the committee's branches (a county cadre): the name is kept, the file linked where there is one."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="posts", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=50)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_posts",
        verbose_name=_("member file"),
    )
    title = models.CharField(_("post"), max_length=20, choices=CommitteeTitle.choices)
    duty = models.CharField(_("duty"), max_length=50, blank=True, help_text=_("e.g. 组织委员, 纪检委员"))
    started_on = models.DateField(_("from"), validators=[not_in_future])
    ended_on = models.DateField(_("to"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="committee__branches", committee_path="committee")
    )()

    class Meta:
        verbose_name = _("committee post")
        verbose_name_plural = _("committee posts")
        ordering = ["committee_id", "title", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(ended_on__isnull=True, title="secretary"),
                name="committeepost_one_current_secretary",
                violation_error_message=_("The committee already has a current secretary."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="committeepost_ends_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.committee} {self.get_title_display()} {self.name}"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A post cannot end before it starts.")})
        if self.member_id and self.committee_id and self.member.branch.committee_id != self.committee_id:
            raise ValidationError(
                {"member": _("%(name)s is not a member of this committee's branches.") % {"name": self.member}}
            )


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
    # A large roster imports in the background (members.tasks.import_batch).
    QUEUED = "queued", _("Queued")
    IMPORTING = "importing", _("Importing")
    FAILED = "failed", _("Import failed")


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
    # The background import: its task (django-tasks) and the rows checked so far.
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    progress = models.PositiveIntegerField(_("rows checked"), default=0)

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


class Transition(models.TextChoices):
    """The steps of a file's life, each recorded as a StatusChange (members.lifecycle)."""

    TRANSFER_OUT = "transfer_out", _("Transfer out started")
    TRANSFER_RECEIVED = "transfer_received", _("Transfer receipt returned")
    TRANSFER_CANCELLED = "transfer_cancelled", _("Transfer cancelled")
    # 直管 → 流动: the relation went home, the member stays at work in the branch.
    RELATION_HOME = "relation_home", _("Relation moved home")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    MOVED = "moved", _("Moved to another branch")
    RETURNED_HOME = "returned_home", _("Returned home")
    BACK = "back", _("Back from home")
    LOST = "lost", _("Contact lost")
    FOUND = "found", _("Contact found again")
    SUSPENDED = "suspended", _("Membership suspended")
    RESTORED = "restored", _("Membership restored")
    REMOVED = "removed", _("Removed from the roll")
    EXPELLED = "expelled", _("Expelled from the party")
    DIED = "died", _("Died")


class StatusChange(models.Model):
    """One step of a member's life: from which status to which, when, on what decision,
    approved by whom, recorded by whom. Kept for ever, like the file."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("member")
    )
    transition = models.CharField(_("change"), max_length=30, choices=Transition.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=MemberStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=MemberStatus.choices)
    changed_on = models.DateField(_("date"), validators=[not_in_future])
    decision = models.CharField(
        _("decision"), max_length=200, blank=True, help_text=_("The meeting or document that decided it.")
    )
    approved_by = models.CharField(_("approving organisation"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["member_id", "-changed_on", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.member} {self.changed_on:%Y-%m-%d} {self.get_transition_display()}"


class SearchWay(models.TextChoices):
    PHONE = "phone", _("Phone")
    WECHAT = "wechat", _("WeChat")
    HOME_VILLAGE = "home_village", _("Home village")
    EMPLOYER = "employer", _("Employer")
    FELLOW = "fellow", _("Fellow townsmen")
    OTHER = "other", _("Other")


class ContactAttempt(models.Model):
    """失联 search log: who tried to reach a lost member, how, when, with what result."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="contact_attempts", verbose_name=_("member")
    )
    tried_on = models.DateField(_("tried on"), validators=[not_in_future])
    tried_by = models.CharField(_("who tried"), max_length=50)
    way = models.CharField(_("how"), max_length=20, choices=SearchWay.choices)
    result = models.CharField(_("search result"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["member_id", "-tried_on", "-pk"]
        default_permissions = ("add", "view")
        indexes = [models.Index(fields=["member", "tried_on"], name="contact_attempt_member")]

    def __str__(self):
        return f"{self.member} {self.tried_on:%Y-%m-%d} {self.get_way_display()}"


class TransferKind(models.TextChoices):
    OUT = "out", _("Transfer out")  # 转出: to an organisation outside the county's committees
    IN = "in", _("Transfer in")  # 转入: from elsewhere
    WITHIN = "within", _("Between branches or committees")  # 系统内: both sides confirm


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting receipt")
    DONE = "done", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class TransferQuerySet(scoped_queryset("member__branch", "member__branch__committee", home_path="to_home")):
    """A transfer is seen on both sides: the member's side and, for a transfer within the
    system, the receiving branch or committee (which confirms it); a letter addressed to a
    home organisation of the county's list, by that organisation's secretary (its 回执)."""

    def visible_to(self, user):
        mine = super().visible_to(user)
        receiving = self.filter(kind=TransferKind.WITHIN).filter(
            Q(to_branch__in=Branch.objects.visible_to(user))
            | Q(to_branch__isnull=True, to_committee__in=Committee.objects.visible_to(user))
        )
        scope = user_scope(user)
        if scope is not None and scope.role == Role.BRANCH_SECRETARY:
            # A secretary confirms for the own branch only, not for a committee at large.
            receiving = receiving.filter(to_branch__isnull=False)
        return mine | receiving


class Transfer(models.Model):
    """组织关系转接: a 介绍信 out with its 回执, a relation received, or a move within the
    county's committees confirmed by the receiving side."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("member"))
    kind = models.CharField(_("kind"), max_length=10, choices=TransferKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    from_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("from branch")
    )
    to_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to branch")
    )
    to_committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to committee")
    )
    organisation = models.CharField(
        _("other organisation"),
        max_length=100,
        blank=True,
        help_text=_("The receiving organisation of a transfer out, the sending one of a transfer in."),
    )
    # A letter out addressed to one of the county's home organisations (流出地党组织): its
    # secretary receives it on the village pages and records the 回执.
    to_home = models.ForeignKey(
        HomeOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        verbose_name=_("addressed to the home organisation"),
    )
    letter_number = models.CharField(_("letter number"), max_length=30, blank=True)
    issued_on = models.DateField(_("letter dated"), validators=[not_in_future])
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # 直管 → 流动: the relation goes home, the member keeps working in the branch.
    stays_as_mobile = models.BooleanField(_("stays in the branch as a mobile member"), default=False)
    completed_on = models.DateField(_("receipt / confirmation on"), null=True, blank=True)
    receipt_note = models.CharField(_("receipt"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(TransferQuerySet)()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-issued_on", "-pk"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("issued_on")),
                name="transfer_completed_after_issued",
                violation_error_message=_("A transfer cannot be completed before its letter is dated."),
            ),
            # One open transfer per member.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="transfer_one_pending",
                violation_error_message=_("This member already has a transfer under way."),
            ),
        ]
        indexes = [models.Index(fields=["status", "kind", "issued_on"], name="transfer_status_issued")]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.letter_number}"

    @property
    def destination(self) -> str:
        if self.kind == TransferKind.WITHIN:
            return str(self.to_branch or self.to_committee)
        return self.organisation


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    RENEWED = "renewed", _("Renewed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ActivityCertificate(models.Model):
    """流动党员活动证: issued by the home organisation, shown (交验) at each check-in, renewed
    when it runs out, withdrawn when the member returns home or the relation moves."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("member"))
    number = models.CharField(_("certificate number"), max_length=30)
    issued_by = models.CharField(_("issuing organisation"), max_length=100)
    issued_on = models.DateField(_("issued on"), validators=[not_in_future])
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    ended_on = models.DateField(_("renewed or withdrawn on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("activity certificate")
        verbose_name_plural = _("activity certificates")
        ordering = ["member_id", "-issued_on", "-pk"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="valid"),
                name="certificate_one_valid",
                violation_error_message=_("The member already holds a valid certificate."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("issued_on")),
                name="certificate_valid_after_issue",
                violation_error_message=_("A certificate must be valid after the day it is issued."),
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="certificate_expiry")]

    def __str__(self):
        return f"{self.member} {self.number}"
