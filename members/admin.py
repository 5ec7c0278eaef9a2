from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from audit.log import record
from audit.models import Action
from branches.admin_base import (
    ScopedAdminMixin,
    ScopedBranchFilter,
    ScopedCommitteeFilter,
    ScopedInlineMixin,
    ScopedModelAdmin,
)
from branches.permissions import can_view_full_id_number
from lib.pagination import ADMIN_PAGE_SIZE, CappedPaginator
from members.models import CommitteePost, Honor, Member, Post
from members.search import distinct_values, search_for
from members.services import create_member, save_member_with_version_check


class WorkCityFilter(admin.SimpleListFilter):
    """工作城市 from the field's index (members.search.distinct_values), not a scan of every file."""

    title = _("work city")
    parameter_name = "work_city"

    def lookups(self, request, model_admin):
        return [(city, city) for city in distinct_values(model_admin.get_queryset(request), "work_city")]

    def queryset(self, request, queryset):
        return queryset.filter(work_city=self.value()) if self.value() else queryset


class PostInline(ScopedInlineMixin, admin.TabularInline):
    model = Post
    extra = 0
    fk_name = "member"


class MemberAdminForm(forms.ModelForm):
    """The version the form was opened at travels with it, as on the edit page: a save
    over someone else's newer change is refused instead of silently reverting it."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Member
        fields = "__all__"  # noqa: DJ007 - the admin narrows them to its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None:
            stored = Member.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if stored != opened:
                raise forms.ValidationError(
                    _("Someone else saved this file after you opened it; reload the page to see their change.")
                )
        return cleaned


@admin.register(Member)
class MemberAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = MemberAdminForm
    list_display = [
        "name",
        "gender",
        "masked_id",
        "phone",
        "category",
        "branch",
        "work_city",
        "hometown_township",
        "status",
    ]
    list_filter = [
        "category",
        "status",
        ScopedCommitteeFilter,
        ScopedBranchFilter,
        "gender",
        "education",
        WorkCityFilter,
    ]
    search_fields = ["name", "=phone", "employer", "id_number"]
    list_select_related = ["branch"]
    list_per_page = ADMIN_PAGE_SIZE
    # A full COUNT(*) on a big roster is the slowest part of a changelist: count at
    # most 10,000 rows, and never count the unfiltered total a second time.
    paginator = CappedPaginator
    show_full_result_count = False
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [PostInline]
    fieldsets = [
        (None, {"fields": ["name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education"]}),
        (
            "党籍",
            {
                "fields": [
                    "category",
                    "branch",
                    "joined_party_on",
                    "full_member_on",
                    "status",
                    "home_organisation",
                    "home_organisation_text",
                ]
            },
        ),
        (
            "籍贯与工作",
            {
                "fields": [
                    "hometown_township",
                    "hometown_village",
                    "employer",
                    "position",
                    "work_city",
                    "occupation",
                    "left_home_on",
                    "activity_certificate_no",
                ]
            },
        ),
        (None, {"fields": ["notes", "version", "created_at", "updated_at", "opened_version"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        # The list's search (character-gram indexes on PostgreSQL), not a LIKE on four columns.
        return search_for(request, queryset, search_term), False

    @admin.display(description=Member._meta.get_field("id_number").verbose_name, ordering="id_number")
    def masked_id(self, obj):
        return obj.masked_id_number

    def save_model(self, request, obj, form, change):
        if not change:
            create_member(obj, user=request.user)
            return
        # The same versioned save as the edit page: the version goes up by one.
        opened = form.cleaned_data.get("opened_version")
        save_member_with_version_check(obj, obj.version if opened is None else opened, user=request.user)

    def has_delete_permission(self, request, obj=None):
        # A member file is never deleted: its status changes instead.
        return False

    def get_fieldsets(self, request, obj=None):
        # Who may not see a full ID number (the auditor) gets the masked one, read only.
        if can_view_full_id_number(request.user):
            return self.fieldsets
        return [
            (name, {**options, "fields": ["masked_id" if f == "id_number" else f for f in options["fields"]]})
            for name, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if can_view_full_id_number(request.user) else [*fields, "masked_id"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # The edit form shows the full number: that is a reveal, and it is logged.
        if request.method == "GET" and response.status_code == 200 and can_view_full_id_number(request.user):
            member = response.context_data["original"]
            record(request, Action.VIEW_ID_NUMBER, obj=member, via="admin")
        return response


@admin.register(Post)
class PostAdmin(ScopedModelAdmin):
    list_display = ["member", "branch", "title", "started_on", "ended_on"]
    list_filter = ["title", ScopedBranchFilter]
    search_fields = ["member__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member", "branch"]


@admin.register(CommitteePost)
class CommitteePostAdmin(ScopedModelAdmin):
    """党委班子: the committee's own posts (its staff keep them; the branches read them)."""

    list_display = ["name", "committee", "title", "duty", "started_on", "ended_on"]
    list_filter = ["title"]
    search_fields = ["name"]
    autocomplete_fields = ["member"]
    list_select_related = ["committee"]


@admin.register(Honor)
class HonorAdmin(ScopedModelAdmin):
    list_display = ["year", "title", "member", "branch", "committee", "awarded_by"]
    list_filter = ["year", "title"]
    search_fields = ["title", "member__name", "branch__name"]
    autocomplete_fields = ["member", "branch"]
    list_select_related = ["member", "branch", "committee"]
