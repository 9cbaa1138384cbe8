"""nianbao: prepare, check and publish 政府信息公开工作年度报告 from a standard Excel workbook.

The package is driven by one JSON Schema per official format (``schema/``): the data shape,
the workbook layout (``x-layout``) and the 勾稽关系 rules (``x-rules``) all live there.
"""

__version__ = "0.1.0"
