"""PyInstaller entry script for ``build.spec``.

``danvan_desktop/__main__.py`` uses relative imports, so PyInstaller cannot run it as a
top-level script; this file imports the package and calls the same ``main()`` as the
``danvan`` console script: no arguments opens the window, a sub-command runs the CLI.
"""

import sys

from danvan_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
