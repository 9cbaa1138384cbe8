"""Data-driven rule cases: a base report, one minimal change, and the findings it must produce.

Each case pins rule id, severity, path, expected/actual and the exact Chinese message.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def sample_2020() -> dict:
    return json.loads((EXAMPLES / "sample-2020-jiaxiang.json").read_text(encoding="utf-8"))


def qingshan_2021() -> dict:
    return json.loads((EXAMPLES / "sample-2021-qingshan.json").read_text(encoding="utf-8"))


def qingshan_2020() -> dict:
    """A 2020 report of 青山市人民政府 (the 2020 sample renamed): a last year ``--last-year`` accepts for
    the 2021 sample, whose 上年结转 it does not match (X-1)."""
    last = sample_2020()
    last["basic"]["org_name"] = qingshan_2021()["basic"]["org_name"]
    return last


BASES = {"2019": sample_2020, "2021": qingshan_2021}


def add(d: dict, path: str, delta):
    node = d
    *parents, leaf = path.split(".")
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    node[leaf] = node[leaf] + delta


def setv(d: dict, path: str, value):
    node = d
    *parents, leaf = path.split(".")
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if value is DELETE:
        del node[leaf]
    else:
        node[leaf] = value


DELETE = object()


def edits(*ops):
    """ops: ("+", path, delta) or ("=", path, value)."""
    def apply(d):
        d = copy.deepcopy(d)
        for op, path, v in ops:
            (add if op == "+" else setv)(d, path, v)
        return d
    return apply


def legacy_other_2021(d):
    d = copy.deepcopy(d)
    t3 = d["t3"]
    t3["other"] = {c: sum(t3[f"other_{i}"][c] for i in (1, 2, 3)) for c in t3["other_1"]}
    for i in (1, 2, 3):
        del t3[f"other_{i}"]
    return d


def new_rows_2019(d):
    d = copy.deepcopy(d)
    d["t3"]["other_1"] = dict(d["t3"]["other"])
    return d


def s1_text_2021(old: str, new: str):
    def apply(d):
        d = copy.deepcopy(d)
        for node in d["s1"]:
            node["paragraphs"] = [p.replace(old, new) for p in node["paragraphs"]]
        return d
    return apply


# name: (format, change, last-year factory or None, [(rule, severity, path, expected, actual, message)])
CASES = {}


def last_matching_2021(valid_rules: int):
    """Last year's report (2021 format) consistent with this year's 上年结转, 规章 现行有效件数 changed."""
    def make(d):
        last = qingshan_2021()
        last["basic"]["year"] = 2020
        last["t3"]["carry_next"] = copy.deepcopy(d["t3"]["carry"])
        last["t2"]["rules"]["valid"] = valid_rules
        last["t2"]["normative"]["valid"] = d["t2"]["normative"]["valid"] - 12 + 3
        return last
    return make


def last_2019_items(d):
    last = sample_2020()
    last["t2"]["license"]["prev_items"] = 3
    last["t2"]["license"]["change"] = 1
    return last


E, W = "error", "warning"
CASES.update({
    "T3-1": ("2021", edits(("+", "t3.carry_next.nat", 1), ("+", "t3.carry_next.oth", -1)), None, [
        ("T3-1", E, "$.t3.total.nat", 43, 44, "自然人列：第一项(40)+第二项(3)=43，应等于第三项（七）总计(37)+第四项(7)=44，相差1"),
        ("T3-1", E, "$.t3.total.oth", 1, 0, "其他列：第一项(1)+第二项(0)=1，应等于第三项（七）总计(1)+第四项(-1)=0，相差1"),
    ]),
    "T3-2": ("2021", edits(("+", "t3.open.nat", 1), ("+", "t3.open.total", 1), ("=", "s1.2.paragraphs", [])), None, [
        ("T3-2", E, "$.t3.total.nat", 38, 37, "自然人列：（一）至（六）各项之和为38，第三项（七）总计填写为37，相差1"),
        ("T3-2", E, "$.t3.total.total", 47, 46, "总计列：（一）至（六）各项之和为47，第三项（七）总计填写为46，相差1"),
    ]),
    "T3-3": ("2021", edits(("+", "t3.partial.law", 1), ("+", "t3.partial.oth", -1), ("+", "t3.partial.total", 1),
                           ("+", "t3.total.total", 1), ("+", "t3.carry_next.total", -1), ("=", "s1.2.paragraphs", [])), None, [
        ("T3-3", E, "$.t3.partial.total", 7, 8, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）：各类申请人之和为7，总计填写为8，相差1"),
        ("T3-3", E, "$.t3.total.total", 46, 47, "（七）总计：各类申请人之和为46，总计填写为47，相差1"),
        ("T3-3", E, "$.t3.carry_next.total", 9, 8, "四、结转下年度继续办理：各类申请人之和为9，总计填写为8，相差1"),
    ]),
    "T3-4 blank": ("2021", edits(("=", "t3.carry.sci", None)), None, [
        ("T3-4", W, "$.t3.carry.sci", None, None, "二、上年结转政府信息公开申请数量（科研机构）未填写，已按0计算；没有的请填0"),
    ]),
    "T3-4 text": ("2021", edits(("=", "t3.carry.sci", "12")), None, [
        ("T3-4", E, "$.t3.carry.sci", None, "12", "二、上年结转政府信息公开申请数量（科研机构）应填写非负整数，实际为“12”"),
    ]),
    "T3-4 negative": ("2021", edits(("=", "t3.reject_1.sci", -1), ("+", "t3.reject_1.nat", 1), ("=", "s1.2.paragraphs", [])), None, [
        ("T3-4", E, "$.t3.reject_1.sci", None, -1, "1.信访举报投诉类申请（科研机构）不能为负数，实际为-1"),
    ]),
    "T3-4 fraction": ("2021", edits(("=", "t3.carry.sci", 2.5)), None, [
        ("T3-4", E, "$.t3.carry.sci", None, 2.5, "二、上年结转政府信息公开申请数量（科研机构）应填写非负整数，实际为2.5"),
    ]),
    "T3-4 boolean": ("2021", edits(("=", "t3.carry.sci", True)), None, [
        ("T3-4", E, "$.t3.carry.sci", None, True, "二、上年结转政府信息公开申请数量（科研机构）应填写非负整数，实际为逻辑值TRUE"),
    ]),
    # T3-5: the 总计 column balances, two sub-columns do not
    "T3-5": ("2021", edits(("+", "t3.new.nat", 1), ("+", "t3.new.biz", -1)), None, [
        ("T3-1", E, "$.t3.total.nat", 44, 43, "自然人列：第一项(41)+第二项(3)=44，应等于第三项（七）总计(37)+第四项(6)=43，相差1"),
        ("T3-1", E, "$.t3.total.biz", 6, 7, "商业企业列：第一项(5)+第二项(1)=6，应等于第三项（七）总计(5)+第四项(2)=7，相差1"),
    ]),
    "T3-6 2021": ("2021", legacy_other_2021, None, [
        ("T3-6", W, "$.t3.other", None, None, "“（六）其他处理”是2019年试行格式的单行，2021年格式应按3个子项分别填写"),
    ]),
    "T3-6 2019": ("2019", new_rows_2019, None, [
        ("T3-6", W, "$.t3.other_1", None, None,
         "“（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”是2021年格式的子项，2019年试行格式只有一行“（六）其他处理”"),
    ]),
    "T4-1": ("2021", edits(("+", "t4.review.pending", 1), ("=", "s1.2.paragraphs", [])), None, [
        ("T4-1", E, "$.t4.review.total", 6, 5, "行政复议：结果维持(2)+结果纠正(1)+其他结果(1)+尚未审结(2)=6，总计填写为5，相差1"),
    ]),
    "T4-2": ("2021", edits(("+", "t4.direct.total", 1), ("=", "s1.2.paragraphs", [])), None, [
        ("T4-2", E, "$.t4.direct.total", 3, 4, "未经复议直接起诉：结果维持(1)+结果纠正(1)+其他结果(0)+尚未审结(1)=3，总计填写为4，相差1"),
    ]),
    "T4-3": ("2021", edits(("+", "t4.after.total", -1), ("=", "s1.2.paragraphs", [])), None, [
        ("T4-3", E, "$.t4.after.total", 3, 2, "复议后起诉：结果维持(1)+结果纠正(0)+其他结果(1)+尚未审结(1)=3，总计填写为2，相差1"),
    ]),
    "T4-4 blank": ("2019", edits(("=", "t4.after.other", None)), None, [
        ("T4-4", W, "$.t4.after.other", None, None, "复议后起诉（其他结果）未填写，已按0计算；没有的请填0"),
    ]),
    "T4-4 negative": ("2019", edits(("=", "t4.review.upheld", -2), ("=", "t4.review.corrected", 2)), None, [
        ("T4-4", E, "$.t4.review.upheld", None, -2, "行政复议（结果维持）不能为负数，实际为-2"),
    ]),
    "T2-1 text": ("2021", edits(("=", "t2.fees.amount", "12万")), None, [
        ("T2-1", E, "$.t2.fees.amount", None, "12万", "行政事业性收费（本年收费金额（单位：万元））应填写数字，实际为“12万”"),
    ]),
    "T2-1 blank": ("2021", edits(("=", "t2.license.decisions", None)), None, [
        ("T2-1", W, "$.t2.license.decisions", None, None, "行政许可（本年处理决定数量）未填写，已按0计算；没有的请填0"),
    ]),
    "T2-1 negative": ("2019", edits(("=", "t2.license.prev_items", -1)), None, [
        ("T2-1", E, "$.t2.license.prev_items", None, -1, "行政许可（上一年项目数量）不能为负数，实际为-1"),
    ]),
    "T2-2": ("2021", lambda d: d, last_matching_2021(10), [
        ("T2-2", W, "$.t2.rules.valid", 11, 15, "规章：现行有效件数为15，按上年现行有效件数＋本年制发件数－本年废止件数应为11，相差4"),
    ]),
    "T2-3": ("2021", edits(("=", "basic.org_type", "县级以上人民政府部门"), ("=", "basic.publish_date", "2022-01-20")), None, [
        ("T2-3", W, "$.t2.rules.made", 0, 2, "规章本年制发件数为2，县级以上人民政府部门没有规章制定权，应为0"),
        ("T2-3", W, "$.t2.rules.valid", 0, 15, "规章现行有效件数为15，县级以上人民政府部门没有规章制定权，应为0"),
    ]),
    "T2-4": ("2021", edits(("=", "basic.org_type", "街道办事处"), ("=", "basic.publish_date", "2022-01-20"),
                           ("=", "t2.rules", {"made": 0, "repealed": 0, "valid": 0}), ("=", "t2.fees.amount", 25000)), None, [
        ("T2-4", W, "$.t2.fees.amount", 10000, 25000, "行政事业性收费本年收费金额为25000万元，数值过大，请核实是否误按“元”填写"),
    ]),
    "T2-5": ("2019", edits(("=", "t2.normative.published", 6)), None, [
        ("T2-5", W, "$.t2.normative.published", 5, 6, "规范性文件：本年新公开数量为6，不应大于对外公开总数量(5)"),
    ]),
    "T2-6": ("2019", lambda d: d, last_2019_items, [
        ("T2-6", W, "$.t2.license.prev_items", 4, 0, "行政许可：上一年项目数量为0，按上年报告的上一年项目数量＋本年增/减应为4，相差4"),
    ]),
    "T2-7": ("2019", edits(("=", "t2.procurement.amount_unit", "元")), None, []),
    "TX-1": ("2021", s1_text_2021("新收政府信息公开申请51件", "新收政府信息公开申请52件"), None, [
        ("TX-1", W, "$.s1[2].paragraphs[0]", 51, 52, "一、总体情况中“全年新收政府信息公开申请52件，上年结转4件”写为52件，"
                                                    "与表三不一致（一、本年新收政府信息公开申请数量（总计）为51，见表三!K6）"),
    ]),
    "TX-1 group": ("2021", s1_text_2021("无法提供5件", "无法提供4件"), None, [
        ("TX-1", W, "$.s1[2].paragraphs[0]", 5, 4,
         "一、总体情况中“不予公开8件，无法提供4件”写为4件，与表三不一致（（四）无法提供合计为5，见表三!K18:K20）"),
    ]),
    "TX-2": ("2021", s1_text_2021("行政复议5件", "行政复议4件"), None, [
        ("TX-2", W, "$.s1[2].paragraphs[1]", 5, 4,
         "一、总体情况中“全年因政府信息公开被申请行政复议4件”写为4件，与表四不一致（行政复议（总计）为5，见表四!F6）"),
    ]),
    "TX-2 claim": ("2021", s1_text_2021("未发生被纠错后拒不整改的情况", "案件均获维持"), None, [
        ("TX-2", W, "$.s1[2].paragraphs[1]", 4, 0,
         "一、总体情况中“被提起行政诉讼6件，案件均获维持”称“均获维持”，"
         "与表四不一致（行政诉讼（结果纠正＋其他结果＋尚未审结）为4，见表四!H6:J6、M6:O6）"),
    ]),
    "TX-3": ("2021", edits(("=", "fees.notices", 0)), None, [
        ("TX-3", W, "$.fees.notices", 0, 0, "表三（六）2.有申请人逾期未按收费通知缴纳费用，说明发出过收费通知，但发出收费通知的件数为0"),
    ]),
    "TX-3 blank": ("2021", edits(("=", "fees.collected", None)), None, [
        ("TX-3", W, "$.fees.collected", None, None, "实际收取的总金额（元）未填写，第六部分应报告信息处理费情况，没有的请填0"),
    ]),
    "TX-4 future year": ("2021", edits(("=", "basic.year", 2035), ("=", "basic.publish_date", None)), None, [
        ("TX-4", E, "$.basic.year", 2026, 2035, "报告年度2035晚于当前年度2026，请检查报告年度"),
    ]),
    "TX-4 early publication": ("2021", edits(("=", "basic.publish_date", "2021-12-30")), None, [
        ("TX-4", E, "$.basic.publish_date", "2022-01-01", "2021-12-30", "发布日期2021-12-30早于报告年度结束，2021年度报告应在2022年1月1日以后发布"),
    ]),
    "TX-4 impossible date": ("2021", edits(("=", "basic.publish_date", "2022-02-30")), None, [
        ("TX-4", E, "$.basic.publish_date", None, "2022-02-30", "发布日期“2022-02-30”不是有效日期，应为YYYY-MM-DD"),
    ]),
    "TX-4 malformed year in text": ("2019", s1_text_2021("2020年，县政府办公室未承办", "202020年，县政府办公室未承办"), None, [
        ("TX-4", W, "$.s1[13].paragraphs[0]", None, "202020年", "一、总体情况中的日期“202020年”不合法"),
    ]),
    "TX-6": ("2019", edits(("=", "basic.year", 2021)), None, [
        ("TX-6", E, "$.basic.year", "2021", "2019", "2021年度报告应使用2021年格式，本报告使用的是2019年试行格式"),
    ]),
    "TX-9 spaces in the name": ("2019", edits(("=", "basic.org_name", "嘉祥县 人民政府办公室")), None, [
        ("TX-9", W, "$.basic.org_name", "嘉祥县人民政府办公室", "嘉祥县 人民政府办公室",
         "机关名称“嘉祥县 人民政府办公室”中有空格，报告的标题和落款按“嘉祥县人民政府办公室”生成，汇总时也按此匹配；请删除名称中的空格")]),
    "TX-8 government": ("2021", edits(("=", "basic.publish_date", "2022-04-01")), None, [
        ("TX-8", W, "$.basic.publish_date", "2022-03-31", "2022-04-01", "发布日期2022-04-01晚于县级以上人民政府的发布期限2022年3月31日"),
    ]),
    "TX-8 department": ("2019", edits(("=", "basic.publish_date", "2021-02-01")), None, [
        ("TX-8", W, "$.basic.publish_date", "2021-01-31", "2021-02-01", "发布日期2021-02-01晚于县级以上人民政府部门的发布期限2021年1月31日"),
    ]),
    "TX-5 heading": ("2021", edits(("=", "s1.3.paragraphs", [" "])), None, [
        ("TX-5", W, "$.s1[3].heading", None, None, "“一、总体情况”中的“（三）政府信息管理”下没有填写内容"),
    ]),
    "TX-5 section": ("2019", edits(("=", "s6", [])), None, [
        ("TX-5", W, "$.s6", None, None, "“六、其他需要报告的事项”没有填写内容"),
    ]),
    "T2-3 2019": ("2019", edits(("=", "t2.rules.made", 1), ("=", "t2.rules.published", 1), ("=", "t2.rules.total", 1)), None, [
        ("T2-3", W, "$.t2.rules.made", 0, 1, "规章本年新制作数量为1，县级以上人民政府部门没有规章制定权，应为0"),
    ]),
    "TX-21 last year's period": ("2021", edits(("=", "preamble", "本报告中所列数据的统计期限为2020年1月1日至2020年12月31日。")), None, [
        ("TX-21", W, "$.preamble", "2021年1月1日至2021年12月31日", "2020年1月1日至2020年12月31日",
         "导语中“本报告中所列数据的统计期限为2020年1月1日至2020年12月31日”的统计期限是2020年1月1日至2020年12月31日，"
         "不是报告年度：2021年度报告的统计期限应为2021年1月1日至12月31日（可能沿用了其他年度报告的导语）"),
    ]),
    "TX-21 part of the year": ("2019", edits(("=", "preamble", "本报告中所列数据的统计期限为2020年9月1日至2020年12月31日。")), None, [
        ("TX-21", W, "$.preamble", "2020年1月1日至2020年12月31日", "2020年9月1日至2020年12月31日",
         "导语中“本报告中所列数据的统计期限为2020年9月1日至2020年12月31日”的统计期限2020年9月1日至2020年12月31日不是全年"
         "（2020年1月1日至12月31日），报告中也没有说明原因（如机构改革、新组建）；请核实统计期限，或写明不足全年的原因"),
    ]),
    "TX-22 superseded notice": ("2021", edits(("=", "preamble", "根据《中华人民共和国政府信息公开条例》和国务院办公厅公开办"
                                                           "《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求，"
                                                           "现将2021年度政府信息公开工作的有关情况向社会公众发布。")), None, [
        ("TX-22", W, "$.preamble", "国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号",
         "导语中“根据《中华人民共和国政府信息公开条例》和国务院办公厅公开办《关于政府信息公开工作年度报告有关事项的通知》"
         "（国办公开办函〔2019〕60号）要求”引用的国办公开办函〔2019〕60号是2019、2020年度报告的格式依据，已被替代；"
         "2021年度报告的格式依据是《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
         "（国办公开办函〔2021〕30号）"),
    ]),
    "TX-22 the 2008 regulation": ("2019", edits(("=", "preamble", "本报告根据《中华人民共和国政府信息公开条例》（国务院令第492号）编制。")), None, [
        ("TX-22", W, "$.preamble", "国务院令第711号", "国务院令第492号",
         "导语中“本报告根据《中华人民共和国政府信息公开条例》（国务院令第492号）编制”引用的是2008年施行的《中华人民共和国政府信息公开条例》"
         "（国务院令第492号），该条例已于2019年修订（国务院令第711号，2019年5月15日起施行），2020年度报告应依据修订后的条例"),
    ]),
    "TX-23": ("2021", s1_text_2021("其中政策文件312件，政策解读86篇", "其中政策文件3000条，政策解读300条"), None, [
        ("TX-23", W, "$.s1[1].paragraphs[0]", 3256, 3300,
         "一、总体情况中“全年主动公开政府信息3256条，其中政策文件3000条，政策解读300条”所列各项合计3300条（3000＋300），"
         "多于总数3256条；请核实总数和各项数字"),
    ]),
    "TX-24": ("2021", s1_text_2021("结转下年度继续办理9件。", "结转下年度继续办理9件。依申请公开办结率100%。"), None, [
        ("TX-24", W, "$.s1[2].paragraphs[0]", 83.6, 100,
         "一、总体情况中“依申请公开办结率100%”写为100%，按表三计算为83.6%（（七）总计46件÷（本年新收＋上年结转）55件，"
         "见表三!K29、K6、K7）"),
    ]),
    "TX-25": ("2021", edits(("=", "s6.0.paragraphs", ["落实上级年度政务公开工作要点。全年主动公开政府信息3265条。"])), None, [
        ("TX-25", W, "$.s6[0].paragraphs[0]", 3256, 3265,
         "六、其他需要报告的事项中“全年主动公开政府信息3265条”写为3265条，而一、总体情况中“全年主动公开政府信息3256条，"
         "其中政策文件312件，政策解读86篇”写为3256条：同一数量（主动公开政府信息）前后两个数字不一致；请核实"),
    ]),
    "TX-26": ("2021", s1_text_2021("完成现行有效行政规范性文件清理。", "完成现行有效行政规范性文件清理。全年制发行政规范性文件13件。"), None, [
        ("TX-26", W, "$.s1[3].paragraphs[0]", 12, 13,
         "一、总体情况中“全年制发行政规范性文件13件”写为13件，与表二不一致（行政规范性文件（本年制发件数）为12，见表二!C6）"),
    ]),
    "TX-27": ("2021", s1_text_2021("以公开促落实、促规范、促服务。", "以公开促落实、促规范、促服务。2020年，我市主动公开政府信息3256条。"), None, [
        ("TX-27", W, "$.s1[0].paragraphs[0]", 2021, 2020,
         "一、总体情况中“2020年，我市主动公开政府信息3256条”写的是2020年，但3256条与本年度（2021年）“全年主动公开政府信息3256条，"
         "其中政策文件312件，政策解读86篇”的数字相同，可能是上年报告中的句子未改年份；请核实年份和数字"),
    ]),
    # 2020 report (2019 format) followed by a 2021 report: X-1 on exactly the columns that differ
    "TX-7": ("2021", lambda d: s1_text_2021("全年新收政府信息公开申请51件", "全年申请人向市政府及市政府办公室提出政府信息公开申请51件")(
        edits(("=", "basic.org_type", "街道办事处"), ("=", "basic.org_name", "青山市东城街道办事处"),
              ("=", "basic.publish_date", "2022-01-20"))(d)), None, [
        ("TX-7", W, "$.s1[2].paragraphs[0]", "青山市东城街道办事处", "市政府及市政府办公室",
         "一、总体情况中“全年申请人向市政府及市政府办公室提出政府信息公开申请51件，上年结转4件”说申请是向“市政府及市政府办公室”"
         "提出或由其收到、办理的，但本报告是街道办事处（青山市东城街道办事处）的年报，可能照抄了上级政府的报告"),
    ]),
    "X-3": ("2021", lambda d: d, last_matching_2021(14), [
        ("X-3", W, "$.s1", 0.6, 1.0, "“一、总体情况”与上年报告相同的文字占100%，内容雷同，请按本年度的实际情况撰写"),
    ]),
    "X-1": ("2021", lambda d: d, lambda d: sample_2020(), [
        ("X-1", E, "$.t3.carry.nat", 0, 3, "自然人列：本年“二、上年结转政府信息公开申请数量”为3，上年报告“四、结转下年度继续办理”为0，相差3"),
        ("X-1", E, "$.t3.carry.biz", 0, 1, "商业企业列：本年“二、上年结转政府信息公开申请数量”为1，上年报告“四、结转下年度继续办理”为0，相差1"),
        ("X-1", E, "$.t3.carry.total", 0, 4, "总计列：本年“二、上年结转政府信息公开申请数量”为4，上年报告“四、结转下年度继续办理”为0，相差4"),
    ]),
})
