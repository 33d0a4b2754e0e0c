// SPDX-License-Identifier: Apache-2.0
/*
 * Guest-side checks of devmap's interrupt handles (DEVMAP_IOC_IRQ_OPEN)
 * on QEMU's ivshmem-doorbell bound to devmap, printed as TAP lines ("ok -
 * ..." / "not ok - ..."); the host numbers them. BDF is the device's
 * address: its windows are BDF-bar0 (registers) and BDF-bar2 (memory
 * shared with tests/vm/ivshmem-server.py, which rings back on request).
 *
 *   devmap_irq_test suite BDF NOIRQ_WINDOW
 *       errors, sizes, poll timeout, self and host rings, missed
 *       interrupts, several waiters and processes, close while waiting,
 *       handles shared by dup(), fork() and SCM_RIGHTS, a read-only
 *       handle, mask and unmask (an MSI-X device)
 *   devmap_irq_test edu BDF
 *       QEMU's edu device (MSI, or INTx with devmap_pci_intx=1): on INTx
 *       the level rule, masked at each interrupt until the device is
 *       acknowledged and 1 written
 *   devmap_irq_test gpio WINDOW
 *       arm64: a device-tree window with QEMU virt's PL061 level
 *       interrupt, raised from the host's monitor (system_powerdown)
 *   devmap_irq_test gpio-storm WINDOW
 *       the same line raised while two threads mask and unmask it on
 *       one CPU: no storm, and mask state and line agree afterwards
 *   devmap_irq_test ring BDF
 *       one self-ring seen through a handle
 *   devmap_irq_test unbind BDF
 *       unbinding the device wakes a waiter with EIO; later calls fail
 *   devmap_irq_test unbind-dt WINDOW DEVICE
 *       the same for a device-tree window's platform device
 *   devmap_irq_test hold WINDOW INDEX
 *       open a handle, print "holding" and sleep until killed
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devmap_ioctl.h"
#include "guest_tap.h"

#define DEV "/dev/map"
#define WINDOWS "/sys/class/misc/map/windows"

/* ivshmem BAR0 registers, in 32-bit words */
#define REG_IVPOSITION	2
#define REG_DOORBELL	3

/* tests/vm/ivshmem-server.py's words at the start of BAR2 */
#define SHM_MAGIC	0
#define SHM_PEER	1
#define SHM_COMMAND	2
#define SHM_ACK		3
#define SHM_TARGET	5
#define SERVER_MAGIC	0x52535649

