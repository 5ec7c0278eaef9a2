"""发展党员 in the demo: the way in of the 预备党员 on the roll, the article's 陈达, and people
at every stage of the pipeline (development.rules) in several branches.

- Each 预备党员 of the roll (a file with no 转正 date) gets the record of the way in: application,
  talk, 积极分子 with two 培养联系人 and half-yearly 考察, 发展对象 with 政治审查, 集中培训,
  two 入党介绍人, 公示 and 预审, then the 支部大会 that admitted them (a meeting of the branch on
  the file's 入党时间, with its roll and a quorum), the 上级党委 approval and the 入党宣誓
  (still to come for the most recent). The 预备期 ends a year after the 支部大会.
- 陈达 (seed-article.txt: he built his firm in Guangdong and joined through one of the
  committee's branches) is a 正式党员 of 第四党支部 with the whole record, 转正 included.
- In 第一 to 第六党支部, people not yet members: applicants (the talk due, one overdue),
  积极分子 (the 考察 due or overdue), 发展对象 (steps missing, the 公示 still running: too early
  for the 支部大会; one admitted and waiting for the approval past three months: overdue)
  and one record withdrawn.

Deterministic: its own random generator, dates counted from ``context.today``. Written in bulk,
past the services' checks, so every date is chosen to pass them (tests/test_seed_demo.py
checks the records against development.rules).
"""

import datetime
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from anren_registry.demo.names import AREA_CODE, full_name, mobile_phone
from development import rules as R
from development.models import ActivistWay, Applicant, Stage, Step, StepKind, WithdrawalReason
from development.services import refresh_timers
from lib.months import add_months
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from meetings.quorum import absent_from_every_meeting, with_attendance_counts
from meetings.standing import standing_of
from members.id_number import make_id_number
from members.models import Member, MemberStatus, Post, PostTitle

SEED = 2014_19  # the 细则's year and the issue's number
CHEN_DA = {"name": "陈达", "branch": 4, "joined": datetime.date(2016, 6, 28)}
PIPELINE_BRANCHES = [1, 2, 3, 4, 5, 6]
# (profile, branch ordinals): who is where on the way, and how their next step stands.
PROFILES = [
    ("talk_due", [1, 2, 3, 4, 5, 6]),
    ("talk_overdue", [2, 3, 5]),
    ("talked", [1, 3, 4, 6]),
    ("activist_due", [1, 2, 3, 4, 5, 6]),
    ("activist_overdue", [3, 4]),
    ("activist_ready", [1, 3, 5]),
    ("candidate_missing", [2, 3, 6]),
    ("candidate_publicity", [1, 3, 4]),
    ("candidate_awaiting_approval", [3, 5]),
    ("withdrawn", [6]),
]
DAY = datetime.timedelta(days=1)


def _days(n):
    return datetime.timedelta(days=n)


