"""docs/deploy: every manifest parses, runs helpgen commands that exist with options they take,
probes endpoints that answer, and the compose file's nginx config passes `nginx -t` (its proxy
rules are the file tests/nginx.py includes for the nginx test and the bench). No docker or
Kubernetes here: what can be checked without them is."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.helpers import run_helpgen
from tests.nginx import DEPLOY, PROXY_CONF, check, require_nginx
from tests.serve.support import Server, make_project

ROOT = DEPLOY.parent.parent
COMPOSE = DEPLOY / "compose.yaml"
MANIFESTS = sorted((DEPLOY / "k8s").glob("*.yaml"))
PROBES = {"/healthz", "/readyz"}


def documents(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def k8s(kind: str) -> dict:
    found = [d for path in MANIFESTS for d in documents(path) if d.get("kind") == kind]
    assert len(found) == 1, kind
    return found[0]


def pod_container(workload: dict) -> dict:
    (container,) = workload["spec"]["template"]["spec"]["containers"]
    return container


def help_text(*command: str) -> str:
    code, out, err = run_helpgen(*command, "--help")
    assert code == 0, err
    return out


def assert_helpgen_command(args: list[str]) -> None:
    """`args` (after the image's `helpgen` entrypoint) name a helpgen command, and every option
    they pass is one that command lists."""
    words = [a for a in args if not a.startswith("-")]
    command = words[:2] if words[0] == "store" else words[:1]
    text = help_text(*command)
    for option in (a for a in args if a.startswith("--")):
        assert re.search(rf"{re.escape(option)}\b", text), f"{command}: no {option}"


def test_every_yaml_file_parses_and_every_manifest_names_itself():
    paths = [COMPOSE, *MANIFESTS]
    assert len(MANIFESTS) >= 4
    for path in paths:
        assert documents(path), path
    for path in MANIFESTS:
        for doc in documents(path):
            assert {"apiVersion", "kind"} <= set(doc), path
            assert doc["kind"] == "Kustomization" or doc["metadata"]["name"], path


def test_kustomization_lists_every_manifest():
    listed = set(k8s("Kustomization")["resources"])
    assert listed == {p.name for p in MANIFESTS if p.name != "kustomization.yaml"}


def test_the_deployment_probes_ready_and_live_on_the_port_it_serves():
    container = pod_container(k8s("Deployment"))
    args = container["args"]
    assert args[:1] == ["serve"] and {"--no-watch", "--no-build"} <= set(args)
    assert_helpgen_command(args)
    port = int(args[args.index("--port") + 1])
    assert container["ports"] == [{"name": "http", "containerPort": port}]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    service = k8s("Service")
    assert service["spec"]["selector"] == k8s("Deployment")["spec"]["selector"]["matchLabels"]
    assert service["spec"]["ports"][0]["targetPort"] == "http"


def test_the_job_upgrades_the_store_and_secrets_are_referenced_not_included():
    job = pod_container(k8s("Job"))
    assert job["args"][:2] == ["store", "upgrade"]
    assert_helpgen_command(job["args"])
    assert not [d for path in MANIFESTS for d in documents(path) if d.get("kind") == "Secret"], (
        "the Secret is made by the operator, never kept in the repository"
    )
    for container in (job, pod_container(k8s("Deployment"))):
        env = {e["name"]: e for e in container["env"]}
        assert env["HELPGEN_STORE_URL"]["valueFrom"]["secretKeyRef"] == {
            "name": "helpgen",
            "key": "store-url",
        }


def test_compose_runs_postgres_an_upgrade_two_replicas_and_nginx():
    services = documents(COMPOSE)[0]["services"]
    assert set(services) == {"postgres", "upgrade", "replica-a", "replica-b", "nginx"}
    assert_helpgen_command(services["upgrade"]["command"])
    for name in ("replica-a", "replica-b"):
        replica = services[name]
        assert_helpgen_command(replica["command"])
        assert {"--no-watch", "--no-build"} <= set(replica["command"])
        probe = " ".join(replica["healthcheck"]["test"])
        assert any(f"127.0.0.1:8000{p}" in probe for p in PROBES), probe
        assert replica["depends_on"]["upgrade"]["condition"] == "service_completed_successfully"
        assert "HELPGEN_STORE_URL" in replica["environment"]
        assert nginx_trusts(services) == replica["environment"]["FORWARDED_ALLOW_IPS"]
    nginx = services["nginx"]
    assert set(nginx["depends_on"]) == {"replica-a", "replica-b"}
    mounted = {m.split(":")[0] for m in nginx["volumes"]}
    assert mounted == {"./nginx/default.conf", "./nginx/helpgen-proxy.conf"}
    assert all((DEPLOY / m).is_file() for m in mounted)
    assert (DEPLOY / "nginx" / "helpgen-proxy.conf") == PROXY_CONF  # the tested rules


def nginx_trusts(services: dict) -> str:
    return services["nginx"]["networks"]["help"]["ipv4_address"]


def test_the_compose_nginx_config_passes_nginx_t_and_proxies_to_the_replicas(tmp_path):
    require_nginx()
    default = (DEPLOY / "nginx" / "default.conf").read_text(encoding="utf-8")
    upstreams = re.findall(r"server (\S+):8000;", default)
    assert upstreams == ["replica-a", "replica-b"]  # the compose services, on serve's --port
    assert "include /etc/nginx/helpgen-proxy.conf;" in default
    # the names resolve inside compose only: here they are loopback; the paths are this checkout's
    local = default.replace("/etc/nginx/helpgen-proxy.conf", str(PROXY_CONF))
    for name in upstreams:
        local = local.replace(f"{name}:8000", "127.0.0.1:8000")
    (tmp_path / "default.conf").write_text(local)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; include {tmp_path}/default.conf; }}\n"
    )
    result = check(conf, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_dockerfile_is_multi_stage_unprivileged_and_checks_healthz():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert len(re.findall(r"^FROM ", text, re.M)) == 2
    assert re.search(r"^USER helpgen$", text, re.M)
    assert "http://127.0.0.1:8000/healthz" in text.split("HEALTHCHECK", 1)[1]
    assert "install -d -o helpgen -g helpgen /srv/help/.helpgen" in text  # the volume is its own
    cmd = yaml.safe_load(re.search(r"^CMD (.+)$", text, re.M).group(1))
    assert_helpgen_command(cmd)
    assert {"--no-watch", "--no-build"} <= set(cmd)


def test_the_probes_named_in_the_manifests_answer(tmp_path):
    """A real server of a built artifact answers both probes the manifests use with 200."""
    project = make_project(tmp_path / "project")
    code, _, err = run_helpgen("build", project)
    assert code == 0, err
    with Server(project, args=("--no-build",)).running() as server:
        for path in sorted(PROBES):
            assert server.request("GET", path)[0] == 200, path