static int mapfd;
static char w0[64], w2[64];
static volatile uint32_t *regs, *shm;
static uint32_t own_id;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A number from a sysfs file, or -1. */
static long long sysfs_num(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static long long sysfs_num(const char *fmt, ...)
{
	char path[256], buf[64];
	long long v = -1;
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = strtoll(buf, NULL, 0);
	fclose(f);
	return v;
}

static long long irq_count(int index)
{
	return sysfs_num(WINDOWS "/%s/interrupts/%d/count", w0, index);
}

static long long irq_masked(int index)
{
	return sysfs_num(WINDOWS "/%s/interrupts/%d/masked", w0, index);
}

/* A handle's fd, or -errno. */
static int irq_open(const char *window, uint32_t index, uint32_t flags)
{
	struct devmap_irq_open o = { .index = index, .flags = flags };
	int h;

	snprintf(o.window, sizeof(o.window), "%s", window);
	h = ioctl(mapfd, DEVMAP_IOC_IRQ_OPEN, &o);
	return h < 0 ? -errno : h;
}

static int must_open(uint32_t index)
{
	int h = irq_open(w0, index, O_CLOEXEC);

	if (h < 0) {
		printf("Bail out! DEVMAP_IOC_IRQ_OPEN %s %u: %s\n", w0, index,
		       errname(-h));
		exit(1);
	}
	return h;
}

static void ring(uint32_t peer, uint32_t vector)
{
	__sync_synchronize();
	regs[REG_DOORBELL] = peer << 16 | vector;
}

/* Wait for sysfs count >= want; the interrupt was taken. */
static int wait_count(int index, long long want, int ms)
{
	double end = now() + ms / 1000.0;

	while (irq_count(index) < want) {
		if (now() > end)
			return -1;
		msleep(2);
	}
	return 0;
}

/* poll() then read() one count; 0 or the errno (ETIMEDOUT). */
static int read_count(int h, uint32_t *count, int timeout_ms)
{
	struct pollfd p = { .fd = h, .events = POLLIN };
	int n = poll(&p, 1, timeout_ms);

	if (n < 0)
		return errno;
	if (n == 0)
		return ETIMEDOUT;
	if (read(h, count, sizeof(*count)) != sizeof(*count))
		return errno;
	return 0;
}

static void *map_window(const char *window, size_t len)
{
	long long phys = sysfs_num(WINDOWS "/%s/phys", window);
	void *p;

	if (phys < 0) {
		printf("Bail out! no window %s\n", window);
		exit(1);
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, mapfd, phys);
	if (p == MAP_FAILED) {
		printf("Bail out! mmap %s: %s\n", window, strerror(errno));
		exit(1);
	}
	return p;
}

static void setup(const char *bdf, bool with_shm)
{
	mapfd = open(DEV, O_RDWR);
	if (mapfd < 0) {
		printf("Bail out! open %s: %s\n", DEV, strerror(errno));
		exit(1);
	}
	snprintf(w0, sizeof(w0), "%s-bar0", bdf);
	snprintf(w2, sizeof(w2), "%s-bar2", bdf);
	regs = map_window(w0, 4096);
	own_id = regs[REG_IVPOSITION];
	if (with_shm)
		shm = map_window(w2, 4096);
}

static void test_errors(const char *noirq)
{
	struct devmap_irq_open o = { .index = 0 };
	char link[128], want[128], path[64];
	ssize_t n;
	int h;

	check(irq_open("nosuch", 0, 0) == -ENOENT, "irq open of an unknown window: ENOENT");
	check(irq_open(noirq, 0, 0) == -ENODEV, "irq open of window %s (no interrupts): ENODEV", noirq);
	check(irq_open(w0, 2, 0) == -ENODEV, "irq open of %s index 2 (2 vectors): ENODEV", w0);
	check(irq_open(w0, 0, O_APPEND) == -EINVAL, "irq open with flag O_APPEND: EINVAL");
	check(irq_open(w0, 0, 0x80000000u) == -EINVAL, "irq open with flag bit 31: EINVAL");
	memset(o.window, 'a', sizeof(o.window));
	check(ioctl(mapfd, DEVMAP_IOC_IRQ_OPEN, &o) < 0 && errno == EINVAL,
	      "irq open with a window name not NUL-terminated: EINVAL");
	check(ioctl(mapfd, DEVMAP_IOC_IRQ_OPEN, (void *)8) < 0 && errno == EFAULT,
	      "irq open with a bad pointer: EFAULT");
	check(DEVMAP_IOC_IRQ_OPEN == 0x4028db02, "DEVMAP_IOC_IRQ_OPEN is 0x4028db02");

	h = irq_open(w0, 0, O_CLOEXEC | O_NONBLOCK);
	check(h >= 0, "irq open %s 0 with O_CLOEXEC|O_NONBLOCK: %s", w0, errname(h < 0 ? -h : 0));
	if (h < 0)
		return;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", h);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "anon_inode:devmap-irq:%s:0", w0);
	check(!strcmp(link, want), "handle is %s (got %s)", want, link);
	check(fcntl(h, F_GETFD) & FD_CLOEXEC, "handle has FD_CLOEXEC");
	check(fcntl(h, F_GETFL) & O_NONBLOCK, "handle has O_NONBLOCK");
	{
		uint32_t v = 0;
		uint64_t big = 1;

		int e;

		e = read(h, &v, 4) < 0 ? errno : 0;
		check(e == EAGAIN, "O_NONBLOCK read with nothing new: EAGAIN (%s)", errname(e));
		e = read(h, &big, 8) < 0 ? errno : 0;
		check(e == EINVAL, "read of 8 bytes: EINVAL (%s)", errname(e));
		e = read(h, &v, 2) < 0 ? errno : 0;
		check(e == EINVAL, "read of 2 bytes: EINVAL (%s)", errname(e));
		e = write(h, &big, 8) < 0 ? errno : 0;
		check(e == EINVAL, "write of 8 bytes: EINVAL (%s)", errname(e));
		v = 2;
		e = write(h, &v, 4) < 0 ? errno : 0;
		check(e == EINVAL, "write of value 2: EINVAL (%s)", errname(e));
	}
	close(h);
}

static void test_poll_timeout(void)
{
	int h = must_open(0);
	struct pollfd p = { .fd = h, .events = POLLIN };
	double t0 = now(), dt;
	int n = poll(&p, 1, 300);

	dt = now() - t0;
	check(n == 0 && dt >= 0.25 && dt < 5, "poll without interrupt times out after 300 ms (%d, %.3f s)", n, dt);
	close(h);
}

static void test_self_ring(void)
{
	int h = must_open(0), ret;
	long long c0 = irq_count(0);
	uint32_t c = 0;

	check(irq_masked(0) == 0, "%s interrupt 0 unmasked once a handle is open", w0);
	ring(own_id, 0);
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 1, "self-ring (peer %u vector 0): read gives count %lld (%s, got %u)",
	      own_id, c0 + 1, errname(ret), c);
	check(irq_count(0) == c0 + 1, "sysfs count follows: %lld", irq_count(0));

	/* Three rings before reading: the next read jumps by three. */
	for (int i = 1; i <= 3; i++) {
		ring(own_id, 0);
		wait_count(0, c0 + 1 + i, 5000);
	}
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 4, "3 rings before one read: count jumps by 3 to %lld (%s, got %u)",
	      c0 + 4, errname(ret), c);
	{
		uint32_t one = 1;

		check(write(h, &one, 4) == 4, "write 1 on an edge source: accepted");
	}
	close(h);
}

