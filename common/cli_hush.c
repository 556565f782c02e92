// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The command language: U-Boot's hush dialect of the Bourne shell.
 *
 *   list     := and_or ((';' | newline) and_or)*
 *   and_or   := command (('&&' | '||') newline* command)*
 *   command  := if | for | while | until | simple
 *   if       := 'if' list 'then' list ('elif' list 'then' list)*
 *               ['else' list] 'fi'
 *   for      := 'for' NAME 'in' word* (';' | newline) 'do' list 'done'
 *   while    := ('while' | 'until') list 'do' list 'done'
 *   simple   := (NAME=value)* word*
 *
 * A script (a typed line, a variable given to 'run', a 'source' script) is
 * read twice by the same recursive-descent code: first without running
 * anything, to refuse a syntax error before any of it runs, then running
 * it. Whatever is not taken (the branch not chosen, the rest of an '&&'
 * chain) is read the same way, without running. Loops go back to where
 * their condition or body starts and read it again.
 *
 * As in U-Boot's hush:
 * - each command is expanded just before it runs;
 * - when '&&' or '||' skips a command, the rest of the chain is skipped
 *   too, so 'false && a || b' runs neither a nor b;
 * - $? is the status of the last command that ran, whatever construct
 *   it was in;
 * - 'name=value' sets a shell variable; $name is looked up in the
 *   environment first, then among the shell variables.
 *
 * The total work of one line is bounded: 'run' and 'source' nest at most
 * MAX_NESTING deep, compound commands MAX_DEPTH deep, and the line runs at
 * most CONFIG_CLI_MAX_COMMANDS commands and loop iterations together.
 * Ctrl-C is looked for before each of them. Any of these stops the whole
 * line, at every level, with one message.
 */
#include <cli.h>
#include <command.h>
#include <ctype.h>
#include <env.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPAND_MAX	(CONFIG_SYS_CBSIZE * 4)
#define MAX_NESTING	16
#define MAX_DEPTH	32
#define VAR_NAME_MAX	64

static int last_status;
static int nesting;		/* scripts running inside each other */
static int depth;		/* compound commands inside each other */
static int interactive_level;	/* the level of the line typed, or 0 */
static ulong commands_run;	/* ever: tells whether a script ran any */
/* The line running: what bounds its total work */
static struct {
	bool stopped;		/* being unwound */
	ulong work;		/* commands and iterations so far */
} line;
/* 'exit' ran: the innermost script stops */
static struct {
	bool pending;
	int code;
} leaving;

int cli_last_status(void)
{
	return last_status;
}

void cli_set_last_status(int status)
{
	last_status = status;
}

/* ---------------------------------------------------------------- words */

enum tok { T_EOF, T_WORD, T_SEMI, T_NL, T_AND, T_OR, T_ERR };

struct lexer {
	const char *p;		/* what comes after the token */
	enum tok tok;
	const char *w;		/* the token's text */
	int len;
	bool plain;		/* T_WORD without quotes, escapes or '$' */
	const char *err;	/* T_ERR: what is wrong */
	bool incomplete;	/* T_ERR: more input could complete it */
};

static void lex_error(struct lexer *lx, const char *err, bool incomplete)
{
	lx->tok = T_ERR;
	lx->err = err;
	lx->incomplete = incomplete;
}

