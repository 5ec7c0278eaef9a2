"""What each persona gets from every URL of the project: the permission sweep's table.

ADDING A URL? Add a row to URLS below, keyed by the URL's name (with its namespace).
The sweep (test_permission_sweep.py) requests every URL pattern of the project as
nine personas, GET and then POST, and compares with this table; a URL name missing
here fails it.

Personas (tests/security/world.py builds their county), owners first:
``branch1`` (branch 1's secretary: every object the sweep opens is branch 1's),
``committee1`` (committee 1's staff), ``county`` (the county administrator), ``auditor``
(reads everything, writes nothing), ``branch2`` (branch 2's secretary, same committee:
branch 1's objects are a 404 for them), ``committee2`` (the staff of a second committee:
committee 1's objects are a 404, committee 1's lists show them nothing), ``sysadmin``
(accounts, never member data), ``village`` (the secretary of a village branch at home,
``home_secretary``: the members whose relation it holds, on the village pages; every
other page of member data is a 403 to it) and ``anonymous``.

An expected value is a status code, a set of them, LOGIN (a redirect to a login page),
MISSING (the admin's "does not exist" redirect to its index, or a 404), HIDDEN (403 or
MISSING) or ANY (not checked).

What a row says besides the answers:

``shows``: the planted records the page lists (keys of ``World.probes``). The sweep first
checks that every persona in the record's scope who gets a 200 finds each of them on the
page (or in the xlsx), and only then that nobody outside the scope does: a row that
shows nothing to its owner cannot catch a leak. A readable page that lists no record
says why in ``shows_nothing``.

``data``: a valid submission, ``data(world, form)`` → the POST (``form``: the fields of the
form that ``form_from`` got on GET, as a browser would send them back). Without it the
POST is empty. ``writes``: the personas whose POST must write, and nobody else's may.

``kwargs`` maps each URL argument (and ``query`` each query parameter) to a key of
``World.objects`` (its pk is used) or to a literal value.

Besides the table, the sweep checks for every response: no persona outside branch 1
ever sees the planted member's name, phone or ID number, nor anything of another
committee; the auditor never sees a full ID number; no HTML page has an inline script
or an on*= handler.

Admin URLs are derived from ADMIN_MODELS (one row per registered model) and
ADMIN_SITE_URLS; register a model in the admin, add its row there. The sweep reads
every row of every changelist, as every persona.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.members.rosters import csv_bytes, person
from tests.security.world import ACCOUNTS, AUDIT, BRANCH, COMMITTEE, IN_SCOPE, PLANTED_SEARCH, PNG, SIGN_IN_TOKEN

LOGIN = "login"
MISSING = "missing"
ANY = "any"
HIDDEN = "hidden"  # 403, or MISSING: either way nothing about the object is shown
PERSONAS = (
    "branch1",
    "committee1",
    "county",
    "auditor",
    "branch2",
    "committee2",
    "sysadmin",
    "village",
    # Issue 21: a party member's own account (role member, a member of branch 2): /me/ only;
    # every other page is a 404 to it (selfservice.access), the admin included.
    "member",
    "anonymous",
)
# The personas with a staff account: every logged-in persona but the member.
STAFF_PERSONAS = tuple(persona for persona in PERSONAS if persona not in ("member", "anonymous"))
OWNERS = ("branch1", "committee1", "county")  # who writes branch 1's records


@dataclass(frozen=True)
class Expect:
    branch1: object = 200
    committee1: object = 200
    county: object = 200
    auditor: object = 200
    branch2: object = 200
    committee2: object = 200
    sysadmin: object = 200
    # Issue 17: the secretary of a home village (home_secretary): the branches' pages are
    # closed to it (403); it works on the village pages, with its own members only.
    village: object = 403
    member: object = 404
    anonymous: object = LOGIN
    # Expected answers to the POST, by persona. Not given: the POST is only checked for
    # a denial where the GET was denied, and for writes.
    post: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    shows: tuple = ()
    shows_nothing: str = ""
    data: object = None
    form_from: str = "branch1"
    writes: tuple = ()
    # POSTs that every persona sends and that must be refused and write nothing (Attack).
    attacks: tuple = ()

    def get(self, persona):
        return getattr(self, persona)

    def but(self, **changes):
        """This row with some fields changed; ``post`` is merged into the row's own."""
        if "post" in changes:
            changes["post"] = {**self.post, **changes["post"]}
        return replace(self, **changes)


@dataclass(frozen=True)
class Attack:
    """A POST that everyone, the owners included, must be refused, leaving no change: a
    role-escalation attempt on the account pages (issue 14). ``data(world, persona)`` is the
    POST; ``target`` the account the URL names: a key of ``World.objects``, ``SELF`` (the
    persona's own account) or ``persona:<name>`` (another persona's, e.g. the auditor's);
    empty for the row's own URL."""

    what: str
    data: object
    target: str = ""


SELF = "self"


def today(days=0):
    return f"{timezone.localdate() + datetime.timedelta(days=days):%Y-%m-%d}"


def resubmit(world, form):
    """The form as the owner got it, sent back unchanged: a valid save."""
    return form


PUBLIC = Expect(**dict.fromkeys(PERSONAS, ANY), shows_nothing="no data")
REFUSED = {"branch1": 403, "committee1": 403, "auditor": 403, "branch2": 403, "committee2": 403}
# Only the system administrator and the county administrator manage accounts.
ACCOUNT_PAGE = Expect(**REFUSED, county=200, sysadmin=200, shows=("auth.user",))


def account_form(data, **kwargs):
    return Expect(
        **REFUSED,
        county=200,
        sysadmin=200,
        post={**REFUSED, "county": 302, "sysadmin": 302},
        data=data,
        form_from="county",
        writes=("county", "sysadmin"),
        shows_nothing="an account form",
        **kwargs,
    )


# POST-only account actions: GET is 405 for whoever passes the login check.
def account_action(data):
    return Expect(
        **dict.fromkeys(STAFF_PERSONAS, 405),
        kwargs={"pk": "auth.user"},
        post={**REFUSED, "county": 302, "sysadmin": 302},
        data=lambda world, form: data,
        writes=("county", "sysadmin"),
    )


AUDIT_PAGE = Expect(
    branch1=403, committee1=403, county=403, branch2=403, committee2=403, sysadmin=403, shows=("audit.auditentry",)
)

# --- member data: members, 双报一领, meetings, assistance, statistics, branches ---------------
# The business roles read member data within their scope; the system administrator
# never does. Most pages refuse it (403) before any lookup; where a page only says
# login_required, its querysets go through visible_to(), which gives the system
# administrator nothing: such a row says sysadmin=200 with "empty" in a comment.

# A list or export of member data with a search box: the planted records, searched for by
# PLANTED_SEARCH, must be on it for their scope and for nobody else.
SEARCH = {"q": PLANTED_SEARCH}


def member_list(*shows, **kwargs):
    return Expect(sysadmin=403, query=SEARCH, shows=shows, **kwargs)


def member_page(*shows, **kwargs):
    """A page or report of member data without a name search (the sweep reads all of it)."""
    return Expect(sysadmin=403, shows=shows, **kwargs)


def member_object(model, *shows, sysadmin=403, **kwargs):
    """A read page of one branch-1 object: another branch's or committee's is a 404."""
    return Expect(
        branch2=404, committee2=404, sysadmin=sysadmin, kwargs={"pk": model, **kwargs}, shows=shows or (model,)
    )


def create_form(data, *, branch2=200, committee2=200, writes=OWNERS, **kwargs):
    """A form that creates a record for branch 1. The auditor and the system administrator
    are refused before any lookup; the owners' valid POST saves and redirects (302); posted
    by branch 2 or committee 2, branch 1's member or branch is not among their choices: the
    form comes back with its errors (200) and nothing is written."""
    return Expect(
        auditor=403,
        sysadmin=403,
        branch2=branch2,
        committee2=committee2,
        post={"branch1": 302, "committee1": 302, "county": 302, "auditor": 403, "sysadmin": 403}
        | {"branch2": branch2, "committee2": committee2},
        data=data,
        writes=writes,
        shows_nothing="a form for a new record",
        **kwargs,
    )


