"""Fail CI when any test was skipped: a skipped browser or PostgreSQL test is not a pass."""

import sys

from defusedxml import ElementTree as ET

failed = False
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    suites = root.iter("testsuite")
    total = sum(int(s.get("tests", 0)) for s in suites)
    skipped = [
        f"{case.get('classname')}::{case.get('name')}"
        for case in root.iter("testcase") if case.find("skipped") is not None
    ]
    print(f"{path}: {total} tests, {len(skipped)} skipped")
    for name in skipped:
        print(f"  SKIPPED {name}")
    if skipped or total == 0:
        failed = True
sys.exit(1 if failed else 0)
