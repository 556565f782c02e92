// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Regular expressions (include/regex.h): a pattern is parsed into nodes,
 * each a single-character atom, an anchor or a group of alternatives,
 * with a repetition count; a match backtracks over them. A repeated
 * single-character atom is counted out in a loop and given back one at a
 * time, so the C stack grows with the pattern's nesting and with repeated
 * groups, not with the subject's length; both the work and that depth are
 * bounded (-E2BIG).
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RE_NONE		(-1)
#define RE_INF		0x7fffffff
#define RE_NEST_MAX	32		/* groups inside groups, parsing */
#define NOMATCH		(-1)
#define TOO_MUCH	(-2)

enum { RE_CHAR, RE_ANY, RE_CLASS, RE_BOL, RE_EOL, RE_GROUP };

struct re_node {
	u8 op;
	bool lazy;
	u8 ch;			/* RE_CHAR */
	u8 group;		/* RE_GROUP: its capture */
	int min, max;		/* repetitions */
	int next;		/* the next node of its sequence, or RE_NONE */
	int alt;		/* RE_GROUP: its first alternative */
	u32 set[8];		/* RE_CLASS: a bit per byte value */
};

/* ------------------------------------------------------------ parsing */

struct re_parse {
	struct regex *re;
	const char *p;
	const char **why;
	int nest;
};

static int fail(struct re_parse *ps, const char *why)
{
	*ps->why = why;
	return -EINVAL;
}

static int new_node(struct re_parse *ps, int op)
{
	struct regex *re = ps->re;
	struct re_node *n;

	if (re->nnodes >= RE_NODES_MAX) {
		*ps->why = "too many atoms";
		return -E2BIG;
	}
	n = &re->node[re->nnodes];
	memset(n, 0, sizeof(*n));
	n->op = op;
	n->min = n->max = 1;
	n->next = RE_NONE;
	return re->nnodes++;
}

static void set_add(u32 *set, u8 c)
{
	set[c / 32] |= 1u << (c % 32);
}

static bool set_has(const u32 *set, u8 c)
{
	return set[c / 32] >> (c % 32) & 1;
}

static bool is_word(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* \d \D \s \S \w \W into @set; false for another letter */
static bool class_escape(u32 *set, char e)
{
	bool neg = e == 'D' || e == 'S' || e == 'W';
	char k = neg ? e + ('a' - 'A') : e;

	if (k != 'd' && k != 's' && k != 'w')
		return false;
	for (int c = 0; c < 256; c++) {
		bool in = k == 'd' ? c >= '0' && c <= '9' :
			  k == 's' ? is_space(c) : is_word(c);

		if (in != neg)
			set_add(set, c);
	}
	return true;
}

/* The character an escape stands for: \n \r \t, else itself */
static u8 escaped(char e)
{
	return e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
}

/* After '[': the set, up to its ']' */
static int parse_class(struct re_parse *ps, struct re_node *n)
{
	bool neg = *ps->p == '^';
	u32 set[8] = { 0 };

	if (neg)
		ps->p++;
	/* A ']' first is one of the set */
	for (bool first = true; first || *ps->p != ']'; first = false) {
		int lo = (u8)*ps->p++, hi;

		if (!lo)
			return fail(ps, "missing ']'");
		if (lo == '\\') {
			if (!*ps->p)
				return fail(ps, "trailing '\\'");
			if (class_escape(set, *ps->p)) {
				ps->p++;
				continue;
			}
			lo = escaped(*ps->p++);
		}
		hi = lo;
		if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
			ps->p++;
			hi = (u8)*ps->p++;
			if (hi == '\\') {
				u32 dummy[8] = { 0 };

				if (!*ps->p)
					return fail(ps, "trailing '\\'");
				if (class_escape(dummy, *ps->p))
					return fail(ps, "a class ends a range");
				hi = escaped(*ps->p++);
			}
			if (hi < lo)
				return fail(ps, "range out of order");
		}
		for (int c = lo; c <= hi; c++)
			set_add(set, c);
	}
	ps->p++;
	for (int i = 0; i < 8; i++)
		n->set[i] = neg ? ~set[i] : set[i];
	return 0;
}

