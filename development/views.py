"""发展党员 pages: the board, a person's record with its step forms, the withdrawal, the
year's figures (page, print and xlsx) and a committee's rules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, CharField, Count, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.exports import xlsx_response
from branches.models import Committee
from branches.permissions import can_write, can_write_committee_wide, reader_required, writer_required
from development import rules as R
from development.figures import COLUMNS, probationary_members, year_figures
from development.forms import ApplicantForm, BoardFilter, DevelopmentRulesForm, FiguresForm, StepForm, WithdrawForm
from development.models import OPEN_STAGES, Applicant, DevelopmentRules, Stage, StepKind
from development.services import create_applicant, record_step, refresh_timers, withdraw
from lib.pagination import page_of


def board_rows(user, today):
    """The user's records with the state of their next step's timer, for the board and its export."""
    state = Case(
        When(next_deadline__lt=today, then=Value(R.TimerState.OVERDUE)),
        When(next_earliest__gt=today, then=Value(R.TimerState.TOO_EARLY)),
        When(next_step="", then=Value("")),
        default=Value(R.TimerState.DUE),
        output_field=CharField(),
    )
    return (
        Applicant.objects.visible_to(user)
        .select_related("branch")
        .annotate(timer_state=state)
        .order_by("branch__committee_id", "branch__ordinal", "next_deadline", "pk")
    )


def _board_filter(request, today):
    data = request.GET.copy()
    if "stage" not in data and not data.get("q"):
        # The board opens on the people still on the way; 正式党员 and 已撤销 are a filter away.
        rows = board_rows(request.user, today).filter(stage__in=OPEN_STAGES)
    else:
        rows = board_rows(request.user, today)
    return BoardFilter(data or None, queryset=rows, request=request)


@reader_required
def board(request):
    today = timezone.localdate()
    filterset = _board_filter(request, today)
    page = page_of(request, filterset.qs)
    mine = Applicant.objects.visible_to(request.user)
    summary = mine.aggregate(
        **{stage: Count("pk", filter=Q(stage=stage)) for stage in OPEN_STAGES},
        overdue=Count("pk", filter=Q(stage__in=OPEN_STAGES, next_deadline__lt=today)),
        ending=Count(
            "pk",
            filter=Q(stage=Stage.PROBATIONARY, converted_on__isnull=True, probation_ends_on__lte=today + R.SIXTY_DAYS),
        ),
    )
    by_branch = (
        mine.filter(stage__in=OPEN_STAGES)
        .values("branch_id", "branch__name", "branch__ordinal", "branch__committee__short_name")
        .annotate(
            **{stage: Count("pk", filter=Q(stage=stage)) for stage in OPEN_STAGES},
            overdue=Count("pk", filter=Q(next_deadline__lt=today)),
            due=Count(
                "pk", filter=Q(next_deadline__gte=today) | Q(next_deadline__isnull=True, next_earliest__lte=today)
            ),
        )
        .order_by("branch__committee_id", "branch__ordinal")
    )
    context = {
        "filter": filterset,
        "page_obj": page,
        "today": today,
        "summary": summary,
        "stages": [(stage, Stage(stage).label, summary[stage]) for stage in OPEN_STAGES],
        "by_branch": list(by_branch),
        "can_write": can_write(request.user),
        "state_labels": R.TIMER_STATE_LABELS,
    }
    return render(request, "development/board.html", context)


@reader_required
def board_export(request):
    today = timezone.localdate()
    filterset = _board_filter(request, today)
    labels = R.TIMER_STATE_LABELS
    headers = [
        _("Name"),
        _("Branch"),
        _("stage"),
        _("applied on"),
        _("activist since"),
        _("candidate since"),
        _("admitted by the general meeting on"),
        _("probation ends on"),
        _("full member since"),
        _("next step"),
        _("not before"),
        _("due by"),
        _("Timer"),
    ]
    rows = (
        [
            a.name,
            a.branch.name,
            a.get_stage_display(),
            a.applied_on,
            a.activist_on,
            a.candidate_on,
            a.admitted_on,
            a.probation_ends_on,
            a.full_on,
            a.get_next_step_display(),
            a.next_earliest,
            a.next_deadline,
            str(labels.get(a.timer_state, "")),
        ]
        for a in filterset.qs.iterator(chunk_size=500)
    )
    return xlsx_response(
        request,
        filename=_("Recruitment board"),
        headers=headers,
        rows=rows,
        title=_("Recruitment board"),
        what="development",
        filters={key: value for key, value in request.GET.items() if value},
    )


@writer_required
def applicant_create(request):
    form = ApplicantForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            applicant = create_applicant(
                form.save(commit=False), user=request.user, document_no=form.cleaned_data["document_no"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("%(name)s is on the board as an applicant.") % {"name": applicant.name})
            return redirect("development:detail", pk=applicant.pk)
    return render(request, "development/applicant_form.html", {"form": form})


def _applicant_for(user, pk):
    """The record, or a 404 when it is outside the user's scope."""
    return get_object_or_404(Applicant.objects.visible_to(user).select_related("branch__committee", "member"), pk=pk)


