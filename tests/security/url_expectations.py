"""What each persona gets from every URL of the project: the permission sweep's table.

ADDING A URL? Add a row to URLS below, keyed by the URL's name (with its namespace).
The sweep (test_permission_sweep.py) requests every URL pattern of the project as
five personas and compares with this table; a URL name missing here fails it.

Personas: ``anonymous``; ``branch2`` (branch 2's secretary: everything the sweep
opens belongs to branch 1, so object pages must be 404 for them); ``auditor``
(reads everything, writes nothing); ``sysadmin`` (the system administrator:
accounts, never member data); ``branch1`` (branch 1's secretary: the owner).

An expected value is a status code, a set of them, LOGIN (a redirect to a login
page), MISSING (the admin's "does not exist" redirect to its index, or a 404), or
ANY (not checked). Examples (the real rows are below; reuse their constants and helpers):

    # a list: branch 2 gets 200, and the sweep checks the planted branch-1 member is absent
    # when the list is searched for it (PLANTED_SEARCH: see why below)
    "members:list": Expect(sysadmin=403, query={"q": PLANTED_SEARCH}),
    # an object page: another branch's member is a 404
    "members:detail": Expect(branch2=404, sysadmin=403, kwargs={"pk": "members.member"}),
    # a write view: the auditor is refused server-side, on GET and on POST
    "members:edit": Expect(branch2=404, auditor=403, sysadmin=403, kwargs={"pk": "members.member"},
                           post={"branch2": 404, "auditor": 403, "sysadmin": 403, "branch1": 200}),

``kwargs`` maps each URL argument to the branch-1 object whose pk it takes
("app_label.model"), or to a literal value. Besides the table, the sweep checks
for every response: no other-branch persona (nor the system administrator) ever
sees the planted member's name, phone or ID number; the auditor never sees the
full ID number; no write happens for the auditor, for anonymous users, or for a
persona the GET refused; no HTML page has an inline script or an on*= handler.

Admin URLs are derived from ADMIN_MODELS (one row per registered model) and
ADMIN_SITE_URLS; register a model in the admin, add its row there.
"""

from dataclasses import dataclass, field

from tests.security.conftest import PLANTED_NAME

LOGIN = "login"
MISSING = "missing"
ANY = "any"
HIDDEN = "hidden"  # 403, or MISSING: either way nothing about the object is shown
PERSONAS = ("anonymous", "branch2", "auditor", "sysadmin", "branch1")
# What a row's list is searched for: part of the planted name. It finds the same member,
# but unlike the whole name it is no secret, so a search box that echoes it is no leak.
PLANTED_SEARCH = PLANTED_NAME[1:]


@dataclass(frozen=True)
class Expect:
    anonymous: object = LOGIN
    branch2: object = 200
    auditor: object = 200
    sysadmin: object = 200
    branch1: object = 200
    # Expected answers to an empty POST, by persona. Not given: the POST is only
    # checked for "no write" (auditor, anonymous, refused personas) and for a denial
    # where the GET was denied.
    post: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    # Why branch 2 may read branch-1 members' names on this page (empty: never). Their
    # phone and ID number stay forbidden all the same. As ADMIN_MODELS' field of that name.
    names_other_branch_members: str = ""

    def get(self, persona):
        return getattr(self, persona)


PUBLIC = Expect(anonymous=ANY, branch2=ANY, auditor=ANY, sysadmin=ANY, branch1=ANY)
# Only the system administrator and the county administrator manage accounts.
ACCOUNT_PAGE = Expect(branch2=403, auditor=403, sysadmin=200, branch1=403, post={"auditor": 403, "branch1": 403})
# POST-only account actions: GET is 405 for whoever passes the login check.
ACCOUNT_ACTION = Expect(
    branch2=405,
    auditor=405,
    sysadmin=405,
    branch1=405,
    kwargs={"pk": "auth.user"},
    post={"auditor": 403, "branch1": 403, "branch2": 403, "sysadmin": 302},
)
AUDIT_PAGE = Expect(branch2=403, auditor=200, sysadmin=403, branch1=403)

# --- member data: members, 双报一领, meetings, assistance, statistics, branches ---------------
# The business roles read member data within their scope; the system administrator
# never does. Most pages refuse it (403) before any lookup; where a page only says
# login_required, its querysets go through visible_to(), which gives the system
# administrator nothing: such a row says sysadmin=200 with "empty" in a comment.

