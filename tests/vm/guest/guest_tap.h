/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The TAP lines and errno names of the guest's C tests (devmap_test,
 * devmap_irq_test): "ok - ..." or "not ok - ...", numbered by the host.
 */
#ifndef GUEST_TAP_H
#define GUEST_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

static int failures;

static void check(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		failures++;
}

static const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case EINVAL: return "EINVAL";
	case ENXIO: return "ENXIO";
	case ERANGE: return "ERANGE";
	case EOVERFLOW: return "EOVERFLOW";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOSPC: return "ENOSPC";
	case EFAULT: return "EFAULT";
	case ENOMEM: return "ENOMEM";
	case EAGAIN: return "EAGAIN";
	case ENOENT: return "ENOENT";
	case EIO: return "EIO";
	case ENODEV: return "ENODEV";
	case ENOTTY: return "ENOTTY";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EBADF: return "EBADF";
	case EINTR: return "EINTR";
	case ETIMEDOUT: return "ETIMEDOUT";
	default: return "E?";
	}
}

#endif /* GUEST_TAP_H */
