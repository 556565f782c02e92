// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Serial uclass: the console device and its character I/O. */
#include <dm.h>
#include <global_data.h>
#include <serial.h>

/* Limit on polls of a full transmit FIFO, so a stuck UART cannot hang us */
#define PUTC_TRIES	1000000

int serial_init(void)
{
	struct udevice *dev = NULL;
	ofnode node = ofnode_get_chosen_node("stdout-path");
	int ret;

	if (ofnode_valid(node)) {
		struct uclass *uc;

		if (!uclass_get(UCLASS_SERIAL, &uc)) {
			uclass_foreach_dev(dev, uc) {
				if (ofnode_equal(dev->node, node))
					break;
			}
			if (&dev->uclass_node == &uc->dev_head)
				dev = NULL;
		}
	}
	if (dev) {
		ret = device_probe(dev);
		if (ret)
			dev = NULL;
	}
	if (!dev) {
		ret = uclass_first_device(UCLASS_SERIAL, &dev);
		if (ret)
			return ret;
	}
	gd->cur_serial = dev;
	return 0;
}

void serial_putc(char ch)
{
	struct udevice *dev = gd->cur_serial;
	const struct dm_serial_ops *ops = serial_get_ops(dev);

	if (ch == '\n')
		serial_putc('\r');
	for (int i = 0; i < PUTC_TRIES && ops->putc(dev, ch) == -EAGAIN; i++)
		;
}

int serial_tstc(void)
{
	struct udevice *dev = gd->cur_serial;

	return serial_get_ops(dev)->pending(dev, true) > 0;
}

int serial_getc(void)
{
	struct udevice *dev = gd->cur_serial;
	const struct dm_serial_ops *ops = serial_get_ops(dev);
	int c;

	do {
		c = ops->getc(dev);
	} while (c == -EAGAIN);
	return c;
}

UCLASS_DRIVER(serial) = {
	.name = "serial",
	.id = UCLASS_SERIAL,
	.flags = DM_UC_FLAG_SEQ_ALIAS,
};