# A list or export of member data with a search box: branch 2 gets 200, and the planted
# branch-1 member, searched for by name, must not be in it.
MEMBER_LIST = Expect(sysadmin=403, query={"q": PLANTED_SEARCH})
# A page or report of member data without a name search (the sweep still reads all of it).
MEMBER_PAGE = Expect(sysadmin=403)
# Only the county and committee offices import rosters (members.permissions.may_import);
# a secretary and the auditor get a 403 too: the import centre is a write tool, and the
# auditor reads each import in the audit log instead.
IMPORTERS_ONLY = Expect(branch2=403, auditor=403, sysadmin=403, branch1=403, post=dict.fromkeys(PERSONAS[1:], 403))


def member_object(model, **kwargs):
    """A read page of one branch-1 object: another branch's is a 404."""
    return Expect(branch2=404, sysadmin=403, kwargs={"pk": model, **kwargs})


def write_form(model=None, *, branch1=200, branch1_post=200, refused=403, **kwargs):
    """A GET/POST form: the auditor and the system administrator are refused (``refused``)
    before any lookup; an empty POST re-renders the form with its errors (200) unless
    ``branch1_post`` says otherwise. With ``model``, another branch's object is a 404."""
    branch2 = 404 if model else 200
    return Expect(
        branch2=branch2,
        auditor=403,
        sysadmin=refused,
        branch1=branch1,
        kwargs={"pk": model, **kwargs} if model else {},
        post={"branch2": branch2, "auditor": 403, "sysadmin": refused, "branch1": branch1_post},
    )


def committee_record_edit(model):
    """Editing a committee-wide record (a campaign or project of the whole committee): the
    committee's own; the secretaries of its branches read it and get a 403 here."""
    return Expect(
        branch2=403,
        auditor=403,
        sysadmin=403,
        branch1=403,
        kwargs={"pk": model},
        post=dict.fromkeys(PERSONAS[1:], 403),
    )


def post_action(model, *, branch1, branch2=404, **kwargs):
    """A POST-only write on one object: the write check comes first (403 for the auditor and
    the system administrator, on GET too), then 405 for a GET, then the scoped lookup."""
    return Expect(
        branch2=405,
        auditor=403,
        sysadmin=403,
        branch1=405,
        kwargs={"pk": model, **kwargs},
        post={"branch2": branch2, "auditor": 403, "sysadmin": 403, "branch1": branch1},
    )


