// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The syslinux configuration format (extlinux.conf, pxelinux.cfg): one
 * keyword per line, case-insensitive, then its value (the rest of the line,
 * blanks trimmed at both ends); '#' starts a comment line. Keywords after
 * 'label' belong to that label until the next one.
 */
#include <command.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslinux.h>

enum kw {
	K_DEFAULT, K_LABEL, K_KERNEL, K_INITRD, K_APPEND, K_FDT, K_FDTDIR,
	K_TIMEOUT, K_PROMPT, K_IPAPPEND, K_LOCALBOOT, K_INCLUDE, K_MENU,
	K_IGNORED, K_UNKNOWN,
};

static const struct {
	const char *word;
	enum kw kw;
} keywords[] = {
	{ "default", K_DEFAULT }, { "label", K_LABEL },
	{ "kernel", K_KERNEL }, { "linux", K_KERNEL },
	{ "initrd", K_INITRD }, { "append", K_APPEND },
	{ "fdt", K_FDT }, { "devicetree", K_FDT },
	{ "fdtdir", K_FDTDIR }, { "devicetreedir", K_FDTDIR },
	{ "timeout", K_TIMEOUT }, { "prompt", K_PROMPT },
	{ "ipappend", K_IPAPPEND }, { "localboot", K_LOCALBOOT },
	{ "include", K_INCLUDE }, { "menu", K_MENU },
	/* syslinux's, meaningless here: accepted silently */
	{ "ontimeout", K_IGNORED }, { "say", K_IGNORED },
	{ "serial", K_IGNORED }, { "console", K_IGNORED },
	{ "font", K_IGNORED }, { "totaltimeout", K_IGNORED },
	{ "implicit", K_IGNORED }, { "allowoptions", K_IGNORED },
	{ "fdtoverlays", K_IGNORED }, { "kaslrseed", K_IGNORED },
	{ "nohalt", K_IGNORED }, { "ui", K_IGNORED },
};

struct parser {
	struct syslinux_cfg *cfg;
	struct syslinux_label *label;	/* being read */
	syslinux_include_fn inc;
	void *ctx;
	int depth;
	int includes;		/* read in all */
	int err;
};

/* @n bytes at @p, blanks trimmed, as a new string; NULL on error */
static char *value(struct parser *ps, const char *p, size_t n)
{
	char *v;

	while (n && isspace(*p)) {
		p++;
		n--;
	}
	while (n && isspace(p[n - 1]))
		n--;
	if (n >= SYSLINUX_MAX_VALUE) {
		ps->err = -E2BIG;
		return NULL;
	}
	v = malloc(n + 1);
	if (!v) {
		ps->err = -ENOMEM;
		return NULL;
	}
	memcpy(v, p, n);
	v[n] = '\0';
	return v;
}

static void set(struct parser *ps, char **field, const char *p, size_t n)
{
	char *v = value(ps, p, n);

	if (!v)
		return;
	free(*field);
	*field = v;
}

static int number(const char *p, size_t n)
{
	long v = 0;

	while (n && isspace(*p)) {
		p++;
		n--;
	}
	for (; n && isdigit(*p) && v < 1000000; p++, n--)
		v = v * 10 + *p - '0';
	return v;
}

/* The word at @p of @n bytes, its length in *@wlen */
static enum kw keyword(const char *p, size_t n, size_t *wlen)
{
	size_t w = 0;

	while (w < n && !isspace(p[w]))
		w++;
	*wlen = w;
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (strlen(keywords[i].word) == w &&
		    !strncasecmp(p, keywords[i].word, w))
			return keywords[i].kw;
	return K_UNKNOWN;
}

static void new_label(struct parser *ps, const char *p, size_t n)
{
	struct syslinux_cfg *cfg = ps->cfg;

	if (cfg->nlabels == SYSLINUX_MAX_LABELS) {
		ps->err = -E2BIG;
		return;
	}
	ps->label = &cfg->labels[cfg->nlabels++];
	set(ps, &ps->label->name, p, n);
}

static void parse_text(struct parser *ps, const char *text, size_t len);

static void include(struct parser *ps, const char *p, size_t n)
{
	char *path = value(ps, p, n), *text;
	size_t len;
	int ret;

	if (!path)
		return;
	if (!ps->inc) {
		printf("Ignoring include of %s: nothing to read it with\n",
		       path);
	} else if (ps->depth >= SYSLINUX_MAX_INCLUDE) {
		printf("Ignoring include of %s: includes nested more than %d deep\n",
		       path, SYSLINUX_MAX_INCLUDE);
	} else if (had_ctrlc()) {
		printf("Ignoring include of %s: interrupted\n", path);
	} else if (ps->includes >= SYSLINUX_MAX_INCLUDES) {
		printf("Ignoring include of %s: more than %d includes in all\n",
		       path, SYSLINUX_MAX_INCLUDES);
	} else {
		ps->includes++;
		ret = ps->inc(ps->ctx, path, &text, &len);
		if (ret) {
			printf("Ignoring include of %s: %s\n", path,
			       errno_str(ret));
		} else {
			ps->depth++;
			parse_text(ps, text, len);
			ps->depth--;
			free(text);
		}
	}
	free(path);
}

