// SPDX-License-Identifier: Apache-2.0
/*
 * Guest-side checks of /dev/map, printed as TAP lines ("ok - ..." or
 * "not ok - ..."); the host numbers them and counts.
 *
 *   devmap_test all BUF_PHYS BUF_SIZE IO_PHYS IO_SIZE
 *       every mmap, read, write and lseek check against the kernel buffer
 *       window and an uncached window
 *   devmap_test hold PHYS SIZE
 *       map, close the fd, print "holding" and sleep until killed (rmmod
 *       while mapped)
 *   devmap_test open [PATH]
 *       open /dev/map (or PATH) read-write and print the errno name
 *   devmap_test buffers PHYS SIZE UC_PHYS UC_SIZE
 *       a cached and an uncached DMA buffer: data through mmap with the
 *       sync calls around it, every sync op and direction, each bad range
 *   devmap_test uevents SECONDS
 *       print "ACTION DEVPATH WINDOW PHYS SIZE" for every window uevent
 *       (DEVMAP_WINDOW set) seen on the kernel's netlink socket
 *   devmap_test fill PHYS SIZE SEED
 *       fill a window through mmap with the pattern the host checks
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/netlink.h>
#include <sys/ioctl.h>

#include "devmap_ioctl.h"
#include "guest_tap.h"
#include <poll.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEV "/dev/map"

static long page;

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "devmap_test: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static int open_dev(void)
{
	int fd = open(DEV, O_RDWR);

	if (fd < 0) {
		printf("Bail out! open %s: %s\n", DEV, strerror(errno));
		exit(1);
	}
	return fd;
}

/* mmap and return 0 or the errno, unmapping on success. */
static int try_map(int fd, uint64_t phys, size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags, fd, (off_t)phys);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, len);
	return 0;
}

static void expect_map(int fd, uint64_t phys, size_t len, int prot,
		       int flags, int want, const char *what)
{
	int got = try_map(fd, phys, len, prot, flags);

	check(got == want, "mmap %s (0x%" PRIx64 "+0x%zx): %s, want %s",
	      what, phys, len, errname(got), errname(want));
}

static uint8_t pattern(uint64_t i, unsigned int seed)
{
	return (uint8_t)(i * 131 + seed + (i >> 8) * 7);
}

static void test_map_rw(int fd, uint64_t phys, uint64_t size, const char *name)
{
	volatile uint32_t *w;
	uint64_t i, n = size / 4;
	uint8_t *p;
	int bad = 0;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, phys);
	check(p != MAP_FAILED, "map whole %s window 0x%" PRIx64 "+0x%" PRIx64,
	      name, phys, size);
	if (p == MAP_FAILED)
		return;
	w = (volatile uint32_t *)p;
	for (i = 0; i < n; i++)
		w[i] = (uint32_t)(i * 0x9e3779b9u) ^ (uint32_t)phys;
	for (i = 0; i < n; i++)
		if (w[i] != ((uint32_t)(i * 0x9e3779b9u) ^ (uint32_t)phys))
			bad++;
	check(!bad, "%s window: 32-bit write and read back of 0x%" PRIx64
	      " bytes (%d mismatches)", name, size, bad);
	munmap(p, size);
}

/* A child writes through its own mapping, the parent sees the bytes. */
static void test_two_processes(uint64_t phys, uint64_t size)
{
	uint8_t *p;
	uint64_t i;
	pid_t pid;
	int status, fd, bad = 0;

	pid = fork();
	if (pid == 0) {
		fd = open_dev();
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 phys);
		if (p == MAP_FAILED)
			_exit(3);
		for (i = 0; i < size; i++)
			p[i] = pattern(i, 42);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child process mapped and wrote the buffer window");

	fd = open_dev();
	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, phys);
	if (p == MAP_FAILED) {
		check(0, "parent maps the buffer window: %s", errname(errno));
		close(fd);
		return;
	}
	for (i = 0; i < size; i++)
		if (p[i] != pattern(i, 42))
			bad++;
	check(!bad, "parent reads what the child wrote (%d mismatches)", bad);
	munmap(p, size);
	close(fd);
}