URLS = {
    "dashboard:index": Expect(),
    "healthz": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,
    "set_language": PUBLIC,
    # Accounts (system administrator, county administrator).
    "accounts:user_list": ACCOUNT_PAGE,
    "accounts:user_export": ACCOUNT_PAGE,
    "accounts:user_create": ACCOUNT_PAGE,
    "accounts:user_detail": Expect(
        branch2=403, auditor=403, sysadmin=200, branch1=403, kwargs={"pk": "auth.user"}, post={"auditor": 403}
    ),
    "accounts:user_password": Expect(
        branch2=403, auditor=403, sysadmin=200, branch1=403, kwargs={"pk": "auth.user"}, post={"auditor": 403}
    ),
    "accounts:user_set_active": ACCOUNT_ACTION,
    "accounts:user_unlock": ACCOUNT_ACTION,
    # One's own second factor: every logged-in user.
    "accounts:otp_setup": Expect(),
    "accounts:otp_verify": Expect(branch2=302, auditor=302, sysadmin=302, branch1=302),
    # The audit log: the auditor's.
    "audit:entry_list": AUDIT_PAGE,
    "audit:entry_export": AUDIT_PAGE,
    # Revealing a full ID number: POST only; the file keepers of the member's branch.
    "members:reveal_id_number": Expect(
        branch2=405,
        auditor=405,
        sysadmin=405,
        branch1=405,
        kwargs={"pk": "members.member"},
        post={"branch2": 404, "auditor": 403, "sysadmin": 404, "branch1": 200},
    ),
    # --- 党员档案 (members) ---
    "members:list": MEMBER_LIST,
    "members:export": MEMBER_LIST,
    "members:roster_export": MEMBER_PAGE,  # every member in scope: the sweep reads the whole file
    "members:detail": member_object("members.member"),
    "members:print": member_object("members.member"),
    "members:create": write_form(),
    "members:edit": write_form("members.member"),
    "members:status": write_form("members.member"),
    # 导入中心: the county and committee offices only (none of the personas).
    "members:import_centre": IMPORTERS_ONLY,
    "members:import_template": IMPORTERS_ONLY,
    "members:import_preview": Expect(
        branch2=403, auditor=403, sysadmin=403, branch1=403, kwargs={"pk": "members.importbatch"}
    ),
    "members:import_confirm": Expect(
        branch2=403,
        auditor=403,
        sysadmin=403,
        branch1=403,
        kwargs={"pk": "members.importbatch"},
        post=dict.fromkeys(PERSONAS[1:], 403),
    ),
    # --- 双报一领 (shuangbao) ---
    "shuangbao:overview": MEMBER_PAGE,  # rates per branch of the user's scope
    "shuangbao:check_in_list": MEMBER_LIST,
    "shuangbao:check_in_export": MEMBER_LIST,
    "shuangbao:check_in_create": write_form(),
    "shuangbao:not_checked_in": MEMBER_LIST,
    "shuangbao:not_checked_in_export": MEMBER_LIST,
    "shuangbao:report_board": MEMBER_LIST,
    "shuangbao:report_board_export": MEMBER_LIST,
    "shuangbao:report_create": write_form(),
    # Tasks: the board lists the committee's tasks (shared by design) with counts, no names.
    "shuangbao:task_board": MEMBER_PAGE,
    "shuangbao:task_export": MEMBER_PAGE,
    "shuangbao:task_create": write_form(),
    # Branch 1's own task (committee-wide tasks are shared by design and covered by the
    # scoping tests): another branch gets a 404.
    "shuangbao:task_detail": member_object("shuangbao.task"),
    # Claiming it: an empty POST is refused with the form's errors (400); another branch 404.
    "shuangbao:task_claim": post_action("shuangbao.task", branch1=400),
    "shuangbao:claim_detail": member_object("shuangbao.taskclaim"),
    "shuangbao:claim_progress": post_action("shuangbao.taskclaim", branch1=400),
    "shuangbao:claim_complete": post_action("shuangbao.taskclaim", branch1=400),
    "shuangbao:claim_evaluate": post_action("shuangbao.taskclaim", branch1=400),
    "shuangbao:claim_drop": post_action("shuangbao.taskclaim", branch1=400),
    "shuangbao:member_record": member_object("members.member"),
    # --- 组织生活 (meetings) ---
    # The meeting pages check the login only and show what visible_to() gives: for the
    # system administrator, nothing (an empty list, an empty matrix, a 404 for a meeting).
    "meetings:list": Expect(query={"q": PLANTED_SEARCH}),  # sysadmin: empty
    "meetings:export": Expect(query={"q": PLANTED_SEARCH}),  # sysadmin: empty
    "meetings:create": write_form(),
    "meetings:detail": Expect(branch2=404, sysadmin=404, kwargs={"pk": "meetings.meeting"}),
    "meetings:update": write_form("meetings.meeting"),
    # Uploading without a file: 400 with the form's error. The login check comes before the method check.
    "meetings:attachment_upload": Expect(
        branch2=405,
        auditor=405,
        sysadmin=405,
        branch1=405,
        kwargs={"pk": "meetings.meeting"},
        post={"branch2": 404, "auditor": 403, "sysadmin": 403, "branch1": 400},
    ),
    "meetings:attachment": Expect(branch2=404, sysadmin=404, kwargs={"pk": "meetings.meetingattachment"}),
    "meetings:compliance": Expect(),  # per branch, no names; sysadmin: empty
    "meetings:compliance_export": Expect(),  # sysadmin: empty
    "meetings:attendance": Expect(query={"q": PLANTED_SEARCH}),  # sysadmin: empty
    "meetings:attendance_export": Expect(query={"q": PLANTED_SEARCH}),  # sysadmin: empty
    # --- 帮扶 (assistance) ---
    "assistance:impact": MEMBER_PAGE,  # sums over the user's scope
    "assistance:help_request_list": MEMBER_LIST,
    "assistance:help_request_export": MEMBER_LIST,
    "assistance:help_request_create": write_form(),
    "assistance:help_request_detail": member_object("assistance.helprequest"),
    # An empty action is refused with a message, back to the case (302).
    "assistance:help_request_add_action": post_action("assistance.helprequest", branch1=302),
    # Branch 1's case is closed: no step leads back to "in progress", so back to the case (302).
    "assistance:help_request_transition": write_form(
        "assistance.helprequest", branch1=302, branch1_post=302, to_status="in_progress"
    ),
    "assistance:visit_list": MEMBER_LIST,
    "assistance:visit_export": MEMBER_LIST,
    "assistance:visit_create": write_form(),
    "assistance:visit_update": write_form("assistance.visit"),
    "assistance:campaign_list": MEMBER_LIST,
    "assistance:campaign_export": MEMBER_LIST,
    "assistance:campaign_create": write_form(),
    # Branch 1's campaign is the committee's (committee-wide): every branch of the committee
    # reads it with its donors from every branch (names and branch only: the committee
    # publishes who gave; a policy the lead may revisit). A secretary changes nothing of
    # the committee's (403) but records its own members' donations to it.
    "assistance:campaign_detail": Expect(
        sysadmin=403,
        kwargs={"pk": "assistance.campaign"},
        names_other_branch_members="donors to a committee-wide campaign, as DONOR_LIST in the admin",
    ),
    "assistance:campaign_update": committee_record_edit("assistance.campaign"),
    "assistance:donation_create": post_action("assistance.campaign", branch1=302, branch2=302),
    "assistance:beneficiary_create": post_action("assistance.campaign", branch1=302, branch2=302),
    "assistance:job_referral_list": MEMBER_LIST,
    "assistance:job_referral_export": MEMBER_LIST,
    "assistance:job_referral_create": write_form(),
    "assistance:job_fair_create": write_form(),
    "assistance:paired_village_list": MEMBER_LIST,
    "assistance:paired_village_export": MEMBER_LIST,
    "assistance:project_list": MEMBER_LIST,
    "assistance:project_export": MEMBER_LIST,
    "assistance:project_create": write_form(),
    # Branch 1's project is the committee's: a secretary reads it and changes nothing (403).
    "assistance:project_update": committee_record_edit("assistance.investmentproject"),
    "assistance:return_post_list": MEMBER_LIST,
    # Posts are created and decided by the county and the committee only.
    "assistance:return_post_create": Expect(
        branch2=403, auditor=403, sysadmin=403, branch1=403, post=dict.fromkeys(PERSONAS[1:], 403)
    ),
    # A return post belongs to the committee: every branch reads it, with its own applicants only.
    "assistance:return_post_detail": Expect(sysadmin=403, kwargs={"pk": "assistance.returnpost"}),
    # Putting a member forward: an empty POST is refused with a message, back to the post (302).
    "assistance:return_application_create": post_action("assistance.returnpost", branch1=302, branch2=302),
    "assistance:return_application_list": MEMBER_LIST,
    "assistance:return_application_export": MEMBER_LIST,
    # Deciding an application: the county and the committee only (403 for the secretaries on POST).
    "assistance:return_application_step": post_action(
        "assistance.returnapplication", branch1=403, branch2=403, to_status="reviewed"
    ),
    # --- 统计报表 (statistics): counts of the user's scope, no names; sysadmin: all zero ---
    "dashboard:profile": Expect(),
    "dashboard:profile_xlsx": Expect(),
    "dashboard:origin": Expect(),
    "dashboard:origin_xlsx": Expect(),
    "dashboard:chart": Expect(kwargs={"slug": "members-by-branch"}),
    "dashboard:chart_svg": Expect(kwargs={"slug": "members-by-branch"}),
    "dashboard:chart_xlsx": Expect(kwargs={"slug": "members-by-branch"}),
    # --- 党支部 (branch pages): the user's branches; sysadmin: empty list, 404 for a branch ---
    "dashboard:branch_list": Expect(query={"q": PLANTED_SEARCH}),
    "dashboard:branch_export": Expect(),
    "dashboard:branch_detail": Expect(branch2=404, sysadmin=404, kwargs={"pk": "branches.branch"}),
}

