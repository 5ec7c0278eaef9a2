import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, Committee
from branches.scoping import ScopedManager, scoped_queryset
from lib.validators import not_in_future
from members.models import Member

MONEY = {"max_digits": 14, "decimal_places": 2, "default": Decimal("0"), "validators": [MinValueValidator(0)]}

# Rows that belong to a committee, and to one of its branches or to all of it.
CommitteeWideQuerySet = scoped_queryset(branch_path="branch", committee_path="committee", committee_wide_path="branch")


class HelpCategory(models.TextChoices):
    WORK_INJURY = "work_injury", _("Work injury")
    WAGE_DISPUTE = "wage_dispute", _("Labour dispute / unpaid wages")
    SCHOOLING = "schooling", _("Children's schooling")
    LEFT_BEHIND_ELDERLY = "elderly", _("Left-behind elderly")
    HOUSE_REPAIR = "house_repair", _("House repair")
    MEDICAL = "medical", _("Medical")
    LEGAL = "legal", _("Legal")
    OTHER = "other", _("Other")


class HelpLocation(models.TextChoices):
    GUANGDONG = "guangdong", _("In Guangdong")
    HOMETOWN = "hometown", _("At home in Anren")


class HelpStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    REFERRED = "referred", _("Referred")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# A case in one of these states needs nothing more from the branch.
OPEN_ENDED_STATUSES = (HelpStatus.RESOLVED, HelpStatus.CLOSED)
# A case still open after this many days is overdue: highlighted and filtered for on the
# list, counted on the dashboard.
OVERDUE_DAYS = 30


def overdue_cutoff(today: datetime.date) -> datetime.date:
    """Cases received before this day and still open are overdue."""
    return today - datetime.timedelta(days=OVERDUE_DAYS)


