// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap: windows and DMA buffers from the module parameters.
 *
 * Every entry is parsed, and a bad one refused with its text, before
 * /dev/map exists (devmap_params_parse); the windows and buffers are made
 * afterwards (devmap_params_add), when a refusal can only come from the
 * machine: a region another driver claims, memory that CMA cannot give.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "devmap_cdev.h"
#include "devmap_param.h"
#include "devmap_pci.h"
#include "devmap_window.h"

/* Every parameter is prefixed: phys_base and friends clash on some arches. */
static char *devmap_windows;
module_param(devmap_windows, charp, 0444);
MODULE_PARM_DESC(devmap_windows,
		 "Windows as name:base:size[:uncached|wc|cached[:shared]], comma separated");

static char *devmap_buffer_size;
module_param(devmap_buffer_size, charp, 0444);
MODULE_PARM_DESC(devmap_buffer_size,
		 "Size of a cached buffer window named 'buffer' (e.g. 1M)");

static char *devmap_buffers;
module_param(devmap_buffers, charp, 0444);
MODULE_PARM_DESC(devmap_buffers,
		 "DMA buffers as name:size[:cached|uncached|wc], comma separated");

static char *devmap_dma_device;
module_param(devmap_dma_device, charp, 0444);
MODULE_PARM_DESC(devmap_dma_device,
		 "Device (e.g. PCI 0000:01:00.0) whose DMA view the devmap_buffers use");

/* One parsed entry and its text, for the messages. */
struct devmap_param_entry {
	const char *text;
	union {
		struct devmap_spec window;
		struct devmap_buffer_spec buffer;
	};
};

static struct {
	char *windows_text, *buffers_text;	/* entries point into these */
	struct devmap_param_entry *windows, *buffers;
	unsigned int nwindows, nbuffers;
	u64 buffer_size;
	struct platform_device *dma_pdev;	/* default DMA view of buffers */
	struct device *dma_dev;		/* the DMA view of the buffers */
} devmap_params;

typedef int (*devmap_parse_fn)(const char *s, size_t len,
			       struct devmap_param_entry *e,
			       struct devmap_parse_error *err);

static int devmap_parse_window_entry(const char *s, size_t len,
				     struct devmap_param_entry *e,
				     struct devmap_parse_error *err)
{
	return devmap_parse_spec(s, len, &e->window, err);
}

static int devmap_parse_buffer_entry(const char *s, size_t len,
				     struct devmap_param_entry *e,
				     struct devmap_parse_error *err)
{
	return devmap_parse_buffer_spec(s, len, &e->buffer, err);
}

/*
 * Parse the comma-separated list param (named name) into *entries; each
 * entry keeps its text, in *text. Empty entries are skipped.
 */
static int devmap_parse_list(const char *name, const char *param,
			     devmap_parse_fn parse, char **text,
			     struct devmap_param_entry **entries,
			     unsigned int *n)
{
	struct devmap_parse_error err;
	unsigned int max = 1;
	const char *c;
	char *cur, *spec;

	*n = 0;
	if (!param)
		return 0;
	for (c = param; *c; c++)
		max += *c == ',';
	*text = kstrdup(param, GFP_KERNEL);
	*entries = kcalloc(max, sizeof(**entries), GFP_KERNEL);
	if (!*text || !*entries)
		return -ENOMEM;

	cur = *text;
	while ((spec = strsep(&cur, ",")) != NULL) {
		struct devmap_param_entry *e = &(*entries)[*n];

		if (!*spec)
			continue;
		if (parse(spec, strlen(spec), e, &err)) {
			pr_err("%s entry '%s': %s '%.*s'\n", name, spec,
			       err.what, (int)err.len, err.at);
			return -EINVAL;
		}
		e->text = spec;
		(*n)++;
	}
	return 0;
}

/* devmap_buffer_size: one cached buffer named "buffer", as before. */
static int devmap_parse_buffer_size(void)
{
	const char *s = devmap_buffer_size;
	u64 size;

	if (!s)
		return 0;
	if (devmap_parse_number(s, strlen(s), &size)) {
		pr_err("devmap_buffer_size '%s' is not a size\n", s);
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(size)) {
		pr_err("devmap_buffer_size '%s' must be a multiple of 0x%lx\n",
		       s, PAGE_SIZE);
		return -EINVAL;
	}
	devmap_params.buffer_size = size;
	return 0;
}