def edit_form(model, data=resubmit, *, branch1=200, owners_post=302, writes=OWNERS, **kwargs):
    """The edit form of a branch-1 record: another branch's or committee's is a 404; the
    owners' valid POST saves it."""
    return Expect(
        branch1=branch1,
        auditor=403,
        sysadmin=403,
        branch2=404,
        committee2=404,
        kwargs={"pk": model, **kwargs},
        post=dict.fromkeys(OWNERS, owners_post) | {"auditor": 403, "sysadmin": 403, "branch2": 404, "committee2": 404},
        data=data,
        writes=writes,
        shows=(model,),
    )


def post_action(model, data, *, owners=302, branch2=404, committee2=404, writes=OWNERS, **kwargs):
    """A POST-only write on one branch-1 object: the write check comes first (403 for the
    auditor and the system administrator, on GET too), then 405 for a GET, then the scoped
    lookup: another branch's or committee's object is a 404 and nothing is written."""
    return Expect(
        branch1=405,
        committee1=405,
        county=405,
        auditor=403,
        branch2=405,
        committee2=405,
        sysadmin=403,
        kwargs={"pk": model, **kwargs},
        post=dict.fromkeys(OWNERS, owners)
        | {"auditor": 403, "sysadmin": 403, "branch2": branch2, "committee2": committee2},
        data=lambda world, form: data(world),
        writes=writes,
    )


# Only the county and committee offices import rosters (members.permissions.may_import);
# a secretary and the auditor get a 403 too: the import centre is a write tool, and the
# auditor reads each import in the audit log instead.
IMPORTERS_ONLY = {"branch1": 403, "auditor": 403, "branch2": 403, "sysadmin": 403}


def roster_upload(world, form):
    roster = csv_bytes([person(7, 姓名="王新党员")])
    return {"committee": world.pk("branches.committee"), "file": SimpleUploadedFile("花名册.csv", roster)}


def new_member(world, form):
    born = datetime.date(1991, 4, 5)
    from tests.factories import valid_id_number

    return form | {
        "name": "王新党员",
        "gender": "male",
        "birth_date": f"{born:%Y-%m-%d}",
        "id_number": valid_id_number(born),
        "phone": "13800009999",
        "category": "mobile",
        "branch": world.pk("branches.branch"),
        "joined_party_on": "2015-07-01",
        "full_member_on": "2016-07-01",
    }


def new_applicant(world, form):
    born = datetime.date(1999, 9, 9)
    from tests.factories import valid_id_number

    return form | {
        "branch": world.pk("branches.branch"),
        "name": "王新申请",
        "gender": "female",
        "ethnicity": "汉族",
        "birth_date": f"{born:%Y-%m-%d}",
        "id_number": valid_id_number(born, male=False),
        "category": "direct",
        "applied_on": today(),
    }


def activist_step(world, form):
    # The planted applicant was talked with 35 days ago: the branch makes her an activist today.
    return form | {"done_on": today(), "way": "recommended", "people": [world.pk("members.member")]}


def withdrawal(world, form):
    return form | {"reason": "dropped_out", "withdrawn_on": today(), "note": "本人放弃申请"}


def check_in(world, form):
    return form | {
        "member": world.pk("members.member"),
        "branch": world.pk("branches.branch"),
        "checked_in_on": today(),
        "way": "phone",
        "address": "东莞市长安镇",
    }


def report(world, form):
    # The planted member reported for this period: this is the one before.
    from shuangbao.periods import period_start

    this = period_start(world.today, world.objects["branches.committee"].report_cycle)
    previous = period_start(this - datetime.timedelta(days=1), world.objects["branches.committee"].report_cycle)
    return form | {
        "member": world.pk("members.member"),
        "period_start": f"{previous:%Y-%m-%d}",
        "submitted_on": today(),
        "channel": "phone",
        "summary": "思想稳定，工作顺利。",
    }


def task(world, form):
    return form | {
        "committee": world.pk("branches.committee"),
        "branch": world.pk("branches.branch"),
        "title": "慰问留守老人",
        "category": "volunteer",
        "opens_on": today(),
        "due_on": today(30),
        "capacity": "3",
    }


def meeting(world, form):
    return form | {"kind": "group", "held_on": today(), "topic": "学习党章", "location": "东莞市长安镇党群服务中心"}


def dues_base(world, form):
    """From this month, after the planted base of five months ago."""
    from dues.months import month_index

    return form | {"from_month": str(month_index(world.today)), "kind": "in_work", "income": "5000"}


def dues_payment(world, form):
    """The next unpaid month at the standard."""
    return form | {"month_count": "1", "amount": "40", "way": "cash", "collected_by": "周书记"}


def dues_sheet(world, form):
    """A sheet paying the planted member's next month at the standard."""
    from dues.months import label

    month = label(world.objects["dues.duesaccount"].paid_through + 1)
    sheet = f"姓名,{month}\n{world.planted.name},40\n".encode()
    return {"file": SimpleUploadedFile("党费.csv", sheet)}


def dues_remittance(world, form):
    """This month, handed up today (the planted remittance is last month's)."""
    from dues.months import month_index

    return form | {"month": str(month_index(world.today)), "amount": "40", "remitted_on": today()}


def help_request(world, form):
    return form | {
        "branch": world.pk("branches.branch"),
        "member": world.pk("members.member"),
        "received_on": today(),
        "category": "medical",
        "location": "hometown",
        "story": "母亲住院，需要照料。",
    }


def visit(world, form):
    return form | {
        "branch": world.pk("branches.branch"),
        "member": world.pk("members.member"),
        "visited_on": today(),
        "occasion": "july_first",
        "reason": "elderly",
    }


def campaign(world, form):
    return form | {
        "committee": world.pk("branches.committee"),
        "branch": world.pk("branches.branch"),
        "name": "金秋助学",
        "purpose": "education",
        "starts_on": today(),
    }


def job_referral(world, form):
    return form | {
        "committee": world.pk("branches.committee"),
        "branch": world.pk("branches.branch"),
        "person_name": "李务工",
        "employer": "东莞华通电子厂",
        "city": "东莞",
        "monthly_wage": "4800",
        "referred_on": today(),
    }


def job_fair(world, form):
    return form | {
        "committee": world.pk("branches.committee"),
        "branch": world.pk("branches.branch"),
        "name": "春风行动招聘会",
        "held_on": today(),
    }


def project(world, form):
    return form | {
        "committee": world.pk("branches.committee"),
        "branch": world.pk("branches.branch"),
        "name": "农产品加工厂",
        "company": "安仁农业公司",
        "introduced_by": world.pk("members.member"),
        "amount_wan": "500",
        "stage": "intent",
    }


def return_post(world, form):
    return form | {
        "committee": world.pk("branches.committee"),
        "name": "朴塘村回引挂职",
        "title": "assistant",
        "term_years": "2",
        "quota": "1",
        "opens_on": today(),
    }


def new_account(world, form):
    return form | {
        "username": "secretary1b",
        "full_name": "李书记",
        "role": "branch_secretary",
        "branch": world.pk("branches.branch"),
        "password1": "Anren-2026-secretary",
        "password2": "Anren-2026-secretary",
    }


# --- issue 14: the jobs that were admin-only have pages ---------------------------------------


def new_post(world, form):
    return form | {
        "branch": world.pk("branches.branch"),
        "member": world.pk("members.member:plain"),
        "title": "publicity",
        "started_on": today(),
    }


def new_honor(world, form):
    return form | {
        "member": world.pk("members.member:plain"),
        "title": "优秀共产党员",
        "awarded_by": "中共安仁县委",
        "year": str(timezone.localdate().year),
    }


def paired_village(world, form):
    return form | {"branch": world.pk("branches.branch"), "township": "龙海镇", "village": "朴塘村", "since": today()}


# Role escalation (三员分立): what the account pages must refuse to everyone, the account
# managers included. No page grants county administrator, auditor or system administrator;
# nobody changes their own role or scope, or touches a privileged account; no scope outside
# what exists. Everyone else is refused the account pages at the door (403), payloads too.
PRIVILEGED = ("county_admin", "auditor", "system_admin")
PASSWORD = "Anren-2026-escalate"