/* Two processes write disjoint halves at the same time. */
static void test_concurrent(uint64_t phys, uint64_t size)
{
	uint64_t half = size / 2, i;
	int fd, status, ok = 1, k, bad = 0;
	pid_t pid[2];
	uint8_t *p;

	for (k = 0; k < 2; k++) {
		pid[k] = fork();
		if (pid[k] == 0) {
			int round;

			fd = open_dev();
			p = mmap(NULL, size, PROT_READ | PROT_WRITE,
				 MAP_SHARED, fd, phys);
			if (p == MAP_FAILED)
				_exit(3);
			for (round = 0; round < 20; round++)
				for (i = 0; i < half; i++)
					p[k * half + i] = pattern(i, 100 + k);
			_exit(0);
		}
	}
	for (k = 0; k < 2; k++) {
		waitpid(pid[k], &status, 0);
		ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	check(ok, "two processes write the buffer window concurrently");

	fd = open_dev();
	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, phys);
	if (p == MAP_FAILED) {
		check(0, "map after concurrent writes: %s", errname(errno));
		close(fd);
		return;
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < half; i++)
			if (p[k * half + i] != pattern(i, 100 + k))
				bad++;
	check(!bad, "both halves hold their writer's bytes (%d mismatches)",
	      bad);
	munmap(p, size);
	close(fd);
}

static void test_refusals(int fd, uint64_t phys, uint64_t size)
{
	const int rw = PROT_READ | PROT_WRITE;
	void *p;

	expect_map(fd, phys + size, page, rw, MAP_SHARED, ENXIO,
		   "just past a window");
	expect_map(fd, 0, page, rw, MAP_SHARED, ENXIO, "physical 0");
	expect_map(fd, phys + size - page, 2 * page, rw, MAP_SHARED, ERANGE,
		   "straddling the window end");
	expect_map(fd, phys, size + page, rw, MAP_SHARED, ERANGE,
		   "longer than the window");
	expect_map(fd, phys, page, rw, MAP_PRIVATE, EINVAL, "MAP_PRIVATE");
	expect_map(fd, phys, 0, rw, MAP_SHARED, EINVAL, "zero length");
	expect_map(fd, phys + 1, page, rw, MAP_SHARED, EINVAL,
		   "unaligned offset");
	expect_map(fd, phys, page, rw | PROT_EXEC, MAP_SHARED, EPERM,
		   "PROT_EXEC");
	expect_map(fd, (uint64_t)-page & INT64_MAX, 4 * page, rw, MAP_SHARED,
		   ENXIO, "near the top of the offset range");

	/* The mapping may not grow. */
	p = mmap(NULL, page, rw, MAP_SHARED, fd, phys);
	if (p != MAP_FAILED) {
		void *q = mremap(p, page, 2 * page, MREMAP_MAYMOVE);

		check(q == MAP_FAILED, "mremap cannot grow a mapping (%s)",
		      q == MAP_FAILED ? errname(errno) : "grew");
		munmap(q == MAP_FAILED ? p : q,
		       q == MAP_FAILED ? page : 2 * page);
	} else {
		check(0, "map one page for mremap: %s", errname(errno));
	}
}

/*
 * An offset whose end wraps past 2^64: the raw syscall passes what libc's
 * signed off_t cannot. The kernel or the driver must refuse it.
 */
static void test_overflow(int fd)
{
	long r = syscall(SYS_mmap, NULL, 2 * page, PROT_READ, MAP_SHARED, fd,
			 -page);
	int got = r == -1 ? errno : 0;

	if (!got)
		munmap((void *)r, 2 * page);
	check(got == EOVERFLOW, "mmap at offset -page (wraps): %s, want EOVERFLOW",
	      errname(got));
}

