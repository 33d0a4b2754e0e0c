# SPDX-License-Identifier: Apache-2.0
#
# devmap: the commands a developer runs, one line each; make help prints
# them, and tests/lint.sh checks that every target has its line. Each
# target installs the Debian packages it needs (as root, tests/deps.sh)
# before it builds, or says which to install. Downloads (Debian kernels,
# Maven Central jars) are cached in ~/.cache/devmap (DEVMAP_CACHE), builds
# go to build/ (BUILD).
#
#   make help                    this list
#   make demo                    boot the arm64 board in QEMU and show devmap working
#   make test                    everything the repository can test with Debian and Maven Central
#   make all                     make test
#   make test-quick              host tests and one kernel per board (edit-test loop)
#   make test-driver             driver host unit tests (ASan, UBSan), window-spec table, minimal-kernel build
#   make test-java               java-lib's JUnit suite (JDK 17, 21 and JDK_NEW), one version, the Maven artifact
#   make test-vm                 the QEMU boards on every kernel of BOARDS (devmap.ko built W=1 for each)
#   make test-debug              the driver on a debug kernel (KASAN, lockdep, kmemleak, UBSAN), with a stress
#   make debug-kernel            only build test-debug's kernel into the cache (CI builds it beside other work)
#   make lint                    checkpatch --strict, shellcheck, device-tree schemas, this list
#   make bench                   Java vs C on the same mappings; rewrites docs/performance.md
#   make bench-smoke             both sides of make bench run once, on the host and the boards
#   make check-buildroot         check-package and the defconfigs loaded by a Buildroot tree (BUILDROOT_DIR)
#   make buildroot-qemu-aarch64  the QEMU aarch64 image built offline, booted with the board checks
#   make buildroot-rpi4          the Raspberry Pi 4 sdcard.img built offline, its checks, an emulated Pi 4 boot
#   make ci-buildroot            CI: Buildroot snapshot, check-buildroot, the cached aarch64 image and its checks
#   make ci-buildroot-image      only build ci-buildroot's cached aarch64 image (no checks, no boot)
#   make buildroot-variants      the aarch64 image's variants (VARIANTS) from ci-buildroot's cached build
#   make test-farm               devmap's board checks through LAVA (lava-run) and labgrid (pytest) on ci-buildroot's cached image
#   make check-yocto             meta-devmap parsed, its tasks run offline by bitbake (YOCTO_SNAPSHOTS; skipped without)
#   make check-yocto-full        yocto-check-layer on meta-devmap (10-15 min a series)
#   make deps-GROUP              install the Debian packages of a tests/deps.sh group (build, java, lint, ...)
#   make clean                   remove build/ and the host test programs

BUILD ?= $(CURDIR)/build

# The kernel matrix: Debian's 6.1 (bookworm), 6.12 (bookworm) and 7.2
# (sid), with the PREEMPT_RT flavours on x86_64 (tests/vm/fetch-kernel.sh).
KERNELS_x86_64 ?= 6.1 6.12 6.12-rt 7.2 7.2-rt
KERNELS_arm64 ?= 6.1 6.12 7.2
BOARDS ?= $(foreach k,$(KERNELS_x86_64),x86_64:$(k)) \
	$(foreach k,$(KERNELS_arm64),arm64:$(k))
# One kernel per board, covering both mmap hooks and the DT binding.
QUICK_BOARDS ?= x86_64:7.2 arm64:6.1

all: test

# The list at the top of this file
help:
	@sed -n 's/^#   make /make /p' $(firstword $(MAKEFILE_LIST))

deps-%:
	@tests/deps.sh $*

demo: deps-build deps-java
	tests/vm/run.sh arm64 --demo

test: test-driver test-java test-vm bench-smoke check-buildroot lint

# Host unit tests of the driver's range arithmetic (ASan + UBSan), and
# the window-spec table (tests/window-specs.tsv) against the driver's
# parser, the Buildroot package's check and the Yocto layer's.
test-driver: deps-build deps-lint
	@echo ">>> driver: host unit tests (ASan, UBSan), window-spec table"
	$(MAKE) -C driver/tests check
	@echo ">>> window-spec table: Buildroot and Yocto checks"
	tests/window-specs.py
	@echo ">>> driver: builds on a minimal kernel (no PCI, no CMA)"
	tests/driver-minimal.sh

# The quick start's JDKs: 17 (the build's release), 21 (Debian trixie's,
# tests/host-jdk.sh) and the newest when the machine has it. JDK 24+ needs
# --enable-native-access, which the tests' JVM is given.
JDK_NEW ?= $(firstword $(wildcard /usr/lib/jvm/temurin-25-jdk-*))

test-java: deps-java
	@echo ">>> java-lib: ant test (JDK 17)"
	ant -f java-lib/build.xml test
	@echo ">>> java-lib: ant test, tests on JDK 21"
	jdk21=$$(tests/host-jdk.sh 21) && \
		ant -f java-lib/build.xml -Dtest.jvm=$$jdk21/bin/java test
ifneq ($(JDK_NEW),)
	@echo ">>> java-lib: ant test, tests on $(JDK_NEW)"
	ant -f java-lib/build.xml -Dtest.jvm=$(JDK_NEW)/bin/java test
