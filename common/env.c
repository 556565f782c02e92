// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The environment: a sorted array of name=value strings in the heap,
 * bounded by CONFIG_ENV_SIZE bytes in total.
 */
#include <ctype.h>
#include <env.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <version.h>

#define ENV_NAME_MAX	64
#define ENV_MAX_VARS	512

/* Defaults every board shares; the board's list is applied after. */
static const char *const common_default_env[] = {
	"bootdelay=" __stringify(CONFIG_BOOTDELAY),
	"baudrate=115200",
	"stdin=serial",
	"stdout=serial",
	"stderr=serial",
	"loadaddr=" __stringify(CONFIG_SYS_LOAD_ADDR),
	"scriptaddr=" __stringify(CONFIG_SYS_LOAD_ADDR),
	"pxefile_addr_r=" __stringify(CONFIG_PXEFILE_ADDR_R),
	"kernel_addr_r=" __stringify(CONFIG_KERNEL_ADDR_R),
	"fdt_addr_r=" __stringify(CONFIG_FDT_ADDR_R),
	"ramdisk_addr_r=" __stringify(CONFIG_RAMDISK_ADDR_R),
	"kernel_comp_addr_r=" __stringify(CONFIG_KERNEL_COMP_ADDR_R),
	"kernel_comp_size=" __stringify(CONFIG_KERNEL_COMP_SIZE),
	NULL
};

static char *vars[ENV_MAX_VARS];	/* "name=value", sorted by name */
static int nvars;
static int used_bytes;
static bool defaults_in_use;		/* env_is_default() */

static int name_len(const char *entry)
{
	return strchr(entry, '=') - entry;
}

/* Index of @name, or -(insertion point) - 1 */
static int find(const char *name)
{
	int lo = 0, hi = nvars - 1;
	size_t len = strlen(name);

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int n = name_len(vars[mid]);
		int cmp = strncmp(vars[mid], name, min_t(size_t, len, n));

		if (!cmp)
			cmp = n - (int)len;
		if (!cmp)
			return mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -lo - 1;
}

const char *env_get(const char *name)
{
	int i = find(name);

	return i >= 0 ? vars[i] + name_len(vars[i]) + 1 : NULL;
}

static bool valid_name(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= ENV_NAME_MAX)
		return false;
	for (; *name; name++) {
		if (*name == '=' || !isprint(*name) || isspace(*name))
			return false;
	}
	return true;
}

static void remove_at(int i)
{
	used_bytes -= strlen(vars[i]) + 1;
	free(vars[i]);
	memmove(&vars[i], &vars[i + 1], (nvars - i - 1) * sizeof(vars[0]));
	nvars--;
}

int env_set(const char *name, const char *value)
{
	int i, size;
	char *entry;

	if (!valid_name(name))
		return -EINVAL;
	i = find(name);
	if (!value || !*value) {
		if (i >= 0)
			remove_at(i);
		return 0;
	}
	size = strlen(name) + 1 + strlen(value) + 1;
	if (used_bytes + size - (i >= 0 ? (int)strlen(vars[i]) + 1 : 0) >
	    CONFIG_ENV_SIZE)
		return -ENOSPC;
	if (i < 0 && nvars == ENV_MAX_VARS)
		return -ENOSPC;
	entry = malloc(size);
	if (!entry)
		return -ENOMEM;
	snprintf(entry, size, "%s=%s", name, value);
	if (i >= 0) {
		used_bytes -= strlen(vars[i]) + 1;
		free(vars[i]);
	} else {
		i = -i - 1;
		memmove(&vars[i + 1], &vars[i], (nvars - i) * sizeof(vars[0]));
		nvars++;
	}
	vars[i] = entry;
	used_bytes += size;
	return 0;
}

int env_set_hex(const char *name, ulong value)
{
	char buf[20];

	snprintf(buf, sizeof(buf), "%lx", value);
	return env_set(name, buf);
}

int env_set_ulong(const char *name, ulong value)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lu", value);
	return env_set(name, buf);
}

ulong env_get_ulong(const char *name, int base, ulong def)
{
	const char *s = env_get(name);
	unsigned long long v;

	if (!s || str_to_u64(s, base, &v))
		return def;
	return v;
}

ulong env_get_hex(const char *name, ulong def)
{
	return env_get_ulong(name, 16, def);
}

int env_get_yesno(const char *name)
{
	const char *v = env_get(name);

	if (!v || !*v)
		return -1;
	if (strchr("yYtT1", *v))
		return 1;
	return strchr("nNfF0", *v) ? 0 : -1;
}

static int load_list(const char *const *list)
{
	for (; *list; list++) {
		const char *eq = strchr(*list, '=');
		char name[ENV_NAME_MAX];
		int ret;

		if (!eq || eq - *list >= ENV_NAME_MAX)
			return -EINVAL;
		memcpy(name, *list, eq - *list);
		name[eq - *list] = '\0';
		ret = env_set(name, eq + 1);
		if (ret)
			return ret;
	}
	return 0;
}

int env_set_default(void)
{
	int ret;

	while (nvars)
		remove_at(nvars - 1);
	defaults_in_use = true;
	ret = load_list(common_default_env);
	if (!ret)
		ret = env_set("ver", version_string);
	if (!ret)
		ret = load_list(board_default_env);
	return ret;
}

bool env_is_default(void)
{
	return defaults_in_use;
}

void env_mark_loaded(void)
{
	defaults_in_use = false;
}

/* Whether @pat occurs in the @len bytes at @s */
static bool has_in(const char *s, size_t len, const char *pat)
{
	size_t plen = strlen(pat);

	for (size_t i = 0; i + plen <= len; i++) {
		if (!strncmp(s + i, pat, plen))
			return true;
	}
	return false;
}

