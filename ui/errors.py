"""An unexpected error on a page (a defect, not a registry fault — those are ``ui.faults``):
the user reads one sentence with a reference id, the server log holds the traceback under the
same id, and nothing of the exception (a path, a query, a value) reaches the page.

``app.py`` passes ``on_script_error`` to ``st.App``; ``.streamlit/config.toml`` keeps
``showErrorDetails = "none"`` as the fallback should this handler itself fail.
"""

from __future__ import annotations

import logging
import secrets

import streamlit as st

from ui.i18n import LANGUAGES, Labels

logger = logging.getLogger(__name__)


def reference() -> str:
    """A short id to quote to the administrator: 8 hexadecimal digits."""
    return secrets.token_hex(4).upper()


def on_script_error(exc: Exception) -> bool:
    """Log the traceback under a new reference and show the sentence; True: Streamlit's own
    error box is not shown."""
    ref = reference()
    logger.error("unexpected error, reference %s", ref, exc_info=exc)
    try:
        lang = st.session_state.get("f_lang")
        labels = Labels(lang if lang in LANGUAGES else "zh")
        st.error(labels("error.unexpected", ref=ref))
    except Exception:  # the page cannot draw: Streamlit's box, without details (config)
        logger.exception("the error message could not be shown, reference %s", ref)
        return False
    return True
