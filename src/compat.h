/*
 * compat.h - first include of every Clerk source file.
 *
 * Pulls in config.h (feature macros from AC_USE_SYSTEM_EXTENSIONS) and defines
 * the attribute macros used across the code base.
 */
#ifndef CLERK_COMPAT_H
#define CLERK_COMPAT_H

#include "config.h"

/* System headers come before banned.h, whose macros would break them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#if defined(__GNUC__) || defined(__clang__)
#define NORETURN __attribute__((noreturn))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define WARN_UNUSED __attribute__((warn_unused_result))
#define MAYBE_UNUSED __attribute__((unused))
/* a hint that *addr will be read soon (a cache line fetched ahead) */
#define PREFETCH(addr) __builtin_prefetch(addr)
#else
#define NORETURN
#define PRINTF_LIKE(f, a)
#define WARN_UNUSED
#define MAYBE_UNUSED
#define PREFETCH(addr) ((void)(addr))
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* CLERK_STATIC: static normally, visible under unit-test builds. */
#ifdef CLERK_UNIT_HOOKS
#define CLERK_STATIC
#else
#define CLERK_STATIC static
#endif

#include "banned.h"

#endif
