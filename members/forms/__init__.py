"""The members app's forms, by subject; every form is importable from ``members.forms``."""

from members.forms.files import (  # noqa: F401
    BatchStatusForm,
    ImportUploadForm,
    MemberForm,
    PhotoForm,
)
from members.forms.lifecycle import (  # noqa: F401
    CertificateForm,
    ContactAttemptForm,
    StatusChangeForm,
    TransferActionForm,
    TransferInForm,
    TransferOutForm,
)
from members.forms.organisation import (  # noqa: F401
    EndPostForm,
    HonorForm,
    PostForm,
)
