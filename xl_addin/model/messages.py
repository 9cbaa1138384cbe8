"""Every Chinese sentence a finding can become: templates keyed by rule kind.

A rule in the schema may carry its own ``message`` template, which wins over the default
for its kind. Templates use ``str.format`` fields filled by ``rules.py``.
"""
from __future__ import annotations

from typing import Any

DEFAULTS = {
    "sum": "{scope}：{terms_text}，{total_name}填写为{actual}，相差{imbalance}",
    "equation": "{scope}：{left_expr}={left}，应等于{right_expr}={right}，相差{imbalance}",
    "compare": "{scope}：{left_name}为{actual}，{op_text}{right_text}",
    "blank": "{name}未填写，已按0计算；没有的请填0",
    "required": "{name}未填写",
    "absent": "{name}不属于{format_name}的表格",
}

# TX-1 / TX-2: a claim of the narrative against 表三 / 表四 (``check.text.claim_check``).
CLAIMS = {
    "count": "{section}中“{quote}”写为{written}，与{table}不一致（{says}）",
    "none": "{section}中“{quote}”称没有（{written}），与{table}不一致（{says}）",
    "zero": "{section}中“{quote}”称“{written}”，与{table}不一致（{says}）",
    "share": "{section}中“{quote}”写为{written}，按{table}计算为{computed}（{says}）",
    "at_most": "{section}中“{quote}”写为{written}，是总数的一部分，却多于{table}中的总数（{says}）",
    "complete": "{section}中“{quote}”称“{written}”，与{table}不一致（{says}）",
    "share_parts": "{numerator}；{base}",
    "reading": "{name}为{value}，见{cells}",
    "blank": "{name}未填写，按各项之和为{value}，见{cells}",
    "partial": "{name}中已填写的单元格之和已为{value}（其余未填写），见{cells}",
    "or": "；或",
}
# TX-7: the narrative names another agency as itself (``check.text.names``).
COPIED_NAMES = {
    "higher": "{section}中“{quote}”说申请是向“{agency}”提出或由其收到、办理的，但本报告是{org_type}（{org}）的年报，"
              "可能照抄了上级政府的报告",
    "roster": "{section}中“{quote}”以报送名单中的另一机关“{agency}”自称，但本报告是“{org}”的年报，可能照抄了该机关的报告",
}
# 内容雷同 between two published reports (``nianbao audit``, its 内容雷同 sheet).
SIMILAR_NOTE = "正文相同的文字占{share}（数字和机关名称不计差别），内容雷同"
# Why a number the claim reader saw was not checked (``validate --json``: ``unchecked_claims``).
CLAIMS_UNCHECKED = {
    "compare": "与上年或其他年度比较（{word}），不是本年度的数字",
    "change": "增减的数量（{word}），不是本年度的数字",
    "cumulative": "累计的数字（{word}），不是本年度的数字",
    "approx": "约数（{word}）",
    "other": "不是申请或案件的数量（{word}）",
    "noun": "计数的是“{word}”，不是申请或案件",
    "broader": "其后只有一部分与政府信息公开有关（{word}），这个数字不是表格中的数字",
    "qualifier": "只是其中一部分（{word}），表格中没有对应的数字",
    "denial": "否定的表述（{word}）",
    "unit": "单位是“{word}”，不是件数",
    "rate": "比率，表格中没有对应的数字",
    "no_family": "无法确定对应表格中的哪一项",
    "ambiguous": "同时涉及表三和表四，无法确定对应哪一项",
    "blank": "表格中对应的单元格未填写",
    "base": "比例的基数为0或未填写",
}

# The verdict of one check (``check.step.CheckResult.summary``): the sentence the CLI prints and
# 校验结果 is titled with, and its short forms for the 校验 button's alert and the web page.
PASSED, FAILED = "通过", "不通过"
VERDICT = {
    "line": "校验结论：{verdict}（错误 {errors} 个，警告 {warnings} 个）",
    "alert": {"failed": "校验不通过：发现错误 {errors} 个、警告 {warnings} 个。出错的单元格已标红，警告已标黄，详见“校验结果”工作表。",
              "warnings": "校验通过，但有警告 {warnings} 个：已标黄，请逐条核实，详见“校验结果”工作表。",
              "clean": "校验通过：没有发现错误或警告。"},
    "web": {"failed": "不通过：发现错误 {errors} 个、警告 {warnings} 个，请按下表改正后重新上传检查。",
            "warnings": "通过，但有警告 {warnings} 个，请逐条核实。",
            "clean": "通过：没有发现错误或警告。"},
}

