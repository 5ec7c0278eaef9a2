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
ANY (not checked). Examples for pages still to come:

    # a list: branch 2 gets 200, and the sweep checks the planted branch-1 name is absent
    "members:member_list": Expect(sysadmin=403, query={"q": PLANTED_NAME}),
    # an object page: another branch's member is a 404
    "members:member_detail": Expect(branch2=404, sysadmin=404, kwargs={"pk": "members.member"}),
    # a write view: the auditor is refused server-side, on GET and on POST
    "members:member_edit": Expect(branch2=404, auditor=403, sysadmin=404, kwargs={"pk": "members.member"}),

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

URLS = {
    "dashboard": Expect(),
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
    "reveal_id_number": Expect(
        branch2=405,
        auditor=405,
        sysadmin=405,
        branch1=405,
        kwargs={"pk": "members.member"},
        post={"branch2": 404, "auditor": 403, "sysadmin": 404, "branch1": 200},
    ),
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
    "branches.meeting": BRANCH_RECORD,
    "branches.task": COMMITTEE_WIDE,
    "branches.pairedvillage": BRANCH_RECORD,
    "branches.compliancerule": AdminAccess(branch1=READ, branch2=READ, shared=True),
    "members.member": BRANCH_RECORD,
    "members.post": BRANCH_RECORD,
    "members.checkin": BRANCH_RECORD,
    "members.report": BRANCH_RECORD,
    "members.taskclaim": BRANCH_RECORD,
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


__all__ = ["ADMIN_MODELS", "ADMIN_SITE_URLS", "ANY", "LOGIN", "MISSING", "PERSONAS", "PLANTED_NAME", "URLS", "Expect"]
