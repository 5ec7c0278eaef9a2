"""发展党员: the pipeline of the 中国共产党发展党员工作细则 (2014), from 入党申请人 to 正式党员.

A person who is not yet a member is an :class:`Applicant` (a pipeline record), never a
member file; the file is created from the record when the 上级党委 approves the
admission. Each step is a :class:`Step` with its date, meeting, document number and
who recorded it; the record keeps the dates the timers read (``development.rules``),
written only by ``development.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, Committee
from branches.scoping import ScopedManager, scoped_queryset
from lib.validators import not_in_future
from meetings.models import Meeting
from members.id_number import mask_id_number, validate_id_number
from members.models import Category, Education, Gender, Member, Occupation, validate_phone


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("Applicant for membership")  # 入党申请人
    ACTIVIST = "activist", _("Activist for membership")  # 入党积极分子
    CANDIDATE = "candidate", _("Candidate for membership")  # 发展对象
    PROBATIONARY = "probationary", _("Probationary member")  # 预备党员
    FULL = "full", _("Full member")  # 正式党员
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 已撤销


# The order of the stages; a record moves one stage at a time (细则 第二章 to 第五章).
STAGE_ORDER = [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL]
OPEN_STAGES = [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY]


class StepKind(models.TextChoices):
    APPLICATION = "application", _("Application received")  # 递交入党申请书
    TALK = "talk", _("Talk with the applicant")  # 派人谈话
    ACTIVIST = "activist", _("Determined as activist")  # 确定为入党积极分子
    ASSESSMENT = "assessment", _("Half-yearly assessment")  # 考察
    CANDIDATE = "candidate", _("Listed as candidate")  # 列为发展对象
    SPONSORS = "sponsors", _("Sponsors named")  # 入党介绍人
    POLITICAL_REVIEW = "political_review", _("Political review")  # 政治审查
    TRAINING = "training", _("Short-term training")  # 集中培训
    PUBLICITY = "publicity", _("Public notice")  # 公示
    PRE_REVIEW = "pre_review", _("Pre-review by the higher committee")  # 基层党委预审
    ADMISSION = "admission", _("Admitted by the branch general meeting")  # 支部大会接收预备党员
    APPROVAL = "approval", _("Admission approved by the higher committee")  # 上级党委审批
    OATH = "oath", _("Oath of admission")  # 入党宣誓
    EXTENSION = "extension", _("Probation extended")  # 延长预备期
    CONVERSION = "conversion", _("Full membership passed by the branch general meeting")  # 支部大会讨论转正
    CONVERSION_APPROVAL = "conversion_approval", _("Full membership approved")  # 上级党委审批转正
    DISQUALIFICATION = "disqualification", _("Probationary membership cancelled")  # 取消预备党员资格
    WITHDRAWAL = "withdrawal", _("Record withdrawn")  # 撤销


class ActivistWay(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended by party members")  # 党员推荐
    MASS_ORGANISATION = "mass_organisation", _("Recommended by a mass organisation")  # 群团组织推优


class WithdrawalReason(models.TextChoices):
    DROPPED_OUT = "dropped_out", _("Gave up the application")  # 本人放弃
    NOT_QUALIFIED = "not_qualified", _("Not qualified")  # 不再具备条件
    DISQUALIFIED = "disqualified", _("Probationary membership cancelled")  # 取消预备党员资格
    MOVED_AWAY = "moved_away", _("Moved to another organisation")  # 转往他处
    MISTAKE = "mistake", _("Entered by mistake")  # 登记错误
    OTHER = "other", _("Other")


class DevelopmentRules(models.Model):
    """A committee's reading of the 细则's time limits. Each default is the national rule;
    a committee changes one only where Anren applies it differently."""

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, related_name="development_rules", verbose_name=_("committee")
    )
    talk_within_months = models.PositiveSmallIntegerField(
        _("talk within (months of the application)"),
        default=1,
        help_text=_("细则 第七条: within one month of receiving the application."),
    )
    application_min_months = models.PositiveSmallIntegerField(
        _("months from application to activist, at least"),
        default=0,
        help_text=_("The 细则 sets no minimum (0); some counties ask for six months."),
    )
    activist_min_months = models.PositiveSmallIntegerField(
        _("months as activist, at least"),
        default=12,
        help_text=_("细则 第十三条: a year or more of education and assessment."),
    )
    assessment_every_months = models.PositiveSmallIntegerField(
        _("assessment of an activist every (months)"),
        default=6,
        help_text=_("细则 第十一条: the branch assesses each activist every half year."),
    )
    training_min_hours = models.PositiveSmallIntegerField(
        _("hours of short-term training, at least"),
        default=24,
        help_text=_("细则 第十七条: three days or 24 class hours."),
    )
    approval_within_months = models.PositiveSmallIntegerField(
        _("approval within (months of the general meeting)"),
        default=3,
        help_text=_("The higher committee decides within three months (six at most in special cases)."),
    )
    conversion_within_months = models.PositiveSmallIntegerField(
        _("conversion meeting within (months after probation ends)"),
        default=1,
        help_text=_("细则 第三十二条 says the branch discusses it promptly (及时); one month is the house reading."),
    )

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="committee__branches", committee_path="committee")
    )()

    class Meta:
        verbose_name = _("recruitment rules")
        verbose_name_plural = _("recruitment rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(activist_min_months__gte=12),
                name="developmentrules_activist_year",
                violation_error_message=_("At least a year as activist (细则 第十三条)."),
            ),
            models.CheckConstraint(
                condition=Q(approval_within_months__gte=1, approval_within_months__lte=6),
                name="developmentrules_approval_six_months",
                violation_error_message=_("The approval may take six months at most."),
            ),
        ]

    def __str__(self):
        return str(self.committee)


class ApplicantQuerySet(scoped_queryset("branch", "branch__committee")):
    def open(self):
        return self.filter(stage__in=OPEN_STAGES)


class Applicant(models.Model):
    """发展党员记录: one person on the way from 入党申请人 to 正式党员."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="applicants", verbose_name=_("branch"))
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("birth date"), validators=[not_in_future])
    id_number = models.CharField(_("ID number"), max_length=18, validators=[validate_id_number])
    phone = models.CharField(_("phone"), max_length=12, blank=True, validators=[validate_phone])
    education = models.CharField(_("education"), max_length=30, choices=Education.choices, blank=True)
    hometown_township = models.CharField(_("hometown township"), max_length=30, blank=True)
    hometown_village = models.CharField(_("hometown village"), max_length=30, blank=True)
    home_organisation = models.CharField(_("home party organisation"), max_length=100, blank=True)
    category = models.CharField(
        _("category once admitted"), max_length=10, choices=Category.choices, default=Category.DIRECT
    )
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=50, blank=True)
    work_city = models.CharField(_("work city"), max_length=30, blank=True)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices, blank=True)

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLICANT)
    # The dates of the steps, as ``development.services`` records them (the steps keep the rest).
    applied_on = models.DateField(_("applied on"), validators=[not_in_future])
    talked_on = models.DateField(_("talked with on"), null=True, blank=True)
    activist_on = models.DateField(_("activist since"), null=True, blank=True)
    assessed_on = models.DateField(_("last assessed on"), null=True, blank=True)
    candidate_on = models.DateField(_("candidate since"), null=True, blank=True)
    reviewed_on = models.DateField(_("political review on"), null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField(_("training hours"), default=0)
    publicized_on = models.DateField(_("public notice from"), null=True, blank=True)  # 公示
    publicity_ends_on = models.DateField(_("public notice until"), null=True, blank=True)
    pre_reviewed_on = models.DateField(_("pre-reviewed on"), null=True, blank=True)
    admitted_on = models.DateField(_("admitted by the general meeting on"), null=True, blank=True)
    approved_on = models.DateField(_("admission approved on"), null=True, blank=True)
    sworn_on = models.DateField(_("oath taken on"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("probation extended by (months)"), default=0)
    probation_ends_on = models.DateField(_("probation ends on"), null=True, blank=True)
    converted_on = models.DateField(_("full membership passed on"), null=True, blank=True)
    full_on = models.DateField(_("full member since"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"), max_length=20, choices=WithdrawalReason.choices, blank=True
    )
    contacts = models.ManyToManyField(
        Member, related_name="+", blank=True, verbose_name=_("contact members")
    )  # 培养联系人
    sponsors = models.ManyToManyField(Member, related_name="+", blank=True, verbose_name=_("sponsors"))  # 入党介绍人
    member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="development",
        verbose_name=_("member file"),
    )
    # The next step the timers point at, kept for the board's filters (development.rules.next_timer).
    next_step = models.CharField(_("next step"), max_length=20, choices=StepKind.choices, blank=True)
    next_earliest = models.DateField(_("not before"), null=True, blank=True)
    next_deadline = models.DateField(_("due by"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[contacts, sponsors])
    objects = ScopedManager.from_queryset(ApplicantQuerySet)()

    class Meta:
        verbose_name = _("recruitment record")
        verbose_name_plural = _("recruitment records")
        ordering = ["branch_id", "-applied_on", "pk"]
        constraints = [
            # One open record per person: a second application is the same record's business.
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(stage="withdrawn"),
                name="applicant_unique_open_id_number",
                violation_error_message=_("This person already has a recruitment record."),
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "stage"], name="applicant_branch_stage"),
            models.Index(fields=["stage", "probation_ends_on"], name="applicant_probation_end"),
            models.Index(fields=["next_deadline"], name="applicant_next_deadline"),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class Step(models.Model):
    """One step of a record, as the 细则 names it: its date, the meeting that decided it,
    the document's number and who recorded it. Steps are never edited; a mistake is
    put right by withdrawing the record."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="steps", verbose_name=_("record"))
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    done_on = models.DateField(_("date"), validators=[not_in_future])
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("meeting")
    )
    document_no = models.CharField(_("document number"), max_length=60, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)  # the last day of a 公示
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    way = models.CharField(_("how determined"), max_length=20, choices=ActivistWay.choices, blank=True)
    by_whom = models.CharField(_("by whom"), max_length=50, blank=True, help_text=_("e.g. who held the talk"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = ScopedManager.from_queryset(scoped_queryset("applicant__branch", "applicant__branch__committee"))()

    class Meta:
        verbose_name = _("recruitment step")
        verbose_name_plural = _("recruitment steps")
        ordering = ["applicant_id", "done_on", "pk"]

    def __str__(self):
        return f"{self.done_on:%Y-%m-%d} {self.get_kind_display()}"
