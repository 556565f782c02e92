// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The sandbox program: set up (start.c), then Ember's common start-up. */
#include <asm/os.h>
#include <asm/sandbox.h>
#include <init.h>

int main(int argc, char *argv[]);
int main(int argc, char *argv[])
{
	int ret = sandbox_setup(argc, argv);

	if (ret)
		return ret < 0 ? 0 : ret;
	if (!sandbox_state()->cmds)
		os_tty_raw();
	ember_main();
}
