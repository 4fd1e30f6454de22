"""Validates PDFs against PDF/A-2b with `page` (PyPI page-validation), for tests/pdfa.rs.

Prints one line per failed rule, `RULE<TAB>MESSAGE`, then `checked N rules` for each file;
exits 2 when the validator is not installed (the test then fails, it never skips).
"""

import sys

try:
    import page
except ImportError as e:
    print(f"page-validation is not installed: {e} (.ci/run installs it)", file=sys.stderr)
    sys.exit(2)

for path in sys.argv[1:]:
    report = page.validate_pdf(path, profile="2b")
    print(f"file\t{path}\t{report.profile.value}\t{report.is_compliant}")
    for f in report.failures:
        print(f"fail\t{f.rule_id}\t{f.message}")
    print(f"checked\t{report.rules.total}")