static void test_host_ring(void)
{
	int h = must_open(1), ret = 0, i, got = 0;
	uint32_t c = 0, base = (uint32_t)irq_count(1);
	const int n = 5;

	if (shm[SHM_MAGIC] != SERVER_MAGIC) {
		check(0, "ivshmem server's magic in BAR2 (got 0x%x)", shm[SHM_MAGIC]);
		close(h);
		return;
	}
	shm[SHM_TARGET] = own_id;
	shm[SHM_ACK] = 0;
	shm[SHM_COMMAND] = n;
	ring(shm[SHM_PEER], 1);
	for (i = 1; i <= n; i++) {
		ret = read_count(h, &c, 10000);
		if (ret || c != base + i)
			break;
		got++;
		__sync_synchronize();
		shm[SHM_ACK] = i;
	}
	check(got == n, "host rings vector 1 %d times: counts %u..%u one by one (got %d, last %u, %s)",
	      n, base + 1, base + n, got, c, errname(ret));
	close(h);
}

/* Two children and the parent, each with a handle: one ring wakes all. */
static void test_waiters(void)
{
	int ready[2], result[2], h, i, ok = 1, ret;
	long long c0 = irq_count(0);
	uint32_t c = 0;
	char b;

	if (pipe(ready) || pipe(result))
		return;
	for (i = 0; i < 2; i++) {
		if (fork() == 0) {
			int hc = must_open(0);
			uint32_t cc = 0;

			alarm(20);
			if (write(ready[1], "r", 1) != 1)
				_exit(1);
			if (read(hc, &cc, 4) != 4)
				cc = 0;
			if (write(result[1], &cc, 4) != 4)
				_exit(1);
			_exit(0);
		}
	}
	h = must_open(0);
	close(ready[1]);
	close(result[1]);	/* EOF, not a hang, should a child die */
	for (i = 0; i < 2; i++)
		if (read(ready[0], &b, 1) != 1)
			ok = 0;
	msleep(200);	/* both are in read() by now, or will see it anyway */
	ring(own_id, 0);
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 1, "parent's handle sees the ring: %lld (%u)", c0 + 1, c);
	for (i = 0; i < 2; i++) {
		uint32_t cc = 0;

		if (read(result[0], &cc, 4) != 4 || cc != c0 + 1)
			ok = 0;
	}
	while (wait(NULL) > 0)
		;
	check(ok, "two child processes blocked in read() see the same ring: %lld", c0 + 1);
	close(ready[0]);
	close(result[0]);
	close(h);
}

struct waiter {
	int h;
	bool use_poll;
	int err;
	short revents;
	double took;
	volatile pid_t tid;
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;
	double t0 = now();
	uint32_t c;

	w->tid = (pid_t)syscall(SYS_gettid);
	if (w->use_poll) {
		struct pollfd p = { .fd = w->h, .events = POLLIN };

		w->err = poll(&p, 1, 20000) < 0 ? errno : 0;
		w->revents = p.revents;
	} else {
		w->err = read(w->h, &c, 4) < 0 ? errno : 0;
	}
	w->took = now() - t0;
	return NULL;
}

