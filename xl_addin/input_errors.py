"""Every Chinese sentence an ``InputError`` can become: one template per kind, keyed ``group.name``.

An input that cannot be read stops the command (exit 2) with one of these, naming the file first
(``{file}：…``) and the sheet and cell where there is one (``{sheet}``, ``{cell}``); the other fields
are the error's details. ``InputError`` (``errors.py``) carries the kind, the file, the sheet, the
cell and the details and renders them here at the edge: ``text()`` the whole sentence, ``reason()``
without the leading file (for a list that has a file column of its own). Pure data, no imports.
"""
from __future__ import annotations

from typing import Any

FILE_FIRST = "{file}："

XLSX = {  # a workbook (xlsx/filecheck, xlsx/trim, workbook/reader, the annotated copy)
    "missing": "{file}：找不到文件",
    "not_file": "{file}：不是文件（可能是文件夹）",
    "unreadable": "{file}：无法读取文件（{reason}）",
    "too_big": "{file}：文件过大（{size}，上限为{limit}），不是年报工作簿",
    "empty": "{file}：文件是空的（0字节）",
    "xls": "{file}：这是旧版Excel 97-2003工作簿（.xls），请在Excel或WPS中“另存为”Excel工作簿（*.xlsx）后再提交",
    "encrypted": "{file}：工作簿设置了打开密码（文件已加密），无法读取；请在Excel或WPS中取消密码后另存为.xlsx再提交",
    "cfb": "{file}：这是旧版Office文件（复合文档格式），不是.xlsx工作簿；请在Excel或WPS中另存为Excel工作簿（*.xlsx）",
    "csv": "{file}：这是文本文件（可能是CSV），不是Excel工作簿；请使用县里下发的标准工作簿（.xlsx）填写",
    "html": "{file}：这是网页（HTML）文件，不是Excel工作簿；请在Excel或WPS中另存为Excel工作簿（*.xlsx）",
    "pdf": "{file}：这是PDF文件，不是Excel工作簿",
    "not_xlsx": "{file}：不是Excel工作簿（.xlsx）",
    "bad_zip": "{file}：文件已损坏或不完整（不是有效的.xlsx压缩包），请重新保存或重新发送",
    "zip_encrypted": "{file}：压缩包中的内容被加密，无法读取",
    "docx": "{file}：这是Word文档，不是Excel工作簿",
    "pptx": "{file}：这是PowerPoint演示文稿，不是Excel工作簿",
    "no_workbook": "{file}：压缩包中没有Excel工作簿的内容（缺少{part}），不是.xlsx工作簿",
    "xlsb": "{file}：这是Excel二进制工作簿（.xlsb），请另存为Excel工作簿（*.xlsx）",
    "ods": "{file}：这是OpenDocument电子表格（.ods），不是Excel工作簿；请在WPS或LibreOffice中“另存为”Excel工作簿（*.xlsx）后再提交",
    "odf": "{file}：这是OpenDocument文档，不是Excel工作簿",
    "et": "{file}：这是WPS表格文件（.et），请在WPS中“另存为”Excel工作簿（*.xlsx）后再提交",
    "too_many_parts": "{file}：压缩包中的文件过多（{count}个，上限为{limit}个），不是年报工作簿",
    "bomb_total": "{file}：解压后的内容过大（{size}，上限为{limit}），可能是恶意构造的文件（压缩炸弹），已拒绝读取",
    "bomb_ratio": "{file}：压缩包中的“{part}”压缩比异常（{ratio}倍，上限为{limit}倍），可能是恶意构造的文件（压缩炸弹），已拒绝读取",
    "dtd": "{file}：“{part}”中含有文档类型或实体声明（<!DOCTYPE>/<!ENTITY>），Excel工作簿中不会出现，可能是恶意构造的文件，已拒绝读取",
    "bad_xml": "{file}：工作簿内容已损坏，无法读取（{reason}）",
    "bad_sheet": "{file}：工作表“{sheet}”已损坏，无法读取（XML第{line}行第{column}列有错误）",
    "no_stamp": "{file}：不是标准年报工作簿（没有模板标识），请使用县里下发的标准工作簿，或用 nianbao template 生成",
    "unknown_format": "{file}：未知的年报模板格式“{fmt}”，本工具支持：{formats}",
    "old_version": "{file}：模板版本为{actual}，与当前版本{expected}（{format_name}）不一致，无法按当前模板读取；请用 nianbao fill 把数据转到新模板",
    "wrong_format": "{file}：这是{actual}的工作簿，本次需要的是{expected}的工作簿，请使用正确的模板",
    "missing_sheet": "{file}：缺少工作表“{sheet}”（可能被改名或删除）；工作簿中的工作表为：{sheets}",
    "label": "{file}：{cell}应为“{expected}”，实际为{actual}；表格结构被改动（可能插入、删除或移动了行列），无法按模板读取",
    "too_many_cells": "{file}：工作表中有内容的单元格太多（{where}有{n}个，上限{limit}个），无法生成标注副本",
}

