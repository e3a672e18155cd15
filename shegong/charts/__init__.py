"""Figures built from query results; pages import the module they need (base, maps, published, registers)."""
