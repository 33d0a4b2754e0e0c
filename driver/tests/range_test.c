// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests of devmap_range.c, the arithmetic every mmap, read and
 * write of /dev/map goes through. Built with ASan and UBSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devmap_range.h"

#define PAGE 4096ull
#define MAX64 0xffffffffffffffffull

static int passed, failed;

#define CHECK(cond) do {						\
	if (cond) {							\
		passed++;						\
	} else {							\
		failed++;						\
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
	}								\
} while (0)

static int num(const char *s, u64 *v)
{
	return devmap_parse_number(s, strlen(s), v);
}

static void test_numbers(void)
{
	u64 v = 0;

	CHECK(num("0", &v) == 0 && v == 0);
	CHECK(num("4096", &v) == 0 && v == 4096);
	CHECK(num("0x1000", &v) == 0 && v == 0x1000);
	CHECK(num("0XfE000000", &v) == 0 && v == 0xfe000000);
	CHECK(num("4K", &v) == 0 && v == 4096);
	CHECK(num("3M", &v) == 0 && v == 0x300000);
	CHECK(num("2g", &v) == 0 && v == 0x80000000);
	CHECK(num("0x10M", &v) == 0 && v == 0x1000000);
	CHECK(num("0xffffffffffffffff", &v) == 0 && v == MAX64);
	CHECK(num("18446744073709551615", &v) == 0 && v == MAX64);
	CHECK(num("18446744073709551616", &v) == -ERANGE);
	CHECK(num("0x10000000000000000", &v) == -ERANGE);
	CHECK(num("0x400000000000000K", &v) == -ERANGE);
	CHECK(num("16777216G", &v) == 0 && v == 1ull << 54);
	CHECK(num("17179869184G", &v) == -ERANGE);
	CHECK(num("", &v) == -EINVAL);
	CHECK(num("K", &v) == -EINVAL);
	CHECK(num("0x", &v) == -EINVAL);
	CHECK(num("0xK", &v) == -EINVAL);
	CHECK(num("12a", &v) == -EINVAL);
	CHECK(num("0x12g0", &v) == -EINVAL);
	CHECK(num("-1", &v) == -EINVAL);
	CHECK(num("+1", &v) == -EINVAL);
	CHECK(num(" 1", &v) == -EINVAL);
	CHECK(num("1 ", &v) == -EINVAL);
	CHECK(num("4KK", &v) == -EINVAL);
	CHECK(num("0777", &v) == 0 && v == 777);	/* decimal, not octal */
}

static int spec(const char *s, struct devmap_spec *sp,
		struct devmap_parse_error *err)
{
	/* An exact-size heap copy lets ASan catch any read past the end. */
	size_t len = strlen(s);
	char *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, s, len);
	ret = devmap_parse_spec(copy, len, sp, err);
	if (ret && err->at)
		err->at = s + (err->at - copy);
	free(copy);
	return ret;
}

static int spec_error(const char *s, const char *what, const char *bad)
{
	struct devmap_parse_error err = { 0 };
	struct devmap_spec sp;

	if (spec(s, &sp, &err) != -EINVAL)
		return 0;
	if (!strstr(err.what, what))
		return 0;
	return err.len == strlen(bad) && !strncmp(err.at, bad, err.len);
}

