// SPDX-License-Identifier: GPL-2.0-only
/*
 * devmap: PCI devices as windows.
 *
 * devmap binds to a PCI device named by driver_override ("devmap") or by
 * the devmap_pci parameter (vendor:device pairs or bus addresses). Each
 * memory BAR, except those that hold the MSI-X table or PBA, becomes a
 * window "<pci_name>-bar<N>", uncached (write-combining when the BAR is
 * prefetchable, or as devmap_pci_mode says). Its MSI-X vectors, else MSI
 * vectors, else INTx line are the interrupts of every one of its
 * windows; an INTx line is only taken from a device that can mask it
 * (PCI 2.3), as uio_pci_generic requires. Bus mastering stays off (a
 * device that can DMA can write anywhere without an IOMMU) unless
 * devmap_pci_master=1, or the device signals MSI-X or MSI: a message
 * interrupt is a memory write by the device, which PCI forbids without
 * bus mastering (devmap_pci_intx=1 keeps it off and uses INTx).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "devmap_irq.h"
#include "devmap_pci.h"
#include "devmap_window.h"

static char *devmap_pci;
module_param(devmap_pci, charp, 0444);
MODULE_PARM_DESC(devmap_pci,
		 "PCI devices to bind: VVVV:DDDD vendor:device or DDDD:BB:SS.F, comma separated");

static bool devmap_pci_master;
module_param(devmap_pci_master, bool, 0444);
MODULE_PARM_DESC(devmap_pci_master,
		 "Enable bus mastering (DMA) of bound PCI devices (default: only for MSI-X/MSI)");

static char *devmap_pci_mode;
module_param(devmap_pci_mode, charp, 0444);
MODULE_PARM_DESC(devmap_pci_mode,
		 "Cache modes of BAR windows as <window>=uncached|wc, comma separated (default: wc if prefetchable)");

static bool devmap_pci_intx;
module_param(devmap_pci_intx, bool, 0444);
MODULE_PARM_DESC(devmap_pci_intx,
		 "Use the INTx line of bound PCI devices even when they have MSI-X or MSI");

#if IS_ENABLED(CONFIG_PCI)

/* dynid driver_data: added for a bus address, so only that one matches */
#define DEVMAP_PCI_BY_ADDRESS	1

struct devmap_pci_entry {
	bool address;
	u32 domain;
	unsigned int bus, devfn;
	unsigned int vendor, device;
};

static struct devmap_pci_entry *devmap_pci_entries;
static unsigned int devmap_pci_n;

struct devmap_pci_dev {
	struct pci_dev *pdev;
	unsigned int nsrc;
	struct devmap_irq_src **src;
	bool vectors;			/* MSI-X or MSI vectors allocated */
	struct devmap_window *win[PCI_STD_NUM_BARS];
	struct resource *pad[PCI_STD_NUM_BARS];	/* rest of a sub-page BAR's page */
	char res_name[PCI_STD_NUM_BARS][DEVMAP_NAME_MAX + 8];
};

/* Is pdev named by devmap_pci, by its IDs or by its address? */
static bool devmap_pci_listed(struct pci_dev *pdev)
{
	unsigned int i;

	for (i = 0; i < devmap_pci_n; i++) {
		const struct devmap_pci_entry *e = &devmap_pci_entries[i];

		if (e->address ? (pci_domain_nr(pdev->bus) == e->domain &&
				  pdev->bus->number == e->bus &&
				  pdev->devfn == e->devfn) :
				 (pdev->vendor == e->vendor &&
				  pdev->device == e->device))
			return true;
	}
	return false;
}

static void devmap_pci_free_irqs(struct devmap_pci_dev *d)
{
	while (d->nsrc)
		devmap_irq_src_gone(d->src[--d->nsrc]);
	kfree(d->src);
	d->src = NULL;
	if (d->vectors)
		pci_free_irq_vectors(d->pdev);
	d->vectors = false;
}

