# SPDX-License-Identifier: Apache-2.0
#
# package/devmap/devmap.mk's checks of the devmap options, evaluated by make
# outside Buildroot (tests/window-specs.py): this file stands in for what
# Buildroot gives a package's .mk (the options from .config, qstrip, the
# package infrastructure as no-ops). Set an option on the command line:
#
#   make -s -f tests/window-specs-buildroot.mk BR2_PACKAGE_DEVMAP_WINDOWS='"a:0x1000:4K"'
#
# exits 0 if devmap.mk takes the values, else make stops with its error.

BR2_EXTERNAL_DEVMAP_PATH := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)

# package/devmap/Config.in's defaults
BR2_PACKAGE_DEVMAP = y
BR2_PACKAGE_DEVMAP_WINDOWS ?= ""
BR2_PACKAGE_DEVMAP_BUFFER_SIZE ?= "1M"
BR2_PACKAGE_DEVMAP_GROUP ?= "devmap"
BR2_PACKAGE_DEVMAP_MODE ?= "0660"
BR2_PACKAGE_DEVMAP_EXTRA_OPTIONS ?= ""

# Buildroot's (support/misc/utils.mk)
qstrip = $(strip $(subst ",,$(1)))
kernel-module :=
generic-package :=

include $(BR2_EXTERNAL_DEVMAP_PATH)/package/devmap/devmap.mk

all:
	@:
