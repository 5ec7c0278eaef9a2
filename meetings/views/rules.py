"""组织生活达标规则: each committee's rules for the compliance matrix, a committee setting.

Committee staff set their committee's, the county administrator any committee's; a branch
secretary and the auditor read them (``can_write_committee_wide``). The national rule of the
支部工作条例 is the default and stays in view beside each rule.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from branches.models import Committee
from branches.permissions import can_write_committee_wide, reader_required, writer_required
from meetings.compliance import NATIONAL_RULES, RULED_KINDS, set_rules
from meetings.forms import ComplianceRulesForm
from meetings.models import ComplianceRule, Frequency


@reader_required
def rule_list(request):
    committees = list(Committee.objects.visible_to(request.user).order_by("pk"))
    rules = {}
    for rule in ComplianceRule.objects.visible_to(request.user).filter(committee__in=committees):
        rules[rule.committee_id, rule.kind] = rule
    labels = dict(Frequency.choices)
    tables = [
        {
            "committee": committee,
            "rows": [
                {
                    "kind": kind,
                    "rule": rules.get((committee.pk, kind)),
                    "label": labels.get(rules[committee.pk, kind].frequency) if (committee.pk, kind) in rules else "",
                    "national": NATIONAL_RULES[kind].label,
                    "differs": getattr(rules.get((committee.pk, kind)), "frequency", None) != NATIONAL_RULES[kind],
                }
                for kind in RULED_KINDS
            ],
        }
        for committee in committees
    ]
    context = {"tables": tables, "can_edit": can_write_committee_wide(request.user)}
    return render(request, "meetings/rule_list.html", context)


@writer_required
def rule_edit(request, pk):
    committee = get_object_or_404(Committee.objects.visible_to(request.user), pk=pk)
    if not can_write_committee_wide(request.user):
        raise PermissionDenied  # a secretary reads its committee's rules
    current = {rule.kind: rule.frequency for rule in committee.compliance_rules.all()}
    # ?national=1 fills the form with the national rule (nothing is saved until 保存).
    initial = {str(kind): value for kind, value in NATIONAL_RULES.items()} if request.GET.get("national") else current
    form = ComplianceRulesForm(request.POST or None, rules=initial)
    if request.method == "POST" and form.is_valid():
        changed = set_rules(committee, form.cleaned_data)
        if changed:
            messages.success(request, _("The rules are saved: %(count)d changed.") % {"count": len(changed)})
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("meetings:rules")
    return render(request, "meetings/rule_form.html", {"form": form, "committee": committee})
