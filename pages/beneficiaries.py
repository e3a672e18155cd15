"""服务对象: placeholder, being written."""
import streamlit as st

from shegong.app import page_setup

page_setup()

st.title("服务对象")
