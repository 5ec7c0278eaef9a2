"""Anren's townships (乡镇党委) and a set of their village and community branches: the list
that every mobile member's home organisation is chosen from.

Townships as after the 2015 merger of townships (豪山乡, 新洲乡, 羊脑乡 and 关王镇 became
金紫仙镇); the villages are those the registry's files already named, and a few more. The
county administrator keeps the list (admin) from here on: add the villages it lacks.
"""

from django.db import migrations

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


def seed(apps, schema_editor):
    HomeOrganisation = apps.get_model("branches", "HomeOrganisation")
    for township_name, villages in ANREN.items():
        township, _created = HomeOrganisation.objects.get_or_create(
            parent=None,
            name=township_name,
            defaults={"kind": "township", "full_name": f"中共安仁县{township_name}委员会"},
        )
        for village in villages:
            HomeOrganisation.objects.get_or_create(
                parent=township,
                name=village,
                defaults={
                    "kind": "community" if village.endswith("社区") else "village",
                    "full_name": f"中共安仁县{township_name}{village}支部委员会",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("branches", "0009_home_organisations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
