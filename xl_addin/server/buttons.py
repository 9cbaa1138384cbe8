"""The ribbon buttons, defined once for every client: adding a button is one entry in ``BUTTONS``
and its plan (``plans.<script>``).

Everything else follows from the list: the server scripts (``scripts.scripts()``, one each, each
running its plan); the Office.js add-in (``project/templates/manifest.xml`` draws a control calling
``gwnb-<script>`` per button, ``taskpane.html`` hands ``bindings()`` to ``project/static/js/ribbon.js``,
which binds each function to its script); the WPS add-in (``wps.ribbon_xml()``, and its
``gwnb-config.js`` maps each button's id to its script for the one callback ``GwnbOnAction``); the
VBA workbook (``custom_ui_xml()``: the script name as the button's ``tag`` for the one generic
callback ``GwnbButton``, ``vba/GwnbButtons.bas``); and the table of buttons in ``docs/server.md``
(``docs_table()``, written by ``tools/make_docs.py``). The add-ins (Office.js, WPS) also have a 设置
button for the access token. Pure Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

TAB_LABEL = "政务公开年报"
GROUP_LABEL = "年报工具"
VBA_CALLBACK = "GwnbButton"
SETTINGS_ID = "GwnbSettings"          # the add-ins' 设置 button (not in the VBA ribbon: its token is in the file)
SETTINGS_LABEL = "设置"
SETTINGS_TOOLTIP = "填写县级信息化管理员提供的访问口令"
SETTINGS_WHERE = "Excel 加载项、WPS 加载项"
SETTINGS_HELP = ("在右侧打开“设置”窗格，填写县级信息化管理员给的访问口令（没有口令的不用填），点“保存”。只需填一次，保存在本机，"
                 "重启后仍有效。WPS 中点窗格里的“**关闭**”（或再点一次“设置”）关掉窗格；窗格下方显示口令保存的位置和本机 WPS 的"
                 "“运行环境”，反馈问题时请一并告知。")


@dataclass(frozen=True)
class Button:
    script: str          # server script (xl_addin.server.scripts), running plans.<script>
    label: str
    tooltip: str
    image_mso: str       # built-in Office icon for the VBA client's ribbon
    help: str            # what it does, for the table of buttons in docs/server.md (Markdown)

    @property
    def function_name(self) -> str:      # Office.js <FunctionName>
        return "gwnb-" + self.script.replace("_", "-")

    @property
    def control_id(self) -> str:
        return "Gwnb" + "".join(p.capitalize() for p in self.script.split("_"))


BUTTONS: tuple[Button, ...] = (
    Button("validate", "校验",
           "检查年报数据：出错的单元格标红、警告标黄，问题清单写入“校验结果”工作表", "AcceptInvitation",
           "检查整个工作簿。出错的单元格**标红**，警告的单元格**标黄**；问题清单写入“校验结果”工作表，每行的“单元格”一列可以点击，"
           "直接跳到出问题的单元格；最后弹出一句话的结论，例如“校验不通过：发现错误 2 个、警告 1 个……”。"),
    Button("clear_marks", "清除标记",
           "恢复输入单元格原来的底色，清空“校验结果”工作表", "ClearFormats",
           "把标红、标黄的单元格恢复成原来的底色，清空“校验结果”工作表。您在“说明”列写的内容会保留。"),
    Button("generate_report", "生成报告",
           "在服务器上生成 Word 报告和网页版报告，下载链接写入“校验结果”工作表", "FileSaveAsWordDocx",
           "在服务器上生成 Word 报告（.docx）和网页版报告（.html），下载链接写在“校验结果”工作表第 1 行（“下载 Word 报告”"
           "“下载网页版报告”），点击即可下载。链接只在一段时间内有效（默认 2 小时）。**有错误时不生成报告**，请先点“校验”改正。"),
    Button("generate_description", "生成数据描述",
           "按表三、表四生成“（二）依申请公开”的文字，写入“一、总体情况”，可再修改", "TextBoxInsert",
           "根据表三、表四自动写出“一、总体情况”中“（二）依申请公开”的一段文字，写在该标题下面一行，您可以再修改。"
           "原来写的文字不会被覆盖，只会下移一行。"),
)


def scripts() -> tuple[str, ...]:
    """The server scripts, one per button."""
    return tuple(b.script for b in BUTTONS)


def bindings() -> dict[str, str]:
    """The Office.js add-in's ribbon: each manifest ``<FunctionName>`` -> the script it runs."""
    return {b.function_name: b.script for b in BUTTONS}


def docs_table() -> str:
    """The table of buttons in ``docs/server.md`` (Markdown)."""
    lines = ["| 按钮 | 作用 |", "|---|---|"]
    lines += [f"| **{b.label}** | {b.help} |" for b in BUTTONS]
    lines.append(f"| **{SETTINGS_LABEL}**（{SETTINGS_WHERE}） | {SETTINGS_HELP} |")
    return "\n".join(lines) + "\n"


def custom_ui_xml() -> str:
    """``customUI/customUI14.xml`` of the VBA variant (.xlsm): one tab, one group, one callback."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui">',
             '  <ribbon>', '    <tabs>',
             f'      <tab id="GwnbTab" label={quoteattr(TAB_LABEL)}>',
             f'        <group id="GwnbGroup" label={quoteattr(GROUP_LABEL)}>']
    for b in BUTTONS:
        lines.append(f'          <button id="{b.control_id}" label={quoteattr(b.label)} size="large"'
                     f' imageMso="{b.image_mso}" screentip={quoteattr(b.label)} supertip={quoteattr(b.tooltip)}'
                     f' tag="{b.script}" onAction="{VBA_CALLBACK}"/>')
    lines += ['        </group>', '      </tab>', '    </tabs>', '  </ribbon>', '</customUI>', '']
    return "\n".join(lines)
