"""A page open in the operator's browser must not drive the local dashboard (issue 21 #2).

Chromium opens a websocket to a `make run`-like server (loopback, server.allowedHosts as the Makefile sets it) from a
page served by another local port, as an attacker's page would, and asks for the 数据管理 page with Streamlit's own
protocol (the test builds the messages; the browser sends them with its own Origin). The same relay run from a page
of the server itself gets the page, so the test can fail. A DNS-rebinding host name gets no admin page either.
And the hostile file corpus goes through the admin page of that
real server, which answers after each.
"""
import base64
import http.server
import threading
import time
import urllib.request

import pytest

from shegong.config import DATA_DIR
from shegong.ingest import importer
from shegong.ingest.build import build
from tests.servers import free_port, streamlit

CHROMIUM = "/usr/bin/chromium"
RELAY = """
(url) => new Promise((resolve) => {
  window.msgs = []; window.closed = null;
  const ws = new WebSocket(url, ["streamlit"]);
  ws.binaryType = "arraybuffer";
  ws.onmessage = (e) => {
    const a = new Uint8Array(e.data); let s = "";
    for (let i = 0; i < a.length; i += 8192) s += String.fromCharCode.apply(null, a.subarray(i, i + 8192));
    window.msgs.push(btoa(s));
  };
  ws.onclose = (e) => { window.closed = e.code; resolve("closed"); };
  ws.onopen = () => { window.ws = ws; resolve("open"); };
})
"""



@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("origin") / "warehouse.duckdb"
    build(db, DATA_DIR)
    port = free_port()
    # the XLSX reader's memory as low as a small machine might set it: the abort corpus below must hit it
    env = {"STREAMLIT_SERVER_ALLOWED_HOSTS": "localhost 127.0.0.1 ::1", "SHEGONG_XLSX_MEMORY_MB": "600"}
    with streamlit(db, env=env, drop=("SHEGONG_PUBLIC",), port=port):
        yield port, db


@pytest.fixture(scope="module")
def other_site():
    """Another local web server (the attacker's page), on its own port."""
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<!doctype html><title>other</title><p>an ordinary page"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(playwright):
    """A Chromium of its own (the folder's Playwright): it resolves the rebinding name rebind.test to this machine."""
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--host-resolver-rules=MAP rebind.test 127.0.0.1"])
    yield b
    b.close()


def rerun(page_name: str) -> str:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = page_name
    return base64.b64encode(msg.SerializeToString()).decode()


