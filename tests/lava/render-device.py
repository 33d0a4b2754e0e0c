#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""render-device.py DICTIONARY DEVICE_TYPES_DIR JOB: print the device
configuration that lava-server makes of the device dictionary DICTIONARY
for the job JOB (its context: arch, memory, ...), as lava-run wants it.

DEVICE_TYPES_DIR holds LAVA's device-type templates (qemu.jinja2,
bcm2711-rpi-4-b.jinja2, base.jinja2, ...): /usr/share/lava-server/device-types
of the lava-server package. lava-server renders with a sandboxed Jinja2
environment, trim_blocks, no autoescape, the job's context as variables:
so does this. tests/lava/run.sh renders devmap's dictionaries with it for
lava-run, which takes the rendered configuration (--device).
"""

import os
import sys

import jinja2
import jinja2.sandbox
import yaml


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    dictionary, types_dir, job_file = argv[1:]
    for path in (dictionary, job_file):
        if not os.path.isfile(path):
            sys.stderr.write("render-device.py: no file '%s'\n" % path)
            return 2
    if not os.path.isfile(os.path.join(types_dir, "base.jinja2")):
        sys.stderr.write("render-device.py: '%s' has no LAVA device-type "
                         "templates (base.jinja2)\n" % types_dir)
        return 2
    with open(job_file, encoding="utf-8") as f:
        job = yaml.safe_load(f)
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(
            [os.path.dirname(os.path.abspath(dictionary)), types_dir]),
        autoescape=False, trim_blocks=True)
    try:
        text = env.get_template(os.path.basename(dictionary)).render(
            **job.get("context", {}))
        yaml.safe_load(text)
    except (jinja2.TemplateError, yaml.YAMLError) as exc:
        sys.stderr.write("render-device.py: %s: %s\n" % (dictionary, exc))
        return 1
    sys.stdout.write("# %s rendered for %s\n"
                     % (os.path.basename(dictionary), os.path.basename(job_file)))
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
