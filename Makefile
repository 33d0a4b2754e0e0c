# SPDX-License-Identifier: Apache-2.0
#
# devmap: the commands a developer runs. Each installs the Debian packages
# it needs (as root) and downloads the rest (Debian kernels, Maven Central
# jars) into build/ on first use.
#
#   make demo             boot the arm64 board in QEMU and show devmap working
#   make test             everything the repository can test
#   make check-buildroot  lint and load the Buildroot tree (needs BUILDROOT_DIR)
#   make buildroot-qemu-aarch64
#                         build the QEMU aarch64 image offline and run the
#                         board checks on it (BUILDROOT_DIR, DEVMAP_OFFLINE_DIR)
#   make bench            Java vs C on the same mappings (docs/performance.md)

BUILD ?= $(CURDIR)/build
BOARDS ?= x86_64 arm64

all: test

deps-%:
	@tests/deps.sh $*

demo: deps-build deps-java
	tests/vm/run.sh arm64 --demo

test: test-driver test-java test-vm bench-smoke check-buildroot lint

# Host unit tests of the driver's range arithmetic (ASan + UBSan).
test-driver: deps-build
	@echo ">>> driver: host unit tests (ASan, UBSan)"
	$(MAKE) -C driver/tests check

# JDK 17 (the build's release), and the newest JDK when the machine has it:
# JDK 24+ needs --enable-native-access, which the tests' JVM is given.
JDK_NEW ?= $(firstword $(wildcard /usr/lib/jvm/temurin-25-jdk-*))

test-java: deps-java
	@echo ">>> java-lib: ant test (JDK 17)"
	ant -f java-lib/build.xml test
ifneq ($(JDK_NEW),)
	@echo ">>> java-lib: ant test, tests on $(JDK_NEW)"
	ant -f java-lib/build.xml -Dtest.jvm=$(JDK_NEW)/bin/java test
else
	@echo "SKIP: java-lib on a newer JDK: set JDK_NEW to a JDK 21+ home"
endif

# Builds devmap.ko (W=1, amd64 and arm64) and runs the boards in QEMU.
test-vm: deps-build deps-java
	DEVMAP_BUILD=$(BUILD)/vm tests/vm/run.sh $(BOARDS)

lint: deps-lint
	@echo ">>> lint: checkpatch --strict, shellcheck"
	tests/lint.sh $(BUILD)

check-buildroot:
	tests/buildroot/check.sh

buildroot-qemu-aarch64:
	tests/buildroot/build-qemu-aarch64.sh $(DEVMAP_OFFLINE_DIR)

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

.PHONY: all demo test test-driver test-java test-vm lint check-buildroot \
	buildroot-qemu-aarch64 \
	bench bench-smoke clean