static int parse_alts(struct re_parse *ps, int *firstp);

/* One atom at ps->p: its node's index, or -errno */
static int parse_atom(struct re_parse *ps)
{
	struct regex *re = ps->re;
	char c = *ps->p++;
	int i, ret;

	switch (c) {
	case '(':
		if (++ps->nest > RE_NEST_MAX)
			return fail(ps, "groups nested too deeply");
		if (re->ngroups >= RE_GROUPS_MAX)
			return fail(ps, "too many groups");
		i = new_node(ps, RE_GROUP);
		if (i < 0)
			return i;
		re->node[i].group = re->ngroups++;
		ret = parse_alts(ps, &re->node[i].alt);
		if (ret)
			return ret;
		if (*ps->p != ')')
			return fail(ps, "missing ')'");
		ps->p++;
		ps->nest--;
		return i;
	case '[':
		i = new_node(ps, RE_CLASS);
		if (i < 0)
			return i;
		ret = parse_class(ps, &re->node[i]);
		return ret ? ret : i;
	case '.':
		return new_node(ps, RE_ANY);
	case '^':
		return new_node(ps, RE_BOL);
	case '$':
		return new_node(ps, RE_EOL);
	case '*':
	case '+':
	case '?':
		return fail(ps, "nothing to repeat");
	case '\\':
		if (!*ps->p)
			return fail(ps, "trailing '\\'");
		c = *ps->p++;
		i = new_node(ps, RE_CLASS);
		if (i < 0 || class_escape(re->node[i].set, c))
			return i;
		re->node[i].op = RE_CHAR;
		re->node[i].ch = escaped(c);
		return i;
	default:
		i = new_node(ps, RE_CHAR);
		if (i >= 0)
			re->node[i].ch = c;
		return i;
	}
}

/* A quantifier after node @i, if one follows */
static int parse_repeat(struct re_parse *ps, struct re_node *n)
{
	char q = *ps->p;

	if (q != '*' && q != '+' && q != '?')
		return 0;
	if (n->op == RE_BOL || n->op == RE_EOL)
		return fail(ps, "nothing to repeat");
	ps->p++;
	n->min = q == '+';
	n->max = q == '?' ? 1 : RE_INF;
	if (*ps->p == '?') {
		n->lazy = true;
		ps->p++;
	}
	if (*ps->p == '*' || *ps->p == '+' || *ps->p == '?')
		return fail(ps, "nothing to repeat");
	return 0;
}

/* Atoms up to '|', ')' or the end: the first's index (RE_NONE: empty) */
static int parse_seq(struct re_parse *ps, int *firstp)
{
	int tail = RE_NONE;

	*firstp = RE_NONE;
	while (*ps->p && *ps->p != '|' && *ps->p != ')') {
		int i = parse_atom(ps), ret;

		if (i < 0)
			return i;
		ret = parse_repeat(ps, &ps->re->node[i]);
		if (ret)
			return ret;
		if (tail == RE_NONE)
			*firstp = i;
		else
			ps->re->node[tail].next = i;
		tail = i;
	}
	return 0;
}

/* Sequences separated by '|': the first alternative's index */
static int parse_alts(struct re_parse *ps, int *firstp)
{
	struct regex *re = ps->re;
	int prev = RE_NONE;

	for (;;) {
		int a, ret;

		if (re->nalts >= RE_ALTS_MAX) {
			*ps->why = "too many alternatives";
			return -E2BIG;
		}
		a = re->nalts++;
		re->alt_next[a] = RE_NONE;
		ret = parse_seq(ps, &re->alt_first[a]);
		if (ret)
			return ret;
		if (prev == RE_NONE)
			*firstp = a;
		else
			re->alt_next[prev] = a;
		prev = a;
		if (*ps->p != '|')
			return 0;
		ps->p++;
	}
}

int regex_compile(struct regex *re, const char *pattern, const char **why)
{
	struct re_parse ps = { re, pattern, why, 0 };
	int ret;

	memset(re, 0, sizeof(*re));
	*why = "";
	re->ngroups = 1;
	re->node = malloc(RE_NODES_MAX * sizeof(*re->node));
	if (!re->node) {
		*why = "out of memory";
		return -ENOMEM;
	}
	ret = parse_alts(&ps, &re->top);
	if (!ret && *ps.p == ')')
		ret = fail(&ps, "unmatched ')'");
	if (ret)
		regex_free(re);
	return ret;
}

