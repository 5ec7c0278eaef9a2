from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.roles import Role
from branches.scoping import ScopedManager, scoped_queryset
from lib.validators import not_in_future


class ReportCycle(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


class DuesCollector(models.TextChoices):
    """Who collects a mobile member's dues. The 2008 党费 rules: a member pays to the branch
    that holds the membership relation (at home, for a mobile member); a committee may
    collect in the region where its members work instead (docs/dues.md)."""

    HOME = "home", _("The home organisation that holds the relation")
    INFLOW = "inflow", _("The branch in the region where the member works")


class Committee(models.Model):
    """流动党委: a county's party committee for its members working in one region."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50)
    region = models.CharField(_("region"), max_length=20, help_text=_("e.g. 广东省"))
    founded_on = models.DateField(_("founded on"), validators=[not_in_future])
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    report_cycle = models.CharField(
        _("report cycle"), max_length=20, choices=ReportCycle.choices, default=ReportCycle.QUARTERLY
    )
    # 及时报到 (2024 意见): a mobile member who left home or moved is 待报到 for this many days,
    # then 未报到. Thirty days is the common reading of "及时"; Anren may set its own.
    check_in_grace_days = models.PositiveSmallIntegerField(
        _("check-in grace period (days)"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(180)],
        help_text=_("Days after leaving home or moving during which a mobile member is still awaited (0–180)."),
    )
    # A 介绍信 is valid for three months as a rule: a receipt not back by then is overdue.
    receipt_overdue_months = models.PositiveSmallIntegerField(
        _("receipt overdue after (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("A transfer letter whose receipt has not come back after this many months is listed (1–12)."),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("activity certificate validity (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How long a 流动党员活动证 is valid from its issue or renewal (1–60)."),
    )
    dues_collector = models.CharField(
        _("who collects mobile members' dues"),
        max_length=10,
        choices=DuesCollector.choices,
        default=DuesCollector.HOME,
        help_text=_("National rule: the branch that holds the membership relation. Recorded per member when set up."),
    )
    # Organisational life (meetings/standing.py, meetings/quorum.py, docs/meetings.md): each
    # setting starts at the national rule and may only be stricter than it.
    mobile_members_vote = models.BooleanField(
        _("mobile members vote at the inflow branch"),
        default=False,
        help_text=_(
            "National rule: no. A member whose relation is held at home takes part and is counted "
            "present (列席), but votes and elects at home (流动党员活动证)."
        ),
    )
    general_quorum_percent = models.PositiveSmallIntegerField(
        _("quorum of a general meeting that votes (more than … % of those with a vote)"),
        default=50,
        validators=[MinValueValidator(50), MaxValueValidator(99)],
        help_text=_("National rule: more than half (50) of the members with a vote (支部工作条例 第十一条)."),
    )
    election_quorum_percent = models.PositiveSmallIntegerField(
        _("quorum of an election (more than … % of those entitled)"),
        default=80,
        validators=[MinValueValidator(80), MaxValueValidator(99)],
        help_text=_("National rule: more than four fifths (80) of the members entitled to vote (选举工作条例)."),
    )
    branch_term_years = models.PositiveSmallIntegerField(
        _("term of a branch committee (years)"),
        default=3,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text=_("National rule: 3 years (支部工作条例 第二十一条; 党章 allows 3 to 5)."),
    )
    renewal_notice_months = models.PositiveSmallIntegerField(
        _("换届 reminder (months before the term ends)"),
        default=6,
        validators=[MinValueValidator(6), MaxValueValidator(12)],
        help_text=_("National rule: 6 months ahead (支部工作条例)."),
    )
    # The committee's own 班子 (党委委员会): elected on a day for a term of 3 to 5 years.
    term_years = models.PositiveSmallIntegerField(
        _("term of the committee (years)"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text=_("National rule: 3 to 5 years for a 基层委员会 (党章 第三十一条), usually 5."),
    )
    term_started_on = models.DateField(
        _("current committee elected on"), null=True, blank=True, validators=[not_in_future]
    )

    objects = ScopedManager.from_queryset(scoped_queryset(branch_path="branches", committee_path=""))()
    # The settings page (dashboard:committee_settings) keeps who changed which setting, and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["pk"]

    def __str__(self):
        return self.short_name or self.name


BranchQuerySet = scoped_queryset(branch_path="", committee_path="committee")


class Branch(models.Model):
    """党支部 of a committee, set up in a city of the region."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="branches", verbose_name=_("committee")
    )
    ordinal = models.PositiveSmallIntegerField(_("ordinal"))
    name = models.CharField(_("name"), max_length=50)
    city = models.CharField(_("city"), max_length=30)
    venue_address = models.CharField(_("venue address"), max_length=200, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True, validators=[not_in_future])
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    # 换届: the day the current branch committee was elected; an election (meetings) sets it.
    term_started_on = models.DateField(
        _("current committee elected on"), null=True, blank=True, validators=[not_in_future]
    )

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(BranchQuerySet)()

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["committee_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "ordinal"], name="branch_unique_ordinal"),
            models.UniqueConstraint(fields=["committee", "name"], name="branch_unique_name"),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=F("founded_on")),
                name="branch_dissolved_after_founded",
                violation_error_message=_("A branch cannot be dissolved before it was founded."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.founded_on and self.dissolved_on and self.dissolved_on < self.founded_on:
            raise ValidationError({"dissolved_on": _("A branch cannot be dissolved before it was founded.")})


class HomeOrganisationKind(models.TextChoices):
    TOWNSHIP = "township", _("Township party committee")
    VILLAGE = "village", _("Village party branch")
    COMMUNITY = "community", _("Community party branch")


class HomeOrganisationQuerySet(models.QuerySet):
    def townships(self):
        return self.filter(kind=HomeOrganisationKind.TOWNSHIP)

    def branches(self):
        """The village and community branches: the organisations that hold a relation."""
        return self.exclude(kind=HomeOrganisationKind.TOWNSHIP)


class HomeOrganisation(models.Model):
    """流出地党组织: a township's party committee (乡镇党委) or one of its village or community
    branches (村(社区)党支部) in Anren: the home side of a mobile member's one record.

    The list is the county's (seeded with Anren's townships and villages by a migration,
    kept by the county administrator); nobody types a home organisation as free text.
    """

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("township"),
        limit_choices_to={"kind": HomeOrganisationKind.TOWNSHIP},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HomeOrganisationKind.choices)
    name = models.CharField(_("name"), max_length=30, help_text=_("e.g. 永乐江镇, 新洲村"))
    full_name = models.CharField(_("full name"), max_length=100, unique=True)
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=12, blank=True)

    history = HistoricalRecords()
    objects = HomeOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("home organisation")
        verbose_name_plural = _("home organisations")
        ordering = ["parent_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="homeorg_unique_name_in_township"),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="homeorg_unique_township",
            ),
            # A township stands alone; a village or community branch belongs to a township.
            models.CheckConstraint(
                condition=Q(kind="township", parent__isnull=True) | (~Q(kind="township") & Q(parent__isnull=False)),
                name="homeorg_branch_has_township",
                violation_error_message=_("A village or community branch belongs to a township; a township to none."),
            ),
        ]

    def __str__(self):
        if self.parent_id:
            return f"{self.parent.name}{self.name}"
        return self.name

    @property
    def is_township(self) -> bool:
        return self.kind == HomeOrganisationKind.TOWNSHIP

    def clean(self):
        if self.is_township and self.parent_id:
            raise ValidationError({"parent": _("A township belongs to no other home organisation.")})
        if not self.is_township and not self.parent_id:
            raise ValidationError({"parent": _("Choose the township this branch belongs to.")})


