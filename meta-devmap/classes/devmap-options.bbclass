# SPDX-License-Identifier: Apache-2.0
#
# Options of the devmap driver and of the /dev/map node, for a machine
# configuration or local.conf to set. They are checked when a recipe is
# parsed, so that a typo stops the build with a message instead of giving
# a module that refuses to load on the board (as package/devmap does).
#
#   DEVMAP_WINDOWS        devmap_windows: name:base:size[:uncached|wc|cached[:shared]],...
#   DEVMAP_BUFFER_SIZE    devmap_buffer_size: size of the "buffer" window (0: none)
#   DEVMAP_MODE           mode of /dev/map, 3 or 4 octal digits
#   DEVMAP_GROUP          group of /dev/map, created unless it exists
#   DEVMAP_AUTOLOAD       "1": load the module at boot; "0": modprobe by hand
#   DEVMAP_EXTRA_OPTIONS  more module parameters, e.g. "dyndbg=+p"

DEVMAP_WINDOWS ??= ""
DEVMAP_BUFFER_SIZE ??= "1M"
DEVMAP_MODE ??= "0660"
DEVMAP_GROUP ??= "devmap"
DEVMAP_AUTOLOAD ??= "1"
DEVMAP_EXTRA_OPTIONS ??= ""

# The options line of /etc/modprobe.d/devmap.conf. The module reads its
# mode as a C number: a leading 0 makes it octal either way.
DEVMAP_MODULE_OPTIONS = "${@devmap_module_options(d)}"

# oe-core unpacks into WORKDIR up to scarthgap, into UNPACKDIR after it.
DEVMAP_UNPACKDIR = "${@d.getVar('UNPACKDIR') or d.getVar('WORKDIR')}"

# Sources: driver/ and java-lib/ of the repository that holds this layer
# (DEVMAP_SRCDIR, set in layer.conf), at the same commit.
FILESEXTRAPATHS:prepend = "${DEVMAP_SRCDIR}:"

def devmap_module_options(d):
    opts = []
    if d.getVar('DEVMAP_WINDOWS'):
        opts.append('devmap_windows=' + d.getVar('DEVMAP_WINDOWS'))
    opts.append('devmap_buffer_size=' + d.getVar('DEVMAP_BUFFER_SIZE'))
    opts.append('devmap_mode=0' + d.getVar('DEVMAP_MODE'))
    opts.extend(d.getVar('DEVMAP_EXTRA_OPTIONS').split())
    return ' '.join(opts)

def devmap_check_options(d, names):
    import re
    size = r'(0x[0-9a-fA-F]+|[0-9]+)[KMG]?'
    window = r'[A-Za-z0-9_.-]+:%s:%s(:(uncached|wc|cached)(:shared)?)?' % (size, size)
    rules = {
        'DEVMAP_WINDOWS': (r'(%s(,%s)*)?' % (window, window),
            'is not a list of name:base:size[:uncached|wc|cached[:shared]] entries separated by commas'),
        'DEVMAP_BUFFER_SIZE': (size,
            'is not a size such as 0, 4096, 0x100000 or 1M'),
        'DEVMAP_MODE': (r'[0-7]{3,4}',
            'is not a mode of 3 or 4 octal digits, e.g. 0660'),
        'DEVMAP_GROUP': (r'[a-z_][a-z0-9_-]{0,31}',
            'is not a valid group name ([a-z_][a-z0-9_-]*, at most 32 characters)'),
        'DEVMAP_AUTOLOAD': (r'[01]', 'is neither 1 (load at boot) nor 0'),
    }
    for name in names:
        value = d.getVar(name) or ''
        regex, why = rules[name]
        if not re.fullmatch(regex, value):
            bb.fatal('%s="%s" %s' % (name, value, why))