static void test_read_write(int fd, uint64_t phys, uint64_t size,
			    const char *name)
{
	uint8_t buf[300], back[300];
	ssize_t n;
	size_t i;
	off_t pos;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(0xa0 + i);

	/* odd address and length: exercises every access width */
	n = pwrite(fd, buf, sizeof(buf), phys + 3);
	check(n == sizeof(buf), "%s: pwrite 300 bytes at +3: %zd", name, n);
	memset(back, 0, sizeof(back));
	n = pread(fd, back, sizeof(back), phys + 3);
	check(n == sizeof(back) && !memcmp(buf, back, sizeof(buf)),
	      "%s: pread returns what pwrite wrote: %zd", name, n);

	n = pread(fd, back, sizeof(back), phys + size - 10);
	check(n == 10, "%s: read near the window end is short: %zd", name, n);
	n = pread(fd, back, sizeof(back), phys + size);
	check(n == 0 || (n < 0 && errno == ENXIO),
	      "%s: read at the window end: %zd (%s)", name, n,
	      n < 0 ? errname(errno) : "EOF");
	n = pwrite(fd, buf, 1, phys + size);
	check(n < 0 && (errno == ENOSPC || errno == ENXIO),
	      "%s: write at the window end: %s", name,
	      n < 0 ? errname(errno) : "written");

	pos = lseek(fd, phys + 64, SEEK_SET);
	check(pos == (off_t)(phys + 64), "%s: lseek SEEK_SET", name);
	pos = lseek(fd, 16, SEEK_CUR);
	check(pos == (off_t)(phys + 80), "%s: lseek SEEK_CUR", name);
	n = read(fd, back, 4);
	check(n == 4 && lseek(fd, 0, SEEK_CUR) == (off_t)(phys + 84),
	      "%s: read advances the position", name);
}

static void test_rw_refusals(int fd, uint64_t phys)
{
	volatile uintptr_t bad = 16;	/* hidden from the compiler's checks */
	uint8_t b[4] = { 0 };
	ssize_t n;

	n = pread(fd, b, sizeof(b), 0);
	check(n < 0 && errno == ENXIO, "read outside any window: %s",
	      n < 0 ? errname(errno) : "read");
	n = pwrite(fd, b, sizeof(b), 0);
	check(n < 0 && errno == ENXIO, "write outside any window: %s",
	      n < 0 ? errname(errno) : "written");
	check(lseek(fd, 0, SEEK_END) < 0 && errno == EINVAL,
	      "lseek SEEK_END: EINVAL");
	check(lseek(fd, -1, SEEK_SET) < 0 && errno == EINVAL,
	      "lseek to a negative position: EINVAL");
	n = pread(fd, (void *)bad, 4, phys);
	check(n < 0 && errno == EFAULT, "read into a bad user pointer: %s",
	      n < 0 ? errname(errno) : "read");
	n = pwrite(fd, (void *)bad, 4, phys);
	check(n < 0 && errno == EFAULT, "write from a bad user pointer: %s",
	      n < 0 ? errname(errno) : "written");
}

/* Bytes written through mmap are seen by read() and the other way round. */
static void test_coherent(int fd, uint64_t phys, const char *name)
{
	volatile uint32_t *p;
	uint32_t v = 0;
	ssize_t n;

	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, phys);
	if (p == MAP_FAILED) {
		check(0, "%s: map one page: %s", name, errname(errno));
		return;
	}
	p[5] = 0xc0ffee11;
	n = pread(fd, &v, 4, phys + 20);
	check(n == 4 && v == 0xc0ffee11,
	      "%s: read() sees an mmap store (0x%08x)", name, v);
	v = 0x5a5aa5a5;
	n = pwrite(fd, &v, 4, phys + 24);
	v = p[6];
	check(n == 4 && v == 0x5a5aa5a5, "%s: mmap sees a write() (0x%08x)",
	      name, v);
	munmap((void *)p, page);
}

