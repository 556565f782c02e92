// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The start-up sequence every board runs once its architecture code has set
 * up gd: driver model, console, timer, environment, banner, autoboot, shell.
 */
#include <cli.h>
#include <command.h>
#include <console.h>
#include <dm.h>
#include <env.h>
#include <global_data.h>
#include <init.h>
#include <lib.h>
#include <libfdt.h>
#include <stdio.h>
#include <time.h>
#include <version.h>
#include <virtio.h>

static void print_banner(void)
{
	const char *model = ofnode_read_string(ofnode_root(), "model");
	struct uclass *uc;
	int devs = 0, ucs = 0;

	printf("\n\n%s\n\n", version_string);
	if (model)
		printf("Model: %s\n", model);
	printf("DRAM:  ");
	print_size(gd->ram_size, "\n");
	list_for_each_entry(uc, uclass_root(), sibling_node) {
		struct udevice *dev;

		ucs++;
		uclass_foreach_dev(dev, uc)
			devs++;
	}
	printf("Core:  %d devices, %d uclasses, devicetree: board\n", devs, ucs);
}

/* Count down 'bootdelay' seconds; true when a key stopped it. */
static bool abortboot(int delay)
{
	ulong start;

	printf("Hit any key to stop autoboot: %2d ", delay);
	do {
		start = get_timer(0);
		while (get_timer(start) < 1000) {
			if (tstc()) {
				getchar();
				printf("\b\b\b%2d \n", delay);
				return true;
			}
			if (!delay)
				break;
		}
		if (delay)
			printf("\b\b\b%2d ", delay - 1);
	} while (delay-- > 0);
	printf("\n");
	return false;
}

static void autoboot(void)
{
	const char *bootcmd = env_get("bootcmd");
	long delay = (long)env_get_ulong("bootdelay", 10, (ulong)-1);

	if (!bootcmd || delay < 0 || delay > 3600)
		return;
	if (abortboot(delay))
		return;
	run_command_list(bootcmd, -1, 0);
}

static void set_runtime_env(void)
{
	env_set_hex("fdtcontroladdr", (ulong)(uintptr_t)gd->fdt_blob);
}

void ember_main(void)
{
	int ret;

	ret = dm_init_and_scan();
	if (ret)
		printf("Driver model failed to start: %d\n", ret);
	ret = console_init();
	if (ret)
		printf("No console device (%d): output stays on the debug UART\n",
		       ret);
	ret = timer_init();
	if (ret)
		printf("No timer (%d): delays and timeouts will not work\n", ret);
	if (IS_ENABLED(CONFIG_VIRTIO))
		virtio_init();
	ret = env_init();
	if (ret)
		printf("Default environment failed to load: %d\n", ret);
	print_banner();
	if (IS_ENABLED(CONFIG_ENV_IS_IN_FLASH))
		env_load();
	set_runtime_env();
	board_late_init();

	board_main_loop_init();
	autoboot();
	cli_loop();
}
