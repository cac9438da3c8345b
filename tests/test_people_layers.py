"""The people feature sits at the bottom of the features: it imports none of those above it,
and it asks the policy instead of naming roles."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = sorted((ROOT / "caseworker" / "people").glob("*.py"))
ABOVE = ("caseworker.casework", "caseworker.measures", "caseworker.referrals")
ROLES = ("caseworker", "supervisor", "regional_officer", "analyst", "admin")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_people_imports_no_feature_above_it():
    found = {(path.name, name) for path in PEOPLE for name in imported(path)
             if name.startswith(ABOVE)}
    assert not found


def test_people_names_no_role():
    """No role name compared (in Python code or templates): the policy is asked instead.
    ("caseworker" is also the list's filter parameter, which is no comparison.)"""
    role = "|".join(ROLES)
    literal = re.compile(rf"""(?:==|!=)\s*["']({role})["']|["']({role})["']\s*(?:==|!=)"""
                         rf"""|\brole\b.*["']({role})["']""")
    files = PEOPLE + sorted((ROOT / "templates" / "people").glob("*.html"))
    found = [(path.name, match.group(0)) for path in files
             for match in literal.finditer(path.read_text())]
    assert not found
