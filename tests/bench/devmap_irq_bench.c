// SPDX-License-Identifier: Apache-2.0
/*
 * devmap_irq_bench: the C reference of the interrupt latency benchmark
 * (issue 11). Rings a doorbell with one 32-bit pwrite() on /dev/map and
 * times until poll() and read() on the interrupt's handle return; the Java
 * side (org.devmap.cli.IrqBench) does the same through org.devmap.Interrupt
 * and prints the same line:
 *
 *   devmap_irq_bench [--device PATH] WINDOW INDEX DOORBELL VALUE [EVENTS [WARMUP]]
 *
 *   bench op=irq-latency impl=c events=N median_ns=X p99_ns=Y min_ns=Z max_ns=W
 *
 * DOORBELL is the register's physical address, VALUE what is stored there
 * (for ivshmem-doorbell: BAR0 + 0x0c, (peer id << 16) | vector). WARMUP
 * events (default 100) are not counted, then EVENTS (default 1000) are.
 * Each event must come within a second; otherwise the program fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* The driver's ioctl ABI, by path: the runners build this file alone. */
#include "../../driver/devmap_ioctl.h"
#include "bench_number.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: devmap_irq_bench [--device PATH] WINDOW INDEX DOORBELL VALUE [EVENTS [WARMUP]]\n");
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *device = "/dev/map";
	struct devmap_irq_open o;
	uint64_t doorbell, events = 1000, warmup = 100, i, *lat;
	uint32_t value, count;
	int arg = 1, fd, h;

	if (argc > 2 && strcmp(argv[1], "--device") == 0) {
		device = argv[2];
		arg = 3;
	}
	if (argc - arg < 4 || argc - arg > 6)
		usage();
	memset(&o, 0, sizeof(o));
	if (strlen(argv[arg]) >= sizeof(o.window)) {
		fprintf(stderr, "devmap_irq_bench: bad window '%s': longer than %zu bytes\n",
			argv[arg], sizeof(o.window) - 1);
		return 2;
	}
	strcpy(o.window, argv[arg]);
	o.index = (uint32_t)number(argv[arg + 1], "index", 0, UINT32_MAX);
	o.flags = O_CLOEXEC;
	doorbell = number(argv[arg + 2], "doorbell address", 0, INT64_MAX - 4);
	value = (uint32_t)number(argv[arg + 3], "value", 0, UINT32_MAX);
	if (argc - arg > 4)
		events = number(argv[arg + 4], "event count", 0, 10000000);
	if (argc - arg > 5)
		warmup = number(argv[arg + 5], "warm-up count", 0, 10000000);
	if (events == 0) {
		fprintf(stderr, "devmap_irq_bench: bad event count '0'\n");
		return 2;
	}

	fd = open(device, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "devmap_irq_bench: open %s: %s\n", device, strerror(errno));
		return 1;
	}
	h = ioctl(fd, DEVMAP_IOC_IRQ_OPEN, &o);
	if (h < 0) {
		fprintf(stderr, "devmap_irq_bench: irq open %s window=%s index=%u: %s\n",
			device, o.window, o.index, strerror(errno));
		return 1;
	}
	lat = calloc(events, sizeof(*lat));
	if (!lat) {
		perror("devmap_irq_bench: calloc");
		return 1;
	}
	for (i = 0; i < warmup + events; i++) {
		struct pollfd p = { .fd = h, .events = POLLIN };
		uint64_t t0, t1;
		int n;

		t0 = now_ns();
		if (pwrite(fd, &value, 4, (off_t)doorbell) != 4) {
			fprintf(stderr, "devmap_irq_bench: ring 0x%" PRIx64 ": %s\n", doorbell,
				strerror(errno));
			return 1;
		}
		do {
			n = poll(&p, 1, 1000);
		} while (n < 0 && errno == EINTR);
		if (n <= 0 || read(h, &count, 4) != 4) {
			fprintf(stderr, "devmap_irq_bench: event %" PRIu64 ": %s\n", i,
				n == 0 ? "no interrupt within 1 s" : strerror(errno));
			return 1;
		}
		t1 = now_ns();
		if (i >= warmup)
			lat[i - warmup] = t1 - t0;
	}
	qsort(lat, events, sizeof(*lat), cmp_u64);
	printf("bench op=irq-latency impl=c events=%" PRIu64 " median_ns=%" PRIu64
	       " p99_ns=%" PRIu64 " min_ns=%" PRIu64 " max_ns=%" PRIu64 "\n",
	       events, lat[events / 2], lat[(events * 99 + 99) / 100 - 1], lat[0],
	       lat[events - 1]);
	free(lat);
	close(h);
	close(fd);
	return 0;
}
