// SPDX-License-Identifier: Apache-2.0
/*
 * devmap-stress SECONDS [PROCESSES [THREADS [SEED]]]
 *
 * Guest stress of /dev/map for the debug kernel (tests/debug): PROCESSES
 * processes of THREADS threads each run random sessions for SECONDS:
 * open /dev/map, then a random sequence of mmap, munmap (whole and
 * partial), mremap (shrink, move, refused growth), touching mappings,
 * fork-and-touch, read/pread, write/pwrite, lseek, extra open/close and
 * requests the driver must refuse (read-only descriptors and mappings
 * included, on every path: syncs, interrupt handles, /proc/self/mem),
 * over every window listed in
 * /sys/class/misc/map/windows, then close everything.
 *
 * The module may be unloaded and reloaded meanwhile (guest-stress.sh does
 * it): between sessions /dev/map may be missing, and a reload moves the
 * buffer window. During a session the open file pins the module, so the
 * window table is read again after each open and every result is then
 * exact. Each thread owns one slot of every window and is its only
 * writer: whatever it writes (through a mapping, write() or a forked
 * child) must read back the same through every path.
 *
 * Sessions pause for the last second of every PERIOD_MS so that no file is
 * open for a while and the module can go; rmmod is refused the rest of
 * the time. Prints TAP-style summary lines ("# stress: ...") and exits 1
 * on any unexpected result, 2 on bad arguments.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devmap_ioctl.h"

#define DEV		"/dev/map"
#define SYSFS		"/sys/class/misc/map/windows"
#define MAX_WIN		16
#define MAX_MAPS	8
#define MAX_FDS		4
#define MAX_PROCS	16
#define MAX_THREADS	16
#define PAGE		4096UL
#define MAX_MAP_PAGES	16
#define MAX_IO		(3 * PAGE)
#define PERIOD_MS	4000
#define IDLE_MS		1000
#define MAX_REPORTS	30

enum op {
	OP_MMAP, OP_MUNMAP, OP_MREMAP, OP_TOUCH, OP_FORK, OP_READ, OP_WRITE,
	OP_LSEEK, OP_OPEN, OP_CLOSE, OP_REFUSE, OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"mmap", "munmap", "mremap", "touch", "fork", "read", "write",
	"lseek", "open", "close", "refuse",
};

/* Shared by all processes (an anonymous shared mapping). */
struct stats {
	atomic_ulong ops[OP_COUNT];
	atomic_ulong sessions;
	atomic_ulong absent;		/* /dev/map gone or still loading */
	atomic_ulong refused;		/* refusals that were asked for */
	atomic_ulong verified;		/* bytes written and read back */
	atomic_ulong failures;
	atomic_int reports;
};

struct window {
	char name[256];
	char mode[16];
	uint64_t phys;
	uint64_t size;
};

struct mapping {
	volatile uint8_t *addr;
	size_t len;
	uint64_t phys;
	int win;
	int writable;		/* mapped from a read-write file */
};

struct ctx {
	int id;			/* slot index, 0..nslots-1 */
	int nslots;
	uint64_t rng;
	struct window win[MAX_WIN];
	int nwin;
	struct mapping maps[MAX_MAPS];
	int nmaps;
	int fds[MAX_FDS];	/* fds[0] is read-write */
	int rw[MAX_FDS];
	int nfds;
	uint8_t buf[MAX_IO];
	uint8_t cmp[MAX_IO];
};

static struct stats *stats;
static int initial_windows;
static struct timespec deadline;

static void fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	atomic_fetch_add(&stats->failures, 1);
	if (atomic_fetch_add(&stats->reports, 1) >= MAX_REPORTS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "# stress FAIL (pid %d slot %d): %s\n", getpid(),
		c ? c->id : -1, msg);
}

static uint64_t rnd(struct ctx *c)
{
	/* xorshift64* */
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 0x2545F4914F6CDD1DULL;
}

static uint64_t below(struct ctx *c, uint64_t n)
{
	return n ? rnd(c) % n : 0;
}