def _scope(world, persona, **scope):
    """A scope by keys of World.objects, or a pk that no branch or committee has."""
    return {key: world.pk(value) if value in world.objects else value for key, value in scope.items()}


def account_payload(role, **scope):
    def data(world, persona):
        return {
            "username": f"escalate_{role}",
            "full_name": "冒名顶替",
            "role": role,
            "password1": PASSWORD,
            "password2": PASSWORD,
        } | _scope(world, persona, **scope)

    return data


def role_payload(role, **scope):
    def data(world, persona):
        return {"full_name": "冒名顶替", "role": role} | _scope(world, persona, **scope)

    return data


NO_SUCH_BRANCH, NO_SUCH_COMMITTEE = "987654", "987654"
CREATE_ATTACKS = (
    *(Attack(f"an account with the role {role}", account_payload(role)) for role in PRIVILEGED),
    Attack("a secretary of a branch that is nobody's", account_payload("branch_secretary", branch=NO_SUCH_BRANCH)),
    Attack("staff of a committee that is nobody's", account_payload("committee_staff", committee=NO_SUCH_COMMITTEE)),
)
CHANGE_ATTACKS = (
    *(Attack(f"branch 1's secretary made {role}", role_payload(role)) for role in PRIVILEGED),
    Attack(
        "branch 1's secretary moved to a branch that is nobody's", role_payload("branch_secretary", branch="987654")
    ),
    *(Attack(f"one's own account made {role}", role_payload(role), target=SELF) for role in PRIVILEGED),
    Attack("one's own scope changed", role_payload("committee_staff", committee="branches.committee"), target=SELF),
    Attack(
        "the auditor's account made a secretary",
        role_payload("branch_secretary", branch="branches.branch"),
        target="persona:auditor",
    ),
    Attack(
        "the county administrator's account made a secretary",
        role_payload("branch_secretary", branch="branches.branch"),
        target="persona:county",
    ),
    Attack(
        "the system administrator's account made committee staff",
        role_payload("committee_staff", committee="branches.committee"),
        target="persona:sysadmin",
    ),
)
OWN_AND_PRIVILEGED = (SELF, "persona:auditor", "persona:county", "persona:sysadmin")


def attacks_on_accounts(what, data):
    """The same action on one's own account and on each privileged one."""
    return tuple(
        Attack(f"{what}: {target}", lambda world, persona: data, target=target) for target in OWN_AND_PRIVILEGED
    )


# A committee setting: committee staff and the county write it; a secretary reads it (403 on
# the form, its committee's or not), committee 2's staff get a 404 for committee 1.
COMMITTEE_SETTING = {"branch1": 403, "auditor": 403, "branch2": 403, "committee2": 404, "sysadmin": 403}