# --- the admin ---------------------------------------------------------------------------

NONE, READ, WRITE, DELETE = 0, 1, 2, 3


@dataclass(frozen=True)
class AdminAccess:
    """What each persona may do with a model in the admin; ``shared``: branch 2 sees branch 1's object."""

    branch1: int = WRITE
    branch2: int = WRITE
    auditor: int = READ
    sysadmin: int = NONE
    shared: bool = False
    # Why branch 2 may see branch-1 members' names on this model's object pages (empty: never).
    names_other_branch_members: str = ""

    def level(self, persona):
        return NONE if persona == "anonymous" else getattr(self, persona)


BRANCH_RECORD = AdminAccess()
COMMITTEE_RECORD = AdminAccess(branch1=READ, branch2=READ)  # written by committee staff and the county
# Rows of the whole committee (a campaign, a job fair, a task the committee
# published): every branch of the committee sees them by design (DESIGN §2).
COMMITTEE_WIDE = AdminAccess(shared=True)
# A committee-wide campaign lists its donors, from every branch: the committee
# publishes who gave (the article's 捐款 lists). A policy the lead may revisit.
DONOR_LIST = AdminAccess(shared=True, names_other_branch_members="donors to a committee-wide campaign")
SUPERUSER_ONLY = AdminAccess(branch1=NONE, branch2=NONE, auditor=NONE)

