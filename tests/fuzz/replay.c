/*
 * replay.c - runs corpus files through a fuzz target without libFuzzer.
 *
 *   replay_journal FILE|DIR...
 *
 * Each argument is a file, or a directory whose regular files are replayed
 * (one level: subdirectories and dot files are skipped), in byte order of
 * their names so that runs are reproducible. Every file is read into a
 * buffer of exactly its size (so ASan/valgrind catch a read past the end)
 * and passed to LLVMFuzzerTestOneInput. Prints "replayed N inputs" and
 * exits 0; a crash or abort() in the target fails the process, and an
 * unreadable argument exits 1. With REPLAY_VERBOSE set in the environment,
 * each file name goes to stderr before it runs, to tell which one crashed.
 */
#include "compat.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool verbose;

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays one file; returns 0, or -1 after printing why it cannot be read. */
static int replay_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	if (strbuf_read_file(&sb, path, 0)) {
		fprintf(stderr, "replay: cannot read '%s': %s\n", path, strerror(errno));
		strbuf_release(&sb);
		return -1;
	}
	/* an exact-size copy: the strbuf's slack and NUL would hide over-reads */
	uint8_t *data = xmalloc(sb.len ? sb.len : 1);
	if (sb.len)
		memcpy(data, sb.buf, sb.len);
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, sb.len);
	LLVMFuzzerTestOneInput(data, sb.len);
	free(data);
	strbuf_release(&sb);
	return 0;
}

/* Replays the regular files directly in dir; adds their number to *count. */
static int replay_dir(const char *dir, size_t *count)
{
	DIR *dp = opendir(dir);
	char **names = NULL;
	size_t n = 0, alloc = 0;
	int error = 0;
	struct dirent *de;

	if (!dp) {
		fprintf(stderr, "replay: cannot open directory '%s': %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			names = xrealloc(names, st_mult(alloc, sizeof(*names)));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);

	struct strbuf path = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		if (stat(path.buf, &st)) {
			fprintf(stderr, "replay: cannot stat '%s': %s\n", path.buf, strerror(errno));
			error = -1;
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if (replay_file(path.buf))
			error = -1;
		else
			(*count)++;
	}
	strbuf_release(&path);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return error;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int error = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	verbose = getenv("REPLAY_VERBOSE") && *getenv("REPLAY_VERBOSE");
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: cannot stat '%s': %s\n", argv[i], strerror(errno));
			error = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count))
				error = -1;
		} else if (replay_file(argv[i])) {
			error = -1;
		} else {
			count++;
		}
	}
	printf("replayed %zu inputs\n", count);
	if (fflush(stdout) || ferror(stdout))
		return 1;
	return error ? 1 : 0;
}