URLS = {
    # The system administrator reads no member data: its home is the account list.
    "dashboard:index": Expect(sysadmin=302, shows_nothing="figures of the user's scope, no record"),
    "healthz": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,
    "set_language": PUBLIC,
    # Accounts (system administrator, county administrator).
    "accounts:user_list": ACCOUNT_PAGE,
    "accounts:user_export": ACCOUNT_PAGE,
    # Issue 14: each account write also gets the role-escalation attempts above (attacks=).
    "accounts:user_create": account_form(new_account, attacks=CREATE_ATTACKS),
    "accounts:user_detail": account_form(resubmit, kwargs={"pk": "auth.user"}, attacks=CHANGE_ATTACKS),
    "accounts:user_password": account_form(
        lambda world, form: {"password1": "Anren-2026-changed", "password2": "Anren-2026-changed"},
        kwargs={"pk": "auth.user"},
        attacks=attacks_on_accounts(
            "a password set", {"password1": "Anren-2026-changed", "password2": "Anren-2026-changed"}
        ),
    ),
    "accounts:user_set_active": account_action({"active": "0"}).but(
        attacks=attacks_on_accounts("an account disabled", {"active": "0"})
    ),
    # Unlocking resets django-axes' counters only (not business data): nothing to write.
    "accounts:user_unlock": account_action({}).but(writes=()),
    # A one-time two-factor enrolment code, shown once (writes the code's hash).
    "accounts:user_enrolment_code": account_action({}).but(attacks=attacks_on_accounts("an enrolment code", {})),
    # One's own second factor: every logged-in user.
    "accounts:otp_setup": Expect(shows_nothing="one's own authenticator"),
    "accounts:otp_verify": Expect(**dict.fromkeys(STAFF_PERSONAS, 302)),
    "accounts:otp_remove": Expect(**dict.fromkeys(STAFF_PERSONAS, 405), post=dict.fromkeys(STAFF_PERSONAS, 302)),
    # The personal centre: one's own account, password and logins; every logged-in user.
    "accounts:centre": Expect(shows_nothing="one's own account and logins"),
    "accounts:password_change": Expect(shows_nothing="one's own password"),
    # The audit log: the auditor's.
    "audit:entry_list": AUDIT_PAGE,
    "audit:entry_export": AUDIT_PAGE,
    # Revealing a full ID number: POST only; the file keepers of the member's branch.
    "members:reveal_id_number": Expect(
        **dict.fromkeys(STAFF_PERSONAS, 405),
        kwargs={"pk": "members.member"},
        post={"branch1": 200, "committee1": 200, "county": 200, "auditor": 403}
        | {"branch2": 404, "committee2": 404, "sysadmin": 404},
    ),
    # --- 党员档案 (members) ---
    "members:list": member_list("members.member", "members.member:absent"),
    "members:export": member_list("members.member", "members.member:absent"),
    "members:roster_export": member_page("members.member", "members.member:absent"),  # every member in scope
    "members:roster_print": member_list("members.member", "members.member:absent"),
    # 档案照片: the image itself, for those who may read the file; another branch's is a 404.
    "members:photo": Expect(
        branch2=404, committee2=404, sysadmin=403, kwargs={"pk": "members.member"}, shows_nothing="an image"
    ),
    "members:photo_upload": Expect(
        **dict.fromkeys(STAFF_PERSONAS, 405) | {"auditor": 403, "sysadmin": 403, "village": 403},
        kwargs={"pk": "members.member"},
        post={"branch1": 302, "committee1": 302, "county": 302, "auditor": 403, "sysadmin": 403}
        | {"branch2": 404, "committee2": 404, "village": 403},
        data=lambda world, form: {"photo": SimpleUploadedFile("照片.png", PNG, content_type="image/png")},
        writes=OWNERS,
    ),
    # 批量: POST only. The planted member's status changed by those who keep branch 1's files;
    # another branch's or committee's post selects nobody (the ids are read within the scope).
    "members:batch": Expect(
        **dict.fromkeys(STAFF_PERSONAS, 405) | {"sysadmin": 403, "village": 403},
        post={"branch1": 302, "committee1": 302, "county": 302, "auditor": 403, "sysadmin": 403}
        | {"branch2": 302, "committee2": 302, "village": 403},
        data=lambda world, form: {
            "action": "status",
            "confirm": "1",
            "ids": [world.pk("members.member")],
            "status": "lost_contact",
            "changed_on": today(),
            "reason": "批量：电话停机",
        },
        writes=OWNERS,
    ),
    "members:detail": member_object(
        "members.member",
        "members.member",
        "members.honor",
        "meetings.meeting",
        "members.statuschange",
        "members.contactattempt",
    ),
    "members:print": member_object("members.member", "members.member", "members.honor"),
    "members:create": create_form(new_member),
    "members:edit": edit_form("members.member"),
    "members:status": edit_form(
        "members.member",
        lambda world, form: form | {"transition": "lost", "changed_on": today(), "note": "电话停机，联系不上"},
    ),
    # 组织关系转接 (issue 15): the county and committee offices start and finish transfers; a
    # secretary reads them (403 on the forms and actions); another branch's is a 404.
    "members:transfer_list": member_list("members.transfer"),
    "members:transfer_detail": member_object("members.transfer"),
    "members:transfer_letter": member_object("members.transfer"),
    "members:transfer_docx": member_object("members.transfer"),
    "members:transfer_out": edit_form(
        "members.member:direct",
        lambda world, form: (
            form
            | {
                "kind": "out",
                "organisation": "中共安仁县永乐江镇新洲村支部委员会",
                "letter_number": "扫描转1号",
                "issued_on": today(),
            }
        ),
        branch1=403,
        writes=("committee1", "county"),
    ).but(branch2=403, post={"branch1": 403, "branch2": 403}, shows=(), shows_nothing="the form of a new letter"),
    "members:transfer_in": edit_form(
        "members.member",
        lambda world, form: (
            form
            | {
                "organisation": "中共安仁县永乐江镇新洲村支部委员会",
                "letter_number": "扫描入1号",
                "issued_on": today(-3),
                "completed_on": today(),
            }
        ),
        branch1=403,
        writes=("committee1", "county"),
    ).but(branch2=403, post={"branch1": 403, "branch2": 403}),
    # 转入 of someone without a file: the file (branch 1's) and the letter on one page; the
    # offices only, and branch 2's or committee 2's office cannot choose branch 1.
    "members:transfer_in_new": create_form(
        lambda world, form: (
            new_member(world, form)
            | {
                "letter-organisation": "中共郴州市北湖区某社区支部委员会",
                "letter-letter_number": "扫描入新1号",
                "letter-issued_on": today(-3),
                "letter-completed_on": today(),
            }
        ),
        branch2=403,
        writes=("committee1", "county"),
    ).but(branch1=403, post={"branch1": 403, "branch2": 403}),
    "members:transfer_receipt": post_action(
        "members.transfer", lambda world: {"completed_on": today()}, writes=("committee1", "county")
    ).but(post={"branch1": 403}),
    "members:transfer_cancel": post_action(
        "members.transfer",
        lambda world: {"completed_on": today(), "receipt_note": "接收方不接收"},
        writes=("committee1", "county"),
    ).but(post={"branch1": 403}),
    # A transfer out is not confirmed by anyone: the receiving side of a move within does that.
    "members:transfer_confirm": post_action(
        "members.transfer", lambda world: {"completed_on": today()}, owners=403, writes=()
    ),
    # 失联 (with its timers), 应转尽转, 活动证 running out; the search log and certificate forms.
    "members:lost_list": member_list("members.member:lost"),
    "members:lapse_list": member_page("members.member:absent"),
    "members:should_transfer_list": member_list("members.member"),
    "members:certificate_list": member_list("members.activitycertificate"),
    "members:certificate_print": member_object("members.activitycertificate"),
    "members:contact_attempt_create": edit_form(
        "members.member:lost",
        lambda world, form: form | {"tried_on": today(), "tried_by": "支部书记", "way": "phone", "result": "电话停机"},
    ),
    "members:certificate_issue": edit_form(
        "members.member",
        lambda world, form: (
            form | {"number": "扫描证2号", "issued_by": "中共安仁县永乐江镇新洲村支部委员会", "issued_on": today()}
        ),
    ).but(shows=("members.activitycertificate",)),
    # 导入中心: the county and committee offices only.
    "members:import_centre": Expect(
        **IMPORTERS_ONLY,
        shows=("members.importbatch",),
        post=IMPORTERS_ONLY | {"committee1": 302, "county": 302, "committee2": 200},
        data=roster_upload,
        writes=("committee1", "county"),
    ),
    "members:import_template": Expect(**IMPORTERS_ONLY, shows=("branches.branch:name",)),
    "members:import_preview": Expect(
        **IMPORTERS_ONLY, committee2=404, kwargs={"pk": "members.importbatch"}, shows=("members.importbatch",)
    ),
    # Confirming the planted roster imports its one new member.
    "members:import_confirm": Expect(
        **IMPORTERS_ONLY,
        committee1=405,
        county=405,
        committee2=405,
        kwargs={"pk": "members.importbatch"},
        post=IMPORTERS_ONLY | {"committee1": 302, "county": 302, "committee2": 404},
        writes=("committee1", "county"),
    ),
    # --- 双报一领 (shuangbao) ---
    "shuangbao:overview": member_page("branches.branch:overview"),  # rates per branch of the user's scope
    "shuangbao:check_in_list": member_list("shuangbao.checkin"),
    "shuangbao:check_in_export": member_list("shuangbao.checkin"),
    "shuangbao:check_in_create": create_form(check_in),
    "shuangbao:not_checked_in": member_list("members.member:absent"),
    "shuangbao:not_checked_in_export": member_list("members.member:absent"),
    "shuangbao:report_board": member_list("shuangbao.report"),
    "shuangbao:report_board_export": member_list("shuangbao.report"),
    "shuangbao:report_create": create_form(report),
    # 报告登记表: the planted member who has not reported, ticked with a channel and a date;
    # branch 2 and committee 2 do not have that row: nothing to save (200, nothing written).
    "shuangbao:report_grid": create_form(
        lambda world, form: {
            "summary": "报告思想、工作、学习和生活情况",
            f"report_{world.pk('members.member:absent')}": "on",
            f"channel_{world.pk('members.member:absent')}": "wechat",
            f"on_{world.pk('members.member:absent')}": today(),
        },
        query=SEARCH,
    ).but(shows=("members.member:absent",), shows_nothing=""),
    "shuangbao:task_board": member_list("shuangbao.task", "shuangbao.task:committee"),
    "shuangbao:task_export": member_list("shuangbao.task", "shuangbao.task:committee"),
    "shuangbao:task_create": create_form(task),
    "shuangbao:task_detail": member_object("shuangbao.task", "shuangbao.task", "shuangbao.taskclaim"),
    # Claiming it for a plain member of branch 1.
    "shuangbao:task_claim": post_action(
        "shuangbao.task", lambda world: {"member": world.pk("members.member:plain"), "claimed_on": today()}
    ),
    "shuangbao:claim_detail": member_object("shuangbao.taskclaim"),
    "shuangbao:claim_progress": post_action("shuangbao.taskclaim", lambda world: {"note": "已走访两户"}),
    "shuangbao:claim_complete": post_action(
        "shuangbao.taskclaim", lambda world: {"result": "完成慰问", "completed_on": today()}
    ),
    "shuangbao:claim_evaluate": post_action("shuangbao.taskclaim:done", lambda world: {"evaluation": "good"}),
    "shuangbao:claim_drop": post_action("shuangbao.taskclaim", lambda world: {"reason": "工作调动"}),
    "shuangbao:member_record": member_object("members.member"),
    # --- 组织生活 (meetings) ---
    # The system administrator reads no member data: every meeting page is a 403.
    "meetings:list": member_list("meetings.meeting"),
    "meetings:export": member_list("meetings.meeting"),
    # For branch 1 (?branch=): another branch's or committee's is a 404 before any form.
    "meetings:create": create_form(meeting, query={"branch": "branches.branch"}, branch2=404, committee2=404),
    "meetings:detail": member_object(
        "meetings.meeting",
        "meetings.meeting",
        "meetings.meetingattachment",
        "members.member",
        "meetings.election",
        "meetings.candidate",
    ),
    "meetings:update": edit_form("meetings.meeting"),
    # The login check and the method come before the write check: a GET is 405 for everyone.
    "meetings:attachment_upload": post_action(
        "meetings.meeting",
        lambda world: {"photos": SimpleUploadedFile("合影.png", PNG, content_type="image/png")},
    ).but(auditor=405),
    # Issue 18: 党小组, elections, 换届.
    "meetings:groups": member_list("meetings.partygroup", "meetings.partygroupmember"),
    "meetings:group_create": create_form(
        lambda world, form: {"name": "新建党小组"}, query={"branch": "branches.branch"}, branch2=404, committee2=404
    ),
    "meetings:group_update": edit_form("meetings.partygroup"),
    # An election is recorded once: the sweep's POST is incomplete (400, nothing written).
    "meetings:election": Expect(
        auditor=403,
        sysadmin=403,
        branch2=404,
        committee2=404,
        kwargs={"pk": "meetings.meeting:election"},
        post={"branch1": 400, "committee1": 400, "county": 400, "auditor": 403, "sysadmin": 403}
        | {"branch2": 404, "committee2": 404},
        shows=("meetings.meeting:election",),
    ),
    "meetings:renewals": member_page("branches.branch:renewal", "members.committeepost"),
    "meetings:publish": create_form(
        lambda world, form: {
            "kind": "themed_day",
            "held_on": today(),
            "starts_at": "19:30",
            "location": "支部活动室",
            "topic": "主题党日",
        },
        query={"branch": "branches.branch"},
        branch2=404,
        committee2=404,
    ),
    # The QR link is public (an attendee's phone has no account): anyone with it gets the
    # form, which names nobody; an empty POST is refused (400) and writes nothing.
    "meetings:sign_in": Expect(
        **dict.fromkeys(PERSONAS, 200),
        kwargs={"pk": "meetings.meeting:planned", "token": SIGN_IN_TOKEN},
        post=dict.fromkeys(PERSONAS, 400),
        shows_nothing="a public sign-in form that names no member",
    ),
    "meetings:print_minutes": member_object("meetings.meeting", "meetings.meeting", "members.member"),
    "meetings:print_sign_in": member_object(
        "meetings.meeting", "meetings.meeting", "members.member", "meetings.signin"
    ),
    "meetings:attachment": member_object("meetings.meetingattachment").but(shows=(), shows_nothing="the file itself"),
    "meetings:compliance": member_page("branches.branch:compliance"),  # per branch
    "meetings:compliance_export": member_page("branches.branch:name"),
    "meetings:attendance": member_list("meetings.attendance"),
    "meetings:attendance_export": member_list("meetings.attendance"),
    # --- 党费 (dues) ---
    "dues:member": member_object(
        "members.member", "dues.duesaccount", "dues.duesbase", "dues.payment", "dues.paymentmonth"
    ),
    "dues:base_edit": edit_form("members.member", dues_base),
    "dues:payment_create": edit_form("members.member", dues_payment),
    "dues:account_edit": edit_form("members.member"),
    # 补交差额: the planted member's months paid meet their base, so the owners' POST is the
    # form again with 「无需补交差额」 and nothing is written.
    "dues:difference_create": edit_form("members.member", dues_payment, owners_post=200, writes=()),
    "dues:receipt": member_object("dues.payment"),
    # 收款记录: the payments of the user's branches (the planted member's, by name).
    "dues:payments": member_list("dues.payment"),
    # The planted member is four months behind: on the arrears list of branch 1's scope.
    "dues:arrears": member_page("dues.duesaccount"),
    # Branch 1's ledger (?branch=): another branch's or committee's is a 404.
    "dues:ledger": member_page("dues.remittance", query={"branch": "branches.branch"}, branch2=404, committee2=404),
    "dues:remittance_create": create_form(
        dues_remittance, kwargs={"pk": "branches.branch"}, branch2=404, committee2=404
    ),
    # The payment sheet: every writer uploads (a sheet naming branch 1's member is a preview of
    # that row for its owners, an error row for the others); nothing is written before 确认导入.
    "dues:import": Expect(
        auditor=403,
        sysadmin=403,
        post={"auditor": 403, "sysadmin": 403},
        data=dues_sheet,
        shows_nothing="an upload form and its preview",
    ),
    # Without the preview's token in the session: back to the upload, nothing written.
    "dues:import_confirm": Expect(
        **dict.fromkeys(["branch1", "committee1", "county", "branch2", "committee2"], 405),
        auditor=403,
        sysadmin=403,
        post=dict.fromkeys(["branch1", "committee1", "county", "branch2", "committee2"], 302)
        | {"auditor": 403, "sysadmin": 403},
    ),
    # The sheet to fill in lists the members whose dues the user's branches collect.
    "dues:import_template": Expect(auditor=403, sysadmin=403, shows=("dues.duesaccount",)),
    "dues:report": member_page("branches.branch:overview"),
    "dues:report_xlsx": member_page("branches.branch:name"),
    # --- 帮扶 (assistance) ---
    "assistance:impact": member_page(shows_nothing="sums over the user's scope"),
    "assistance:help_request_list": member_list("assistance.helprequest"),
    "assistance:help_request_export": member_list("assistance.helprequest"),
    "assistance:help_request_create": create_form(help_request),
    "assistance:help_request_detail": member_object(
        "assistance.helprequest", "assistance.helprequest", "assistance.helpaction"
    ),
    "assistance:help_request_add_action": post_action(
        "assistance.helprequest", lambda world: {"description": "电话联系了企业", "acted_on": today()}
    ),
    # The planted case was received: the next step is "in progress".
    "assistance:help_request_transition": edit_form(
        "assistance.helprequest", lambda world, form: form | {"note": "已受理"}, to_status="in_progress"
    ),
    "assistance:visit_list": member_list("assistance.visit"),
    "assistance:visit_export": member_list("assistance.visit"),
    "assistance:visit_create": create_form(visit),
    "assistance:visit_update": edit_form("assistance.visit"),
    "assistance:campaign_list": member_list("assistance.campaign", "assistance.campaign:committee"),
    "assistance:campaign_export": member_list("assistance.campaign", "assistance.campaign:committee"),
    "assistance:campaign_create": create_form(campaign),
    "assistance:campaign_detail": member_object(
        "assistance.campaign", "assistance.campaign", "assistance.donation", "assistance.beneficiary"
    ),
    "assistance:campaign_update": edit_form("assistance.campaign"),
    "assistance:donation_create": post_action(
        "assistance.campaign",
        lambda world: {
            "donation-member": world.pk("members.member"),
            "donation-kind": "money",
            "donation-amount": "200",
            "donation-donated_on": today(),
        },
    ),
    "assistance:beneficiary_create": post_action(
        "assistance.campaign",
        lambda world: {"beneficiary-kind": "student", "beneficiary-name": "李同学", "beneficiary-amount": "2000"},
    ),
    "assistance:job_referral_list": member_list(
        "assistance.jobreferral", "assistance.jobreferral:committee", "assistance.jobfair"
    ),
    "assistance:job_referral_export": member_list("assistance.jobreferral", "assistance.jobreferral:committee"),
    "assistance:job_referral_create": create_form(job_referral),
    "assistance:job_fair_create": create_form(job_fair),
    "assistance:paired_village_list": member_list("branches.pairedvillage"),
    "assistance:paired_village_export": member_list("branches.pairedvillage"),
    "assistance:project_list": member_list("assistance.investmentproject", "assistance.investmentproject:committee"),
    "assistance:project_export": member_list("assistance.investmentproject", "assistance.investmentproject:committee"),
    "assistance:project_create": create_form(project),
    "assistance:project_update": edit_form("assistance.investmentproject"),
    "assistance:return_post_list": member_list("assistance.returnpost"),
    # Posts are created and decided by the county and the committee only.
    "assistance:return_post_create": create_form(return_post, writes=("committee1", "county"), branch2=403).but(
        branch1=403, post={"branch1": 403}
    ),
    # A return post belongs to the committee: every branch reads it, with its own applicants only.
    "assistance:return_post_detail": member_object(
        "assistance.returnpost", "assistance.returnpost", "assistance.returnapplication"
    ).but(branch2=200),
    # Putting a plain member of branch 1 forward; posted by branch 2, the member is not among
    # its choices: a message, back to the post (302), nothing written.
    "assistance:return_application_create": post_action(
        "assistance.returnpost",
        lambda world: {"member": world.pk("members.member:plain"), "applied_on": today()},
        branch2=302,
    ),
    "assistance:return_application_list": member_list("assistance.returnapplication"),
    "assistance:return_application_export": member_list("assistance.returnapplication"),
    # Deciding an application: the county and the committee only (403 for the secretaries).
    "assistance:return_application_step": post_action(
        "assistance.returnapplication",
        lambda world: {},
        to_status="reviewed",
        branch2=403,
        writes=("committee1", "county"),
    ).but(post={"branch1": 403}),
    # --- 统计报表 (statistics): counts of the user's scope; the system administrator: 403 ---
    "dashboard:profile": member_page("branches.branch:name"),  # a row per branch
    "dashboard:profile_xlsx": member_page("branches.branch:name"),
    "dashboard:origin": member_page(shows_nothing="counts by township and city"),
    "dashboard:origin_xlsx": member_page(shows_nothing="counts by township and city"),
    "dashboard:chart": member_page("branches.branch:name", kwargs={"slug": "members-by-branch"}),
    "dashboard:chart_svg": member_page("branches.branch:name", kwargs={"slug": "members-by-branch"}),
    "dashboard:chart_xlsx": member_page("branches.branch:name", kwargs={"slug": "members-by-branch"}),
    # --- 党支部 (branch pages): the user's branches; the system administrator: 403 ---
    "dashboard:branch_list": member_page("branches.branch:name", "members.post"),
    "dashboard:branch_export": member_page("branches.branch:name", "members.post"),
    "dashboard:branch_detail": member_object(
        "branches.branch",
        "branches.branch:name",
        "members.post",
        "branches.pairedvillage",
        "meetings.meeting",
        "shuangbao.task",
    ),
    # --- issue 14: 支部职务, 表彰, 结对帮扶村, 组织生活达标规则 on the pages ---
    "members:post_list": member_list("members.post"),
    "members:post_create": create_form(new_post),
    "members:post_update": edit_form("members.post"),
    "members:post_end": edit_form("members.post", lambda world, form: form | {"ended_on": today()}),
    "members:honor_list": member_list("members.honor", "members.honor:committee"),
    "members:honor_create": create_form(new_honor),
    "members:honor_update": edit_form("members.honor"),
    "members:honor_delete": edit_form("members.honor"),
    "assistance:paired_village_create": create_form(paired_village),
    "assistance:paired_village_update": edit_form("branches.pairedvillage"),
    "assistance:paired_village_delete": edit_form("branches.pairedvillage"),
    # A new branch, and a branch's details: its committee's staff and the county.
    "dashboard:branch_create": Expect(
        **COMMITTEE_SETTING | {"committee2": 200},
        post=COMMITTEE_SETTING | {"committee1": 302, "county": 302, "committee2": 200},
        data=lambda world, form: (
            form | {"committee": world.pk("branches.committee"), "ordinal": "9", "name": "第九党支部", "city": "佛山"}
        ),
        form_from="committee1",
        writes=("committee1", "county"),
        shows_nothing="a form for a new branch",
    ),
    "dashboard:branch_update": Expect(
        **COMMITTEE_SETTING | {"branch2": 404},
        kwargs={"pk": "branches.branch"},
        post=COMMITTEE_SETTING | {"branch2": 404, "committee1": 302, "county": 302},
        data=resubmit,
        form_from="committee1",
        writes=("committee1", "county"),
        shows=("branches.branch:name",),
    ),
    "meetings:rules": member_page("meetings.compliancerule"),
    # 党课 monthly instead of not checked: a change, so the owners' POST writes.
    "meetings:rules_edit": Expect(
        **COMMITTEE_SETTING,
        kwargs={"pk": "branches.committee"},
        post=COMMITTEE_SETTING | {"committee1": 302, "county": 302},
        data=lambda world, form: form | {"lecture": "monthly"},
        form_from="committee1",
        writes=("committee1", "county"),
        shows_nothing="a committee's settings form",
    ),
    # 发展党员 (issue 19): the board and its export, a record's page, its step and withdrawal
    # forms, the year's figures (by branch) and a committee's rules (a committee setting).
    "development:board": member_list("development.applicant"),
    "development:export": member_list("development.applicant"),
    "development:create": create_form(new_applicant),
    "development:detail": member_object("development.applicant"),
    "development:step": edit_form("development.applicant", activist_step, kind="activist"),
    "development:withdraw": edit_form("development.applicant", withdrawal),
    "development:figures": member_page("branches.branch:name"),
    "development:figures_export": member_page("branches.branch:name"),
    "development:rules": Expect(
        **COMMITTEE_SETTING,
        kwargs={"pk": "branches.committee"},
        post=COMMITTEE_SETTING | {"committee1": 302, "county": 302},
        data=lambda world, form: form | {"assessment_every_months": "3"},
        form_from="committee1",
        writes=("committee1", "county"),
        shows_nothing="a committee's settings form",
    ),
    # 流动党委设置: the 报告 cycle from quarterly to monthly, a change the owners' POST writes.
    "dashboard:committee_settings": Expect(
        **COMMITTEE_SETTING,
        kwargs={"pk": "branches.committee"},
        post=COMMITTEE_SETTING | {"committee1": 302, "county": 302},
        data=lambda world, form: form | {"report_cycle": "monthly"},
        form_from="committee1",
        writes=("committee1", "county"),
        shows_nothing="a committee's settings form",
    ),
}