/*
 * The waiter's thread sleeps (in read() or poll(), which it calls next):
 * its state in /proc, not a guess of how long it takes to get there.
 */
static int wait_asleep(struct waiter *w)
{
	double end = now() + 20;
	char path[64], stat[256];
	FILE *f;

	while (now() < end) {
		char *state = NULL;

		if (w->tid) {
			snprintf(path, sizeof(path), "/proc/self/task/%d/stat",
				 (int)w->tid);
			f = fopen(path, "r");
			if (f && fgets(stat, sizeof(stat), f))
				state = strrchr(stat, ')');
			if (f)
				fclose(f);
			if (state && state[1] == ' ' && state[2] == 'S')
				return 0;
		}
		msleep(2);
	}
	return -1;
}

static int join_within(pthread_t t, int seconds)
{
	struct timespec deadline;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += seconds;
	return pthread_timedjoin_np(t, NULL, &deadline);
}

/*
 * close() in one thread does not end another thread's wait: like any
 * file, the handle lives until that read() returns, and the next event
 * wakes it. (The Java library wakes its own waiters when it closes.)
 */
static void test_close_while_waiting(void)
{
	struct waiter r = { .h = must_open(0) };
	long long c0 = irq_count(0);
	pthread_t tr;
	int jr;

	pthread_create(&tr, NULL, waiter_thread, &r);
	check(!wait_asleep(&r), "a thread waits in read()");
	close(r.h);
	ring(own_id, 0);
	jr = join_within(tr, 5);
	check(!jr && r.err == 0 && irq_count(0) == c0 + 1,
	      "close while a thread waits in read(): the next event still wakes it (%s)",
	      jr ? "still blocked" : errname(r.err));
}

/*
 * A handle belongs to its open file, not to a descriptor: closing a
 * dup() or the sender's copy after SCM_RIGHTS leaves the others working.
 */
static void test_shared_handles(void)
{
	char data = 'h', cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	int h = must_open(0), d = dup(h), sv[2], status = -1, ret;
	long long c0 = irq_count(0);
	struct cmsghdr *cm;
	uint32_t c = 0;
	pid_t pid;

	close(d);
	ring(own_id, 0);
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 1, "dup(h); close(dup): h still works (%s, %u)",
	      errname(ret), c);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return;
	pid = fork();
	if (pid == 0) {
		int got = -1;

		close(sv[0]);
		alarm(20);
		if (recvmsg(sv[1], &msg, 0) == 1) {
			cm = CMSG_FIRSTHDR(&msg);
			if (cm && cm->cmsg_type == SCM_RIGHTS)
				memcpy(&got, CMSG_DATA(cm), sizeof(got));
		}
		/* The sender has closed its copy: now the ring. */
		if (got < 0 || write(sv[1], "r", 1) != 1)
			_exit(2);
		_exit(read_count(got, &c, 10000) || c != c0 + 2 ? 1 : 0);
	}
	close(sv[1]);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &h, sizeof(h));
	ret = sendmsg(sv[0], &msg, 0) == 1 ? 0 : errno;
	close(h);
	if (!ret && read(sv[0], &data, 1) == 1)
		ring(own_id, 0);
	waitpid(pid, &status, 0);
	check(!ret && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "a handle passed over SCM_RIGHTS works after the sender closed it (status 0x%x)",
	      status);
	close(sv[0]);
}

/* A read-only /dev/map descriptor gives a handle that waits but cannot mask. */
static void test_read_only_handle(void)
{
	struct devmap_irq_open o = { .index = 0, .flags = O_CLOEXEC };
	int ro = open(DEV, O_RDONLY), h, ret;
	long long c0 = irq_count(0);
	uint32_t zero = 0, c = 0;

	snprintf(o.window, sizeof(o.window), "%.31s", w0);
	h = ro < 0 ? -1 : ioctl(ro, DEVMAP_IOC_IRQ_OPEN, &o);
	check(h >= 0, "O_RDONLY descriptor: a handle opens (%s)",
	      h < 0 ? errname(errno) : "OK");
	if (h < 0)
		return;
	ret = write(h, &zero, 4) < 0 ? errno : 0;
	check(ret == EBADF && irq_masked(0) == 0,
	      "read-only handle: write 0 (mask) refused (%s), line still unmasked",
	      errname(ret));
	ring(own_id, 0);
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 1, "read-only handle: waits and reads the count (%s, %u)",
	      errname(ret), c);
	close(h);
	close(ro);
}

