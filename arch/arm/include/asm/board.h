// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Hooks the aarch64 code expects from the board (board/<board>/board.c). */
#ifndef __ASM_BOARD_H
#define __ASM_BOARD_H

/** board_print_bdinfo() - print the board's lines of 'bdinfo' */
void board_print_bdinfo(void);

#endif
