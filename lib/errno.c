// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Names of error numbers, for messages. */
#include <compiler.h>
#include <errno.h>

static const struct {
	int num;
	const char *name;
} names[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { ENXIO, "ENXIO" }, { E2BIG, "E2BIG" },
	{ ENOEXEC, "ENOEXEC" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" },
	{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EROFS, "EROFS" },
	{ ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
	{ ENOSYS, "ENOSYS" }, { ENOTEMPTY, "ENOTEMPTY" }, { ELOOP, "ELOOP" },
	{ ENODATA, "ENODATA" },
	{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },
	{ EPROTO, "EPROTO" }, { EBADMSG, "EBADMSG" }, { EOVERFLOW, "EOVERFLOW" },
	{ EMSGSIZE, "EMSGSIZE" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ ENETDOWN, "ENETDOWN" }, { ENETUNREACH, "ENETUNREACH" },
	{ ENOBUFS, "ENOBUFS" }, { ECONNRESET, "ECONNRESET" },
	{ ENOTCONN, "ENOTCONN" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ ECONNREFUSED, "ECONNREFUSED" }, { EHOSTUNREACH, "EHOSTUNREACH" },
	{ EALREADY, "EALREADY" }, { ECANCELED, "ECANCELED" },
};

const char *errno_str(int err)
{
	if (err < 0)
		err = -err;
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (names[i].num == err)
			return names[i].name;
	}
	return "E?";
}
