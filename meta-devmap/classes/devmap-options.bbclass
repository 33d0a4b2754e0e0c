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

# The window options as the driver parses them (driver/devmap_range.c),
# with its range check at the smallest page size (4K), entry by entry, as
# package/devmap/devmap.mk checks them: tests/window-specs.tsv holds the
# rows that the driver and both checks agree on. None when the driver
# takes value for param (devmap_windows, devmap_buffers or
# devmap_buffer_size), else its complaint naming the entry and its bad part.
def devmap_spec_error(param, value):
    import re
    number_hint = ' (decimal or 0x, K, M or G suffix, below 2^64)'
    page = 4096

    def number(s):
        shift = {'K': 10, 'M': 20, 'G': 30}.get(s[-1:].upper(), 0)
        digits = s[:-1] if shift else s
        m = re.fullmatch(r'0[xX]([0-9a-fA-F]+)|([0-9]+)', digits)
        if not m:
            return None
        v = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        return v << shift if v << shift < 2 ** 64 else None

    def entry(e):
        def bad(what, at, hint=''):
            return "bad %s '%s'%s" % (what, at, hint)
        f = e.split(':')
        most, least = (5, 3) if param == 'devmap_windows' else (3, 2)
        if len(f) > most:
            return 'too many fields'
        if len(f) < least:
            return 'expected ' + ('name:base:size[:mode[:shared]]' if least == 3 else 'name:size[:mode]')
        if len(f[0]) > 31 or not re.fullmatch(r'[A-Za-z0-9_-][A-Za-z0-9_.-]*', f[0]):
            return bad('name', f[0], ' (1 to 31 of A-Z a-z 0-9 _ - and ., not starting with .)')
        base = 0
        if least == 3:
            base = number(f[1])
            if base is None:
                return bad('base', f[1], number_hint)
        size = number(f[least - 1])
        if size is None:
            return bad('size', f[least - 1], number_hint)
        if len(f) > least and f[least] not in ('uncached', 'wc', 'cached'):
            return bad('mode (uncached, wc or cached)', f[least])
        if len(f) == 5 and f[4] != 'shared':
            return bad('flag (only shared)', f[4])
        if least == 2 and (size == 0 or size % page):
            return 'size must be a non-zero multiple of 4K (the smallest page)'
        if size == 0 or base % page or size % page:
            return 'base and size must be non-zero multiples of 4K (the smallest page)'
        if base + size > 2 ** 64:
            return 'wraps around the 64-bit address space'
        return None

    if param == 'devmap_buffer_size':
        size = number(value)
        if size is None:
            return "%s '%s' is not a size%s" % (param, value, number_hint)
        if size % page:
            return "%s '%s' must be a multiple of 4K (the smallest page)" % (param, value)
        return None
    for e in value.split(','):
        why = entry(e) if e else None
        if why:
            return "%s entry '%s': %s" % (param, e, why)
    return None

# The module parameters with window specs, and their values, that the
# option name set to value gives
def devmap_spec_params(name, value):
    if name == 'DEVMAP_WINDOWS':
        return [('devmap_windows', value)] if value else []
    if name == 'DEVMAP_BUFFER_SIZE':
        return [('devmap_buffer_size', value)]
    words = [o.split('=', 1) for o in value.split() if '=' in o]
    return [(p, v) for p, v in words
            if p in ('devmap_windows', 'devmap_buffers', 'devmap_buffer_size')]

def devmap_check_options(d, names):
    import re
    rules = {
        'DEVMAP_MODE': (r'[0-7]{3,4}',
            'is not a mode of 3 or 4 octal digits, e.g. 0660'),
        'DEVMAP_GROUP': (r'[a-z_][a-z0-9_-]{0,31}',
            'is not a valid group name ([a-z_][a-z0-9_-]*, at most 32 characters)'),
        'DEVMAP_AUTOLOAD': (r'[01]', 'is neither 1 (load at boot) nor 0'),
    }
    for name in names:
        value = d.getVar(name) or ''
        if name in ('DEVMAP_WINDOWS', 'DEVMAP_BUFFER_SIZE', 'DEVMAP_EXTRA_OPTIONS'):
            for param, v in devmap_spec_params(name, value):
                why = devmap_spec_error(param, v)
                if why:
                    bb.fatal('%s="%s": %s' % (name, value, why))
            continue
        regex, why = rules[name]
        if not re.fullmatch(regex, value):
            bb.fatal('%s="%s" %s' % (name, value, why))