static void lex_next(struct lexer *lx)
{
	const char *p = lx->p;
	char quote = 0;

	if (lx->tok == T_ERR)
		return;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\v' ||
	       *p == '\f')
		p++;
	if (*p == '#')
		p += strcspn(p, "\n");
	lx->w = p;
	lx->len = 1;
	switch (*p) {
	case '\0':
		lx->tok = T_EOF;
		lx->len = 0;
		lx->p = p;
		return;
	case '\n':
		lx->tok = T_NL;
		lx->p = p + 1;
		return;
	case ';':
		lx->tok = T_SEMI;
		lx->p = p + 1;
		return;
	case '&':
	case '|':
		if (p[1] != *p)
			return lex_error(lx, *p == '&' ? "unexpected '&'" :
					 "unexpected '|'", false);
		lx->tok = *p == '&' ? T_AND : T_OR;
		lx->len = 2;
		lx->p = p + 2;
		return;
	}
	lx->plain = true;
	for (; *p; p++) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
		} else if (*p == '\\') {
			lx->plain = false;
			if (p[1])
				p++;
		} else if (*p == '$') {
			lx->plain = false;
			if (p[1] == '{') {
				p = strchr(p, '}');
				if (!p)
					return lex_error(lx, "missing '}'",
							 false);
			}
		} else if (quote == '"') {
			if (*p == '"')
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			lx->plain = false;
		} else if (isspace(*p) || *p == ';' || *p == '&' ||
			   *p == '|') {
			break;
		}
	}
	if (quote)
		return lex_error(lx, quote == '"' ?
				 "unterminated double quote" :
				 "unterminated single quote", true);
	lx->tok = T_WORD;
	lx->len = p - lx->w;
	lx->p = p;
}

/* One command being expanded: its words are built in @out */
struct cmdline {
	char out[EXPAND_MAX];
	int len;
	char *argv[CONFIG_SYS_MAXARGS + 1];
	int argc;
	bool in_word;
	int err;
};

static void cmdline_reset(struct cmdline *c)
{
	c->len = c->argc = 0;
	c->in_word = false;
	c->err = 0;
}

static void add_char(struct cmdline *c, char ch)
{
	if (c->err)
		return;
	if (c->len + 2 > EXPAND_MAX) {
		c->err = -E2BIG;
		return;
	}
	if (!c->in_word) {
		if (c->argc == CONFIG_SYS_MAXARGS) {
			c->err = -EMSGSIZE;
			return;
		}
		c->argv[c->argc++] = c->out + c->len;
		c->in_word = true;
	}
	c->out[c->len++] = ch;
}

static void end_word(struct cmdline *c)
{
	if (c->in_word && !c->err) {
		c->out[c->len++] = '\0';
		c->in_word = false;
	}
}

/* Start a word even if it stays empty (for "" and '') */
static void begin_word(struct cmdline *c)
{
	if (!c->in_word) {
		add_char(c, 'x');
		c->len--;
	}
}

static void add_string(struct cmdline *c, const char *s, bool split)
{
	for (; s && *s; s++) {
		if (split && isspace(*s))
			end_word(c);
		else
			add_char(c, *s);
	}
}

static bool is_name(const char *s, size_t n)
{
	if (!n || n >= VAR_NAME_MAX || !isalpha(*s))
		return false;
	while (--n)
		if (!isalnum(*++s) && *s != '_')
			return false;
	return true;
}

/* ------------------------------------------------------ shell variables */

struct local {
	struct local *next;
	char *value;
	char name[];
};

static struct local *locals;
static int nlocals;

static struct local *local_find(const char *name)
{
	struct local *l;

	for (l = locals; l; l = l->next)
		if (!strcmp(l->name, name))
			return l;
	return NULL;
}

const char *cli_local_get(const char *name)
{
	struct local *l = local_find(name);

	return l ? l->value : NULL;
}

int cli_local_set(const char *name, const char *value)
{
	struct local *l = local_find(name);
	char *v;

	if (!is_name(name, strlen(name)))
		return -EINVAL;
	if (!l && nlocals >= CLI_MAX_LOCALS)
		return -ENOSPC;
	v = strdup(value);
	if (!v)
		return -ENOMEM;
	if (!l) {
		l = malloc(sizeof(*l) + strlen(name) + 1);
		if (!l) {
			free(v);
			return -ENOMEM;
		}
		strcpy(l->name, name);
		l->value = NULL;
		l->next = locals;
		locals = l;
		nlocals++;
	}
	free(l->value);
	l->value = v;
	return 0;
}

void cli_local_foreach(void (*fn)(const char *name, const char *value))
{
	/* Oldest first, as they were set */
	struct local *order[CLI_MAX_LOCALS];
	int n = 0;

	for (struct local *l = locals; l && n < CLI_MAX_LOCALS; l = l->next)
		order[n++] = l;
	while (n--)
		fn(order[n]->name, order[n]->value);
}

