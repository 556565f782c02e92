// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Console character I/O. Output goes to the console serial device once
 * console_init() found one, to the debug UART before that. Unit tests can
 * record the output into a buffer to check it.
 */
#include <command.h>
#include <console.h>
#include <debug_uart.h>
#include <global_data.h>
#include <serial.h>
#include <string.h>

static char *rec_buf;
static int rec_size, rec_len;
static bool rec_paused;

void console_record_pause(bool pause)
{
	rec_paused = pause;
}

void console_record_start(char *buf, int size)
{
	rec_buf = buf;
	rec_size = size;
	rec_len = 0;
	if (size)
		buf[0] = '\0';
}

int console_record_stop(void)
{
	rec_buf = NULL;
	return rec_len;
}

void putc(char c)
{
	if (rec_buf && !rec_paused) {
		if (rec_len + 1 < rec_size) {
			rec_buf[rec_len++] = c;
			rec_buf[rec_len] = '\0';
		}
		return;
	}
	if (gd->flags & GD_FLG_SILENT)
		return;
	if (gd->flags & GD_FLG_CONSOLE_READY)
		serial_putc(c);
	else
		debug_uart_putc(c);
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

int tstc(void)
{
	if (!(gd->flags & GD_FLG_CONSOLE_READY))
		return 0;
	return serial_tstc();
}

int getchar(void)
{
	if (!(gd->flags & GD_FLG_CONSOLE_READY))
		return -1;
	return serial_getc();
}

int console_init(void)
{
	int ret = serial_init();

	if (ret)
		return ret;
	gd->flags |= GD_FLG_CONSOLE_READY;
	return 0;
}

bool ctrlc(void)
{
	while (tstc()) {
		if (getchar() == 0x03) {
			gd->flags |= GD_FLG_CTRLC;
			return true;
		}
	}
	return false;
}

bool had_ctrlc(void)
{
	return gd->flags & GD_FLG_CTRLC;
}

void clear_ctrlc(void)
{
	gd->flags &= ~GD_FLG_CTRLC;
}
