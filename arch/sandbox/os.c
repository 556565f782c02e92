// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Host interface of the sandbox. This is the only file built against the
 * host's libc headers; everything else sees Ember's own headers and calls
 * the functions declared in arch/sandbox/include/asm/os.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "include/asm/os.h"

long os_write(int fd, const void *buf, unsigned long len)
{
	const char *p = buf;
	unsigned long done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += n;
	}
	return done;
}

long os_read(int fd, void *buf, unsigned long len)
{
	ssize_t n;

	do {
		n = read(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

int os_poll_in(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, timeout_ms) > 0;
}

void os_exit(int status)
{
	os_tty_restore();
	exit(status);
}

unsigned long long os_get_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

long long os_get_time_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

int os_getpid(void)
{
	return getpid();
}

int os_unlink(const char *name)
{
	return unlink(name) ? -errno : 0;
}

int os_map_fixed(unsigned long addr, unsigned long size)
{
	void *p = mmap((void *)addr, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
		       MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	if (p != (void *)addr) {
		munmap(p, size);
		return -EEXIST;
	}
	return 0;
}

int os_read_file(const char *name, unsigned long max, void **bufp,
		 unsigned long *sizep)
{
	struct stat st;
	char *buf;
	long n;
	int fd = open(name, O_RDONLY);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if ((unsigned long)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	buf = malloc(st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	n = os_read(fd, buf, st.st_size);
	close(fd);
	if (n != st.st_size) {
		free(buf);
		return n < 0 ? n : -EIO;
	}
	*bufp = buf;
	*sizep = n;
	return 0;
}

int os_write_file(const char *name, const void *buf, unsigned long size)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long n;

	if (fd < 0)
		return -errno;
	n = os_write(fd, buf, size);
	close(fd);
	return n < 0 ? (int)n : 0;
}

void *os_map_file(const char *name, unsigned long size, int *errp)
{
	struct stat st;
	void *p;
	int fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	int fresh;

	if (fd < 0) {
		*errp = -errno;
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		*errp = -EINVAL;
		close(fd);
		return NULL;
	}
	fresh = !st.st_size;
	if ((!fresh && (unsigned long)st.st_size != size) ||
	    (fresh && ftruncate(fd, size) < 0)) {
		*errp = fresh ? -errno : -EOVERFLOW;
		close(fd);
		return NULL;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	*errp = p == MAP_FAILED ? -errno : 0;
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	if (fresh)
		memset(p, 0xff, size);
	return p;
}

void os_unmap(void *p, unsigned long size)
{
	munmap(p, size);
}

static struct termios saved_tio;
static int tty_saved;

void os_tty_restore(void)
{
	if (tty_saved) {
		tcsetattr(0, TCSANOW, &saved_tio);
		tty_saved = 0;
	}
}

void os_tty_raw(void)
{
	struct termios tio;

	if (!isatty(0) || tcgetattr(0, &saved_tio))
		return;
	tio = saved_tio;
	/* Keep ISIG off so Ctrl-C reaches the shell as a character. */
	tio.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
			 ICRNL | IXON);
	tio.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	tio.c_cflag |= CS8;
	tio.c_oflag |= OPOST | ONLCR;
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	if (!tcsetattr(0, TCSANOW, &tio)) {
		tty_saved = 1;
		atexit(os_tty_restore);
	}
}

static void (*crash_fn)(int sig, unsigned long addr, unsigned long pc);

static void crash_handler(int sig, siginfo_t *info, void *uctx)
{
	ucontext_t *uc = uctx;
	unsigned long pc = 0;

#if defined(__x86_64__)
	pc = uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	pc = uc->uc_mcontext.pc;
#endif
	os_tty_restore();
	crash_fn(sig, (unsigned long)info->si_addr, pc);
	_exit(128 + sig);
}

void os_set_crash_handler(void (*fn)(int sig, unsigned long addr, unsigned long pc))
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	struct sigaction sa;

	crash_fn = fn;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = crash_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	for (unsigned int i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

const char *os_signal_name(int sig)
{
	return sigabbrev_np(sig) ? sigabbrev_np(sig) : "?";
}

void os_raise(int sig)
{
	raise(sig);
}

int os_sig_num(const char *name)
{
	if (!strcmp(name, "segv"))
		return SIGSEGV;
	if (!strcmp(name, "ill"))
		return SIGILL;
	return -EINVAL;
}

static void loopback(struct sockaddr_in *sa, unsigned int port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(port);
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

int os_udp_open(unsigned int local_port, unsigned int remote_port)
{
	struct sockaddr_in local, remote;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	loopback(&local, local_port);
	loopback(&remote, remote_port);
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) ||
	    (remote_port &&
	     connect(fd, (struct sockaddr *)&remote, sizeof(remote)))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int os_udp_connect(int fd, unsigned int port)
{
	struct sockaddr_in remote;

	loopback(&remote, port);
	return connect(fd, (struct sockaddr *)&remote, sizeof(remote)) ?
	       -errno : 0;
}

int os_udp_port(int fd)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	if (getsockname(fd, (struct sockaddr *)&sa, &len))
		return -errno;
	return ntohs(sa.sin_port);
}

long os_udp_send(int fd, const void *buf, unsigned long len)
{
	ssize_t n = send(fd, buf, len, 0);

	return n < 0 ? -errno : n;
}

long os_udp_recv(int fd, void *buf, unsigned long len)
{
	ssize_t n = recv(fd, buf, len, MSG_DONTWAIT);

	return n < 0 ? -errno : n;
}

void os_close(int fd)
{
	close(fd);
}

int os_open_rw(const char *name, int writable, unsigned long long *sizep)
{
	int fd = open(name, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	*sizep = st.st_size;
	return fd;
}

long os_pread(int fd, void *buf, unsigned long len, unsigned long long off)
{
	unsigned long done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  off + done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		done += n;
	}
	return done;
}

int os_medium_rw(unsigned char *image, int fd, unsigned long long size,
		 unsigned long long pos, void *buf, unsigned int len,
		 int write)
{
	long n;

	if (pos > size || len > size - pos)
		return -ERANGE;
	if (image) {
		if (write)
			memcpy(image + pos, buf, len);
		else
			memcpy(buf, image + pos, len);
		return 0;
	}
	n = write ? os_pwrite(fd, buf, len, pos) : os_pread(fd, buf, len, pos);
	return n == (long)len ? 0 : -EIO;
}

long os_pwrite(int fd, const void *buf, unsigned long len,
	       unsigned long long off)
{
	unsigned long done = 0;

	while (done < len) {
		ssize_t n = pwrite(fd, (const char *)buf + done, len - done,
				   off + done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += n;
	}
	return done;
}
