// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Reset and power-off through PSCI (Arm DEN0022), DT node /psci. The
 * conduit is the node's 'method': "smc" (firmware at EL3, or QEMU with
 * virtualization=on) or "hvc" (QEMU's built-in PSCI, or a hypervisor).
 * SYSTEM_OFF and SYSTEM_RESET exist from PSCI 0.2 on; a node that is only
 * "arm,psci" (0.1) binds but can do neither.
 */
#include <asm/smccc.h>
#include <asm/system.h>
#include <dm.h>
#include <string.h>
#include <sysreset.h>

#define PSCI_0_2_FN_SYSTEM_OFF		0x84000008
#define PSCI_0_2_FN_SYSTEM_RESET	0x84000009
#define PSCI_RET_NOT_SUPPORTED		(-1)

/* of_match data */
#define PSCI_HAS_0_2			1

/**
 * struct psci_priv - a probed PSCI interface
 * @hvc: conduit is hvc (else smc)
 */
struct psci_priv {
	bool hvc;
};

static int psci_probe(struct udevice *dev)
{
	struct psci_priv *priv = dev_get_priv(dev);
	const char *method = dev_read_string(dev, "method");

	if (!method) {
		dev_err(dev, "no 'method' property\n");
		return -EINVAL;
	}
	if (!strcmp(method, "hvc")) {
		/* At EL2 an hvc would come back to Ember's own vectors. */
		if (current_el() >= 2) {
			dev_err(dev, "conduit hvc unusable at EL%u\n",
				current_el());
			return -EINVAL;
		}
		priv->hvc = true;
	} else if (strcmp(method, "smc")) {
		dev_err(dev, "unknown method '%s'\n", method);
		return -EINVAL;
	}
	return 0;
}

static int psci_request(struct udevice *dev, enum sysreset_t type)
{
	struct psci_priv *priv = dev_get_priv(dev);
	struct smccc_res res;
	ulong fid;

	if (dev_get_driver_data(dev) != PSCI_HAS_0_2)
		return -ENOSYS;
	switch (type) {
	case SYSRESET_COLD:
		fid = PSCI_0_2_FN_SYSTEM_RESET;
		break;
	case SYSRESET_POWER_OFF:
		fid = PSCI_0_2_FN_SYSTEM_OFF;
		break;
	default:
		return -ENOSYS;
	}
	if (priv->hvc)
		smccc_hvc(fid, 0, 0, 0, &res);
	else
		smccc_smc(fid, 0, 0, 0, &res);
	/* Only reached when the call failed. */
	return (int)res.a0 == PSCI_RET_NOT_SUPPORTED ? -ENOSYS : -EIO;
}

static const struct sysreset_ops psci_sysreset_ops = {
	.request = psci_request,
};

static const struct udevice_id psci_ids[] = {
	{ .compatible = "arm,psci-1.0", .data = PSCI_HAS_0_2 },
	{ .compatible = "arm,psci-0.2", .data = PSCI_HAS_0_2 },
	{ .compatible = "arm,psci" },
	{ }
};

EMBER_DRIVER(sysreset_psci) = {
	.name = "sysreset_psci",
	.id = UCLASS_SYSRESET,
	.of_match = psci_ids,
	.probe = psci_probe,
	.priv_size = sizeof(struct psci_priv),
	.ops = &psci_sysreset_ops,
};
