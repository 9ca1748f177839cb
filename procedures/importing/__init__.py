"""Bulk import and export of procedures: decision appendices and the flat workbook.

Plain modules that the admin views, the management commands and the tests call directly:

- ``workbook``: reads an uploaded file safely into plain sheets (size, zip-bomb, formula and
  password checks; xlsx and csv);
- ``appendix``: the Province's decision appendix → flat rows;
- ``resources``: django-import-export resources, one per sheet of the flat workbook: its columns,
  and the widgets that clean every cell on import (both formats) and render it on export;
- ``flat``: the flat workbook that export writes and import reads back;
- ``service``: the one pipeline (validate → diff against what is published → apply atomically).
"""