# --- issue 17: the home village's pages (home_secretary) --------------------------------------
# Only the village persona opens them (everyone else: 403 before any lookup); what they
# list is its own members, one in branch 1 and one in committee 2.
VILLAGE_ONLY = {persona: 403 for persona in STAFF_PERSONAS if persona != "village"}


def village_page(*shows, **kwargs):
    return Expect(**VILLAGE_ONLY, village=200, shows=shows, **kwargs)


def village_action(model, data):
    """A POST-only write of the village on one of its records: 403 to everyone else before
    anything is looked up, 405 for the village's GET, its valid POST writes and redirects."""
    return Expect(
        **VILLAGE_ONLY,
        village=405,
        kwargs={"pk": model},
        post=VILLAGE_ONLY | {"village": 302},
        data=lambda world, form: data(world),
        writes=("village",),
    )


URLS |= {
    "village:home": village_page(shows_nothing="the village's figures"),
    "village:member_list": village_page("members.member:home", "members.member:home_away"),
    "village:member_detail": village_page("members.member:home", kwargs={"pk": "members.member:home"}),
    "village:report_list": village_page("members.member:home"),  # the report waiting, by its member
    "village:report_acknowledge": village_action("shuangbao.report:waiting", lambda world: {"note": "已阅"}),
    "village:referral_list": village_page("assistance.helprequest:home"),
    "village:referral_detail": village_page(
        "assistance.helprequest:home", kwargs={"pk": "assistance.helprequest:home"}
    ),
    "village:referral_action": village_action(
        "assistance.helprequest:home", lambda world: {"acted_on": today(), "description": "已上门看望老人"}
    ),
    "village:referral_close": village_action(
        "assistance.helprequest:home", lambda world: {"acted_on": today(), "outcome": "已安排村医定期上门"}
    ),
    "village:appraisal_list": village_page("appraisals.appraisal:home"),
    # 本村外出党员 as xlsx (ID numbers masked), and the letters addressed to the village.
    "village:member_export": village_page("members.member:home"),
    "village:transfer_list": village_page("members.transfer:home"),
    "village:transfer_receipt": village_action(
        "members.transfer:home", lambda world: {"received_on": today(), "note": "组织关系已到村"}
    ),
    # --- 民主评议 (appraisals): the boards, the grading, 组织处置 ---
    "appraisals:board": member_page("branches.branch:name"),
    "appraisals:branch_board": member_object("branches.branch", "appraisals.appraisal", "appraisals.disposal"),
    # The plain member of branch 1 graded 合格 at the appraisal meeting; posted by branch 2 or
    # committee 2, branch 1 is a 404.
    "appraisals:grade": post_action(
        "branches.branch",
        lambda world: {
            "meeting": world.pk("meetings.meeting:appraisal"),
            f"grade-{world.pk('members.member:plain')}": "qualified",
        },
    ),
    # After 限期改正: corrected, qualified again.
    "appraisals:disposal_create": post_action(
        "appraisals.appraisal",
        lambda world: {
            f"d{world.pk('members.member')}-kind": "corrected",
            f"d{world.pk('members.member')}-decided_on": today(),
        },
    ),
    # The branch's side of 签收: its members' reports waiting at home for more than 15 days.
    "shuangbao:unacknowledged_reports": member_page("shuangbao.report:waiting"),
}

