// SPDX-License-Identifier: Apache-2.0
/*
 * Guest-side checks that /dev/map never does more than a descriptor's
 * open mode and a mapping's protection allow, and that a removed window
 * is gone for everyone, printed as TAP lines ("ok - ..." / "not ok -
 * ..."); the host numbers them.
 *
 *   devmap_guard_test protect PHYS
 *       a page at PHYS mapped read-only (from an O_RDONLY descriptor, or
 *       PROT_READ from an O_RDWR one): writes through /proc/self/mem and
 *       PTRACE_POKEDATA fail and the bytes stay; reads work; PROT_NONE
 *       cannot be read; after mprotect(PROT_WRITE) a write works
 *   devmap_guard_test ro-attack PHYS
 *       only the refused writes of protect: for a window whose bytes the
 *       host checks after poweroff
 *   devmap_guard_test sync-modes PHYS
 *       a buffer at PHYS: a read-only descriptor may write back but not
 *       invalidate; flags must be 0; 0.2's 24-byte request still works
 *   devmap_guard_test revoke WINDOW BUS DEVICE
 *       map WINDOW, unbind DEVICE (pci or platform bus) from devmap: a
 *       touch gets SIGBUS, read() ENXIO, /proc/self/mem fails; bind again:
 *       the old mapping stays dead, a new one works; munmap, unbind and
 *       bind again (the memory-region buffers' rebind sequence)
 *   devmap_guard_test open-loop SECONDS PHYS
 *       open /dev/map and map PHYS in a loop (while modules fail to load)
 *   devmap_guard_test stress BUS DEVICE WINDOW SECONDS
 *       readers through mmap, read() and /proc/self/mem of WINDOW's last
 *       page, filled with a pattern, and interrupt handles, against a
 *       loop that unbinds and binds DEVICE: every read gives the pattern
 *       or fails (SIGBUS, ENXIO, EIO), never other bytes
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devmap_ioctl.h"
#include "guest_tap.h"

#define DEV "/dev/map"
#define WINDOWS "/sys/class/misc/map/windows"

static long page;

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "devmap_guard_test: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int open_dev(int flags)
{
	int fd = open(DEV, flags);

	if (fd < 0) {
		printf("Bail out! open %s: %s\n", DEV, strerror(errno));
		exit(1);
	}
	return fd;
}

/* A window's sysfs number (phys, size), or -1 when it is not there. */
static long long window_num(const char *window, const char *file)
{
	char path[256], buf[64];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), WINDOWS "/%s/%s", window, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = strtoll(buf, NULL, 0);
	fclose(f);
	return v;
}

static int write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return errno;
	if (write(fd, value, strlen(value)) < 0)
		ret = errno;
	close(fd);
	return ret;
}

static int driver_file(const char *bus, const char *what, const char *dev)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/bus/%s/drivers/devmap/%s", bus,
		 what);
	return write_file(path, dev);
}

/*
 * Touch p (read, or write when write) in a child: the signal that ended
 * it, or 0 when the touch worked.
 */
static int touch_in_child(volatile uint32_t *p, int write)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (write)
			*p = 0x5eadbeef;
		else
			(void)*p;
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static const char *signame(int sig)
{
	switch (sig) {
	case 0: return "no signal";
	case SIGBUS: return "SIGBUS";
	case SIGSEGV: return "SIGSEGV";
	default: return "another signal";
	}
}

static int proc_mem(int write, volatile void *at, uint32_t *v)
{
	int mem = open("/proc/self/mem", O_RDWR), ret = 0;
	ssize_t n;

	if (mem < 0)
		return errno;
	n = write ? pwrite(mem, v, 4, (off_t)(uintptr_t)at) :
		    pread(mem, v, 4, (off_t)(uintptr_t)at);
	if (n != 4)
		ret = n < 0 ? errno : EIO;
	close(mem);
	return ret;
}

/*
 * PTRACE_POKEDATA into p in a traced child that shares the mapping: the
 * errno, and the word before and after as the tracer sees it.
 */