static long ms_left(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline.tv_sec - now.tv_sec) * 1000 +
	       (deadline.tv_nsec - now.tv_nsec) / 1000000;
}

/* The last IDLE_MS of every period: no session runs. */
static long idle_ms(void)
{
	struct timespec now;
	long t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (now.tv_sec % 1000) * 1000 + now.tv_nsec / 1000000;
	t %= PERIOD_MS;
	return t >= PERIOD_MS - IDLE_MS ? PERIOD_MS - t : 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Read a sysfs value; 0 on success. */
static int read_attr(const char *win, const char *attr, char *out, size_t n)
{
	char path[256];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), SYSFS "/%s/%s", win, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	len = read(fd, out, n - 1);
	close(fd);
	if (len <= 0)
		return -1;
	out[len] = 0;
	out[strcspn(out, "\n")] = 0;
	return 0;
}

/* The window table from sysfs; the number of windows or -1. */
static int read_windows(struct window *w)
{
	struct dirent *de;
	char val[64];
	DIR *d;
	int n = 0;

	d = opendir(SYSFS);
	if (!d)
		return -1;
	while ((de = readdir(d)) && n < MAX_WIN) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(w[n].name, sizeof(w[n].name), "%s", de->d_name);
		if (read_attr(de->d_name, "phys", val, sizeof(val)))
			goto gone;
		w[n].phys = strtoull(val, NULL, 0);
		if (read_attr(de->d_name, "size", val, sizeof(val)))
			goto gone;
		w[n].size = strtoull(val, NULL, 0);
		if (read_attr(de->d_name, "mode", w[n].mode, sizeof(w[n].mode)))
			goto gone;
		n++;
	}
	closedir(d);
	return n;
gone:
	closedir(d);
	return -1;
}

/* Index of the window holding addr, or -1. */
static int find_window(const struct ctx *c, uint64_t addr)
{
	for (int i = 0; i < c->nwin; i++)
		if (addr >= c->win[i].phys &&
		    addr - c->win[i].phys < c->win[i].size)
			return i;
	return -1;
}

/* This thread's slot of window w: [*base, *base + *size); 0 if none. */
static int slot(const struct ctx *c, int w, uint64_t *base, uint64_t *size)
{
	uint64_t s = (c->win[w].size / c->nslots) & ~(PAGE - 1);

	if (!s)
		return 0;
	*base = c->win[w].phys + (uint64_t)c->id * s;
	*size = s;
	return 1;
}

static int fd_any(struct ctx *c)
{
	return c->fds[below(c, c->nfds)];
}

/* A read-write file for writes: the session's own. */
static int fd_rw(struct ctx *c)
{
	return c->fds[0];
}

static void fill(struct ctx *c, uint8_t *p, size_t n)
{
	uint64_t v = rnd(c);

	for (size_t i = 0; i < n; i++) {
		if (!(i & 7))
			v = rnd(c);
		p[i] = v >> (8 * (i & 7));
	}
}

/* Read back [pos, pos + n) through pread and compare with want. */
static void verify_pread(struct ctx *c, int fd, uint64_t pos,
			 const uint8_t *want, size_t n, const char *how)
{
	ssize_t got = pread(fd, c->cmp, n, pos);

	if (got != (ssize_t)n) {
		fail(c, "%s: pread 0x%" PRIx64 "+%zu returned %zd (%s)", how,
		     pos, n, got, got < 0 ? strerror(errno) : "short");
		return;
	}
	if (memcmp(c->cmp, want, n)) {
		fail(c, "%s: 0x%" PRIx64 "+%zu reads back different data",
		     how, pos, n);
		return;
	}
	atomic_fetch_add(&stats->verified, n);
}

/* Session control */

static int session_open(struct ctx *c)
{
	int fd = open(DEV, O_RDWR);

	if (fd < 0) {
		if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
			return -1;
		fail(c, "open " DEV ": %s", strerror(errno));
		return -1;
	}
	/* Pinned now; while the module still loads, windows are missing. */
	c->nwin = read_windows(c->win);
	if (c->nwin != initial_windows) {
		close(fd);
		return -1;
	}
	c->fds[0] = fd;
	c->rw[0] = 1;
	c->nfds = 1;
	c->nmaps = 0;
	return 0;
}

