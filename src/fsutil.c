#include "compat.h"
#include "fsutil.h"
#include "books.h"
#include "error.h"
#include "fault.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

void fsutil_dirname(struct strbuf *out, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		strbuf_addch(out, '.');
	else if (slash == path)
		strbuf_addch(out, '/');
	else
		strbuf_add(out, path, (size_t)(slash - path));
}

int fsutil_fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return clerk_error_set_errno(CLERK_EIO, "cannot open directory '%s'", path);
	if (fsync(fd) && errno != EINVAL) {
		int e = clerk_error_set_errno(CLERK_EIO, "cannot sync directory '%s'", path);
		close(fd);
		return e;
	}
	close(fd);
	return 0;
}

int fsutil_mkdir(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		return clerk_error_set(CLERK_EIO, "'%s' exists and is not a directory", path);
	}
	if (mkdir(path, 0700) && errno != EEXIST)
		return clerk_error_set_errno(CLERK_EIO, "cannot create directory '%s'", path);
	struct strbuf dir = STRBUF_INIT;
	fsutil_dirname(&dir, path);
	int error = fsutil_fsync_dir(dir.buf);
	strbuf_release(&dir);
	return error;
}

enum io_op { IO_WRITE, IO_PWRITE, IO_PREAD };

/*
 * Writes len bytes of wbuf to fd (at the file offset, or at off), or reads
 * len bytes at off into rbuf. 0 or -1 (errno set; EIO at an early end of file,
 * or when nothing more could be written). The fault point write:enospc fails
 * the writes with ENOSPC.
 */
static int io_all(int fd, char *rbuf, const char *wbuf, size_t len, uint64_t off, enum io_op op)
{
	char *r = rbuf;
	const char *w = wbuf;
	if (op != IO_PREAD && fault_error("write:enospc")) {
		errno = ENOSPC;
		return -1;
	}
	while (len) {
		ssize_t n = op == IO_PREAD ? pread(fd, r, len, (off_t)off)
			  : op == IO_PWRITE ? pwrite(fd, w, len, (off_t)off)
					    : write(fd, w, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			return -1;
		}
		if (op == IO_PREAD)
			r += n;
		else
			w += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

int fsutil_write_all(int fd, const void *buf, size_t len)
{
	return io_all(fd, NULL, buf, len, 0, IO_WRITE);
}

int fsutil_pwrite_all(int fd, const void *buf, size_t len, uint64_t off)
{
	return io_all(fd, NULL, buf, len, off, IO_PWRITE);
}

int fsutil_pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	return io_all(fd, buf, NULL, len, off, IO_PREAD);
}

int fsutil_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
			const char *fault_tag)
{
	return fsutil_write_atomic_flags(path, data, len, mode, fault_tag, 0);
}

int fsutil_sync_fs(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return clerk_error_set_errno(CLERK_EIO, "cannot open '%s'", path);
	int rc = syncfs(fd);
	close(fd);
	if (rc)
		return clerk_error_set_errno(CLERK_EIO, "cannot sync the file system of '%s'", path);
	return 0;
}

int fsutil_write_atomic_flags(const char *path, const void *data, size_t len, mode_t mode,
			      const char *fault_tag, unsigned flags)
{
	struct fsutil_part part = { data, len };
	return fsutil_write_atomic_parts(path, &part, 1, mode, fault_tag, flags);
}

int fsutil_write_atomic_parts(const char *path, const struct fsutil_part *parts, size_t nparts,
			      mode_t mode, const char *fault_tag, unsigned flags)
{
	struct strbuf tmp = STRBUF_INIT, dir = STRBUF_INIT, point = STRBUF_INIT;
	int fd = -1, error = 0;
	const char *base = strrchr(path, '/');
	struct stat st;

	fsutil_dirname(&dir, path);
	base = base ? base + 1 : path;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		error = clerk_error_set(CLERK_EIO, "refusing to replace '%s': not a regular file", path);
		goto cleanup;
	}
	strbuf_addf(&tmp, "%s/.%s.tmp.%ld", dir.buf, base, (long)getpid());
	unlink(tmp.buf); /* a leftover of a killed process with our pid */
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot create '%s'", tmp.buf);
		goto cleanup;
	}
	if (fchmod(fd, mode)) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot set the mode of '%s'", tmp.buf);
		goto fail;
	}
	for (size_t i = 0; i < nparts; i++)
		if (fsutil_write_all(fd, parts[i].data, parts[i].len)) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", tmp.buf);
			goto fail;
		}
	if (!(flags & FSUTIL_NO_SYNC) && fsync(fd)) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot sync '%s'", tmp.buf);
		goto fail;
	}
	if (close(fd)) {
		fd = -1;
		error = clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", tmp.buf);
		goto fail;
	}
	fd = -1;
	if (fault_tag) {
		strbuf_addf(&point, "%s:before-rename", fault_tag);
		fault_point(point.buf);
	}
	if (rename(tmp.buf, path)) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot rename '%s' to '%s'", tmp.buf, path);
		goto fail;
	}
	if (fault_tag) {
		strbuf_reset(&point);
		strbuf_addf(&point, "%s:after-rename", fault_tag);
		fault_point(point.buf);
	}
	if (!(flags & FSUTIL_NO_SYNC))
		error = fsutil_fsync_dir(dir.buf);
	goto cleanup;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp.buf);
