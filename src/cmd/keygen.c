/*
 * keygen.c - `clerk keygen`: a key pair for signing audit packs, in
 * minisign's formats (formats/sign.md). The secret key file is created
 * exclusively with mode 0600 and never overwrites anything; the public key
 * goes beside it as KEY.pub.
 */
#include "compat.h"
#include "cmd.h"
#include "error.h"
#include "fsutil.h"
#include "sign.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

static const char usage_text[] =
	"usage: clerk keygen --out KEY [-q]\n\n"
	"Make a key pair for signing audit packs (clerk run --sign KEY), in minisign's\n"
	"formats: the secret key KEY (mode 0600, not encrypted, so that the nightly\n"
	"run can sign unattended: keep it owner-only) and the public key KEY.pub,\n"
	"which an auditor uses with 'clerk verify --pubkey KEY.pub' or\n"
	"'minisign -Vm PACK.zip -p KEY.pub'. Neither file may exist: keygen never\n"
	"overwrites a key.\n\n"
	"  -o, --out KEY   where to write the secret key (the public key is KEY.pub)\n"
	"  -q, --quiet     print nothing when it is done (the key id is in KEY.pub)\n\n"
	"Exit status: 0 done, 2 usage or a key file already there, 3 I/O.\n";

/* Creates path exclusively (never through a link) with mode and writes sb, synced. */
static int write_new(const char *path, const struct strbuf *sb, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return clerk_error_set_errno(errno == EEXIST ? CLERK_EEXISTS : CLERK_EIO,
					     "cannot create '%s'", path);
	size_t done = 0;
	int error = 0;
	while (!error && done < sb->len) {
		ssize_t w = write(fd, sb->buf + done, sb->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			error = clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", path);
		else
			done += (size_t)w;
	}
	if (!error && (fchmod(fd, mode) || fsync(fd)))
		error = clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", path);
	if (close(fd) && !error)
		error = clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", path);
	if (error)
		unlink(path);
	return error;
}

static int keygen(const char *out, bool quiet)
{
	struct strbuf pubpath = STRBUF_INIT, sec = STRBUF_INIT, pub = STRBUF_INIT, dir = STRBUF_INIT;
	struct sign_seckey sk;
	struct sign_pubkey pk;
	struct stat st;
	int rc = EXIT_OK, error;
	strbuf_addf(&pubpath, "%s.pub", out);
	const char *taken = !lstat(out, &st) ? out : !lstat(pubpath.buf, &st) ? pubpath.buf : NULL;
	if (taken) {
		fprintf(stderr, "clerk: error: '%s' exists: clerk keygen never overwrites a key; "
				"choose another name\n", taken);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((error = sign_keygen(&sk))) {
		rc = cmd_fail(error);
		goto out;
	}
	sign_seckey_public(&pk, &sk);
	sign_seckey_text(&sec, &sk);
	sign_pubkey_text(&pub, &pk);
	fsutil_dirname(&dir, out);
	if ((error = write_new(out, &sec, 0600))) {
		rc = error == CLERK_EEXISTS ? EXIT_USAGE : cmd_exit_code(error);
		fprintf(stderr, "clerk: error: %s\n", clerk_error_last()->message);
		goto out;
	}
	if ((error = write_new(pubpath.buf, &pub, 0644)) || (error = fsutil_fsync_dir(dir.buf))) {
		unlink(out); /* no secret key without its public key */
		unlink(pubpath.buf);
		rc = error == CLERK_EEXISTS ? EXIT_USAGE : cmd_exit_code(error);
		fprintf(stderr, "clerk: error: %s\n", clerk_error_last()->message);
		goto out;
	}
	char id[2 * SIGN_KEYID_LEN + 1];
	sign_keyid_hex(id, pk.keyid);
	if (!quiet)
		printf("clerk keygen: key id %s: secret key %s (keep it owner-only), public key %s\n", id, out,
	       pubpath.buf);
out:
	OPENSSL_cleanse(&sk, sizeof(sk));
	if (sec.buf)
		OPENSSL_cleanse(sec.buf, sec.len);
	strbuf_release(&sec);
	strbuf_release(&pub);
	strbuf_release(&pubpath);
	strbuf_release(&dir);
	return rc == EXIT_OK ? cmd_finish_stdout(rc) : rc;
}

int cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	bool quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("keygen", argv, "o:");
		}
	}
	if (optind < argc)
		return cmd_usage_error("keygen", "unexpected argument '%s'", argv[optind]);
	if (!out || !*out)
		return cmd_usage_error("keygen", "no key file given (use --out KEY)");
	return keygen(out, quiet);
}
