"""Shegong Dashboard logic, by concern (README: Layout). Imports run one way:

pages → ui → outputs → catalog → charts → analysis → queries / fmt / i18n / vocab / config; ingest stands beside
them (source files → validated warehouse) and is used by commands and the admin page only.
"""