OP_TEXT = {"==": "应等于", "!=": "不应等于", "<": "应小于", "<=": "不应大于", ">": "应大于", ">=": "不应小于"}

YEAR = {
    "future": "报告年度{year}晚于当前年度{current}，请检查报告年度",
    "bad_date": "发布日期“{date}”不是有效日期，应为YYYY-MM-DD",
    "early": "发布日期{date}早于报告年度结束，{year}年度报告应在{next}年1月1日以后发布",
    "text": "{section}中的日期“{text}”不合法",
}
DISK_FULL = "磁盘空间不足，无法写入文件“{file}”；请清理磁盘或换一个位置后重试"

# ``--last-year`` and the 上年数据 sheet: last year's report must be the same office's, of the year before
LAST_YEAR = {
    "other_org": "机关名称不同",
    "wrong_year": "上年报告应为{expected}年度",
    "same_file": "与本报告是同一个文件",
    "force": "；确属本机关上年的报告（如机关更名）时，加 --force-last-year 照常核对",
    "force_embedded": "；确需照此核对时，加 --force-last-year",
    "blank": "（未填写）",
}
FORMAT_YEAR = "{year}年度报告应使用{expected_format}，本报告使用的是{actual_format}"
DEADLINE = "发布日期{date}晚于{org_type}的发布期限{deadline}"

SCHEMA = {
    "required": "缺少{name}",
    "additionalProperties": "不认识的项目“{key}”（{parent}）",
    "type_count": "{name}应填写非负整数，实际为{value}",
    "type_signed": "{name}应填写整数（可为负数），实际为{value}",
    "type_min": "{name}应填写不小于{limit}的整数，实际为{value}",
    "blank": "{name}未填写",
    "type_amount": "{name}应填写数字，实际为{value}",
    "type_text": "{name}应填写文字，实际为{value}",
    "type": "{name}的类型不对，实际为{value}",
    "minimum": "{name}不能为负数，实际为{value}",
    "minimum_limit": "{name}不能小于{limit}，实际为{value}",
    "maximum": "{name}不能大于{limit}，实际为{value}",
    "enum": "{name}应为以下之一：{choices}，实际为{value}",
    "const": "{name}应为“{expected}”，实际为{value}",
    "pattern_postcode": "{name}应为6位数字，实际为{value}",
    "pattern_publish_date": "{name}的格式应为YYYY-MM-DD，实际为{value}",
    "pattern": "{name}的格式不对，实际为{value}",
    "minLength": "{name}不能为空",
    "other": "{name}不符合要求：{detail}",
}


def show(value: Any) -> str:
    """A value as a clerk would recognise it in a message."""
    if value is None:
        return "空白"
    if value is True or value is False:
        return "逻辑值" + ("TRUE" if value else "FALSE")
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, dict)):
        return "一组数据" if isinstance(value, list) else "一个对象"
    return str(value)


def num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
    return str(value)


def render(template: str, **fields: Any) -> str:
    return template.format(**fields)


# ---------------------------------------------------------------- roster (报送名单)

ROSTER = {  # the lines of a roster's list of problems (InputError ``roster.problems``)
    "missing_column": "{cell}：表头缺少“{title}”列",
    "blank_name": "{cell}：机关名称未填写",
    "duplicate_name": "{cell}：机关名称“{name}”与{first}重复",
    "bad_value": "{cell}：{message}",
    "too_short": "{name}至少应有{limit}个字，实际为{value}",
    "more": "……另有{n}处问题",
}

# ---------------------------------------------------------------- distribute and collect (C-*)

