// SPDX-License-Identifier: Apache-2.0
/*
 * devmap_bench: the C reference of the devmap CLI's "bench" command. Same
 * options, same operations on the same mapping, same output line:
 *
 *   devmap_bench [--device PATH] [--cached|--uncached] bench
 *                [--op OP] [--iters N] [--reps N] ADDR LEN
 *
 *   bench op=OP impl=c bytes=LEN iters=N reps=N ns_per_op=X mb_per_s=Y
 *
 * OP is one of
 *   p1-read32   ordered 32-bit loads over the range (acquire)
 *   p1-write32  ordered 32-bit stores over the range (release)
 *   p2-read     bulk copy mapping -> heap buffer (memcpy; cached memory only)
 *   p2-write    bulk copy heap buffer -> mapping (memcpy; cached memory only)
 *   p3-read32   element-wise 32-bit copy mapping -> heap (volatile accesses)
 *   p3-write32  element-wise 32-bit copy heap -> mapping (volatile accesses)
 *   dma-write32 streaming into a DMA buffer as a producer for a device:
 *               element-wise 32-bit stores (volatile), then
 *               DEVMAP_IOC_SYNC for the device (to-device) over the range
 *   dma-read32  streaming out of a DMA buffer as a consumer of a device's
 *               data: DEVMAP_IOC_SYNC for the CPU (from-device) over the
 *               range, then element-wise 32-bit loads (volatile)
 *   dma-sync    the sync calls alone: per op one DEVMAP_IOC_SYNC for the
 *               device (to-device) and one for the CPU (from-device) over
 *               the range, not timed one by one; ns_per_op is per call,
 *               and the line ends in "sync=ioctl syncs_per_s=X" (the rate
 *               Java's Mapping.sync* is held to)
 *
 * The dma ops make the same calls on any buffer, as portable code does (on
 * an uncached or coherent buffer the driver's sync is a no-op) and add
 * "sync=ioctl sync_ns=X" to the line: X is the time spent in the sync
 * ioctl per sweep in the median batch. On a regular file (the host's smoke
 * test) there is nothing to sync: "sync=none".
 *
 * One untimed sweep touches every page, then REPS batches of ITERS sweeps
 * are timed; the median batch is printed. ns_per_op is per 32-bit element
 * (per byte for p2), mb_per_s counts the bytes moved (10^6 bytes/s).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The driver's ioctl ABI, by path: the runners build this file alone. */
#include "../../driver/devmap_ioctl.h"
#include "bench_number.h"

enum op { P1_READ, P1_WRITE, P2_READ, P2_WRITE, P3_READ, P3_WRITE, DMA_WRITE, DMA_READ, DMA_SYNC };

static const char *const op_names[] = {
	"p1-read32", "p1-write32", "p2-read", "p2-write", "p3-read32", "p3-write32",
	"dma-write32", "dma-read32", "dma-sync",
};

/* What the dma ops sync: fd < 0 for a regular file (nothing to sync). */
struct dma_sync {
	int fd;
	uint64_t addr;
	double ns;	/* time spent in the ioctl, summed over a batch */
};

/* Keeps the compiler from discarding loads. */
static volatile uint64_t sink;

