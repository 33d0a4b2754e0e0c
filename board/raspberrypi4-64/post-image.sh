#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# First post-image script of devmap_raspberrypi4_64_defconfig: compiles
# the devmap overlay into the firmware's overlays directory, before
# Buildroot's board/raspberrypi4-64/post-image.sh puts every file of
# rpi-firmware/ on the boot partition and writes sdcard.img.
set -eu

BOARD_DIR="$(dirname "$0")"
OVERLAYS_DIR="${BINARIES_DIR}/rpi-firmware/overlays"

mkdir -p "${OVERLAYS_DIR}"
"${HOST_DIR}/bin/dtc" -@ -q -I dts -O dtb \
	-o "${OVERLAYS_DIR}/devmap.dtbo" "${BOARD_DIR}/devmap-overlay.dts"
