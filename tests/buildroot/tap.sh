# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# TAP helpers of the Buildroot checks; the caller sets N=0 and FAILED=0.

# result STATUS DESCRIPTION: one TAP line from an exit status
result() {
	N=$((N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok ${N} - $2"
	else
		echo "not ok ${N} - $2"
		FAILED=$((FAILED + 1))
	fi
}
