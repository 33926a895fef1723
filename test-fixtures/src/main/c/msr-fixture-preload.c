/*
 * msr-fixture-preload.so: plain files that answer like Linux MSR devices, for tests only.
 *
 * The kernel's /dev/cpu/N/msr (and LLNL's /dev/cpu/N/msr_safe) is read and written eight bytes at
 * a time at an offset equal to the register number: pread(fd, buf, 8, 0x611) returns register
 * 0x611, which shares no byte with register 0x610. A regular file cannot store registers that way,
 * so EScheduler's fixture machines keep register R in bytes [8R, 8R + 8) of a sparse file
 * (io.escheduler.testing.MsrFixtureFile writes them). Preloaded into a process, this library
 * multiplies the offset by eight on every positioned read, write and seek of such a file, so the
 * unmodified node-hardware code reads a fixture exactly as it reads the device.
 *
 * Which files: those whose real path (symbolic links resolved, as the kernel sees the open file)
 * lies under the directory named by $MSR_FIXTURE_ROOT and whose name is "msr" or "msr_safe".
 * Every other file, and every process without $MSR_FIXTURE_ROOT, is untouched. A register past
 * the end of the file reads zero bytes (a short read, which node-hardware reports as unreadable).
 *
 * Built by Maven (exec-maven-plugin, process-test-classes) with:
 *   gcc -shared -fPIC -O2 -o target/msr-fixture-preload.so msr-fixture-preload.c -ldl
 * and used as:
 *   MSR_FIXTURE_ROOT=/tmp/escheduler-fixtures LD_PRELOAD=target/msr-fixture-preload.so java ...
 *
 * Limits: descriptors up to FD_LIMIT are tracked; dup() and fcntl(F_DUPFD) carry the mark over; readv,
 * preadv and memory mapping are not remapped (nothing in EScheduler uses them on MSR devices).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define FD_LIMIT 65536
#define REGISTER_BYTES 8

/* 1 when the descriptor is a fixture MSR file. Written at open/dup/close, read on every I/O call. */
static volatile unsigned char fixture_fd[FD_LIMIT];

/* The real function behind each wrapper, looked up once. */
#define NEXT(name) \
    static __typeof__(name) *next_##name; \
    if (next_##name == NULL) next_##name = (__typeof__(name) *) dlsym(RTLD_NEXT, #name)

static int tracked(int fd) {
    return fd >= 0 && fd < FD_LIMIT && fixture_fd[fd];
}

/*
 * The fixture root with symbolic links resolved, or NULL when unset or not there (yet: a test may create it after
 * the process started, so only a successful lookup is kept).
 */
static const char *fixture_root(void) {
    static char resolved[PATH_MAX];
    static volatile int found;
    if (!found) {
        const char *root = getenv("MSR_FIXTURE_ROOT");
        if (root == NULL || *root == '\0' || realpath(root, resolved) == NULL) {
            return NULL;
        }
        found = 1;
    }
    return resolved;
}

static int msr_name(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *name = slash == NULL ? path : slash + 1;
    return strcmp(name, "msr") == 0 || strcmp(name, "msr_safe") == 0;
}

/* Marks a freshly opened descriptor: the path it was opened under is only a hint, /proc says what it is. */
static int remember(int fd, const char *path) {
    if (fd < 0 || fd >= FD_LIMIT) {
        return fd;
    }
    fixture_fd[fd] = 0;
    const char *root;
    if (path == NULL || !msr_name(path) || (root = fixture_root()) == NULL) {
        return fd;
    }
    char link[64], real[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, real, sizeof real - 1);
    if (n <= 0) {
        return fd;
    }
    real[n] = '\0';
    size_t length = strlen(root);
    if (strncmp(real, root, length) == 0 && (real[length] == '/' || length == 1) && msr_name(real)) {
        fixture_fd[fd] = 1;
    }
    return fd;
}

static mode_t mode_argument(int flags, va_list args) {
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t) va_arg(args, int) : 0;
}

int open(const char *path, int flags, ...) {
    NEXT(open);
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    return remember(next_open(path, flags, mode), path);
}

int open64(const char *path, int flags, ...) {
    NEXT(open64);
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    return remember(next_open64(path, flags, mode), path);
}

