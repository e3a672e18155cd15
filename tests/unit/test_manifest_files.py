"""The server manifests in deploy/ as files: Kubernetes (deploy/k8s/*.yaml) validated offline against the Kubernetes
schemas with kubernetes-validate, and wired to each other and to .streamlit/public.env (running their commands here:
tests/deploy/test_manifests.py)."""
import copy
import re

import kubernetes_validate
import pytest
import yaml

from deploy.run import ROOT, public_env

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


def test_public_env_hardens_streamlit():
    env = public_env()
    assert env["SHEGONG_PUBLIC"] == "1"
    assert env["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] == "none"
    assert env["STREAMLIT_CLIENT_TOOLBAR_MODE"] == "viewer"
    assert env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"
    assert env["STREAMLIT_SERVER_MAX_UPLOAD_SIZE"] == "0"
