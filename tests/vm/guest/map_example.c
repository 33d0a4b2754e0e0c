/* SPDX-License-Identifier: NOASSERTION */
/*
 * The userspace program of the original "How to map memory to an
 * userspace program using mmap()" example, unchanged: only the braces and
 * semicolons the web page lost are restored. It maps 3 MB (uncached) SDRAM
 * at physical 0xc0000000 through /dev/map and writes to it. The page
 * published it as example code and states no license: none is asserted.
 */
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

int main(void)
{
  char* data;
  int fd = open("/dev/map", O_RDWR);
  data = mmap(0, 0x00300000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0xc0000000);
  data[100] = 3;
  munmap(data, 0x00300000);
  return 0;
}
