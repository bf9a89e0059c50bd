"""Refuse answers that would produce a broken project, before cookiecutter renders a file."""

import json
import sys

sys.path.insert(0, {{ hooks_dir | tojson }})

from project_rules import InvalidAnswer, check_answers  # noqa: E402

ANSWERS = json.loads({{ cookiecutter | jsonify | tojson }})

try:
    check_answers(ANSWERS)
except InvalidAnswer as error:
    print(f"ERROR: {error}", file=sys.stderr)
    sys.exit(1)
