// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The block subcommands of storage commands ('virtio', 'nvme'), in the
 * shapes of U-Boot's blk_common_cmd() (cmd/blk_common.c). Each takes the
 * subcommand's argv (argv[0] the subcommand) and returns CMD_RET_*.
 */
#ifndef __BLK_CMD_H
#define __BLK_CMD_H

/**
 * struct blk_cmd - one interface's disks, as a command sees them
 * @if_name: "virtio", "nvme"
 * @cur: the current disk, as '<if> device n' sets it
 */
struct blk_cmd {
	const char *if_name;
	int cur;
};

/** blk_cmd_last() - the highest disk number, disks looked for first */
int blk_cmd_last(const struct blk_cmd *bc);
/**
 * blk_cmd_list() - "<@indent>Device <n>: ..." for disks 0..@last
 * Return: the disks listed
 */
int blk_cmd_list(const struct blk_cmd *bc, int last, const char *indent);
/** '<if> device': the current disk; '<if> device n': make n current */
int blk_cmd_device(struct blk_cmd *bc, int argc, char *const argv[]);
/** '<if> part n': disk n's partitions; '<if> part': every disk's */
int blk_cmd_part(struct blk_cmd *bc, int argc, char *const argv[]);
/** '<if> read|write addr blk# cnt', all hexadecimal, on the current disk */
int blk_cmd_rw(struct blk_cmd *bc, int argc, char *const argv[]);

#endif
