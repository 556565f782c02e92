// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Line editing: insert anywhere, backspace/delete, left/right, home/end
 * (arrow keys, VT100 sequences or Emacs keys), history with up/down,
 * Ctrl-C to drop the line. The buffer is bounded; typing past it is
 * reported when the line is entered.
 */
#include <cli.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HIST_MAX	32

static char *history[HIST_MAX];
static int hist_count;		/* entries stored */
static int hist_next;		/* slot for the next entry */

static void hist_add(const char *line)
{
	int last = (hist_next + HIST_MAX - 1) % HIST_MAX;
	char *copy;

	if (!*line || (hist_count && !strcmp(history[last], line)))
		return;
	copy = strdup(line);
	if (!copy)
		return;
	free(history[hist_next]);
	history[hist_next] = copy;
	hist_next = (hist_next + 1) % HIST_MAX;
	if (hist_count < HIST_MAX)
		hist_count++;
}

/* Entry @back steps back from the newest (1 = newest), or NULL */
static const char *hist_get(int back)
{
	if (back < 1 || back > hist_count)
		return NULL;
	return history[(hist_next + HIST_MAX - back) % HIST_MAX];
}

struct line {
	char *buf;
	int size;
	int len;
	int pos;
	bool overflow;
};

static void backspaces(int n)
{
	while (n-- > 0)
		putc('\b');
}

/* Print from the cursor to the end, erase @extra stale characters, and
 * bring the cursor back.
 */
static void redraw_tail(struct line *l, int extra)
{
	for (int i = l->pos; i < l->len; i++)
		putc(l->buf[i]);
	for (int i = 0; i < extra; i++)
		putc(' ');
	backspaces(l->len - l->pos + extra);
}

static void insert_char(struct line *l, char c)
{
	if (l->len >= l->size - 1) {
		l->overflow = true;
		return;
	}
	memmove(l->buf + l->pos + 1, l->buf + l->pos, l->len - l->pos);
	l->buf[l->pos++] = c;
	l->len++;
	putc(c);
	redraw_tail(l, 0);
}

static void delete_at(struct line *l, int at)
{
	if (at < 0 || at >= l->len)
		return;
	if (at < l->pos) {
		l->pos--;
		putc('\b');
	}
	memmove(l->buf + at, l->buf + at + 1, l->len - at - 1);
	l->len--;
	redraw_tail(l, 1);
}

static void move_to(struct line *l, int pos)
{
	if (pos < 0 || pos > l->len)
		return;
	if (pos < l->pos)
		backspaces(l->pos - pos);
	for (; l->pos < pos; l->pos++)
		putc(l->buf[l->pos]);
	l->pos = pos;
}

static void replace_line(struct line *l, const char *s)
{
	int old = l->len;

	move_to(l, 0);
	l->len = strnlen(s, l->size - 1);
	memcpy(l->buf, s, l->len);
	l->pos = 0;
	move_to(l, l->len);
	if (old > l->len) {
		for (int i = l->len; i < old; i++)
			putc(' ');
		backspaces(old - l->len);
	}
}

/* A character read ahead and given back: the next read returns it */
static int pushed = -1;

static int next_char(void)
{
	int c = pushed;

	if (c >= 0) {
		pushed = -1;
		return c;
	}
	return getchar();
}

#define CSI_MAX_PARAMS	8	/* parameter bytes kept of a sequence */

/*
 * Map an escape sequence (after ESC) to an Emacs-style control key, or 0
 * for one we ignore. A byte that cannot continue the sequence (Enter,
 * Ctrl-C, a letter after a lone ESC) is given back, not swallowed: a line
 * that arrived whole always ends.
 */
static int read_escape(void)
{
	char param[CSI_MAX_PARAMS + 1];
	int c = next_char(), n = 0;

	if (c != '[' && c != 'O') {
		pushed = c;
		return 0;
	}
	/* CSI: parameter bytes 0x30-0x3f, then one final byte 0x40-0x7e */
	for (c = next_char(); c >= 0x30 && c <= 0x3f; c = next_char())
		if (n < CSI_MAX_PARAMS)
			param[n++] = c;
	param[n] = '\0';
	if (c < 0x40 || c > 0x7e) {
		pushed = c;
		return 0;
	}
	switch (c) {
	case 'A': return n ? 0 : 0x10;	/* up: Ctrl-P */
	case 'B': return n ? 0 : 0x0e;	/* down: Ctrl-N */
	case 'C': return n ? 0 : 0x06;	/* right: Ctrl-F */
	case 'D': return n ? 0 : 0x02;	/* left: Ctrl-B */
	case 'H': return n ? 0 : 0x01;	/* home: Ctrl-A */
	case 'F': return n ? 0 : 0x05;	/* end: Ctrl-E */
	case '~':
		if (!strcmp(param, "3"))
			return 0x04;	/* delete: Ctrl-D */
		if (!strcmp(param, "1") || !strcmp(param, "7"))
			return 0x01;	/* home */
		if (!strcmp(param, "4") || !strcmp(param, "8"))
			return 0x05;	/* end */
		return 0;
	default:
		return 0;
	}
}

int cli_readline(const char *prompt, char *buf, int size)
{
	return cli_readline_init(prompt, buf, size, "");
}

int cli_readline_init(const char *prompt, char *buf, int size,
		      const char *init)
{
	struct line l = { .buf = buf, .size = size };
	int back = 0;

	puts(prompt);
	replace_line(&l, init);
	for (;;) {
		int c = next_char();

		if (c < 0)
			continue;
		if (c == 0x1b)
			c = read_escape();
		switch (c) {
		case '\r':
		case '\n':
			puts("\n");
			buf[l.len] = '\0';
			if (l.overflow)
				return -E2BIG;
			hist_add(buf);
			return l.len;
		case 0x03:	/* Ctrl-C */
			puts("^C\n");
			buf[0] = '\0';
			return -EINTR;
		case 0x08:
		case 0x7f:
			delete_at(&l, l.pos - 1);
			break;
		case 0x04:
			delete_at(&l, l.pos);
			break;
		case 0x01:
			move_to(&l, 0);
			break;
		case 0x05:
			move_to(&l, l.len);
			break;
		case 0x02:
			move_to(&l, l.pos - 1);
			break;
		case 0x06:
			move_to(&l, l.pos + 1);
			break;
		case 0x0b:	/* Ctrl-K: kill to the end */
			for (int n = l.len - l.pos; n > 0; n--)
				delete_at(&l, l.pos);
			break;
		case 0x15:	/* Ctrl-U: kill the line */
			replace_line(&l, "");
			break;
		case 0x10:
		case 0x0e: {
			int want = back + (c == 0x10 ? 1 : -1);
			const char *h = want ? hist_get(want) : "";

			if (h) {
				back = want;
				replace_line(&l, h);
			}
			break;
		}
		case '\t':
			insert_char(&l, ' ');
			break;
		default:
			if (c >= 0x20 && c < 0x7f)
				insert_char(&l, c);
			break;
		}
	}
}