void cli_local_clear(void)
{
	while (locals) {
		struct local *l = locals;

		locals = l->next;
		free(l->value);
		free(l);
	}
	nlocals = 0;
}

static int set_local(const char *name, const char *value)
{
	int ret = cli_local_set(name, value);

	if (ret == -ENOSPC)
		printf("## Error: too many shell variables (at most %d)\n",
		       CLI_MAX_LOCALS);
	else if (ret)
		printf("## Error: cannot set shell variable '%s': %s\n", name,
		       errno_str(ret));
	return ret;
}

/* The environment first, then the shell's own variables (as hush) */
static const char *lookup(const char *name)
{
	const char *v = env_get(name);

	return v ? v : cli_local_get(name);
}

/* ${name}, ${name:-word}, ${name:=word}, ${name:+word}, ${?} */
static void expand_braces(struct cmdline *c, const char *p, const char *end,
			  bool split)
{
	const char *colon = memchr(p, ':', end - p);
	const char *nend = colon ? colon : end;
	char name[VAR_NAME_MAX], op = colon && colon + 1 < end ? colon[1] : 0;
	const char *word = colon ? colon + 2 : end, *val;
	size_t n = nend - p;

	if (n >= sizeof(name)) {
		c->err = -ENAMETOOLONG;
		return;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	if (!strcmp(name, "?")) {
		add_char(c, last_status ? '1' : '0');
		return;
	}
	val = lookup(name);
	if (op == '+') {
		if (val && *val)
			for (; word < end; word++)
				add_char(c, *word);
		return;
	}
	if ((op == '-' || op == '=') && (!val || !*val)) {
		/* The word, as it is (hush does not expand it) */
		for (const char *w = word; w < end; w++) {
			if (split && isspace(*w))
				end_word(c);
			else
				add_char(c, *w);
		}
		if (op == '=' && is_name(name, n)) {
			char *def = strndup(word, end - word);

			if (def)
				set_local(name, def);
			free(def);
		}
		return;
	}
	add_string(c, val, split);
}

/* Expand the '$' at @p; return what follows the reference */
static const char *expand(struct cmdline *c, const char *p, const char *end,
			  bool split)
{
	char name[VAR_NAME_MAX];
	const char *e;

	p++;
	if (p < end && *p == '?') {
		add_char(c, last_status ? '1' : '0');
		return p + 1;
	}
	if (p < end && *p == '{') {
		e = memchr(p, '}', end - p);
		if (!e) {
			c->err = -EINVAL;
			return end;
		}
		expand_braces(c, p + 1, e, split);
		return e + 1;
	}
	if (p == end || !isalpha(*p)) {
		add_char(c, '$');
		return p;
	}
	for (e = p; e < end && (isalnum(*e) || *e == '_'); e++)
		;
	if (e - p >= (long)sizeof(name)) {
		c->err = -ENAMETOOLONG;
		return e;
	}
	memcpy(name, p, e - p);
	name[e - p] = '\0';
	add_string(c, lookup(name), split);
	return e;
}

/*
 * Expand one word of the script into @c: quotes removed, variables
 * replaced and, when @split, unquoted expansions split at white space.
 */
static void expand_word(struct cmdline *c, const char *p, const char *end,
			bool split)
{
	char quote = 0;

	for (; p < end; p++) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
			else
				add_char(c, *p);
		} else if (*p == '\\' && p + 1 < end) {
			add_char(c, *++p);
		} else if (*p == '$') {
			p = expand(c, p, end, split && !quote) - 1;
		} else if (quote == '"') {
			if (*p == '"')
				quote = 0;
			else
				add_char(c, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			begin_word(c);
		} else {
			add_char(c, *p);
		}
	}
	end_word(c);
}

/* ------------------------------------------------------------- running */

static const char *expand_error(int err)
{
	switch (err) {
	case -E2BIG:
		return "command too long after expansion";
	case -EMSGSIZE:
		return "too many arguments";
	case -ENAMETOOLONG:
		return "variable name too long";
	default:
		return "missing '}'";
	}
}

