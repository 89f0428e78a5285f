"""Run one `homecase` command in this process and print how long it took, start-up excluded.

`python bench/timed.py sweep` prints the command's own output, then `seconds=1.234` last.
`bench/run.py` uses it so that Python and Django start-up (half a second or so) is not
counted against a target measured in seconds.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecase.settings")
    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command(*argv)
    print(f"seconds={time.perf_counter() - started:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
