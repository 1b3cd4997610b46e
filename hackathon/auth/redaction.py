"""Keep link secrets out of our own logs.

Personal links (/enter/<token>), invitations (/invite/<token>), prototype contacts' links
(/prototypes/contact/<token>) and the projector address
(?token=...) carry a secret in their URL. The development server (Werkzeug) and gunicorn's
access log write every request line; this filter replaces the secrets in those lines with
"[redacted]" before any handler sees them. A reverse proxy in front of the app keeps its own
logs: see the README (Security) for what it must not log.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
# The loggers that write request lines: Werkzeug's development server and gunicorn's access log.
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access")

_PATH_SECRET = re.compile(r"(/(?:enter|invite|prototypes/contact)/)[^\s?#\"']+")
# Also a bare query string ("token=..."), as gunicorn's %(q)s access-log atom writes it.
_QUERY_SECRET = re.compile(r"((?:^|[?&\s\"'])(?:token|code)=)[^&\s#\"']+")


def redact(text: str) -> str:
    """``text`` with the secrets of personal, invitation and projector links replaced."""
    return _QUERY_SECRET.sub(rf"\1{REDACTED}", _PATH_SECRET.sub(rf"\1{REDACTED}", text))


class TokenRedactingFilter(logging.Filter):
    """A logging filter that rewrites each record's message with :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message by its redacted form; never drops a record."""
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True


_FILTER = TokenRedactingFilter()


def install() -> None:
    """Attach the filter to the request loggers (once per process, however many apps)."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
