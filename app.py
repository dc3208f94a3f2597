"""Entry point: routes to the pages. Each page sets itself up (ui.setup.page_setup),
so it is the same page whether reached from here or directly from its own URL."""

import streamlit as st

from ui.i18n import LANGUAGES, Labels
from ui.nav import PAGES

lang = st.session_state.get("f_lang") or st.query_params.get("lang", "zh")
labels = Labels(lang if lang in LANGUAGES else "zh")
navigation = st.navigation(
    [
        st.Page(
            page.path,
            title=labels(f"nav.{page.key}"),
            icon=page.icon,
            url_path=page.url_path,
            default=page.default,
        )
        for page in PAGES
    ],
    position="hidden",
)
navigation.run()