void regex_free(struct regex *re)
{
	free(re->node);
	re->node = NULL;
}

int regex_compile_say(struct regex *re, const char *pattern, const char *who)
{
	const char *why;
	int ret = regex_compile(re, pattern, &why);

	if (ret == -ENOMEM)
		printf("%s: out of memory\n", who);
	else if (ret)
		printf("%s: bad regular expression '%s': %s\n", who, pattern,
		       why);
	return ret;
}

void regex_say_too_much(const char *who, const char *pattern)
{
	printf("%s: regular expression '%s' needs more work than allowed on this string\n",
	       who, pattern);
}

/* ----------------------------------------------------------- matching */

struct re_ctx {
	const struct regex *re;
	const u8 *s;
	int len;
	struct re_match *m;
	long *steps;		/* the caller's budget, spent */
	int depth;
};

/* A repeated group in progress: where its current pass started */
struct re_frame {
	int node;
	int count;		/* passes, this one included */
	int start;
	const struct re_frame *up;
};

static int m_node(struct re_ctx *c, int i, int pos, const struct re_frame *f);

static bool one(const struct re_node *n, u8 ch)
{
	switch (n->op) {
	case RE_CHAR:
		return ch == n->ch;
	case RE_ANY:
		return true;
	default:
		return set_has(n->set, ch);
	}
}

static int m_alts(struct re_ctx *c, int a, int pos, const struct re_frame *f)
{
	for (; a != RE_NONE; a = c->re->alt_next[a]) {
		int r = m_node(c, c->re->alt_first[a], pos, f);

		if (r != NOMATCH)
			return r;
	}
	return NOMATCH;
}

/* Group @i at @pos after @count passes: another pass, or what follows */
static int m_group(struct re_ctx *c, int i, int pos, int count,
		   const struct re_frame *up)
{
	const struct re_node *n = &c->re->node[i];
	struct re_frame f = { i, count + 1, pos, up };
	int r;

	if (!n->lazy && count < n->max) {
		r = m_alts(c, n->alt, pos, &f);
		if (r != NOMATCH)
			return r;
	}
	if (count >= n->min) {
		r = m_node(c, n->next, pos, up);
		if (r != NOMATCH || !n->lazy)
			return r;
	}
	if (n->lazy && count < n->max)
		return m_alts(c, n->alt, pos, &f);
	return NOMATCH;
}

/* The end of a pass of @f's group at @pos */
static int m_group_end(struct re_ctx *c, const struct re_frame *f, int pos)
{
	const struct re_node *n = &c->re->node[f->node];
	struct re_match old = c->m[n->group];
	int r;

	/* A pass that matched nothing, past the minimum: no more passes */
	if (pos == f->start && f->count > n->min)
		return NOMATCH;
	/* Each pass nests a few frames more: it counts as a level */
	if (c->depth >= RE_DEPTH_MAX)
		return TOO_MUCH;
	c->m[n->group] = (struct re_match){ f->start, pos };
	c->depth++;
	r = m_group(c, f->node, pos, f->count, f->up);
	c->depth--;
	if (r == NOMATCH)
		c->m[n->group] = old;
	return r;
}

/* A single-character atom repeated: as many as it takes, given back */
static int m_repeat(struct re_ctx *c, const struct re_node *n, int pos,
		    const struct re_frame *f)
{
	int k = 0, r;

	while (k < n->max && pos + k < c->len && one(n, c->s[pos + k]))
		k++;
	*c->steps += k;
	if (k < n->min)
		return NOMATCH;
	for (int j = 0; j <= k - n->min; j++) {
		r = m_node(c, n->next, pos + (n->lazy ? n->min + j : k - j),
			   f);
		if (r != NOMATCH)
			return r;
	}
	return NOMATCH;
}

