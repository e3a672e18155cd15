"""The server manifests in deploy/: Kubernetes (deploy/k8s/*.yaml) validated offline against the Kubernetes schemas
with kubernetes-validate and run here as far as one machine can (the pod's command answers its probes, the Job's
command builds the warehouse where the pods read it); the systemd units checked by systemd-analyze and restarting
always."""
import asyncio
import configparser
import copy
import os
import secrets
import shutil
import socket
import subprocess
from pathlib import Path

import duckdb
import kubernetes_validate
import pytest
import yaml

from benchmarks.load import Session
from deploy.run import ROOT, public_env, wait_healthy

K8S = ROOT / "deploy" / "k8s"
VERSION = "1.37.0"


def manifests() -> dict[str, dict]:
    """{kind: resource} of every document in deploy/k8s/*.yaml (one of each kind)."""
    found = {}
    for f in sorted(K8S.glob("*.yaml")):
        for doc in yaml.safe_load_all(f.read_text(encoding="utf-8")):
            assert doc["kind"] not in found, f"two {doc['kind']} manifests"
            found[doc["kind"]] = doc
    return found


@pytest.fixture(scope="module")
def k8s() -> dict[str, dict]:
    return manifests()


def test_every_manifest_is_valid_for_kubernetes_strictly(k8s):
    assert set(k8s) == {"ConfigMap", "PersistentVolumeClaim", "Deployment", "Service", "Ingress",
                        "HorizontalPodAutoscaler", "Job"}
    for doc in k8s.values():
        kubernetes_validate.validate(doc, VERSION, strict=True)


def test_the_validator_rejects_a_misspelt_field(k8s):
    broken = copy.deepcopy(k8s["Deployment"])
    container = broken["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbes"] = container.pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError, match="readinessProbes"):
        kubernetes_validate.validate(broken, VERSION, strict=True)


def test_pods_get_the_public_env_of_make_deploy(k8s):
    assert k8s["ConfigMap"]["data"] == public_env()


def test_service_ingress_and_autoscaler_reach_the_deployment(k8s):
    dep, svc, ing, hpa = k8s["Deployment"], k8s["Service"], k8s["Ingress"], k8s["HorizontalPodAutoscaler"]
    pod = dep["spec"]["template"]
    assert dep["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    assert svc["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    ports = {p["name"] for p in pod["spec"]["containers"][0]["ports"]}
    assert {p["targetPort"] for p in svc["spec"]["ports"]} <= ports
    backend = ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == svc["metadata"]["name"]
    assert backend["port"]["name"] in {p["name"] for p in svc["spec"]["ports"]}
    assert (hpa["spec"]["scaleTargetRef"]["kind"], hpa["spec"]["scaleTargetRef"]["name"]) == \
        ("Deployment", dep["metadata"]["name"])
    notes = ing["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # websockets stay open
    assert int(notes["nginx.ingress.kubernetes.io/limit-connections"]) >= 1000  # an office behind one address
    # the same security headers as make deploy's nginx, on every response the ingress sends (issue 21)
    import re
    mine = dict(re.findall(r'add_header (\S+) "?(.*?)"? always;', (ROOT / "deploy" / "security-headers.conf")
                           .read_text(encoding="utf-8")))
    snippet = notes["nginx.ingress.kubernetes.io/configuration-snippet"]
    theirs = dict(re.findall(r'more_set_headers "([^:]+): (.*)";', snippet))
    assert theirs == mine and {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                               "Referrer-Policy"} <= set(theirs)
    rollout = dep["spec"]["strategy"]["rollingUpdate"]
    assert rollout["maxUnavailable"] == 0 and rollout["maxSurge"] >= 1


def test_pods_read_the_warehouse_that_the_job_writes_read_only(k8s):
    dep, job, pvc = k8s["Deployment"]["spec"]["template"]["spec"], k8s["Job"]["spec"]["template"]["spec"], \
        k8s["PersistentVolumeClaim"]
    assert "ReadWriteMany" in pvc["spec"]["accessModes"]  # pods on several nodes and the Job mount it together

    def mount(spec: dict) -> tuple[str, bool]:
        claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in spec["volumes"]
                  if "persistentVolumeClaim" in v}
        (m,) = [m for m in spec["containers"][0]["volumeMounts"] if claims.get(m["name"]) == pvc["metadata"]["name"]]
        return m["mountPath"], m.get("readOnly", False)

    assert mount(dep) == ("/var/lib/shegong", True)
    assert mount(job) == ("/var/lib/shegong", False)
    env = {e["name"]: e["value"] for e in dep["containers"][0]["env"]}
    command = job["containers"][0]["command"]
    assert command[command.index("--out") + 1] == env["SHEGONG_WAREHOUSE"]
    for spec in (dep, job):
        assert spec["containers"][0]["securityContext"]["readOnlyRootFilesystem"]


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
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
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