# The C-* findings' own sentences are in the finding catalogue (schema/findings.json).
# C-1 for a return saved in another spreadsheet format (by its file name's suffix): what it is
ROLLUP_RESAVE = {".xls": "这是旧版Excel 97-2003工作簿（.xls）", ".ods": "这是OpenDocument电子表格（.ods）",
                 ".et": "这是WPS表格文件（.et）", ".xlsb": "这是Excel二进制工作簿（.xlsb）"}
ROLLUP_RESAVE_HOW = "{kind}，请在Excel或WPS中另存为.xlsx后重新报送"

# ---------------------------------------------------------------- nianbao report
REPORT = {
    "refused": "报告未生成：有 {errors} 个错误。请改正后重新生成，或加 --force 强制生成。",
    "forced": "注意：报告有 {errors} 个错误，已按 --force 强制生成，发布前请改正。",
    "warnings": "有 {warnings} 个警告，不影响生成，请逐条核实：",
    "written": "已生成{kind}：{path}",
    "no_pdf": "未生成 PDF：{reason}。其他文件已生成；安装 LibreOffice 后可加 --pdf 重新生成。",
    "pdf_failed": "未生成 PDF：{reason}。其他文件已生成。",
}
REPORT_KINDS = {"docx": "Word文档", "html": "网页", "pdf": "PDF"}
ROLLUP_BROKEN = "文件已损坏或不是标准的年报工作簿"
ROLLUP_NAME = "（汇总）"           # 机关名称 of a roll-up report unless --name is given
ROLLUP_UNKNOWN = "（无法识别）"     # 机关名称 shown for a file that names no office
STATE = {"submitted": "已报送", "missing": "未报送", "off_roster": "名单外", "unknown": "无法识别"}
CONCLUSION = {"passed": PASSED, "failed": FAILED, "duplicate": "重复报送", "unusable": "不可用",
              "missing": "未报送", "not_summed": "未汇总"}
ROLLUP_NOTE = {
    "passed": "已汇总",
    "passed_warnings": "已汇总；有{warnings}个警告，请核实",
    "failed": "有{errors}个错误，未汇总",
}

# ---------------------------------------------------------------- the standard workbook (W-*)
# Findings made while reading a workbook (W-*) are in the finding catalogue (schema/findings.json);
# here, the pieces their messages are built from.

WORKBOOK_RESULT = {"same": "，结果与各项之和相同", "unknown": "，文件中没有保存它的结果",
                   "some_unknown": "，结果与各项之和相同或文件中没有保存结果"}
# W-4 at a total that shows an error value because a cell it sums shows one (recalculating does not help)
WORKBOOK_ERROR_CARRIED = ("{name}显示{shown}，是因为它合计的{cells}显示错误值；已按其余各项计算为{expected}；"
                          "请改正{cells}，合计会自动更新")
# W-4 at the cell itself when the saved total left out a number typed as text there
WORKBOOK_TEXT_NUMBER = ("{name}填写的{value}是以文本形式保存的数字，已按{number}计算；Excel、WPS和LibreOffice计算合计时不计入文本"
                        "（{total}中保存的合计为{cached}，应为{expected}），请把该单元格改为数字")
# W-3 once for a table whose totals were typed over alike (pasted as values over the formulas)
WORKBOOK_W3_TABLE = ("{sheet}中有{n}个自动计算的合计（{cells}）的公式被改写，{result}；已按各项之和计算，"
                     "请恢复原公式（可从空白模板中复制），以免修改数据后合计不更新")
WORKBOOK_ZERO = "，没有的填0"   # W-1 in a table cell: blank cells should hold 0
WORKBOOK_TYPED = {"number": "数值{value}", "formula": "其他公式“{value}”", "text": "文字“{value}”", "blank": "空白"}


# Chinese texts of the workbook itself that are not labels of the report (those live in the schema).
WORKBOOK_UI = {
    "required_mark": "*",
    "rules_w_note": "以下W开头的规则在读取工作簿时检查：",
    "dv_title": "输入有误",
    "dv": {
        "count": "请填写大于或等于{minimum}的整数，没有的填0，不要写单位",
        "signed": "请填写整数（减少的填负数），没有的填0",
        "amount": "请填写大于或等于0的数字，可以有小数",
        "list": "请从下拉列表中选择",
        "level": "请选择：一级标题、二级标题、三级标题或正文",
    },
}

