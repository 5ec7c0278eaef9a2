# The home organisations, the village secretary and the villagers of tests/village.
from tests.village.conftest import (  # noqa: F401
    township,
    township_staff,
    village_secretary,
    villagers,
    xinzhou,
    zhangmu,
    zhejiang_branch,
)
