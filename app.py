"""Entry point: routes to the pages. Each page sets itself up (ui.setup.page_setup),
so it is the same page whether reached from here or directly from its own URL."""

import streamlit as st

from ui.i18n import LANGUAGES, Labels
from ui.nav import PAGES

lang = st.session_state.get("f_lang") or st.query_params.get("lang", "zh")
labels = Labels(lang if lang in LANGUAGES else "zh")
navigation = st.navigation(
    [
        # no icon here: the navigation is hidden (the sidebar draws its own links), and a
        # :material/…: page icon becomes the tab's favicon, which the browser fetches from
        # fonts.gstatic.com: an outside request on every first load
        st.Page(
            page.path,
            title=labels(f"nav.{page.key}"),
            url_path=page.url_path,
            default=page.default,
        )
        for page in PAGES
    ],
    position="hidden",
)
navigation.run()
