#include "compat.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char strbuf_slopbuf[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->alloc = sb->len = 0;
	sb->buf = strbuf_slopbuf;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len_out)
{
	char *r;
	if (len_out)
		*len_out = sb->len;
	if (!sb->alloc)
		strbuf_grow(sb, 0);
	r = sb->buf;
	strbuf_init(sb, 0);
	return r;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want;
	if (__builtin_add_overflow(sb->len, extra, &want) || want == SIZE_MAX)
		xmalloc(SIZE_MAX); /* dies */
	want += 1;
	if (want <= sb->alloc)
		return;
	if (!sb->alloc)
		sb->buf = NULL;
	size_t na = sb->alloc ? sb->alloc : 64;
	while (na < want)
		na = na + na / 2;
	sb->buf = xrealloc(sb->buf, na);
	sb->alloc = na;
	sb->buf[sb->len] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc) {
		/* only len 0 is valid on the slop buffer */
		return;
	}
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addchars(struct strbuf *sb, int c, size_t n)
{
	if (!n)
		return;
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	strbuf_grow(sb, 64);
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= sb->alloc - sb->len) {
		strbuf_grow(sb, (size_t)n);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_addcsv(struct strbuf *sb, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

void strbuf_append_take(struct strbuf *sb, struct strbuf *from)
{
	if (!sb->len)
		strbuf_swap(sb, from);
	else
		strbuf_add(sb, from->buf, from->len);
	strbuf_release(from);
}

void strbuf_addxml(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&':
			strbuf_addstr(sb, "&amp;");
			break;
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			strbuf_addstr(sb, "&gt;");
			break;
		case '"':
			strbuf_addstr(sb, "&quot;");
			break;
		case '\'':
			strbuf_addstr(sb, "&#39;");
			break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n')
				strbuf_addch(sb, (char)c);
		}
	}
}

int strbuf_read_fd(struct strbuf *sb, int fd, size_t size)
{
	size_t before = sb->len, want = size;
	ssize_t n;
	char probe;
	strbuf_grow(sb, size);
	while (want) {
		n = read(fd, sb->buf + sb->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail; /* a read error, or the file ends early */
		sb->len += (size_t)n;
		want -= (size_t)n;
	}
	/* one byte more: the file must end where its size said */
	do
		n = read(fd, &probe, 1);
	while (n < 0 && errno == EINTR);
	if (n != 0)
		goto fail;
	sb->buf[sb->len] = '\0';
	return 0;
fail:
	strbuf_setlen(sb, before);
	return n < 0 ? -1 : STRBUF_READ_CHANGED;
}

int strbuf_read_file(struct strbuf *sb, const char *path, size_t hint)
{
	/* O_NONBLOCK: opening a FIFO without a writer must not wait (it is refused below) */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC), rc, e;
	struct stat st;
	(void)hint;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		rc = -1;
	} else if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		rc = -1;
	} else if ((uintmax_t)st.st_size > (uintmax_t)SIZE_MAX / 2) {
		errno = EFBIG;
		rc = -1;
	} else {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0)
			(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
		rc = strbuf_read_fd(sb, fd, (size_t)st.st_size);
		if (rc == STRBUF_READ_CHANGED) {
			errno = EIO;
			rc = -1;
		}
	}
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

void strbuf_swap(struct strbuf *a, struct strbuf *b)
{
	struct strbuf t = *a;
	*a = *b;
	*b = t;
}
