#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# dt-validate.sh SOURCE [ADDRESS_CELLS SIZE_CELLS]
#
# Validates the devmap,window and devmap,buffer nodes of a device-tree
# source against the bindings in driver/bindings (dt-schema's dt-validate). SOURCE is a .dts,
# a .dtsi of nodes for the root (as tests/vm/guest/arm64-windows.dtsi),
# or an overlay (/plugin/), which is applied with fdtoverlay to a minimal
# base whose root has the given cells (default 2 2) and a
# /reserved-memory node. Fails on any schema error, and when no node
# matched the binding: a check that validates nothing proves nothing.
set -eu

main() {
	[ "$#" -eq 1 ] || [ "$#" -eq 3 ] || {
		echo "usage: $0 SOURCE [ADDRESS_CELLS SIZE_CELLS]" >&2
		exit 2
	}
	repo=$(cd "$(dirname "$0")/.." && pwd -P)
	src=$1
	acells=${2:-2}
	scells=${3:-2}
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT

	dt-mk-schema -j "$repo/driver/bindings" -o "$tmp/schema.json"
	base "$tmp/base.dts"
	if grep -q '/plugin/' "$src"; then
		dtc -q -@ -I dts -O dtb -o "$tmp/base.dtb" "$tmp/base.dts"
		dtc -q -@ -I dts -O dtb -o "$tmp/overlay.dtbo" "$src"
		fdtoverlay -i "$tmp/base.dtb" -o "$tmp/test.dtb" "$tmp/overlay.dtbo"
	elif grep -q '/dts-v1/' "$src"; then
		dtc -q -I dts -O dtb -o "$tmp/test.dtb" "$src"
	else
		cat "$tmp/base.dts" "$src" >"$tmp/test.dts"
		dtc -q -I dts -O dtb -o "$tmp/test.dtb" "$tmp/test.dts"
	fi

	dt-validate -s "$tmp/schema.json" -l devmap "$tmp/test.dtb" \
		>"$tmp/errors" 2>&1
	if [ -s "$tmp/errors" ]; then
		cat "$tmp/errors"
		exit 1
	fi
	matched=$(dt-validate -s "$tmp/schema.json" -M "$tmp/test.dtb" 2>&1 |
		grep -c 'schemas/devmap,[a-z]*.yaml#' || true)
	nodes=$(fdtget_nodes "$tmp/test.dtb")
	if [ "$matched" -eq 0 ] || [ "$matched" -ne "$nodes" ]; then
		echo "$matched of $nodes devmap nodes matched a binding"
		exit 1
	fi
	echo "$nodes devmap node(s) valid"
}

# A root with the board's cells and an empty /reserved-memory.
base() {
	cat >"$1" <<EOF
/dts-v1/;
/ {
	#address-cells = <$acells>;
	#size-cells = <$scells>;
	compatible = "test,board";
	model = "devmap binding test";

	reserved-memory {
		#address-cells = <$acells>;
		#size-cells = <$scells>;
		ranges;
	};
};
EOF
}

fdtget_nodes() {
	dtc -q -I dtb -O dts "$1" | grep -c 'compatible = "devmap,[a-z]*"' ||
		true
}

main "$@"
