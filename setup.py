"""The build compiles the bundled templates into the package (setup.cfg holds the rest).

``build_py`` copies the package into the build folder as usual, then runs the copied
package once to write each template's compiled code beside the templates
(``macrograph/templates/compiled/``, :mod:`macrograph.explain.compiled`), so that an
installed macrograph runs its templates without compiling them. An editable install
runs from the working tree, where ``make install`` writes the same folder.
"""

from __future__ import annotations

import os
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

COMPILE = "from macrograph.explain.environment import compile_templates; compile_templates()"


class BuildWithCompiledTemplates(build_py):
    """``build_py``, then the bundled templates compiled by the package just copied."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        path = os.pathsep.join(filter(None, (self.build_lib, os.environ.get("PYTHONPATH"))))
        environment = {**os.environ, "PYTHONPATH": path}
        subprocess.run([sys.executable, "-c", COMPILE], env=environment, check=True)


setup(cmdclass={"build_py": BuildWithCompiledTemplates})
