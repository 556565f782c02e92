// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Sandbox reset and power-off: both leave the program (status 0). */
#include <asm/sandbox.h>
#include <dm.h>
#include <sysreset.h>

static int sandbox_sysreset_request(struct udevice *dev, enum sysreset_t type)
{
	sandbox_quit(0);
}

static const struct sysreset_ops sandbox_sysreset_ops = {
	.request = sandbox_sysreset_request,
};

static const struct udevice_id sandbox_sysreset_ids[] = {
	{ .compatible = "sandbox,reset" },
	{ }
};

EMBER_DRIVER(sysreset_sandbox) = {
	.name = "sysreset_sandbox",
	.id = UCLASS_SYSRESET,
	.of_match = sandbox_sysreset_ids,
	.ops = &sandbox_sysreset_ops,
};
