/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devmap: device-tree windows and buffers ("devmap,window",
 * "devmap,buffer"), bound as platform devices.
 */
#ifndef DEVMAP_OF_H
#define DEVMAP_OF_H

int devmap_of_init(void);
void devmap_of_exit(void);

#endif /* DEVMAP_OF_H */
