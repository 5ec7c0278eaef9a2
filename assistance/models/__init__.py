"""The assistance models by subject, one module each; every name is importable from ``assistance.models``."""

from assistance.models.campaigns import Beneficiary, BeneficiaryKind, Campaign, CampaignPurpose, Donation, DonationKind
from assistance.models.common import MONEY, CommitteeWideQuerySet
from assistance.models.help_requests import (
    OPEN_ENDED_STATUSES,
    OVERDUE_DAYS,
    HelpAction,
    HelpCategory,
    HelpLocation,
    HelpRequest,
    HelpStatus,
    overdue_cutoff,
)
from assistance.models.jobs import JobFair, JobReferral
from assistance.models.projects import InvestmentProject, ProjectStage
from assistance.models.return_posts import ApplicationStatus, ReturnApplication, ReturnPost, ReturnPostTitle
from assistance.models.visits import Visit, VisitOccasion, VisitReason

__all__ = [
    "MONEY",
    "OPEN_ENDED_STATUSES",
    "OVERDUE_DAYS",
    "ApplicationStatus",
    "Beneficiary",
    "BeneficiaryKind",
    "Campaign",
    "CampaignPurpose",
    "CommitteeWideQuerySet",
    "Donation",
    "DonationKind",
    "HelpAction",
    "HelpCategory",
    "HelpLocation",
    "HelpRequest",
    "HelpStatus",
    "InvestmentProject",
    "JobFair",
    "JobReferral",
    "ProjectStage",
    "ReturnApplication",
    "ReturnPost",
    "ReturnPostTitle",
    "Visit",
    "VisitOccasion",
    "VisitReason",
    "overdue_cutoff",
]