# --- issue 21: members' own pages (/me/), invitations, notices, confirming self check-ins ----------
# The member persona (a member of branch 2 with an account) opens /me/ only; staff get a 403 there
# before anything is looked up. Branch 1's objects on /me/ (a task, a claim, a notice) are a 404
# to the member: their own are tested in tests/selfservice.
STAFF_REFUSED = dict.fromkeys(STAFF_PERSONAS, 403)


def member_page_of_own(**kwargs):
    return Expect(**STAFF_REFUSED, member=200, shows_nothing="the member's own records only", **kwargs)


def this_period(world):
    from shuangbao.periods import period_start

    return f"{period_start(world.today, world.objects['branches.committee'].report_cycle):%Y-%m-%d}"


URLS |= {
    "selfservice:home": member_page_of_own(),
    "selfservice:file": member_page_of_own(),
    "selfservice:dues": member_page_of_own(),
    "selfservice:notices": member_page_of_own(),
    "selfservice:tasks": member_page_of_own(),
    "selfservice:password": member_page_of_own(),
    # 报到 into the member's own branch (branch 2): 待确认, written by the member only.
    "selfservice:check_in": member_page_of_own(
        data=lambda world, form: form | {"branch": world.personas["branch2"].staff_scope.branch_id, "way": "qr_link"},
        post={"member": 302},
        writes=("member",),
    ),
    "selfservice:report": member_page_of_own(
        data=lambda world, form: form | {"period_start": this_period(world), "summary": "思想稳定，工作顺利。"},
        post={"member": 302},
        writes=("member",),
    ),
    # Branch 1's task, claim and notice: not the member's (a 404); staff are refused first.
    "selfservice:task_claim": Expect(
        **STAFF_REFUSED, member=405, kwargs={"pk": "shuangbao.task"}, post={"member": 404}
    ),
    "selfservice:claim": Expect(**STAFF_REFUSED, kwargs={"pk": "shuangbao.taskclaim"}, post={"member": 404}),
    "selfservice:notice": Expect(**STAFF_REFUSED, kwargs={"pk": "selfservice.notice"}, post={"member": 404}),
    # The invitation link is public; one that opens nothing is refused (410) to everyone.
    "selfservice:invitation": Expect(
        **dict.fromkeys(PERSONAS, 410),
        kwargs={"token": "no-such-invitation"},
        post=dict.fromkeys(PERSONAS, 410),
        shows_nothing="a refusal",
    ),
    # Those who keep branch 1's files invite its member (a new link, shown once: a 200).
    "selfservice:member_invite": Expect(
        auditor=403,
        sysadmin=403,
        branch2=404,
        committee2=404,
        kwargs={"pk": "members.member"},
        post=dict.fromkeys(OWNERS, 200) | {"auditor": 403, "sysadmin": 403, "branch2": 404, "committee2": 404},
        writes=OWNERS,
        shows=("members.member", "selfservice.invitation"),
    ),
    "selfservice:branch_qr": member_object("branches.branch", "branches.branch:name"),
    "selfservice:notice_list": member_list("selfservice.notice"),
    "selfservice:notice_create": create_form(
        lambda world, form: (
            form | {"branch": world.pk("branches.branch"), "kind": "jobs", "title": "招聘会", "body": "周六上午九点"}
        )
    ),
    "selfservice:notice_detail": member_object("selfservice.notice", "selfservice.notice", "selfservice.noticeread"),
    # 确认 of branch 1's self check-in; branch 2 and committee 2 confirm nothing (their scope).
    "shuangbao:check_in_confirm": Expect(
        **dict.fromkeys(STAFF_PERSONAS, 405) | {"auditor": 403, "sysadmin": 403, "village": 403},
        post=dict.fromkeys(OWNERS, 302) | {"auditor": 403, "sysadmin": 403, "branch2": 302, "committee2": 302},
        data=lambda world, form: {"ids": [world.pk("shuangbao.checkin:pending")]},
        writes=OWNERS,
    ),
}
URLS["shuangbao:check_in_list"] = URLS["shuangbao:check_in_list"].but(
    shows=(*URLS["shuangbao:check_in_list"].shows, "shuangbao.checkin:pending")
)
# A member's account is sent on from the dashboard (and the login page) to /me/.
URLS["dashboard:index"] = URLS["dashboard:index"].but(member=302)
URLS["dashboard:index"] = URLS["dashboard:index"].but(village=302)  # on to the village pages
URLS["accounts:otp_setup"] = URLS["accounts:otp_setup"].but(village=200)
# The personal centre: every logged-in user's own.
URLS["accounts:centre"] = URLS["accounts:centre"].but(village=200)
URLS["accounts:password_change"] = URLS["accounts:password_change"].but(village=200)

