#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""window-specs.py: every row of tests/window-specs.tsv against the build-time
checks of the window options, which must agree with the driver (whose own
run of the table is driver/tests/spec_table, make test-driver):

  buildroot  package/devmap/devmap.mk, evaluated by make outside Buildroot
             (tests/window-specs-buildroot.mk stands in for Buildroot):
             devmap_windows rows as BR2_PACKAGE_DEVMAP_WINDOWS,
             devmap_buffer_size rows as BR2_PACKAGE_DEVMAP_BUFFER_SIZE,
             devmap_buffers rows as BR2_PACKAGE_DEVMAP_EXTRA_OPTIONS
  yocto      devmap_check_options() of meta-devmap's devmap-options.bbclass,
             run here with a stand-in for bitbake's datastore: the same
             rows as DEVMAP_WINDOWS, DEVMAP_BUFFER_SIZE, DEVMAP_EXTRA_OPTIONS

A bad value must stop each with an error that names the option, its value
and the part the table names, in the same words in both; a good one must
pass. Prints TAP, one line a row; exits 1 if a row disagrees.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TABLE = os.path.join(HERE, 'window-specs.tsv')
BBCLASS = os.path.join(REPO, 'meta-devmap', 'classes',
                       'devmap-options.bbclass')
HARNESS = os.path.join(HERE, 'window-specs-buildroot.mk')

OPTIONS = {
    'buildroot': {'devmap_windows': 'BR2_PACKAGE_DEVMAP_WINDOWS',
                  'devmap_buffers': 'BR2_PACKAGE_DEVMAP_EXTRA_OPTIONS',
                  'devmap_buffer_size': 'BR2_PACKAGE_DEVMAP_BUFFER_SIZE'},
    'yocto': {'devmap_windows': 'DEVMAP_WINDOWS',
              'devmap_buffers': 'DEVMAP_EXTRA_OPTIONS',
              'devmap_buffer_size': 'DEVMAP_BUFFER_SIZE'},
}


def rows():
    with open(TABLE, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            cols = line.split('\t')
            if len(cols) < 3 or cols[0] not in OPTIONS['yocto']:
                sys.exit('%s:%d: not parameter<TAB>value<TAB>expected'
                         '[<TAB>note]' % (TABLE, lineno))
            yield cols[0], cols[1], cols[2], cols[3] if len(cols) > 3 else ''


def field(complaint):
    """The table's name for the part of the value that a complaint names."""
    m = re.search(r'\bbad (name|base|size|mode|flag)\b', complaint)
    if m:
        return m.group(1)
    for words, name in (('too many fields', 'fields'),
                        ('expected name:', 'fields'),
                        ('is not a size', 'size'), ('multiple', 'align'),
                        ('wraps', 'wrap')):
        if words in complaint:
            return name
    return 'an error of another kind'


def option_value(param, value):
    """What the option is set to: the buffers go in the extra options."""
    return 'devmap_buffers=' + value if param == 'devmap_buffers' else value


def buildroot(param, value):
    """None if devmap.mk takes the value, else its error."""
    option = OPTIONS['buildroot'][param]
    run = subprocess.run(['make', '-s', '--no-print-directory', '-f', HARNESS,
                          '%s="%s"' % (option, option_value(param, value))],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, check=False)
    if run.returncode == 0:
        return None
    # harness.mk:LINE: *** MESSAGE.  Stop.
    m = re.search(r'\*\*\* (.*)\.  Stop\.', run.stdout)
    return m.group(1) if m else run.stdout.strip() or 'make failed'


class Fatal(Exception):
    pass


class Bb:
    """bitbake's bb module, as far as the check uses it."""

    @staticmethod
    def fatal(msg):
        raise Fatal(msg)


class Datastore:
    def __init__(self, values):
        self.values = values

    def getVar(self, name):  # noqa: N802 (bitbake's name)
        return self.values.get(name)


def bbclass_functions():
    """The python functions of the bbclass, compiled: as bitbake reads them,
    a top-level def runs on while lines are indented, empty or comments."""
    code, inside = [], False
    with open(BBCLASS, encoding='utf-8') as f:
        for line in f:
            if line.startswith('def '):
                inside = True
            elif line.strip() and not line[0].isspace() \
                    and not line.startswith('#'):
                inside = False
            if inside:
                code.append(line)
    scope = {'bb': Bb}
    exec(compile(''.join(code), BBCLASS, 'exec'), scope)
    return scope


def yocto(check, param, value):
    option = OPTIONS['yocto'][param]
    try:
        check(Datastore({option: option_value(param, value)}), [option])
    except Fatal as e:
        return str(e)
    return None


def check_row(check, param, value, expect):
    """Diagnostics: empty when both checks agree with the table, name the
    option and its value, and give the same reason."""
    diag, reasons = [], []
    for name in ('buildroot', 'yocto'):
        option = OPTIONS[name][param]
        named = '%s="%s": ' % (option, option_value(param, value))
        if name == 'buildroot':
            err = buildroot(param, value)
        else:
            err = yocto(check, param, value)
        got = 'ok' if err is None else field(err)
        if got != expect:
            diag.append('%s got %s%s' % (name, got, ': ' + err if err else ''))
        elif err and not err.startswith(named):
            diag.append('%s does not begin with %s: %s' % (name, named, err))
        reasons.append(err[len(named):] if err else None)
    if reasons[0] != reasons[1]:
        diag.append('different reasons: buildroot %r, yocto %r'
                    % tuple(reasons))
    return diag


def main():
    check = bbclass_functions()['devmap_check_options']
    n = failed = 0
    print('TAP version 13')
    for param, value, expect, note in rows():
        n += 1
        diag = check_row(check, param, value, expect)
        failed += bool(diag)
        print('%s %d - buildroot and yocto: %s %r %s (%s)' % (
            'not ok' if diag else 'ok', n, param, value,
            'refused: ' + expect if expect != 'ok' else 'accepted', note))
        for line in diag:
            print('#   ' + line)
    print('1..%d' % n)
    print('# window-specs: buildroot and yocto: %d rows, %d disagree'
          % (n, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
