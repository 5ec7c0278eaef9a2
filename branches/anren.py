"""Anren's townships (乡镇党委) and a set of their village and community branches: the
county's list of home organisations (流出地党组织), as the migration seeded it.

Townships as after the 2015 merger (豪山乡, 新洲乡, 羊脑乡 and 关王镇 became 金紫仙镇). The
villages are those the registry's files named and a few more: the county administrator
adds the ones it lacks in the admin. ``ensure_home_organisations`` puts the list back where
a database was emptied (the demo's ``--reset``, a test that flushes).
"""

from branches.home import full_name_of
from branches.models import HomeOrganisation, HomeOrganisationKind

ANREN = {
    "永乐江镇": ["城南社区", "城北社区", "新洲村", "樟木村", "高陂村", "合石村", "五一村", "大园村"],
    "安平镇": ["安平社区", "坪上村", "司背湾村", "大石村", "石门村", "熊峰村"],
    "灵官镇": ["灵官社区", "莽山村", "黄田村", "新塘村", "湖塘村", "宝山村"],
    "龙海镇": ["朴塘村", "龙海村", "塘富村", "龙市村", "大湾村"],
    "金紫仙镇": ["大布江村", "石陂村", "关王村", "羊脑村", "杨柳村", "豪山村"],
    "禾市乡": ["禾市村", "大源村", "新市村"],
    "牌楼乡": ["牌楼村", "华坊村", "张家村"],
    "渡口乡": ["渡口村", "石冲村", "古塘村"],
    "承坪乡": ["承坪村", "宝塔村", "蒙冲村"],
    "华王乡": ["华王村", "坪塘村"],
    "竹山乡": ["竹山村", "双江村"],
    "平背乡": ["平背村", "木林村"],
}


def ensure_home_organisations() -> None:
    """Create whatever of the list is missing (idempotent; a handful of queries when complete)."""
    existing = {(o.parent_id, o.name): o for o in HomeOrganisation.objects.all()}
    for township_name, villages in ANREN.items():
        township = existing.get((None, township_name))
        if township is None:
            township = HomeOrganisation.objects.create(
                kind=HomeOrganisationKind.TOWNSHIP, name=township_name, full_name=full_name_of(township_name)
            )
        missing = [name for name in villages if (township.pk, name) not in existing]
        HomeOrganisation.objects.bulk_create(
            HomeOrganisation(
                parent=township,
                name=name,
                kind=HomeOrganisationKind.COMMUNITY if name.endswith("社区") else HomeOrganisationKind.VILLAGE,
                full_name=full_name_of(name, township_name),
            )
            for name in missing
        )