def drive(page, port: int) -> dict:
    """From `page`'s origin: open the app's websocket, ask for the admin page, and say what came back."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    state = page.evaluate(RELAY, f"ws://localhost:{port}/_stcore/stream")
    if state != "open":
        return {"open": False, "pages": set(), "elements": set()}
    page.evaluate("(b) => window.ws.send(Uint8Array.from(atob(b), c => c.charCodeAt(0)))", rerun("admin"))
    seen: list = []
    deadline = time.time() + 60
    while time.time() < deadline:
        raw = page.evaluate("() => window.msgs")
        seen = [ForwardMsg.FromString(base64.b64decode(m)) for m in raw]
        if any(m.WhichOneof("type") == "script_finished" for m in seen):
            break
        time.sleep(0.5)
    pages, elements = set(), set()
    for m in seen:
        if m.WhichOneof("type") == "navigation":
            # the last one is st.navigation's (the first lists the pages/ folder, before the script runs)
            pages = {p.url_pathname for p in m.navigation.app_pages}
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            elements.add(m.delta.new_element.WhichOneof("type"))
    page.evaluate("() => window.ws.close()")
    return {"open": True, "pages": pages, "elements": elements}


def test_a_page_from_another_local_port_cannot_open_the_admin_page(app, other_site, browser):
    port, db = app
    context = browser.new_context()
    page = context.new_page()
    page.goto(other_site)
    attack = drive(page, port)
    # Streamlit itself accepts this websocket (localhost on any port): the app must refuse the page and every write
    assert attack["open"]
    assert "overview" in attack["pages"] and "admin" not in attack["pages"]
    assert not attack["elements"] & {"file_uploader", "text_area", "data_editor"}
    # the same relay from the server's own page reaches the page: what the attacker got was a refusal
    page.goto(f"http://localhost:{port}/_stcore/health")
    own = drive(page, port)
    assert "admin" in own["pages"] and "file_uploader" in own["elements"]
    assert not importer.kept_files(db).joinpath("import_log.csv").exists()
    context.close()


def test_a_rebinding_host_name_gets_no_admin_page(app, browser):
    port, _ = app
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"http://rebind.test:{port}/admin")
    page.wait_for_timeout(8000)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    assert page.get_by_role("heading", name="数据管理").count() == 0
    # and the server's own address still has it
    page.goto(f"http://localhost:{port}/admin")
    page.wait_for_selector("[data-testid=stFileUploader]", timeout=90_000)
    context.close()


def test_hostile_workbooks_through_the_admin_page_leave_the_server_answering(app, browser, tmp_path):
    """The upload that used to abort the server (every tab: "Connection error") is one refused file in a real
    server: the reader aborts in its child process, the page names the file and cell, the server answers on."""
    from tests.data.test_import_hostile import HEADER, XHEADER, far_row, patched, rows, workbook, xrows

    def text_file(f, data: bytes):
        f.write_bytes(data)
        return f
    long_cell = [HEADER, *rows(2)]
    long_cell[2] = long_cell[2].replace("中宁县第2社会工作服务站", "长" * 140_000)
    latin = ("\n".join([HEADER, *rows(2)]) + "\n").encode("gbk") + "ZN-9,Müller Café\n".encode()

    port, db = app
    edit = far_row(b'r="J1100000"')
    corpus = {
        "abort.xlsx": (lambda f: patched(workbook(f, XHEADER, xrows(2)), sheet=lambda x: edit(x).replace(
            b'<row r="1048576">', b'<row r="1100000">')), "abort.xlsx:1100000:J: reading the workbook"),
        "lower.xlsx": (lambda f: patched(workbook(f, XHEADER, xrows(2)), sheet=far_row(b"r = 'xfd1048576'")),
                       "lower.xlsx:1048576:XFD: sheet 站点 has a cell at XFD1048576"),
        "long.csv": (lambda f: text_file(f, ("\n".join(long_cell) + "\n").encode("utf-8")),
                     "long.csv:3:name: a cell of 140,000 characters"),
        "latin.csv": (lambda f: text_file(f, latin), "latin.csv:4:-: the file mixes encodings"),
    }
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.goto(f"http://localhost:{port}/admin")
    page.wait_for_selector("[data-testid=stFileUploader]", timeout=90_000)
    def choose(f, shown_before: str | None):
        """Pick a file and wait until the page has rerun with it (the last file's message gone, the button back), as a
        user does before pressing 检查: a click while the upload is on its way checks the file before it."""
        page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(f))
        if shown_before:
            page.wait_for_selector(f"text={shown_before}", state="detached", timeout=120_000)
        page.get_by_role("button", name="检查").wait_for(timeout=120_000)

    shown = None
    for name, (make, message) in corpus.items():
        choose(make(tmp_path / name), shown)
        page.get_by_role("button", name="检查").click()
        page.wait_for_selector(f"text={message}", timeout=120_000)
        shown = message
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5).read() == b"ok"
    assert page.get_by_text("Connection error").count() == 0
    choose(workbook(tmp_path / "good.xlsx", XHEADER, xrows(2)), shown)
    page.get_by_role("button", name="检查").click()
    page.wait_for_selector("text=检查通过：2 行", timeout=120_000)
    assert not importer.kept_files(db).joinpath("import_log.csv").exists()
    context.close()