DATA = {  # report data in JSON (source/read, model/schema, a last year given as data)
    "missing": "{file}：找不到文件",
    "too_big": "{file}：文件过大（超过{mb}MB），不是年报数据",
    "not_utf8": "{file}：文件不是UTF-8编码的文本，无法读取",
    "bad_json": "{file}：不是有效的JSON（第{line}行第{column}列附近有错误）",
    "bad_json_value": "{file}：不是有效的JSON（{reason}）",
    "not_object": "{file}：内容不是一份年报数据（应为JSON对象）",
    "no_format": "{file}：缺少“format”（报告格式），无法判断使用哪种年报格式",
    "unknown_format": "{file}：未知的报告格式“{fmt}”，支持的格式为：{formats}",
    "wrong_format": "{file}：这是{actual}的年报数据，本次需要的是{expected}",
    "not_last_year": "{file}：不是一份年报数据，无法作为上年数据",
}

LAST_YEAR = {  # --last-year and the 上年数据 sheet (check/step): the same office's report of the year before
    "mismatch": "{file}：不能作为上年报告：它是“{last_org}”{last_year}年度的报告，本报告是“{org}”{year}年度的报告"
                "（{why}）。请换用“{org}”{expected}年度的报告",
    "embedded": "{file}：{where}（上年报告年度）填写的是{last_year}，本报告是{year}年度的报告，上年数据应为{expected}年度的数据。"
                "请改正上年报告年度和上年数据，或清空“{sheet}”工作表",
}

IMPORT = {  # a published report (source/kinds, the readers, source/published)
    "missing": "{file}：找不到文件",
    "not_file": "{file}：不是文件（可能是文件夹）",
    "empty": "{file}：文件是空的（0字节）",
    "too_big": "{file}：文件过大（{size}，上限为{limit}），不像一份年度报告；如确是报告，请提供Word或网页版本",
    "unreadable": "{file}：无法读取文件（{reason}）",
    "unknown_kind": "{file}：不是PDF、Word（.docx）、网页（.html）或文本（.txt）文件，无法导入",
    "doc": "{file}：这是旧版Word文档（.doc）或其他旧版Office文件，请在Word或WPS中另存为.docx后再导入",
    "office_encrypted": "{file}：文档设置了打开密码（文件已加密），无法读取；请取消密码后另存再导入",
    "workbook": "{file}：这是Excel工作簿，不是已发布的报告；工作簿请用 nianbao validate 或 nianbao export",
    "bad_docx": "{file}：Word文档已损坏或不完整，无法读取（{reason}）",
    "pdf_encrypted": "{file}：PDF已加密（需要密码才能打开），无法读取；请提供未加密的PDF，或Word、网页版本",
    "pdf_damaged": "{file}：PDF文件已损坏或不完整，无法读取",
    "pdf_no_text": "{file}：这份PDF没有文字层（可能是扫描或拍照得到的图片），无法读取其中的文字；请提供Word或网页版本的报告",
    "pdf_garbled": "{file}：这份PDF中的文字无法正确提取（所用字体缺少编码信息，提取出的是乱码）；请提供Word或网页版本的报告",
    "not_report": "{file}：没有找到政府信息公开工作年度报告的内容（{reason}），不是年度报告，无法导入",
    "no_year": "{file}：没有找到报告年度（标题或正文中应有“××××年”），无法判断使用哪种年报格式；可用 --format 指定",
    "wrong_format": "{file}：这是{actual}的报告，本次需要的是{expected}",
}

