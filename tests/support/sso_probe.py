"""A test-only page for the single sign-on tests until ``page_setup`` signs in: the sign-in of
``ui.signin`` (``[auth]`` configured), then who is signed in and the sign-out button."""

import streamlit as st

from data_access.config import configured_url
from ui.i18n import Labels
from ui.signin import signed_in_user, who_and_sign_out

labels = Labels("zh")
user = signed_in_user(labels, configured_url())
who_and_sign_out(labels, user)
st.title("SSO probe")
st.write(f"signed in: {user.login}")
