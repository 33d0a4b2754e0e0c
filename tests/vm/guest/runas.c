// SPDX-License-Identifier: Apache-2.0
/*
 * runas UID GID GROUPS COMMAND [ARG...]: run COMMAND with the given user,
 * group and supplementary groups (comma separated, "-" for none), so that
 * the guest can check /dev/map permissions as a non-root user.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	gid_t groups[16];
	size_t n = 0;
	char *tok;

	if (argc < 5) {
		fprintf(stderr, "usage: runas UID GID GROUPS COMMAND [ARG...]\n");
		return 2;
	}
	if (strcmp(argv[3], "-"))
		for (tok = strtok(argv[3], ","); tok && n < 16;
		     tok = strtok(NULL, ","))
			groups[n++] = (gid_t)strtoul(tok, NULL, 0);
	if (setgroups(n, groups) || setgid((gid_t)strtoul(argv[2], NULL, 0)) ||
	    setuid((uid_t)strtoul(argv[1], NULL, 0))) {
		perror("runas");
		return 1;
	}
	execvp(argv[4], argv + 4);
	perror("runas: exec");
	return 127;
}
