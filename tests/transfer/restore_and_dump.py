"""Run in a subprocess with another database: ``python -m tests.transfer.restore_and_dump
EXPORT.zip ORGANISATION_ID OUT.json`` restores through the real command line, then writes
the restored rows (tests/transfer/rows.py) to OUT.json."""

import json
import sys

from secondround.cli import main

if __name__ == "__main__":
    export, organisation_id, out = sys.argv[1:4]
    status = main(["restore", export])
    if status:
        sys.exit(status)
    from tests.transfer.rows import table_rows

    with open(out, "w") as stream:
        json.dump(table_rows(int(organisation_id)), stream)
