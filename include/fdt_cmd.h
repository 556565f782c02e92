// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The fdt command's working device tree, shared with kaslrseed. */
#ifndef __FDT_CMD_H
#define __FDT_CMD_H

/**
 * fdt_working_writable() - the DT selected with 'fdt addr', when it may be
 * written (not the control DT, not reserved memory)
 * @what: command name for the message printed when it may not
 * Return: the DT, or NULL (after printing why)
 */
void *fdt_working_writable(const char *what);

#endif
