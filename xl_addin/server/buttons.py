"""The ribbon buttons, defined once for both clients.

Each button calls the server script of the same name: the Office.js manifest binds
``gwnb-<script>`` (``project/templates/manifest.xml`` and ``project/static/js/ribbon.js``), the
VBA client's ``customUI14.xml`` carries the script name as the button's ``tag`` for the one
generic callback ``GwnbButton`` (``vba/GwnbButtons.bas``), and the WPS add-in's ``ribbon.xml``
(``wps.py``) maps each button's id to its script for the one callback ``GwnbOnAction``. The
add-ins (Office.js, WPS) also have a 设置 button for the access token. Pure Python.
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


@dataclass(frozen=True)
class Button:
    script: str          # server script (xl_addin.server.scripts)
    label: str
    tooltip: str
    image_mso: str       # built-in Office icon for the VBA client's ribbon

    @property
    def function_name(self) -> str:      # Office.js <FunctionName>
        return "gwnb-" + self.script.replace("_", "-")

    @property
    def control_id(self) -> str:
        return "Gwnb" + "".join(p.capitalize() for p in self.script.split("_"))


BUTTONS: tuple[Button, ...] = (
    Button("validate", "校验",
           "检查年报数据：出错的单元格标红、警告标黄，问题清单写入“校验结果”工作表", "AcceptInvitation"),
    Button("clear_marks", "清除标记",
           "恢复输入单元格原来的底色，清空“校验结果”工作表", "ClearFormats"),
    Button("generate_report", "生成报告",
           "在服务器上生成 Word 报告和网页版报告，下载链接写入“校验结果”工作表", "FileSaveAsWordDocx"),
    Button("generate_description", "生成数据描述",
           "按表三、表四生成“（二）依申请公开”的文字，写入“一、总体情况”，可再修改", "TextBoxInsert"),
)


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
