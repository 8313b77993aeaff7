"""``/usr/bin/python3 -m bowtie_tools <stage>``: the training tool's command line."""

from .environment import require_scientific_stack

require_scientific_stack()

from .cli import main  # noqa: E402  (the check above must run before torch is imported)

main()
