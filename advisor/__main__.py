"""`python -m advisor` is the same as the `advisor` command."""

from advisor.cli import main

raise SystemExit(main())
