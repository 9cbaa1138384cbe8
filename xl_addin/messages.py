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
    "text_numbers": "{section}中“{snippet}”为{actual}，与{table}不一致（{expected_expr}为{expected}）",
    "text_claim": "{section}中称“{word}”，但{table}中有{expected_expr}的案件（共{actual}件）",
}

OP_TEXT = {"==": "应等于", "!=": "不应等于", "<": "应小于", "<=": "不应大于", ">": "应大于", ">=": "不应小于"}

YEAR = {
    "future": "报告年度{year}晚于当前年度{current}，请检查报告年度",
    "past": "报告年度{year}早于{min}年，请检查报告年度",
    "bad_date": "发布日期“{date}”不是有效日期，应为YYYY-MM-DD",
    "early": "发布日期{date}早于报告年度结束，{year}年度报告应在{next}年1月1日以后发布",
    "text": "{section}中的日期“{text}”不合法",
}
FORMAT_YEAR = "{year}年度报告应使用{expected_format}，本报告使用的是{actual_format}"
DEADLINE = "发布日期{date}晚于{org_type}的发布期限{deadline}"

SCHEMA = {
    "required": "缺少{name}",
    "additionalProperties": "不认识的项目“{key}”（{parent}）",
    "type_count": "{name}应填写非负整数，实际为{value}",
    "type_signed": "{name}应填写整数（可为负数），实际为{value}",
    "type_amount": "{name}应填写数字，实际为{value}",
    "type_text": "{name}应填写文字，实际为{value}",
    "type": "{name}的类型不对，实际为{value}",
    "minimum": "{name}不能为负数，实际为{value}",
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
