// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Error numbers. Functions return 0 or a negative value from this list;
 * doc/develop/driver-model.md gives the meaning Ember attaches to each.
 */
#ifndef __ERRNO_H
#define __ERRNO_H

#define EPERM		1
#define ENOENT		2
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENOSPC		28
#define EROFS		30
#define ERANGE		34
#define EDEADLK		35
#define ENAMETOOLONG	36
#define ENOSYS		38
#define ENOTEMPTY	39
#define ELOOP		40
#define ENODATA		61
#define ETIME		62
#define EPROTO		71
#define EBADMSG		74
#define EOVERFLOW	75
#define EILSEQ		84
#define EMSGSIZE	90
#define EPROTONOSUPPORT	93
#define EOPNOTSUPP	95
#define EADDRINUSE	98
#define ENETDOWN	100
#define ENETUNREACH	101
#define ECONNRESET	104
#define ENOBUFS		105
#define ENOTCONN	107
#define ETIMEDOUT	110
#define ECONNREFUSED	111
#define EHOSTUNREACH	113
#define EALREADY	114
#define ECANCELED	125

/**
 * errno_str() - short name of an error number
 * @err: error number, positive or negative
 * Return: a constant string such as "ETIMEDOUT", or "E?" when unknown
 */
const char *errno_str(int err);

#endif
