/*
 * fsutil.h - durable file operations: atomic replace (temporary file in the
 * same directory, fsync, rename, fsync the directory) and the books' lock;
 * and reading inputs without ever blocking and within a bound
 * (fsutil_open_regular(), fsutil_read_file()).
 *
 * Files are created with mode 0600 and never through a symbolic link
 * (O_NOFOLLOW on the final component, O_EXCL on temporaries).
 */
#ifndef CLERK_FSUTIL_H
#define CLERK_FSUTIL_H

#include "compat.h"
#include <sys/stat.h>
#include <stdint.h>
#include <sys/types.h>

/**
 * Atomically replaces (or creates) path with data[0..len), mode `mode`.
 * `fault_tag` names crash points "<tag>:before-rename" and
 * "<tag>:after-rename" (fault.h). Returns 0 or CLERK_EIO; on failure path is
 * unchanged and no temporary file is left behind.
 */
int fsutil_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
			const char *fault_tag) WARN_UNUSED;
/* fsutil_write_atomic_flags(): leave the syncing to one fsutil_sync_fs() after many files. */
#define FSUTIL_NO_SYNC 1u
int fsutil_write_atomic_flags(const char *path, const void *data, size_t len, mode_t mode,
			      const char *fault_tag, unsigned flags) WARN_UNUSED;
/* One piece of a file's content. */
struct fsutil_part {
	const void *data;
	size_t len;
};
/** Like fsutil_write_atomic_flags(), the file being the parts one after the other. */
int fsutil_write_atomic_parts(const char *path, const struct fsutil_part *parts, size_t nparts,
			      mode_t mode, const char *fault_tag, unsigned flags) WARN_UNUSED;
/** Flushes the whole file system holding path (syncfs): one call after many unsynced writes. */
/*
 * Whole reads and writes, retried on EINTR: 0, or -1 with errno set (EIO at
 * an early end of file, or when nothing more could be written). The writes
 * fail with ENOSPC at the fault point write:enospc (src/fault.h).
 */
int fsutil_write_all(int fd, const void *buf, size_t len) WARN_UNUSED;
int fsutil_pwrite_all(int fd, const void *buf, size_t len, uint64_t off) WARN_UNUSED;
int fsutil_pread_all(int fd, void *buf, size_t len, uint64_t off) WARN_UNUSED;
int fsutil_sync_fs(const char *path) WARN_UNUSED;
/** fsyncs the directory at path. Returns 0 or CLERK_EIO. */
int fsutil_fsync_dir(const char *path) WARN_UNUSED;
/** Creates directory path (mode 0700) if missing, durably. Returns 0 or CLERK_EIO. */
int fsutil_mkdir(const char *path) WARN_UNUSED;
/* Names of directory entries (malloc'd). */
struct fsutil_names {
	char **v;
	size_t n, alloc;
};
#define FSUTIL_NAMES_INIT { NULL, 0, 0 }
/**
 * Appends the names of dir's entries, dot files left out, sorted by bytes,
 * to out. Returns 0, or -1 with errno set when dir cannot be read.
 */
int fsutil_list_dir(const char *dir, struct fsutil_names *out);
void fsutil_names_release(struct fsutil_names *v);
/** Appends the directory part of path ("." when none) to out. */
struct strbuf;
void fsutil_dirname(struct strbuf *out, const char *path);

/* fsutil_open_regular(), fsutil_read_file(): do not follow a symbolic link as the last component. */
#define FSUTIL_NOFOLLOW 1u
/**
 * Opens path for reading without ever blocking (a FIFO or a device is
 * opened O_NONBLOCK, then refused) and fills *fd and *st. Only a regular
 * file is accepted: anything else is refused with a message that says what
 * it is ("'X' is a FIFO, not a regular file"; "a folder", "a device", "a
 * socket", "a symbolic link"). Returns 0 (the caller closes *fd; reads
 * block normally again), or CLERK_ENOTFOUND (missing) or CLERK_EIO ("cannot
 * read 'X': ...", errno kept from the failing call), or CLERK_EINVALID (not
 * a regular file), with *fd = -1 and the error set.
 *
 * Read such a file no further than st->st_size, the size it had when it
 * was opened (strbuf_read_fd(), fsutil_check_end()): every input of Clerk
 * is read that way, so that none can make a read grow without a bound.
 */
int fsutil_open_regular(int *fd, struct stat *st, const char *path, unsigned flags) WARN_UNUSED;
/** What kind of file st describes, for messages: "a regular file", "a folder", "a FIFO"... */
const char *fsutil_kind(const struct stat *st);
/**
 * Reads the whole regular file at path into sb (appending): opened with
 * fsutil_open_regular() (flags as there), read with strbuf_read_fd() no
 * further than the size it had when it was opened. Returns 0, or
 * CLERK_ENOTFOUND, or CLERK_EIO with the error set: it cannot be read, it
 * is not a regular file ("'X' is a FIFO, not a regular file": a file named
 * as an input that cannot be read, exit status 3), or it changed while it
 * was read (fsutil_changed_error()). sb holds what it held before on failure.
 */
int fsutil_read_file(struct strbuf *sb, const char *path, unsigned flags) WARN_UNUSED;
/**
 * For a regular file opened as fd with fsutil_open_regular(), read (or
 * mapped) up to st->st_size: 0 when the file still ends there (one byte
 * read at that offset finds its end), else CLERK_EIO with the error set
 * (fsutil_changed_error(), or "cannot read 'X': ...").
 */
int fsutil_check_end(int fd, const struct stat *st, const char *path) WARN_UNUSED;
/**
 * Sets the error "'X' changed while it was read: it is no longer the N
 * bytes it was when it was opened (is something writing it?)" for a file
 * that ended before st->st_size or went on after it; returns CLERK_EIO.
 */
int fsutil_changed_error(const char *path, const struct stat *st);

/**
 * Appends the canonical absolute form of path to out: realpath() of its
 * longest existing prefix, then the rest with "." and ".." resolved by
 * name. Returns 0, or CLERK_EIO when even the current folder cannot be
 * resolved.
 */
int fsutil_canonical(struct strbuf *out, const char *path) WARN_UNUSED;
/** Whether canonical path `inner` is `outer` or lies below it (whole components). */
bool fsutil_within(const char *inner, const char *outer);
/**
 * Whether name is a temporary file of fsutil_write_atomic() for the file
 * `base` (".BASE.tmp.DIGITS"); with base NULL, for any file.
 */
bool fsutil_is_temporary(const char *name, const char *base);
/**
 * Removes from dir the temporary files that killed writes of the files
 * named bases[0..n) left there (fsutil_is_temporary()), and nothing else.
 * A missing dir is no error. Returns 0 or CLERK_EIO.
 */
int fsutil_remove_temporaries(const char *dir, const char *const *bases, size_t n) WARN_UNUSED;

struct books_lock;
/**
 * Takes the exclusive lock "<root>.lock" beside the root journal without
 * waiting. Returns 0, CLERK_ELOCKED (held by another process, whose pid the
 * message names) or CLERK_EIO. The lock is released by books_unlock() or
 * when the process dies. Every command that commits takes it first, so
 * books closed by clerk close are refused here, before anything is written:
 * CLERK_ESEALED (books_check_open() in books.h), the lock not kept.
 */
int books_lock(struct books_lock **out, const char *root) WARN_UNUSED;
/** books_lock() without the refusal of closed books: for clerk close, which decides itself. */
int books_lock_sealed(struct books_lock **out, const char *root) WARN_UNUSED;
void books_unlock(struct books_lock *l);

#endif
