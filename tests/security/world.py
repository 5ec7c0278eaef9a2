"""The permission sweep's county: two committees, a record of every model planted in branch 1.

Committee 1 (Guangdong) has branches 1 and 2; committee 2 (Zhejiang) has one branch.
Each branch gets one record of every branch-level model (``branch_kit``), each committee
one record of every committee-level model (``committee_kit``). The records of branch 1
carry the planted name 甄探针 in their text, those of committee 1's committee-wide rows
委探针: so that the sweep can tell, by reading a response, whether a planted record is on
it. Dates are counted from today, so that "open", "due" and "this period" hold on any day.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from appraisals.models import Appraisal, Disposal
from assistance.models import (
    Beneficiary,
    Campaign,
    Donation,
    HelpAction,
    HelpRequest,
    InvestmentProject,
    JobFair,
    JobReferral,
    ReturnApplication,
    ReturnPost,
    Visit,
)
from audit.log import record
from audit.models import Action
from branches.models import PairedVillage
from branches.roles import Role
from development.models import Applicant, DevelopmentRules
from development.services import create_applicant, record_step
from dues.models import PaymentMonth, Remittance
from dues.months import month_index
from dues.services import record_payment, set_base
from meetings.models import (
    Attendance,
    Candidate,
    ComplianceRule,
    Election,
    Meeting,
    MeetingAttachment,
    PartyGroup,
    PartyGroupMember,
    SignIn,
)
from members.importing.engine import import_roster
from members.models import (
    ActivityCertificate,
    CommitteePost,
    ContactAttempt,
    Honor,
    ImportBatch,
    Post,
    StatusChange,
    Transfer,
)
from notifications.models import Notification
from notifications.tasks import dispatch_deliveries
from selfservice.models import Invitation, Notice, NoticeRead
from shuangbao.models import CheckIn, Report, Task, TaskClaim
from shuangbao.periods import period_start
from tests.factories import (
    BranchFactory,
    CommitteeFactory,
    MemberFactory,
    UserFactory,
    home_organisations,
    member_account,
    user_with_role,
    valid_id_number,
)
from tests.members.rosters import csv_bytes, person

# Unique enough that finding one of these in a response means a planted record is on it.
SIGN_IN_TOKEN = "sweep-sign-in-token"  # the QR link of the published meetings
PLANTED_NAME = "甄探针"  # branch 1's member; every branch-1 record's text starts with it
PLANTED_PHONE = "13907310731"
ABSENT_PHONE = "13907310732"
COMMITTEE_MARK = "委探针"  # committee 1's committee-wide records (a task or campaign for all branches)
# The others' records carry their own marks: branch 2's, and committee 2's (its branch's and its own).
BRANCH2_MARK = "李阿博"
# Issue 17: members whose relation the village persona's branch at home holds, one in branch 1
# and one in committee 2 (wherever they are); the planted member's village is another one.
HOME_MARK = "乡亲甲"
HOME_AWAY_MARK = "乡亲乙"
COMMITTEE2_BRANCH_MARK = "赵浙江"
COMMITTEE2_MARK = "浙委会"
# What a list is searched for: part of both marks. It finds the planted records, but unlike
# the whole marks it is no secret, so a search box that echoes it is no leak.
PLANTED_SEARCH = "探针"

# Who sees what is planted (the sweep's personas, by the scope of a record).
BRANCH = "branch"  # branch 1's own records: its secretary, committee 1's staff, the county, the auditor
COMMITTEE = "committee"  # committee 1's records for all its branches: branch 2 reads them too
HOME = "home"  # branch 1's member whose home village is the village persona's
HOME_AWAY = "home_away"  # committee 2's member from the same village
ACCOUNTS = "accounts"  # the account pages: the system and the county administrators'
AUDIT = "audit"  # the audit log: the auditor's
IN_SCOPE = {
    BRANCH: {"branch1", "committee1", "county", "auditor"},
    COMMITTEE: {"branch1", "branch2", "committee1", "county", "auditor"},
    HOME: {"village", "branch1", "committee1", "county", "auditor"},
    HOME_AWAY: {"village", "committee2", "county", "auditor"},
    ACCOUNTS: {"county", "sysadmin"},
    AUDIT: {"auditor"},
}
# Who must not find a record of that scope on any page (the account pages and the audit
# log refuse everyone else outright).
OUT_OF_SCOPE = {
    BRANCH: {"branch2", "committee2", "sysadmin", "anonymous", "village", "member"},
    COMMITTEE: {"committee2", "sysadmin", "anonymous", "village"},
    HOME: {"branch2", "committee2", "sysadmin", "anonymous", "member"},
    HOME_AWAY: {"branch1", "branch2", "committee1", "sysadmin", "anonymous", "member"},
    ACCOUNTS: set(),
    AUDIT: set(),
}

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
FULL_NAMES = {
    "branch1": "周书记",
    "committee1": "吴干事",
    "county": "郑部长",
    "auditor": "冯审计",
    "branch2": "陈书记",
    "committee2": "褚干事",
    "sysadmin": "卫管理",
    "village": "韩支书",
    "member": "蒋自助",
}


@dataclass
class World:
    today: datetime.date
    # "app_label.model" → branch 1's planted record; "…:committee" → committee 1's committee-wide
    # one; "…:absent", "…:done" and the like for a second record a row needs.
    objects: dict = field(default_factory=dict)
    # What the sweep looks for on a page: key → (text, scope). Keys are those of ``objects``
    # or name a figure of a page ("branches.branch:overview").
    probes: dict = field(default_factory=dict)
    personas: dict = field(default_factory=dict)
    # Committee 2's and branch 2's own records, by the same keys: every admin row must be one of them.
    others: dict = field(default_factory=dict)
    # The stored files (a roster, the attachments) by storage name: a request that deletes one
    # is rolled back in the database, not on disk; the sweep puts them back.
    files: dict = field(default_factory=dict)

    def pk(self, key):
        return self.objects[key].pk

    @property
    def planted(self):
        return self.objects["members.member"]

    @property
    def absent(self):
        return self.objects["members.member:absent"]


def branch_kit(branch, mark, *, today, user, phone, absent_phone, return_post, home):
    """One record of every branch-level model, about a member named ``mark`` of ``branch``."""
    committee = branch.committee
    member = MemberFactory(
        name=mark,
        branch=branch,
        phone=phone,
        left_home_on=today - datetime.timedelta(days=400),
        work_city=branch.city,
        employer=f"{mark}电子厂",
        home_organisation=home,
    )
    # A mobile member away for over a year who never checked in: the 未报到 lists' record.
    absent = MemberFactory(
        name=f"{mark}未报", branch=branch, phone=absent_phone, left_home_on=today - datetime.timedelta(days=400)
    )
    task = Task.objects.create(
        committee=committee,
        branch=branch,
        title=f"{mark}任务",
        category="volunteer",
        opens_on=today - datetime.timedelta(days=10),
        due_on=today + datetime.timedelta(days=30),
        capacity=5,
    )
    meeting = Meeting.objects.create(
        branch=branch,
        kind="themed_day",
        held_on=today,
        topic=f"{mark}专题学习",
        location=f"{mark}活动室",
        host=mark,
        recorded_by=user,
    )
    attachment = MeetingAttachment(
        meeting=meeting, original_name=f"{mark}签到表.png", content_type="image/png", size=len(PNG)
    )
    attachment.file.save("upload.png", ContentFile(PNG), save=True)
    group = PartyGroup.objects.create(branch=branch, name=f"{mark}第一党小组", leader=member)
    group_member = PartyGroupMember.objects.create(group=group, member=member)
    # A published meeting, signed in by its QR link today; its topic names no one (the page is public).
    planned = Meeting.objects.create(
        branch=branch,
        kind="themed_day",
        status="planned",
        held_on=today,
        topic="主题党日：重温入党誓词",
        location="支部活动室",
        sign_in_token=SIGN_IN_TOKEN,
    )
    sign_in = SignIn.objects.create(meeting=meeting, member=member)
    # The planted meeting's election (its detail page shows it).
    election = Election.objects.create(meeting=meeting, kind="delegates", seats=1, valid=True)
    candidate = Candidate.objects.create(election=election, member=member, votes=1, elected=True)
    case = HelpRequest.objects.create(
        member=member,
        branch=branch,
        category="wage_dispute",
        location="guangdong",
        story=f"{mark}被拖欠三个月工资",
        received_on=today - datetime.timedelta(days=3),
    )
    campaign = Campaign.objects.create(
        committee=committee,
        branch=branch,
        name=f"{mark}助学活动",
        purpose="education",
        starts_on=today - datetime.timedelta(days=30),
        target_amount=Decimal(10000),
    )
    fair = JobFair.objects.create(
        committee=committee, branch=branch, name=f"{mark}招聘会", held_on=today - datetime.timedelta(days=20)
    )
    # 民主评议: the planted member graded 不合格 at the branch's appraisal meeting, 限期改正 begun.
    appraisal_meeting = Meeting.objects.create(
        branch=branch, kind="appraisal", held_on=today, topic=f"{mark}民主评议", recorded_by=user
    )
    appraisal = Appraisal.objects.create(
        member=member,
        year=today.year,
        branch=branch,
        meeting=appraisal_meeting,
        grade="unqualified",
        home_organisation=home,
        graded_by=user,
    )
    records = {
        "meetings.meeting:appraisal": appraisal_meeting,
        "appraisals.appraisal": appraisal,
        "appraisals.disposal": Disposal.objects.create(
            appraisal=appraisal,
            kind="correction",
            decided_on=today,
            deadline=today + datetime.timedelta(days=90),
            note=f"{mark}限期改正",
            recorded_by=user,
        ),
        "members.member": member,
        "members.member:absent": absent,
        "members.post": Post.objects.create(
            member=member, branch=branch, title="secretary", started_on=today - datetime.timedelta(days=300)
        ),
        "members.honor": Honor.objects.create(
            member=member, title=f"{mark}优秀共产党员", awarded_by="中共安仁县委", year=today.year
        ),
        # 组织关系转接: a directly managed member on the roll (the transfer forms' record) and
        # one whose 介绍信 is out, waiting for its 回执.
        "members.member:direct": MemberFactory(
            name=f"直管党员{branch.pk}", branch=branch, category="direct", phone="", home_organisation=None
        ),
        "members.transfer": Transfer.objects.create(
            member=MemberFactory(
                name=f"转出党员{branch.pk}",
                branch=branch,
                category="direct",
                phone="",
                home_organisation=None,
                status="pending_transfer",
            ),
            kind="out",
            from_branch=branch,
            organisation=f"中共安仁县{mark}村支部委员会",
            letter_number=f"{mark}转1号",
            issued_on=today - datetime.timedelta(days=10),
            created_by=user,
        ),
        # 失联 for a year (the lost list's record) and the planted member's 活动证, running out.
        "members.member:lost": MemberFactory(
            name=f"{mark}失联",
            branch=branch,
            phone="",
            status="lost_contact",
            status_since=today - datetime.timedelta(days=365),
        ),
        "members.activitycertificate": ActivityCertificate.objects.create(
            member=member,
            number=f"{mark}证1号",
            issued_by=f"中共安仁县永乐江镇{mark}村支部委员会",
            issued_on=today - datetime.timedelta(days=330),
            valid_until=today + datetime.timedelta(days=30),
        ),
        # A step of the member's life (a move into the branch) and a 失联 search.
        "members.statuschange": StatusChange.objects.create(
            member=member,
            transition="moved",
            from_status="active",
            to_status="active",
            changed_on=today - datetime.timedelta(days=200),
            note=f"{mark}调入本支部",
            recorded_by=user,
        ),
        "members.contactattempt": ContactAttempt.objects.create(
            member=member,
            tried_on=today - datetime.timedelta(days=30),
            tried_by="支部书记",
            way="phone",
            result=f"{mark}电话已接通",
            recorded_by=user,
        ),
        "shuangbao.checkin": CheckIn.objects.create(
            member=member,
            branch=branch,
            checked_in_on=today,
            way="in_person",
            address=f"{mark}寓所",
            employer=f"{mark}电子厂",
            recorded_by=user,
        ),
        # Issue 21: the member's own check-in of yesterday, 待确认 by the secretary.
        "shuangbao.checkin:pending": CheckIn.objects.create(
            member=member,
            branch=branch,
            checked_in_on=today - datetime.timedelta(days=1),
            way="qr_link",
            address=f"{mark}自助报到",
            recorded_by=user,
            status="pending",
        ),
        "shuangbao.report": Report.objects.create(
            member=member,
            period_start=period_start(today, committee.report_cycle),
            submitted_on=today,
            channel="wechat",
            summary=f"{mark}思想汇报",
            recorded_by=user,
        ),
        "shuangbao.task": task,
        "shuangbao.taskclaim": TaskClaim.objects.create(
            member=member, task=task, claimed_on=today - datetime.timedelta(days=5)
        ),
        # A claim that is done, for the evaluation.
        "shuangbao.taskclaim:done": TaskClaim.objects.create(
            member=absent,
            task=task,
            claimed_on=today - datetime.timedelta(days=5),
            status="done",
            completed_on=today,
            result=f"{mark}完成了任务",
        ),
        "meetings.meeting": meeting,
        "meetings.attendance": Attendance.objects.create(meeting=meeting, member=member, status="present"),
        # 自行脱党 warning: the member who has not checked in was absent without leave, too.
        "meetings.attendance:absent": Attendance.objects.create(meeting=meeting, member=absent, status="absent"),
        "meetings.meetingattachment": attachment,
        # Issue 18: a 党小组 led by the planted member, and an election meeting to record.
        "meetings.partygroup": group,
        "meetings.meeting:planned": planned,
        "meetings.signin": sign_in,
        "meetings.partygroupmember": group_member,
        "meetings.election": election,
        "meetings.candidate": candidate,
        "meetings.meeting:election": Meeting.objects.create(
            branch=branch,
            kind="general",
            held_on=today,
            topic=f"{mark}换届选举",
            location=f"{mark}活动室",
            has_vote=True,
            is_election=True,
            recorded_by=user,
        ),
        "assistance.helprequest": case,
        "assistance.helpaction": HelpAction.objects.create(
            help_request=case, acted_on=today - datetime.timedelta(days=2), description=f"{mark}已联系企业", actor=user
        ),
        "assistance.visit": Visit.objects.create(
            branch=branch,
            visited_on=today - datetime.timedelta(days=4),
            occasion="other",
            member=member,
            reason="hardship",
            visitors="支部书记",
            cash=Decimal(500),
            note=f"{mark}走访",
        ),
        "assistance.campaign": campaign,
        "assistance.donation": Donation.objects.create(
            campaign=campaign, member=member, amount=Decimal(300), donated_on=today - datetime.timedelta(days=2)
        ),
        "assistance.beneficiary": Beneficiary.objects.create(
            campaign=campaign, kind="student", name=f"{mark}受助学生", amount=Decimal(1000)
        ),
        "assistance.jobfair": fair,
        "assistance.jobreferral": JobReferral.objects.create(
            committee=committee,
            branch=branch,
            job_fair=fair,
            person_name=f"{mark}老乡",
            employer=f"{mark}电子厂",
            city=branch.city,
            monthly_wage=Decimal(4600),
            referred_on=today - datetime.timedelta(days=10),
        ),
        "assistance.investmentproject": InvestmentProject.objects.create(
            committee=committee,
            branch=branch,
            name=f"{mark}扶贫车间",
            company=f"{mark}新能源公司",
            introduced_by=member,
            amount_wan=Decimal(1000),
        ),
        "assistance.returnapplication": ReturnApplication.objects.create(
            post=return_post, member=member, applied_on=today - datetime.timedelta(days=1)
        ),
        "branches.pairedvillage": PairedVillage.objects.create(
            branch=branch, township="永乐江镇", village=f"{mark}村", since=today - datetime.timedelta(days=100)
        ),
    }
    # 发展党员 (issue 19): a person of the branch on the way to membership, the talk held.
    born = datetime.date(1998, 6, 1) + datetime.timedelta(days=branch.pk)
    applicant = create_applicant(
        Applicant(
            branch=branch,
            name=f"{mark}申请人",
            gender="female",
            birth_date=born,
            id_number=valid_id_number(born, male=False),
            phone=phone[:-1] + "9",
            applied_on=today - datetime.timedelta(days=40),
            employer=f"{mark}电子厂",
        ),
        user=user,
        document_no=f"{mark}申请书",
    )
    records["development.applicant"] = applicant
    records["development.step"] = record_step(
        applicant, "talk", done_on=today - datetime.timedelta(days=35), user=user, by_whom=f"{mark}谈话人"
    )
    records["branches.branch"] = branch
    records.update(dues_kit(member, mark, today=today, user=user))
    # Issue 21: the branch's notice (通知公告), its member's read receipt, and an invitation.
    notice = Notice.objects.create(
        committee=committee,
        branch=branch,
        kind="jobs",
        title=f"{mark}招聘会通知",
        body="周六上午九点",
        published_by=user,
    )
    records["selfservice.notice"] = notice
    records["selfservice.noticeread"] = NoticeRead.objects.create(notice=notice, member=member)
    records["selfservice.invitation"] = Invitation.objects.create(
        member=member,
        token_hash=hashlib.sha256(mark.encode()).hexdigest(),
        created_by=user,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return records


def dues_kit(member, mark, *, today, user):
    """党费: a base from five months ago, one month paid (four months in arrears), a month handed up."""
    current = month_index(today)
    base = set_base(
        member,
        kind="in_work",
        income=Decimal(4000),
        from_month=current - 5,
        reason=f"{mark}核定",
        collector="inflow",
        user=user,
        today=today,
    )
    payment = record_payment(
        member,
        month_count=1,
        amount=Decimal(40),
        paid_on=today,
        way="cash",
        collected_by=f"{mark}代收",
        user=user,
        today=today,
    )
    remittance = Remittance(
        branch=member.branch,
        month=current - 1,
        amount=Decimal(40),
        remitted_on=today,
        note=f"{mark}上缴",
        recorded_by=user,
    )
    remittance.save()
    return {
        "dues.duesaccount": member.dues_account,
        "dues.duesbase": base,
        "dues.payment": payment,
        "dues.paymentmonth": PaymentMonth.objects.get(payment=payment),
        "dues.remittance": remittance,
    }


def committee_kit(committee, mark, *, today, user):
    """One record of every committee-level model, and one committee-wide record (no branch)
    of each model that can have one."""
    campaign = Campaign.objects.create(
        committee=committee,
        name=f"{mark}募捐",
        purpose="charity",
        starts_on=today - datetime.timedelta(days=60),
        target_amount=Decimal(50000),
    )
    roster = csv_bytes([person(1, 姓名=f"{mark}新党员", 所在党支部=committee.branches.order_by("ordinal")[0].name)])
    report = import_roster(roster, committee=committee, user=user, dry_run=True, file_name=f"{mark}花名册.csv")
    batch = ImportBatch(
        committee=committee,
        uploaded_by=user,
        file_name=f"{mark}花名册.csv",
        file_format="csv",
        size=len(roster),
        report=report.as_json(),
        total_rows=report.counts["total"],
        new_count=report.counts["new"],
    )
    batch.file.save("roster", ContentFile(roster), save=True)
    return {
        "branches.committee": committee,
        "assistance.returnpost": ReturnPost.objects.create(
            committee=committee,
            name=f"{mark}回引岗位",
            title="deputy_secretary",
            township="永乐江镇",
            village="新洲村",
            opens_on=today - datetime.timedelta(days=30),
        ),
        "meetings.compliancerule": ComplianceRule.objects.create(
            committee=committee, kind="themed_day", frequency="monthly"
        ),
        # Issue 18: the committee's own 班子, on the 换届 page of its staff and branches.
        "members.committeepost": CommitteePost.objects.create(
            committee=committee, name=f"{mark}委员", title="member", started_on=today - datetime.timedelta(days=400)
        ),
        "members.importbatch": batch,
        "development.developmentrules": DevelopmentRules.objects.create(committee=committee),
        # Issue 14: a committee's own honour (its staff's to keep, its branches' to read).
        "members.honor:committee": Honor.objects.create(
            committee=committee, title=f"{mark}先进基层党组织", awarded_by="中共郴州市委", year=today.year
        ),
        "assistance.campaign:committee": campaign,
        "assistance.donation:committee": Donation.objects.create(
            campaign=campaign, donor_name=f"{mark}爱心企业", amount=Decimal(5000), donated_on=today
        ),
        "assistance.beneficiary:committee": Beneficiary.objects.create(
            campaign=campaign, kind="household", name=f"{mark}受助户", amount=Decimal(2000)
        ),
        "shuangbao.task:committee": Task.objects.create(
            committee=committee,
            title=f"{mark}任务",
            category="investment_lead",
            opens_on=today - datetime.timedelta(days=10),
            due_on=today + datetime.timedelta(days=60),
            capacity=10,
        ),
        "assistance.jobfair:committee": JobFair.objects.create(
            committee=committee, name=f"{mark}招聘会", held_on=today - datetime.timedelta(days=40)
        ),
        "assistance.jobreferral:committee": JobReferral.objects.create(
            committee=committee,
            person_name=f"{mark}老乡",
            employer=f"{mark}工厂",
            city="东莞",
            monthly_wage=Decimal(4500),
            referred_on=today - datetime.timedelta(days=40),
        ),
        "assistance.investmentproject:committee": InvestmentProject.objects.create(
            committee=committee, name=f"{mark}项目", company=f"{mark}集团", amount_wan=Decimal(20000)
        ),
    }


def probes_for(world):
    """What each planted record looks like on the pages that list it."""
    objects = world.objects
    branch1 = objects["branches.branch"]
    texts = {
        "members.member": (PLANTED_NAME, BRANCH),
        "members.member:absent": (objects["members.member:absent"].name, BRANCH),
        "members.post": (PLANTED_NAME, BRANCH),  # a branch's secretary, by name
        "members.honor": (objects["members.honor"].title, BRANCH),
        "members.statuschange": (objects["members.statuschange"].note, BRANCH),
        "members.transfer": (objects["members.transfer"].letter_number, BRANCH),
        "members.member:lost": (objects["members.member:lost"].name, BRANCH),
        "members.activitycertificate": (objects["members.activitycertificate"].number, BRANCH),
        "members.contactattempt": (objects["members.contactattempt"].result, BRANCH),
        "members.importbatch": (objects["members.importbatch"].file_name, COMMITTEE),
        # Issue 14: a committee's honour; a committee's 组织生活 rule, by its row on the rules page.
        "members.honor:committee": (objects["members.honor:committee"].title, COMMITTEE),
        # Issue 17: the village's members, on the village pages.
        "members.member:home": (HOME_MARK, HOME),
        "members.member:home_away": (HOME_AWAY_MARK, HOME_AWAY),
        "shuangbao.report:waiting": (HOME_MARK, HOME),
        "appraisals.appraisal": (PLANTED_NAME, BRANCH),  # on the branch's board, by member
        "appraisals.disposal": (objects["appraisals.disposal"].note, BRANCH),
        "appraisals.appraisal:home": (HOME_MARK, HOME),  # on branch 1's list of reports waiting at home too
        "assistance.helprequest:home": (objects["assistance.helprequest:home"].story, HOME),
        "members.transfer:home": (objects["members.transfer:home"].letter_number, HOME),
        "meetings.compliancerule": (f'data-rule="{objects["meetings.compliancerule"].pk}"', COMMITTEE),
        "members.committeepost": (objects["members.committeepost"].name, COMMITTEE),
        "shuangbao.checkin": (objects["shuangbao.checkin"].address, BRANCH),
        "shuangbao.checkin:pending": (objects["shuangbao.checkin:pending"].address, BRANCH),
        "selfservice.notice": (objects["selfservice.notice"].title, BRANCH),
        "selfservice.noticeread": (PLANTED_NAME, BRANCH),  # the receipts, by the reader's name
        "selfservice.invitation": (PLANTED_NAME, BRANCH),  # the invitation page names its member
        "shuangbao.report": (PLANTED_NAME, BRANCH),  # the report board lists members with their status
        "shuangbao.task": (objects["shuangbao.task"].title, BRANCH),
        "shuangbao.task:committee": (objects["shuangbao.task:committee"].title, COMMITTEE),
        "shuangbao.taskclaim": (PLANTED_NAME, BRANCH),  # a task's claims, by the claimant's name
        "meetings.meeting": (objects["meetings.meeting"].topic, BRANCH),
        "meetings.attendance": (PLANTED_NAME, BRANCH),  # attendance rates, by member
        "meetings.meetingattachment": (objects["meetings.meetingattachment"].original_name, BRANCH),
        "assistance.helprequest": (PLANTED_NAME, BRANCH),  # a case, by who asked
        "assistance.helpaction": (objects["assistance.helpaction"].description, BRANCH),
        "assistance.visit": (PLANTED_NAME, BRANCH),  # a visit, by who was visited
        "assistance.campaign": (objects["assistance.campaign"].name, BRANCH),
        "assistance.campaign:committee": (objects["assistance.campaign:committee"].name, COMMITTEE),
        "assistance.donation": (PLANTED_NAME, BRANCH),  # a donation, by its donor
        "assistance.beneficiary": (objects["assistance.beneficiary"].name, BRANCH),
        "assistance.jobreferral": (objects["assistance.jobreferral"].person_name, BRANCH),
        "assistance.jobreferral:committee": (objects["assistance.jobreferral:committee"].person_name, COMMITTEE),
        "assistance.investmentproject": (objects["assistance.investmentproject"].name, BRANCH),
        "assistance.investmentproject:committee": (
            objects["assistance.investmentproject:committee"].name,
            COMMITTEE,
        ),
        "assistance.returnpost": (objects["assistance.returnpost"].name, COMMITTEE),
        "assistance.returnapplication": (PLANTED_NAME, BRANCH),
        "branches.pairedvillage": (objects["branches.pairedvillage"].village, BRANCH),
        # 党费: an account and its months by the member's name, a base by its reason, a payment by
        # who collected it, a month handed up by its note.
        "dues.duesaccount": (PLANTED_NAME, BRANCH),
        "dues.duesbase": (objects["dues.duesbase"].reason, BRANCH),
        "dues.payment": (objects["dues.payment"].collected_by, BRANCH),
        "dues.paymentmonth": (PLANTED_NAME, BRANCH),
        "dues.remittance": (objects["dues.remittance"].note, BRANCH),
        "development.applicant": (objects["development.applicant"].name, BRANCH),
        "assistance.jobfair": (objects["assistance.jobfair"].name, BRANCH),
        "assistance.jobfair:committee": (objects["assistance.jobfair:committee"].name, COMMITTEE),
        "auth.user": (objects["auth.user"].username, ACCOUNTS),
        "audit.auditentry": (objects["audit.auditentry"].object_repr, AUDIT),
        # Branch 1 on the pages that show branches as rows.
        "branches.branch:overview": (f'data-branch="{branch1.pk}"', BRANCH),
        "branches.branch:compliance": (f'data-branch="{branch1.name}"', BRANCH),
        "branches.branch:name": (branch1.name, BRANCH),
        "branches.branch:renewal": (f'data-renewal="{branch1.pk}"', BRANCH),
        "meetings.partygroup": (objects["meetings.partygroup"].name, BRANCH),
        "meetings.signin": (PLANTED_NAME, BRANCH),  # a sign-in, on the sign-in sheet by name
        "meetings.partygroupmember": (
            f'data-group-member="{objects["meetings.partygroupmember"].pk}">{PLANTED_NAME}</span>',
            BRANCH,
        ),
        "meetings.election": (PLANTED_NAME, BRANCH),  # an election, by its candidate
        "meetings.candidate": (f'data-candidate="{objects["meetings.candidate"].pk}"><td>{PLANTED_NAME}</td>', BRANCH),
        "meetings.meeting:election": (objects["meetings.meeting:election"].topic, BRANCH),
    }
    return texts


def build_world(today=None):
    today = today or timezone.localdate()
    committee1 = CommitteeFactory(name="中共安仁县驻广东地区流动委员会", short_name="驻广东流动党委", region="广东省")
    committee2 = CommitteeFactory(name="中共安仁县驻浙江地区流动委员会", short_name="驻浙江流动党委", region="浙江省")
    branch1 = BranchFactory(committee=committee1, ordinal=1, name="第一党支部", city="东莞")
    branch2 = BranchFactory(committee=committee1, ordinal=2, name="第二党支部", city="深圳")
    branch_z = BranchFactory(committee=committee2, ordinal=1, name="湖州党支部", city="湖州")
    # The village persona's branch at home, and the planted members' (another village).
    _township, home_village, other_village = home_organisations("探针乡", ("甲村", "乙村"))

    personas = {
        "branch1": user_with_role("branch1", Role.BRANCH_SECRETARY, branch=branch1),
        "committee1": user_with_role("committee1", Role.COMMITTEE_STAFF, committee=committee1),
        "county": user_with_role("county", Role.COUNTY_ADMIN),
        "auditor": user_with_role("auditor", Role.AUDITOR),
        "branch2": user_with_role("branch2", Role.BRANCH_SECRETARY, branch=branch2),
        "committee2": user_with_role("committee2", Role.COMMITTEE_STAFF, committee=committee2),
        "sysadmin": user_with_role("sysadmin", Role.SYSTEM_ADMIN),
        "village": user_with_role("village", Role.HOME_SECRETARY, home_organisation=home_village),
        # Issue 21: a member of branch 2 with their own account (/me/ only).
        "member": member_account(MemberFactory(name="蒋自助", branch=branch2, phone="13800000008"), "member"),
        "anonymous": None,
    }
    for persona, full_name in FULL_NAMES.items():
        personas[persona].first_name = full_name
        personas[persona].save()
    secretary1 = personas["branch1"]
    world = World(today=today, personas=personas)

    committee1_records = committee_kit(committee1, COMMITTEE_MARK, today=today, user=personas["county"])
    world.objects.update(committee1_records)
    world.objects.update(
        branch_kit(
            branch1,
            PLANTED_NAME,
            today=today,
            user=secretary1,
            phone=PLANTED_PHONE,
            absent_phone=ABSENT_PHONE,
            return_post=committee1_records["assistance.returnpost"],
            home=other_village,
        )
    )
    # A committee-wide project brought in by branch 1's member: every branch reads the
    # project, only those who may read his file read who brought it.
    project = world.objects["assistance.investmentproject:committee"]
    project.introduced_by = world.planted
    project.save()
    # A plain member of branch 1 without records: who a valid form puts forward.
    world.objects["members.member:plain"] = MemberFactory(name="王阿丽", branch=branch1, phone="13800000001")
    # Issue 17: the village persona's members, in branch 1 and in committee 2.
    world.objects["members.member:home"] = MemberFactory(
        name=HOME_MARK, branch=branch1, phone="13800000006", home_organisation=home_village
    )
    world.objects["members.member:home_away"] = MemberFactory(
        name=HOME_AWAY_MARK, branch=branch_z, phone="13800000007", home_organisation=home_village
    )
    world.objects["branches.homeorganisation"] = home_village
    # Their report that has waited three weeks for 签收, and a case branch 1 referred home.
    world.objects["shuangbao.report:waiting"] = Report.objects.create(
        member=world.objects["members.member:home"],
        period_start=period_start(today - datetime.timedelta(days=21), committee1.report_cycle),
        submitted_on=today - datetime.timedelta(days=21),
        channel="phone",
        summary=f"{HOME_MARK}思想汇报",
        recorded_by=secretary1,
    )
    home_case = HelpRequest.objects.create(
        member=world.objects["members.member:home"],
        branch=branch1,
        category="elderly",
        location="hometown",
        story=f"{HOME_MARK}的母亲独居老家",
        received_on=today - datetime.timedelta(days=6),
        status="referred",
        referred_to=home_village.full_name,
        referred_home=home_village,
        referred_home_on=today - datetime.timedelta(days=2),
    )
    world.objects["assistance.helprequest:home"] = home_case
    # A directly managed member of branch 1 whose relation goes home to the village: the
    # letter waits on the village's list for its 回执.
    world.objects["members.transfer:home"] = Transfer.objects.create(
        member=MemberFactory(
            name=f"{HOME_MARK}直管", branch=branch1, category="direct", phone="", status="pending_transfer"
        ),
        kind="out",
        from_branch=branch1,
        organisation=home_village.full_name,
        to_home=home_village,
        letter_number="乡亲转1号",
        issued_on=today - datetime.timedelta(days=5),
        created_by=secretary1,
    )
    # 民主评议: 乡亲甲 graded where he works (branch 1); the result went home to the village.
    world.objects["appraisals.appraisal:home"] = Appraisal.objects.create(
        member=world.objects["members.member:home"],
        year=today.year,
        branch=branch1,
        meeting=world.objects["meetings.meeting:appraisal"],
        grade="qualified",
        home_organisation=home_village,
    )
    HelpAction.objects.create(
        help_request=home_case,
        acted_on=today - datetime.timedelta(days=2),
        description=f"转回{home_village.name}",
        status_after="referred",
        actor=secretary1,
    )

    # The others' own records, so that every list and changelist has rows of other scopes to leak.
    committee2_records = committee_kit(committee2, COMMITTEE2_MARK, today=today, user=personas["committee2"])
    for kit in (
        branch_kit(
            branch2,
            BRANCH2_MARK,
            today=today,
            user=personas["branch2"],
            phone="13800000002",
            absent_phone="13800000003",
            return_post=committee1_records["assistance.returnpost"],
            home=other_village,
        ),
        committee2_records,
        branch_kit(
            branch_z,
            COMMITTEE2_BRANCH_MARK,
            today=today,
            user=personas["committee2"],
            phone="13800000004",
            absent_phone="13800000005",
            return_post=committee2_records["assistance.returnpost"],
            home=other_village,
        ),
    ):
        for key, obj in kit.items():
            world.others.setdefault(key, []).append(obj)

    # Rows of the models that hold no member data, so that their admin pages have an object too.
    world.objects["auth.user"] = secretary1  # the account the account pages open
    world.objects["auth.user:spare"] = UserFactory(username="newcomer")  # an account without a role yet
    world.objects["branches.staffscope"] = secretary1.staff_scope
    world.objects["auth.group"] = Group.objects.create(name="值班")
    world.objects["otp_totp.totpdevice"] = TOTPDevice.objects.create(user=secretary1, name="手机", confirmed=False)
    world.objects["axes.accessattempt"] = AccessAttempt.objects.create(
        username="branch1", ip_address="10.0.0.1", failures_since_start=1
    )
    world.objects["axes.accesslog"] = AccessLog.objects.create(username="branch1", ip_address="10.0.0.1")
    world.objects["axes.accessfailurelog"] = AccessFailureLog.objects.create(username="branch1", ip_address="10.0.0.1")
    world.objects["audit.auditentry"] = record(None, Action.VIEW_ID_NUMBER, obj=world.planted, user=secretary1)
    # Issue 21: a notification of branch 1's secretary, and a failed background task.
    world.objects["notifications.notification"] = Notification.objects.create(
        user=secretary1, kind="todo", title="今日待办", url="/"
    )
    failed = DBTaskResult.objects.get(pk=dispatch_deliveries.enqueue().id)
    failed.claim("sweep:1")
    failed.set_failed(RuntimeError("planted failure"))
    world.objects["django_tasks_db.dbtaskresult"] = failed
    world.probes = probes_for(world)
    # The planted member's 档案照片, which only those who may read the file may fetch.
    world.planted.photo.save("planted.png", ContentFile(PNG), save=True)
    stored = [MeetingAttachment.objects.all(), ImportBatch.objects.all()]
    world.files = {record.file.name: record.file.read() for queryset in stored for record in queryset}
    world.files[world.planted.photo.name] = PNG
    return world


def restore_files(world):
    """Put back a stored file that a rolled-back request deleted."""
    from django.core.files.storage import default_storage

    for name, content in world.files.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))


__all__ = [
    "ABSENT_PHONE",
    "ACCOUNTS",
    "AUDIT",
    "BRANCH",
    "COMMITTEE",
    "COMMITTEE_MARK",
    "HOME",
    "HOME_AWAY",
    "IN_SCOPE",
    "OUT_OF_SCOPE",
    "PLANTED_NAME",
    "PLANTED_PHONE",
    "PLANTED_SEARCH",
    "SIGN_IN_TOKEN",
    "World",
    "build_world",
]