static void unmap(struct ctx *c, int i)
{
	if (munmap((void *)c->maps[i].addr, c->maps[i].len))
		fail(c, "munmap %p+%zu: %s", (void *)c->maps[i].addr,
		     c->maps[i].len, strerror(errno));
	c->maps[i] = c->maps[--c->nmaps];
}

static void session_close(struct ctx *c)
{
	while (c->nmaps)
		unmap(c, c->nmaps - 1);
	while (c->nfds)
		close(c->fds[--c->nfds]);
}

/* Operations */

static void op_mmap(struct ctx *c)
{
	int w = below(c, c->nwin);
	uint64_t pages = c->win[w].size / PAGE, off, len;
	int f = below(c, c->nfds);
	void *p;

	if (c->nmaps == MAX_MAPS)
		unmap(c, below(c, c->nmaps));
	off = below(c, pages);
	len = 1 + below(c, pages - off < MAX_MAP_PAGES ? pages - off :
			 MAX_MAP_PAGES);
	/* Sometimes the thread's own slot, so that touch can write. */
	if (below(c, 2)) {
		uint64_t sb, ss;

		if (slot(c, w, &sb, &ss)) {
			off = (sb - c->win[w].phys) / PAGE + below(c, ss / PAGE);
			len = 1 + below(c, (sb + ss - c->win[w].phys) / PAGE - off);
			if (len > MAX_MAP_PAGES)
				len = MAX_MAP_PAGES;
		}
	}
	/* A read-only file gives read-only mappings. */
	p = mmap(NULL, len * PAGE, PROT_READ | (c->rw[f] ? PROT_WRITE : 0),
		 MAP_SHARED, c->fds[f], c->win[w].phys + off * PAGE);
	if (p == MAP_FAILED) {
		fail(c, "mmap window %s 0x%" PRIx64 "+0x%" PRIx64 ": %s",
		     c->win[w].name, c->win[w].phys + off * PAGE, len * PAGE,
		     strerror(errno));
		return;
	}
	c->maps[c->nmaps++] = (struct mapping){
		.addr = p, .len = len * PAGE,
		.phys = c->win[w].phys + off * PAGE, .win = w,
		.writable = c->rw[f],
	};
}

static void op_munmap(struct ctx *c)
{
	struct mapping *m;
	int i;

	if (!c->nmaps)
		return;
	i = below(c, c->nmaps);
	m = &c->maps[i];
	if (m->len > PAGE && below(c, 2)) {
		/* Split the mapping: drop its first page. */
		if (munmap((void *)m->addr, PAGE)) {
			fail(c, "munmap first page of %p: %s", (void *)m->addr,
			     strerror(errno));
			return;
		}
		m->addr += PAGE;
		m->len -= PAGE;
		m->phys += PAGE;
		return;
	}
	unmap(c, i);
}

