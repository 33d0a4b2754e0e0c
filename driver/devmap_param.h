/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap: the windows and buffers of the module parameters
 * (devmap_windows, devmap_buffers, devmap_buffer_size, devmap_dma_device).
 */
#ifndef DEVMAP_PARAM_H
#define DEVMAP_PARAM_H

/* Checks every entry, naming a bad one: before /dev/map exists. */
int devmap_params_parse(void);
/* Makes the parsed windows and buffers. */
int devmap_params_add(void);
/* Drops what parse and add made (the windows go with the registry). */
void devmap_params_exit(void);

#endif /* DEVMAP_PARAM_H */
