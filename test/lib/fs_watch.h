// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * A stream for filesystem tests' images: fs_read_stream()'s own way of
 * running one, with the source watched, so that a test can tell what it
 * gave and whether it read while its pieces were in flight.
 */
#ifndef __TEST_FS_WATCH_H
#define __TEST_FS_WATCH_H

#include <fs.h>

/* How the streams since fs_watch_reset() went */
struct fs_watch {
	bool streaming;		/* a source is asked in a stream */
	int pieces, waits;	/* what sources answered */
	int bad_reads;		/* reads an image's io saw while streaming */
};

extern struct fs_watch fs_watch;

/* Forget the counts */
void fs_watch_reset(void);

/*
 * The stream op for a test image's fs_io: its read must count a call
 * while fs_watch.streaming as a bad read (and fail it)
 */
int fs_watch_stream(const struct fs_io *io, struct fs_src *src);

#endif