/* MSI-X vectors, else MSI vectors, else the INTx line; none is fine. */
static int devmap_pci_irqs(struct devmap_pci_dev *d)
{
	struct pci_dev *pdev = d->pdev;
	enum devmap_irq_kind kind = DEVMAP_IRQ_INTX;
	char name[DEVMAP_NAME_MAX + 12];
	int n = 0, max;
	unsigned int i;

	if (!devmap_pci_intx && pci_find_capability(pdev, PCI_CAP_ID_MSIX)) {
		max = pci_msix_vec_count(pdev);
		if (max > 0)
			n = pci_alloc_irq_vectors(pdev, 1, max, PCI_IRQ_MSIX);
		kind = DEVMAP_IRQ_MSIX;
	}
	if (n <= 0 && !devmap_pci_intx &&
	    pci_find_capability(pdev, PCI_CAP_ID_MSI)) {
		max = pci_msi_vec_count(pdev);
		if (max > 0)
			n = pci_alloc_irq_vectors(pdev, 1, max, PCI_IRQ_MSI);
		kind = DEVMAP_IRQ_MSI;
	}
	if (n > 0) {
		d->vectors = true;
	} else if (pdev->pin && pdev->irq) {
		/* A shared line that the device cannot mask would storm. */
		if (!pci_intx_mask_supported(pdev)) {
			dev_err(&pdev->dev, "INTx cannot be masked in this device (no PCI 2.3 interrupt disable): not bound\n");
			return -ENODEV;
		}
		n = 1;
		kind = DEVMAP_IRQ_INTX;
	} else {
		dev_info(&pdev->dev, "no usable interrupt (MSI-X, MSI or INTx)\n");
		return 0;
	}

	d->src = kcalloc(n, sizeof(*d->src), GFP_KERNEL);
	if (!d->src)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct devmap_irq_src *src;
		int irq = kind == DEVMAP_IRQ_INTX ? pdev->irq :
						    pci_irq_vector(pdev, i);

		if (irq < 0)
			return irq;
		snprintf(name, sizeof(name), "%s:%u", pci_name(pdev), i);
		src = devmap_irq_src_request(irq, kind, pdev, name);
		if (IS_ERR(src)) {
			dev_err(&pdev->dev, "interrupt %u (irq %d) cannot be requested: %ld\n",
				i, irq, PTR_ERR(src));
			return PTR_ERR(src);
		}
		d->src[d->nsrc++] = src;
	}
	return 0;
}

static int devmap_pci_msix_bar(struct pci_dev *pdev, int reg)
{
	int cap = pci_find_capability(pdev, PCI_CAP_ID_MSIX);
	u32 v;

	if (!cap)
		return -1;
	pci_read_config_dword(pdev, cap + reg, &v);
	return v & PCI_MSIX_TABLE_BIR;
}

static void devmap_pci_free_bars(struct devmap_pci_dev *d)
{
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		if (!d->win[bar])
			continue;
		devmap_window_remove(d->win[bar]);
		d->win[bar] = NULL;
		if (d->pad[bar]) {
			release_resource(d->pad[bar]);
			kfree(d->pad[bar]);
			d->pad[bar] = NULL;
		}
		pci_release_region(d->pdev, bar);
	}
}

/*
 * A BAR smaller than a page is a window of its whole page only if no
 * other device can be given the rest of that page: reserve it, as VFIO
 * does. Returns the window's size, or 0 when the page is shared.
 */
static u64 devmap_pci_pad(struct devmap_pci_dev *d, int bar)
{
	struct resource *res = &d->pdev->resource[bar];
	struct resource *pad;

	if (!PAGE_ALIGNED(res->start))
		return 0;
	if (resource_size(res) >= PAGE_SIZE)
		return resource_size(res);
	pad = kzalloc(sizeof(*pad), GFP_KERNEL);
	if (!pad)
		return 0;
	pad->name = "devmap sub-page reserved";
	pad->start = res->end + 1;
	pad->end = res->start + PAGE_SIZE - 1;
	pad->flags = res->flags;
	if (!res->parent || request_resource(res->parent, pad)) {
		kfree(pad);
		return 0;
	}
	d->pad[bar] = pad;
	return PAGE_SIZE;
}