else
	@echo "SKIP: java-lib on a newer JDK: set JDK_NEW to a JDK 22+ home"
endif
	@echo ">>> java-lib: one version; the Maven artifact in a local repository"
	java-lib/scripts/check-version.sh
	jdk21=$$(tests/host-jdk.sh 21) && \
		DEVMAP_TEST_JDKS="$$jdk21 $(JDK_NEW)" java-lib/scripts/maven-test.sh

# The boards whose guest also runs the CLI on JDK 25, where the library's
# DMA syncs are java.lang.foreign calls (one per architecture).
JDK25_BOARDS ?= $(QUICK_BOARDS)

# Builds devmap.ko (W=1) against each kernel and runs its board in QEMU.
test-vm: deps-build deps-java
	DEVMAP_BUILD=$(BUILD)/vm DEVMAP_JDK25="$(JDK25_BOARDS)" tests/vm/run.sh $(BOARDS)

test-quick: test-driver deps-build deps-java
	DEVMAP_BUILD=$(BUILD)/vm DEVMAP_JDK25="$(JDK25_BOARDS)" tests/vm/run.sh $(QUICK_BOARDS)

# The x86_64 debug kernel (tests/debug/build-kernel.sh; the first build
# takes 20-40 min on 2 cores, then it is cached): the guest suite, then
# STRESS_SECONDS of stress while the module reloads, 100 load/unload
# cycles, a kmemleak scan; fails on any report in the kernel log.
STRESS_SECONDS ?= 120
test-debug: deps-build deps-java deps-debug
	DEVMAP_BUILD=$(BUILD)/debug tests/debug/run.sh $(STRESS_SECONDS)

debug-kernel: deps-debug
	tests/debug/build-kernel.sh

lint: deps-lint
	@echo ">>> lint: checkpatch --strict, shellcheck"
	tests/lint.sh $(BUILD)

check-buildroot:
	tests/buildroot/check.sh

buildroot-qemu-aarch64:
	tests/buildroot/build-qemu-aarch64.sh $(DEVMAP_OFFLINE_DIR)

# devmap_raspberrypi4_64_defconfig offline (Debian sources through
# <PKG>_OVERRIDE_SRCDIR), then checks of its sdcard.img
buildroot-rpi4:
	tests/buildroot/build-rpi4.sh $(DEVMAP_OFFLINE_DIR)

# CI: unpack the Buildroot snapshot into the cache, check-buildroot against
# it, then the cached aarch64 image build and its board checks.
BUILDROOT_SNAPSHOT ?= ../shared/buildroot
ci-buildroot:
	tests/buildroot/ci.sh $(BUILDROOT_SNAPSHOT) $(or $(DEVMAP_OFFLINE_DIR),../shared/offline)

ci-buildroot-image:
	tests/buildroot/ci.sh --build-only $(BUILDROOT_SNAPSHOT) $(or $(DEVMAP_OFFLINE_DIR),../shared/offline)

# Variants of the aarch64 image (tests/buildroot/fragments: static /dev,
# devtmpfs only, jlink runtime, JDK building on the board), each built from
# ci-buildroot's cached build and booted with the board checks; VARIANTS
# picks some
buildroot-variants:
	tests/buildroot/variants.sh $(BUILDROOT_SNAPSHOT) $(or $(DEVMAP_OFFLINE_DIR),../shared/offline) $(VARIANTS)

.PHONY: buildroot-variants

# Board farm engines on the QEMU aarch64 image that ci-buildroot cached
# (docs/board-farm.md): a real lava-run of tests/lava's job and a labgrid
# pytest session of tests/labgrid, each checked against the image's own
# TAP. FARM picks the engines (CI: labgrid); skips without a cached image.
FARM ?= lava labgrid
test-farm:
	@tests/deps.sh $(addprefix farm-,$(FARM))
	@rc=0; for e in $(FARM); do \
		echo ">>> farm: $$e"; \
		tests/$$e/run.sh; s=$$?; \
		[ $$s -eq 0 ] || [ $$s -eq 4 ] || rc=1; \
	done; exit $$rc

.PHONY: test-farm

# meta-devmap against oe-core and bitbake snapshots (docs/yocto.md)
check-yocto:
	tests/yocto/check.sh $(YOCTO_SNAPSHOTS)

check-yocto-full:
	nice -n 10 tests/yocto/check.sh --full $(YOCTO_SNAPSHOTS)

.PHONY: check-yocto check-yocto-full

# Java against C on the same mappings: host, then both boards; rewrites
# docs/performance.md. The smoke run only checks that both sides execute.
bench: deps-build deps-java
	tests/bench/run.sh

bench-smoke: deps-build deps-java
	tests/bench/run.sh --smoke

clean:
	rm -rf $(BUILD)
	ant -q -f java-lib/build.xml clean >/dev/null 2>&1 || true
	$(MAKE) -C driver/tests clean

.PHONY: all help demo test test-quick test-driver test-java test-vm test-debug lint \
	debug-kernel check-buildroot \
	buildroot-qemu-aarch64 buildroot-rpi4 ci-buildroot ci-buildroot-image \
	bench bench-smoke clean