class StaffScope(models.Model):
    """Ties a user to a role and to the committee, branch or home organisation the role covers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_scope",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("committee")
    )
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("branch"))
    # The village secretary's branch at home, or a township (whose staff see all its villages).
    home_organisation = models.ForeignKey(
        HomeOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_scopes",
        verbose_name=_("home organisation"),
    )
    # A member's own account (role member): the file it opens on /me/, and nothing else.
    member = models.OneToOneField(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("member file"),
    )

    class Meta:
        verbose_name = _("staff scope")
        verbose_name_plural = _("staff scopes")
        constraints = [
            # A committee officer needs a committee, a secretary a branch; the
            # county-wide roles carry neither, so nothing narrows them by mistake.
            models.CheckConstraint(
                condition=(
                    Q(
                        role="committee_staff",
                        committee__isnull=False,
                        branch__isnull=True,
                        home_organisation__isnull=True,
                        member__isnull=True,
                    )
                    | Q(
                        role="branch_secretary",
                        branch__isnull=False,
                        committee__isnull=True,
                        home_organisation__isnull=True,
                        member__isnull=True,
                    )
                    | Q(
                        role="home_secretary",
                        home_organisation__isnull=False,
                        committee__isnull=True,
                        branch__isnull=True,
                        member__isnull=True,
                    )
                    # A member's account: its own file, and no committee, branch or village.
                    | Q(
                        role="member",
                        member__isnull=False,
                        committee__isnull=True,
                        branch__isnull=True,
                        home_organisation__isnull=True,
                    )
                    | Q(
                        role__in=["county_admin", "auditor", "system_admin"],
                        committee__isnull=True,
                        branch__isnull=True,
                        home_organisation__isnull=True,
                        member__isnull=True,
                    )
                ),
                name="staffscope_role_matches_scope_member",
                violation_error_message=_(
                    "Committee staff need a committee, branch secretaries a branch, home secretaries a home "
                    "organisation, members their own file, and county-wide roles none."
                ),
            ),
        ]

    def __str__(self):
        target = self.branch or self.committee or self.home_organisation or _("whole county")
        return f"{self.user} · {self.get_role_display()} · {target}"

    def clean(self):
        if self.role == Role.MEMBER:
            if not self.member_id or self.committee_id or self.branch_id or self.home_organisation_id:
                raise ValidationError({"member": _("A member's account needs its member file and nothing else.")})
            return
        if self.member_id:
            raise ValidationError({"member": _("Only a member's account has a member file.")})
        if self.role == Role.HOME_SECRETARY:
            if not self.home_organisation_id or self.committee_id or self.branch_id:
                raise ValidationError(
                    {
                        "home_organisation": _(
                            "A home organisation secretary needs a home organisation and nothing else."
                        )
                    }
                )
            return
        if self.home_organisation_id:
            raise ValidationError(
                {"home_organisation": _("Only a home organisation secretary has a home organisation.")}
            )
        if self.role == Role.COMMITTEE_STAFF and (not self.committee_id or self.branch_id):
            raise ValidationError({"committee": _("Committee staff need a committee and no branch.")})
        if self.role == Role.BRANCH_SECRETARY and (not self.branch_id or self.committee_id):
            raise ValidationError({"branch": _("A branch secretary needs a branch and no committee.")})
        if self.role in {Role.COUNTY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN} and (self.committee_id or self.branch_id):
            raise ValidationError(_("County-wide roles are not tied to a committee or branch."))

    @property
    def sees_all_committees(self) -> bool:
        return self.role in {Role.COUNTY_ADMIN, Role.AUDITOR}

    @property
    def read_only(self) -> bool:
        return self.role == Role.AUDITOR

    @cached_property
    def home_organisation_ids(self) -> list[int]:
        """The home organisations the scope covers: a village's own, or a township and all its
        villages (the township's organisation staff see every village of the township)."""
        if not self.home_organisation_id:
            return []
        return [
            self.home_organisation_id,
            *HomeOrganisation.objects.filter(parent_id=self.home_organisation_id).values_list("pk", flat=True),
        ]

    @property
    def committee_for_scope(self):
        """The committee the user works in, if any (a branch's committee for a secretary)."""
        if self.committee_id:
            return self.committee
        if self.branch_id:
            return self.branch.committee
        return None


class PairedVillage(models.Model):
    """结对帮扶村: a poor village in Anren that a branch is paired with."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="paired_villages", verbose_name=_("branch")
    )
    township = models.CharField(_("township"), max_length=30)
    village = models.CharField(_("village"), max_length=30)
    since = models.DateField(_("paired since"), validators=[not_in_future])
    households_visited = models.PositiveIntegerField(_("households visited"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("paired village")
        verbose_name_plural = _("paired villages")
        ordering = ["branch_id", "township", "village"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "township", "village"],
                name="pairedvillage_unique",
                violation_error_message=_("The branch is already paired with this village."),
            ),
        ]

    def __str__(self):
        return f"{self.township}{self.village}"
