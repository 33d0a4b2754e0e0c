# SPDX-License-Identifier: Apache-2.0
#
# For the check of docs/yocto.md's release snippets: after do_unpack, S
# (and DEVMAP_SELFTEST_SCRIPT where a recipe has it) must exist, else the
# task fails naming the variable. oe-core only warns about S.

python devmap_ci_unpacked() {
    import os
    for var in ('S', 'DEVMAP_SELFTEST_SCRIPT'):
        path = d.getVar(var)
        if path and not os.path.exists(path):
            bb.fatal('%s="%s" does not exist after do_unpack' % (var, path))
}
do_unpack[postfuncs] += "devmap_ci_unpacked"