# --- issue 21: notifications, background jobs, the background import's progress -----------

# Staff accounts; the member's account is confined to /me/ (a 404 here, selfservice.access).
LOGGED_IN = STAFF_PERSONAS
URLS |= {
    # One's own notifications and channels: every staff user; marking read writes (one's own rows only).
    "notifications:list": Expect(village=200, shows_nothing="one's own notifications"),
    "notifications:bell": Expect(village=200, shows_nothing="one's own unread count"),
    "notifications:read": Expect(
        **dict.fromkeys(LOGGED_IN, 405),
        kwargs={"pk": "notifications.notification"},
        post=dict.fromkeys(LOGGED_IN, 302),
        writes=LOGGED_IN,
    ),
    "notifications:read_all": Expect(
        **dict.fromkeys(LOGGED_IN, 405), post=dict.fromkeys(LOGGED_IN, 302), writes=LOGGED_IN
    ),
    "notifications:preferences": Expect(
        village=200, shows_nothing="one's own channels", post=dict.fromkeys(LOGGED_IN, 302), writes=LOGGED_IN
    ),
    # 后台任务: the county administrator and the system administrator (a task's name and error).
    "jobs:list": Expect(**REFUSED, county=200, sysadmin=200, shows_nothing="tasks and their errors, no member data"),
    "jobs:retry": Expect(
        **dict.fromkeys(LOGGED_IN, 405),
        kwargs={"pk": "django_tasks_db.dbtaskresult"},
        post={**dict.fromkeys(LOGGED_IN, 403), "county": 302, "sysadmin": 302},
        writes=("county", "sysadmin"),
    ),
    # The background import's progress (JSON): as its preview page.
    "members:import_progress": Expect(
        **IMPORTERS_ONLY, committee2=404, kwargs={"pk": "members.importbatch"}, shows_nothing="a state and counts"
    ),
}

# --- the admin ---------------------------------------------------------------------------

NONE, READ, WRITE, DELETE = 0, 1, 2, 3
GLOBAL = "global"  # not scoped: whoever may read the model reads all of it


@dataclass(frozen=True)
class AdminAccess:
    """What each persona may do with a model in the admin, and the scope of its planted object."""

    branch1: int = WRITE
    committee1: int = WRITE
    county: int = DELETE
    auditor: int = READ
    branch2: int = WRITE
    committee2: int = WRITE
    sysadmin: int = NONE
    scope: str = BRANCH
    # The planted object has records that protect it (a branch its members): the county cannot delete it.
    protected: bool = False

    def level(self, persona):
        return NONE if persona == "anonymous" else getattr(self, persona)


BRANCH_RECORD = AdminAccess()
# Nobody among the personas: a superuser's.
SUPERUSER_ONLY = AdminAccess(
    branch1=NONE, committee1=NONE, county=NONE, auditor=NONE, branch2=NONE, committee2=NONE, scope=GLOBAL
)
# Written by the committee's staff and the county, read by the secretaries.
COMMITTEE_WRITES = {"branch1": READ, "branch2": READ}

