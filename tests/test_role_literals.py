"""No role is compared outside the policy: code and templates ask `policy.can(...)` (templates:
`can(...)`) or a predicate of `caseworker/policy.py`, never `user.role == "supervisor"`.

What counts as comparing a role, in `caseworker/**/*.py` (but `policy.py`) and
`templates/**/*.html`:
- a role name in quotes beside `==` / `!=`, or inside the brackets after `in` / `.in_(`
  (`role in ("caseworker", "supervisor")`, `User.role.in_(("caseworker",))`);
- in a template, `.role` compared with anything (`current_user.role == ...`);
- in Python, the policy's role constants (`policy.SUPERVISOR`, `DISTRICT_ROLES`, ...) used
  outside the policy: they exist for the policy's own tables, and for `demo/` and `cli.py`,
  which create users of a given role.

What is allowed, and why: a role name as text that decides nothing. `labels.py` maps each role
to its translated name; `models/user.py` lists the values the column takes; `caseworker` is
also the app's name (a logger, an auth realm) and the name of a filter parameter
(`?caseworker=<id>`, a form field); `policy.ROLES`, the list of every role, fills a choice
and checks a filter, naming all roles alike. None of these is found by the rules above,
which look only at comparisons.
"""
from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROLE_NAMES = ("caseworker", "supervisor", "regional_officer", "analyst", "admin")
CONSTANTS = ("CASEWORKER", "SUPERVISOR", "OFFICER", "ANALYST", "ADMIN", "DISTRICT_ROLES",
             "PERSON_SCOPE", "WORKS_IN", "CASE_HOLDERS")
# Create users of a given role: they may name it by the policy's constant.
MAY_USE_CONSTANTS = ("caseworker/demo/", "caseworker/cli.py")
# Files of features whose branches replace their comparisons; merged, this set is emptied.
PENDING_MERGE = {
}

_QUOTED = "|".join(ROLE_NAMES)
TEMPLATE_RULES = (
    re.compile(rf"(==|!=)\s*[\"']({_QUOTED})[\"']"),
    re.compile(rf"[\"']({_QUOTED})[\"']\s*(==|!=)"),
    re.compile(rf"\bin\s*[(\[][^)\]]*[\"']({_QUOTED})[\"']"),
    re.compile(r"\.role\s*(==|!=|\bin\b|\bnot\s+in\b)"),
)
CONSTANT_USE = re.compile(rf"\bpolicy\.({'|'.join(CONSTANTS)})\b"
                          rf"|from caseworker\.policy import [^\n]*\b({'|'.join(CONSTANTS)})\b")


def python_comparisons(source: str) -> list[str]:
    """Role names in quotes compared with `==` / `!=` or listed after `in` / `.in_(`."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT,
                                tokenize.INDENT, tokenize.DEDENT)]
    found, openers = [], []  # openers: is each enclosing bracket a list after `in`?
    for n, tok in enumerate(tokens):
        before = tokens[n - 1].string if n else ""
        if tok.string in "([{" and tok.type == tokenize.OP:
            openers.append(before in ("in", "in_") or (bool(openers) and openers[-1]
                                                        and before in ("(", "[")))
        elif tok.string in ")]}" and tok.type == tokenize.OP and openers:
            openers.pop()
        elif tok.type == tokenize.STRING and tok.string.strip("\"'") in ROLE_NAMES:
            after = tokens[n + 1].string if n + 1 < len(tokens) else ""
            if before in ("==", "!=") or after in ("==", "!=") or any(openers):
                found.append(f"line {tok.start[0]}: {tok.line.strip()}")
    return found


def offences(relative: str, text: str) -> list[str]:
    if relative.endswith(".html"):
        return [f"line {text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
                for rule in TEMPLATE_RULES for m in rule.finditer(text)]
    found = python_comparisons(text)
    if not relative.startswith(MAY_USE_CONSTANTS):
        found += [f"line {text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
                  for m in CONSTANT_USE.finditer(text)]
    return found


def checked_files() -> list[str]:
    files = [p for p in (ROOT / "caseworker").rglob("*.py") if p.name != "policy.py"
             or p.parent.name != "caseworker"]
    files += list((ROOT / "templates").rglob("*.html"))
    return sorted(str(p.relative_to(ROOT)) for p in files)


def _param(relative: str):
    marks = [pytest.mark.xfail(reason="other features pending merge", strict=False)] \
        if relative in PENDING_MERGE else []
    return pytest.param(relative, marks=marks, id=relative)


@pytest.mark.parametrize("relative", [_param(r) for r in checked_files()])
def test_no_role_is_compared_outside_the_policy(relative):
    found = offences(relative, (ROOT / relative).read_text(encoding="utf-8"))
    assert not found, f"{relative} compares roles; ask the policy instead: {found}"


@pytest.mark.parametrize("relative, text", [
    ("caseworker/x.py", 'if user.role == "supervisor":\n    pass\n'),
    ("caseworker/x.py", 'if "analyst" != role:\n    pass\n'),
    ("caseworker/x.py", 'ok = user.role in ("caseworker", "supervisor")\n'),
    ("caseworker/x.py", 'stmt = select(User).where(User.role.in_(("caseworker",)))\n'),
    ("caseworker/x.py", "if user.role == policy.CASEWORKER:\n    pass\n"),
    ("caseworker/x.py", "from caseworker.policy import DISTRICT_ROLES, OFFICER\n"),
    ("templates/x.html", '{% if current_user.role == "analyst" %}x{% endif %}'),
    ("templates/x.html", "{% if current_user.role in roles %}x{% endif %}"),
    ("templates/x.html", '{% for r in ("caseworker", "admin") %}{{ r }}{% endfor %}'),
])
def test_the_check_finds_a_comparison(relative, text):
    assert offences(relative, text)


@pytest.mark.parametrize("relative, text", [
    ("caseworker/x.py", 'ROLES = {"caseworker": _l("Caseworker"), "admin": _l("Admin")}\n'),
    ("caseworker/x.py", 'log = logging.getLogger("caseworker")\n'),
    ("caseworker/x.py", 'worker = request.args.get("caseworker", type=int)\n'),
    ("caseworker/x.py", 'if policy.can(user, "referral.approve"):\n    pass\n'),
    ("caseworker/demo/x.py", "select(User).where(User.role == policy.SUPERVISOR)\n"),
    ("templates/x.html", '<select name="caseworker">{{ role_label(u.role) }}</select>'),
    ("templates/x.html", '{% if can("caseload.own") %}x{% endif %}'),
])
def test_the_check_lets_names_as_text_pass(relative, text):
    assert not offences(relative, text)
