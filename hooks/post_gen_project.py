"""Remove the files of the options the user did not choose (the table is in project_rules.PRUNE)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, {{ hooks_dir | tojson }})

from project_rules import prune  # noqa: E402

prune(Path.cwd(), json.loads({{ cookiecutter | jsonify | tojson }}))
