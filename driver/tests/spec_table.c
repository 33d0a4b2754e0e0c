// SPDX-License-Identifier: GPL-2.0-only
/*
 * spec_table TABLE: each row of the window-spec table (tests/window-specs.tsv
 * at the top of the repository) against the driver's own code: its parser
 * and range check (devmap_range.c), called as the parameter code of the
 * driver calls them (a comma-separated list, empty entries skipped, the
 * first bad entry refused). The Buildroot and Yocto checks are held to the
 * same table (tests/window-specs.py). Prints TAP; exits 1 if a row
 * disagrees, 2 if the table cannot be read. Built with ASan and UBSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devmap_range.h"

/* The smallest page of any architecture: the table's "align" rows. */
#define PAGE 4096ull
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct verdict {
	const char *field;	/* "ok" or the part the error names */
	char msg[512];		/* the driver's complaint */
};

/* The table's name for the field that devmap_parse_*spec() names. */
static const char *field_of(const char *what)
{
	static const char *const fields[] = { "name", "base", "size", "mode", "flag" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (!strncmp(what, "bad ", 4) &&
		    !strncmp(what + 4, fields[i], strlen(fields[i])))
			return fields[i];
	return "fields";	/* "too many fields", "expected name:..." */
}

/*
 * One entry, in an exact-size heap copy so that ASan catches a read past
 * its end. Parameter windows then go through devmap_check_window(), as
 * devmap_check_new() does (devmap_window.c); a buffer's size must be a
 * non-zero multiple of the page (devmap_window_add_buffer()), which is
 * the same check of [0, size).
 */
static void check_entry(const char *param, const char *s, size_t len,
			struct verdict *v)
{
	struct devmap_parse_error err = { 0 };
	struct devmap_range r = { 0 };
	char *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, s, len);
	if (!strcmp(param, "devmap_windows")) {
		struct devmap_spec spec;

		ret = devmap_parse_spec(copy, len, &spec, &err);
		if (!ret)
			r = spec.range;
	} else {
		struct devmap_buffer_spec spec;

		ret = devmap_parse_buffer_spec(copy, len, &spec, &err);
		if (!ret)
			r.size = spec.size;
	}
	if (ret) {
		/* err.at points into the copy: it must name a part of it */
		if (err.at < copy || err.at + err.len > copy + len) {
			v->field = "an error outside the entry";
			snprintf(v->msg, sizeof(v->msg), "%s", err.what);
		} else {
			v->field = field_of(err.what);
			snprintf(v->msg, sizeof(v->msg), "entry '%.*s': %s '%.*s'",
				 (int)len, s, err.what, (int)err.len,
				 s + (err.at - copy));
		}
	} else {
		ret = devmap_check_window(&r, PAGE);
		if (ret)
			v->field = ret == -EOVERFLOW ? "wrap" : "align";
		if (ret)
			snprintf(v->msg, sizeof(v->msg), "entry '%.*s': %s",
				 (int)len, s, ret == -EOVERFLOW ?
				 "wraps around the address space" :
				 "not non-zero multiples of 4K");
	}
	free(copy);
}

static void check_value(const char *param, const char *value, struct verdict *v)
{
	const char *entry = value, *end;

	v->field = "ok";
	v->msg[0] = '\0';
	if (!strcmp(param, "devmap_buffer_size")) {
		struct devmap_range r = { 0 };
		size_t len = strlen(value);
		char *copy = malloc(len ? len : 1);

		memcpy(copy, value, len);
		if (devmap_parse_number(copy, len, &r.size))
			v->field = "size";
		else if (r.size && devmap_check_window(&r, PAGE))
			v->field = "align";
		if (strcmp(v->field, "ok"))
			snprintf(v->msg, sizeof(v->msg), "'%s' %s", value,
				 strcmp(v->field, "size") ? "must be a multiple of 4K" :
				 "is not a size");
		free(copy);
		return;
	}
	/* strsep(&cur, ","), as the driver splits the list */
	for (;;) {
		end = strchr(entry, ',');
		if (!end)
			end = entry + strlen(entry);
		if (end > entry) {
			check_entry(param, entry, (size_t)(end - entry), v);
			if (strcmp(v->field, "ok"))
				return;
		}
		if (!*end)
			return;
		entry = end + 1;
	}
}

int main(int argc, char **argv)
{
	char line[4096];
	int n = 0, failed = 0, lineno = 0;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: spec_table TABLE\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	printf("TAP version 13\n");
	while (fgets(line, sizeof(line), f)) {
		char *param, *value, *expect, *note, *cur = line;
		struct verdict v;

		lineno++;
		if (!strchr(line, '\n')) {
			fprintf(stderr, "%s:%d: line too long\n", argv[1], lineno);
			return 2;
		}
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		param = strsep(&cur, "\t");
		value = strsep(&cur, "\t");
		expect = strsep(&cur, "\t");
		note = cur ? cur : "";
		if (!value || !expect ||
		    (strcmp(param, "devmap_windows") && strcmp(param, "devmap_buffers") &&
		     strcmp(param, "devmap_buffer_size"))) {
			fprintf(stderr, "%s:%d: not %s\n", argv[1], lineno,
				"'parameter<TAB>value<TAB>expected[<TAB>note]'");
			return 2;
		}
		check_value(param, value, &v);
		n++;
		if (strcmp(v.field, expect))
			failed++;
		printf("%s %d - driver: %s '%s' %s%s (%s)\n",
		       strcmp(v.field, expect) ? "not ok" : "ok", n, param, value,
		       strcmp(expect, "ok") ? "refused: " : "accepted",
		       strcmp(expect, "ok") ? expect : "", note);
		if (strcmp(v.field, expect))
			printf("#   got %s%s%s\n", v.field, *v.msg ? ": " : "", v.msg);
	}
	fclose(f);
	printf("1..%d\n", n);
	printf("# window-specs: driver: %d rows, %d disagree\n", n, failed);
	return failed ? 1 : 0;
}
