#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# run.sh: devmap's board checks through labgrid, offline (Debian 12's
# python3-labgrid and pytest):
#
#   1. rpi4.yaml makes its target (resources and drivers bound, nothing
#      activated: there is no board here);
#   2. a real pytest session of this folder with qemu-aarch64.yaml on the
#      QEMU aarch64 image that make ci-buildroot cached
#      (tests/lava/farm-common.sh): labgrid starts QEMU, logs in on the
#      serial console and runs the image's checks (conftest.py);
#   3. its JUnit XML checked by tests/lava/farm-results.py: every test
#      passed, as many as the image's own TAP lines, with their names.
#
# Prints TAP; exits 0 only if everything passed, 4 (skip) when labgrid or
# the cached image is missing. DEVMAP_FARM_WORK: work folder (default
# ${TMPDIR:-/tmp}/devmap-labgrid).
set -eu

# shellcheck source=tests/buildroot/tap.sh
. "$(dirname "$0")/../buildroot/tap.sh"
# shellcheck source=tests/buildroot/common.sh
. "$(dirname "$0")/../buildroot/common.sh"
# shellcheck source=tests/lava/farm-common.sh
. "$(dirname "$0")/../lava/farm-common.sh"

# Debian's Python, where python3-labgrid is (not a python3 earlier in PATH)
PY=/usr/bin/python3

main() {
	REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
	HERE=${REPO}/tests/labgrid
	"${PY}" -c 'import labgrid, pytest' 2>/dev/null ||
		skip "python3-labgrid or python3-pytest missing (make deps-farm)"
	command -v qemu-system-aarch64 >/dev/null || skip "qemu-system-aarch64 missing"
	cached_image
	WORK=${DEVMAP_FARM_WORK:-${TMPDIR:-/tmp}/devmap-labgrid}
	rm -rf "${WORK}"
	mkdir -p "${WORK}"
	# no __pycache__ in the source tree
	export PYTHONDONTWRITEBYTECODE=1
	echo "TAP version 13"
	echo "# labgrid $(dpkg-query -W -f '${Version}' python3-labgrid), pytest $("${PY}" -c 'import pytest; print(pytest.__version__)'), image ${IMAGES}"
	N=0
	FAILED=0
	rpi4_env
	run_pytest
	echo "1..${N}"
	echo "# labgrid: ${FAILED} of ${N} failed; pytest log ${WORK}/pytest.log, console log ${WORK}/console_*"
	[ "${FAILED}" -eq 0 ]
}

rpi4_env() {
	local out rc=0
	out=$("${PY}" - "${HERE}/rpi4.yaml" 2>&1 <<'EOF'
import sys
from labgrid import Environment
target = Environment(sys.argv[1]).get_target("main")
port = target.get_resource("RawSerialPort")
names = [type(target.get_driver(d, activate=False)).__name__
         for d in ("PowerProtocol", "SerialDriver", "ShellDriver", "ShellStrategy")]
print("RawSerialPort %s at %d, %s" % (port.port, port.speed, ", ".join(names)))
EOF
) || rc=$?
	[ "${rc}" -eq 0 ] || echo "${out}" | tail -n 5 | sed 's/^/# /'
	result "${rc}" "labgrid: rpi4.yaml makes its target ($(echo "${out}" | tail -n 1))"
}

run_pytest() {
	local start rc=0 out
	start=$(date +%s)
	(cd "${HERE}" && LG_DEVMAP_IMAGES=${IMAGES} timeout 1800 "${PY}" -m pytest \
		--lg-env qemu-aarch64.yaml --lg-log "${WORK}" --junitxml="${WORK}/junit.xml" -rfE . \
		>"${WORK}/pytest.log" 2>&1) || rc=$?
	# pytest's own closing line, as a comment
	echo "# pytest: $(grep -E '^=+ .* in [0-9.]+s' "${WORK}/pytest.log" | tail -n 1 | tr -d '=' | sed 's/^ *//')"
	if [ "${rc}" -ne 0 ]; then
		grep -E '^(FAILED|ERROR)|Error|error' "${WORK}/pytest.log" | head -n 20 | sed 's/^/# /'
	fi
	result "${rc}" "labgrid: pytest --lg-env qemu-aarch64.yaml tests/labgrid ($(($(date +%s) - start)) s)"
	set +e
	out=$("${PY}" "${REPO}/tests/lava/farm-results.py" labgrid "${WORK}/junit.xml" "${IMAGE_TAP}")
	rc=$?
	set -e
	renumber "${out}"
	[ "${rc}" -eq 0 ] || [ "${FAILED}" -gt 0 ] || FAILED=$((FAILED + 1))
}

main "$@"