static void op_mremap(struct ctx *c)
{
	struct mapping *m;
	void *p, *to;

	if (!c->nmaps)
		return;
	m = &c->maps[below(c, c->nmaps)];
	switch (below(c, 3)) {
	case 0:		/* shrink in place */
		if (m->len == PAGE)
			return;
		p = mremap((void *)m->addr, m->len, m->len - PAGE, 0);
		if (p != (void *)m->addr) {
			fail(c, "mremap shrink %p: %s", (void *)m->addr,
			     p == MAP_FAILED ? strerror(errno) : "moved");
			return;
		}
		m->len -= PAGE;
		break;
	case 1:		/* move to a new place */
		to = mmap(NULL, m->len, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (to == MAP_FAILED) {
			fail(c, "reserving %zu bytes: %s", m->len,
			     strerror(errno));
			return;
		}
		p = mremap((void *)m->addr, m->len, m->len,
			   MREMAP_MAYMOVE | MREMAP_FIXED, to);
		if (p != to) {
			fail(c, "mremap move %p+%zu: %s", (void *)m->addr,
			     m->len, p == MAP_FAILED ? strerror(errno) :
			     "elsewhere");
			munmap(to, m->len);
			return;
		}
		m->addr = p;
		break;
	default:	/* growing is refused: the window has a fixed size */
		p = mremap((void *)m->addr, m->len, m->len + PAGE,
			   MREMAP_MAYMOVE);
		if (p != MAP_FAILED) {
			fail(c, "mremap grew a mapping of window %s",
			     c->win[m->win].name);
			munmap(p, m->len + PAGE);
			c->maps[m - c->maps] = c->maps[--c->nmaps];
			return;
		}
		if (errno != EFAULT) {
			fail(c, "mremap grow: %s, want EFAULT", strerror(errno));
			return;
		}
		atomic_fetch_add(&stats->refused, 1);
		break;
	}
}

/*
 * The part of mapping m inside this thread's slot, as a mapping offset
 * and length (32-bit aligned); 0 if none.
 */
static int own_part(const struct ctx *c, const struct mapping *m,
		    size_t *off, size_t *len)
{
	uint64_t sb, ss, lo, hi;

	if (!m->writable || !slot(c, m->win, &sb, &ss))
		return 0;
	lo = m->phys > sb ? m->phys : sb;
	hi = m->phys + m->len < sb + ss ? m->phys + m->len : sb + ss;
	if (lo >= hi)
		return 0;
	*off = lo - m->phys;
	*len = hi - lo;
	return 1;
}

/* Write n words at m+off through the mapping, read them back. */
static int touch_words(struct mapping *m, size_t off, size_t n,
		       uint32_t seed)
{
	volatile uint32_t *p = (volatile uint32_t *)(m->addr + off);

	for (size_t i = 0; i < n; i++)
		p[i] = seed + (uint32_t)i * 0x9e3779b9u;
	for (size_t i = 0; i < n; i++)
		if (p[i] != seed + (uint32_t)i * 0x9e3779b9u)
			return -1;
	/* Write-combined stores must be visible to the read path. */
	__sync_synchronize();
	return 0;
}

static void verify_words(struct ctx *c, struct mapping *m, size_t off,
			 size_t n, uint32_t seed, const char *how)
{
	uint32_t *want = (uint32_t *)c->buf;

	for (size_t i = 0; i < n; i++)
		want[i] = seed + (uint32_t)i * 0x9e3779b9u;
	verify_pread(c, fd_any(c), m->phys + off, c->buf, n * 4, how);
}

static void op_touch(struct ctx *c)
{
	struct mapping *m;
	size_t off, len, n;
	uint32_t seed, sum = 0;

	if (!c->nmaps)
		return;
	m = &c->maps[below(c, c->nmaps)];
	/* Reads anywhere in the mapping. */
	for (int i = 0; i < 8; i++)
		sum += *(volatile uint32_t *)(m->addr +
					      (below(c, m->len) & ~3UL));
	(void)sum;
	if (!own_part(c, m, &off, &len))
		return;
	n = 1 + below(c, (len < MAX_IO ? len : MAX_IO) / 4);
	off += below(c, (len - n * 4) / 4 + 1) * 4;
	seed = rnd(c);
	if (touch_words(m, off, n, seed)) {
		fail(c, "window %s: words written through the mapping at 0x%"
		     PRIx64 " read back different", c->win[m->win].name,
		     m->phys + off);
		return;
	}
	verify_words(c, m, off, n, seed, "mapping then pread");
}

static void op_fork(struct ctx *c)
{
	struct mapping *m = NULL;
	size_t off = 0, len = 0, n = 0;
	uint32_t seed = rnd(c);
	int status;
	pid_t pid;

	if (c->nmaps) {
		m = &c->maps[below(c, c->nmaps)];
		if (own_part(c, m, &off, &len))
			n = 1 + below(c, (len < MAX_IO ? len : MAX_IO) / 4);
	}
	pid = fork();
	if (pid < 0) {
		fail(c, "fork: %s", strerror(errno));
		return;
	}
	if (!pid) {
		/* The child touches the inherited mapping, then goes. */
		if (m)
			(void)*(volatile uint32_t *)m->addr;
		_exit(n && touch_words(m, off, n, seed) ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fail(c, "forked child touching %s: status 0x%x",
		     m ? c->win[m->win].name : "nothing", status);
		return;
	}
	if (!n)
		return;
	/* The child's stores are in the parent's mapping too. */
	for (size_t i = 0; i < n; i++)
		if (((volatile uint32_t *)(m->addr + off))[i] !=
		    seed + (uint32_t)i * 0x9e3779b9u) {
			fail(c, "window %s: the parent does not see its child's write at 0x%"
			     PRIx64, c->win[m->win].name, m->phys + off);
			return;
		}
	verify_words(c, m, off, n, seed, "forked child then pread");
}

static void op_read(struct ctx *c)
{
	int w = below(c, c->nwin), at;
	uint64_t pos = c->win[w].phys + below(c, c->win[w].size + 1);
	size_t len = 1 + below(c, MAX_IO);
	ssize_t want, got;
	int fd = fd_any(c);

	at = find_window(c, pos);
	if (at >= 0)
		want = c->win[at].phys + c->win[at].size - pos < len ?
		       (ssize_t)(c->win[at].phys + c->win[at].size - pos) :
		       (ssize_t)len;
	else
		want = 0;	/* just past the window's end: end of file */
	if (below(c, 2)) {
		got = pread(fd, c->buf, len, pos);
	} else {
		if (lseek(fd, pos, SEEK_SET) != (off_t)pos) {
			fail(c, "lseek to 0x%" PRIx64 ": %s", pos,
			     strerror(errno));
			return;
		}
		got = read(fd, c->buf, len);
		if (got >= 0 && lseek(fd, 0, SEEK_CUR) != (off_t)(pos + got))
			fail(c, "read of %zd bytes at 0x%" PRIx64
			     " left the position elsewhere", got, pos);
	}
	if (got != want)
		fail(c, "read 0x%" PRIx64 "+%zu (window %s): got %zd (%s), want %zd",
		     pos, len, c->win[w].name, got,
		     got < 0 ? strerror(errno) : "count", want);
}

static void op_write(struct ctx *c)
{
	int w = below(c, c->nwin), fd = fd_rw(c);
	uint64_t sb, ss, pos;
	size_t len;
	ssize_t got;

	if (!slot(c, w, &sb, &ss))
		return;
	len = 1 + below(c, ss < MAX_IO ? ss : MAX_IO);
	pos = sb + below(c, ss - len + 1);
	fill(c, c->buf, len);
	if (below(c, 2)) {
		got = pwrite(fd, c->buf, len, pos);
	} else {
		if (lseek(fd, pos, SEEK_SET) != (off_t)pos) {
			fail(c, "lseek to 0x%" PRIx64 ": %s", pos,
			     strerror(errno));
			return;
		}
		got = write(fd, c->buf, len);
	}
	if (got != (ssize_t)len) {
		fail(c, "write 0x%" PRIx64 "+%zu (window %s): got %zd (%s)",
		     pos, len, c->win[w].name, got,
		     got < 0 ? strerror(errno) : "short");
		return;
	}
	verify_pread(c, fd_any(c), pos, c->buf, len, "write then pread");
}

static void op_lseek(struct ctx *c)
{
	int fd = fd_any(c);
	off_t to = below(c, 1ULL << 40), got;

	got = lseek(fd, to, SEEK_SET);
	if (got != to)
		fail(c, "lseek SEEK_SET 0x%llx: %lld", (long long)to,
		     (long long)got);
	got = lseek(fd, 4096, SEEK_CUR);
	if (got != to + 4096)
		fail(c, "lseek SEEK_CUR +4096 from 0x%llx: %lld",
		     (long long)to, (long long)got);
	errno = 0;
	if (lseek(fd, 0, SEEK_END) != -1 || errno != EINVAL)
		fail(c, "lseek SEEK_END: %s, want EINVAL", strerror(errno));
	errno = 0;
	if (lseek(fd, -4096, SEEK_SET) != -1 || errno != EINVAL)
		fail(c, "lseek to -4096: %s, want EINVAL", strerror(errno));
	atomic_fetch_add(&stats->refused, 2);
}

static void op_open(struct ctx *c)
{
	int fd;

	if (c->nfds == MAX_FDS)
		return;
	/* The session's file pins the module: this open must work. */
	c->rw[c->nfds] = below(c, 2);
	fd = open(DEV, c->rw[c->nfds] ? O_RDWR : O_RDONLY);
	if (fd < 0) {
		fail(c, "second open of " DEV ": %s", strerror(errno));
		return;
	}
	c->fds[c->nfds++] = fd;
}

static void op_close(struct ctx *c)
{
	int i;

	if (c->nfds < 2)
		return;
	/* Any but the first: mappings outlive their file. */
	i = 1 + below(c, c->nfds - 1);
	close(c->fds[i]);
	c->nfds--;
	c->fds[i] = c->fds[c->nfds];
	c->rw[i] = c->rw[c->nfds];
}

/* An address in no window and at no window's end: reads give ENXIO. */
static uint64_t nowhere(const struct ctx *c)
{
	uint64_t a = 0;

	for (;;) {
		int ok = find_window(c, a) < 0;

		for (int i = 0; i < c->nwin; i++)
			if (a == c->win[i].phys + c->win[i].size)
				ok = 0;
		if (ok)
			return a;
		a += 0x100000;
	}
}

static int at_any_start(const struct ctx *c, uint64_t a)
{
	return find_window(c, a) >= 0;
}

static void expect_errno(struct ctx *c, int got_fail, int want,
			 const char *what)
{
	if (!got_fail)
		fail(c, "%s succeeded, want %s", what, strerror(want));
	else if (errno != want)
		fail(c, "%s: %s, want %s", what, strerror(errno),
		     strerror(want));
	else
		atomic_fetch_add(&stats->refused, 1);
}

/*
 * A read-only descriptor cannot invalidate caches (a sync for the CPU)
 * and gets its interrupt handles refused like any descriptor where a
 * window has none.
 */
static void refuse_read_only_ioctls(struct ctx *c, int fd, int w)
{
	struct devmap_sync s = { .addr = c->win[w].phys, .len = PAGE,
				 .op = DEVMAP_SYNC_FOR_CPU,
				 .dir = DEVMAP_DIR_FROM_DEVICE };
	struct devmap_irq_open o = { .index = 0 };
	int h;

	expect_errno(c, ioctl(fd, DEVMAP_IOC_SYNC, &s) != 0, EBADF,
		     "invalidating sync on a read-only file");
	snprintf(o.window, sizeof(o.window), "%.31s", c->win[w].name);
	h = ioctl(fd, DEVMAP_IOC_IRQ_OPEN, &o);
	expect_errno(c, h < 0, ENODEV,
		     "interrupt handle of a window without interrupts");
	if (h >= 0)
		close(h);
}

/* /proc/self/mem into a mapping without PROT_WRITE: refused, unchanged. */
static void refuse_debugger_write(struct ctx *c)
{
	struct mapping *m = NULL;
	uint8_t before, v;
	int mem, i;

	for (i = 0; i < c->nmaps; i++)
		if (!c->maps[i].writable)
			m = &c->maps[i];
	if (!m)
		return;
	mem = open("/proc/self/mem", O_RDWR);
	if (mem < 0)
		return;
	before = m->addr[0];
	v = ~before;
	expect_errno(c, pwrite(mem, &v, 1, (off_t)(uintptr_t)m->addr) != 1,
		     EIO, "/proc/self/mem write into a read-only mapping");
	if (m->addr[0] != before)
		fail(c, "a read-only mapping changed under /proc/self/mem (0x%02x, was 0x%02x)",
		     m->addr[0], before);
	close(mem);
}

static void op_refuse(struct ctx *c)
{
	int w = below(c, c->nwin), fd = fd_any(c);
	uint64_t end = c->win[w].phys + c->win[w].size;
	char what[128];
	void *p;

	switch (below(c, 8)) {
	case 0:		/* runs past the window's end */
		p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, end - PAGE);
		snprintf(what, sizeof(what), "mmap across the end of %s",
			 c->win[w].name);
		expect_errno(c, p == MAP_FAILED, ERANGE, what);
		if (p != MAP_FAILED)
			munmap(p, 2 * PAGE);
		break;
	case 1:
		p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd,
			 c->win[w].phys);
		expect_errno(c, p == MAP_FAILED, EINVAL, "MAP_PRIVATE mmap");
		if (p != MAP_FAILED)
			munmap(p, PAGE);
		break;
	case 2:
		p = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, fd,
			 c->win[w].phys);
		expect_errno(c, p == MAP_FAILED, EPERM, "PROT_EXEC mmap");
		if (p != MAP_FAILED)
			munmap(p, PAGE);
		break;
	case 3:
		expect_errno(c, pread(fd, c->buf, 16, nowhere(c)) < 0, ENXIO,
			     "read outside every window");
		break;
	case 4:		/* writing at the end of a window */
		if (at_any_start(c, end))
			return;
		expect_errno(c, pwrite(fd_rw(c), c->buf, 1, end) < 0, ENOSPC,
			     "write at the end of a window");
		break;
	case 5:		/* a read-only file: no writes, no writable mappings */
		for (int i = 1; i < c->nfds; i++) {
			if (c->rw[i])
				continue;
			expect_errno(c, pwrite(c->fds[i], c->buf, 1,
					       c->win[w].phys) < 0,
				     EBADF, "write on a read-only file");
			p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
				 c->fds[i], c->win[w].phys);
			expect_errno(c, p == MAP_FAILED, EACCES,
				     "writable mmap of a read-only file");
			if (p != MAP_FAILED)
				munmap(p, PAGE);
			refuse_read_only_ioctls(c, c->fds[i], w);
			break;
		}
		break;
	case 6:		/* a debugger cannot write a read-only mapping */
		refuse_debugger_write(c);
		break;
	default:	/* a mapping cannot become executable */
		if (!c->nmaps)
			return;
		expect_errno(c, mprotect((void *)c->maps[0].addr, PAGE,
					 PROT_READ | PROT_EXEC) != 0,
			     EACCES, "mprotect PROT_EXEC");
		break;
	}
}