/*
 * A debugger's view: /proc/self/mem reaches a mapped window through the
 * driver's ->access (generic_access_phys), both ways.
 */
static void test_proc_mem(int fd, uint64_t phys, const char *name)
{
	volatile uint32_t *p;
	uint32_t v = 0;
	ssize_t n;
	int mem;

	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, phys);
	if (p == MAP_FAILED) {
		check(0, "%s: map one page: %s", name, errname(errno));
		return;
	}
	mem = open("/proc/self/mem", O_RDWR);
	if (mem < 0) {
		check(0, "%s: open /proc/self/mem: %s", name, errname(errno));
		munmap((void *)p, page);
		return;
	}
	p[9] = 0x0ddba11;
	n = pread(mem, &v, 4, (off_t)(uintptr_t)&p[9]);
	check(n == 4 && v == 0x0ddba11,
	      "%s: /proc/self/mem reads the mapped window (%s, 0x%08x)", name,
	      n < 0 ? errname(errno) : "OK", v);
	v = 0xfeedf00d;
	n = pwrite(mem, &v, 4, (off_t)(uintptr_t)&p[10]);
	v = p[10];
	check(n == 4 && v == 0xfeedf00d,
	      "%s: /proc/self/mem writes the mapped window (%s, 0x%08x)", name,
	      n < 0 ? errname(errno) : "OK", v);
	close(mem);
	munmap((void *)p, page);
}

static int cmd_all(char **argv)
{
	uint64_t bphys = num(argv[0]), bsize = num(argv[1]);
	uint64_t iphys = num(argv[2]), isize = num(argv[3]);
	int fd = open_dev();

	test_map_rw(fd, bphys, bsize, "buffer");
	test_map_rw(fd, iphys, isize, "uncached");
	test_two_processes(bphys, bsize);
	test_concurrent(bphys, bsize);
	test_refusals(fd, bphys, bsize);
	test_refusals(fd, iphys, isize);
	test_overflow(fd);
	test_read_write(fd, bphys, bsize, "buffer");
	test_read_write(fd, iphys, isize, "uncached");
	test_rw_refusals(fd, bphys);
	test_coherent(fd, bphys, "buffer");
	test_coherent(fd, iphys, "uncached");
	test_proc_mem(fd, bphys, "buffer");
	test_proc_mem(fd, iphys, "uncached");
	close(fd);
	return failures ? 1 : 0;
}

static int cmd_hold(char **argv)
{
	uint64_t phys = num(argv[0]), size = num(argv[1]);
	int fd = open_dev();
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       phys);

	if (p == MAP_FAILED) {
		printf("mmap: %s\n", errname(errno));
		return 1;
	}
	close(fd);
	printf("holding\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int cmd_open(const char *path)
{
	int fd = open(path, O_RDWR);

	printf("%s\n", fd < 0 ? errname(errno) : "OK");
	if (fd >= 0)
		close(fd);
	return 0;
}

/* The host recomputes pattern() to check every byte from outside. */
static int cmd_fill(char **argv)
{
	uint64_t phys = num(argv[0]), size = num(argv[1]), i;
	unsigned int seed = (unsigned int)num(argv[2]);
	int fd = open_dev();
	uint8_t *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			  phys);

	if (p == MAP_FAILED) {
		printf("mmap: %s\n", errname(errno));
		return 1;
	}
	for (i = 0; i < size; i++)
		p[i] = pattern(i, seed);
	munmap(p, size);
	return 0;
}

static int sync_call(int fd, uint64_t addr, uint64_t len, uint32_t op,
		     uint32_t dir)
{
	struct devmap_sync s = { .addr = addr, .len = len, .op = op,
				 .dir = dir };

	return ioctl(fd, DEVMAP_IOC_SYNC, &s) ? errno : 0;
}