ADMIN_MODELS = {
    "auth.group": SUPERUSER_ONLY,
    "auth.user": SUPERUSER_ONLY,
    "axes.accessattempt": SUPERUSER_ONLY,
    "axes.accesslog": SUPERUSER_ONLY,
    "axes.accessfailurelog": SUPERUSER_ONLY,
    "otp_totp.totpdevice": SUPERUSER_ONLY,
    "audit.auditentry": AdminAccess(branch1=NONE, branch2=NONE, auditor=READ),
    "branches.committee": AdminAccess(branch1=READ, branch2=READ, shared=True),
    "branches.branch": COMMITTEE_RECORD,
    "branches.staffscope": AdminAccess(branch1=NONE, branch2=NONE, auditor=READ, sysadmin=DELETE),
    "meetings.meeting": BRANCH_RECORD,
    "shuangbao.task": BRANCH_RECORD,
    "branches.pairedvillage": BRANCH_RECORD,
    "meetings.compliancerule": AdminAccess(branch1=READ, branch2=READ, shared=True),
    "members.member": BRANCH_RECORD,
    "members.post": BRANCH_RECORD,
    "shuangbao.checkin": BRANCH_RECORD,
    "shuangbao.report": BRANCH_RECORD,
    "shuangbao.taskclaim": BRANCH_RECORD,
    "members.honor": BRANCH_RECORD,
    "assistance.helprequest": BRANCH_RECORD,
    "assistance.visit": BRANCH_RECORD,
    "assistance.campaign": DONOR_LIST,
    "assistance.donation": DONOR_LIST,
    "assistance.beneficiary": COMMITTEE_WIDE,
    "assistance.jobfair": COMMITTEE_WIDE,
    "assistance.jobreferral": COMMITTEE_WIDE,
    "assistance.investmentproject": COMMITTEE_WIDE,
    "assistance.returnpost": COMMITTEE_WIDE,
    "assistance.returnapplication": BRANCH_RECORD,
}

STAFF = Expect(branch2=200, auditor=200, sysadmin=200, branch1=200)
ADMIN_SITE_URLS = {
    "admin:index": STAFF,
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
    "admin:password_change": STAFF,
    "admin:password_change_done": STAFF,
    "admin:jsi18n": STAFF,
    # Without its query parameters the autocomplete refuses; test_planted_member covers it with them.
    "admin:autocomplete": Expect(branch2=403, auditor=403, sysadmin=403, branch1=403),
    "admin:app_list": Expect(branch2=200, auditor=200, sysadmin=404, branch1=200, kwargs={"app_label": "members"}),
    # No model of ours has get_absolute_url: the shortcut answers 404 to everyone.
    "admin:view_on_site": Expect(
        branch2=404,
        auditor=404,
        sysadmin=404,
        branch1=404,
        kwargs={"content_type_id": "contenttype:members.member", "object_id": "members.member"},
    ),
}

# Unnamed admin patterns: a redirect from <object_id>/ to <object_id>/change/, and
# the catch-all that 404s unknown admin URLs. Nothing else may be unnamed.
UNNAMED_ADMIN_ROUTES = ("admin/(?P<url>.*)$",)


def admin_expect(view, access: AdminAccess, persona):
    """The answer a persona gets from one admin view of a model, following ADMIN_MODELS."""
    if persona == "anonymous":
        return LOGIN
    level = access.level(persona)
    visible = persona != "branch2" or access.shared
    if view == "changelist":
        return 200 if level >= READ else 403
    if view == "add":
        return 200 if level >= WRITE else 403
    if view in {"change", "password_change"}:
        if level == NONE:
            return 403
        return 200 if visible else MISSING
    if view in {"history", "simple_history"}:
        # History pages look the object up first: to someone who may not read the
        # model, an object is as missing as one outside their scope.
        if level == NONE:
            return HIDDEN
        return 200 if visible else MISSING
    if view == "delete":
        if level < DELETE:
            return 403
        return 200 if visible else MISSING
    if view == "process_import":
        return 405  # POST only; the POST is refused below
    if view in {"import", "export"}:
        # The admin's import and export are for superusers only (settings.IMPORT_EXPORT_*_PERMISSION_CODE).
        return 403
    if view in {"config", "qrcode"}:  # an authenticator's secret: superusers only
        return 403
    raise KeyError(view)


__all__ = [
    "ADMIN_MODELS",
    "ADMIN_SITE_URLS",
    "ANY",
    "LOGIN",
    "MISSING",
    "PERSONAS",
    "PLANTED_NAME",
    "PLANTED_SEARCH",
    "URLS",
    "Expect",
]