static void test_specs(void)
{
	struct devmap_parse_error err;
	struct devmap_spec sp;

	CHECK(spec("sdram:0xc0000000:3M", &sp, &err) == 0);
	CHECK(!strcmp(sp.name, "sdram") && sp.range.base == 0xc0000000 &&
	      sp.range.size == 0x300000 && sp.cache == DEVMAP_UNCACHED);
	CHECK(spec("fb:0x40000000:8M:wc", &sp, &err) == 0 &&
	      sp.cache == DEVMAP_WC);
	CHECK(spec("shm:0x80000000:1G:cached", &sp, &err) == 0 &&
	      sp.cache == DEVMAP_CACHED && sp.range.size == 1ull << 30);
	CHECK(spec("a_b-c.1:0:4K:uncached", &sp, &err) == 0 &&
	      !strcmp(sp.name, "a_b-c.1"));
	CHECK(spec("n234567890123456789012345678901:0:4K", &sp, &err) == 0);
	CHECK(spec("fb:0x40000000:8M:wc", &sp, &err) == 0 && !sp.shared);
	CHECK(spec("uart:0x9000000:4K:uncached:shared", &sp, &err) == 0 &&
	      sp.shared && sp.cache == DEVMAP_UNCACHED);

	CHECK(spec_error("", "expected", ""));
	CHECK(spec_error("a", "expected", "a"));
	CHECK(spec_error("a:0x1000", "expected", "a:0x1000"));
	CHECK(spec_error("a:1:2:cached:x", "bad flag", "x"));
	CHECK(spec_error("a:1:2:cached:", "bad flag", ""));
	CHECK(spec_error("a:1:2:cached:sharedd", "bad flag", "sharedd"));
	CHECK(spec_error("a:1:2:cached:Shared", "bad flag", "Shared"));
	CHECK(spec_error("a:1:2:cached:shared:x", "too many",
			 "a:1:2:cached:shared:x"));
	CHECK(spec_error(":0:4K", "bad name", ""));
	CHECK(spec_error("n2345678901234567890123456789012:0:4K", "bad name",
			 "n2345678901234567890123456789012"));
	CHECK(spec_error("a/b:0:4K", "bad name", "a/b"));
	CHECK(spec_error(".a:0:4K", "bad name", ".a"));
	CHECK(spec_error("a b:0:4K", "bad name", "a b"));
	CHECK(spec_error("a:zz:4K", "bad base", "zz"));
	CHECK(spec_error("a::4K", "bad base", ""));
	CHECK(spec_error("a:0:", "bad size", ""));
	CHECK(spec_error("a:0:4Q", "bad size", "4Q"));
	CHECK(spec_error("a:0:4K:", "bad mode", ""));
	CHECK(spec_error("a:0:4K:fast", "bad mode", "fast"));
	CHECK(spec_error("a:0:4K:cachedd", "bad mode", "cachedd"));
	CHECK(spec_error("a:0:4K:Cached", "bad mode", "Cached"));
}

static int bspec(const char *s, struct devmap_buffer_spec *sp,
		 struct devmap_parse_error *err)
{
	size_t len = strlen(s);
	char *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, s, len);
	ret = devmap_parse_buffer_spec(copy, len, sp, err);
	if (ret && err->at)
		err->at = s + (err->at - copy);
	free(copy);
	return ret;
}

static int bspec_error(const char *s, const char *what, const char *bad)
{
	struct devmap_parse_error err = { 0 };
	struct devmap_buffer_spec sp;

	if (bspec(s, &sp, &err) != -EINVAL)
		return 0;
	if (!strstr(err.what, what))
		return 0;
	return err.len == strlen(bad) && !strncmp(err.at, bad, err.len);
}

static void test_buffer_specs(void)
{
	struct devmap_parse_error err;
	struct devmap_buffer_spec sp;

	CHECK(bspec("rx:64M", &sp, &err) == 0 && !strcmp(sp.name, "rx") &&
	      sp.size == 64ull << 20 && sp.cache == DEVMAP_CACHED);
	CHECK(bspec("tx:0x100000:uncached", &sp, &err) == 0 &&
	      sp.size == 0x100000 && sp.cache == DEVMAP_UNCACHED);
	CHECK(bspec("fb:8M:wc", &sp, &err) == 0 && sp.cache == DEVMAP_WC);
	CHECK(bspec_error("", "expected", ""));
	CHECK(bspec_error("rx", "expected", "rx"));
	CHECK(bspec_error("rx:1M:cached:x", "too many", "rx:1M:cached:x"));
	CHECK(bspec_error("r/x:1M", "bad name", "r/x"));
	CHECK(bspec_error("rx:1Q", "bad size", "1Q"));
	CHECK(bspec_error("rx:", "bad size", ""));
	CHECK(bspec_error("rx:1M:fast", "bad mode", "fast"));
}