/* A forked child's close is not the opener's: the parent keeps waiting. */
static void test_child_close(void)
{
	int h = must_open(0), ret;
	long long c0 = irq_count(0);
	uint32_t c = 0;
	pid_t pid = fork();

	if (pid == 0) {
		close(h);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	ring(own_id, 0);
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 1, "a child's close leaves the parent's handle working (%s, %u)", errname(ret), c);
	close(h);
}

static void test_mask(void)
{
	int h = must_open(0), ret;
	long long c0 = irq_count(0);
	uint32_t zero = 0, one = 1, c = 0;
	struct pollfd p = { .fd = h, .events = POLLIN };

	check(write(h, &zero, 4) == 4 && irq_masked(0) == 1, "write 0 masks: sysfs masked 1");
	ring(own_id, 0);
	msleep(300);
	check(irq_count(0) == c0 && poll(&p, 1, 0) == 0, "no event while masked (count %lld)", irq_count(0));
	check(write(h, &one, 4) == 4 && irq_masked(0) == 0, "write 1 unmasks: sysfs masked 0");
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 1, "the ring while masked arrives on unmask (%s, %u)", errname(ret), c);
	close(h);
}

static int cmd_suite(const char *bdf, const char *noirq)
{
	setup(bdf, true);
	printf("# %s: own peer id %u, server peer %u\n", bdf, own_id, shm[SHM_PEER]);
	test_errors(noirq);
	test_poll_timeout();
	test_self_ring();
	test_host_ring();
	test_waiters();
	test_close_while_waiting();
	test_child_close();
	test_shared_handles();
	test_read_only_handle();
	test_mask();
	return failures ? 1 : 0;
}

/* QEMU's edu device: raise and acknowledge registers, MSI or INTx. */
#define EDU_STATUS	(0x24 / 4)
#define EDU_RAISE	(0x60 / 4)
#define EDU_ACK		(0x64 / 4)

/*
 * The level rule on INTx: masked by the kernel at each interrupt until
 * the device is acknowledged and 1 written. MSI: an edge, never masked.
 */
static int cmd_edu(const char *bdf)
{
	uint32_t one = 1, c = 0;
	long long c0;
	bool level = false;
	int h, ret;

	setup(bdf, false);
	{
		char path[160], buf[16] = "";
		FILE *f;

		snprintf(path, sizeof(path), WINDOWS "/%s/interrupts/0/trigger", w0);
		f = fopen(path, "r");
		if (f && fgets(buf, sizeof(buf), f))
			level = !strncmp(buf, "level", 5);
		if (f)
			fclose(f);
	}
	h = must_open(0);
	c0 = irq_count(0);
	check(irq_masked(0) == 0, "edu %s: unmasked once a handle is open", level ? "intx" : "msi");
	regs[EDU_RAISE] = 1;
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 1, "edu: raised interrupt seen (%s, %u)", errname(ret), c);
	if (level) {
		check(irq_masked(0) == 1, "edu intx: the kernel masked the line at the interrupt");
		regs[EDU_RAISE] = 1;
		msleep(300);
		check(irq_count(0) == c0 + 1, "edu intx: no event while masked (count %lld)", irq_count(0));
	} else {
		check(irq_masked(0) == 0, "edu msi: an edge is never masked by the kernel");
	}
	regs[EDU_ACK] = 1;	/* acknowledge the device, then re-enable */
	check(regs[EDU_STATUS] == 0, "edu: status clear after acknowledge");
	check(write(h, &one, 4) == 4 && irq_masked(0) == 0, "edu: write 1 re-enables (masked 0)");
	regs[EDU_RAISE] = 1;
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 2, "edu: next interrupt seen after re-enable (%s, %u)", errname(ret), c);
	regs[EDU_ACK] = 1;
	check(write(h, &one, 4) == 4, "edu: re-enabled again");
	close(h);
	return failures ? 1 : 0;
}

/* QEMU virt's PL061 GPIO, in 32-bit words */
#define PL061_DIR	(0x400 / 4)
#define PL061_IS	(0x404 / 4)
#define PL061_IBE	(0x408 / 4)
#define PL061_IEV	(0x40c / 4)
#define PL061_IE	(0x410 / 4)
#define PL061_MIS	(0x418 / 4)
#define PL061_IC	(0x41c / 4)
#define POWER_PIN	(1u << 3)
#define PL061_DATA_PIN3	((POWER_PIN << 2) / 4)	/* GPIODATA reads the pins in address bits 9:2 */

