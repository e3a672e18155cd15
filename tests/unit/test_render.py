"""What the image renderer refuses before it starts a browser: a boundary file from another host, and a request
when every slot is taken (tests/browser/test_exports.py renders every exhibit)."""
import plotly.graph_objects as go
import pytest

from shegong.outputs import render


def test_a_boundary_from_elsewhere_is_refused():
    fig = go.Figure(go.Choropleth(geojson="https://example.com/world.geojson", locations=["a"], z=[1]))
    with pytest.raises(render.ExportError, match="example.com"):
        render.prepare(fig)


def test_busy_renderer_says_so(monkeypatch):
    monkeypatch.setenv("SHEGONG_EXPORT_WAIT", "0.05")
    held = [render.RENDERER._slots.acquire() for _ in range(render.RENDERER.concurrency)]
    try:
        with pytest.raises(render.ExportBusy, match="繁忙"):
            render.RENDERER.render({"data": [], "layout": {}}, {"format": "png"})
    finally:
        for _ in held:
            render.RENDERER._slots.release()
