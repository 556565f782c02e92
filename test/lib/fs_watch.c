// SPDX-License-Identifier: Apache-2.0 OR MIT
/* A watched stream for filesystem tests (fs_watch.h) */
#include <compiler.h>
#include <string.h>
#include "fs_watch.h"

struct fs_watch fs_watch;

void fs_watch_reset(void)
{
	memset(&fs_watch, 0, sizeof(fs_watch));
}

struct watched {
	struct fs_src src;
	struct fs_src *inner;
};

static int watched_next(struct fs_src *src, struct fs_iov *iov)
{
	struct watched *w = container_of(src, struct watched, src);
	int ret;

	w->inner->in_stream = fs_watch.streaming = src->in_stream;
	ret = w->inner->next(w->inner, iov);
	fs_watch.streaming = false;
	fs_watch.pieces += ret == FS_SRC_PIECE;
	fs_watch.waits += ret == FS_SRC_WAIT;
	return ret;
}

/* fs_read_stream()'s own stream, through the io's read, source watched */
int fs_watch_stream(const struct fs_io *io, struct fs_src *src)
{
	struct fs_io plain = *io;
	struct watched w = { { watched_next }, src };

	plain.stream = NULL;
	return fs_read_stream(&plain, &w.src);
}