static void (*const ops[OP_COUNT])(struct ctx *) = {
	op_mmap, op_munmap, op_mremap, op_touch, op_fork, op_read, op_write,
	op_lseek, op_open, op_close, op_refuse,
};

/* Relative frequencies: mostly mapping and touching. */
static const int weights[OP_COUNT] = { 6, 3, 2, 8, 1, 4, 4, 1, 1, 1, 2 };

static enum op pick(struct ctx *c)
{
	int total = 0, r;

	for (int i = 0; i < OP_COUNT; i++)
		total += weights[i];
	r = below(c, total);
	for (int i = 0; i < OP_COUNT; i++) {
		if (r < weights[i])
			return i;
		r -= weights[i];
	}
	return OP_TOUCH;
}

static void *worker(void *arg)
{
	struct ctx *c = arg;

	while (ms_left() > 0 && !atomic_load(&stats->failures)) {
		long idle = idle_ms();
		int n;

		if (idle) {
			sleep_ms(idle);
			continue;
		}
		if (session_open(c)) {
			atomic_fetch_add(&stats->absent, 1);
			sleep_ms(20);
			continue;
		}
		atomic_fetch_add(&stats->sessions, 1);
		n = 1 + below(c, 40);
		for (int i = 0; i < n && ms_left() > 0 && !idle_ms(); i++) {
			enum op o = pick(c);

			ops[o](c);
			atomic_fetch_add(&stats->ops[o], 1);
		}
		session_close(c);
	}
	return NULL;
}

