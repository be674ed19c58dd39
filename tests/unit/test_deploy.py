"""The deployment files agree with the code: every EVENTWIRE_* variable they set is a
setting, the probes hit the worker's pages, and Prometheus scrapes the job the alerts watch."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from pipeline.settings import PREFIX, Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
KNOWN = {PREFIX + f.name.upper() for f in fields(Settings) if f.name != "topic_partitions"}


def documents(path: Path) -> list[Any]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def assert_known(names: set[str]) -> None:
    unknown = {n for n in names if n.startswith(PREFIX) and n not in KNOWN
               and not n.startswith(PREFIX + "PARTITIONS_")}
    assert not unknown, f"not settings: {sorted(unknown)}"


def test_k8s_config_secret_and_probes() -> None:
    [config] = documents(DEPLOY / "k8s" / "configmap.yaml")
    [secret] = documents(DEPLOY / "k8s" / "secret.example.yaml")
    assert_known(set(config["data"]) | set(secret["stringData"]))
    assert not any("PASSWORD" in k for k in config["data"]), "secrets belong in the Secret"
    Settings.from_env({**config["data"], **secret["stringData"]})  # a valid combination
    [deployment] = documents(DEPLOY / "k8s" / "deployment.yaml")
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["eventwire", "run"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    [service] = documents(DEPLOY / "k8s" / "service.yaml")
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]


def test_compose_workers_scale_and_are_scraped() -> None:
    [compose] = documents(DEPLOY / "docker-compose.yml")
    worker = compose["services"]["worker"]
    assert_known(set(worker["environment"]))
    assert "ports" not in worker and "volumes" not in worker  # so --scale worker=N works
    assert {"prometheus", "grafana", "kafka"} <= set(compose["services"])
    for name in ("prometheus.yml", "prometheus.compose.yml"):
        [config] = documents(DEPLOY / "prometheus" / name)
        assert [job["job_name"] for job in config["scrape_configs"]] == ["eventwire"]
    alerts = (DEPLOY / "prometheus" / "alerts.yml").read_text()
    assert set(re.findall(r'job="([^"]+)"', alerts)) == {"eventwire"}


def test_grafana_uses_the_provisioned_datasource() -> None:
    dashboard = json.loads((DEPLOY / "grafana" / "dashboard.json").read_text())
    [source] = documents(DEPLOY / "grafana" / "provisioning" / "datasources" /
                         "prometheus.yml")[0]["datasources"]
    uids = {t["datasource"]["uid"] for p in dashboard["panels"] for t in p["targets"]}
    assert uids == {source["uid"]}
