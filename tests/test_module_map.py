"""The map of the apps in docs/developers/layout.md says what the import contract says: the
same apps, in the same order, each with its block in the tree. A new app, or a change of order
in pyproject.toml, fails here until the map follows."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = ROOT / "docs" / "developers" / "layout.md"


def contract_layers():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    return layers


def test_the_map_states_the_import_order_of_the_contract():
    text = LAYOUT.read_text()
    stated = re.search(r"((?:`\w+`(?: \(\w+\))?\s+→\s+)+`\w+`)", text)
    assert stated, "layout.md no longer states the import order"
    assert re.findall(r"`(\w+)`", stated.group(1)) == contract_layers()


def test_every_app_of_the_contract_has_its_block_in_the_map():
    tree = LAYOUT.read_text().split("```")[1]
    blocks = re.findall(r"^(\w+)/", tree, flags=re.M)
    for app in contract_layers():
        assert app in blocks, f"{app}/ is missing from the map"
        assert (ROOT / app / "__init__.py").exists()