/*
 * The mode devmap_pci_mode gives window name, if any. Entries were
 * checked at load (devmap_pci_check_modes).
 */
static void devmap_pci_mode_of(const char *name, enum devmap_cache *cache)
{
	const char *cur = devmap_pci_mode;
	size_t len = strlen(name);

	while (cur && *cur) {
		const char *end = strchrnul(cur, ',');
		const char *eq = memchr(cur, '=', end - cur);

		if (eq && (size_t)(eq - cur) == len && !strncmp(cur, name, len))
			devmap_parse_cache(eq + 1, end - eq - 1, cache);
		cur = *end ? end + 1 : end;
	}
}

static int devmap_pci_check_modes(void)
{
	const char *cur = devmap_pci_mode;

	while (cur && *cur) {
		const char *end = strchrnul(cur, ',');
		const char *eq = memchr(cur, '=', end - cur);
		enum devmap_cache cache;

		if (end == cur) {
			cur++;
			continue;
		}
		if (!eq || eq == cur || eq - cur >= DEVMAP_NAME_MAX ||
		    devmap_parse_cache(eq + 1, end - eq - 1, &cache) ||
		    cache == DEVMAP_CACHED) {
			pr_err("devmap_pci_mode entry '%.*s': not <window>=uncached or <window>=wc\n",
			       (int)(end - cur), cur);
			return -EINVAL;
		}
		cur = *end ? end + 1 : end;
	}
	return 0;
}

/* A BAR window listing the device's interrupts. The caller claimed it. */
static struct devmap_window *devmap_pci_window(struct devmap_pci_dev *d,
					       const char *name, u64 base,
					       u64 size, enum devmap_cache cache)
{
	struct devmap_window *win;
	int ret;

	win = devmap_window_new(name, base, size, cache, DEVMAP_SRC_PCI);
	if (!win)
		return ERR_PTR(-ENOMEM);
	win->dev = &d->pdev->dev;
	ret = devmap_win_irqs_init(&win->irqs, d->src, d->nsrc);
	if (ret) {
		kfree(win);
		return ERR_PTR(ret);
	}
	ret = devmap_window_add(win);
	return ret ? ERR_PTR(ret) : win;
}

static int devmap_pci_bars(struct devmap_pci_dev *d)
{
	struct pci_dev *pdev = d->pdev;
	int table = devmap_pci_msix_bar(pdev, PCI_MSIX_TABLE);
	int pba = devmap_pci_msix_bar(pdev, PCI_MSIX_PBA);
	char name[DEVMAP_NAME_MAX];
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		struct resource *res = &pdev->resource[bar];
		enum devmap_cache cache = DEVMAP_UNCACHED;
		struct devmap_window *win;
		u64 size;

		if (!(res->flags & IORESOURCE_MEM) || !resource_size(res) ||
		    bar == table || bar == pba)
			continue;
		snprintf(name, sizeof(name), "%s-bar%d", pci_name(pdev), bar);
		snprintf(d->res_name[bar], sizeof(d->res_name[bar]),
			 "devmap:%s", name);
		if (pci_request_region(pdev, bar, d->res_name[bar])) {
			dev_warn(&pdev->dev, "BAR%d %pR is claimed by another driver: not a window\n",
				 bar, res);
			continue;
		}
		size = devmap_pci_pad(d, bar);
		if (!size) {
			dev_info(&pdev->dev, "BAR%d %pR shares its page with other resources: not a window (pci=resource_alignment= gives it a page)\n",
				 bar, res);
			pci_release_region(pdev, bar);
			continue;
		}
		if (res->flags & IORESOURCE_PREFETCH)
			cache = DEVMAP_WC;
		devmap_pci_mode_of(name, &cache);
		win = devmap_pci_window(d, name, res->start, size, cache);
		if (IS_ERR(win)) {
			if (d->pad[bar]) {
				release_resource(d->pad[bar]);
				kfree(d->pad[bar]);
				d->pad[bar] = NULL;
			}
			pci_release_region(pdev, bar);
			return PTR_ERR(win);
		}
		d->win[bar] = win;
	}
	return 0;
}