static void expect_sync(int fd, uint64_t addr, uint64_t len, uint32_t op,
			uint32_t dir, int want, const char *what)
{
	int got = sync_call(fd, addr, len, op, dir);

	check(got == want, "sync %s (0x%" PRIx64 "+0x%" PRIx64 ", op %u, dir %u): %s, want %s",
	      what, addr, len, op, dir, errname(got), errname(want));
}

/*
 * The producer/consumer protocol on a buffer: write, sync for the
 * device, (the device works), sync for the CPU, read. With no device
 * here, what the CPU wrote must come back through mmap and read().
 */
static void test_buffer_data(int fd, uint64_t phys, uint64_t size,
			     const char *name)
{
	uint8_t *p, v = 0;
	uint64_t i, bad = 0;
	int ok;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, phys);
	if (p == MAP_FAILED) {
		check(0, "%s: map 0x%" PRIx64 " bytes: %s", name, size,
		      errname(errno));
		return;
	}
	for (i = 0; i < size; i++)
		p[i] = pattern(i, 3);
	ok = !sync_call(fd, phys, size, DEVMAP_SYNC_FOR_DEVICE,
			DEVMAP_DIR_TO_DEVICE) &&
	     !sync_call(fd, phys, size, DEVMAP_SYNC_FOR_CPU,
			DEVMAP_DIR_FROM_DEVICE);
	for (i = 0; i < size; i++)
		bad += p[i] != pattern(i, 3);
	check(ok && !bad, "%s: 0x%" PRIx64 " bytes written, synced for the device and back, read back (%" PRIu64 " differ)",
	      name, size, bad);
	ok = pread(fd, &v, 1, (off_t)(phys + size - 1)) == 1;
	check(ok && v == pattern(size - 1, 3),
	      "%s: read() sees the last byte (0x%02x)", name, v);
	munmap(p, size);
}

static void test_buffer_sync(int fd, uint64_t phys, uint64_t size,
			     const char *name)
{
	static const uint32_t dirs[] = { DEVMAP_DIR_BIDIRECTIONAL,
		DEVMAP_DIR_TO_DEVICE, DEVMAP_DIR_FROM_DEVICE };
	struct devmap_sync s = { 0 };
	char what[64];
	unsigned int d, op;

	for (op = DEVMAP_SYNC_FOR_CPU; op <= DEVMAP_SYNC_FOR_DEVICE; op++)
		for (d = 0; d < 3; d++) {
			snprintf(what, sizeof(what), "%s, a page inside", name);
			expect_sync(fd, phys + page, page, op, dirs[d], 0, what);
		}
	snprintf(what, sizeof(what), "%s, unaligned bytes", name);
	expect_sync(fd, phys + 3, 61, DEVMAP_SYNC_FOR_CPU,
		    DEVMAP_DIR_FROM_DEVICE, 0, what);
	snprintf(what, sizeof(what), "%s, zero length", name);
	expect_sync(fd, phys, 0, DEVMAP_SYNC_FOR_CPU, 0, EINVAL, what);
	snprintf(what, sizeof(what), "%s, unknown op", name);
	expect_sync(fd, phys, page, 3, 0, EINVAL, what);
	snprintf(what, sizeof(what), "%s, unknown direction", name);
	expect_sync(fd, phys, page, DEVMAP_SYNC_FOR_CPU, 7, EINVAL, what);
	snprintf(what, sizeof(what), "%s, past its end", name);
	expect_sync(fd, phys + size - page, 2 * page, DEVMAP_SYNC_FOR_DEVICE,
		    0, ERANGE, what);
	snprintf(what, sizeof(what), "%s, wrapping", name);
	expect_sync(fd, phys, UINT64_MAX, DEVMAP_SYNC_FOR_DEVICE, 0,
		    EOVERFLOW, what);
	expect_sync(fd, 0x1000, page, DEVMAP_SYNC_FOR_CPU, 0, ENXIO,
		    "outside every window");
	check(ioctl(fd, DEVMAP_IOC_SYNC, (void *)8) && errno == EFAULT,
	      "sync with a bad pointer: EFAULT");
	s.addr = phys;
	s.len = page;
	check(ioctl(fd, _IOW(DEVMAP_IOC_MAGIC, 99, struct devmap_sync), &s) &&
	      errno == ENOTTY, "unknown ioctl: ENOTTY");
}

