// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox console: the host's stdin and stdout. End of input (stdin closed
 * while not a terminal) ends the program when the shell waits for a line,
 * so a piped session cannot spin.
 */
#include <asm/os.h>
#include <asm/sandbox.h>
#include <debug_uart.h>
#include <dm.h>
#include <serial.h>

static int sandbox_serial_putc(struct udevice *dev, const char ch)
{
	/* The uclass adds '\r' before '\n'; the host terminal needs none. */
	if (ch != '\r')
		debug_uart_putc(ch);
	return 0;
}

/*
 * One character read ahead by pending(), so that end of input is noticed
 * without ending the program: a command polling for Ctrl-C (sleep, md) must
 * run to completion; only the shell waiting for a line ends it.
 */
static int pushback = -1;
static bool input_ended;

static bool read_ahead(int timeout_ms)
{
	unsigned char c;
	long n;

	if (pushback >= 0)
		return true;
	if (input_ended || !os_poll_in(0, timeout_ms))
		return false;
	n = os_read(0, &c, 1);
	if (n == 0)
		input_ended = true;
	if (n != 1)
		return false;
	pushback = c;
	return true;
}

static int sandbox_serial_pending(struct udevice *dev, bool input)
{
	if (!input)
		return 0;
	sandbox_flush_output();
	return read_ahead(0);
}

static int sandbox_serial_getc(struct udevice *dev)
{
	int c;

	sandbox_flush_output();
	/* Wait a little in the host instead of spinning the CPU */
	if (!read_ahead(10)) {
		if (input_ended)
			sandbox_quit(0);
		return -EAGAIN;
	}
	c = pushback;
	pushback = -1;
	return c;
}

static const struct dm_serial_ops sandbox_serial_ops = {
	.putc = sandbox_serial_putc,
	.getc = sandbox_serial_getc,
	.pending = sandbox_serial_pending,
};

static const struct udevice_id sandbox_serial_ids[] = {
	{ .compatible = "sandbox,serial" },
	{ }
};

EMBER_DRIVER(serial_sandbox) = {
	.name = "serial_sandbox",
	.id = UCLASS_SERIAL,
	.of_match = sandbox_serial_ids,
	.ops = &sandbox_serial_ops,
};
