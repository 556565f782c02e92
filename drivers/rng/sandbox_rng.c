// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox RNG: a deterministic stream (xorshift64*, fixed seed) so tests
 * can predict every byte. Never use it for anything but tests.
 */
#include <dm.h>
#include <rng.h>

struct sandbox_rng_priv {
	u64 state;
};

static int sandbox_rng_read(struct udevice *dev, void *buf, size_t len)
{
	struct sandbox_rng_priv *priv = dev_get_priv(dev);
	u8 *p = buf;

	for (size_t i = 0; i < len; i++) {
		priv->state ^= priv->state >> 12;
		priv->state ^= priv->state << 25;
		priv->state ^= priv->state >> 27;
		p[i] = (priv->state * 0x2545f4914f6cdd1dULL) >> 56;
	}
	return 0;
}

static int sandbox_rng_probe(struct udevice *dev)
{
	struct sandbox_rng_priv *priv = dev_get_priv(dev);

	priv->state = 0x0123456789abcdefULL;
	return 0;
}

static const struct dm_rng_ops sandbox_rng_ops = {
	.read = sandbox_rng_read,
};

static const struct udevice_id sandbox_rng_ids[] = {
	{ .compatible = "sandbox,rng" },
	{ }
};

EMBER_DRIVER(sandbox_rng) = {
	.name = "sandbox_rng",
	.id = UCLASS_RNG,
	.of_match = sandbox_rng_ids,
	.probe = sandbox_rng_probe,
	.priv_size = sizeof(struct sandbox_rng_priv),
	.ops = &sandbox_rng_ops,
};
