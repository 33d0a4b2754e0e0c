#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# build-qemu-aarch64.sh [--reuse] [OFFLINE_DIR]: build-qemu.sh for
# devmap_qemu_aarch64_virt_defconfig (see there).
here=$(dirname "$0")
if [ "${1:-}" = "--reuse" ]; then
	shift
	exec "${here}/build-qemu.sh" --reuse aarch64 "$@"
fi
exec "${here}/build-qemu.sh" aarch64 "$@"
