// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Regular expressions, as U-Boot's (SLRE's) syntax has them, for 'setexpr
 * sub/gsub', 'test =~' and 'env grep -e' (doc/usage/shell.md):
 *   c        a character          .        any character
 *   [abc]    one of a set         [^a-z]   one not in it (ranges allowed)
 *   ^  $     the start, the end   \d \D \s \S \w \W   digits, spaces, word
 *   \c       c itself (\. \* \\ ...; \n \r \t their control characters)
 *   X* X+ X? repetition, greedy;  X*? X+? X??  the same, lazy
 *   (X)      a group, captured (\1..\9 in a substitution)
 *   X|Y      either
 * Matching backtracks, with bounds on its work and on the nesting of
 * repeated groups: a pattern that needs more fails with -E2BIG rather
 * than taking unbounded time or stack.
 */
#ifndef __REGEX_H
#define __REGEX_H

#include <types.h>

#define RE_NODES_MAX	256	/* atoms of a pattern */
#define RE_GROUPS_MAX	10	/* captures: 0 (the whole match) and \1..\9 */
#define RE_ALTS_MAX	64	/* alternatives of all groups */
#define RE_STEPS_MAX	2000000	/* work of one search, or of a command's
				 * searches: a step per character tried */
#define RE_DEPTH_MAX	500	/* backtracking levels open at once */

struct re_node;

/** struct regex - a compiled pattern */
struct regex {
	struct re_node *node;	/* RE_NODES_MAX of them */
	int nnodes;
	int alt_first[RE_ALTS_MAX];	/* each alternative's first node */
	int alt_next[RE_ALTS_MAX];	/* the group's next alternative */
	int nalts;
	int ngroups;		/* captures, 0 included */
	int top;		/* the whole pattern: its first alternative */
};

/** struct re_match - a capture: [start, end), -1 when it took no part */
struct re_match {
	int start, end;
};

/**
 * regex_compile() - compile @pattern into @re (free it with regex_free())
 * Return: 0; -EINVAL with @why set to the reason (a static string) for a
 * pattern that is not one; -ENOMEM; -E2BIG (more than RE_NODES_MAX atoms
 * or RE_ALTS_MAX alternatives)
 */
int regex_compile(struct regex *re, const char *pattern, const char **why);
void regex_free(struct regex *re);

/**
 * regex_compile_say() - regex_compile(), and on failure one line saying
 * why, @who first ("setexpr: bad regular expression '(a': missing ')'")
 */
int regex_compile_say(struct regex *re, const char *pattern, const char *who);

/**
 * regex_search() - whether @pattern matches anywhere in @s; a pattern that
 * is no regular expression, or needs more work than allowed, is said
 * (@who first) and is -EINVAL or -E2BIG
 * Return: 1, 0, or -errno
 */
int regex_search(const char *pattern, const char *s, const char *who);

/** regex_say_too_much() - the line for -E2BIG from regex_exec() */
void regex_say_too_much(const char *who, const char *pattern);

/**
 * regex_exec() - the first match of @re in @s (@len bytes) starting at or
 * after @from: m[0] the match, m[1..] the groups (RE_GROUPS_MAX entries)
 * Return: 1 found, 0 not found, -E2BIG the search needed more work or
 * nesting than the bounds allow
 */
int regex_exec(const struct regex *re, const char *s, int len, int from,
	       struct re_match m[RE_GROUPS_MAX]);

/**
 * regex_exec_budget() - regex_exec() spending *@steps (0 at first), so
 * that several searches of one command share one bound on their work
 */
int regex_exec_budget(const struct regex *re, const char *s, int len,
		      int from, struct re_match m[RE_GROUPS_MAX], long *steps);

/**
 * regex_sub() - @s with the first match of @re (@global: every match,
 * left to right, an empty one stepping past a character) replaced by
 * @repl, in which \0..\9 stand for the captures and \\ for a backslash;
 * at most @size - 1 bytes into @out, NUL-terminated
 * Return: the number of replacements (0: @out is @s), -ENOSPC (the
 * result does not fit), -E2BIG (from regex_exec())
 */
int regex_sub(const struct regex *re, const char *s, const char *repl,
	      bool global, char *out, size_t size);

#endif
