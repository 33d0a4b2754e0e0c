/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap windows: the registry of what userspace may reach, each window's
 * claim in the resource tree and its sysfs directory
 * (/sys/class/misc/map/windows/<name>/).
 *
 * Lifetime: a window is listed from devmap_window_add() until
 * devmap_window_remove(). Accessors (the character device, sysfs sync)
 * use a window only inside an SRCU read section of devmap_srcu and only
 * while it is not dead; removal marks it dead, waits for every such
 * section, zaps every mapping of its range and only then releases its
 * memory and claim. The structure itself is a kobject: whoever keeps a
 * pointer across sections (a mapping, a read() in progress) holds a
 * reference with devmap_window_get().
 */
#ifndef DEVMAP_WINDOW_H
#define DEVMAP_WINDOW_H

#include <linux/ioport.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/srcu.h>
#include <linux/types.h>

#include "devmap_buffer.h"
#include "devmap_irq.h"
#include "devmap_range.h"

struct device;

enum devmap_source {
	DEVMAP_SRC_PARAM,
	DEVMAP_SRC_BUFFER,
	DEVMAP_SRC_DT,
	DEVMAP_SRC_PCI,
};

/* "devmap:<window>", the window's name in /proc/iomem */
#define DEVMAP_RES_NAME_MAX	(sizeof("devmap:") + DEVMAP_NAME_MAX)

struct devmap_window {
	struct list_head node;	/* in the registry, an SRCU list */
	struct kobject kobj;
	char name[DEVMAP_NAME_MAX];
	struct devmap_range range;
	enum devmap_cache cache;
	enum devmap_source source;
	bool shared;		/* not claimed: a kernel driver owns it too */
	bool dead;		/* removed: accessors must back off */
	bool memtype_wc;	/* a write-combining memtype is reserved (x86) */
	struct devmap_buffer *buf;	/* a buffer window's memory */
	struct device *dev;	/* the device of a DT or PCI window */
	struct resource *region;	/* its claim in the resource tree */
	struct resource buffer_res;	/* the claim of a buffer window */
	char res_name[DEVMAP_RES_NAME_MAX];
	struct devmap_win_irqs irqs;	/* its interrupt sources */
};

extern struct srcu_struct devmap_srcu;

int devmap_windows_init(struct device *parent);
void devmap_windows_exit(void);

struct devmap_window *devmap_window_new(const char *name, u64 base, u64 size,
					enum devmap_cache cache,
					enum devmap_source source);
/* Takes ownership of win (and its buffer and sources): freed on error. */
int devmap_window_add(struct devmap_window *win);
/*
 * A buffer window of size bytes for dev's DMA view. rmem: dev's
 * memory-region is its pool (released with the buffer, even on error).
 */
struct devmap_window *devmap_window_add_buffer(struct device *dev,
					       const char *name, u64 size,
					       enum devmap_cache cache,
					       enum devmap_source source,
					       bool rmem);
void devmap_window_remove(struct devmap_window *win);
void devmap_windows_remove_all(void);

/*
 * The live window holding addr, under srcu_read_lock(&devmap_srcu), or
 * NULL. *at_end (if given) tells whether addr is the first byte after a
 * window.
 */
struct devmap_window *devmap_window_at(u64 addr, bool *at_end);
/* Interrupt source index of window name, referenced, or an ERR_PTR. */
struct devmap_irq_src *devmap_window_irq(const char *name, u32 index);

static inline bool devmap_window_live(const struct devmap_window *win)
{
	return !READ_ONCE(win->dead);
}

static inline void devmap_window_get(struct devmap_window *win)
{
	kobject_get(&win->kobj);
}

static inline void devmap_window_put(struct devmap_window *win)
{
	kobject_put(&win->kobj);
}

#endif /* DEVMAP_WINDOW_H */