/* Before each command and loop iteration: has the line done enough? */
static bool stop_line(void)
{
	if (line.stopped)
		return true;
	if (ctrlc()) {
		printf("<INTERRUPT>\n");
		line.stopped = true;
	} else if (++line.work > CONFIG_CLI_MAX_COMMANDS) {
		printf("stopped: the line ran more than %d commands\n",
		       CONFIG_CLI_MAX_COMMANDS);
		line.stopped = true;
	}
	if (line.stopped)
		last_status = 1;
	return line.stopped;
}

/* Nothing stops commands from running here */
static bool live(void)
{
	return !line.stopped && !leaving.pending;
}

static int call_command(int flag, int argc, char *const argv[])
{
	struct cmd_tbl *cmd = find_cmd(argv[0]);
	int ret;

	if (!cmd) {
		printf("Unknown command '%s' - try 'help'\n", argv[0]);
		return 1;
	}
	if (argc > cmd->maxargs) {
		cmd_usage(cmd);
		return 1;
	}
	ret = cmd_call(cmd, flag, argc, argv);
	if (ret == CMD_RET_USAGE)
		cmd_usage(cmd);
	/* As hush: any command that is not repeatable stops a repeat */
	if (!cmd->repeatable)
		cli_no_repeat();
	return ret ? 1 : 0;
}

static bool is_assignment(const char *w, int len)
{
	const char *eq = memchr(w, '=', len);

	return eq && is_name(w, eq - w);
}

struct word {
	const char *w;
	int len;
};

/* Run one simple command: assignments, then the command, if any */
static void run_simple(const struct word *words, int n, int flag)
{
	struct cmdline *c;
	int i, status = 1;

	if (stop_line())
		return;
	commands_run++;
	c = malloc(sizeof(*c));
	if (!c) {
		printf("out of memory\n");
		goto out;
	}
	/* name=value words first: each is set before the next is expanded */
	for (i = 0; i < n && is_assignment(words[i].w, words[i].len); i++) {
		const char *eq = memchr(words[i].w, '=', words[i].len);
		char name[VAR_NAME_MAX];

		cmdline_reset(c);
		begin_word(c);
		expand_word(c, eq + 1, words[i].w + words[i].len, false);
		if (c->err) {
			printf("syntax error: %s\n", expand_error(c->err));
			cli_no_repeat();
			goto out;
		}
		memcpy(name, words[i].w, eq - words[i].w);
		name[eq - words[i].w] = '\0';
		if (set_local(name, c->argv[0]))
			goto out;
	}
	cmdline_reset(c);
	for (; i < n && !c->err; i++)
		expand_word(c, words[i].w, words[i].w + words[i].len, true);
	if (c->err) {
		printf("syntax error: %s\n", expand_error(c->err));
		cli_no_repeat();
		goto out;
	}
	c->argv[c->argc] = NULL;
	if (c->argc) {
		status = call_command(flag, c->argc, c->argv);
		if (had_ctrlc())
			line.stopped = true;
	} else if (i == n && n && is_assignment(words[0].w, words[0].len)) {
		status = 0;	/* assignments only */
	} else {
		status = last_status;	/* nothing left after expansion */
	}
out:
	last_status = status;
	free(c);
}

/* ------------------------------------------------------------- parsing */

struct shell {
	struct lexer lx;
	const char *const *ends;	/* what the list being read ends at */
	int flag;
	char err[80];
	bool incomplete;
	bool fatal;		/* a bound was hit: the whole line stops */
};

static const char *const end_then[] = { "then", NULL };
static const char *const end_branch[] = { "elif", "else", "fi", NULL };
static const char *const end_fi[] = { "fi", NULL };
static const char *const end_do[] = { "do", NULL };
static const char *const end_done[] = { "done", NULL };
static const char *const end_in[] = { "in", NULL };
static const char *const reserved[] = {
	"then", "elif", "else", "fi", "do", "done", NULL
};

static bool is_kw(const struct lexer *lx, const char *kw)
{
	return lx->tok == T_WORD && lx->plain &&
	       lx->len == (int)strlen(kw) && !memcmp(lx->w, kw, lx->len);
}

static int kw_index(const struct lexer *lx, const char *const *kws)
{
	for (int i = 0; kws && kws[i]; i++)
		if (is_kw(lx, kws[i]))
			return i;
	return -1;
}