@reader_required
def applicant_detail(request, pk):
    applicant = _applicant_for(request.user, pk)
    today = timezone.localdate()
    rules = R.rules_for(applicant.branch.committee)
    timers = [(timer, timer.state(today)) for timer in R.timers(applicant, rules)]
    steps = applicant.steps.select_related("meeting", "recorded_by").order_by("done_on", "pk")
    open_steps = available_steps(applicant) if applicant.is_open else []
    context = {
        "applicant": applicant,
        "timers": timers,
        "steps": steps,
        "open_steps": open_steps,
        "contacts": applicant.contacts.all(),
        "sponsors": applicant.sponsors.all(),
        "missing": R.missing_for_admission(applicant, rules) if applicant.stage == Stage.CANDIDATE else [],
        "rules": rules,
        "can_write": can_write(request.user),
        "may_withdraw": applicant.stage in OPEN_STAGES and applicant.stage != Stage.PROBATIONARY,
        "state_labels": R.TIMER_STATE_LABELS,
        "history": applicant.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "development/applicant_detail.html", context)


def available_steps(applicant):
    """The steps the record's stage offers, as (kind, label)."""
    done = set(applicant.steps.values_list("kind", flat=True))
    once = {
        StepKind.TALK,
        StepKind.ADMISSION,
        StepKind.APPROVAL,
        StepKind.OATH,
        StepKind.EXTENSION,
        StepKind.CONVERSION,
        StepKind.PUBLICITY,
        StepKind.DISQUALIFICATION,
    }
    return [
        (kind, StepKind(kind).label)
        for kind, stage in R.STEP_STAGE.items()
        if stage == applicant.stage and not (kind in once and kind in done)
    ]


def _errors_to_form(form, error):
    for field, problems in error.message_dict.items():
        target = field if field in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


@writer_required
def step_create(request, pk, kind):
    applicant = _applicant_for(request.user, pk)
    if kind not in R.STEP_STAGE:
        raise Http404
    form = StepForm(request.POST or None, applicant=applicant, kind=kind, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record_step(applicant, kind, user=request.user, **form.step_values())
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(step)s is recorded for %(name)s.") % {"step": StepKind(kind).label, "name": applicant.name},
            )
            return redirect("development:detail", pk=applicant.pk)
    context = {"applicant": applicant, "form": form, "kind": kind, "kind_label": StepKind(kind).label}
    return render(request, "development/step_form.html", context)


@writer_required
def applicant_withdraw(request, pk):
    applicant = _applicant_for(request.user, pk)
    form = WithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            withdraw(
                applicant,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The record of %(name)s is withdrawn.") % {"name": applicant.name})
            return redirect("development:detail", pk=applicant.pk)
    return render(request, "development/withdraw_form.html", {"applicant": applicant, "form": form})


def _figures(request):
    form = FiguresForm(request.GET or None, user=request.user)
    year, committee = timezone.localdate().year, None
    if form.is_bound and form.is_valid():
        year, committee = form.cleaned_data["year"], form.cleaned_data["committee"]
    rows, total = year_figures(request.user, year, committee)
    return form, year, rows, total


@reader_required
def figures(request):
    form, year, rows, total = _figures(request)
    columns = COLUMNS
    table = [(row, [getattr(row, key) for key, _label in COLUMNS]) for row in rows]
    annex = probationary_members(request.user, year)
    context = {
        "form": form,
        "year": year,
        "columns": columns,
        "table": table,
        "total": [total[key] for key, _label in COLUMNS],
        "annex": annex,
        "query": request.GET.urlencode(),
    }
    return render(request, "development/figures.html", context)


@reader_required
def figures_export(request):
    _form, year, rows, total = _figures(request)
    headers = [_("Committee"), _("Branch"), *[label for _key, label in COLUMNS]]
    lines = [[row.committee.short_name, row.name, *[getattr(row, key) for key, _label in COLUMNS]] for row in rows]
    lines.append([_("Total"), "", *[total[key] for key, _label in COLUMNS]])
    return xlsx_response(
        request,
        filename=_("Recruitment figures %(year)s") % {"year": year},
        headers=headers,
        rows=lines,
        title=_("Recruitment figures %(year)s") % {"year": year},
        what="development figures",
        filters={key: value for key, value in request.GET.items() if value},
    )


@writer_required
def rules_edit(request, pk):
    """A committee's reading of the 细则's limits: its staff and the county; a secretary gets a 403."""
    if not can_write_committee_wide(request.user):
        raise PermissionDenied
    committee = get_object_or_404(Committee.objects.visible_to(request.user), pk=pk)
    rules = R.rules_for(committee)
    form = DevelopmentRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved._history_user = request.user
        saved.save()
        refresh_timers(Applicant.objects.open().filter(branch__committee=committee).select_related("branch__committee"))
        messages.success(request, _("The recruitment rules of %(committee)s are saved.") % {"committee": committee})
        return redirect("development:rules", pk=committee.pk)
    history = []
    if rules.pk:
        history = rules.history.select_related("history_user").order_by("-history_date")[:20]
    national = DevelopmentRules()
    context = {"form": form, "committee": committee, "history": history, "national": national}
    return render(request, "development/rules_form.html", context)