/*
 * A device-tree interrupt: the PL061's level line, raised by its pin 3
 * when the host sends system_powerdown to QEMU's monitor (asked for by
 * printing "# devmap-monitor: ..." for tests/vm/qemu-monitor.py).
 */
static void gpio_setup(const char *window)
{
	mapfd = open(DEV, O_RDWR);
	snprintf(w0, sizeof(w0), "%s", window);
	regs = map_window(w0, 4096);
	/* pin 3: input, rising edge, interrupt enabled */
	regs[PL061_DIR] &= ~POWER_PIN;
	regs[PL061_IS] &= ~POWER_PIN;
	regs[PL061_IBE] &= ~POWER_PIN;
	regs[PL061_IEV] |= POWER_PIN;
	regs[PL061_IC] = POWER_PIN;
	regs[PL061_IE] |= POWER_PIN;
}

/*
 * QEMU's gpio-key holds pin 3 high for 100 ms after a system_powerdown;
 * another one before the pin falls makes no rising edge, so no interrupt.
 * The host sends what it reads from the console every 100 ms, which is
 * about as long: wait for the pin to fall before pressing again.
 */
static void power_button(void)
{
	int ms;

	for (ms = 0; regs[PL061_DATA_PIN3] & POWER_PIN; ms += 10) {
		if (ms >= 5000) {
			printf("# %s: pin 3 still high after %d ms\n", w0, ms);
			break;
		}
		msleep(10);
	}
	printf("# devmap-monitor: system_powerdown\n");
	fflush(stdout);
}

static int cmd_gpio(const char *window)
{
	uint32_t one = 1, c = 0;
	long long c0;
	int h, ret, round;

	gpio_setup(window);
	h = must_open(0);
	c0 = irq_count(0);
	for (round = 1; round <= 2; round++) {
		power_button();
		ret = read_count(h, &c, 30000);
		check(!ret && c == c0 + round, "dt %s: power button interrupt %d seen (%s, %u)",
		      w0, round, errname(ret), c);
		check(irq_masked(0) == 1, "dt %s: level line masked by the kernel at the interrupt", w0);
		check(regs[PL061_MIS] & POWER_PIN, "dt %s: the PL061 reports pin 3", w0);
		regs[PL061_IC] = POWER_PIN;	/* acknowledge the device */
		check(write(h, &one, 4) == 4 && irq_masked(0) == 0, "dt %s: write 1 re-enables after the acknowledge", w0);
		msleep(300);
		check(irq_count(0) == c0 + round, "dt %s: no further event once acknowledged (count %lld)", w0, irq_count(0));
	}
	regs[PL061_IE] &= ~POWER_PIN;
	close(h);
	return failures ? 1 : 0;
}

struct toggler {
	int h;
	uint32_t value;		/* 0: mask, 1: unmask */
	volatile int *stop;
	long done;
};

static void *toggle_thread(void *arg)
{
	struct toggler *t = arg;

	while (!*t->stop)
		if (write(t->h, &t->value, 4) == 4)
			t->done++;
	return NULL;
}

/*
 * A held level line and two threads masking and unmasking it on one
 * CPU: were the mask state and the line's disable depth changed apart,
 * a line raised in between would be neither masked nor quiet and storm
 * the CPU (this test would then never end). Afterwards they must agree.
 */
static int cmd_gpio_storm(const char *window)
{
	uint32_t one = 1, zero = 0;
	volatile int stop = 0;
	struct toggler t[2];
	pthread_t th[2];
	long long before;
	int h, k, round, joined = 1;

	gpio_setup(window);
	h = must_open(0);
	for (k = 0; k < 2; k++) {
		t[k] = (struct toggler){ .h = h, .value = (uint32_t)k,
					 .stop = &stop };
		pthread_create(&th[k], NULL, toggle_thread, &t[k]);
	}
	for (round = 1; round <= 3; round++) {
		before = irq_count(0);
		power_button();
		check(!wait_count(0, before + 1, 30000),
		      "dt %s storm: raise %d taken while two threads mask and unmask",
		      w0, round);
		regs[PL061_IC] = POWER_PIN;	/* the device lets go */
	}
	stop = 1;
	for (k = 0; k < 2; k++)
		joined &= !join_within(th[k], 10);
	check(joined, "dt %s storm: both threads ended (%ld masks, %ld unmasks)",
	      w0, t[0].done, t[1].done);
	check(write(h, &zero, 4) == 4 && irq_masked(0) == 1,
	      "dt %s after the storm: write 0 masks", w0);
	check(write(h, &one, 4) == 4 && irq_masked(0) == 0,
	      "dt %s after the storm: write 1 unmasks", w0);
	before = irq_count(0);
	power_button();
	check(!wait_count(0, before + 1, 30000),
	      "dt %s after the storm: the next raise is delivered (mask and line agree)",
	      w0);
	regs[PL061_IC] = POWER_PIN;
	check(write(h, &one, 4) == 4, "dt %s after the storm: re-enabled", w0);
	regs[PL061_IE] &= ~POWER_PIN;
	close(h);
	return failures ? 1 : 0;
}

