"""The server manifests in deploy/ run here as far as one machine can: the pod's command answers its probes, the
Job's command builds the warehouse where the pods read it; the systemd units checked by systemd-analyze and
restarting always (the manifests as files, validated against the Kubernetes schemas:
tests/unit/test_manifest_files.py)."""
import asyncio
import configparser
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from benchmarks.load import Session
from deploy.run import ROOT, wait_healthy
from tests.servers import free_port
from tests.unit.test_manifest_files import manifests


@pytest.fixture(scope="module")
def k8s() -> dict[str, dict]:
    return manifests()


def local(arg: str, volume: Path) -> str:
    """A path in the image or on the volume, as it is on this machine."""
    return arg.replace("/opt/shegong", str(ROOT)).replace("/var/lib/shegong", str(volume))


def test_the_jobs_command_builds_the_warehouse_in_place(k8s, tmp_path):
    """Run as written (image paths mapped to this checkout): a warehouse appears at the pods' path."""
    spec = k8s["Job"]["spec"]["template"]["spec"]["containers"][0]
    volume = tmp_path / "volume"
    volume.mkdir()
    done = subprocess.run([local(a, volume) for a in spec["command"]], cwd=local(spec["workingDir"], volume),
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    # the warehouse and the writer lock that a second Job would wait on; no temporary copy left behind
    assert sorted(p.name for p in volume.iterdir()) == ["warehouse.duckdb", "warehouse.duckdb.lock"]
    with duckdb.connect(str(volume / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM figures").fetchone()[0] > 0


@pytest.mark.deploy
def test_the_pods_command_serves_its_probes_and_pages(k8s, warehouse, tmp_path):
    """The Deployment's container command and environment started here: the probe path answers within the startup
    probe's budget and the overview is drawn from the warehouse on the volume."""
    spec = k8s["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    volume = tmp_path / "volume"
    volume.mkdir()
    shutil.copy(warehouse, volume / "warehouse.duckdb")
    port = free_port()
    command = [local(a, volume) for a in spec["command"]]
    command[command.index("--server.port") + 1] = str(port)
    command[command.index("--server.address") + 1] = "127.0.0.1"  # not 0.0.0.0 on a shared machine
    env = {**os.environ, **k8s["ConfigMap"]["data"], "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
           **{e["name"]: local(e["value"], volume) for e in spec["env"]}, "HOME": str(tmp_path)}
    proc = subprocess.Popen(command, cwd=local(spec["workingDir"], volume), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        startup = spec["startupProbe"]
        wait_healthy(f"http://127.0.0.1:{port}", startup["periodSeconds"] * startup["failureThreshold"], proc)
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert spec[probe]["httpGet"]["path"] == "/_stcore/health"

        async def visit():
            s = await Session(f"http://127.0.0.1:{port}").open()
            try:
                return await s.load("")
            finally:
                await s.close()

        page = asyncio.run(visit())
        assert page.ok and "515个" in page.texts
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize("unit", ["shegong@.service", "shegong-nginx.service"])
def test_systemd_units_restart_always_and_verify(unit, tmp_path):
    text = (ROOT / "deploy" / unit).read_text(encoding="utf-8")
    parsed = configparser.ConfigParser(strict=False, interpolation=None)
    parsed.optionxform = str
    parsed.read_string(text)
    assert parsed["Service"]["Restart"] == "always"
    assert parsed["Unit"]["StartLimitIntervalSec"] == "0"  # never gives up after a burst of crashes
    # systemd's own check, with the code path of a server (/opt/shegong) mapped to this checkout
    name = unit.replace("@", "@8601")
    (tmp_path / name).write_text(text.replace("/opt/shegong", str(ROOT)), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / name)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
