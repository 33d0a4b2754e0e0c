// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap: device-tree windows. A "devmap,window" node is a window over
 * its reg (or its no-map reserved memory) with its interrupts; a
 * "devmap,buffer" node is a DMA buffer for the node's own DMA view, from
 * CMA or from its shared-dma-pool. Both are platform devices: unbinding
 * one removes its window for everyone (devmap_window_remove()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "devmap_compat.h"
#include "devmap_of.h"
#include "devmap_window.h"

static int devmap_of_window(struct device *dev, struct devmap_range *r)
{
	struct device_node *np = dev->of_node;
	struct device_node *rnode;
	struct reserved_mem *rmem;
	struct resource res;
	int ret;

	rnode = of_parse_phandle(np, "memory-region", 0);
	if (!rnode) {
		ret = of_address_to_resource(np, 0, &res);
		if (ret) {
			dev_err(dev, "%pOF: needs reg or memory-region\n", np);
			return ret;
		}
		r->base = res.start;
		r->size = resource_size(&res);
		return 0;
	}

	rmem = IS_ENABLED(CONFIG_OF_RESERVED_MEM) ?
	       of_reserved_mem_lookup(rnode) : NULL;
	of_node_put(rnode);
	if (!rmem) {
		dev_err(dev, "%pOF: memory-region is not reserved memory\n", np);
		return -EINVAL;
	}
	r->base = rmem->base;
	r->size = rmem->size;
	return 0;
}

/*
 * A "devmap,buffer" node: memory for its device's view, from CMA or its
 * pool. The pool is the device's from here until the buffer is freed at
 * remove, so that a later bind starts from a pool of its own.
 */
static int devmap_probe_buffer(struct device *dev, const char *name,
			       enum devmap_cache cache)
{
	struct device_node *np = dev->of_node;
	struct devmap_window *win;
	bool rmem = false;
	u32 size32;
	u64 size;
	int ret;

	if (of_property_read_u64(np, "size", &size)) {
		if (of_property_read_u32(np, "size", &size32)) {
			dev_err(dev, "%pOF: needs a size\n", np);
			return -EINVAL;
		}
		size = size32;
	}
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret) {
		dev_err(dev, "%pOF: no usable DMA mask: %d\n", np, ret);
		return ret;
	}
	if (of_find_property(np, "memory-region", NULL)) {
		ret = of_reserved_mem_device_init(dev);
		if (ret) {
			dev_err(dev, "%pOF: memory-region is not a shared-dma-pool for it: %d\n",
				np, ret);
			return ret;
		}
		rmem = true;
	}
	win = devmap_window_add_buffer(dev, name, size, cache, DEVMAP_SRC_DT,
				       rmem);
	if (IS_ERR(win))
		return PTR_ERR(win);
	dev_set_drvdata(dev, win);
	return 0;
}

/*
 * The node's interrupts, requested (masked until a handle opens). Fills
 * srcs[0..*n); the caller ends each with devmap_irq_src_gone().
 */
static int devmap_of_irqs(struct platform_device *pdev, const char *name,
			  struct devmap_irq_src ***srcs, unsigned int *n)
{
	char src_name[DEVMAP_NAME_MAX + 12];
	int count, i, irq;

	*srcs = NULL;
	*n = 0;
	count = platform_irq_count(pdev);
	if (count <= 0)
		return count;
	*srcs = kcalloc(count, sizeof(**srcs), GFP_KERNEL);
	if (!*srcs)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		struct devmap_irq_src *src;

		irq = platform_get_irq(pdev, i);
		if (irq < 0)
			return irq;
		snprintf(src_name, sizeof(src_name), "%s:%d", name, i);
		src = devmap_irq_src_request(irq, DEVMAP_IRQ_DT, NULL, src_name);
		if (IS_ERR(src)) {
			dev_err(&pdev->dev, "%pOF: interrupt %d (irq %d) cannot be requested: %ld\n",
				pdev->dev.of_node, i, irq, PTR_ERR(src));
			return PTR_ERR(src);
		}
		(*srcs)[(*n)++] = src;
	}
	return 0;
}

