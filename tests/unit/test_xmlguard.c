/*
 * test_xmlguard.c - the prolog scan shared by the XML readers: what each
 * policy refuses, at which line, what passes, that feeding the bytes one at
 * a time gives the same answer as feeding them whole, and the bounded file
 * read that notices a file growing or shrinking while it is read.
 */
#include "helpers.h"

#include <fcntl.h>
#include <unistd.h>

#include "xmlguard.h"
#include "error.h"
#include "sha256.h"
#include <sys/stat.h>

struct outcome {
	bool refused, done, markup;
	uint32_t line;
};

static struct outcome scan(enum xml_prolog_policy policy, const char *s, bool bytewise)
{
	struct xml_prolog p;
	xml_prolog_init(&p, policy);
	size_t n = strlen(s);
	if (bytewise) {
		for (size_t i = 0; i < n; i++)
			xml_prolog_scan(&p, s + i, 1);
	} else {
		xml_prolog_scan(&p, s, n);
	}
	return (struct outcome){p.refused, xml_prolog_done(&p), p.saw_markup, p.line};
}

/* Checks one input under one policy, whole and byte by byte. */
static void expect(enum xml_prolog_policy policy, const char *s, bool refused, uint32_t line)
{
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		struct outcome o = scan(policy, s, bytewise);
		cr_assert_eq(o.refused, refused, "policy %d, %s: refused %d", policy, s, o.refused);
		if (refused)
			cr_assert_eq(o.line, line, "policy %d, %s: line %u", policy, s, o.line);
	}
}

Test(xmlguard, entity_policy)
{
	enum xml_prolog_policy E = XML_PROLOG_REFUSE_ENTITY;
	expect(E, "<?xml version=\"1.0\"?>\n<Document/>", false, 0);
	expect(E, "<!DOCTYPE Document>\n<Document/>", false, 0);
	expect(E, "<!-- <!ENTITY in a comment -->\n<Document/>", false, 0);
	expect(E, "<?pi <!ENTITY in a processing instruction ?>\n<Document/>", false, 0);
	expect(E, "<?xml version=\"1.0\"?>\n<!DOCTYPE d [\n<!ENTITY a \"x\">]>\n<d/>", true, 3);
	expect(E, "<!ENTITY a \"x\">", true, 1);
	/* after the root's name nothing is scanned: entities cannot be declared there */
	expect(E, "<Document><!ENTITY a \"x\"></Document>", false, 0);
}

Test(xmlguard, declaration_policy)
{
	enum xml_prolog_policy D = XML_PROLOG_REFUSE_DECLARATION;
	expect(D, "<?xml version=\"1.0\"?>\n<Invoice/>", false, 0);
	expect(D, "<!-- a comment -->\n<Invoice/>", false, 0);
	expect(D, "\n\n<!DOCTYPE Invoice>\n<Invoice/>", true, 3);
	expect(D, "<![CDATA[x]]><Invoice/>", true, 1);
	expect(D, "<!-x --><Invoice/>", true, 1); /* not a comment */
	expect(D, "<Invoice><!DOCTYPE x></Invoice>", false, 0);
}

Test(xmlguard, markup_and_limit)
{
	struct outcome o = scan(XML_PROLOG_REFUSE_ENTITY, "plain text, no markup", false);
	cr_assert(!o.markup && !o.done);
	o = scan(XML_PROLOG_REFUSE_ENTITY, "<d/>", false);
	cr_assert(o.markup && o.done);

	/* a prolog longer than the limit ends the scan without a refusal */
	size_t n = XML_PROLOG_SCAN_MAX + 64;
	char *s = xmalloc(n + 32);
	memcpy(s, "<!--", 4);
	memset(s + 4, ' ', n - 4);
	memcpy(s + n, "--><!ENTITY a \"x\">", sizeof("--><!ENTITY a \"x\">"));
	o = scan(XML_PROLOG_REFUSE_ENTITY, s, false);
	cr_assert(o.done && !o.refused);
	free(s);
	ASSERT_NO_LEAKS();
}

static int temp_file(const char *content, char *path)
{
	memcpy(path, "/tmp/clerk-xmlguard-XXXXXX", sizeof("/tmp/clerk-xmlguard-XXXXXX"));
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

Test(xmlguard, input_reads_to_the_size_and_checks_the_end)
{
	char path[64], buf[8];
	int fd = temp_file("0123456789", path);
	struct xml_input in = {.fd = fd, .left = 10};
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 8);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 2);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 0);
	cr_assert(in.at_end && !in.changed);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 0);

	/* the file went on past the size it had */
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	in = (struct xml_input){.fd = fd, .left = 6};
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 6);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), -1);
	cr_assert(in.changed);

	/* the file is shorter than it was */
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	in = (struct xml_input){.fd = fd, .left = 12};
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 8);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 2);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), -1);
	cr_assert(in.changed && !in.io_errno);
	close(fd);
	unlink(path);

	/* a read that fails (a descriptor that is not open) */
	in = (struct xml_input){.fd = 1000, .left = 3};
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), -1);
	cr_assert_eq(in.io_errno, EBADF);
	cr_assert_eq(xml_input_error(&in, "x.xml"), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "cannot read 'x.xml'"));
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(xmlguard, memory_input)
{
	char buf[4];
	struct xml_input in;
	xml_input_memory(&in, "abcdef", 6);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 4);
	cr_assert_eq(memcmp(buf, "abcd", 4), 0);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 2);
	cr_assert_eq(memcmp(buf, "ef", 2), 0);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 0);
	cr_assert(in.at_end && !in.changed && !in.io_errno);
	xml_input_memory(&in, NULL, 0);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 0);
	ASSERT_NO_LEAKS();
}

Test(xmlguard, file_input_from_its_offset_and_digest_of_the_rest)
{
	char path[64], buf[3], hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
	int fd = temp_file("0123456789", path);
	cr_assert_eq(lseek(fd, 2, SEEK_SET), 2);
	struct stat st;
	cr_assert_eq(fstat(fd, &st), 0);
	struct xml_input in;
	cr_assert_eq(xml_input_file(&in, fd, &st, path), 0);
	cr_assert_eq(in.left, 8);
	cr_assert_eq(xml_input_read(&in, buf, sizeof(buf)), 3);
	cr_assert_eq(memcmp(buf, "234", 3), 0);
	struct sha256 *h = sha256_new();
	cr_assert_eq(xml_input_digest_rest(&in, h, path), 0);
	sha256_final_hex(h, hex);
	sha256_free(h);
	sha256_hex("56789", 5, want);
	cr_assert_str_eq(hex, want);

	/* the file grew after it was opened: the rest is refused as changed */
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	cr_assert_eq(xml_input_file(&in, fd, &st, path), 0);
	st.st_size = 4;
	cr_assert_eq(xml_input_file(&in, fd, &st, path), 0);
	h = sha256_new();
	cr_assert_eq(xml_input_digest_rest(&in, h, path), CLERK_EIO);
	sha256_free(h);
	cr_assert(in.changed);
	clerk_error_clear();
	close(fd);
	unlink(path);
	ASSERT_NO_LEAKS();
}