static int ptrace_poke(volatile uint32_t *p, long *before, long *after)
{
	int status, err = 0;
	pid_t pid = fork();

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	errno = 0;
	*before = ptrace(PTRACE_PEEKDATA, pid, (void *)p, NULL);
	if (ptrace(PTRACE_POKEDATA, pid, (void *)p, (void *)~*before))
		err = errno;
	*after = ptrace(PTRACE_PEEKDATA, pid, (void *)p, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return err;
}

/* Every way a debugger writes must fail on p, and the word must stay. */
static void refused_writes(volatile uint32_t *p, const char *what)
{
	uint32_t v0 = *p, v = ~v0, got = 0;
	long before, after;
	int ret;

	ret = proc_mem(1, p, &v);
	check(ret && *p == v0, "%s: /proc/self/mem write refused (%s), word unchanged (0x%08x)",
	      what, errname(ret), *p);
	ret = proc_mem(0, p, &got);
	check(!ret && got == v0, "%s: /proc/self/mem reads it (%s, 0x%08x)",
	      what, errname(ret), got);
	ret = ptrace_poke(p, &before, &after);
	check(ret && before == after && *p == v0,
	      "%s: PTRACE_POKEDATA refused (%s), word unchanged (0x%08x)",
	      what, errname(ret), *p);
}

static int cmd_protect(uint64_t phys, int control)
{
	int ro = open_dev(O_RDONLY), rw = open_dev(O_RDWR), ret;
	volatile uint32_t *p, *q;
	uint32_t v = 0x600dc0de;

	p = mmap(NULL, page, PROT_READ, MAP_SHARED, ro, phys);
	check(p != MAP_FAILED, "O_RDONLY descriptor: PROT_READ mapping of 0x%" PRIx64 " (%s)",
	      phys, p == MAP_FAILED ? errname(errno) : "OK");
	if (p == MAP_FAILED)
		return 1;
	q = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, ro, phys);
	check(q == MAP_FAILED && errno == EACCES,
	      "O_RDONLY descriptor: no PROT_WRITE mapping (%s)",
	      q == MAP_FAILED ? errname(errno) : "mapped");
	ret = mprotect((void *)p, page, PROT_READ | PROT_WRITE) ? errno : 0;
	check(ret == EACCES, "O_RDONLY descriptor: mprotect(PROT_WRITE) refused (%s)",
	      errname(ret));
	refused_writes(p, "read-only descriptor's mapping");

	q = mmap(NULL, page, PROT_READ, MAP_SHARED, rw, phys);
	if (q == MAP_FAILED) {
		check(0, "O_RDWR descriptor: PROT_READ mapping (%s)",
		      errname(errno));
		return 1;
	}
	refused_writes(q + 1, "PROT_READ mapping of an O_RDWR descriptor");
	if (control) {
		ret = mprotect((void *)q, page, PROT_READ | PROT_WRITE) ?
		      errno : 0;
		if (!ret)
			ret = proc_mem(1, q + 2, &v);
		check(!ret && q[2] == v,
		      "after mprotect(PROT_WRITE) /proc/self/mem writes it (%s, 0x%08x)",
		      errname(ret), q[2]);
		ret = mprotect((void *)q, page, PROT_NONE) ? errno : 0;
		if (!ret)
			ret = proc_mem(0, q + 2, &v) ? 0 : -1;
		check(!ret, "PROT_NONE mapping: /proc/self/mem cannot read it");
	}
	munmap((void *)q, page);
	munmap((void *)p, page);
	close(rw);
	close(ro);
	return failures ? 1 : 0;
}

/* 0.2's request: the struct without flags, 24 bytes. */
struct devmap_sync_v1 {
	__u64 addr;
	__u64 len;
	__u32 op;
	__u32 dir;
};

static int sync_call(int fd, uint64_t addr, uint32_t op, uint32_t dir,
		     uint64_t flags)
{
	struct devmap_sync s = { .addr = addr, .len = page, .op = op,
				 .dir = dir, .flags = flags };

	return ioctl(fd, DEVMAP_IOC_SYNC, &s) ? errno : 0;
}