BUDGET = {  # the budget of one untrusted file (source/budget.py and the readers' caps): each names the limit
    "time": "{file}：读取超过{seconds}秒仍未完成（每个文件的时间上限），已停止；文件可能损坏或被恶意构造，请提供Word或网页版本",
    "memory": "{file}：读取所需内存超过{mb}MB（每个文件的内存上限），已停止；文件可能损坏或被恶意构造，请提供Word或网页版本",
    "died": "{file}：读取时进程被终止（{reason}，可能超过每个文件{mb}MB的内存上限），文件可能损坏或被恶意构造，无法读取",
    "crash": "{file}：读取时程序意外出错（{reason}），文件可能损坏，无法读取",
    "pages": "{file}：PDF共有{n}页，超过上限{limit}页，不像一份年度报告，无法读取",
    "table_cells": "{file}：表格过大（合并单元格展开后超过{limit}格），不像年度报告的表格，无法读取",
    "line_cells": "{file}：文本中有一行分成了{n}格，超过上限{limit}格，不像年度报告的表格，无法读取",
    "text_cells": "{file}：文本中的表格分隔符过多（超过{limit}个），不像一份年度报告，无法读取",
    "docx_xml": "{file}：Word文档中的文字内容过大（解压后{size}，上限{limit}），不像一份年度报告，无法读取",
}

OUTPUT = {  # output files and folders (``outputs``): checked before anything is written
    "no_name": "没有给出{kind}文件名",
    "is_folder": "{file}：这是一个文件夹，请给出{kind}文件名（以 {suffix} 结尾），例如 {file}/报告{suffix}",
    "suffix": "{file}：{kind}文件名应以 {suffix} 结尾",
    "same_as_input": "{file}：输出文件不能与输入文件相同",
    "twice": "{file}：同一个文件不能既作这种输出又作那种输出，请分别命名",
    "no_dir": "{file}：所在文件夹不存在",
    "exists": "{file}：文件已存在，为免覆盖已填写的内容，没有写入。请换一个文件名；确需替换时加 --overwrite",
    "cannot_write": "{file}：无法写入（文件可能正被Excel、WPS或Word打开，或没有写入权限；请关闭后重试）",
    "disk_full": "{file}：磁盘空间不足，无法写入（文件没有生成，原有文件未改动）；请清理磁盘或换一个位置后重试",
    "not_a_folder": "{file}：不是文件夹",
    "folder_not_empty": "{file}：文件夹不是空的，请指定一个新文件夹，或加 --overwrite 替换其中的文件",
}

FILL = {  # a template or a filled workbook to write (model/schema, workbook/sheets, cli/workbook, distribute)
    "year_early": "报告年度{year}早于{first}年：政府信息公开工作年度报告格式从{first}年度起适用，不能生成该年度的工作簿",
    "year_late": "报告年度{year}晚于{last}年，不能生成该年度的工作簿，请检查年份",
    "format_year": "{year}年度报告应使用{expected}，不能使用{actual}的模板",
    "need_format": "请用 --format 指定模板格式（2019 或 2021），或用 --year 指定报告年度",
    "too_long": "{cell}：文字过长（{n}个字符），Excel单元格最多{limit}个字符",
}

ROSTER = {  # the roster (报送名单, rollup/roster)
    "missing": "{file}：找不到文件",
    "unreadable": "{file}：不是有效的Excel工作簿（.xlsx），无法读取",
    "no_header": "{file}：工作表“{sheet}”的前{rows}行中找不到表头“{title}”，请使用 nianbao roster-template 生成的名单",
    "problems": "{file}：报送名单有{n}处问题，请改正后重试：\n{listing}",
    "empty": "{file}：工作表“{sheet}”中没有填写任何机关",
    "filled": "{file}：这是已填写的报送名单（{n}个机关），即使加了 --overwrite 也不会被空白名单替换；"
              "需要空白名单时请换一个文件名",
}

ROLLUP = {  # the folders of distribute, collect and audit
    "no_folder": "{file}：找不到{what}（应为一个文件夹）",
    "file_not_folder": "{file}：已存在同名文件，输出位置应为一个文件夹",
    "clash": "{file}：输出文件夹中已有{shown}，为免覆盖，请指定一个新的输出文件夹",
    "missing": "{file}：找不到文件或文件夹",
    "no_reports": "{sources}：没有找到已发布的报告（.pdf、.docx、.html、.txt）",
}