int openat(int dir, const char *path, int flags, ...) {
    NEXT(openat);
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    return remember(next_openat(dir, path, flags, mode), path);
}

int openat64(int dir, const char *path, int flags, ...) {
    NEXT(openat64);
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    return remember(next_openat64(dir, path, flags, mode), path);
}

int dup(int fd) {
    NEXT(dup);
    int copy = next_dup(fd);
    if (copy >= 0 && copy < FD_LIMIT) fixture_fd[copy] = (unsigned char) tracked(fd);
    return copy;
}

int dup2(int fd, int target) {
    NEXT(dup2);
    int copy = next_dup2(fd, target);
    if (copy >= 0 && copy < FD_LIMIT) fixture_fd[copy] = (unsigned char) tracked(fd);
    return copy;
}

int dup3(int fd, int target, int flags) {
    NEXT(dup3);
    int copy = next_dup3(fd, target, flags);
    if (copy >= 0 && copy < FD_LIMIT) fixture_fd[copy] = (unsigned char) tracked(fd);
    return copy;
}

/* fcntl(F_DUPFD...) duplicates too (Python's os.dup, for one). The argument is read as a long, as glibc does. */
static int fcntl_with(int (*next)(int, int, ...), int fd, int command, long argument) {
    int result = next(fd, command, argument);
    if ((command == F_DUPFD || command == F_DUPFD_CLOEXEC) && result >= 0 && result < FD_LIMIT) {
        fixture_fd[result] = (unsigned char) tracked(fd);
    }
    return result;
}

int fcntl(int fd, int command, ...) {
    NEXT(fcntl);
    va_list args;
    va_start(args, command);
    long argument = va_arg(args, long);
    va_end(args);
    return fcntl_with(next_fcntl, fd, command, argument);
}

int fcntl64(int fd, int command, ...) {
    static int (*next_fcntl64)(int, int, ...);
    if (next_fcntl64 == NULL) {
        next_fcntl64 = (int (*)(int, int, ...)) dlsym(RTLD_NEXT, "fcntl64");
        if (next_fcntl64 == NULL) next_fcntl64 = (int (*)(int, int, ...)) dlsym(RTLD_NEXT, "fcntl");
    }
    va_list args;
    va_start(args, command);
    long argument = va_arg(args, long);
    va_end(args);
    return fcntl_with(next_fcntl64, fd, command, argument);
}

int close(int fd) {
    NEXT(close);
    if (fd >= 0 && fd < FD_LIMIT) fixture_fd[fd] = 0;
    return next_close(fd);
}

/* Register number -> byte offset in the fixture file. */
static off64_t file_offset(int fd, off64_t offset) {
    return tracked(fd) ? offset * REGISTER_BYTES : offset;
}

ssize_t pread(int fd, void *buffer, size_t count, off_t offset) {
    NEXT(pread);
    return next_pread(fd, buffer, count, (off_t) file_offset(fd, offset));
}

ssize_t pread64(int fd, void *buffer, size_t count, off64_t offset) {
    NEXT(pread64);
    return next_pread64(fd, buffer, count, file_offset(fd, offset));
}

ssize_t pwrite(int fd, const void *buffer, size_t count, off_t offset) {
    NEXT(pwrite);
    return next_pwrite(fd, buffer, count, (off_t) file_offset(fd, offset));
}

ssize_t pwrite64(int fd, const void *buffer, size_t count, off64_t offset) {
    NEXT(pwrite64);
    return next_pwrite64(fd, buffer, count, file_offset(fd, offset));
}

/* Only absolute seeks are remapped; the position reported back is a register number again. */
off_t lseek(int fd, off_t offset, int whence) {
    NEXT(lseek);
    if (!tracked(fd) || whence != SEEK_SET) return next_lseek(fd, offset, whence);
    off_t at = next_lseek(fd, offset * REGISTER_BYTES, SEEK_SET);
    return at < 0 ? at : at / REGISTER_BYTES;
}

off64_t lseek64(int fd, off64_t offset, int whence) {
    NEXT(lseek64);
    if (!tracked(fd) || whence != SEEK_SET) return next_lseek64(fd, offset, whence);
    off64_t at = next_lseek64(fd, offset * REGISTER_BYTES, SEEK_SET);
    return at < 0 ? at : at / REGISTER_BYTES;
}
