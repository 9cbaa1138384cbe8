"""Narratives in the style of real reports, written independently or copied and edited (内容雷同 data).

Independent narratives draw, for every topic of 一、五、六, a few sentences from a bank of templates
in the phrasing of published reports (the sample report's sentences, the format's wording, the
common formulas that every report shares), with the wording choices ``{a|b|c}`` made at random and
their own office, place and numbers. A copy takes another narrative and edits it as a clerk would:
its own name in place of the other's, new figures, and a share of its sentences rewritten, dropped
or replaced. Seeded, so every run builds the same data.
"""
from __future__ import annotations

import random
import re

BANK = {
    "intro": [
        "{year}年，{org}{深入|认真|全面}贯彻落实《中华人民共和国政府信息公开条例》，{坚持以公开为常态、不公开为例外|以公开促落实、促规范、促服务}，{扎实推进|持续深化|不断加强}政务公开工作。",
        "{year}年{org}以习近平新时代中国特色社会主义思想为指导，{全面贯彻党的二十大精神|认真落实上级关于政务公开工作的决策部署}，{政务公开工作取得一定成效|政务公开水平进一步提升}。",
        "{year}年，{self}在{县委县政府|区委区政府|市委市政府|上级主管部门}的{正确领导|统一部署}下，{紧紧围绕中心工作|聚焦群众关切}，{不断提升政务公开质量|推动政务公开工作提质增效}。",
        "{self}{高度重视|始终重视}政府信息公开工作，{将其纳入重要议事日程|把政务公开与业务工作同部署、同推进}，{及时调整政务公开工作领导小组|明确分管领导和具体工作人员}。",
    ],
    "active": [
        "全年{主动公开|公开}政府信息{n}条，其中{政策文件|规范性文件}{n}件，{政策解读|解读材料}{n}篇。",
        "{围绕|聚焦}{财政预决算|重大建设项目|公共资源配置|社会公益事业建设}等重点领域，{及时|全面|集中}公开相关信息{n}条。",
        "在{重大决策预公开|会议公开}方面，{积极推动落实“五公开”|邀请利益相关方、群众代表列席会议}，全年{开展意见征集|公开会议议定事项}{n}{期|次}。",
        "{通过|依托}{place}政府网站、政务新媒体等平台，{及时发布|主动发布}{工作动态|通知公告|政策文件}{n}条。",
        "{做好|加强}政策解读工作，{采取|运用}{图文|视频|音频|新闻发布会}等形式解读政策{n}{件|篇}，{提高政策知晓度|便于群众理解}。",
        "{按月|按季度}公开{财政收支情况|政府债务情况|民生实事项目进展情况}，{主动接受社会监督|方便公众查询}。",
        "{设置|开设}“{双随机一公开|行政执法公示|惠民惠农政策}”专栏，{集中公开|及时更新}{执法信息|补贴发放信息|政策文件}。",
    ],
    "request": [
        "全年{新收|收到|受理}政府信息公开申请{n}件，{上年结转|上年度结转}{n}件，{办结|答复}{n}件，结转下年度{继续办理|办理}{n}件。",
        "{严格|规范}依申请公开{办理流程|工作程序}，{完善|健全}{登记、审核、办理、答复、归档|受理、交办、答复、归档}等环节，{确保按时答复|做到件件有回复}。",
        "{全年|本年度}未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。",
        "{对|针对}申请人提出的{申请|诉求}，{依法依规|认真}{作出答复|予以答复}，{答复率|按时答复率}100%。",
        "{制定|修订}{依申请公开答复格式文书|依申请公开工作规程}，{进一步规范|统一规范}答复{文书|内容}。",
    ],
    "manage": [
        "{严格执行|落实}{公开属性源头认定|信息发布“三审”|保密审查}制度，{确保信息发布准确、安全|防止泄密和不当公开}。",
        "{开展|完成}{行政规范性文件清理|政府信息公开目录梳理}，{及时|动态}{调整|更新}{公开目录|公开内容}。",
        "{列明|标注}文件的{文号、成文日期、发布时间|有效性和责任单位}，{提供政策文件下载功能|方便群众查阅}。",
        "{建立|完善}{政府信息管理动态调整机制|政策文件库}，{对已公开信息进行全面梳理|做好信息的动态更新}。",
    ],
    "platform": [
        "{优化|改版升级}{place}政府{门户网站|网站}政府信息公开专栏，{规范栏目设置|完善检索功能}，{整合|关停}政务新媒体账号{n}个。",
        "{加强|规范}政务新媒体{管理|运维}，“{place}发布”微信公众号全年发布信息{n}条。",
        "{设置|完善}政府信息公开{查阅点|查阅室}，{为群众提供查阅服务|方便群众现场查阅}。",
        "{落实|执行}《国务院办公厅政府信息与政务公开办公室关于规范政府信息公开平台有关事项的通知》{要求|规定}，{规范|调整}公开平台{栏目|内容}。",
    ],
    "oversight": [
        "{将政务公开纳入|把政务公开工作列入}{年度绩效考核|目标责任考核}，{组织|开展}{业务培训|专题培训}{n}次。",
        "{建立|完善}政务公开{工作调度|监督检查|社会评议}机制，{及时发现问题|定期通报情况}，{全年未发生责任追究情况|督促整改到位}。",
        "{及时调整|健全}政务公开工作领导小组，{配齐配强|明确}{专职工作人员|工作力量}，{压实工作责任|形成工作合力}。",
    ],
    "problems": [
        "{我|本}{局|办|镇|街道}政府信息公开工作{取得了一定成效|有序推进}，但{仍存在|也存在}一些{不足|短板}：{一是|一方面}{政策解读形式还不够丰富|解读的质量有待提高}；{二是|另一方面}{工作人员业务能力有待提升|基层公开标准化规范化水平不高}。",
        "{部分|个别}{单位|科室}{对政务公开工作重视不够|信息报送不及时}，{公开内容不够全面|更新不够及时}。",
        "针对上年度报告所提问题，{已完成|基本完成}{政务公开专栏整合|培训计划}，{下一步|今后}将{持续改进|巩固成效}。",
        "{下一步|明年|今后}，{self}将{重点做好以下工作|进一步加强政务公开工作}：{一是|首先}{加强业务培训|提升人员能力}；{二是|其次}{丰富政策解读形式|提高解读质量}；{三是|再次}{强化监督考核|完善工作机制}。",
    ],
    "other": [
        "{依据|根据}《政府信息公开信息处理费管理办法》，{year}年{self}{没有收取|未收取}信息处理费。",
        "{落实|完成}上级年度政务公开工作要点，{按期完成各项任务|各项任务均按时完成}。",
        "{做好|加强}人大代表建议和政协提案办理结果公开，{全年公开办理结果|公开建议提案办理复文}{n}件。",
    ],
}
# What makes every real report its own: its places, projects, fields of work, events and dates.
AREAS = ["义务教育", "医疗卫生", "住房保障", "交通运输", "生态环境", "食品安全", "安全生产", "乡村振兴", "养老服务", "就业创业",
         "社会救助", "征地拆迁", "城市管理", "农村集体资金", "惠农补贴", "文化旅游", "市场监管", "应急管理", "水利建设", "城乡规划",
         "退役军人服务", "残疾人服务", "医疗保障", "营商环境", "招商引资", "防汛抗旱", "疫情防控", "棚户区改造", "人居环境整治", "河长制"]