static void test_cache_names(void)
{
	enum devmap_cache c;

	CHECK(!strcmp(devmap_cache_name(DEVMAP_UNCACHED), "uncached"));
	CHECK(!strcmp(devmap_cache_name(DEVMAP_WC), "wc"));
	CHECK(!strcmp(devmap_cache_name(DEVMAP_CACHED), "cached"));
	CHECK(!strcmp(devmap_cache_name((enum devmap_cache)7), "unknown"));
	CHECK(devmap_parse_cache("wc", 2, &c) == 0 && c == DEVMAP_WC);
	CHECK(devmap_parse_cache("wcx", 2, &c) == 0 && c == DEVMAP_WC);
	CHECK(devmap_parse_cache("w", 1, &c) == -EINVAL);
}

static void test_windows(void)
{
	struct devmap_range r;

	r = (struct devmap_range){ 0xc0000000, 0x300000 };
	CHECK(devmap_check_window(&r, PAGE) == 0);
	r = (struct devmap_range){ 0xc0000000, 0 };
	CHECK(devmap_check_window(&r, PAGE) == -EINVAL);
	r = (struct devmap_range){ 0xc0000800, PAGE };
	CHECK(devmap_check_window(&r, PAGE) == -EINVAL);
	r = (struct devmap_range){ 0xc0000000, 0x800 };
	CHECK(devmap_check_window(&r, PAGE) == -EINVAL);
	r = (struct devmap_range){ MAX64 - PAGE + 1, PAGE };
	CHECK(devmap_check_window(&r, PAGE) == 0);	/* ends at 2^64 - 1 */
	r = (struct devmap_range){ MAX64 - PAGE + 1, 2 * PAGE };
	CHECK(devmap_check_window(&r, PAGE) == -EOVERFLOW);
	r = (struct devmap_range){ 2 * PAGE, MAX64 - PAGE + 1 };
	CHECK(devmap_check_window(&r, PAGE) == -EOVERFLOW);
	r = (struct devmap_range){ 0, MAX64 - PAGE + 1 };
	CHECK(devmap_check_window(&r, PAGE) == 0);
	r = (struct devmap_range){ 0, 0x10000 };
	CHECK(devmap_check_window(&r, 0x10000) == 0);	/* 64K pages */
	r = (struct devmap_range){ 0, 0x1000 };
	CHECK(devmap_check_window(&r, 0x10000) == -EINVAL);
}

static int overlap(u64 ab, u64 as, u64 bb, u64 bs)
{
	struct devmap_range a = { ab, as }, b = { bb, bs };
	int x = devmap_overlap(&a, &b), y = devmap_overlap(&b, &a);

	return x == y ? x : -1;	/* must be symmetric */
}

static void test_overlap(void)
{
	CHECK(overlap(0x1000, 0x1000, 0x2000, 0x1000) == 0);	/* adjacent */
	CHECK(overlap(0x1000, 0x2000, 0x2000, 0x1000) == 1);
	CHECK(overlap(0x1000, 0x1000, 0x1000, 0x1000) == 1);
	CHECK(overlap(0x0, 0x10000, 0x4000, 0x1000) == 1);	/* inside */
	CHECK(overlap(0x0, 0x1000, 0x10000, 0x1000) == 0);
	CHECK(overlap(MAX64 - 0xfff, 0x1000, 0, 0x1000) == 0);
	CHECK(overlap(MAX64 - 0x1fff, 0x2000, MAX64 - 0xfff, 0x1000) == 1);
}