ADMIN_MODELS = {
    "axes.accessattempt": SUPERUSER_ONLY,
    "axes.accesslog": SUPERUSER_ONLY,
    "axes.accessfailurelog": SUPERUSER_ONLY,
    "otp_totp.totpdevice": SUPERUSER_ONLY,
    # Accounts' scopes, read only: roles change on the account pages (三员分立).
    "branches.staffscope": AdminAccess(county=READ, scope=GLOBAL),
    # The county's list of home organisations; the planted village holds members' relations.
    "branches.homeorganisation": AdminAccess(scope=GLOBAL, protected=True),
    "branches.committee": AdminAccess(
        branch1=READ, committee1=READ, branch2=READ, committee2=READ, scope=COMMITTEE, protected=True
    ),
    "branches.branch": AdminAccess(**COMMITTEE_WRITES, protected=True),
    "meetings.compliancerule": AdminAccess(**COMMITTEE_WRITES, scope=COMMITTEE),
    "members.committeepost": AdminAccess(**COMMITTEE_WRITES, scope=COMMITTEE),
    "meetings.meeting": BRANCH_RECORD,
    "shuangbao.task": AdminAccess(protected=True),  # its claims
    "branches.pairedvillage": BRANCH_RECORD,
    "members.member": AdminAccess(county=WRITE),  # a file is never deleted
    "members.post": BRANCH_RECORD,
    "shuangbao.checkin": BRANCH_RECORD,
    "shuangbao.report": BRANCH_RECORD,
    "shuangbao.taskclaim": BRANCH_RECORD,
    "members.honor": BRANCH_RECORD,
    "assistance.helprequest": BRANCH_RECORD,
    "assistance.visit": BRANCH_RECORD,
    "assistance.campaign": AdminAccess(protected=True),  # its donations and beneficiaries
    "assistance.donation": BRANCH_RECORD,
    "assistance.beneficiary": BRANCH_RECORD,
    "assistance.jobfair": BRANCH_RECORD,
    "assistance.jobreferral": BRANCH_RECORD,
    "assistance.investmentproject": BRANCH_RECORD,
    # A committee's post, which its secretaries read and put members forward for on the
    # pages. NB: in the admin they may also change it (the pages leave that to the committee).
    "assistance.returnpost": AdminAccess(scope=COMMITTEE, protected=True),
    "assistance.returnapplication": BRANCH_RECORD,
    # 发展党员: read only in the admin; every step is recorded on the pages (development.services).
    "development.applicant": AdminAccess(county=READ),
    "development.step": AdminAccess(county=READ),
    "development.developmentrules": AdminAccess(county=READ, scope=COMMITTEE),
    # 党费: read only in the admin (dues.services' rules are the pages'); 上缴 is a plain record.
    "dues.duesaccount": AdminAccess(county=READ),
    "dues.duesbase": AdminAccess(county=READ),
    "dues.payment": AdminAccess(county=READ),
    "dues.remittance": BRANCH_RECORD,
    # 民主评议: read only (appraisals.services: the one-third limit, the steps' order).
    "appraisals.appraisal": AdminAccess(county=READ),
    "appraisals.disposal": AdminAccess(county=READ),
}

# What the admin add form gets besides the planted object's own fields, so that the copy
# breaks no unique rule.
ADMIN_ADD_CHANGES = {
    "branches.committee": {"name": "中共安仁县驻福建地区流动委员会", "short_name": "驻福建流动党委"},
    "branches.branch": {"ordinal": "9", "name": "第九党支部"},
    "branches.pairedvillage": {"village": "朴塘村"},
    "branches.staffscope": lambda world: {"user": world.pk("auth.user:spare")},
    "branches.homeorganisation": {"name": "丙村", "full_name": "中共安仁县探针乡丙村支部委员会"},
    "meetings.compliancerule": {"kind": "lecture"},
    "members.committeepost": {"name": "复制委员"},
    "members.member": lambda world: new_member(world, {}),
    "members.post": {"title": "publicity"},
    "shuangbao.report": lambda world: {"period_start": report(world, {})["period_start"]},
    "shuangbao.taskclaim": lambda world: {"member": world.pk("members.member:plain")},
    "assistance.returnapplication": lambda world: {"member": world.pk("members.member:plain")},
    # This month's (the planted 上缴 is last month's).
    "dues.remittance": lambda world: dues_remittance(world, {}),
}

# The admin is the county administrator's back office: everyone else is refused every
# admin URL before anything is looked up (anren_registry.admin_site).
ADMIN_USERS = ("county",)


# Everyone but the county administrator: 403 on every admin page, the login included
# (no second login form beside the site's, with its lockout and second factor).
NOT_ADMIN = {persona: 403 for persona in STAFF_PERSONAS if persona not in ADMIN_USERS}
STAFF = Expect(**NOT_ADMIN, shows_nothing="the admin's own pages")
ADMIN_SITE_URLS = {
    "admin:index": STAFF,
    # The county is sent on to the index; a visitor to the site's login page.
    "admin:login": Expect(**NOT_ADMIN, county=302, anonymous=LOGIN, shows_nothing="no data"),
    "admin:logout": PUBLIC,
    "admin:password_change": STAFF,
    "admin:password_change_done": STAFF,
    "admin:jsi18n": STAFF,
    # Without its query parameters the autocomplete refuses; test_planted_member covers it with them.
    "admin:autocomplete": Expect(**dict.fromkeys(STAFF_PERSONAS, 403)),
    "admin:app_list": Expect(**NOT_ADMIN, kwargs={"app_label": "members"}, shows_nothing="the models of an app"),
    # No model of ours has get_absolute_url: the shortcut answers 404 to the county.
    "admin:view_on_site": Expect(
        **NOT_ADMIN,
        county=404,
        kwargs={"content_type_id": "contenttype:members.member", "object_id": "members.member"},
    ),
}

# Unnamed admin patterns: a redirect from <object_id>/ to <object_id>/change/, and
# the catch-all that 404s unknown admin URLs. Nothing else may be unnamed.
UNNAMED_ADMIN_ROUTES = ("admin/(?P<url>.*)$",)


def visible_in_admin(access: AdminAccess, persona) -> bool:
    """Whether the persona's admin shows the planted object at all (its scope, not its rights)."""
    if access.scope == GLOBAL:
        return True
    return persona in IN_SCOPE[access.scope]


def admin_expect(view, access: AdminAccess, persona, method="GET"):
    """The answer a persona gets from one admin view of a model, following ADMIN_MODELS."""
    if persona == "anonymous":
        return LOGIN
    if persona == "member":  # the admin is closed to a member's account, like every page but /me/
        return 404
    if persona not in ADMIN_USERS:
        return 403
    level = access.level(persona)
    visible = visible_in_admin(access, persona)
    post = method == "POST"
    if view == "changelist":
        return 200 if level >= READ else 403
    if view == "add":
        if level < WRITE:
            return 403
        # Posted with the planted object's fields: outside its scope, its branch or member
        # is not among the form's choices, and the form comes back with its errors.
        return (302 if visible else 200) if post else 200
    if view in {"change", "password_change"}:
        # A POST asks for the right to change before it looks the object up.
        if level == NONE or (post and level < WRITE):
            return 403
        if not visible:
            return MISSING
        return 302 if post else 200
    if view in {"history", "simple_history"}:
        # History pages look the object up first: to someone who may not read the
        # model, an object is as missing as one outside their scope.
        if level == NONE:
            return HIDDEN
        return 200 if visible else MISSING
    if view == "delete":
        if level < DELETE:
            return 403
        if not visible:
            return MISSING
        # Protected by other records, the object stays: the confirmation page again, with why.
        return (200 if access.protected else 302) if post else 200
    if view == "process_import":
        return 405 if not post else 403  # POST only, and for superusers only
    if view in {"import", "export"}:
        # The admin's import and export are for superusers only (settings.IMPORT_EXPORT_*_PERMISSION_CODE).
        return 403
    if view in {"config", "qrcode"}:  # an authenticator's secret: superusers only
        return 403
    raise KeyError(view)


__all__ = [
    "ACCOUNTS",
    "ADMIN_ADD_CHANGES",
    "ADMIN_MODELS",
    "ADMIN_SITE_URLS",
    "ANY",
    "AUDIT",
    "LOGIN",
    "MISSING",
    "OWNERS",
    "PERSONAS",
    "SELF",
    "STAFF_PERSONAS",
    "URLS",
    "Attack",
    "Expect",
]