static int m_node(struct re_ctx *c, int i, int pos, const struct re_frame *f)
{
	const struct re_node *n;
	int r;

	if (++*c->steps > RE_STEPS_MAX || c->depth >= RE_DEPTH_MAX)
		return TOO_MUCH;
	if (i == RE_NONE)
		return f ? m_group_end(c, f, pos) : pos;
	n = &c->re->node[i];
	c->depth++;
	switch (n->op) {
	case RE_BOL:
		r = pos == 0 ? m_node(c, n->next, pos, f) : NOMATCH;
		break;
	case RE_EOL:
		r = pos == c->len ? m_node(c, n->next, pos, f) : NOMATCH;
		break;
	case RE_GROUP:
		r = m_group(c, i, pos, 0, f);
		break;
	default:
		r = m_repeat(c, n, pos, f);
		break;
	}
	c->depth--;
	return r;
}

int regex_exec_budget(const struct regex *re, const char *s, int len,
		      int from, struct re_match m[RE_GROUPS_MAX], long *steps)
{
	struct re_ctx c = { re, (const u8 *)s, len, m, steps, 0 };

	for (int start = from; start <= len; start++) {
		int r;

		for (int g = 0; g < RE_GROUPS_MAX; g++)
			m[g] = (struct re_match){ -1, -1 };
		r = m_alts(&c, re->top, start, NULL);
		if (r == TOO_MUCH)
			return -E2BIG;
		if (r >= 0) {
			m[0] = (struct re_match){ start, r };
			return 1;
		}
	}
	return 0;
}

int regex_exec(const struct regex *re, const char *s, int len, int from,
	       struct re_match m[RE_GROUPS_MAX])
{
	long steps = 0;

	return regex_exec_budget(re, s, len, from, m, &steps);
}

int regex_search(const char *pattern, const char *s, const char *who)
{
	struct re_match m[RE_GROUPS_MAX];
	struct regex re;
	int ret = regex_compile_say(&re, pattern, who);

	if (ret)
		return ret;
	ret = regex_exec(&re, s, strlen(s), 0, m);
	regex_free(&re);
	if (ret == -E2BIG)
		regex_say_too_much(who, pattern);
	return ret;
}

/* ------------------------------------------------------- substitution */

struct re_out {
	char *buf;
	size_t size, len;
};

static int put(struct re_out *o, const char *p, size_t n)
{
	if (n >= o->size - o->len)
		return -ENOSPC;
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	o->buf[o->len] = '\0';
	return 0;
}

/* @repl with \0..\9 filled from @m, \\ as one backslash */
static int put_repl(struct re_out *o, const char *s, const char *repl,
		    const struct re_match *m)
{
	int ret = 0;

	for (const char *r = repl; *r && !ret; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '9') {
			const struct re_match *g = &m[r[1] - '0'];

			if (g->start >= 0)
				ret = put(o, s + g->start, g->end - g->start);
			r++;
		} else if (r[0] == '\\' && r[1] == '\\') {
			ret = put(o, r, 1);
			r++;
		} else {
			ret = put(o, r, 1);
		}
	}
	return ret;
}

int regex_sub(const struct regex *re, const char *s, const char *repl,
	      bool global, char *out, size_t size)
{
	struct re_out o = { out, size, 0 };
	struct re_match m[RE_GROUPS_MAX];
	int len = strlen(s), pos = 0, count = 0, ret;
	long steps = 0;		/* one budget for all the searches */

	if (!size)
		return -ENOSPC;
	out[0] = '\0';
	while (pos <= len) {
		ret = regex_exec_budget(re, s, len, pos, m, &steps);
		if (ret <= 0) {
			if (ret < 0)
				return ret;
			break;
		}
		ret = put(&o, s + pos, m[0].start - pos);
		if (!ret)
			ret = put_repl(&o, s, repl, m);
		if (ret)
			return ret;
		count++;
		pos = m[0].end;
		/* An empty match: the character after it stays, and is passed */
		if (m[0].end == m[0].start) {
			if (pos < len && put(&o, s + pos, 1))
				return -ENOSPC;
			pos++;
		}
		if (!global)
			break;
	}
	if (pos < len && put(&o, s + pos, len - pos))
		return -ENOSPC;
	return count;
}