cleanup:
	strbuf_release(&tmp);
	strbuf_release(&dir);
	strbuf_release(&point);
	return error;
}

struct books_lock {
	int fd;
};

int books_lock(struct books_lock **out, const char *root)
{
	int error = books_lock_sealed(out, root);
	if (!error && (error = books_check_open(root))) {
		books_unlock(*out);
		*out = NULL;
	}
	return error;
}

int books_lock_sealed(struct books_lock **out, const char *root)
{
	struct strbuf path = STRBUF_INIT;
	int error = 0;
	*out = NULL;
	strbuf_addf(&path, "%s.lock", root);
	int fd = open(path.buf, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot open lock file '%s'", path.buf);
		goto cleanup;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno == EWOULDBLOCK) {
			char buf[32];
			ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
			buf[n > 0 ? n : 0] = '\0';
			char *nl = strchr(buf, '\n');
			if (nl)
				*nl = '\0';
			error = clerk_error_set(CLERK_ELOCKED,
						"the books are locked by another clerk process%s%s%s "
						"(lock file '%s'); try again when it has finished",
						*buf ? " (pid " : "", buf, *buf ? ")" : "", path.buf);
		} else {
			error = clerk_error_set_errno(CLERK_EIO, "cannot lock '%s'", path.buf);
		}
		close(fd);
		goto cleanup;
	}
	char pid[32];
	int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) < 0) {
		/* the pid is informational only */
	}
	*out = xmalloc(sizeof(**out));
	(*out)->fd = fd;
cleanup:
	strbuf_release(&path);
	return error;
}

void books_unlock(struct books_lock *l)
{
	if (!l)
		return;
	if (ftruncate(l->fd, 0)) {
		/* the pid is informational only */
	}
	close(l->fd); /* releases the flock */
	free(l);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fsutil_list_dir(const char *dir, struct fsutil_names *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	size_t first = out->n;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			VEC_PUSH(out, xstrdup(e->d_name));
	closedir(d);
	if (out->n - first > 1)
		qsort(out->v + first, out->n - first, sizeof(out->v[0]), cmp_names);
	return 0;
}

void fsutil_names_release(struct fsutil_names *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	VEC_FREE(v);
}

const char *fsutil_kind(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return "a regular file";
	if (S_ISDIR(st->st_mode))
		return "a folder";
	if (S_ISLNK(st->st_mode))
		return "a symbolic link";
	if (S_ISFIFO(st->st_mode))
		return "a FIFO";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		return "a device";
	return "not a regular file";
}

int fsutil_open_regular(int *fd, struct stat *st, const char *path, unsigned flags)
{
	int oflags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, e;
	if (flags & FSUTIL_NOFOLLOW)
		oflags |= O_NOFOLLOW;
	*fd = open(path, oflags);
	if (*fd < 0) {
		if (errno == ELOOP && (flags & FSUTIL_NOFOLLOW))
			return clerk_error_set(CLERK_EINVALID, "'%s' is a symbolic link, not a regular file",
					       path);
		return clerk_error_set_errno(errno == ENOENT ? CLERK_ENOTFOUND : CLERK_EIO,
					     "cannot read '%s'", path);
	}
	if (fstat(*fd, st)) {
		int error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
		e = errno;
		close(*fd);
		*fd = -1;
		errno = e;
		return error;
	}
	if (!S_ISREG(st->st_mode)) {
		int error = clerk_error_set(CLERK_EINVALID, "'%s' is %s, not a regular file", path,
					    fsutil_kind(st));
		close(*fd);
		*fd = -1;
		return error;
	}
	int fl = fcntl(*fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(*fd, F_SETFL, fl & ~O_NONBLOCK);
	return 0;
}

/* Appends component c[0..len) to the canonical path out, resolving "." and ".." by name. */
static void add_component(struct strbuf *out, const char *c, size_t len)
{
	if (!len || (len == 1 && c[0] == '.'))
		return;
	if (len == 2 && c[0] == '.' && c[1] == '.') {
		char *slash = strrchr(out->buf, '/');
		strbuf_setlen(out, slash && slash != out->buf ? (size_t)(slash - out->buf) : 1);
		return;
	}
	if (out->len > 1)
		strbuf_addch(out, '/');
	strbuf_add(out, c, len);
}

int fsutil_canonical(struct strbuf *out, const char *path)
{
	char *real = realpath(*path ? path : ".", NULL);
	if (real) {
		strbuf_addstr(out, real);
		free(real);
		return 0;
	}
	if (errno != ENOENT && errno != ENOTDIR)
		return clerk_error_set_errno(CLERK_EIO, "cannot resolve '%s'", path);
	/* it does not exist (yet): its folder's canonical form, then its name */
	struct strbuf dir = STRBUF_INIT;
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	size_t b = len;
	while (b > 0 && path[b - 1] != '/')
		b--;
	if (b == 0)
		strbuf_addch(&dir, '.');
	else
		strbuf_add(&dir, path, b > 1 ? b - 1 : 1);
	size_t start = out->len;
	int error = fsutil_canonical(out, dir.buf);
	if (!error) {
		struct strbuf canon = STRBUF_INIT;
		strbuf_add(&canon, out->buf + start, out->len - start);
		add_component(&canon, path + b, len - b);
		strbuf_setlen(out, start);
		strbuf_add(out, canon.buf, canon.len);
		strbuf_release(&canon);
	}
	strbuf_release(&dir);
	return error;
}

bool fsutil_within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);
	if (n == 1 && outer[0] == '/')
		return inner[0] == '/';
	return !strncmp(inner, outer, n) && (inner[n] == '\0' || inner[n] == '/');
}