static __printf(3, 4) int syntax(struct shell *s, bool incomplete,
				  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	s->incomplete = incomplete;
	return -EINVAL;
}

/* The token here is not what the grammar wants */
static int unexpected(struct shell *s, const char *const *ends)
{
	struct lexer *lx = &s->lx;

	if (lx->tok == T_ERR)
		return syntax(s, lx->incomplete, "%s", lx->err);
	if (lx->tok == T_EOF) {
		int n = 0;

		ends = ends ? ends : s->ends;
		if (!ends)
			return syntax(s, true, "unexpected end");
		while (ends[n + 1])
			n++;
		return syntax(s, true, "missing '%s'", ends[n]);
	}
	if (lx->tok == T_NL)
		return syntax(s, false, "unexpected newline");
	return syntax(s, false, "unexpected '%.*s'", min(lx->len, 32), lx->w);
}

static int parse_list(struct shell *s, bool run, const char *const *ends,
		      int *which);

/* Take the keyword ends[*] that parse_list() stopped at */
static void take_kw(struct shell *s)
{
	lex_next(&s->lx);
}

static void skip_newlines(struct lexer *lx)
{
	while (lx->tok == T_NL)
		lex_next(lx);
}

static int parse_if(struct shell *s, bool run)
{
	bool taken = false, branch;
	int which, ret;

	take_kw(s);
	for (;;) {
		ret = parse_list(s, run && !taken, end_then, NULL);
		if (ret)
			return ret;
		take_kw(s);
		branch = run && !taken && live() && !last_status;
		ret = parse_list(s, branch, end_branch, &which);
		if (ret)
			return ret;
		taken |= branch;
		take_kw(s);
		if (which != 0)
			break;
	}
	if (which == 1) {
		ret = parse_list(s, run && !taken, end_fi, NULL);
		if (ret)
			return ret;
		take_kw(s);
	}
	return 0;
}

/* The words of 'for name in words', expanded and copied: they may change */
static char **for_items(const struct word *words, int n, int *countp)
{
	struct cmdline *c = malloc(sizeof(*c));
	char **items = NULL;

	if (!c)
		return NULL;
	cmdline_reset(c);
	for (int i = 0; i < n; i++)
		expand_word(c, words[i].w, words[i].w + words[i].len, true);
	if (c->err) {
		printf("syntax error: %s\n", expand_error(c->err));
		goto out;
	}
	items = malloc((c->argc + 1) * sizeof(char *) + c->len);
	if (!items)
		goto out;
	memcpy(items + c->argc + 1, c->out, c->len);
	for (int i = 0; i < c->argc; i++)
		items[i] = (char *)(items + c->argc + 1) + (c->argv[i] - c->out);
	items[c->argc] = NULL;
	*countp = c->argc;
out:
	free(c);
	return items;
}

/*
 * Read the words of a simple command, or of 'for ... in', into @words (at
 * most CONFIG_SYS_MAXARGS). Kept out of the recursive functions: its
 * frame is large.
 */
static __noinline int read_words(struct shell *s, struct word *words,
				 int *np)
{
	struct lexer *lx = &s->lx;
	int n = 0;

	for (; lx->tok == T_WORD; lex_next(lx)) {
		if (n == CONFIG_SYS_MAXARGS)
			return syntax(s, false, "too many arguments");
		words[n].w = lx->w;
		words[n++].len = lx->len;
	}
	*np = n;
	return 0;
}

/* 'in' words ';': their expansion (NULL when not run), *@countp of them */
static __noinline int for_list(struct shell *s, bool run, char ***itemsp,
			       int *countp)
{
	struct word words[CONFIG_SYS_MAXARGS];
	int n, ret;

	lex_next(&s->lx);
	ret = read_words(s, words, &n);
	if (ret)
		return ret;
	if (s->lx.tok != T_SEMI && s->lx.tok != T_NL)
		return unexpected(s, end_do);
	*countp = 0;
	*itemsp = NULL;
	if (run) {
		*itemsp = for_items(words, n, countp);
		if (!*itemsp)
			last_status = 1;
	}
	return 0;
}

