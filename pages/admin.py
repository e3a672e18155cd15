"""数据管理 (admin mode only): import station, funding, service and figure files; bulletins to cited figures."""
import streamlit as st

from shegong.app import page_setup

page_setup()
st.title("数据管理")
st.info("建设中")
