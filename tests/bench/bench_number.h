/* SPDX-License-Identifier: Apache-2.0 */
/*
 * number() of the C benchmarks (devmap_bench.c, devmap_irq_bench.c): one
 * definition, so that both read their arguments alike.
 *
 * A decimal, 0x-hexadecimal or 0-octal number (strtoull's base 0), with a
 * K, M or G suffix (powers of 1024) when suffix is set, of at most max.
 * Anything else (a sign, trailing text, a value that does not fit) ends
 * the program with status 2 and a message naming the value. The includer
 * defines _GNU_SOURCE (program_invocation_short_name names the program).
 */
#ifndef BENCH_NUMBER_H
#define BENCH_NUMBER_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t number(const char *s, const char *what, int suffix, uint64_t max)
{
	unsigned int shift = 0;
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (suffix && end != s) {
		shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
		if (shift)
			end++;
	}
	/* strtoull takes leading blanks and a minus sign: a number does not */
	if (errno || end == s || *end || *s < '0' || *s > '9' || v > max >> shift) {
		fprintf(stderr, "%s: bad %s '%s'\n", program_invocation_short_name, what, s);
		exit(2);
	}
	return v << shift;
}

#endif /* BENCH_NUMBER_H */
