"""Excel and Word documents written: the dispatch report (.docx, .xlsx) and the fill-in form.

openpyxl, XlsxWriter and python-docx are imported inside these modules only, and these modules
only when an office file is written: ``minshi --help`` and ``minshi status`` never pay for them.
Reading a workbook is the core's reading layer (:mod:`minshi_cli.core.workbook`).
"""