static int devmap_pci_probe(struct pci_dev *pdev,
			    const struct pci_device_id *id)
{
	struct devmap_pci_dev *d;
	bool master;
	int ret;

	/* The IDs of an address entry match its siblings too: not them. */
	if (id->driver_data == DEVMAP_PCI_BY_ADDRESS &&
	    !devmap_pci_listed(pdev))
		return -ENODEV;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->pdev = pdev;
	/* Memory BARs only: devmap maps no I/O ports. */
	ret = pci_enable_device_mem(pdev);
	if (ret)
		goto err_free;
	ret = devmap_pci_irqs(d);
	if (ret)
		goto err_irqs;
	master = devmap_pci_master || d->vectors;
	if (master) {
		pci_set_master(pdev);
		/* As VFIO's no-IOMMU mode warns: nothing limits its DMA. */
		if (!device_iommu_mapped(&pdev->dev))
			dev_warn(&pdev->dev, "bus mastering on without an IOMMU: this device can read and write all memory\n");
	}
	ret = devmap_pci_bars(d);
	if (ret)
		goto err_bars;
	pci_set_drvdata(pdev, d);
	dev_info(&pdev->dev, "bound to devmap: %u interrupts (%s)%s\n", d->nsrc,
		 !d->nsrc ? "none" : !d->vectors ? "intx" :
		 pdev->msix_enabled ? "msi-x" : "msi",
		 master ? ", bus master" : "");
	return 0;

err_bars:
	devmap_pci_free_bars(d);
	pci_clear_master(pdev);
err_irqs:
	devmap_pci_free_irqs(d);
	pci_disable_device(pdev);
err_free:
	kfree(d);
	return ret;
}

/* Waiters wake with EIO first, then the windows go. */
static void devmap_pci_remove(struct pci_dev *pdev)
{
	struct devmap_pci_dev *d = pci_get_drvdata(pdev);

	devmap_pci_free_irqs(d);
	devmap_pci_free_bars(d);
	pci_clear_master(pdev);
	pci_disable_device(pdev);
	kfree(d);
}

/* Matched by driver_override and by the dynamic IDs added at load only. */
static const struct pci_device_id devmap_pci_ids[] = {
	{ }
};

static struct pci_driver devmap_pci_driver = {
	.name		= "devmap",
	.id_table	= devmap_pci_ids,
	.probe		= devmap_pci_probe,
	.remove		= devmap_pci_remove,
};

static bool devmap_pci_registered;

static int devmap_pci_parse(char *spec, struct devmap_pci_entry *e)
{
	unsigned int dom, bus, slot, fn, v, dev;
	int len = strlen(spec), n = 0;

	memset(e, 0, sizeof(*e));
	if (sscanf(spec, "%x:%x:%x.%x%n", &dom, &bus, &slot, &fn, &n) == 4 &&
	    n == len && dom <= 0xffff && bus <= 0xff && slot <= 0x1f && fn <= 7) {
		e->address = true;
		e->domain = dom;
		e->bus = bus;
		e->devfn = PCI_DEVFN(slot, fn);
		return 0;
	}
	n = 0;
	if (sscanf(spec, "%x:%x%n", &v, &dev, &n) == 2 && n == len &&
	    len == 9 && v <= 0xffff && dev <= 0xffff) {
		e->vendor = v;
		e->device = dev;
		return 0;
	}
	return -EINVAL;
}

