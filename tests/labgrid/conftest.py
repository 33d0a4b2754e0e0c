# SPDX-License-Identifier: Apache-2.0
"""devmap's board checks as a pytest suite on a labgrid target.

The image carries the checks (tests/buildroot/guest-checks.sh as
/etc/init.d/S99devmap-checks, with tests/board/checks.sh, the C guest
programs and /etc/devmap-checks.conf); this suite loads nothing onto the
board. For each file test_*.yaml here (test_board_checks.yaml: the command
and its timeout) it brings the target of the labgrid environment
(--lg-env) to a shell with its ShellStrategy (QEMU started, or the board
powered and logged in on its serial console), runs the command there
through labgrid's ShellDriver and powers the target off again. Each TAP
line of the output ("ok - NAME" / "not ok - NAME") is then one test, named
NAME: it passes or fails as the line says, and a failure shows the line
and the "#" lines printed before it. The checks run while pytest collects
(the names come from the board), so --collect-only runs them too. Output
that stops before DEVMAP-CHECKS-END adds one failed test.
"""

import re

import pytest
import yaml


def pytest_collect_file(parent, file_path):
    if file_path.suffix == ".yaml" and file_path.name.startswith("test_"):
        return BoardChecks.from_parent(parent, path=file_path)
    return None


class BoardChecks(pytest.File):
    def collect(self):
        spec = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        if not isinstance(spec, dict) or not isinstance(spec.get("command"), str):
            raise self.CollectError("%s: no 'command' to run on the target" % self.path)
        timeout = spec.get("timeout", 1200)
        if not isinstance(timeout, int) or timeout <= 0:
            raise self.CollectError("%s: timeout must be a positive number of seconds, is %r"
                                    % (self.path, timeout))
        env = getattr(self.config, "_labgrid_env", None)
        if env is None:
            raise self.CollectError("no labgrid environment: give --lg-env ENV.yaml "
                                    "(qemu-aarch64.yaml, rpi4.yaml) or set LG_ENV")
        target = env.get_target("main")
        if target is None:
            raise self.CollectError("%s has no target 'main'" % env.config_file)
        strategy = target.get_driver("ShellStrategy")
        strategy.transition("shell")
        try:
            shell = target.get_driver("ShellDriver")
            lines, _, status = shell.run(spec["command"], timeout=timeout)
        finally:
            strategy.transition("off")
        comments = []
        finished = False
        for line in lines:
            line = line.rstrip("\r")
            m = re.match(r"^(ok|not ok) - (.*)$", line)
            if m:
                yield TapLine.from_parent(self, name=m.group(2), passed=m.group(1) == "ok",
                                          line=line, comments=comments)
                comments = []
            elif line.startswith("#"):
                comments.append(line)
            elif line.startswith("DEVMAP-CHECKS-END"):
                finished = True
        if not finished:
            yield TapLine.from_parent(
                self, name="the board checks ran to DEVMAP-CHECKS-END", passed=False,
                line="'%s' ended with status %d before DEVMAP-CHECKS-END"
                % (spec["command"], status),
                comments=(comments + lines)[-30:])


class TapLine(pytest.Item):
    def __init__(self, *, passed, line, comments, **kwargs):
        super().__init__(**kwargs)
        self.passed = passed
        self.line = line
        self.comments = list(comments)

    def runtest(self):
        if not self.passed:
            raise TapFailure(self)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, TapFailure):
            return "\n".join(self.comments + [self.line])
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, self.name


class TapFailure(Exception):
    pass