static int cmd_sync_modes(uint64_t phys)
{
	static const char * const dirs[] = { "bidirectional", "to-device",
					      "from-device" };
	int ro = open_dev(O_RDONLY), rw = open_dev(O_RDWR), ret, want;
	struct devmap_sync_v1 old = { .addr = phys, .len = page,
				      .op = DEVMAP_SYNC_FOR_CPU,
				      .dir = DEVMAP_DIR_FROM_DEVICE };
	uint32_t op, dir;

	for (op = DEVMAP_SYNC_FOR_CPU; op <= DEVMAP_SYNC_FOR_DEVICE; op++)
		for (dir = DEVMAP_DIR_BIDIRECTIONAL;
		     dir <= DEVMAP_DIR_FROM_DEVICE; dir++) {
			/* A write-back only: handing memory to a reader. */
			want = op == DEVMAP_SYNC_FOR_DEVICE &&
			       dir != DEVMAP_DIR_FROM_DEVICE ? 0 : EBADF;
			ret = sync_call(ro, phys, op, dir, 0);
			check(ret == want, "O_RDONLY descriptor: sync for the %s, %s: %s, want %s",
			      op == DEVMAP_SYNC_FOR_CPU ? "CPU" : "device",
			      dirs[dir], errname(ret), errname(want));
			ret = sync_call(rw, phys, op, dir, 0);
			check(!ret, "O_RDWR descriptor: sync for the %s, %s: %s",
			      op == DEVMAP_SYNC_FOR_CPU ? "CPU" : "device",
			      dirs[dir], errname(ret));
		}
	ret = sync_call(rw, phys, DEVMAP_SYNC_FOR_DEVICE,
			DEVMAP_DIR_TO_DEVICE, 1);
	check(ret == EINVAL, "sync with flags 1: %s, want EINVAL",
	      errname(ret));
	check(DEVMAP_IOC_SYNC == 0x4020db01,
	      "DEVMAP_IOC_SYNC is 0x4020db01 (0x%lx)",
	      (unsigned long)DEVMAP_IOC_SYNC);
	ret = ioctl(rw, _IOW(DEVMAP_IOC_MAGIC, 1, struct devmap_sync_v1),
		    &old) ? errno : 0;
	check(!ret, "0.2's 24-byte sync request (0x4018db01) still served (%s)",
	      errname(ret));
	close(rw);
	close(ro);
	return failures ? 1 : 0;
}

static int cmd_revoke(const char *window, const char *bus, const char *dev)
{
	long long phys = window_num(window, "phys");
	long long size = window_num(window, "size");
	volatile uint32_t *p, *n;
	size_t len;
	uint32_t v;
	int fd, ret, sig;

	if (phys < 0 || size <= 0) {
		check(0, "revoke: window %s in sysfs", window);
		return 1;
	}
	len = size < 0x10000 ? (size_t)size : 0x10000;
	fd = open_dev(O_RDWR);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, phys);
	if (p == MAP_FAILED) {
		check(0, "revoke: map %s (%s)", window, errname(errno));
		return 1;
	}
	v = p[1];
	sig = touch_in_child(p, 0);
	check(!sig, "%s mapped: a child reads it (%s)", window, signame(sig));

	ret = driver_file(bus, "unbind", dev);
	check(!ret, "unbind %s from devmap (%s)", dev, errname(ret));
	check(window_num(window, "phys") < 0, "unbind removes window %s",
	      window);
	sig = touch_in_child(p, 0);
	check(sig == SIGBUS, "%s gone: a read through the old mapping gets %s",
	      window, signame(sig));
	sig = touch_in_child(p + 1, 1);
	check(sig == SIGBUS, "%s gone: a write through the old mapping gets %s",
	      window, signame(sig));
	ret = pread(fd, &v, 4, phys) < 0 ? errno : 0;
	check(ret == ENXIO, "%s gone: read() at 0x%llx gives %s", window, phys,
	      errname(ret));
	ret = proc_mem(0, p, &v);
	check(ret != 0, "%s gone: /proc/self/mem cannot read the old mapping (%s)",
	      window, errname(ret));
	n = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, phys);
	check(n == MAP_FAILED && errno == ENXIO, "%s gone: a new mmap gives %s",
	      window, n == MAP_FAILED ? errname(errno) : "a mapping");

	ret = driver_file(bus, "bind", dev);
	check(!ret && window_num(window, "phys") >= 0,
	      "bind %s again: window %s is back (%s)", dev, window,
	      errname(ret));
	sig = touch_in_child(p, 0);
	check(sig == SIGBUS, "%s back: the old mapping stays dead (%s)",
	      window, signame(sig));
	phys = window_num(window, "phys");
	n = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, phys);
	if (n != MAP_FAILED) {
		v = n[3];
		n[3] = 0xa11ce5;
		check(n[3] == 0xa11ce5, "%s back: a new mapping reads and writes",
		      window);
		n[3] = v;
		munmap((void *)n, page);
	} else {
		check(0, "%s back: a new mapping (%s)", window, errname(errno));
	}
	/* The rebind sequence of a memory-region buffer: its pool is new. */
	munmap((void *)p, len);
	ret = driver_file(bus, "unbind", dev);
	check(!ret, "munmap, then unbind %s again (%s)", dev, errname(ret));
	ret = driver_file(bus, "bind", dev);
	check(!ret && window_num(window, "phys") >= 0,
	      "bind %s again: window %s is back (%s)", dev, window,
	      errname(ret));
	close(fd);
	return failures ? 1 : 0;
}