WORKBOOK_PRINTED = {
    "sheet": "原报告另记",
    "note": "本工作簿由已发布的报告按原样导入（合计按原报告填写，未用公式）。以下是原报告中标准表格没有位置的内容，校验时一并读取：",
    "header": ("项目", "数据位置", "内容"),
    "labels": {"headings": "原报告的章节标题", "notes": "原报告表格前后的说明文字"},
}
FILL = {
    "total_differs": "注意：{cell}（{name}）在数据中为{actual}，与各项之和{expected}不一致；已按数据原样填入（未用公式），校验时将报告此处",
    "not_placed": "注意：数据中的“{name}”（{path}）在{format_name}的工作簿中没有对应的单元格，未写入",
    "bad_value": "注意：{cell}（{name}）的值{value}不是数字或文字，未写入",
    "text_cleaned": "注意：{cell}中的控制字符已删除",
    "written": "已生成工作簿：{path}",
    "exported": "已导出年报数据：{path}",
}
ROLLUP_BOOK = {
    "sheets": {"status": "报送情况", "problems": "问题清单", "total": "汇总", "detail": "明细", "charts": "图表",
               "similar": "内容雷同"},
    "similar_title": "{year}年度年报正文内容雷同的机关（共{n}对；相同文字占{threshold}以上，数字和机关名称不计差别）",
    "similar_header": ["序号", "机关名称", "文件", "机关名称", "文件", "相同文字占比"],
    "similar_none": "没有正文内容雷同的机关。",
    "status_title": "{year}年度政府信息公开工作年度报告报送情况",
    "status_summary": "应报送{offices}个机关：已报送{submitted}个，未报送{missing}个；通过{passed}个（已汇总），"
                      "不通过{failed}个，重复报送{duplicate}个，不可用{unusable}个。共读取工作簿{files}个。",
    "status_extra": "另有名单外机关的工作簿{off_roster}个、无法识别的文件{unknown}个，见表末。",
    "status_header": ["序号", "机关名称", "报送状态", "文件", "模板版本", "错误", "警告", "结论", "说明"],
    "problems_title": "{year}年度报送工作簿问题清单（共{n}条：错误{errors}条，警告{warnings}条）",
    "problems_header": ["序号", "机关名称", "文件", "位置", "规则", "类别", "问题"],
    "total_title": "{year}年度汇总表（{passed}个通过校验的机关合计，{format}）",
    "total_note": "本工作簿中“{first}”至“{last}”各表是同一汇总数据的标准年报格式，可用 nianbao validate 校验。",
    "detail_title": "{year}年度各机关主要数据",
    "detail_header": ["序号", "机关名称", "结论"],
    "detail_total": "合计（通过校验的{n}个机关）",
    "chart_outcomes": "各机关申请办理结果（件）",
    "chart_outcomes_top": "各机关申请办理结果（件，办结数最多的{n}个机关）",
    "chart_status": "报送情况（个）",
    "chart_office": "机关名称",
    "chart_conclusion": "结论",
    "chart_count": "机关数",
}

# ---------------------------------------------------------------- importing published reports (I-*)
# The texts of ``nianbao import`` (its refusals are ``InputError`` kinds ``import.*``: ``xl_addin.input_errors``).
IMPORT = {
    "no_title": "没有找到报告标题和章节标题",
    "few_sections": "只找到{found}，缺少其他章节和表格",
    "output_data": "年报数据",
    "output_workbook": "工作簿",
    "written": "已导入：{path}",
    "next": "下一步：nianbao validate {file} 校验报告中的勾稽关系和表文一致性（直接校验原报告，导入时的提示也一并列出）",
}
IMPORT_UNGLUE = {"blank": "无法确定各栏的数字，{cells}按未填写处理，请核对原报告",
                 "read": "已按报告正文中的数字和表内合计读作{values}，请核对原报告"}
