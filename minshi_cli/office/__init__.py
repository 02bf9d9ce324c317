"""Excel and Word, in and out (CONTRACT §10).

openpyxl, python-calamine and python-docx are imported inside these modules only, and these
modules only when an office file is read or written: ``minshi --help`` and ``minshi status`` on
CSV data never pay for them.
"""