/* Whether pattern @p occurs in the @len bytes at @s: 1, 0, -E2BIG */
static int grep_one(const char *pat, const struct regex *re, const char *s,
		    int len, long *steps)
{
	struct re_match m[RE_GROUPS_MAX];

	if (IS_ENABLED(CONFIG_REGEX) && re)
		return regex_exec_budget(re, s, len, 0, m, steps);
	return has_in(s, len, pat);
}

int env_grep(const char *const *pats, const struct regex *res, int n,
	     bool names, bool values)
{
	long steps = 0;		/* one bound for the whole search */
	int found = 0;

	for (int i = 0; i < nvars; i++) {
		const char *e = vars[i];
		int len = name_len(e);
		int hit = 0;

		for (int p = 0; p < n && !hit; p++) {
			const struct regex *re = res ? &res[p] : NULL;

			if (names)
				hit = grep_one(pats[p], re, e, len, &steps);
			if (!hit && values)
				hit = grep_one(pats[p], re, e + len + 1,
					       strlen(e + len + 1), &steps);
			if (hit < 0)
				return hit;
		}
		if (hit) {
			printf("%s\n", e);
			found++;
		}
	}
	return found;
}

/* @name's default value ("" when the defaults leave it unset), or NULL */
static const char *default_of(const char *name)
{
	const char *const *lists[] = { board_default_env, common_default_env };
	size_t len = strlen(name);

	for (int l = 0; l < 2; l++) {
		for (const char *const *e = lists[l]; *e; e++)
			if (!strncmp(*e, name, len) && (*e)[len] == '=')
				return *e + len + 1;
	}
	return strcmp(name, "ver") ? "" : version_string;
}

int env_set_default_vars(const char *const *names, int n)
{
	int ret = 0;

	for (int i = 0; i < n && !ret; i++)
		ret = env_set(names[i], default_of(names[i]));
	return ret;
}

int env_init(void)
{
	return env_set_default();
}

int env_print(const char *name)
{
	int i;

	if (name) {
		i = find(name);
		if (i < 0)
			return -ENOENT;
		printf("%s\n", vars[i]);
		return 0;
	}
	for (i = 0; i < nvars; i++)
		printf("%s\n", vars[i]);
	return 0;
}

/* Whether @entry's name is one of @names (all when @n is 0) */
static bool wanted(const char *entry, const char *const *names, int n)
{
	int len = name_len(entry);

	if (!n)
		return true;
	for (int i = 0; i < n; i++)
		if ((int)strlen(names[i]) == len && !strncmp(entry, names[i], len))
			return true;
	return false;
}

int env_export(char *buf, size_t size, char sep, const char *const *names,
	       int n, size_t *lenp)
{
	size_t pos = 0;

	for (int i = 0; i < nvars; i++) {
		if (!wanted(vars[i], names, n))
			continue;
		for (const char *p = vars[i]; *p; p++) {
			/* Text: a newline or backslash in a value is escaped */
			bool esc = sep && (*p == sep || *p == '\\');

			if (pos + esc + 1 >= size)
				return -ENOSPC;
			if (esc)
				buf[pos++] = '\\';
			buf[pos++] = *p;
		}
		if (pos + 1 >= size)
			return -ENOSPC;
		buf[pos++] = sep;
	}
	/* Binary: name=value\0...\0\0; text: the lines, then one \0 */
	if (pos + (!sep && !pos ? 2 : 1) > size)
		return -ENOSPC;
	if (!sep && !pos)
		buf[pos++] = '\0';
	buf[pos++] = '\0';
	*lenp = pos;
	return 0;
}

/* One "name=value" (escapes removed) from the import: set or delete it */
static int import_one(char *entry, const char *const *names, int n)
{
	char *eq = strchr(entry, '=');

	if (eq)
		*eq = '\0';
	if (n) {
		int i;

		for (i = 0; i < n && strcmp(names[i], entry); i++)
			;
		if (i == n)
			return 0;
	}
	/* "name" or "name=" deletes it */
	return env_set(entry, eq ? eq + 1 : NULL);
}

int env_import(const char *buf, size_t size, char sep, bool clear,
	       const char *const *names, int n)
{
	char *entry = malloc(CONFIG_ENV_SIZE + 1);
	size_t pos = 0, len;
	int ret = 0;

	if (!entry)
		return -ENOMEM;
	if (clear)
		while (nvars)
			remove_at(nvars - 1);
	while (pos < size && buf[pos] && !ret) {
		/* Text: leading blanks, blank lines and '#' comments skipped */
		if (sep && (buf[pos] == ' ' || buf[pos] == '\t' ||
			    buf[pos] == sep)) {
			pos++;
			continue;
		}
		if (sep && buf[pos] == '#') {
			while (pos < size && buf[pos] && buf[pos] != sep)
				pos++;
			continue;
		}
		for (len = 0; pos < size && buf[pos] && buf[pos] != sep;
		     pos++) {
			if (sep && buf[pos] == '\\' && pos + 1 < size &&
			    buf[pos + 1])
				pos++;
			if (len == CONFIG_ENV_SIZE) {
				ret = -ENOSPC;
				break;
			}
			entry[len++] = buf[pos];
		}
		entry[len] = '\0';
		if (!ret)
			ret = import_one(entry, names, n);
		pos++;
	}
	free(entry);
	return ret;
}

void env_usage(int *countp, int *bytesp)
{
	*countp = nvars;
	*bytesp = used_bytes;
}