class HelpRequest(models.Model):
    """困难诉求 (排忧解难): a member or fellow townsman asks the branch for help."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="help_requests", verbose_name=_("member")
    )
    requester_name = models.CharField(
        _("requester (not a member)"), max_length=50, blank=True, help_text=_("A fellow townsman (老乡) by name.")
    )
    requester_phone = models.CharField(_("requester phone"), max_length=12, blank=True)
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="help_requests", verbose_name=_("handling branch")
    )
    category = models.CharField(_("category"), max_length=20, choices=HelpCategory.choices)
    location = models.CharField(_("where"), max_length=20, choices=HelpLocation.choices)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    story = models.TextField(_("what happened"))
    received_on = models.DateField(_("received on"), validators=[not_in_future])
    status = models.CharField(_("status"), max_length=20, choices=HelpStatus.choices, default=HelpStatus.RECEIVED)
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    money_recovered = models.DecimalField(_("money recovered or paid (yuan)"), **MONEY)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=[not_in_future])

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(requester_name=""),
                name="helprequest_has_requester",
                violation_error_message=_("Name the member or the fellow townsman who asked for help."),
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "status", "received_on"], name="helprequest_branch_status"),
            models.Index(fields=["category"], name="helprequest_category"),
        ]

    def __str__(self):
        return f"{self.requester_display} · {self.get_category_display()}"

    @property
    def requester_display(self):
        return self.member.name if self.member_id else self.requester_name

    @property
    def is_open(self) -> bool:
        return self.status not in OPEN_ENDED_STATUSES

    def days_open(self, today=None) -> int:
        """Days since the case came in, for open cases; 0 once it is resolved or closed."""
        if not self.is_open:
            return 0
        return ((today or timezone.localdate()) - self.received_on).days

    def clean(self):
        if not self.member_id and not self.requester_name:
            raise ValidationError({"requester_name": _("Name the member or the fellow townsman who asked for help.")})


class HelpAction(models.Model):
    """A dated entry in a case's action log: who did what."""

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="actions", verbose_name=_("help request")
    )
    acted_on = models.DateField(_("date"), validators=[not_in_future])
    description = models.TextField(_("what was done"))
    status_after = models.CharField(_("status afterwards"), max_length=20, choices=HelpStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedManager.from_queryset(scoped_queryset("help_request__branch", "help_request__branch__committee"))()

    class Meta:
        verbose_name = _("case action")
        verbose_name_plural = _("case actions")
        ordering = ["acted_on", "pk"]

    def __str__(self):
        return f"{self.acted_on:%Y-%m-%d} {self.description[:30]}"


class VisitOccasion(models.TextChoices):
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    JULY_FIRST = "july_first", _("July 1st")
    OTHER = "other", _("Other")


class VisitReason(models.TextChoices):
    HARDSHIP = "hardship", _("Hardship")
    FAMILY_CONFLICT = "family_conflict", _("Family conflict")
    ILLNESS = "illness", _("Illness")
    WORK_INJURY = "work_injury", _("Work injury")
    ELDERLY = "elderly", _("Elderly member")
    POOR_HOUSEHOLD = "poor_household", _("Poor household")
    OTHER = "other", _("Other")


class Visit(models.Model):
    """走访慰问: a visit to a member, a member's family or a poor household."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="visits", verbose_name=_("branch"))
    visited_on = models.DateField(_("visited on"), validators=[not_in_future])
    occasion = models.CharField(_("occasion"), max_length=20, choices=VisitOccasion.choices)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("member")
    )
    visitee_name = models.CharField(_("visited (if not a member)"), max_length=50, blank=True)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=VisitReason.choices)
    visitors = models.CharField(_("visitors"), max_length=200, blank=True)
    cash = models.DecimalField(_("cash (yuan)"), **MONEY)
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    goods_value = models.DecimalField(_("value of goods (yuan)"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["branch", "visited_on"], name="visit_branch_date")]

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} {self.member or self.visitee_name}"


class CampaignPurpose(models.TextChoices):
    EDUCATION = "education", _("Education aid")
    POVERTY = "poverty", _("Poverty relief")
    DISASTER = "disaster", _("Disaster relief")
    EPIDEMIC = "epidemic", _("Epidemic prevention")
    CHARITY = "charity", _("Charity")


class Campaign(models.Model):
    """募捐/帮扶活动: a fundraising or aid campaign run by the committee or a branch."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="campaigns", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=CampaignPurpose.choices)
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    target_amount = models.DecimalField(_("target (yuan)"), **MONEY)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager.from_queryset(CommitteeWideQuerySet)()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A campaign cannot end before it starts.")})


class DonationKind(models.TextChoices):
    MONEY = "money", _("Money")
    GOODS = "goods", _("Goods")


class Donation(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="donations", verbose_name=_("campaign")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("donor (member)"),
    )
    donor_name = models.CharField(_("donor (if not a member)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DonationKind.choices, default=DonationKind.MONEY)
    goods = models.CharField(_("goods"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    amount = models.DecimalField(_("amount or value (yuan)"), **MONEY)
    donated_on = models.DateField(_("donated on"), validators=[not_in_future])

    objects = ScopedManager.from_queryset(
        scoped_queryset("campaign__branch", "campaign__committee", committee_wide_path="campaign__branch")
    )()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-donated_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(donor_name=""),
                name="donation_has_donor",
                violation_error_message=_("Name the member or the other donor."),
            ),
        ]

    def __str__(self):
        return f"{self.member or self.donor_name} · {self.amount}"

    def clean(self):
        if not self.member_id and not self.donor_name:
            raise ValidationError({"donor_name": _("Name the member or the other donor.")})


class BeneficiaryKind(models.TextChoices):
    STUDENT = "student", _("Student")
    HOUSEHOLD = "household", _("Household")
    VILLAGE = "village", _("Village")


class Beneficiary(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="beneficiaries", verbose_name=_("campaign")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BeneficiaryKind.choices)
    name = models.CharField(_("name"), max_length=100)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    goods = models.CharField(_("goods given"), max_length=100, blank=True)

    objects = ScopedManager.from_queryset(
        scoped_queryset("campaign__branch", "campaign__committee", committee_wide_path="campaign__branch")
    )()

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["campaign_id", "pk"]

    def __str__(self):
        return self.name


class JobFair(models.Model):
    """招聘会: a recruitment event with the posts offered."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="job_fairs", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="job_fairs", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("held on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    employers = models.PositiveIntegerField(_("employers"), default=0)
    posts_offered = models.PositiveIntegerField(_("posts offered"), default=0)

    objects = ScopedManager.from_queryset(CommitteeWideQuerySet)()

    class Meta:
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        ordering = ["-held_on"]

    def __str__(self):
        return self.name


class JobReferral(models.Model):
    """就业推荐: a worker placed with an employer through the committee."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="job_referrals", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="job_referrals", verbose_name=_("branch")
    )
    job_fair = models.ForeignKey(
        JobFair, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals", verbose_name=_("job fair")
    )
    person_name = models.CharField(_("person"), max_length=50)
    township = models.CharField(_("township"), max_length=30, blank=True)
    poverty_household = models.BooleanField(_("from a registered poor household"), default=False)
    employer = models.CharField(_("employer"), max_length=100)
    city = models.CharField(_("city"), max_length=30)
    position = models.CharField(_("position"), max_length=50, blank=True)
    monthly_wage = models.DecimalField(_("monthly wage (yuan)"), **MONEY)
    referred_on = models.DateField(_("referred on"), validators=[not_in_future])

    objects = ScopedManager.from_queryset(CommitteeWideQuerySet)()

    class Meta:
        verbose_name = _("job referral")
        verbose_name_plural = _("job referrals")
        ordering = ["-referred_on", "-pk"]

    def __str__(self):
        return f"{self.person_name} → {self.employer}"


class ProjectStage(models.TextChoices):
    INTENT = "intent", _("Letter of intent")
    SIGNED = "signed", _("Signed")
    BUILDING = "building", _("Under construction")
    PRODUCING = "producing", _("In production")


class InvestmentProject(models.Model):
    """招商引资项目 brought home by a member."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="projects", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=200)
    company = models.CharField(_("company"), max_length=200)
    introduced_by = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("introduced by"),
    )
    amount_wan = models.DecimalField(_("investment (10,000 yuan)"), **MONEY)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.INTENT)
    area_mu = models.DecimalField(_("land (mu)"), **MONEY)
    jobs = models.PositiveIntegerField(_("jobs"), default=0)
    annual_output_wan = models.DecimalField(_("annual output (10,000 yuan)"), **MONEY)
    annual_tax_wan = models.DecimalField(_("annual tax (10,000 yuan)"), **MONEY)
    note = models.TextField(_("note"), blank=True)

    objects = ScopedManager.from_queryset(CommitteeWideQuerySet)()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["-signed_on", "-pk"]

    def __str__(self):
        return self.name


class ReturnPostTitle(models.TextChoices):
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary of the village party organisation")
    ASSISTANT = "assistant", _("Assistant to the village committee director")
    SECRETARY = "secretary", _("Village party secretary")


class ReturnPost(models.Model):
    """回引挂职岗位: a village post offered to members who come home."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="return_posts", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("post"), max_length=20, choices=ReturnPostTitle.choices)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    term_years = models.PositiveSmallIntegerField(_("term (years)"), default=2)
    quota = models.PositiveSmallIntegerField(_("quota"), default=1)
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"), null=True, blank=True)

    # A secretary sees the committee's posts, to put its members forward.
    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="committee__branches", committee_path="committee")
    )()

    class Meta:
        verbose_name = _("return post")
        verbose_name_plural = _("return posts")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quota__gte=1) & Q(term_years__gte=1),
                name="returnpost_quota_and_term_positive",
                violation_error_message=_("A post needs a quota and a term of at least one."),
            ),
        ]

    def __str__(self):
        return self.name


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REVIEWED = "reviewed", _("Reviewed")
    SELECTED = "selected", _("Selected")
    SERVING = "serving", _("Serving")
    COMPLETED = "completed", _("Term completed")
    REJECTED = "rejected", _("Not selected")


class ReturnApplication(models.Model):
    post = models.ForeignKey(ReturnPost, on_delete=models.PROTECT, related_name="applications", verbose_name=_("post"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="return_applications", verbose_name=_("member")
    )
    applied_on = models.DateField(_("applied on"), validators=[not_in_future])
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    term_starts_on = models.DateField(_("term starts on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("return application")
        verbose_name_plural = _("return applications")
        ordering = ["-applied_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="returnapplication_once_per_member"),
        ]

    def __str__(self):
        return f"{self.member} · {self.post}"

    @property
    def term_ends_on(self):
        """The day the term ends: the start plus the post's term in whole years."""
        if not self.term_starts_on:
            return None
        return add_years(self.term_starts_on, self.post.term_years)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved ``years`` ahead; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
