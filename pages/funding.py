"""资金投入: placeholder, being written."""
import streamlit as st

from shegong.app import page_setup

page_setup()

st.title("资金投入")
