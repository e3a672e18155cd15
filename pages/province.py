"""省份详情: placeholder, being written."""
import streamlit as st

from shegong.app import page_setup

page_setup()

st.title("省份详情")