static void devmap_of_irqs_gone(struct devmap_irq_src **srcs, unsigned int n)
{
	while (n)
		devmap_irq_src_gone(srcs[--n]);
	kfree(srcs);
}

/* A "devmap,window" node: reg or reserved memory, and interrupts. */
static int devmap_probe_window(struct device *dev, const char *name,
			       enum devmap_cache cache)
{
	struct device_node *np = dev->of_node;
	struct devmap_irq_src **srcs;
	struct devmap_window *win;
	struct devmap_range r;
	unsigned int nsrc;
	int ret;

	ret = devmap_of_window(dev, &r);
	if (ret)
		return ret;

	/* Uncached access to memory the kernel maps cached is undefined. */
	if (cache != DEVMAP_CACHED &&
	    region_intersects(r.base, r.size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		dev_err(dev, "%pOF: %s window 0x%llx+0x%llx is mapped by the kernel: use no-map reserved memory\n",
			np, devmap_cache_name(cache), r.base, r.size);
		return -EINVAL;
	}

	ret = devmap_of_irqs(to_platform_device(dev), name, &srcs, &nsrc);
	if (ret)
		goto err_irqs;
	win = devmap_window_new(name, r.base, r.size, cache, DEVMAP_SRC_DT);
	if (!win) {
		ret = -ENOMEM;
		goto err_irqs;
	}
	win->dev = dev;
	win->shared = of_property_read_bool(np, "devmap,shared");
	ret = devmap_win_irqs_init(&win->irqs, srcs, nsrc);
	if (ret) {
		kfree(win);
		goto err_irqs;
	}
	ret = devmap_window_add(win);
	if (ret)
		goto err_irqs;
	/* The window holds its own references: the device's go at remove. */
	kfree(srcs);
	platform_set_drvdata(to_platform_device(dev), win);
	return 0;

err_irqs:
	devmap_of_irqs_gone(srcs, nsrc);
	return ret;
}

static int devmap_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct device_node *np = dev->of_node;
	enum devmap_cache cache;
	const char *name, *mode;
	bool buffer;

	/* A device handed over by driver_override has no window to give. */
	if (!np) {
		dev_err(dev, "no device-tree node: devmap binds devmap,window and devmap,buffer nodes only\n");
		return -ENODEV;
	}
	buffer = of_device_is_compatible(np, "devmap,buffer");
	cache = buffer ? DEVMAP_CACHED : DEVMAP_UNCACHED;
	name = np->name;
	of_property_read_string(np, "devmap,name", &name);
	if (!devmap_valid_name(name, strlen(name))) {
		dev_err(dev, "%pOF: bad window name '%s'\n", np, name);
		return -EINVAL;
	}
	if (!of_property_read_string(np, "devmap,mode", &mode) &&
	    devmap_parse_cache(mode, strlen(mode), &cache)) {
		dev_err(dev, "%pOF: bad devmap,mode '%s' (uncached, wc or cached)\n",
			np, mode);
		return -EINVAL;
	}
	if (buffer)
		return devmap_probe_buffer(dev, name, cache);
	return devmap_probe_window(dev, name, cache);
}

static DEVMAP_REMOVE_RET devmap_remove(struct platform_device *pdev)
{
	struct devmap_window *win = platform_get_drvdata(pdev);
	unsigned int i;

	/* Free the lines and wake the waiters (EIO) before the window goes. */
	for (i = 0; i < win->irqs.n; i++)
		devmap_irq_src_gone(win->irqs.src[i]);
	devmap_window_remove(win);
	return DEVMAP_REMOVE_OK;
}

static const struct of_device_id devmap_of_match[] = {
	{ .compatible = "devmap,window" },
	{ .compatible = "devmap,buffer" },
	{ }
};
MODULE_DEVICE_TABLE(of, devmap_of_match);

static struct platform_driver devmap_driver = {
	.probe		= devmap_probe,
	.remove		= devmap_remove,
	.driver		= {
		.name		= "devmap",
		.of_match_table	= devmap_of_match,
	},
};

int devmap_of_init(void)
{
	return platform_driver_register(&devmap_driver);
}

void devmap_of_exit(void)
{
	platform_driver_unregister(&devmap_driver);
}