bool fsutil_is_temporary(const char *name, const char *base)
{
	const char *tmp = NULL;
	if (name[0] != '.')
		return false;
	/* the last ".tmp." followed by digits only */
	for (const char *s = strstr(name, ".tmp."); s; s = strstr(s + 1, ".tmp."))
		tmp = s;
	if (!tmp || tmp == name || !tmp[5])
		return false;
	for (const char *d = tmp + 5; *d; d++)
		if (*d < '0' || *d > '9')
			return false;
	if (!base)
		return true;
	size_t n = strlen(base);
	return (size_t)(tmp - name - 1) == n && !memcmp(name + 1, base, n);
}

int fsutil_remove_temporaries(const char *dir, const char *const *bases, size_t n)
{
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", dir);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (fsutil_is_temporary(e->d_name, NULL))
			VEC_PUSH(&names, xstrdup(e->d_name));
	closedir(d);
	struct strbuf path = STRBUF_INIT;
	int error = 0;
	for (size_t i = 0; i < names.n && !error; i++)
		for (size_t k = 0; k < n; k++) {
			if (!fsutil_is_temporary(names.v[i], bases[k]))
				continue;
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", dir, names.v[i]);
			struct stat st;
			if (!lstat(path.buf, &st) && S_ISREG(st.st_mode) && unlink(path.buf) && errno != ENOENT)
				error = clerk_error_set_errno(CLERK_EIO, "cannot remove '%s'", path.buf);
			break;
		}
	strbuf_release(&path);
	fsutil_names_release(&names);
	return error;
}

int fsutil_changed_error(const char *path, const struct stat *st)
{
	return clerk_error_set(CLERK_EIO,
			       "'%s' changed while it was read: it is no longer the %jd bytes it "
			       "was when it was opened (is something writing it?)",
			       path, (intmax_t)st->st_size);
}

int fsutil_check_end(int fd, const struct stat *st, const char *path)
{
	char probe;
	ssize_t n;
	do
		n = pread(fd, &probe, 1, st->st_size);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
	return n ? fsutil_changed_error(path, st) : 0;
}

int fsutil_read_file(struct strbuf *sb, const char *path, unsigned flags)
{
	int fd, error, rc;
	struct stat st;
	if ((error = fsutil_open_regular(&fd, &st, path, flags)))
		return error == CLERK_EINVALID ? clerk_error_set(CLERK_EIO, "%s",
								 clerk_error_last()->message)
					       : error;
	if ((uintmax_t)st.st_size > (uintmax_t)SIZE_MAX / 2) {
		close(fd);
		return clerk_error_set(CLERK_EIO, "'%s' is too large to read (%jd bytes)", path,
				       (intmax_t)st.st_size);
	}
	rc = strbuf_read_fd(sb, fd, (size_t)st.st_size);
	if (rc == STRBUF_READ_CHANGED)
		error = fsutil_changed_error(path, &st);
	else if (rc)
		error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
	close(fd);
	return error;
}
