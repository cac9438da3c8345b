"""`make bench`: the national-scale benchmark of the budgets in DESIGN.md.

build.py makes or reuses the database, cases.py lists what is measured (add a row there for a
new page), measure.py measures it in-process and through gunicorn beside its floors, and
report.py prints the table and writes it to bench/results/.
"""