class _Writer:
    """Collects the records, their steps and the meetings they need, then writes them."""

    def __init__(self, context):
        self.context = context
        self.rng = random.Random(SEED)
        self.today = context.today
        self.records = []  # (applicant, [step kwargs], contacts, sponsors)
        self.used_ids = set(Member.objects.values_list("id_number", flat=True))
        self.secretaries = dict(
            Post.objects.filter(ended_on__isnull=True, title=PostTitle.SECRETARY).values_list(
                "branch_id", "member__name"
            )
        )
        self.meetings = {}  # (branch pk, day) → meeting
        # The demo's members absent from every meeting for six months (the 自行脱党 warning of
        # demo/meetings.py) stay absent from the meetings added here.
        self.always_absent = set(
            absent_from_every_meeting(Member.objects.all(), self.today).values_list("pk", flat=True)
        )

    # --- meetings ---------------------------------------------------------------------------

    def general_meeting(self, branch, day, topic, newcomer=None):
        """The branch's voting 支部大会 on ``day`` (the demo's own if it held one), with a roll
        whose members with a vote are more than half present."""
        key = (branch.pk, day)
        if key in self.meetings:
            return self.meetings[key]
        # The branch's voting 党员大会 of the day, if it had a quorum (one of the demo's had not).
        meeting = next(
            (
                m
                for m in with_attendance_counts(
                    Meeting.objects.filter(
                        branch=branch, held_on=day, kind=MeetingKind.GENERAL, has_vote=True, is_election=False
                    )
                ).order_by("pk")
                if m.quorum_met
            ),
            None,
        )
        if meeting is None:
            meeting = self._new_meeting(branch, day, topic, newcomer)
        self.meetings[key] = meeting
        return meeting

    def _new_meeting(self, branch, day, topic, newcomer):
        rng = self.rng
        logged = timezone.make_aware(datetime.datetime.combine(min(day + _days(1), self.today), datetime.time(21)))
        meeting = Meeting.objects.create(
            branch=branch,
            kind=MeetingKind.GENERAL,
            held_on=day,
            location=branch.venue_address,
            topic=topic,
            host=self.secretaries.get(branch.pk, ""),
            agenda="一、介绍发展对象（预备党员）情况；二、入党介绍人发表意见；三、与会党员讨论；四、无记名投票表决。",
            minutes="支部大会逐个讨论，逐个表决。",
            resolutions="赞成票超过应到会有表决权的正式党员的半数，决议通过，报上级党委审批。",
            has_vote=True,
            created_at=min(logged, timezone.now()),
        )
        people = (
            Member.objects.filter(branch=branch, joined_party_on__lt=day)
            .exclude(status__in=[MemberStatus.TRANSFERRED, MemberStatus.DECEASED, MemberStatus.EXPELLED])
            .exclude(pk=getattr(newcomer, "pk", None))
            .order_by("pk")
        )
        rows, voters = [], []
        for member in people:
            standing = standing_of(member, day)
            present = rng.random() < 0.85 and member.pk not in self.always_absent
            rows.append(Attendance(meeting=meeting, member=member, standing=standing, status=AttendanceStatus.ABSENT))
            if present:
                rows[-1].status = AttendanceStatus.PRESENT
            if standing == "voting":
                voters.append(rows[-1])
        # More than half of those with a vote are there (支部工作条例 第十一条).
        for row in (r for r in voters if r.member_id not in self.always_absent):
            if sum(r.status == AttendanceStatus.PRESENT for r in voters) * 2 > len(voters):
                break
            row.status = AttendanceStatus.PRESENT
        for row in rows:
            if row.status == AttendanceStatus.ABSENT and row.member_id not in self.always_absent and rng.random() < 0.7:
                row.status, row.reason = AttendanceStatus.EXCUSED, "外出务工"
        Attendance.objects.bulk_create(rows)
        meeting.demo_voters = (len(voters), sum(r.status == AttendanceStatus.PRESENT for r in voters))
        return meeting

    def votes_for(self, meeting):
        expected, present = getattr(meeting, "demo_voters", (None, None))
        if expected is None:
            rows = list(meeting.attendances.values_list("standing", "status"))
            expected = sum(s == "voting" for s, _ in rows)
            present = sum(s == "voting" and st == AttendanceStatus.PRESENT for s, st in rows)
        return max(present, expected // 2 + 1)

    # --- people --------------------------------------------------------------------------

    def new_person(self, branch):
        rng = self.rng
        male = rng.random() < 0.7
        born = datetime.date(self.today.year - rng.randrange(21, 42), rng.randrange(1, 13), rng.randrange(1, 29))
        while True:
            number = make_id_number(AREA_CODE, born, rng.randrange(0, 500) * 2 + (1 if male else 0))
            if number not in self.used_ids:
                self.used_ids.add(number)
                break
        return Applicant(
            branch=branch,
            name=full_name(rng, male),
            gender="male" if male else "female",
            birth_date=born,
            id_number=number,
            phone=mobile_phone(rng),
            education=rng.choice(["senior_high", "junior_college", "bachelor"]),
            category=rng.choice(["direct", "mobile"]),
            employer=rng.choice(["东莞安仁籍务工人员服务站", "佛山某电子厂", "深圳某物流公司", "广州某建筑公司"]),
            work_city=branch.city,
        )

    def from_member(self, member):
        self.used_ids.add(member.id_number)
        return Applicant(
            branch=member.branch,
            name=member.name,
            gender=member.gender,
            ethnicity=member.ethnicity,
            birth_date=member.birth_date,
            id_number=member.id_number,
            phone=member.phone,
            education=member.education,
            hometown_township=member.hometown_township,
            hometown_village=member.hometown_village,
            category=member.category,
            employer=member.employer,
            position=member.position,
            work_city=member.work_city,
            occupation=member.occupation,
            member=member,
        )

    def full_members(self, branch, on):
        key = ("full", branch.pk)
        if key not in self.meetings:
            self.meetings[key] = list(
                Member.objects.filter(branch=branch, status=MemberStatus.ACTIVE, full_member_on__isnull=False)
                .order_by("full_member_on", "pk")
                .values_list("pk", "full_member_on")
            )
        eligible = [pk for pk, full in self.meetings[key] if full <= on]
        return self.rng.sample(eligible, 2) if len(eligible) >= 2 else eligible

    # --- the way in ----------------------------------------------------------------------

    def early_steps(self, a, applied_on, activist_on=None, candidate_on=None, assessed_until=None):
        """Application, talk, 积极分子 and its 考察 up to ``assessed_until``, 发展对象."""
        rng = self.rng
        applied_on = max(applied_on, R.old_enough_on(a.birth_date))  # 细则 第五条
        a.applied_on = applied_on
        steps = [{"kind": StepKind.APPLICATION, "done_on": applied_on, "note": "递交入党申请书"}]
        talk = applied_on + _days(rng.randrange(6, 26))
        if talk > self.today or (activist_on and talk > activist_on):
            return steps
        a.talked_on = talk
        steps.append({"kind": StepKind.TALK, "done_on": talk, "by_whom": self.secretaries.get(a.branch_id, "")})
        if not activist_on:
            return steps
        a.activist_on, a.stage = activist_on, Stage.ACTIVIST
        steps.append(
            {
                "kind": StepKind.ACTIVIST,
                "done_on": activist_on,
                "way": rng.choice(list(ActivistWay.values)),
                "document_no": f"{a.branch.ordinal}支委〔{activist_on.year}〕{rng.randrange(1, 20)}号",
                "note": "支委会研究确定",
            }
        )
        day = add_months(activist_on, R.PROBATION_MONTHS // 2)
        limit = assessed_until or candidate_on or self.today
        while day <= limit:
            a.assessed_on = day - _days(rng.randrange(0, 10))
            steps.append({"kind": StepKind.ASSESSMENT, "done_on": a.assessed_on, "by_whom": "培养联系人"})
            day = add_months(a.assessed_on, R.PROBATION_MONTHS // 2)
        if candidate_on:
            a.candidate_on, a.stage = candidate_on, Stage.CANDIDATE
            steps.append(
                {
                    "kind": StepKind.CANDIDATE,
                    "done_on": candidate_on,
                    "document_no": f"{a.branch.ordinal}支委〔{candidate_on.year}〕{rng.randrange(20, 40)}号",
                    "note": "支委会讨论同意，报上级党委备案",
                }
            )
        return steps

    def candidate_steps(self, a, candidate_on, publicity_from, pre_review=True):
        """政治审查, 集中培训, 入党介绍人, 公示 and 预审 between the two days."""
        rng = self.rng
        span = max((publicity_from - candidate_on).days, 4)
        review = candidate_on + _days(rng.randrange(1, span // 2 + 1))
        a.reviewed_on = review
        a.training_hours = rng.choice([24, 24, 32])
        training = candidate_on + _days(rng.randrange(span // 2, span))
        publicity_ends = R.publicity_earliest_end(publicity_from) + _days(rng.randrange(0, 3))
        a.publicized_on, a.publicity_ends_on = publicity_from, publicity_ends
        steps = [
            {"kind": StepKind.SPONSORS, "done_on": candidate_on + DAY},
            {
                "kind": StepKind.POLITICAL_REVIEW,
                "done_on": review,
                "document_no": f"政审〔{review.year}〕{a.branch.ordinal}号",
            },
            {
                "kind": StepKind.TRAINING,
                "done_on": training,
                "hours": a.training_hours,
                "note": "流动党委发展对象培训班",
            },
            {
                "kind": StepKind.PUBLICITY,
                "done_on": publicity_from,
                "ends_on": publicity_ends,
                "note": "支部公示栏、微信群",
            },
        ]
        if pre_review:
            a.pre_reviewed_on = publicity_ends + _days(rng.randrange(1, 4))
            steps.append(
                {
                    "kind": StepKind.PRE_REVIEW,
                    "done_on": a.pre_reviewed_on,
                    "document_no": f"流动党委预审〔{a.pre_reviewed_on.year}〕号",
                }
            )
        return steps

    def way_in(self, a, admitted_on, *, approved=True, converted=False):
        """The whole way to 预备党员 (and 正式党员) of someone admitted on ``admitted_on``."""
        rng = self.rng
        publicity_from = admitted_on - _days(rng.randrange(24, 40))
        candidate_on = publicity_from - _days(rng.randrange(45, 110))
        activist_on = add_months(candidate_on, -R.PROBATION_MONTHS) - _days(rng.randrange(0, 80))
        applied_on = activist_on - _days(rng.randrange(40, 200))
        steps = self.early_steps(a, applied_on, activist_on, candidate_on)
        steps += self.candidate_steps(a, candidate_on, publicity_from)
        meeting = self.general_meeting(a.branch, admitted_on, "讨论接收预备党员", newcomer=a.member)
        a.admitted_on = admitted_on
        steps.append(
            {
                "kind": StepKind.ADMISSION,
                "done_on": admitted_on,
                "meeting": meeting,
                "votes_for": self.votes_for(meeting),
            }
        )
        if not approved:
            return steps
        a.approved_on = min(admitted_on + _days(rng.randrange(15, 60)), self.today)
        a.probation_ends_on = R.probation_end(admitted_on)
        a.stage = Stage.PROBATIONARY
        steps.append(
            {
                "kind": StepKind.APPROVAL,
                "done_on": a.approved_on,
                "document_no": f"安流党委〔{a.approved_on.year}〕{rng.randrange(1, 60)}号",
                "by_whom": "流动党委组织委员",
            }
        )
        sworn = a.approved_on + _days(rng.randrange(0, 25))
        if sworn <= self.today:
            a.sworn_on = sworn
            steps.append({"kind": StepKind.OATH, "done_on": sworn, "note": "面向党旗宣誓"})
        if converted:
            day = a.probation_ends_on + _days(rng.randrange(3, 20))
            conversion = self.general_meeting(a.branch, day, "讨论预备党员转正")
            a.converted_on, a.full_on, a.stage = day, a.probation_ends_on, Stage.FULL
            steps.append(
                {
                    "kind": StepKind.CONVERSION,
                    "done_on": day,
                    "meeting": conversion,
                    "votes_for": self.votes_for(conversion),
                }
            )
            approved_on = day + _days(rng.randrange(10, 40))
            steps.append(
                {
                    "kind": StepKind.CONVERSION_APPROVAL,
                    "done_on": approved_on,
                    "document_no": f"安流党委〔{approved_on.year}〕转正号",
                }
            )
        return steps

    def add(self, a, steps):
        first = min(step["done_on"] for step in steps)
        contacts = self.full_members(a.branch, first) if a.activist_on else []
        sponsors = self.full_members(a.branch, a.candidate_on) if a.candidate_on else []
        self.records.append((a, steps, contacts, sponsors))

    # --- writing ---------------------------------------------------------------------------

    def write(self):
        applicants = [a for a, *_ in self.records]
        bulk_create_with_history(applicants, Applicant, default_change_reason="演示数据")
        saved = {a.id_number: a for a in Applicant.objects.filter(id_number__in=[a.id_number for a in applicants])}
        users = self.context.users
        rows, contact_rows, sponsor_rows = [], [], []
        for a, steps, contacts, sponsors in self.records:
            record = saved[a.id_number]
            user = users.get(f"branch{a.branch.ordinal}")
            for step in sorted(steps, key=lambda s: s["done_on"]):
                at = timezone.make_aware(datetime.datetime.combine(step["done_on"], datetime.time(20)))
                rows.append(Step(applicant=record, recorded_by=user, recorded_at=at, **step))
            contact_rows += [Applicant.contacts.through(applicant=record, member_id=pk) for pk in contacts]
            sponsor_rows += [Applicant.sponsors.through(applicant=record, member_id=pk) for pk in sponsors]
        Step.objects.bulk_create(rows, batch_size=2000)
        Applicant.contacts.through.objects.bulk_create(contact_rows)
        Applicant.sponsors.through.objects.bulk_create(sponsor_rows)
        refresh_timers(Applicant.objects.select_related("branch__committee"))
        return len(applicants), len(rows)


def build(context):
    writer = _Writer(context)
    today = context.today
    branches = {branch.ordinal: branch for branch in context.branches[:11]}
    # The 预备党员 of the roll: the way in of each, admitted on the file's 入党时间.
    probationary = Member.objects.filter(
        branch__in=branches.values(), status=MemberStatus.ACTIVE, full_member_on__isnull=True
    ).select_related("branch")
    for member in probationary.order_by("pk"):
        a = writer.from_member(member)
        writer.add(a, writer.way_in(a, member.joined_party_on))
    _chen_da(writer, branches[CHEN_DA["branch"]])
    _pipeline(writer, branches, today)
    records, steps = writer.write()
    context.figures["development_records"] = records
    context.figures["development_steps"] = steps


def _chen_da(writer, branch):
    """陈达 of the article: 正式党员 of 第四党支部, with the record of his way in."""
    member = Member.objects.get(name=CHEN_DA["name"])
    joined = CHEN_DA["joined"]
    full = R.probation_end(joined)
    Member.objects.filter(pk=member.pk).update(branch=branch, joined_party_on=joined, full_member_on=full)
    member.refresh_from_db()
    a = writer.from_member(member)
    writer.add(a, writer.way_in(a, joined, converted=True))


def _pipeline(writer, branches, today):
    """People at each stage, their next step due, overdue or too early (development.rules)."""
    rng = writer.rng
    for profile, ordinals in PROFILES:
        for ordinal in ordinals:
            a = writer.new_person(branches[ordinal])
            if profile == "talk_due":
                steps = [{"kind": StepKind.APPLICATION, "done_on": today - _days(rng.randrange(3, 25))}]
                a.applied_on = steps[0]["done_on"]
            elif profile == "talk_overdue":
                a.applied_on = add_months(today, -2) - _days(rng.randrange(0, 20))
                steps = [{"kind": StepKind.APPLICATION, "done_on": a.applied_on}]
            elif profile == "talked":
                steps = writer.early_steps(a, today - _days(rng.randrange(50, 120)))
            elif profile == "activist_due":
                activist = today - _days(rng.randrange(60, 170))
                steps = writer.early_steps(a, activist - _days(rng.randrange(60, 150)), activist)
            elif profile == "activist_overdue":
                activist = add_months(today, -8) - _days(rng.randrange(0, 40))
                steps = writer.early_steps(a, activist - _days(90), activist, assessed_until=activist)
            elif profile == "activist_ready":
                activist = add_months(today, -13) - _days(rng.randrange(0, 40))
                steps = writer.early_steps(a, activist - _days(100), activist)
            elif profile == "candidate_missing":
                candidate = today - _days(rng.randrange(20, 50))
                steps = writer.early_steps(a, add_months(candidate, -16), add_months(candidate, -13), candidate)
                steps.append({"kind": StepKind.SPONSORS, "done_on": candidate + DAY})
            elif profile == "candidate_publicity":
                candidate = today - _days(rng.randrange(70, 100))
                steps = writer.early_steps(a, add_months(candidate, -16), add_months(candidate, -13), candidate)
                steps += writer.candidate_steps(a, candidate, today - _days(rng.randrange(0, 3)), pre_review=False)
            elif profile == "candidate_awaiting_approval":
                steps = writer.way_in(a, add_months(today, -4) - _days(rng.randrange(0, 20)), approved=False)
            else:  # withdrawn: gave up the application
                steps = writer.early_steps(a, today - _days(300), today - _days(200))
                a.stage, a.withdrawn_on, a.withdrawal_reason = (
                    Stage.WITHDRAWN,
                    today - _days(30),
                    WithdrawalReason.DROPPED_OUT,
                )
                steps.append(
                    {"kind": StepKind.WITHDRAWAL, "done_on": a.withdrawn_on, "note": "本人因长期在外地务工，申请暂缓"}
                )
            writer.add(a, steps)
