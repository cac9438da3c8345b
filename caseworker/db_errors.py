"""Database errors without personal data.

`hide_parameters` keeps the bound values out of SQLAlchemy's messages, but PostgreSQL adds its
own DETAIL line to a constraint error ("Key (iin)=(...) already exists"), and that line would
reach logs and tracebacks. Every engine drops the lines after the first from the driver's
message, both in the wrapped error and in the driver's exception chained beneath it.
"""
from sqlalchemy import event
from sqlalchemy.engine import Engine

_HIDDEN = "[details hidden: they may carry personal data]"


def first_line(message: str) -> str:
    head, _, rest = message.partition("\n")
    return f"{head} {_HIDDEN}" if rest.strip() else head


def _scrub(exception: BaseException | None) -> None:
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return
    exception.args = (first_line(exception.args[0]),) + tuple(exception.args[1:])


@event.listens_for(Engine, "handle_error")
def _scrub_error(context) -> None:
    _scrub(context.original_exception)
    _scrub(context.sqlalchemy_exception)