static int access(u64 base, u64 size, u64 start, u64 len)
{
	struct devmap_range r = { base, size };

	return devmap_check_access(&r, start, len);
}

static void test_access(void)
{
	const u64 b = 0xc0000000, s = 0x300000;

	CHECK(access(b, s, b, s) == 0);
	CHECK(access(b, s, b, 1) == 0);
	CHECK(access(b, s, b + s - 1, 1) == 0);
	CHECK(access(b, s, b + s - PAGE, PAGE) == 0);
	CHECK(access(b, s, b, 0) == -EINVAL);
	CHECK(access(b, s, b + s, 1) == -ENXIO);
	CHECK(access(b, s, b - 1, 2) == -ENXIO);
	CHECK(access(b, s, 0, PAGE) == -ENXIO);
	CHECK(access(b, s, b, s + 1) == -ERANGE);
	CHECK(access(b, s, b + s - PAGE, 2 * PAGE) == -ERANGE);
	CHECK(access(b, s, b + 1, s) == -ERANGE);
	CHECK(access(b, s, b, MAX64) == -EOVERFLOW);
	CHECK(access(b, s, b, MAX64 - b) == -ERANGE);
	CHECK(access(b, s, MAX64 - PAGE + 1, 2 * PAGE) == -EOVERFLOW);
	CHECK(access(b, s, b, MAX64 - b + 2) == -EOVERFLOW);
	CHECK(access(MAX64 - PAGE + 1, PAGE, MAX64 - PAGE + 1, PAGE) == 0);
	CHECK(access(MAX64 - PAGE + 1, PAGE, MAX64, 1) == 0);
	CHECK(access(MAX64 - PAGE + 1, PAGE, MAX64, 2) == -EOVERFLOW);
	CHECK(access(0, PAGE, 0, PAGE) == 0);
}

static void test_widths(void)
{
	CHECK(devmap_access_width(0x1000, 8, 4) == 4);
	CHECK(devmap_access_width(0x1000, 3, 4) == 2);
	CHECK(devmap_access_width(0x1000, 1, 4) == 1);
	CHECK(devmap_access_width(0x1001, 8, 4) == 1);
	CHECK(devmap_access_width(0x1002, 8, 4) == 2);
	CHECK(devmap_access_width(0x1002, 1, 4) == 1);
	CHECK(devmap_access_width(0x1004, 4, 4) == 4);
	CHECK(devmap_access_width(0x1008, 16, 8) == 8);
	CHECK(devmap_access_width(0x1004, 16, 8) == 4);
	CHECK(devmap_access_width(0x1000, 0, 4) == 1);
	CHECK(devmap_access_width(MAX64, 1, 4) == 1);
}

/* A pseudo-random sweep: the invariants hold for every input. */
static void test_random(void)
{
	unsigned long long x = 88172645463325252ull;
	int i, bad = 0;

	for (i = 0; i < 200000; i++) {
		struct devmap_range r;
		u64 start, len;
		int ret;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		r.base = (x & 0xffff) * PAGE;
		r.size = ((x >> 16) & 0xff) * PAGE;
		start = (i & 1) ? r.base + ((x >> 24) & 0xfffff) : x;
		len = (i & 2) ? (x >> 44) : ((x >> 40) & 0x3fffff);
		if (!r.size)
			continue;
		ret = devmap_check_access(&r, start, len);
		/* accepted means every byte lies in the window */
		if (!ret && !(start >= r.base && len <= r.size &&
			      start - r.base <= r.size - len))
			bad++;
		/* refused inside means some byte lies outside */
		if (ret == -ERANGE && start - r.base + len <= r.size)
			bad++;
	}
	CHECK(bad == 0);
}

int main(void)
{
	test_numbers();
	test_specs();
	test_buffer_specs();
	test_cache_names();
	test_windows();
	test_overlap();
	test_access();
	test_widths();
	test_random();
	printf("range_test: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