/* Each entry becomes a dynamic ID; bad or absent ones fail the load. */
static int devmap_pci_add_ids(void)
{
	char *list, *cur, *spec;
	unsigned int max = 1;
	int ret = 0;

	list = kstrdup(devmap_pci, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	for (cur = list; *cur; cur++)
		max += *cur == ',';
	devmap_pci_entries = kcalloc(max, sizeof(*devmap_pci_entries),
				     GFP_KERNEL);
	if (!devmap_pci_entries) {
		kfree(list);
		return -ENOMEM;
	}

	cur = list;
	while ((spec = strsep(&cur, ",")) != NULL) {
		struct devmap_pci_entry *e = &devmap_pci_entries[devmap_pci_n];
		struct pci_dev *pdev;

		if (!*spec)
			continue;
		if (devmap_pci_parse(spec, e)) {
			pr_err("devmap_pci entry '%s': neither VVVV:DDDD (vendor:device) nor DDDD:BB:SS.F (bus address)\n",
			       spec);
			ret = -EINVAL;
			break;
		}
		if (!e->address) {
			devmap_pci_n++;
			continue;
		}
		pdev = pci_get_domain_bus_and_slot(e->domain, e->bus, e->devfn);
		if (!pdev) {
			pr_err("devmap_pci entry '%s': no such PCI device\n", spec);
			ret = -ENODEV;
			break;
		}
		e->vendor = pdev->vendor;
		e->device = pdev->device;
		pci_dev_put(pdev);
		devmap_pci_n++;
	}
	kfree(list);
	return ret;
}

int devmap_pci_parse_params(void)
{
	int ret;

	ret = devmap_pci_check_modes();
	if (ret || !devmap_pci)
		return ret;
	ret = devmap_pci_add_ids();
	if (ret)
		devmap_pci_exit();
	return ret;
}

int devmap_pci_init(void)
{
	unsigned int i;
	int ret;

	ret = pci_register_driver(&devmap_pci_driver);
	if (ret) {
		devmap_pci_exit();
		return ret;
	}
	devmap_pci_registered = true;
	for (i = 0; i < devmap_pci_n; i++) {
		const struct devmap_pci_entry *e = &devmap_pci_entries[i];

		ret = pci_add_dynid(&devmap_pci_driver, e->vendor, e->device,
				    PCI_ANY_ID, PCI_ANY_ID, 0, 0,
				    e->address ? DEVMAP_PCI_BY_ADDRESS : 0);
		if (ret) {
			pr_err("devmap_pci: cannot add %04x:%04x: %d\n",
			       e->vendor, e->device, ret);
			devmap_pci_exit();
			return ret;
		}
	}
	return 0;
}

void devmap_pci_exit(void)
{
	if (devmap_pci_registered)
		pci_unregister_driver(&devmap_pci_driver);
	devmap_pci_registered = false;
	kfree(devmap_pci_entries);
	devmap_pci_entries = NULL;
	devmap_pci_n = 0;
}

struct device *devmap_pci_find_device(const char *name)
{
	return bus_find_device_by_name(&pci_bus_type, NULL, name);
}

bool devmap_pci_check_and_mask_intx(struct pci_dev *pdev)
{
	return pci_check_and_mask_intx(pdev);
}

void devmap_pci_intx_enable(struct pci_dev *pdev, bool enable)
{
	pci_intx(pdev, enable);
}

#else /* !CONFIG_PCI */

struct device *devmap_pci_find_device(const char *name)
{
	return NULL;
}

bool devmap_pci_check_and_mask_intx(struct pci_dev *pdev)
{
	return false;
}

void devmap_pci_intx_enable(struct pci_dev *pdev, bool enable)
{
}

int devmap_pci_parse_params(void)
{
	if (devmap_pci) {
		pr_err("devmap_pci '%s': this kernel has no PCI\n", devmap_pci);
		return -ENODEV;
	}
	if (devmap_pci_mode) {
		pr_err("devmap_pci_mode '%s': this kernel has no PCI\n",
		       devmap_pci_mode);
		return -ENODEV;
	}
	return 0;
}

int devmap_pci_init(void)
{
	return 0;
}

void devmap_pci_exit(void)
{
}

#endif
