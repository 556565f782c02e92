// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The sandbox's window onto the host (arch/sandbox/os.c, the only file
 * compiled against the host's libc headers). Errors are negative errno.
 */
#ifndef __ASM_OS_H
#define __ASM_OS_H

/* Host-neutral: no Ember or libc headers, so both sides can include it. */

/** os_write() - write all of @buf to host fd @fd; bytes written or errno */
long os_write(int fd, const void *buf, unsigned long len);
/** os_read() - read up to @len bytes; count, 0 at end of file, or errno */
long os_read(int fd, void *buf, unsigned long len);
/**
 * os_poll_in() - wait up to @timeout_ms for input on @fd
 * Return: 1 when input (or end of file) is waiting, 0 on timeout
 */
int os_poll_in(int fd, int timeout_ms);
__attribute__((noreturn)) void os_exit(int status);
/** os_get_us() - host monotonic clock in microseconds */
unsigned long long os_get_us(void);
/** os_get_time_s() - host wall clock: seconds since 1970-01-01 UTC */
long long os_get_time_s(void);
/** os_getpid() - the host process's id (names of scratch files) */
int os_getpid(void);
/** os_unlink() - remove host file @name: 0 or -errno */
int os_unlink(const char *name);
/** os_map_fixed() - map @size bytes of zeroed memory at @addr; 0 or errno */
int os_map_fixed(unsigned long addr, unsigned long size);
/**
 * os_read_file() - read a whole host file into a buffer from os_malloc()
 * Return: 0, or errno (-ENOENT, -EFBIG over @max bytes, ...)
 */
int os_read_file(const char *name, unsigned long max, void **bufp,
		 unsigned long *sizep);
int os_write_file(const char *name, const void *buf, unsigned long size);
/**
 * os_map_file() - map host file @name, @size bytes, shared: every store is
 * in the file at once (the host keeps it when the program ends, however it
 * ends). A missing or empty file is created with @size bytes of 0xff.
 * Return: the mapping, or NULL with *@errp set (-EOVERFLOW: the file has
 * another size; -EINVAL: not a regular file; or the host's errno)
 */
void *os_map_file(const char *name, unsigned long size, int *errp);
/**
 * os_open_rw() - open host file @name (read-write if @writable), a
 * regular file, and give its size. Return: fd, or -errno
 */
int os_open_rw(const char *name, int writable, unsigned long long *sizep);
/** os_pread() / os_pwrite() - at byte @off; bytes done (short at EOF), or -errno */
long os_pread(int fd, void *buf, unsigned long len, unsigned long long off);
long os_pwrite(int fd, const void *buf, unsigned long len,
	       unsigned long long off);
/**
 * os_medium_rw() - a disk model's medium, @image in memory or else the
 * file @fd, of @size bytes: @len bytes at @pos into @buf, or from it when
 * @write. Return: 0, -ERANGE (past its end) or -EIO (the file failed)
 */
int os_medium_rw(unsigned char *image, int fd, unsigned long long size,
		 unsigned long long pos, void *buf, unsigned int len,
		 int write);
/** os_unmap() - undo os_map_file() */
void os_unmap(void *p, unsigned long size);
/** os_tty_raw() - put stdin in raw mode when it is a terminal */
void os_tty_raw(void);
void os_tty_restore(void);
/**
 * os_set_crash_handler() - call @fn(signal, fault address, pc) on SIGSEGV,
 * SIGBUS, SIGILL or SIGFPE
 */
void os_set_crash_handler(void (*fn)(int sig, unsigned long addr, unsigned long pc));
const char *os_signal_name(int sig);
/** os_raise() - raise signal number @sig in this process */
void os_raise(int sig);
int os_sig_num(const char *name);

/**
 * os_udp_open() - a non-blocking UDP socket bound to 127.0.0.1:@local_port
 * (0: any free port) and, unless @remote_port is 0, connected to
 * 127.0.0.1:@remote_port
 * Return: the file descriptor, or errno
 */
int os_udp_open(unsigned int local_port, unsigned int remote_port);
/** os_udp_connect() - send to (and only hear from) 127.0.0.1:@port */
int os_udp_connect(int fd, unsigned int port);
/** os_udp_port() - the local port of @fd, or errno */
int os_udp_port(int fd);
/** os_udp_send() - send one datagram; bytes sent or errno */
long os_udp_send(int fd, const void *buf, unsigned long len);
/** os_udp_recv() - receive one datagram; its length, or -EAGAIN */
long os_udp_recv(int fd, void *buf, unsigned long len);
void os_close(int fd);

#endif
