// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Ember's version. */
#ifndef __VERSION_H
#define __VERSION_H

#define EMBER_VERSION		"0.1.0"
#define EMBER_VERSION_STRING	"Ember " EMBER_VERSION " (" __DATE__ " - " __TIME__ ")"

/* EMBER_VERSION_STRING as compiled once, in common/version.c */
extern const char version_string[];
/* The first line of the compiler's and the linker's --version */
extern const char cc_version_string[];
extern const char ld_version_string[];

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

#endif