/* Two processes sync and write the same buffer at once. */
static void test_buffer_concurrent(uint64_t phys, uint64_t size)
{
	pid_t pid[2];
	int i, status, failed = 0;

	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			int fd = open_dev(), n;
			uint8_t *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
					  MAP_SHARED, fd, phys);

			if (p == MAP_FAILED)
				_exit(1);
			for (n = 0; n < 200; n++) {
				p[(uint64_t)(n * 4099 + i) % size] = (uint8_t)n;
				if (sync_call(fd, phys, size,
					      i ? DEVMAP_SYNC_FOR_CPU :
					      DEVMAP_SYNC_FOR_DEVICE,
					      DEVMAP_DIR_BIDIRECTIONAL))
					_exit(1);
			}
			_exit(0);
		}
	}
	for (i = 0; i < 2; i++)
		if (waitpid(pid[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			failed++;
	check(!failed, "two processes map and sync one buffer at once");
}

static int cmd_buffers(char **argv)
{
	uint64_t phys = num(argv[0]), size = num(argv[1]);
	uint64_t uphys = num(argv[2]), usize = num(argv[3]);
	int fd = open_dev();

	test_buffer_data(fd, phys, size, "cached buffer");
	test_buffer_data(fd, uphys, usize, "uncached buffer");
	test_buffer_sync(fd, phys, size, "cached buffer");
	test_buffer_sync(fd, uphys, usize, "uncached buffer");
	test_buffer_concurrent(phys, size);
	close(fd);
	return failures ? 1 : 0;
}

/* The key=value fields of a uevent message, NUL separated. */
static const char *uevent_field(const char *msg, size_t len, const char *key)
{
	size_t klen = strlen(key), i;

	for (i = 0; i < len; i += strlen(msg + i) + 1)
		if (!strncmp(msg + i, key, klen) && msg[i + klen] == '=')
			return msg + i + klen + 1;
	return "";
}

static int cmd_uevents(char **argv)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	time_t end = time(NULL) + (time_t)num(argv[0]);
	char msg[8192];
	int sock;

	sock = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);
	if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof(addr))) {
		printf("netlink: %s\n", errname(errno));
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	while (time(NULL) < end) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = recv(sock, msg, sizeof(msg) - 1, 0);
		if (n <= 0)
			continue;
		msg[n] = '\0';
		if (!*uevent_field(msg, (size_t)n, "DEVMAP_WINDOW"))
			continue;
		printf("%s %s %s %s %s\n", uevent_field(msg, (size_t)n, "ACTION"),
		       uevent_field(msg, (size_t)n, "DEVPATH"),
		       uevent_field(msg, (size_t)n, "DEVMAP_WINDOW"),
		       uevent_field(msg, (size_t)n, "DEVMAP_PHYS"),
		       uevent_field(msg, (size_t)n, "DEVMAP_SIZE"));
		fflush(stdout);
	}
	close(sock);
	return 0;
}

int main(int argc, char **argv)
{
	page = sysconf(_SC_PAGESIZE);
	if (argc == 6 && !strcmp(argv[1], "all"))
		return cmd_all(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "hold"))
		return cmd_hold(argv + 2);
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "open"))
		return cmd_open(argc == 3 ? argv[2] : DEV);
	if (argc == 6 && !strcmp(argv[1], "buffers"))
		return cmd_buffers(argv + 2);
	if (argc == 3 && !strcmp(argv[1], "uevents"))
		return cmd_uevents(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "fill"))
		return cmd_fill(argv + 2);
	fprintf(stderr, "usage: devmap_test all|hold|open|fill|buffers|uevents ...\n");
	return 2;
}
