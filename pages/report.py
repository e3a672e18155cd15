"""报告: a Word report pack of chosen charts and provinces, each chart with a numbered caption and its sources."""
import streamlit as st

from shegong.app import page_setup

page_setup()
st.title("报告")
st.info("建设中")