static int parse_for(struct shell *s, bool run)
{
	struct lexer *lx = &s->lx, body;
	char name[VAR_NAME_MAX], **items;
	int count, ret;

	take_kw(s);
	if (lx->tok != T_WORD)
		return unexpected(s, NULL);
	if (!lx->plain || !is_name(lx->w, lx->len))
		return syntax(s, false, "bad 'for' variable '%.*s'",
			      min(lx->len, 32), lx->w);
	memcpy(name, lx->w, lx->len);
	name[lx->len] = '\0';
	lex_next(lx);
	skip_newlines(lx);
	if (!is_kw(lx, "in"))
		return lx->tok == T_EOF ? unexpected(s, end_in) :
		       syntax(s, false, "'for %s' without 'in'", name);
	ret = for_list(s, run && live(), &items, &count);
	if (ret)
		return ret;
	lex_next(lx);
	skip_newlines(lx);
	if (!is_kw(lx, "do")) {
		free(items);
		return unexpected(s, end_do);
	}
	take_kw(s);
	body = *lx;
	for (int i = 0; i < count && live(); i++) {
		if (stop_line() || set_local(name, items[i])) {
			last_status = 1;
			break;
		}
		*lx = body;
		if (parse_list(s, true, end_done, NULL))
			break;
	}
	free(items);
	/* Once more without running, to find the end */
	*lx = body;
	ret = parse_list(s, false, end_done, NULL);
	if (ret)
		return ret;
	take_kw(s);
	return 0;
}

static int parse_while(struct shell *s, bool run, bool until)
{
	struct lexer cond;
	bool go;
	int ret;

	take_kw(s);
	cond = s->lx;
	for (;;) {
		go = run && live() && !stop_line();
		s->lx = cond;
		ret = parse_list(s, go, end_do, NULL);
		if (ret)
			return ret;
		take_kw(s);
		go = go && live() && (last_status == 0) != until;
		ret = parse_list(s, go, end_done, NULL);
		if (ret)
			return ret;
		if (!go)
			break;
	}
	take_kw(s);
	return 0;
}

static __noinline int parse_simple(struct shell *s, bool run)
{
	struct word words[CONFIG_SYS_MAXARGS];
	int n, ret;

	ret = read_words(s, words, &n);
	if (ret)
		return ret;
	if (run && live())
		run_simple(words, n, s->flag);
	return 0;
}

static int parse_command(struct shell *s, bool run)
{
	struct lexer *lx = &s->lx;
	int ret;

	if (lx->tok != T_WORD || kw_index(lx, reserved) >= 0)
		return unexpected(s, NULL);
	if (!is_kw(lx, "if") && !is_kw(lx, "for") && !is_kw(lx, "while") &&
	    !is_kw(lx, "until"))
		return parse_simple(s, run);
	/* Counted across 'run' and 'source' too: it bounds the stack */
	if (depth >= MAX_DEPTH) {
		s->fatal = true;
		return syntax(s, false,
			      "compound commands nested more than %d deep",
			      MAX_DEPTH);
	}
	depth++;
	if (is_kw(lx, "if"))
		ret = parse_if(s, run);
	else if (is_kw(lx, "for"))
		ret = parse_for(s, run);
	else
		ret = parse_while(s, run, is_kw(lx, "until"));
	depth--;
	return ret;
}

static int parse_and_or(struct shell *s, bool run)
{
	struct lexer *lx = &s->lx;
	int ret;

	for (;;) {
		ret = parse_command(s, run);
		if (ret)
			return ret;
		if (lx->tok != T_AND && lx->tok != T_OR)
			return 0;
		/* hush: a skipped command skips the rest of the chain */
		if (run && (lx->tok == T_AND) == !!last_status)
			run = false;
		lex_next(lx);
		skip_newlines(lx);
	}
}

/*
 * Read (and, if @run, run) commands until one of the keywords @ends at the
 * start of a command, or the end of the script when @ends is NULL. The
 * keyword is left for the caller; its index goes to *@which.
 */
