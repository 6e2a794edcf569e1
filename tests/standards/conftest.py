"""A copy of data/standards/ the load command may write to, named by STANDARDS_DIR."""
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "standards"


@pytest.fixture
def standards_dir(app, tmp_path):
    from workflows.wastewater.binding import clear_cache

    target = tmp_path / "standards"
    shutil.copytree(DATA, target)
    app.config["STANDARDS_DIR"] = str(target)
    clear_cache()
    yield target
    app.config.pop("STANDARDS_DIR", None)
    clear_cache()
