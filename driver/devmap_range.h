/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap window arithmetic: parsing of window specifications and every
 * range check the driver makes before it maps, reads or writes.
 *
 * This file has no kernel dependencies so that the same code is unit
 * tested on the host under AddressSanitizer and UBSan (driver/tests/).
 */
#ifndef DEVMAP_RANGE_H
#define DEVMAP_RANGE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#define u64 uint64_t
#endif

/* Longest window name, including the terminating NUL. */
#define DEVMAP_NAME_MAX		32

enum devmap_cache {
	DEVMAP_UNCACHED,	/* device memory: registers, FPGA, DSP RAM */
	DEVMAP_WC,		/* write-combining: frame buffers */
	DEVMAP_CACHED,		/* normal memory */
};

struct devmap_range {
	u64 base;
	u64 size;
};

/* One entry of the devmap_windows parameter: name:base:size[:mode[:shared]] */
struct devmap_spec {
	char name[DEVMAP_NAME_MAX];
	struct devmap_range range;
	enum devmap_cache cache;
	bool shared;	/* leave the region to a kernel driver that holds it */
};

/* One entry of the devmap_buffers parameter: name:size[:mode] */
struct devmap_buffer_spec {
	char name[DEVMAP_NAME_MAX];
	u64 size;
	enum devmap_cache cache;
};

/*
 * Where parsing failed: which field (what) and the text of that field
 * (at, len), so that the error message can name the bad value.
 */
struct devmap_parse_error {
	const char *what;
	const char *at;
	size_t len;
};

int devmap_parse_number(const char *s, size_t len, u64 *out);
int devmap_parse_cache(const char *s, size_t len, enum devmap_cache *cache);
const char *devmap_cache_name(enum devmap_cache cache);
bool devmap_valid_name(const char *s, size_t len);
int devmap_parse_spec(const char *s, size_t len, struct devmap_spec *spec,
		      struct devmap_parse_error *err);

int devmap_parse_buffer_spec(const char *s, size_t len,
			     struct devmap_buffer_spec *spec,
			     struct devmap_parse_error *err);

int devmap_check_window(const struct devmap_range *r, u64 page_size);
bool devmap_overlap(const struct devmap_range *a,
		    const struct devmap_range *b);
bool devmap_contains(const struct devmap_range *r, u64 addr);
int devmap_check_access(const struct devmap_range *r, u64 start, u64 len);
unsigned int devmap_access_width(u64 addr, u64 len, unsigned int max);

#endif /* DEVMAP_RANGE_H */
