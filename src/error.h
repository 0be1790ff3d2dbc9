/*
 * error.h - errors as values.
 *
 * Fallible functions return int: 0 on success, a negative CLERK_E* code on
 * failure, after recording a message with clerk_error_set(). The core never
 * prints and never exits; the command layer turns the last error into a
 * message and an exit code. Data errors in journals are collected in a
 * struct diag (diag.h) instead, so that all of them can be reported.
 */
#ifndef CLERK_ERROR_H
#define CLERK_ERROR_H

#include "compat.h"

enum clerk_errcode {
	CLERK_OK = 0,
	CLERK_ERROR = -1,      /* generic / internal */
	CLERK_EPARSE = -2,     /* malformed input */
	CLERK_EUNBALANCED = -3, /* a transaction does not balance */
	CLERK_ECURRENCY = -4,  /* unknown or mismatched currency/commodity */
	CLERK_ENOTFOUND = -5,  /* no such file, account, item */
	CLERK_EAMBIGUOUS = -6, /* more than one candidate */
	CLERK_EIO = -7,        /* operating-system I/O error */
	CLERK_ELOCKED = -8,    /* the books are locked by another writer */
	CLERK_EEXISTS = -9,    /* already done (batch already posted) */
	CLERK_EINVALID = -10,  /* data is well-formed but fails validation */
	CLERK_ESEALED = -11,   /* the books were closed (clerk close): nothing more is committed */
};

struct clerk_error {
	int code;
	char *message;
};

/** Records an error for this thread, replacing the previous one; returns code. */
int clerk_error_set(int code, const char *fmt, ...) PRINTF_LIKE(2, 3);
/** Like clerk_error_set, appending ": strerror(errno)". */
int clerk_error_set_errno(int code, const char *fmt, ...) PRINTF_LIKE(2, 3);
/** Borrowed pointer to the last error (message "" when none). */
const struct clerk_error *clerk_error_last(void);
void clerk_error_clear(void);

/** Prints "BUG: file:line: msg" and aborts. For broken invariants only. */
NORETURN void clerk_bug(const char *file, int line, const char *fmt, ...) PRINTF_LIKE(3, 4);
#define BUG(...) clerk_bug(__FILE__, __LINE__, __VA_ARGS__)

#endif
