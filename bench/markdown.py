"""Markdown rendering of hostile text: prints the seconds each input takes.

    .venv/bin/python -m bench.markdown

Stored text is bounded at 20,000 characters; none of these should take more
than a fraction of a second. Figures, not a test: machines differ.
"""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
django.setup()

from recommendations.text import render_markdown  # noqa: E402  (after setup)


def main():
    inputs = {
        '8,000 "["': "[" * 8000,
        '20,000 "["': "[" * 20000,
        '4,000 "!["': "![" * 4000,
        '5,000 "[a]("': "[a](" * 5000,
        '8,000 "[" then 8,000 "]"': "[" * 8000 + "]" * 8000,
        "a list nested 247 deep": "".join("    " * n + f"- level {n}\n" for n in range(247)),
    }
    for label, text in inputs.items():
        started = time.process_time()
        render_markdown(text)
        print(f"{label:32} {time.process_time() - started:6.3f} s CPU")


if __name__ == "__main__":
    main()