CLI = {  # the command line's arguments (cli/parsing, cli/server)
    "empty_name": "没有给出文件名（文件名为空），请指定要处理的文件",
    "bad_year": "报告年度“{year}”不是年份，应为{first}至{last}之间的年份",
    "is_folder": "{file}：这是一个文件夹，请给出文件名",
    "is_folder_report": "{file}：这是一个文件夹，请给出要处理的文件；要检查一个文件夹中的全部工作簿请用 nianbao collect，"
                        "全部已发布的报告请用 nianbao audit",
    "not_a_folder": "{file}：不是文件夹，请给出文件夹",
    "bad_url": "服务器地址“{url}”不对，应以 http:// 或 https:// 开头，例如 https://nianbao.example.gov.cn",
    "need_url": "请用 --url 指定服务器的地址，例如 nianbao addin-manifest --url https://nianbao.example.gov.cn",
    "bad_host": "监听地址“{host}”无效",
    "no_cert": "{file}：找不到 HTTPS 证书或私钥文件",
    "port_busy": "端口 {port} 已被占用（可能服务已经在运行），请换一个端口：nianbao serve --port {other}",
}

SERVER = {  # the server's configuration, the VBA workbook, a button's payload (server/*)
    "config_missing": "{file}：找不到配置文件",
    "config_unreadable": "{file}：无法读取配置文件（应为UTF-8编码的文本）",
    "config_line": "{file}：第{n}行应为“名称=值”的形式",
    "config_prefix": "{file}：第{n}行的“{key}”不是可用的配置项（应以 NIANBAO_ 或 XLWINGS_ 开头）",
    "config_unknown": "{file}：第{n}行的“{key}”不是可用的配置项",
    "config_number": "配置项 {key} 应为{kind}，实际为“{raw}”",
    "config_above": "配置项 {key} 应大于{minimum}，实际为“{raw}”",
    "config_at_most": "配置项 {key} 应不大于{maximum}，实际为“{raw}”",
    "ssl_pair": "配置项 NIANBAO_SSL_CERTFILE 和 NIANBAO_SSL_KEYFILE 须同时设置",
    "token": "配置项 NIANBAO_TOKEN 应为{rule}",
    "client_token": "--token 给的访问口令服务器不会接受：口令应为{rule}，并与服务器配置的 NIANBAO_TOKEN 相同。",
    "vba_missing": "{file}：找不到文件",
    "not_vba_project": "{file}：不是 vbaProject.bin，也不是含有宏的 .xlsm 工作簿",
    "xlsm_url": "服务器地址“{url}”不对，应以 https:// 开头，例如 https://nianbao.example.gov.cn",
    "no_xlwings": "未安装 xlwings，无法生成或导出 VBA 模块（请安装 nianbao[server]）",
    "remote_changed": "xlwings 的 Remote.bas 与本程序预期的不同（应为 xlwings {version}），无法改为中文提示；"
                      "请安装 pyproject.toml 中固定的 xlwings 版本",
    "not_ascii": "VBA 模块 {name} 含有非 ASCII 字符，VBA 工程按代码页 1252 保存，会损坏中文；请改用 ChrW 或由服务器提供文字",
    "no_sheets": "{file}：没有收到工作表数据，请重试",
    "no_sheet_name": "工作簿数据不完整（缺少工作表名称），请重试",
}

GROUPS = {"xlsx": XLSX, "data": DATA, "last_year": LAST_YEAR, "import": IMPORT, "budget": BUDGET, "output": OUTPUT,
          "fill": FILL, "roster": ROSTER, "rollup": ROLLUP, "cli": CLI, "server": SERVER}


def template(kind: str) -> str:
    """The template of ``kind`` (``"xlsx.bad_zip"``); KeyError for a kind the catalogue does not hold."""
    group, _, name = kind.partition(".")
    return GROUPS[group][name]


def render(kind: str, fields: dict[str, Any], with_file: bool = True) -> str:
    """The sentence of ``kind`` with ``fields``; without its leading ``{file}：`` when ``with_file`` is
    False or there is no file."""
    text = template(kind)
    if text.startswith(FILE_FIRST) and (not with_file or fields.get("file") is None):
        text = text[len(FILE_FIRST):]
    return text.format(**fields)