static volatile sig_atomic_t stop_loop;

static void on_sigterm(int sig)
{
	(void)sig;
	stop_loop = 1;
}

static int cmd_open_loop(double seconds, uint64_t phys)
{
	long opens = 0, maps = 0, tries = 0;
	double end = now() + seconds;

	signal(SIGTERM, on_sigterm);
	while (now() < end && !stop_loop) {
		int fd = open(DEV, O_RDWR);
		void *p;

		tries++;
		if (fd < 0)
			continue;
		opens++;
		p = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, phys);
		if (p != MAP_FAILED) {
			maps++;
			munmap(p, page);
		}
		close(fd);
	}
	printf("# open-loop: %ld tries, %ld opens, %ld maps\n", tries, opens,
	       maps);
	return 0;
}

/* The stress: what every reader found, in memory shared with the parent. */
struct stress_counts {
	volatile int stop;
	long reads, refused, wrong, binds;
};

static sigjmp_buf bus_jump;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jump, 1);
}

static uint32_t stress_word(unsigned int i)
{
	return 0xd5000000u | i;
}

/* Compares a page against the pattern; counts one read. */
static void stress_check(struct stress_counts *c, const uint32_t *w)
{
	unsigned int i;

	for (i = 0; i < page / 4; i++)
		if (w[i] != stress_word(i)) {
			__sync_fetch_and_add(&c->wrong, 1);
			return;
		}
	__sync_fetch_and_add(&c->reads, 1);
}

static void stress_mmap_reader(struct stress_counts *c, uint64_t phys)
{
	/* Not on the stack: siglongjmp() returns past their changes. */
	static uint32_t copy[65536 / 4];
	static volatile uint32_t *p;
	static unsigned int i;
	static int fd;

	signal(SIGBUS, on_sigbus);
	while (!c->stop) {
		fd = open(DEV, O_RDONLY);
		p = fd < 0 ? MAP_FAILED :
		    mmap(NULL, page, PROT_READ, MAP_SHARED, fd, phys);
		if (p == MAP_FAILED) {
			__sync_fetch_and_add(&c->refused, 1);
		} else if (sigsetjmp(bus_jump, 1)) {
			__sync_fetch_and_add(&c->refused, 1);
		} else {
			for (i = 0; i < page / 4; i++)
				copy[i] = p[i];
			stress_check(c, copy);
		}
		if (p != MAP_FAILED)
			munmap((void *)p, page);
		if (fd >= 0)
			close(fd);
	}
}

static void stress_pread_reader(struct stress_counts *c, uint64_t phys,
				int use_proc_mem)
{
	static uint32_t copy[65536 / 4];
	void *p = MAP_FAILED;
	int fd = -1, mem = open("/proc/self/mem", O_RDONLY);

	while (!c->stop) {
		ssize_t n;

		if (fd < 0)
			fd = open(DEV, O_RDONLY);
		if (use_proc_mem && p == MAP_FAILED && fd >= 0)
			p = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, phys);
		if (use_proc_mem)
			n = p == MAP_FAILED ? -1 :
			    pread(mem, copy, page, (off_t)(uintptr_t)p);
		else
			n = fd < 0 ? -1 : pread(fd, copy, page, phys);
		if (n == page) {
			stress_check(c, copy);
			continue;
		}
		__sync_fetch_and_add(&c->refused, 1);
		/* A mapping of a removed window stays dead: make a new one. */
		if (p != MAP_FAILED)
			munmap(p, page);
		p = MAP_FAILED;
	}
}

