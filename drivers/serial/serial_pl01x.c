// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Arm PrimeCell PL011 UART (Arm DDI 0183), polled. The baud rate is left
 * as the previous stage (or QEMU, which ignores it) set it; probe only
 * makes sure the UART, its transmitter and receiver are enabled with 8-bit
 * words and FIFOs, and masks its interrupts.
 */
#include <asm/io.h>
#include <dm.h>
#include <serial.h>

/* Register offsets */
enum pl01x_reg {
	PL01X_DR	= 0x00,	/* data; bits 11:8 are receive errors */
	PL01X_RSR_ECR	= 0x04,	/* receive status / error clear */
	PL01X_FR	= 0x18,	/* flags */
	PL01X_LCR_H	= 0x2c,	/* line control */
	PL01X_CR	= 0x30,	/* control */
	PL01X_IMSC	= 0x38,	/* interrupt mask set/clear */
	PL01X_REG_END	= 0x1000,
};

#define DR_BE		BIT(10)		/* break: no character */
#define FR_BUSY		BIT(3)
#define FR_RXFE		BIT(4)
#define FR_TXFF		BIT(5)
#define FR_TXFE		BIT(7)
#define PL01X_FIFO	16
#define LCR_H_FEN	BIT(4)
#define LCR_H_WLEN_8	(3 << 5)
#define CR_UARTEN	BIT(0)
#define CR_TXE		BIT(8)
#define CR_RXE		BIT(9)
#define CR_ENABLED	(CR_UARTEN | CR_TXE | CR_RXE)

/* Polls of a busy transmitter before reprogramming the UART anyway */
#define DRAIN_TRIES	100000

/**
 * struct pl01x_priv - a probed PL011
 * @base: its registers
 * @fifo: transmit FIFO depth (16 with LCR_H.FEN, else 1)
 * @tx_room: characters that can still be written without reading FR:
 *	FR.TXFE said the FIFO was empty, and we wrote fewer than @fifo since.
 *	Under QEMU every register access is a trap, so this halves the cost
 *	of console output.
 */
struct pl01x_priv {
	void *base;
	unsigned int fifo;
	unsigned int tx_room;
};

static u32 pl01x_read(const struct pl01x_priv *priv, enum pl01x_reg reg)
{
	return readl(priv->base + reg);
}

static void pl01x_write(const struct pl01x_priv *priv, enum pl01x_reg reg,
			u32 val)
{
	writel(val, priv->base + reg);
}

static int pl01x_putc(struct udevice *dev, const char ch)
{
	struct pl01x_priv *priv = dev_get_priv(dev);

	if (!priv->tx_room) {
		u32 fr = pl01x_read(priv, PL01X_FR);

		if (fr & FR_TXFE)
			priv->tx_room = priv->fifo;
		else if (!(fr & FR_TXFF))
			priv->tx_room = 1;
		else
			return -EAGAIN;
	}
	pl01x_write(priv, PL01X_DR, (u8)ch);
	priv->tx_room--;
	return 0;
}

static int pl01x_getc(struct udevice *dev)
{
	struct pl01x_priv *priv = dev_get_priv(dev);
	u32 data;

	if (pl01x_read(priv, PL01X_FR) & FR_RXFE)
		return -EAGAIN;
	data = pl01x_read(priv, PL01X_DR);
	if (data & 0xf00) {
		/* framing, parity, break or overrun: clear and carry on */
		pl01x_write(priv, PL01X_RSR_ECR, 0);
		if (data & DR_BE)
			return -EAGAIN;
	}
	return data & 0xff;
}

static int pl01x_pending(struct udevice *dev, bool input)
{
	struct pl01x_priv *priv = dev_get_priv(dev);
	u32 fr = pl01x_read(priv, PL01X_FR);

	if (input)
		return fr & FR_RXFE ? 0 : 1;
	return fr & FR_BUSY ? 1 : 0;
}

static int pl01x_probe(struct udevice *dev)
{
	struct pl01x_priv *priv = dev_get_priv(dev);
	u64 addr, size;
	int ret, i;

	ret = dev_read_addr_size_index(dev, 0, &addr, &size);
	if (ret) {
		dev_err(dev, "no usable 'reg': %d\n", ret);
		return ret;
	}
	if (size < PL01X_IMSC + 4) {
		dev_err(dev, "register window too small: %#llx\n",
			(unsigned long long)size);
		return -EINVAL;
	}
	priv->base = map_sysmem(addr, size);

	pl01x_write(priv, PL01X_IMSC, 0);
	priv->fifo = PL01X_FIFO;
	if ((pl01x_read(priv, PL01X_CR) & CR_ENABLED) == CR_ENABLED) {
		/* Left running by earlier firmware: keep its FIFO setting */
		if (!(pl01x_read(priv, PL01X_LCR_H) & LCR_H_FEN))
			priv->fifo = 1;
		return 0;
	}
	/* Let a character in flight go out before touching the line. */
	for (i = 0; i < DRAIN_TRIES; i++) {
		if (!(pl01x_read(priv, PL01X_FR) & FR_BUSY))
			break;
	}
	pl01x_write(priv, PL01X_CR, 0);
	pl01x_write(priv, PL01X_LCR_H, LCR_H_WLEN_8 | LCR_H_FEN);
	pl01x_write(priv, PL01X_CR, CR_ENABLED);
	return 0;
}

static const struct dm_serial_ops pl01x_ops = {
	.putc = pl01x_putc,
	.getc = pl01x_getc,
	.pending = pl01x_pending,
};

static const struct udevice_id pl01x_ids[] = {
	{ .compatible = "arm,pl011" },
	{ }
};

EMBER_DRIVER(serial_pl01x) = {
	.name = "serial_pl01x",
	.id = UCLASS_SERIAL,
	.of_match = pl01x_ids,
	.probe = pl01x_probe,
	.priv_size = sizeof(struct pl01x_priv),
	.ops = &pl01x_ops,
};
