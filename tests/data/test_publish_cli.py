"""`python -m shegong publish` refuses what it must not do, before doing anything."""
import subprocess
import sys

from shegong.config import ROOT


def publish(*args):
    return subprocess.run([sys.executable, "-m", "shegong", "publish", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_a_folder_that_is_not_a_snapshot_is_never_overwritten(tmp_path):
    (tmp_path / "report.docx").write_bytes(b"a clerk's file")
    done = publish("--out", str(tmp_path))
    assert done.returncode == 2
    assert "not empty and holds no snapshot" in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_an_unknown_download_format_is_named(tmp_path):
    done = publish("--out", str(tmp_path / "site"), "--formats", "png,docx")
    assert done.returncode == 2 and "unknown format docx" in done.stdout
    assert not (tmp_path / "site").exists()
