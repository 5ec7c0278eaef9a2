"""The members app's models, by subject; every name is importable from ``members.models``."""

from members.models.imports import (  # noqa: F401
    ImportBatch,
    ImportStatus,
    import_file_path,
)
from members.models.lifecycle import (  # noqa: F401
    ActivityCertificate,
    CertificateStatus,
    ContactAttempt,
    SearchWay,
    StatusChange,
    Transfer,
    TransferKind,
    TransferQuerySet,
    TransferStatus,
    Transition,
)
from members.models.member import (  # noqa: F401
    CLOSED_STATUSES,
    PHONE_RE,
    Category,
    Education,
    Gender,
    Member,
    MemberStatus,
    Occupation,
    validate_phone,
)
from members.models.organisation import (  # noqa: F401
    CommitteePost,
    CommitteeTitle,
    Honor,
    HonorQuerySet,
    Post,
    PostTitle,
)
