#include "compat.h"
#include "error.h"
#include "util/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local struct clerk_error last;

static void set_msg(struct strbuf *sb)
{
	free(last.message);
	last.message = strbuf_detach(sb, NULL);
}

int clerk_error_set(int code, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	last.code = code;
	set_msg(&sb);
	return code;
}

int clerk_error_set_errno(int code, const char *fmt, ...)
{
	int e = errno;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_addf(&sb, ": %s", strerror(e));
	last.code = code;
	set_msg(&sb);
	errno = e;
	return code;
}

const struct clerk_error *clerk_error_last(void)
{
	static char empty[1];
	static const struct clerk_error none = { 0, empty };
	return last.message ? &last : &none;
}

void clerk_error_clear(void)
{
	free(last.message);
	last.message = NULL;
	last.code = 0;
}

void clerk_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