/* Handles on the window's interrupt: opened, polled, masked, closed. */
static void stress_irq_user(struct stress_counts *c, const char *window)
{
	struct devmap_irq_open o = { .index = 0, .flags = O_NONBLOCK };
	uint32_t one = 1;
	int rw = 0;

	snprintf(o.window, sizeof(o.window), "%s", window);
	while (!c->stop) {
		int fd = open(DEV, (rw ^= 1) ? O_RDWR : O_RDONLY);
		int h = fd < 0 ? -1 : ioctl(fd, DEVMAP_IOC_IRQ_OPEN, &o);

		if (h >= 0) {
			struct pollfd pfd = { .fd = h, .events = POLLIN };

			poll(&pfd, 1, 1);
			if (write(h, &one, 4) != 4 && errno != EBADF &&
			    errno != EIO)
				__sync_fetch_and_add(&c->wrong, 1);
			close(h);
		}
		if (fd >= 0)
			close(fd);
	}
}

static int cmd_stress(const char *bus, const char *dev, const char *window,
		      double seconds)
{
	long long base = window_num(window, "phys");
	long long size = window_num(window, "size");
	struct stress_counts *c;
	uint32_t *fill;
	pid_t pid[4];
	double end;
	uint64_t phys;
	unsigned int i;
	int fd, k, status, ok = 1;

	if (base < 0 || size < page) {
		check(0, "stress: window %s in sysfs", window);
		return 1;
	}
	phys = base + size - page;
	fill = malloc(page);
	for (i = 0; i < page / 4; i++)
		fill[i] = stress_word(i);
	fd = open_dev(O_RDWR);
	check(pwrite(fd, fill, page, phys) == page,
	      "stress: pattern written to %s's last page", window);
	close(fd);
	c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(c, 0, sizeof(*c));
	for (k = 0; k < 4; k++) {
		pid[k] = fork();
		if (pid[k] == 0) {
			if (k == 0)
				stress_mmap_reader(c, phys);
			else if (k == 3)
				stress_irq_user(c, window);
			else
				stress_pread_reader(c, phys, k == 2);
			_exit(0);
		}
	}
	end = now() + seconds;
	while (now() < end) {
		if (driver_file(bus, "unbind", dev) ||
		    driver_file(bus, "bind", dev)) {
			ok = 0;
			break;
		}
		c->binds++;
		usleep(20000);
	}
	c->stop = 1;
	for (k = 0; k < 4; k++)
		if (waitpid(pid[k], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			ok = 0;
	check(ok && window_num(window, "phys") >= 0,
	      "stress: %ld unbind/bind cycles of %s in %.0f s, every reader ended, %s bound",
	      c->binds, dev, seconds, window);
	check(c->reads > 0 && c->refused > 0,
	      "stress: reads of %s both served (%ld) and refused (%ld) across the cycles",
	      window, c->reads, c->refused);
	check(!c->wrong, "stress: no read gave other bytes than the pattern (%ld did)",
	      c->wrong);
	free(fill);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	page = sysconf(_SC_PAGESIZE);
	if (argc == 3 && !strcmp(argv[1], "protect"))
		return cmd_protect(num(argv[2]), 1);
	if (argc == 3 && !strcmp(argv[1], "ro-attack"))
		return cmd_protect(num(argv[2]), 0);
	if (argc == 3 && !strcmp(argv[1], "sync-modes"))
		return cmd_sync_modes(num(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "revoke"))
		return cmd_revoke(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "open-loop"))
		return cmd_open_loop(num(argv[2]), num(argv[3]));
	if (argc == 6 && !strcmp(argv[1], "stress"))
		return cmd_stress(argv[2], argv[3], argv[4], num(argv[5]));
	fprintf(stderr, "usage: see the comment at the top of %s\n", __FILE__);
	return 2;
}