# a worker of audit / collect that ended on a file (rollup/workers.py): the file's reason
WORKER_DIED = {
    "time": "处理超过{seconds}秒仍未完成，已停止（每个文件的时间上限）；文件可能损坏或被恶意构造",
    "killed": "处理这个文件的进程被终止（{signal}，可能超过内存上限），文件可能损坏或被恶意构造",
    "exited": "处理这个文件的进程意外退出（退出码{code}），文件可能损坏或被恶意构造",
    "error": "处理时程序出错（{error}），文件可能损坏",
}
IMPORT_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
IMPORT_KINDS = {"pdf": "PDF", "docx": "Word文档", "html": "网页", "txt": "文本"}
IMPORT_SUMMARY = "文件：{file}（{kind}）\n机关：{org}　年度：{year}　格式：{format}"

# ---------------------------------------------------------------- nianbao audit
AUDIT = {
    "passed": PASSED,
    "failed": FAILED,
    "unreadable": "无法读取",
    "broken": "文件内容异常，无法读取",
    "whole_report": "报告",
    "column": "列",
    "node": "第{n}个标题下",
    "paragraph": "第{n}段",
    "heading": "{section}（章节标题）",
    "blank": "（空白）",
    "share_below": "低于{limit}",
    "last_year_dir": "上年报告文件夹",
    "progress": "审查报告",
    "progress_last": "读取上年报告",
    "output_kind": "审查结果工作簿",
    "summary": "已审查{n}份报告：通过{passed}份，不通过{failed}份，无法读取{unreadable}份。",
    "cross_year": "其中{n}份找到了上年报告，已做跨年度核对。",
    "written": "已生成审查结果：{path}",
}
# one report in several files: byte-identical copies, or one report published in several forms
SAME_REPORT = {
    "used": "{file}（{others}是同一份报告，未重复使用）",
    "audited": "与{file}是同一份报告（{how}），以{file}为准，未重复审查",
    "copy": "内容完全相同的副本",
    "form": "同一份报告的另一种形式",
    "conclusion": "同一报告",
    "summary": "另有{n}个文件与其他文件是同一份报告（副本或另一种形式），未重复审查。",
    "return_copy": "另有内容完全相同的文件{others}，按一份计",
}
AUDIT_BOOK = {
    "sheets": {"reports": "审查结果", "problems": "问题清单", "similar": "内容雷同", "notes": "上年报告"},
    "reports_title": "已发布政府信息公开工作年度报告审查结果（共{n}份：通过{passed}份，不通过{failed}份，无法读取{unreadable}份）",
    "reports_header": ["序号", "机关", "年度", "格式", "结论", "错误", "警告", "文件", "类型", "上年报告", "说明"],
    "problems_title": "问题清单（共{n}条：错误{errors}条，警告{warnings}条）",
    "problems_header": ["序号", "机关", "文件", "规则", "级别", "位置", "原文", "应为", "问题"],
    "similar_title": "内容雷同的报告",
    "similar_header": ["序号", "报告甲", "报告乙", "相似度", "说明"],
    "notes_title": "上年报告中无法使用的文件（共{n}个）",
    "notes_header": ["序号", "文件", "问题"],
    "no_last_year": "未找到",
}

# ---------------------------------------------------------------- the command line's own texts
# argparse's texts (Python's msgids, looked up by ``cli.parsing``): every label and message a user of
# ``nianbao`` sees is Chinese, argparse's usage line and errors included.
ARGPARSE = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值",
    "expected one argument": "后面应跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面应至少跟一个值",
    "expected %s argument": "后面应跟%s个值",
    "expected %s arguments": "后面应跟%s个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值“%s”",
    "one of the arguments %s is required": "参数 %s 中须给出一个",
    "unexpected option string: %s": "不认识的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：参数错误：%(message)s\n",
}
CLI = {
    "error": "{prog}：参数错误：{message}",
    "version_help": "显示版本号并退出",
    "bad_choice": "“{value}”不是可选的值（可选：{choices}）",
    "bad_port": "端口“{port}”不合法，应为1至65535之间的整数",
    "bad_count": "{name}“{value}”应为正整数",
}
