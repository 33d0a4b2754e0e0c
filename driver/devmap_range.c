// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap window arithmetic; see devmap_range.h.
 *
 * All values are u64 whatever the architecture's phys_addr_t: the caller
 * checks that a window fits its phys_addr_t.
 */
#include "devmap_range.h"

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <string.h>
#define U64_MAX UINT64_MAX
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static int devmap_digit(char c, unsigned int base)
{
	unsigned int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return v < base ? (int)v : -1;
}

/*
 * A decimal or 0x-prefixed hexadecimal number with an optional K, M or G
 * suffix (powers of 1024). Unlike memparse(), a value that does not fit
 * in 64 bits or has trailing garbage is an error, not a silent truncation.
 */
int devmap_parse_number(const char *s, size_t len, u64 *out)
{
	unsigned int base = 10, shift = 0;
	size_t i = 0;
	u64 v = 0;

	if (len && (s[len - 1] == 'K' || s[len - 1] == 'k'))
		shift = 10;
	else if (len && (s[len - 1] == 'M' || s[len - 1] == 'm'))
		shift = 20;
	else if (len && (s[len - 1] == 'G' || s[len - 1] == 'g'))
		shift = 30;
	if (shift)
		len--;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;

	for (; i < len; i++) {
		int d = devmap_digit(s[i], base);

		if (d < 0)
			return -EINVAL;
		if (v > (U64_MAX - (u64)d) / base)
			return -ERANGE;
		v = v * base + (u64)d;
	}
	if (shift && v > (U64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

static const char * const devmap_cache_names[] = {
	[DEVMAP_UNCACHED]	= "uncached",
	[DEVMAP_WC]		= "wc",
	[DEVMAP_CACHED]		= "cached",
};

int devmap_parse_cache(const char *s, size_t len, enum devmap_cache *cache)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(devmap_cache_names); i++) {
		if (strlen(devmap_cache_names[i]) == len &&
		    !strncmp(devmap_cache_names[i], s, len)) {
			*cache = (enum devmap_cache)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *devmap_cache_name(enum devmap_cache cache)
{
	if ((unsigned int)cache >= ARRAY_SIZE(devmap_cache_names))
		return "unknown";
	return devmap_cache_names[cache];
}

/* Names become sysfs directory names: keep them short and plain. */
bool devmap_valid_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= DEVMAP_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      (c == '.' && i > 0)))
			return false;
	}
	return true;
}

static int devmap_fail(struct devmap_parse_error *err, const char *what,
		       const char *at, size_t len)
{
	err->what = what;
	err->at = at;
	err->len = len;
	return -EINVAL;
}

/*
 * Parse one "name:base:size[:mode[:shared]]" entry of length len (not
 * terminated).
 */
int devmap_parse_spec(const char *s, size_t len, struct devmap_spec *spec,
		      struct devmap_parse_error *err)
{
	const char *field[5];
	size_t flen[5];
	unsigned int n = 0;
	size_t i, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != ':')
			continue;
		if (n == 5)
			return devmap_fail(err, "too many fields", s, len);
		field[n] = s + start;
		flen[n] = i - start;
		n++;
		start = i + 1;
	}
	if (n < 3)
		return devmap_fail(err, "expected name:base:size[:mode[:shared]]",
				   s, len);

	if (!devmap_valid_name(field[0], flen[0]))
		return devmap_fail(err, "bad name", field[0], flen[0]);
	memcpy(spec->name, field[0], flen[0]);
	spec->name[flen[0]] = '\0';

	if (devmap_parse_number(field[1], flen[1], &spec->range.base))
		return devmap_fail(err, "bad base", field[1], flen[1]);
	if (devmap_parse_number(field[2], flen[2], &spec->range.size))
		return devmap_fail(err, "bad size", field[2], flen[2]);

	spec->cache = DEVMAP_UNCACHED;
	if (n >= 4 && devmap_parse_cache(field[3], flen[3], &spec->cache))
		return devmap_fail(err, "bad mode (uncached, wc or cached)",
				   field[3], flen[3]);

	spec->shared = false;
	if (n == 5) {
		if (flen[4] != 6 || memcmp(field[4], "shared", 6))
			return devmap_fail(err, "bad flag (only shared)",
					   field[4], flen[4]);
		spec->shared = true;
	}
	return 0;
}

/*
 * Parse one "name:size[:mode]" entry of devmap_buffers, of length len
 * (not terminated). A buffer is cached unless told otherwise.
 */
int devmap_parse_buffer_spec(const char *s, size_t len,
			     struct devmap_buffer_spec *spec,
			     struct devmap_parse_error *err)
{
	const char *field[3];
	size_t flen[3];
	unsigned int n = 0;
	size_t i, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != ':')
			continue;
		if (n == 3)
			return devmap_fail(err, "too many fields", s, len);
		field[n] = s + start;
		flen[n] = i - start;
		n++;
		start = i + 1;
	}
	if (n < 2)
		return devmap_fail(err, "expected name:size[:mode]", s, len);

	if (!devmap_valid_name(field[0], flen[0]))
		return devmap_fail(err, "bad name", field[0], flen[0]);
	memcpy(spec->name, field[0], flen[0]);
	spec->name[flen[0]] = '\0';

	if (devmap_parse_number(field[1], flen[1], &spec->size))
		return devmap_fail(err, "bad size", field[1], flen[1]);

	spec->cache = DEVMAP_CACHED;
	if (n == 3 && devmap_parse_cache(field[2], flen[2], &spec->cache))
		return devmap_fail(err, "bad mode (uncached, wc or cached)",
				   field[2], flen[2]);
	return 0;
}

/*
 * A window must be non-empty, page aligned at both ends and must not wrap
 * around the end of the address space.
 */
int devmap_check_window(const struct devmap_range *r, u64 page_size)
{
	if (r->size == 0)
		return -EINVAL;
	if ((r->base | r->size) & (page_size - 1))
		return -EINVAL;
	if (r->base + (r->size - 1) < r->base)
		return -EOVERFLOW;
	return 0;
}

/* Both ranges are valid windows, so their last bytes do not wrap. */
bool devmap_overlap(const struct devmap_range *a, const struct devmap_range *b)
{
	return a->base <= b->base + (b->size - 1) &&
	       b->base <= a->base + (a->size - 1);
}

bool devmap_contains(const struct devmap_range *r, u64 addr)
{
	return addr >= r->base && addr - r->base < r->size;
}

/*
 * May [start, start + len) be accessed through window r?
 *   0		yes
 *   -EINVAL	len is zero
 *   -EOVERFLOW	start + len wraps around the address space
 *   -ENXIO	start is not in r
 *   -ERANGE	start is in r but the access runs past its end
 */
int devmap_check_access(const struct devmap_range *r, u64 start, u64 len)
{
	if (len == 0)
		return -EINVAL;
	if (start + (len - 1) < start)
		return -EOVERFLOW;
	if (!devmap_contains(r, start))
		return -ENXIO;
	if (len > r->size - (start - r->base))
		return -ERANGE;
	return 0;
}

/*
 * The widest access of at most max bytes (a power of two) that is
 * naturally aligned at addr and does not go past addr + len. Device
 * memory faults or splits on unaligned and over-wide accesses.
 */
unsigned int devmap_access_width(u64 addr, u64 len, unsigned int max)
{
	unsigned int w = max;

	while (w > 1 && ((addr & (w - 1)) || len < w))
		w >>= 1;
	return w;
}