WORKS = ["道路改造工程", "污水处理厂", "老旧小区改造项目", "产业园区", "学校扩建工程", "卫生院改造项目", "农贸市场", "便民服务中心",
         "文化广场", "供水管网改造", "垃圾中转站", "高标准农田项目", "公共停车场", "养老服务中心", "体育公园"]
EVENTS = ["政务公开日", "政府开放日", "民生面对面", "局长接待日", "法治宣传月", "网络问政", "书记信箱", "民情恳谈会", "政策进村居"]
DETAIL = [
    "{month}月{day}日，{self}{组织|举办}“{event}”活动，{邀请|组织}{群众代表|企业代表|人大代表}{n}{人|名}{参与|走进机关}，{现场解答|集中解读}{area}{政策|问题}。",
    "{围绕|针对}{area}和{area}，{公开|发布}{work}{建设进展|招投标信息|资金使用情况}，{接受群众监督|回应群众关切}。",
    "{place}{work}{开工|竣工|投入使用}后，{self}{及时|第一时间}{公开|发布}{批准结果|验收结果|运营情况}，{群众满意度较高|得到群众好评}。",
    "{结合|立足}{area}工作实际，{编制|更新}《{place}{area}信息公开目录》，{明确公开事项|细化公开标准}{n}项。",
    "在{place}{village}，{设置|更新}{村务公开栏|信息公开栏}{n}{块|处}，{公开|张贴}{area}和{area}信息。",
]
VILLAGES = ["村", "社区", "居委会", "小区"]
SECTIONS = {"s1": ["intro", "active", "request", "manage", "platform", "oversight"], "s5": ["problems"], "s6": ["other"]}
PLACES = ["青山", "东城", "西河", "南湖", "北岭", "柳林", "桃源", "清水", "石桥", "凤鸣", "龙泉", "白沙"]
KINDS = [("街道办事处", "街道"), ("镇人民政府", "镇"), ("乡人民政府", "乡"), ("市场监督管理局", "局"), ("教育局", "局"),
         ("人民政府办公室", "办")]