static int process(int p, int threads, int nslots, uint64_t seed)
{
	pthread_t tid[MAX_THREADS];
	struct ctx *c[MAX_THREADS];
	int t;

	for (t = 0; t < threads; t++) {
		c[t] = calloc(1, sizeof(*c[t]));
		if (!c[t]) {
			fail(NULL, "out of memory");
			return 1;
		}
		c[t]->id = p * threads + t;
		c[t]->nslots = nslots;
		c[t]->rng = seed ^ (0x9e3779b97f4a7c15ULL * (c[t]->id + 1));
		if (pthread_create(&tid[t], NULL, worker, c[t])) {
			fail(NULL, "pthread_create failed");
			return 1;
		}
	}
	for (t = 0; t < threads; t++)
		pthread_join(tid[t], NULL);
	return 0;
}

static long arg(const char *s, const char *name, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || end == s || v < lo || v > hi) {
		fprintf(stderr, "devmap-stress: %s '%s' must be a number from %ld to %ld\n",
			name, s, lo, hi);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	struct window w[MAX_WIN];
	int procs = 3, threads = 3, status, failed_procs = 0;
	long seconds;
	uint64_t seed;
	unsigned long total = 0;
	pid_t pids[MAX_PROCS];
	struct timespec start, stop;

	if (argc < 2 || argc > 5) {
		fprintf(stderr, "usage: %s SECONDS [PROCESSES [THREADS [SEED]]]\n",
			argv[0]);
		return 2;
	}
	seconds = arg(argv[1], "SECONDS", 1, 86400);
	if (argc > 2)
		procs = arg(argv[2], "PROCESSES", 1, MAX_PROCS);
	if (argc > 3)
		threads = arg(argv[3], "THREADS", 1, MAX_THREADS);
	seed = argc > 4 ? (uint64_t)arg(argv[4], "SEED", 1, 0x7fffffffL) :
	       (uint64_t)time(NULL);

	stats = mmap(NULL, sizeof(*stats), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stats == MAP_FAILED) {
		perror("devmap-stress: mmap of the counters");
		return 1;
	}
	/* The module may be reloading right now: give it 15 s. */
	for (int i = 0; (initial_windows = read_windows(w)) <= 0 && i < 150;
	     i++)
		sleep_ms(100);
	if (initial_windows <= 0) {
		fprintf(stderr, "devmap-stress: no windows in " SYSFS
			" (is devmap loaded?)\n");
		return 1;
	}
	printf("# stress: %ld s, %d processes x %d threads, seed %" PRIu64
	       ", windows:", seconds, procs, threads, seed);
	for (int i = 0; i < initial_windows; i++)
		printf(" %s(%s 0x%" PRIx64 "+0x%" PRIx64 ")", w[i].name,
		       w[i].mode, w[i].phys, w[i].size);
	printf("\n");
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &start);
	deadline = start;
	deadline.tv_sec += seconds;
	for (int p = 0; p < procs; p++) {
		pids[p] = fork();
		if (pids[p] < 0) {
			perror("devmap-stress: fork");
			return 1;
		}
		if (!pids[p])
			_exit(process(p, threads, procs * threads, seed));
	}
	for (int p = 0; p < procs; p++)
		if (waitpid(pids[p], &status, 0) != pids[p] ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			failed_procs++;
	clock_gettime(CLOCK_MONOTONIC, &stop);

	printf("# stress: ran %ld s; ops:", (long)(stop.tv_sec - start.tv_sec));
	for (int i = 0; i < OP_COUNT; i++) {
		printf(" %s=%lu", op_names[i], atomic_load(&stats->ops[i]));
		total += atomic_load(&stats->ops[i]);
	}
	printf("\n# stress: %lu iterations in %lu sessions, %lu refusals as expected, %lu times /dev/map absent, %lu bytes verified, %lu failures, %d processes failed\n",
	       total, atomic_load(&stats->sessions),
	       atomic_load(&stats->refused), atomic_load(&stats->absent),
	       atomic_load(&stats->verified), atomic_load(&stats->failures),
	       failed_procs);
	if (atomic_load(&stats->failures) || failed_procs ||
	    !atomic_load(&stats->sessions) || !atomic_load(&stats->verified)) {
		printf("# stress: FAILED\n");
		return 1;
	}
	return 0;
}
