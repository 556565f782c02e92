// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Output before the console device is up, and for crash dumps: a polled
 * UART at a fixed address (CONFIG_DEBUG_UART_BASE) on hardware, the host's
 * stdout on sandbox. Provided by the architecture.
 */
#ifndef __DEBUG_UART_H
#define __DEBUG_UART_H

void debug_uart_putc(char c);
void debug_uart_puts(const char *s);

#endif