/*
 * The device whose view of memory the parameter buffers take: one named
 * by devmap_dma_device (a PCI or platform device: its DMA mask, IOMMU and
 * dma-ranges apply); devmap_params_add() makes one of its own otherwise.
 */
static int devmap_find_dma_device(void)
{
	struct device *dev;

	if (!devmap_dma_device)
		return 0;
	dev = devmap_pci_find_device(devmap_dma_device);
	if (!dev)
		dev = bus_find_device_by_name(&platform_bus_type, NULL,
					      devmap_dma_device);
	if (!dev) {
		pr_err("devmap_dma_device '%s': no such PCI or platform device\n",
		       devmap_dma_device);
		return -ENODEV;
	}
	devmap_params.dma_dev = dev;
	return 0;
}

int devmap_params_parse(void)
{
	int ret;

	ret = devmap_parse_list("devmap_windows", devmap_windows,
				devmap_parse_window_entry,
				&devmap_params.windows_text,
				&devmap_params.windows,
				&devmap_params.nwindows);
	if (!ret)
		ret = devmap_parse_list("devmap_buffers", devmap_buffers,
					devmap_parse_buffer_entry,
					&devmap_params.buffers_text,
					&devmap_params.buffers,
					&devmap_params.nbuffers);
	if (!ret)
		ret = devmap_parse_buffer_size();
	if (!ret)
		ret = devmap_find_dma_device();
	if (ret)
		devmap_params_exit();
	return ret;
}

static int devmap_make_dma_device(void)
{
	struct platform_device_info info = {
		.name		= "devmap-dma",
		.id		= PLATFORM_DEVID_NONE,
		.dma_mask	= DMA_BIT_MASK(64),
	};
	struct platform_device *pdev;

	if (devmap_params.dma_dev ||
	    (!devmap_params.nbuffers && !devmap_params.buffer_size))
		return 0;
	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev)) {
		dev_err(devmap_dev(), "cannot register the devmap-dma device: %ld\n",
			PTR_ERR(pdev));
		return PTR_ERR(pdev);
	}
	devmap_params.dma_pdev = pdev;
	devmap_params.dma_dev = get_device(&pdev->dev);
	return 0;
}

int devmap_params_add(void)
{
	struct devmap_window *win;
	unsigned int i;
	int ret;

	ret = devmap_make_dma_device();
	if (ret)
		return ret;

	if (devmap_params.buffer_size) {
		win = devmap_window_add_buffer(devmap_params.dma_dev, "buffer",
					       devmap_params.buffer_size,
					       DEVMAP_CACHED, DEVMAP_SRC_BUFFER,
					       false);
		if (IS_ERR(win)) {
			dev_err(devmap_dev(), "devmap_buffer_size '%s' refused\n",
				devmap_buffer_size);
			return PTR_ERR(win);
		}
	}

	for (i = 0; i < devmap_params.nbuffers; i++) {
		const struct devmap_param_entry *e = &devmap_params.buffers[i];

		win = devmap_window_add_buffer(devmap_params.dma_dev,
					       e->buffer.name, e->buffer.size,
					       e->buffer.cache,
					       DEVMAP_SRC_BUFFER, false);
		if (IS_ERR(win)) {
			dev_err(devmap_dev(), "devmap_buffers entry '%s' refused\n",
				e->text);
			return PTR_ERR(win);
		}
	}

	for (i = 0; i < devmap_params.nwindows; i++) {
		const struct devmap_spec *s = &devmap_params.windows[i].window;

		win = devmap_window_new(s->name, s->range.base, s->range.size,
					s->cache, DEVMAP_SRC_PARAM);
		if (!win)
			return -ENOMEM;
		win->shared = s->shared;
		ret = devmap_window_add(win);
		if (ret)
			return ret;
	}
	return 0;
}

void devmap_params_exit(void)
{
	if (devmap_params.dma_dev)
		put_device(devmap_params.dma_dev);
	if (devmap_params.dma_pdev)
		platform_device_unregister(devmap_params.dma_pdev);
	kfree(devmap_params.windows);
	kfree(devmap_params.buffers);
	kfree(devmap_params.windows_text);
	kfree(devmap_params.buffers_text);
	memset(&devmap_params, 0, sizeof(devmap_params));
}