CHOICE = re.compile(r"\{([^{}]*\|[^{}]*)\}")


def office(rng: random.Random, i: int) -> dict:
    place = rng.choice(PLACES) + rng.choice(PLACES)
    kind, short = KINDS[i % len(KINDS)]
    return {"org": f"{place}{kind}", "self": f"本{short}", "place": place}


def fill(template: str, rng: random.Random, who: dict, year: int) -> str:
    text = template
    while True:
        new = CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), text)
        if new == text:
            break
        text = new
    text = text.replace("{n}", "{{n}}")
    text = re.sub(r"\{(area|work|event|village|month|day)\}", lambda m: {
        "area": rng.choice(AREAS), "work": rng.choice(PLACES) + rng.choice(WORKS), "event": rng.choice(EVENTS),
        "village": rng.choice(PLACES) + rng.choice(VILLAGES), "month": str(rng.randint(1, 12)),
        "day": str(rng.randint(1, 28))}[m.group(1)].replace("{", "{{"), text)
    text = text.format(org=who["org"], self=who["self"], place=who["place"], year=year, next=year + 1, n="{n}")
    return re.sub(r"\{n\}", lambda _: str(rng.randint(1, 400)), text)


def narrative(rng: random.Random, who: dict, year: int = 2021) -> dict[str, list[str]]:
    """An independent narrative: per section, per topic, two to four sentences of the bank."""
    out = {}
    for section, topics in SECTIONS.items():
        sentences = []
        for topic in topics:
            bank = BANK[topic]
            for t in rng.sample(bank, min(len(bank), rng.randint(2, 4))):
                sentences.append((topic, fill(t, rng, who, year)))
            if section == "s1" and topic != "request":  # the office's own doings, as every real report has
                for t in rng.sample(DETAIL, rng.randint(1, 2)):
                    sentences.append((topic, fill(t, rng, who, year)))
        out[section] = sentences
    return out


def copy_of(rng: random.Random, source: dict, source_who: dict, who: dict, edited: float, year: int = 2021) -> dict:
    """Another office's narrative copied and edited: own name, new figures, ``edited`` share of sentences changed."""
    out = {}
    for section, sentences in source.items():
        new = []
        for topic, s in sentences:
            s = s.replace(source_who["org"], who["org"]).replace(source_who["place"], who["place"])
            s = re.sub(r"[0-9]+(?=[件条篇个次期])", lambda _: str(rng.randint(1, 400)), s)
            s = s.replace(str(year - 1) + "年", f"{year}年") if year else s
            if rng.random() < edited:
                action = rng.choice(("rewrite", "drop", "replace"))
                if action == "drop":
                    continue
                template = rng.choice(BANK[topic])
                s = fill(template, rng, who, year)
                if action == "rewrite":
                    s = s[: len(s) // 2] + fill(rng.choice(BANK[topic]), rng, who, year)[len(s) // 2:]
            new.append((topic, s))
        out[section] = new
    return out


def text(n: dict, section: str | None = None) -> str:
    sections = [section] if section else list(SECTIONS)
    return "".join(s for sec in sections for _, s in n[sec])


def as_outline(n: dict) -> dict[str, list]:
    """The narrative as report data sections (one paragraph per sentence)."""
    return {sec: [{"level": 0, "heading": "", "paragraphs": [s for _, s in n[sec]]}] for sec in SECTIONS}
