"""The old import path of the one-spec compile and of a project build, kept for scripts
and plugins written against it: ``from specmaid.pipeline.compile import render_file`` still works.

specmaid's own code imports from the modules these names live in now:
:mod:`specmaid.pipeline.compile` (one spec through the pipeline) and
:mod:`specmaid.project.plan` / :mod:`specmaid.project.apply` (a build or check of a
project). Nothing inside specmaid imports this module.
"""

from specmaid.pipeline.compile import RenderedSpec, render_file, render_source
from specmaid.project.apply import apply_build
from specmaid.project.files import spec_files
from specmaid.project.plan import plan_build
from specmaid.project.status import BuildResult, OutputStatus

__all__ = [
    "BuildResult",
    "OutputStatus",
    "RenderedSpec",
    "apply_build",
    "plan_build",
    "render_file",
    "render_source",
    "spec_files",
]
