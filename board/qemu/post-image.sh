#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Post-image script of the devmap QEMU defconfigs: writes
# ${BINARIES_DIR}/start-qemu.sh from the command line tagged with the
# defconfig's name in board/qemu/*/readme.txt, the convention of
# Buildroot's own board/qemu/post-image.sh (which only reads the readme
# files next to itself, hence this copy for the external tree).
# Arguments: $1 = images directory, $2 = BR2_DEFCONFIG.
set -eu

main() {
	local board_dir defconfig_name cmd_line
	board_dir="$(dirname "$0")"
	defconfig_name="$(basename "$2")"
	cmd_line="$(find_cmd_line "${board_dir}" "${defconfig_name}")"
	if [ -z "${cmd_line}" ]; then
		echo "no QEMU command line tagged '# ${defconfig_name}'" >&2
		exit 0
	fi
	# The script lives next to the images.
	cmd_line="${cmd_line//output\/images\//}"
	cmd_line="$(sed -r -e 's/^.*(qemu-system-)/\1/' <<<"${cmd_line}")"
	sed -e "s|@QEMU_CMD_LINE@|${cmd_line}|g" \
		-e "s|@HOST_DIR@|${HOST_DIR}|g" \
		<"${board_dir}/start-qemu.sh.in" \
		>"${BINARIES_DIR}/start-qemu.sh"
	chmod +x "${BINARIES_DIR}/start-qemu.sh"
}

# Command lines may continue over several lines with a backslash.
find_cmd_line() {
	sed -r ':a; /\\$/N; s/\\\n//; s/\t/ /; ta; /# '"$2"'$/!d; s/#.*//' \
		"$1"/*/readme.txt
}

main "$@"
