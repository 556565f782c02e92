// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The version string, built in one object so that the banner, 'version'
 * and $ver show the same build time.
 */
#include <version.h>

const char version_string[] = EMBER_VERSION_STRING;
/* From the Makefile: the toolchain that built this image */
const char cc_version_string[] = CC_VERSION_STRING;
const char ld_version_string[] = LD_VERSION_STRING;
