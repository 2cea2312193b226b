from isu.cli import main

raise SystemExit(main())