static int cmd_ring(const char *bdf)
{
	int h, ret;
	long long c0;
	uint32_t c = 0;

	setup(bdf, false);
	h = must_open(0);
	c0 = irq_count(0);
	ring(own_id, 0);
	ret = read_count(h, &c, 5000);
	check(!ret && c == c0 + 1, "%s: self-ring seen through a handle (%s, %u)", bdf, errname(ret), c);
	close(h);
	return failures ? 1 : 0;
}

/* Unbinding dev (a PCI or platform device) wakes w0's waiters with EIO. */
static int unbind(const char *bus, const char *dev)
{
	struct waiter r;
	struct pollfd p;
	struct timespec deadline;
	uint32_t c, one = 1;
	char path[128];
	pthread_t t;
	int fd, j, e, n;

	r = (struct waiter){ .h = must_open(0) };
	pthread_create(&t, NULL, waiter_thread, &r);
	check(!wait_asleep(&r), "a thread waits in read()");
	snprintf(path, sizeof(path), "/sys/bus/%s/drivers/devmap/unbind", bus);
	fd = open(path, O_WRONLY);
	check(fd >= 0 && write(fd, dev, strlen(dev)) == (ssize_t)strlen(dev),
	      "unbind %s device %s from devmap with a waiter", bus, dev);
	if (fd >= 0)
		close(fd);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 5;
	j = pthread_timedjoin_np(t, NULL, &deadline);
	check(!j && r.err == EIO, "the waiter wakes with EIO (%s, %.3f s)", j ? "still blocked" : errname(r.err), r.took);
	e = read(r.h, &c, 4) < 0 ? errno : 0;
	check(e == EIO, "read after unbind: EIO (%s)", errname(e));
	e = write(r.h, &one, 4) < 0 ? errno : 0;
	check(e == EIO, "write after unbind: EIO (%s)", errname(e));
	p = (struct pollfd){ .fd = r.h, .events = POLLIN };
	n = poll(&p, 1, 0);
	check(n == 1 && (p.revents & (POLLERR | POLLHUP)) == (POLLERR | POLLHUP),
	      "poll after unbind: POLLERR|POLLHUP (0x%x)", p.revents);
	check(close(r.h) == 0, "the handle closes after unbind");
	check(irq_open(w0, 0, 0) == -ENOENT, "%s is gone: ENOENT", w0);
	return failures ? 1 : 0;
}

static int cmd_unbind(const char *bdf)
{
	setup(bdf, false);
	return unbind("pci", bdf);
}

static int cmd_unbind_dt(const char *window, const char *dev)
{
	mapfd = open(DEV, O_RDWR);
	snprintf(w0, sizeof(w0), "%s", window);
	return unbind("platform", dev);
}

static int cmd_hold(const char *window, const char *index)
{
	int h;

	mapfd = open(DEV, O_RDWR);
	h = irq_open(window, (uint32_t)strtoul(index, NULL, 0), 0);
	if (h < 0) {
		printf("irq open: %s\n", errname(-h));
		return 1;
	}
	close(mapfd);
	printf("holding\n");
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "suite"))
		return cmd_suite(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "edu"))
		return cmd_edu(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "gpio"))
		return cmd_gpio(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "gpio-storm"))
		return cmd_gpio_storm(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "ring"))
		return cmd_ring(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "unbind"))
		return cmd_unbind(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "unbind-dt"))
		return cmd_unbind_dt(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "hold"))
		return cmd_hold(argv[2], argv[3]);
	fprintf(stderr, "usage: devmap_irq_test suite|edu|gpio|gpio-storm|ring|unbind|unbind-dt|hold ...\n");
	return 2;
}