static int read_list(struct shell *s, bool run, const char *const *ends,
		     int *which)
{
	struct lexer *lx = &s->lx;
	int n = 0, ret, i;

	for (;;) {
		while (lx->tok == T_SEMI || lx->tok == T_NL)
			lex_next(lx);
		if (lx->tok == T_EOF && !ends)
			return 0;
		i = kw_index(lx, ends);
		if (i >= 0) {
			if (!n)
				return unexpected(s, NULL);
			if (which)
				*which = i;
			return 0;
		}
		if (lx->tok == T_EOF || lx->tok == T_ERR)
			return unexpected(s, ends);
		ret = parse_and_or(s, run);
		if (ret)
			return ret;
		n++;
		if (lx->tok != T_SEMI && lx->tok != T_NL && lx->tok != T_EOF &&
		    kw_index(lx, ends) < 0)
			return unexpected(s, ends);
	}
}

/* read_list(), with @ends known to the error messages of what it reads */
static int parse_list(struct shell *s, bool run, const char *const *ends,
		      int *which)
{
	const char *const *outer = s->ends;
	int ret;

	s->ends = ends;
	ret = read_list(s, run, ends, which);
	s->ends = outer;
	return ret;
}

static void shell_start(struct shell *s, const char *script, int flag)
{
	memset(s, 0, sizeof(*s));
	s->lx.p = script;
	s->flag = flag;
	lex_next(&s->lx);
}

int cli_check(const char *script)
{
	struct shell s;
	int ret;

	shell_start(&s, script, 0);
	ret = parse_list(&s, false, NULL, NULL);
	if (ret && s.incomplete)
		return -EAGAIN;
	return ret;
}

/* Run @script as one script level: 'exit' inside it ends it */
static int run_script(const char *script, int flag, bool typed)
{
	ulong before = commands_run;
	struct shell s;
	int status, saved_level = interactive_level;

	shell_start(&s, script, flag);
	if (parse_list(&s, false, NULL, NULL)) {
		printf("syntax error: %s\n", s.err);
		cli_no_repeat();
		if (s.fatal)
			line.stopped = true;
		last_status = 1;
		return 1;
	}
	if (nesting >= MAX_NESTING) {
		printf("run: commands nested too deeply (max %d)\n",
		       MAX_NESTING);
		line.stopped = true;
		last_status = 1;
		return 1;
	}
	nesting++;
	if (typed)
		interactive_level = nesting;
	shell_start(&s, script, flag);
	parse_list(&s, true, NULL, NULL);
	status = commands_run != before ? last_status : 0;
	if (leaving.pending) {
		leaving.pending = false;
		status = leaving.code != 0;
		last_status = status;
	}
	interactive_level = saved_level;
	nesting--;
	return line.stopped ? 1 : status;
}

int cli_exit(int code)
{
	leaving.pending = true;
	if (nesting == interactive_level) {
		printf("exit not allowed from main input shell.\n");
		leaving.code = 0;
		return 0;
	}
	leaving.code = code;
	return code;
}

int cli_run_in_line(const char *cmd, int flag)
{
	return run_script(cmd, flag, false);
}

/*
 * A new line: its own bounds; the line that called it (if any) goes on.
 * It runs a copy: the text is read as the commands run, and they may free
 * the original (bootcmd is an environment entry 'setenv' replaces).
 */
static int run_line(const char *cmd, int flag, bool typed)
{
	typeof(line) outer = line;
	char *copy = strdup(cmd);
	int status;

	if (!copy) {
		printf("out of memory\n");
		last_status = 1;
		return 1;
	}
	line.stopped = false;
	line.work = 0;
	status = run_script(copy, flag, typed);
	last_status = status;
	line = outer;
	free(copy);
	return status;
}

int run_command(const char *cmd, int flag)
{
	return run_line(cmd, flag, false);
}

int cli_run_typed(const char *cmd, int flag)
{
	return run_line(cmd, flag, true);
}

int run_command_list(const char *cmd, int len, int flag)
{
	char *copy;
	int ret;

	if (len < 0)
		return run_command(cmd, flag);
	copy = strndup(cmd, len);
	if (!copy)
		return 1;
	ret = run_command(copy, flag);
	free(copy);
	return ret;
}