/* 'menu title x', 'menu label x', 'menu default', others ignored */
static void menu(struct parser *ps, const char *p, size_t n)
{
	size_t w;

	while (n && isspace(*p)) {
		p++;
		n--;
	}
	for (w = 0; w < n && !isspace(p[w]); w++)
		;
	if (w == 5 && !strncasecmp(p, "title", 5))
		set(ps, &ps->cfg->title, p + 5, n - 5);
	else if (w == 5 && !strncasecmp(p, "label", 5) && ps->label)
		set(ps, &ps->label->menu, p + 5, n - 5);
	else if (w == 7 && !strncasecmp(p, "default", 7) && ps->label &&
		 ps->label->name)
		set(ps, &ps->cfg->default_label, ps->label->name,
		    strlen(ps->label->name));
}

static void parse_line(struct parser *ps, const char *p, size_t n)
{
	struct syslinux_label *l = ps->label;
	size_t w;
	enum kw kw;

	while (n && isspace(*p)) {
		p++;
		n--;
	}
	if (!n || *p == '#')
		return;
	kw = keyword(p, n, &w);
	p += w;
	n -= w;
	switch (kw) {
	case K_DEFAULT:
		set(ps, &ps->cfg->default_label, p, n);
		return;
	case K_LABEL:
		new_label(ps, p, n);
		return;
	case K_TIMEOUT:
		ps->cfg->timeout = number(p, n);
		return;
	case K_PROMPT:
		ps->cfg->prompt = number(p, n) != 0;
		return;
	case K_INCLUDE:
		include(ps, p, n);
		return;
	case K_MENU:
		menu(ps, p, n);
		return;
	case K_IGNORED:
		return;
	case K_UNKNOWN:
		printf("Ignoring unknown command: %.*s\n", (int)min_t(size_t, w, 40),
		       p - w);
		return;
	default:
		break;
	}
	/* The rest belong to a label */
	if (!l) {
		printf("Ignoring %.*s outside a label\n", (int)w, p - w);
		return;
	}
	switch (kw) {
	case K_KERNEL:
		set(ps, &l->kernel, p, n);
		break;
	case K_INITRD:
		set(ps, &l->initrd, p, n);
		break;
	case K_APPEND:
		set(ps, &l->append, p, n);
		break;
	case K_FDT:
		set(ps, &l->fdt, p, n);
		break;
	case K_FDTDIR:
		set(ps, &l->fdtdir, p, n);
		break;
	case K_IPAPPEND:
		l->ipappend = number(p, n);
		break;
	case K_LOCALBOOT:
		l->localboot = true;
		break;
	default:
		break;
	}
}

static void parse_text(struct parser *ps, const char *text, size_t len)
{
	const char *end = text + len;

	while (text < end && !ps->err) {
		const char *nl = memchr(text, '\n', end - text);
		size_t n = (nl ? nl : end) - text;

		/* A NUL ends the text, as it would a file read as a string */
		if (memchr(text, '\0', n))
			n = strlen(text);
		parse_line(ps, text, n);
		if (!nl || n < (size_t)(nl - text))
			break;
		text = nl + 1;
	}
}

int syslinux_parse(const char *text, size_t len, struct syslinux_cfg *cfg,
		   syslinux_include_fn inc, void *ctx)
{
	struct parser ps = { .cfg = cfg, .inc = inc, .ctx = ctx };

	memset(cfg, 0, sizeof(*cfg));
	if (len > SYSLINUX_MAX_TEXT)
		return -E2BIG;
	parse_text(&ps, text, len);
	return ps.err;
}

void syslinux_free(struct syslinux_cfg *cfg)
{
	free(cfg->title);
	free(cfg->default_label);
	for (int i = 0; i < cfg->nlabels; i++) {
		struct syslinux_label *l = &cfg->labels[i];

		free(l->name);
		free(l->menu);
		free(l->kernel);
		free(l->initrd);
		free(l->append);
		free(l->fdt);
		free(l->fdtdir);
	}
	memset(cfg, 0, sizeof(*cfg));
}

struct syslinux_label *syslinux_default(struct syslinux_cfg *cfg)
{
	for (int i = 0; cfg->default_label && i < cfg->nlabels; i++)
		if (cfg->labels[i].name &&
		    !strcmp(cfg->labels[i].name, cfg->default_label))
			return &cfg->labels[i];
	return cfg->nlabels ? &cfg->labels[0] : NULL;
}