static void usage(void)
{
	fprintf(stderr,
		"usage: devmap_bench [--device PATH] [--cached|--uncached] bench\n"
		"                    [--op OP] [--iters N] [--reps N] ADDR LEN\n"
		"OP: p1-read32 p1-write32 p2-read p2-write p3-read32 p3-write32\n"
		"    dma-write32 dma-read32 dma-sync\n");
	exit(2);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void p1_read(uint32_t *p, size_t words)
{
	uint64_t s = 0;

	for (size_t i = 0; i < words; i++)
		s += __atomic_load_n(&p[i], __ATOMIC_ACQUIRE);
	sink += s;
}

static void p1_write(uint32_t *p, size_t words)
{
	for (size_t i = 0; i < words; i++)
		__atomic_store_n(&p[i], (uint32_t)i, __ATOMIC_RELEASE);
}

static void p3_read(const volatile uint32_t *p, uint32_t *dst, size_t words)
{
	for (size_t i = 0; i < words; i++)
		dst[i] = p[i];
	sink += dst[words - 1];
}

static void p3_write(volatile uint32_t *p, const uint32_t *src, size_t words)
{
	for (size_t i = 0; i < words; i++)
		p[i] = src[i];
}

static void dma_write(volatile uint32_t *p, size_t words)
{
	for (size_t i = 0; i < words; i++)
		p[i] = (uint32_t)i;
}

static void dma_read(const volatile uint32_t *p, size_t words)
{
	uint64_t s = 0;

	for (size_t i = 0; i < words; i++)
		s += p[i];
	sink += s;
}

/* One DEVMAP_IOC_SYNC over the range, not timed; exits on failure. */
static void sync_call(struct dma_sync *ds, size_t len, uint32_t op, uint32_t dir)
{
	struct devmap_sync s = { .addr = ds->addr, .len = len, .op = op, .dir = dir };

	if (ds->fd < 0)
		return;
	if (ioctl(ds->fd, DEVMAP_IOC_SYNC, &s)) {
		fprintf(stderr, "devmap_bench: DEVMAP_IOC_SYNC %s 0x%" PRIx64 "+0x%zx: %s\n",
			op == DEVMAP_SYNC_FOR_CPU ? "for-cpu" : "for-device",
			ds->addr, len, strerror(errno));
		exit(1);
	}
}

/* The same, timed: the streaming ops report the share of a sweep in sync. */
static void dma_sync(struct dma_sync *ds, size_t len, uint32_t op, uint32_t dir)
{
	double t0 = now_ns();

	sync_call(ds, len, op, dir);
	ds->ns += now_ns() - t0;
}

static void sweep(enum op op, void *map, void *heap, size_t len, struct dma_sync *ds)
{
	switch (op) {
	case P1_READ:
		p1_read(map, len / 4);
		break;
	case P1_WRITE:
		p1_write(map, len / 4);
		break;
	case P2_READ:
		memcpy(heap, map, len);
		sink += ((volatile unsigned char *)heap)[len - 1];
		break;
	case P2_WRITE:
		memcpy(map, heap, len);
		break;
	case P3_READ:
		p3_read(map, heap, len / 4);
		break;
	case P3_WRITE:
		p3_write(map, heap, len / 4);
		break;
	case DMA_WRITE:
		dma_write(map, len / 4);
		dma_sync(ds, len, DEVMAP_SYNC_FOR_DEVICE, DEVMAP_DIR_TO_DEVICE);
		break;
	case DMA_READ:
		dma_sync(ds, len, DEVMAP_SYNC_FOR_CPU, DEVMAP_DIR_FROM_DEVICE);
		dma_read(map, len / 4);
		break;
	case DMA_SYNC:
		sync_call(ds, len, DEVMAP_SYNC_FOR_DEVICE, DEVMAP_DIR_TO_DEVICE);
		sync_call(ds, len, DEVMAP_SYNC_FOR_CPU, DEVMAP_DIR_FROM_DEVICE);
		break;
	}
}

/* A timed batch: total time and the part of it spent in sync ioctls. */
struct batch {
	double ns;
	double sync_ns;
};

static int cmp_batch(const void *a, const void *b)
{
	double x = ((const struct batch *)a)->ns, y = ((const struct batch *)b)->ns;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	const char *device = "/dev/map";
	enum op op = P1_READ;
	uint64_t iters = 100, reps = 5, addr, len;
	int i = 1, found;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--device") && i + 1 < argc)
			device = argv[++i];
		else if (strcmp(argv[i], "--cached") && strcmp(argv[i], "--uncached"))
			usage();
	}
	if (i >= argc || strcmp(argv[i], "bench"))
		usage();
	for (i++; i < argc && argv[i][0] == '-'; i++) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--op")) {
			found = 0;
			for (size_t k = 0; k < sizeof(op_names) / sizeof(op_names[0]); k++) {
				if (!strcmp(argv[i + 1], op_names[k])) {
					op = (enum op)k;
					found = 1;
				}
			}
			if (!found) {
				fprintf(stderr, "devmap_bench: unknown op '%s'\n", argv[i + 1]);
				usage();
			}
		} else if (!strcmp(argv[i], "--iters")) {
			iters = number(argv[i + 1], "iteration count", 0, UINT64_MAX);
		} else if (!strcmp(argv[i], "--reps")) {
			reps = number(argv[i + 1], "repetition count", 0, UINT64_MAX);
		} else {
			usage();
		}
		i++;
	}
	if (argc - i != 2)
		usage();
	addr = number(argv[i], "address", 0, UINT64_MAX);
	len = number(argv[i + 1], "length", 1, UINT64_MAX);
	if (len < 4 || len % 4 || addr % 4 || iters < 1 || reps < 1 || reps > 1000) {
		fprintf(stderr, "devmap_bench: need 4-byte aligned ADDR and LEN, ITERS and REPS >= 1\n");
		return 2;
	}

	int fd = open(device, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "devmap_bench: open %s: %s\n", device, strerror(errno));
		return 1;
	}
	long page = sysconf(_SC_PAGESIZE);
	uint64_t base = addr & ~(uint64_t)(page - 1), delta = addr - base;
	size_t maplen = (size_t)(delta + len);
	unsigned char *m = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)base);

	if (m == MAP_FAILED) {
		fprintf(stderr, "devmap_bench: mmap %s offset 0x%" PRIx64 ": %s\n",
			device, base, strerror(errno));
		return 1;
	}
	struct dma_sync ds = { .fd = -1, .addr = addr };
	struct stat st;

	/* The dma ops sync through the fd; a regular file has nothing to sync. */
	if ((op == DMA_WRITE || op == DMA_READ || op == DMA_SYNC) && fstat(fd, &st) == 0 &&
	    !S_ISREG(st.st_mode))
		ds.fd = fd;
	else
		close(fd);
	void *map = m + delta;
	uint32_t *heap = malloc(len);

	if (!heap) {
		fprintf(stderr, "devmap_bench: out of memory\n");
		return 1;
	}
	for (size_t k = 0; k < len / 4; k++)
		heap[k] = (uint32_t)k * 0x9e3779b9u;

	struct batch *batch = calloc(reps, sizeof(*batch));

	if (!batch)
		return 1;
	sweep(op, map, heap, len, &ds);
	for (uint64_t r = 0; r < reps; r++) {
		double t0 = now_ns();

		ds.ns = 0;
		for (uint64_t k = 0; k < iters; k++)
			sweep(op, map, heap, len, &ds);
		batch[r].ns = now_ns() - t0;
		batch[r].sync_ns = ds.ns;
	}
	qsort(batch, reps, sizeof(*batch), cmp_batch);
	double t = batch[reps / 2].ns;
	double units = (double)iters * (double)(op == DMA_SYNC ? 2 :
						(op == P2_READ || op == P2_WRITE) ? len : len / 4);

	printf("bench op=%s impl=c bytes=%" PRIu64 " iters=%" PRIu64 " reps=%" PRIu64
	       " ns_per_op=%.4f mb_per_s=%.1f",
	       op_names[op], len, iters, reps, t / units,
	       (double)iters * (double)len / (t / 1e9) / 1e6);
	if (op == DMA_WRITE || op == DMA_READ || op == DMA_SYNC) {
		if (ds.fd < 0)
			printf(" sync=none");
		else if (op == DMA_SYNC)
			printf(" sync=ioctl syncs_per_s=%.0f", units / (t / 1e9));
		else
			printf(" sync=ioctl sync_ns=%.0f", batch[reps / 2].sync_ns / (double)iters);
	}
	printf("\n");
	if (ds.fd >= 0)
		close(ds.fd);
	munmap(m, maplen);
	free(heap);
	free(batch);
	return 0;
}
