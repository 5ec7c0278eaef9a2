"""Names and places for the demo data: Anren's townships and villages, common local surnames."""

AREA_CODE = "431028"  # 湖南省郴州市安仁县

SURNAMES = "谭陈李刘王周侯何段罗谢曹唐肖黄张彭廖邓欧阳贺龙朱袁许蒋曾宋郭徐"
COMPOUND_SURNAMES = ("欧阳",)
GIVEN_CHARS_MALE = "建国志辉军平明华伟强勇斌涛杰峰德文林超亮军红兵录中泽晓星锦东海波春生永福"
GIVEN_CHARS_FEMALE = "静丽芳红燕梅霞英娟玲秀兰琴慧敏雪桂花春艳萍凤莉娜婷颖"

# Townships of Anren and some of their villages; the article names 新洲村, 黄田村,
# 朴塘村, 坪上村 and 莽山村, and the townships 永乐江镇, 安平镇, 灵官镇 and 禾市乡.
# The townships and villages of the demo's files: all of them on the county's list of home
# organisations (branches/migrations/0010_seed_anren_home_organisations.py).
TOWNSHIPS = {
    "永乐江镇": ["新洲村", "城南社区", "樟木村", "高陂村", "合石村"],
    "安平镇": ["坪上村", "司背湾村", "大石村", "石门村"],
    "灵官镇": ["莽山村", "黄田村", "新塘村", "湖塘村"],
    "龙海镇": ["朴塘村", "龙海村", "塘富村"],
    # 豪山乡, 新洲乡, 羊脑乡 and 关王镇 were merged into 金紫仙镇 in 2015.
    "金紫仙镇": ["大布江村", "石陂村", "关王村", "羊脑村", "杨柳村"],
    "禾市乡": ["禾市村", "大源村", "新市村"],
    "牌楼乡": ["牌楼村", "华坊村", "张家村"],
    "渡口乡": ["渡口村", "石冲村", "古塘村"],
    "承坪乡": ["承坪村", "宝塔村", "蒙冲村"],
    "华王乡": ["华王村", "坪塘村"],
    "竹山乡": ["竹山村", "双江村"],
    "平背乡": ["平背村", "木林村"],
}

# The 11 branches of the committee in Guangdong (article: 东莞, 佛山, 深圳, 广州, 韶关 …).
BRANCH_CITIES = ["东莞", "东莞", "佛山", "东莞", "深圳", "深圳", "广州", "广州", "韶关", "惠州", "中山"]
BRANCH_VENUES = {
    "东莞": "东莞市长安镇安仁商会党员活动室",
    "佛山": "佛山市南海区安仁籍企业党员之家",
    "深圳": "深圳市宝安区安仁老乡服务站",
    "广州": "广州市白云区安仁驻穗党员活动中心",
    "韶关": "韶关市武江区党群服务中心",
    "惠州": "惠州市惠城区安仁商会",
    "中山": "中山市小榄镇安仁籍党员之家",
}
ORDINALS = "一二三四五六七八九十"

EMPLOYERS = {
    "东莞": [
        "东莞亿等新能源有限公司",
        "东莞市比卓五金电子有限公司",
        "东莞长安精密模具厂",
        "东莞华通电子厂",
        "东莞安达电子有限公司",
    ],
    "佛山": ["佛山市南海区铝材厂", "佛山顺德家电有限公司", "佛山陶瓷建材公司"],
    "深圳": ["深圳市亿等新能源有限公司", "深圳宝安电子科技公司", "深圳龙华物流有限公司"],
    "广州": ["广州白云物流公司", "广州天河建筑工程公司", "广州番禺服装厂"],
    "韶关": ["韶关钢铁有限公司", "韶关武江建材厂"],
    "惠州": ["惠州电池科技有限公司", "惠州仲恺电子厂"],
    "中山": ["中山小榄五金制品厂", "中山灯饰有限公司"],
}
POSITIONS = ["普工", "技术员", "班组长", "车间主任", "经理", "总经理", "司机", "电工", "业务员", "会计"]


def full_name(rng, male: bool) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES.replace("欧阳", ""))
    chars = GIVEN_CHARS_MALE if male else GIVEN_CHARS_FEMALE
    length = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(chars) for _ in range(length))


def mobile_phone(rng) -> str:
    return rng.choice(["13", "15", "18", "17", "19"]) + "".join(str(rng.randrange(10)) for _ in range(9))
