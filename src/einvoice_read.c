/*
 * einvoice_read.c - the UBL 2.1 Invoice / CreditNote and UN/CEFACT CII
 * D16B CrossIndustryInvoice readers (libxml2 xmlTextReader adapter), both
 * into the one EN 16931 model of einvoice.h (formats/einvoice.md, "What is
 * read").
 *
 * One streaming pass per document, no tree: the reader keeps a stack of the
 * open elements, each with a node id from the grammar below (parent,
 * namespace, local name -> child). Elements are matched on their namespace
 * URI and local name, never on prefixes; an element the grammar does not
 * know (an extension, a signature, a term EN 16931 does not have) gets
 * N_IGNORE together with everything inside it. Text is collected only for
 * leaf nodes and handled when the element ends; containers set the targets
 * (the current party, line, allowance, breakdown, date) when they start and
 * finish their record when they end.
 *
 * Security, as in camt.c: no network (XML_PARSE_NONET), entities are not
 * substituted (no XML_PARSE_NOENT), no DTD is loaded or validated. An
 * e-invoice has no document type declaration, so the prolog is scanned
 * before libxml2 sees it and any "<!DOCTYPE" (with or without entities) is
 * refused there; the DOCTYPE and entity reference nodes are refused again
 * as a backstop (UTF-16 input). Kept text values, nesting depth and the
 * bytes kept per document are capped (einvoice.h); text the grammar
 * ignores (an embedded attachment) is only held by libxml2, within its own
 * 10 MB limit per text node.
 */
#include "compat.h"
#include "currency.h"
#include "einvoice.h"
#include "error.h"
#include "fsutil.h"
#include "sha256.h"
#include "xmlguard.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define QNAME_KEEP 64		   /* bytes of the open leaf's local name kept for messages */
#define MAX_TAX_TOTALS 4	   /* VAT totals (BT-110, BT-111) kept per document */
#define MAX_PENDING 4		   /* amounts read before BT-5 whose currency is checked later */
#define FILE_BLOCK (16u << 10)	   /* bytes read from a file at once (libxml2 asks for 4000) */

/* ------------------------------------------------------------------ */
/* Namespaces */

enum ns {
	NS_OTHER,
	NS_INV, /* UBL Invoice-2 */
	NS_CN,	/* UBL CreditNote-2 */
	NS_CAC,
	NS_CBC,
	NS_RSM,
	NS_RAM,
	NS_UDT,
	NS_QDT,
	NS_COUNT
};

static const char *const ns_uri[NS_COUNT] = {
	[NS_OTHER] = "",
	[NS_INV] = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
	[NS_CN] = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
	[NS_CAC] = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
	[NS_CBC] = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
	[NS_RSM] = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
	[NS_RAM] = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
	[NS_UDT] = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
	[NS_QDT] = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
};

/* The prefixes the standards write, shown in messages whatever a document uses. */
static const char *const ns_prefix[NS_COUNT] = {
	[NS_OTHER] = "", [NS_INV] = "", [NS_CN] = "", [NS_CAC] = "cac:", [NS_CBC] = "cbc:",
	[NS_RSM] = "rsm:", [NS_RAM] = "ram:", [NS_UDT] = "udt:", [NS_QDT] = "qdt:",
};

/* ------------------------------------------------------------------ */
/* The grammar: node ids, their kind of value, the attribute they read, their business term */

enum kind {
	K_NODE, /* a container */
	K_STR,	/* an identifier, name or code: white space collapsed */
	K_TEXT, /* a free text: trimmed, line breaks kept */
	K_AMT,	/* an amount: xs:decimal, its currencyID checked */
	K_DEC,	/* a quantity or percentage: xs:decimal */
	K_DATE, /* UBL xs:date YYYY-MM-DD */
	K_DTS,	/* CII udt:DateTimeString / udt:DateString / qdt:DateTimeString, format 102 */
	K_BOOL, /* true / false */
	K_CAT,	/* a VAT category code (UNCL 5305) */
	K_CCY,	/* a currency code (ISO 4217) */
	K_BIN,	/* an attachment: its attributes only, its text is not kept */
};

enum attr { A_NONE, A_CCY, A_UNIT, A_SCHEME, A_LIST, A_FORMAT, A_NAME, A_COUNT };

static const char *const attr_name[A_COUNT] = {
	[A_NONE] = NULL, [A_CCY] = "currencyID", [A_UNIT] = "unitCode", [A_SCHEME] = "schemeID",
	[A_LIST] = "listID", [A_FORMAT] = "format", [A_NAME] = "name",
};

/* X(id, kind, attribute, business term shown in messages) */
#define NODES(X)                                                                              \
	X(NONE, K_NODE, A_NONE, "") X(IGNORE, K_NODE, A_NONE, "")                                 \
	/* ---- UBL ---- */                                                                       \
	X(U_ROOT, K_NODE, A_NONE, "")                                                             \
	X(U_CUSTOMIZATION, K_STR, A_NONE, "BT-24") X(U_PROFILE, K_STR, A_NONE, "BT-23")           \
	X(U_ID, K_STR, A_NONE, "BT-1") X(U_ISSUE_DATE, K_DATE, A_NONE, "BT-2")                    \
	X(U_DUE_DATE, K_DATE, A_NONE, "BT-9") X(U_TYPE, K_STR, A_NONE, "BT-3")                    \
	X(U_NOTE, K_TEXT, A_NONE, "BT-22") X(U_TAX_POINT, K_DATE, A_NONE, "BT-7")                 \
	X(U_CURRENCY, K_CCY, A_NONE, "BT-5") X(U_TAX_CURRENCY, K_CCY, A_NONE, "BT-6")             \
	X(U_ACCOUNTING, K_STR, A_NONE, "BT-19") X(U_BUYER_REF, K_STR, A_NONE, "BT-10")            \
	X(U_PERIOD, K_NODE, A_NONE, "") X(U_START, K_DATE, A_NONE, "BT-73")                       \
	X(U_END, K_DATE, A_NONE, "BT-74") X(U_PERIOD_CODE, K_STR, A_NONE, "BT-8")                 \
	X(U_ORDER, K_NODE, A_NONE, "") X(U_ORDER_ID, K_STR, A_NONE, "BT-13")                      \
	X(U_SALES_ORDER, K_STR, A_NONE, "BT-14") X(U_BILLING, K_NODE, A_NONE, "")                 \
	X(U_INVREF, K_NODE, A_NONE, "") X(U_INVREF_ID, K_STR, A_NONE, "BT-25")                    \
	X(U_INVREF_DATE, K_DATE, A_NONE, "BT-26") X(U_DESPATCH, K_NODE, A_NONE, "")               \
	X(U_DESPATCH_ID, K_STR, A_NONE, "BT-16") X(U_RECEIPT, K_NODE, A_NONE, "")                 \
	X(U_RECEIPT_ID, K_STR, A_NONE, "BT-15") X(U_ORIGINATOR, K_NODE, A_NONE, "")               \
	X(U_ORIGINATOR_ID, K_STR, A_NONE, "BT-17") X(U_CONTRACT, K_NODE, A_NONE, "")              \
	X(U_CONTRACT_ID, K_STR, A_NONE, "BT-12") X(U_PROJECT, K_NODE, A_NONE, "")                 \
	X(U_PROJECT_ID, K_STR, A_NONE, "BT-11") X(U_ADDDOC, K_NODE, A_NONE, "")                   \
	X(U_ADDDOC_ID, K_STR, A_SCHEME, "BT-122") X(U_ADDDOC_TYPE, K_STR, A_NONE, "")             \
	X(U_ADDDOC_DESC, K_TEXT, A_NONE, "BT-123") X(U_ATTACH, K_NODE, A_NONE, "")                \
	X(U_ATTACH_BIN, K_BIN, A_NONE, "BT-125") X(U_EXTREF, K_NODE, A_NONE, "")                  \
	X(U_EXTREF_URI, K_STR, A_NONE, "BT-124")                                                  \
	X(U_SUPPLIER, K_NODE, A_NONE, "") X(U_CUSTOMER, K_NODE, A_NONE, "")                       \
	X(U_PARTY, K_NODE, A_NONE, "") X(U_ENDPOINT, K_STR, A_SCHEME, "BT-34")                    \
	X(U_PARTYID, K_NODE, A_NONE, "") X(U_PARTYID_ID, K_STR, A_SCHEME, "BT-29")                \
	X(U_PARTYNAME, K_NODE, A_NONE, "") X(U_PARTYNAME_NAME, K_STR, A_NONE, "BT-28")            \
	X(U_ADDR, K_NODE, A_NONE, "") X(U_STREET, K_STR, A_NONE, "BT-35")                         \
	X(U_STREET2, K_STR, A_NONE, "BT-36") X(U_ADDRLINE, K_NODE, A_NONE, "")                    \
	X(U_ADDRLINE_LINE, K_STR, A_NONE, "BT-162") X(U_CITY, K_STR, A_NONE, "BT-37")             \
	X(U_POSTCODE, K_STR, A_NONE, "BT-38") X(U_SUBDIV, K_STR, A_NONE, "BT-39")                 \
	X(U_COUNTRY, K_NODE, A_NONE, "") X(U_COUNTRY_CODE, K_STR, A_NONE, "BT-40")                \
	X(U_PTS, K_NODE, A_NONE, "") X(U_PTS_COMPANY, K_STR, A_NONE, "BT-31")                     \
	X(U_PTS_SCHEME, K_NODE, A_NONE, "") X(U_PTS_SCHEME_ID, K_STR, A_NONE, "")                 \
	X(U_PLE, K_NODE, A_NONE, "") X(U_PLE_NAME, K_STR, A_NONE, "BT-27")                        \
	X(U_PLE_COMPANY, K_STR, A_SCHEME, "BT-30") X(U_PLE_FORM, K_TEXT, A_NONE, "BT-33")         \
	X(U_CONTACT, K_NODE, A_NONE, "") X(U_CONTACT_NAME, K_STR, A_NONE, "BT-41")                \
	X(U_CONTACT_PHONE, K_STR, A_NONE, "BT-42") X(U_CONTACT_MAIL, K_STR, A_NONE, "BT-43")      \
	X(U_DELIVERY, K_NODE, A_NONE, "") X(U_DELIVERY_DATE, K_DATE, A_NONE, "BT-72")             \
	X(U_DELLOC, K_NODE, A_NONE, "") X(U_DELLOC_ID, K_STR, A_SCHEME, "BT-71")                  \
	X(U_DELPARTY, K_NODE, A_NONE, "")                                                         \
	X(U_MEANS, K_NODE, A_NONE, "") X(U_MEANS_CODE, K_STR, A_NAME, "BT-81")                    \
	X(U_MEANS_DUE, K_DATE, A_NONE, "BT-9") X(U_MEANS_ID, K_STR, A_NONE, "BT-83")              \
	X(U_CARD, K_NODE, A_NONE, "") X(U_CARD_PAN, K_STR, A_NONE, "BT-87")                       \
	X(U_CARD_HOLDER, K_STR, A_NONE, "BT-88") X(U_PFA, K_NODE, A_NONE, "")                     \
	X(U_PFA_ID, K_STR, A_NONE, "BT-84") X(U_PFA_NAME, K_STR, A_NONE, "BT-85")                 \
	X(U_FIB, K_NODE, A_NONE, "") X(U_FIB_ID, K_STR, A_NONE, "BT-86")                          \
	X(U_MANDATE, K_NODE, A_NONE, "") X(U_MANDATE_ID, K_STR, A_NONE, "BT-89")                  \
	X(U_PAYERFA, K_NODE, A_NONE, "") X(U_PAYERFA_ID, K_STR, A_NONE, "BT-91")                  \
	X(U_TERMS, K_NODE, A_NONE, "") X(U_TERMS_NOTE, K_TEXT, A_NONE, "BT-20")                   \
	X(U_AC, K_NODE, A_NONE, "") X(U_AC_IND, K_BOOL, A_NONE, "")                               \
	X(U_AC_REASON_CODE, K_STR, A_NONE, "BT-98") X(U_AC_REASON, K_TEXT, A_NONE, "BT-97")       \
	X(U_AC_PERCENT, K_DEC, A_NONE, "BT-94") X(U_AC_AMOUNT, K_AMT, A_CCY, "BT-92")             \
	X(U_AC_BASE, K_AMT, A_CCY, "BT-93")                                                       \
	X(U_TAXCAT, K_NODE, A_NONE, "") X(U_TAXCAT_ID, K_CAT, A_NONE, "BT-118")                   \
	X(U_TAXCAT_PERCENT, K_DEC, A_NONE, "BT-119")                                              \
	X(U_TAXCAT_EXCODE, K_STR, A_NONE, "BT-121") X(U_TAXCAT_EXREASON, K_TEXT, A_NONE, "BT-120") \
	X(U_TAXTOTAL, K_NODE, A_NONE, "") X(U_TAXTOTAL_AMOUNT, K_AMT, A_CCY, "BT-110")            \
	X(U_SUBTOTAL, K_NODE, A_NONE, "") X(U_SUB_TAXABLE, K_AMT, A_CCY, "BT-116")                \
	X(U_SUB_TAX, K_AMT, A_CCY, "BT-117")                                                      \
	X(U_LMT, K_NODE, A_NONE, "") X(U_LMT_LINES, K_AMT, A_CCY, "BT-106")                       \
	X(U_LMT_WITHOUT, K_AMT, A_CCY, "BT-109") X(U_LMT_WITH, K_AMT, A_CCY, "BT-112")            \
	X(U_LMT_ALLOW, K_AMT, A_CCY, "BT-107") X(U_LMT_CHARGE, K_AMT, A_CCY, "BT-108")            \
	X(U_LMT_PREPAID, K_AMT, A_CCY, "BT-113") X(U_LMT_ROUNDING, K_AMT, A_CCY, "BT-114")        \
	X(U_LMT_PAYABLE, K_AMT, A_CCY, "BT-115")                                                  \
	X(U_LINE, K_NODE, A_NONE, "") X(U_LINE_ID, K_STR, A_NONE, "BT-126")                       \
	X(U_LINE_NOTE, K_TEXT, A_NONE, "BT-127") X(U_LINE_QTY, K_DEC, A_UNIT, "BT-129")           \
	X(U_LINE_NET, K_AMT, A_CCY, "BT-131") X(U_LINE_ACCOUNTING, K_STR, A_NONE, "BT-133")       \
	X(U_OLR, K_NODE, A_NONE, "") X(U_OLR_ID, K_STR, A_NONE, "BT-132")                         \
	X(U_LDOCREF, K_NODE, A_NONE, "") X(U_LDOCREF_ID, K_STR, A_SCHEME, "BT-128")               \
	X(U_LDOCREF_TYPE, K_STR, A_NONE, "")                                                      \
	X(U_ITEM, K_NODE, A_NONE, "") X(U_ITEM_DESC, K_TEXT, A_NONE, "BT-154")                    \
	X(U_ITEM_NAME, K_STR, A_NONE, "BT-153") X(U_BII, K_NODE, A_NONE, "")                      \
	X(U_BII_ID, K_STR, A_NONE, "BT-156") X(U_SII, K_NODE, A_NONE, "")                         \
	X(U_SII_ID, K_STR, A_NONE, "BT-155") X(U_STDII, K_NODE, A_NONE, "")                       \
	X(U_STDII_ID, K_STR, A_SCHEME, "BT-157") X(U_ORIGIN, K_NODE, A_NONE, "")                  \
	X(U_ORIGIN_CODE, K_STR, A_NONE, "BT-159") X(U_CLASS, K_NODE, A_NONE, "")                  \
	X(U_CLASS_CODE, K_STR, A_LIST, "BT-158") X(U_PROP, K_NODE, A_NONE, "")                    \
	X(U_PROP_NAME, K_STR, A_NONE, "BT-160") X(U_PROP_VALUE, K_STR, A_NONE, "BT-161")          \
	X(U_PRICE, K_NODE, A_NONE, "") X(U_PRICE_AMOUNT, K_AMT, A_CCY, "BT-146")                  \
	X(U_PRICE_BASEQ, K_DEC, A_UNIT, "BT-149") X(U_PRICEAC, K_NODE, A_NONE, "")                \
	X(U_PRICEAC_IND, K_BOOL, A_NONE, "") X(U_PRICEAC_AMOUNT, K_AMT, A_CCY, "BT-147")          \
	X(U_PRICEAC_BASE, K_AMT, A_CCY, "BT-148")                                                 \
	/* ---- CII ---- */                                                                      \
	X(C_ROOT, K_NODE, A_NONE, "") X(C_CONTEXT, K_NODE, A_NONE, "")                            \
	X(C_BPROC, K_NODE, A_NONE, "") X(C_BPROC_ID, K_STR, A_NONE, "BT-23")                      \
	X(C_GUIDE, K_NODE, A_NONE, "") X(C_GUIDE_ID, K_STR, A_NONE, "BT-24")                      \
	X(C_DOC, K_NODE, A_NONE, "") X(C_DOC_ID, K_STR, A_NONE, "BT-1")                           \
	X(C_DOC_TYPE, K_STR, A_NONE, "BT-3") X(C_NOTE, K_NODE, A_NONE, "")                        \
	X(C_NOTE_CONTENT, K_TEXT, A_NONE, "BT-22") X(C_NOTE_SUBJECT, K_STR, A_NONE, "BT-21")      \
	X(C_TX, K_NODE, A_NONE, "")                                                               \
	/* date wrappers and their udt/qdt string */                                             \
	X(C_ISSUE_DT, K_NODE, A_NONE, "") X(C_DUE_DT, K_NODE, A_NONE, "")                         \
	X(C_START_DT, K_NODE, A_NONE, "") X(C_END_DT, K_NODE, A_NONE, "")                         \
	X(C_DELIVERY_DT, K_NODE, A_NONE, "") X(C_REF_DT, K_NODE, A_NONE, "")                      \
	X(C_TAXPOINT_DT, K_NODE, A_NONE, "") X(C_DTS, K_DTS, A_FORMAT, "")                        \
	X(C_IND, K_NODE, A_NONE, "") X(C_IND_VALUE, K_BOOL, A_NONE, "")                           \
	/* lines */                                                                               \
	X(C_LINE, K_NODE, A_NONE, "") X(C_LDOC, K_NODE, A_NONE, "")                               \
	X(C_LDOC_ID, K_STR, A_NONE, "BT-126") X(C_LDOC_PARENT, K_STR, A_NONE, "")                 \
	X(C_LDOC_STATUS, K_STR, A_NONE, "") X(C_LNOTE, K_NODE, A_NONE, "")                        \
	X(C_LNOTE_CONTENT, K_TEXT, A_NONE, "BT-127") X(C_PRODUCT, K_NODE, A_NONE, "")             \
	X(C_PRODUCT_GLOBAL, K_STR, A_SCHEME, "BT-157") X(C_PRODUCT_SELLER, K_STR, A_NONE, "BT-155") \
	X(C_PRODUCT_BUYER, K_STR, A_NONE, "BT-156") X(C_PRODUCT_NAME, K_STR, A_NONE, "BT-153")    \
	X(C_PRODUCT_DESC, K_TEXT, A_NONE, "BT-154") X(C_CHAR, K_NODE, A_NONE, "")                 \
	X(C_CHAR_DESC, K_STR, A_NONE, "BT-160") X(C_CHAR_VALUE, K_STR, A_NONE, "BT-161")          \
	X(C_CLASS, K_NODE, A_NONE, "") X(C_CLASS_CODE, K_STR, A_LIST, "BT-158")                   \
	X(C_ORIGIN, K_NODE, A_NONE, "") X(C_ORIGIN_ID, K_STR, A_NONE, "BT-159")                   \
	X(C_LAGREE, K_NODE, A_NONE, "") X(C_LORDER, K_NODE, A_NONE, "")                           \
	X(C_LORDER_LINE, K_STR, A_NONE, "BT-132") X(C_GROSS, K_NODE, A_NONE, "")                  \
	X(C_GROSS_AMOUNT, K_AMT, A_CCY, "BT-148") X(C_GROSS_BASEQ, K_DEC, A_UNIT, "BT-149")       \
	X(C_PRICEAC, K_NODE, A_NONE, "") X(C_PRICEAC_AMOUNT, K_AMT, A_CCY, "BT-147")              \
	X(C_NET, K_NODE, A_NONE, "") X(C_NET_AMOUNT, K_AMT, A_CCY, "BT-146")                      \
	X(C_NET_BASEQ, K_DEC, A_UNIT, "BT-149") X(C_LDELIV, K_NODE, A_NONE, "")                   \
	X(C_LDELIV_QTY, K_DEC, A_UNIT, "BT-129") X(C_LSETTLE, K_NODE, A_NONE, "")                 \
	X(C_LTAX, K_NODE, A_NONE, "") X(C_LTAX_CAT, K_CAT, A_NONE, "BT-151")                      \
	X(C_LTAX_RATE, K_DEC, A_NONE, "BT-152") X(C_LPERIOD, K_NODE, A_NONE, "")                  \
	X(C_LSUM, K_NODE, A_NONE, "") X(C_LSUM_NET, K_AMT, A_CCY, "BT-131")                       \
	X(C_LADDREF, K_NODE, A_NONE, "") X(C_LADDREF_ID, K_STR, A_NONE, "BT-128")                 \
	X(C_LADDREF_TYPE, K_STR, A_NONE, "") X(C_LADDREF_SCHEME, K_STR, A_NONE, "")               \
	X(C_ACCT, K_NODE, A_NONE, "") X(C_ACCT_ID, K_STR, A_NONE, "BT-19")                        \
	/* allowances and charges */                                                              \
	X(C_AC, K_NODE, A_NONE, "") X(C_AC_PERCENT, K_DEC, A_NONE, "BT-94")                       \
	X(C_AC_BASE, K_AMT, A_CCY, "BT-93") X(C_AC_AMOUNT, K_AMT, A_CCY, "BT-92")                 \
	X(C_AC_REASON_CODE, K_STR, A_NONE, "BT-98") X(C_AC_REASON, K_TEXT, A_NONE, "BT-97")       \
	X(C_ACTAX, K_NODE, A_NONE, "") X(C_ACTAX_CAT, K_CAT, A_NONE, "BT-95")                     \
	X(C_ACTAX_RATE, K_DEC, A_NONE, "BT-96")                                                   \
	/* header agreement */                                                                    \
	X(C_AGREE, K_NODE, A_NONE, "") X(C_BUYER_REF, K_STR, A_NONE, "BT-10")                     \
	X(C_PARTY, K_NODE, A_NONE, "") X(C_PARTY_ID, K_STR, A_NONE, "BT-29")                      \
	X(C_PARTY_GLOBAL, K_STR, A_SCHEME, "BT-29") X(C_PARTY_NAME, K_STR, A_NONE, "BT-27")       \
	X(C_PARTY_DESC, K_TEXT, A_NONE, "BT-33") X(C_LEGAL, K_NODE, A_NONE, "")                   \
	X(C_LEGAL_ID, K_STR, A_SCHEME, "BT-30") X(C_LEGAL_TRADING, K_STR, A_NONE, "BT-28")        \
	X(C_CONTACT, K_NODE, A_NONE, "") X(C_CONTACT_PERSON, K_STR, A_NONE, "BT-41")              \
	X(C_CONTACT_DEPT, K_STR, A_NONE, "BT-41") X(C_PHONE, K_NODE, A_NONE, "")                  \
	X(C_PHONE_NUMBER, K_STR, A_NONE, "BT-42") X(C_EMAIL, K_NODE, A_NONE, "")                  \
	X(C_EMAIL_URI, K_STR, A_NONE, "BT-43") X(C_ADDR, K_NODE, A_NONE, "")                      \
	X(C_ADDR_POSTCODE, K_STR, A_NONE, "BT-38") X(C_ADDR_LINE1, K_STR, A_NONE, "BT-35")        \
	X(C_ADDR_LINE2, K_STR, A_NONE, "BT-36") X(C_ADDR_LINE3, K_STR, A_NONE, "BT-162")          \
	X(C_ADDR_CITY, K_STR, A_NONE, "BT-37") X(C_ADDR_COUNTRY, K_STR, A_NONE, "BT-40")          \
	X(C_ADDR_SUBDIV, K_STR, A_NONE, "BT-39") X(C_URI, K_NODE, A_NONE, "")                     \
	X(C_URI_ID, K_STR, A_SCHEME, "BT-34") X(C_TAXREG, K_NODE, A_NONE, "")                     \
	X(C_TAXREG_ID, K_STR, A_SCHEME, "BT-31")                                                  \
	X(C_SORDER, K_NODE, A_NONE, "") X(C_SORDER_ID, K_STR, A_NONE, "BT-14")                    \
	X(C_BORDER, K_NODE, A_NONE, "") X(C_BORDER_ID, K_STR, A_NONE, "BT-13")                    \
	X(C_CONTRACT, K_NODE, A_NONE, "") X(C_CONTRACT_ID, K_STR, A_NONE, "BT-12")                \
	X(C_ADDREF, K_NODE, A_NONE, "") X(C_ADDREF_ID, K_STR, A_NONE, "BT-122")                   \
	X(C_ADDREF_URI, K_STR, A_NONE, "BT-124") X(C_ADDREF_TYPE, K_STR, A_NONE, "")              \
	X(C_ADDREF_NAME, K_TEXT, A_NONE, "BT-123") X(C_ADDREF_BIN, K_BIN, A_NONE, "BT-125")       \
	X(C_ADDREF_SCHEME, K_STR, A_NONE, "BT-18")                                                \
	X(C_PROJECT, K_NODE, A_NONE, "") X(C_PROJECT_ID, K_STR, A_NONE, "BT-11")                  \
	/* header delivery */                                                                     \
	X(C_DELIV, K_NODE, A_NONE, "") X(C_EVENT, K_NODE, A_NONE, "")                             \
	X(C_DESPATCH, K_NODE, A_NONE, "") X(C_DESPATCH_ID, K_STR, A_NONE, "BT-16")                \
	X(C_RECEIVING, K_NODE, A_NONE, "") X(C_RECEIVING_ID, K_STR, A_NONE, "BT-15")              \
	/* header settlement */                                                                   \
	X(C_SETTLE, K_NODE, A_NONE, "") X(C_CREDITOR_ID, K_STR, A_NONE, "BT-90")                  \
	X(C_PAYMENT_REF, K_STR, A_NONE, "BT-83") X(C_TAX_CURRENCY, K_CCY, A_NONE, "BT-6")         \
	X(C_CURRENCY, K_CCY, A_NONE, "BT-5") X(C_MEANS, K_NODE, A_NONE, "")                       \
	X(C_MEANS_CODE, K_STR, A_NONE, "BT-81") X(C_MEANS_INFO, K_STR, A_NONE, "BT-82")           \
	X(C_CARD, K_NODE, A_NONE, "") X(C_CARD_ID, K_STR, A_NONE, "BT-87")                        \
	X(C_CARD_HOLDER, K_STR, A_NONE, "BT-88") X(C_PAYERACCT, K_NODE, A_NONE, "")               \
	X(C_PAYERACCT_IBAN, K_STR, A_NONE, "BT-91") X(C_PAYEEACCT, K_NODE, A_NONE, "")            \
	X(C_PAYEEACCT_IBAN, K_STR, A_NONE, "BT-84") X(C_PAYEEACCT_NAME, K_STR, A_NONE, "BT-85")   \
	X(C_PAYEEACCT_PROP, K_STR, A_NONE, "BT-84") X(C_FININST, K_NODE, A_NONE, "")              \
	X(C_FININST_BIC, K_STR, A_NONE, "BT-86")                                                  \
	X(C_TAX, K_NODE, A_NONE, "") X(C_TAX_AMOUNT, K_AMT, A_CCY, "BT-117")                      \
	X(C_TAX_EXREASON, K_TEXT, A_NONE, "BT-120") X(C_TAX_BASIS, K_AMT, A_CCY, "BT-116")        \
	X(C_TAX_CAT, K_CAT, A_NONE, "BT-118") X(C_TAX_EXCODE, K_STR, A_NONE, "BT-121")            \
	X(C_TAX_DUECODE, K_STR, A_NONE, "BT-8") X(C_TAX_RATE, K_DEC, A_NONE, "BT-119")            \
	X(C_PERIOD, K_NODE, A_NONE, "")                                                           \
	X(C_TERMS, K_NODE, A_NONE, "") X(C_TERMS_DESC, K_TEXT, A_NONE, "BT-20")                   \
	X(C_TERMS_MANDATE, K_STR, A_NONE, "BT-89")                                                \
	X(C_SUM, K_NODE, A_NONE, "") X(C_SUM_LINES, K_AMT, A_CCY, "BT-106")                       \
	X(C_SUM_CHARGE, K_AMT, A_CCY, "BT-108") X(C_SUM_ALLOW, K_AMT, A_CCY, "BT-107")            \
	X(C_SUM_WITHOUT, K_AMT, A_CCY, "BT-109") X(C_SUM_TAX, K_AMT, A_CCY, "BT-110")             \
	X(C_SUM_ROUNDING, K_AMT, A_CCY, "BT-114") X(C_SUM_WITH, K_AMT, A_CCY, "BT-112")           \
	X(C_SUM_PREPAID, K_AMT, A_CCY, "BT-113") X(C_SUM_PAYABLE, K_AMT, A_CCY, "BT-115")         \
	X(C_INVREF, K_NODE, A_NONE, "") X(C_INVREF_ID, K_STR, A_NONE, "BT-25")

enum node {
#define X(id, kind, attr, bt) N_##id,
	NODES(X)
#undef X
	N_COUNT
};

static const uint8_t node_kind[N_COUNT] = {
#define X(id, kind, attr, bt) kind,
	NODES(X)
#undef X
};

static const uint8_t node_attr[N_COUNT] = {
#define X(id, kind, attr, bt) attr,
	NODES(X)
#undef X
};

static const char *const node_bt[N_COUNT] = {
#define X(id, kind, attr, bt) bt,
	NODES(X)
#undef X
};

struct edge {
	uint16_t parent;
	uint8_t ns;
	const char *name;
	uint16_t child;
};

#define CAC(p, n, c) { N_##p, NS_CAC, n, N_##c }
#define CBC(p, n, c) { N_##p, NS_CBC, n, N_##c }
#define RSM(p, n, c) { N_##p, NS_RSM, n, N_##c }
#define RAM(p, n, c) { N_##p, NS_RAM, n, N_##c }
#define UDT(p, n, c) { N_##p, NS_UDT, n, N_##c }

/* parent --(namespace, name)--> child. Rows of one parent are contiguous (checked at start). */
static const struct edge grammar[] = {
	CBC(U_ROOT, "CustomizationID", U_CUSTOMIZATION),
	CBC(U_ROOT, "ProfileID", U_PROFILE),
	CBC(U_ROOT, "ID", U_ID),
	CBC(U_ROOT, "IssueDate", U_ISSUE_DATE),
	CBC(U_ROOT, "DueDate", U_DUE_DATE),
	CBC(U_ROOT, "InvoiceTypeCode", U_TYPE),
	CBC(U_ROOT, "CreditNoteTypeCode", U_TYPE),
	CBC(U_ROOT, "Note", U_NOTE),
	CBC(U_ROOT, "TaxPointDate", U_TAX_POINT),
	CBC(U_ROOT, "DocumentCurrencyCode", U_CURRENCY),
	CBC(U_ROOT, "TaxCurrencyCode", U_TAX_CURRENCY),
	CBC(U_ROOT, "AccountingCost", U_ACCOUNTING),
	CBC(U_ROOT, "BuyerReference", U_BUYER_REF),
	CAC(U_ROOT, "InvoicePeriod", U_PERIOD),
	CAC(U_ROOT, "OrderReference", U_ORDER),
	CAC(U_ROOT, "BillingReference", U_BILLING),
	CAC(U_ROOT, "DespatchDocumentReference", U_DESPATCH),
	CAC(U_ROOT, "ReceiptDocumentReference", U_RECEIPT),
	CAC(U_ROOT, "OriginatorDocumentReference", U_ORIGINATOR),
	CAC(U_ROOT, "ContractDocumentReference", U_CONTRACT),
	CAC(U_ROOT, "AdditionalDocumentReference", U_ADDDOC),
	CAC(U_ROOT, "ProjectReference", U_PROJECT),
	CAC(U_ROOT, "AccountingSupplierParty", U_SUPPLIER),
	CAC(U_ROOT, "AccountingCustomerParty", U_CUSTOMER),
	CAC(U_ROOT, "PayeeParty", U_PARTY),
	CAC(U_ROOT, "TaxRepresentativeParty", U_PARTY),
	CAC(U_ROOT, "Delivery", U_DELIVERY),
	CAC(U_ROOT, "PaymentMeans", U_MEANS),
	CAC(U_ROOT, "PaymentTerms", U_TERMS),
	CAC(U_ROOT, "AllowanceCharge", U_AC),
	CAC(U_ROOT, "TaxTotal", U_TAXTOTAL),
	CAC(U_ROOT, "LegalMonetaryTotal", U_LMT),
	CAC(U_ROOT, "InvoiceLine", U_LINE),
	CAC(U_ROOT, "CreditNoteLine", U_LINE),

	CBC(U_PERIOD, "StartDate", U_START),
	CBC(U_PERIOD, "EndDate", U_END),
	CBC(U_PERIOD, "DescriptionCode", U_PERIOD_CODE),
	CBC(U_ORDER, "ID", U_ORDER_ID),
	CBC(U_ORDER, "SalesOrderID", U_SALES_ORDER),
	CAC(U_BILLING, "InvoiceDocumentReference", U_INVREF),
	CBC(U_INVREF, "ID", U_INVREF_ID),
	CBC(U_INVREF, "IssueDate", U_INVREF_DATE),
	CBC(U_DESPATCH, "ID", U_DESPATCH_ID),
	CBC(U_RECEIPT, "ID", U_RECEIPT_ID),
	CBC(U_ORIGINATOR, "ID", U_ORIGINATOR_ID),
	CBC(U_CONTRACT, "ID", U_CONTRACT_ID),
	CBC(U_PROJECT, "ID", U_PROJECT_ID),
	CBC(U_ADDDOC, "ID", U_ADDDOC_ID),
	CBC(U_ADDDOC, "DocumentTypeCode", U_ADDDOC_TYPE),
	CBC(U_ADDDOC, "DocumentDescription", U_ADDDOC_DESC),
	CAC(U_ADDDOC, "Attachment", U_ATTACH),
	CBC(U_ATTACH, "EmbeddedDocumentBinaryObject", U_ATTACH_BIN),
	CAC(U_ATTACH, "ExternalReference", U_EXTREF),
	CBC(U_EXTREF, "URI", U_EXTREF_URI),
	CAC(U_SUPPLIER, "Party", U_PARTY),
	CAC(U_CUSTOMER, "Party", U_PARTY),

	CBC(U_PARTY, "EndpointID", U_ENDPOINT),
	CAC(U_PARTY, "PartyIdentification", U_PARTYID),
	CAC(U_PARTY, "PartyName", U_PARTYNAME),
	CAC(U_PARTY, "PostalAddress", U_ADDR),
	CAC(U_PARTY, "PartyTaxScheme", U_PTS),
	CAC(U_PARTY, "PartyLegalEntity", U_PLE),
	CAC(U_PARTY, "Contact", U_CONTACT),
	CBC(U_PARTYID, "ID", U_PARTYID_ID),
	CBC(U_PARTYNAME, "Name", U_PARTYNAME_NAME),
	CBC(U_ADDR, "StreetName", U_STREET),
	CBC(U_ADDR, "AdditionalStreetName", U_STREET2),
	CAC(U_ADDR, "AddressLine", U_ADDRLINE),
	CBC(U_ADDR, "CityName", U_CITY),
	CBC(U_ADDR, "PostalZone", U_POSTCODE),
	CBC(U_ADDR, "CountrySubentity", U_SUBDIV),
	CAC(U_ADDR, "Country", U_COUNTRY),
	CBC(U_ADDRLINE, "Line", U_ADDRLINE_LINE),
	CBC(U_COUNTRY, "IdentificationCode", U_COUNTRY_CODE),
	CBC(U_PTS, "CompanyID", U_PTS_COMPANY),
	CAC(U_PTS, "TaxScheme", U_PTS_SCHEME),
	CBC(U_PTS_SCHEME, "ID", U_PTS_SCHEME_ID),
	CBC(U_PLE, "RegistrationName", U_PLE_NAME),
	CBC(U_PLE, "CompanyID", U_PLE_COMPANY),
	CBC(U_PLE, "CompanyLegalForm", U_PLE_FORM),
	CBC(U_CONTACT, "Name", U_CONTACT_NAME),
	CBC(U_CONTACT, "Telephone", U_CONTACT_PHONE),
	CBC(U_CONTACT, "ElectronicMail", U_CONTACT_MAIL),

	CBC(U_DELIVERY, "ActualDeliveryDate", U_DELIVERY_DATE),
	CAC(U_DELIVERY, "DeliveryLocation", U_DELLOC),
	CAC(U_DELIVERY, "DeliveryParty", U_DELPARTY),
	CBC(U_DELLOC, "ID", U_DELLOC_ID),
	CAC(U_DELLOC, "Address", U_ADDR),
	CAC(U_DELPARTY, "PartyName", U_PARTYNAME),

	CBC(U_MEANS, "PaymentMeansCode", U_MEANS_CODE),
	CBC(U_MEANS, "PaymentDueDate", U_MEANS_DUE),
	CBC(U_MEANS, "PaymentID", U_MEANS_ID),
	CAC(U_MEANS, "CardAccount", U_CARD),
	CAC(U_MEANS, "PayeeFinancialAccount", U_PFA),
	CAC(U_MEANS, "PaymentMandate", U_MANDATE),
	CBC(U_CARD, "PrimaryAccountNumberID", U_CARD_PAN),
	CBC(U_CARD, "HolderName", U_CARD_HOLDER),
	CBC(U_PFA, "ID", U_PFA_ID),
	CBC(U_PFA, "Name", U_PFA_NAME),
	CAC(U_PFA, "FinancialInstitutionBranch", U_FIB),
	CBC(U_FIB, "ID", U_FIB_ID),
	CBC(U_MANDATE, "ID", U_MANDATE_ID),
	CAC(U_MANDATE, "PayerFinancialAccount", U_PAYERFA),
	CBC(U_PAYERFA, "ID", U_PAYERFA_ID),
	CBC(U_TERMS, "Note", U_TERMS_NOTE),

	CBC(U_AC, "ChargeIndicator", U_AC_IND),
	CBC(U_AC, "AllowanceChargeReasonCode", U_AC_REASON_CODE),
	CBC(U_AC, "AllowanceChargeReason", U_AC_REASON),
	CBC(U_AC, "MultiplierFactorNumeric", U_AC_PERCENT),
	CBC(U_AC, "Amount", U_AC_AMOUNT),
	CBC(U_AC, "BaseAmount", U_AC_BASE),
	CAC(U_AC, "TaxCategory", U_TAXCAT),
	CBC(U_TAXCAT, "ID", U_TAXCAT_ID),
	CBC(U_TAXCAT, "Percent", U_TAXCAT_PERCENT),
	CBC(U_TAXCAT, "TaxExemptionReasonCode", U_TAXCAT_EXCODE),
	CBC(U_TAXCAT, "TaxExemptionReason", U_TAXCAT_EXREASON),
	CBC(U_TAXTOTAL, "TaxAmount", U_TAXTOTAL_AMOUNT),
	CAC(U_TAXTOTAL, "TaxSubtotal", U_SUBTOTAL),
	CBC(U_SUBTOTAL, "TaxableAmount", U_SUB_TAXABLE),
	CBC(U_SUBTOTAL, "TaxAmount", U_SUB_TAX),
	CAC(U_SUBTOTAL, "TaxCategory", U_TAXCAT),
	CBC(U_LMT, "LineExtensionAmount", U_LMT_LINES),
	CBC(U_LMT, "TaxExclusiveAmount", U_LMT_WITHOUT),
	CBC(U_LMT, "TaxInclusiveAmount", U_LMT_WITH),
	CBC(U_LMT, "AllowanceTotalAmount", U_LMT_ALLOW),
	CBC(U_LMT, "ChargeTotalAmount", U_LMT_CHARGE),
	CBC(U_LMT, "PrepaidAmount", U_LMT_PREPAID),
	CBC(U_LMT, "PayableRoundingAmount", U_LMT_ROUNDING),
	CBC(U_LMT, "PayableAmount", U_LMT_PAYABLE),

	CBC(U_LINE, "ID", U_LINE_ID),
	CBC(U_LINE, "Note", U_LINE_NOTE),
	CBC(U_LINE, "InvoicedQuantity", U_LINE_QTY),
	CBC(U_LINE, "CreditedQuantity", U_LINE_QTY),
	CBC(U_LINE, "LineExtensionAmount", U_LINE_NET),
	CBC(U_LINE, "AccountingCost", U_LINE_ACCOUNTING),
	CAC(U_LINE, "InvoicePeriod", U_PERIOD),
	CAC(U_LINE, "OrderLineReference", U_OLR),
	CAC(U_LINE, "DocumentReference", U_LDOCREF),
	CAC(U_LINE, "AllowanceCharge", U_AC),
	CAC(U_LINE, "Item", U_ITEM),
	CAC(U_LINE, "Price", U_PRICE),
	CBC(U_OLR, "LineID", U_OLR_ID),
	CBC(U_LDOCREF, "ID", U_LDOCREF_ID),
	CBC(U_LDOCREF, "DocumentTypeCode", U_LDOCREF_TYPE),
	CBC(U_ITEM, "Description", U_ITEM_DESC),
	CBC(U_ITEM, "Name", U_ITEM_NAME),
	CAC(U_ITEM, "BuyersItemIdentification", U_BII),
	CAC(U_ITEM, "SellersItemIdentification", U_SII),
	CAC(U_ITEM, "StandardItemIdentification", U_STDII),
	CAC(U_ITEM, "OriginCountry", U_ORIGIN),
	CAC(U_ITEM, "CommodityClassification", U_CLASS),
	CAC(U_ITEM, "ClassifiedTaxCategory", U_TAXCAT),
	CAC(U_ITEM, "AdditionalItemProperty", U_PROP),
	CBC(U_BII, "ID", U_BII_ID),
	CBC(U_SII, "ID", U_SII_ID),
	CBC(U_STDII, "ID", U_STDII_ID),
	CBC(U_ORIGIN, "IdentificationCode", U_ORIGIN_CODE),
	CBC(U_CLASS, "ItemClassificationCode", U_CLASS_CODE),
	CBC(U_PROP, "Name", U_PROP_NAME),
	CBC(U_PROP, "Value", U_PROP_VALUE),
	CBC(U_PRICE, "PriceAmount", U_PRICE_AMOUNT),
	CBC(U_PRICE, "BaseQuantity", U_PRICE_BASEQ),
	CAC(U_PRICE, "AllowanceCharge", U_PRICEAC),
	CBC(U_PRICEAC, "ChargeIndicator", U_PRICEAC_IND),
	CBC(U_PRICEAC, "Amount", U_PRICEAC_AMOUNT),
	CBC(U_PRICEAC, "BaseAmount", U_PRICEAC_BASE),

	/* ---- CII ---- */
	RSM(C_ROOT, "ExchangedDocumentContext", C_CONTEXT),
	RSM(C_ROOT, "ExchangedDocument", C_DOC),
	RSM(C_ROOT, "SupplyChainTradeTransaction", C_TX),
	RAM(C_CONTEXT, "BusinessProcessSpecifiedDocumentContextParameter", C_BPROC),
	RAM(C_CONTEXT, "GuidelineSpecifiedDocumentContextParameter", C_GUIDE),
	RAM(C_BPROC, "ID", C_BPROC_ID),
	RAM(C_GUIDE, "ID", C_GUIDE_ID),
	RAM(C_DOC, "ID", C_DOC_ID),
	RAM(C_DOC, "TypeCode", C_DOC_TYPE),
	RAM(C_DOC, "IssueDateTime", C_ISSUE_DT),
	RAM(C_DOC, "IncludedNote", C_NOTE),
	RAM(C_NOTE, "Content", C_NOTE_CONTENT),
	RAM(C_NOTE, "SubjectCode", C_NOTE_SUBJECT),
	RAM(C_TX, "IncludedSupplyChainTradeLineItem", C_LINE),
	RAM(C_TX, "ApplicableHeaderTradeAgreement", C_AGREE),
	RAM(C_TX, "ApplicableHeaderTradeDelivery", C_DELIV),
	RAM(C_TX, "ApplicableHeaderTradeSettlement", C_SETTLE),

	UDT(C_ISSUE_DT, "DateTimeString", C_DTS),
	UDT(C_DUE_DT, "DateTimeString", C_DTS),
	UDT(C_START_DT, "DateTimeString", C_DTS),
	UDT(C_END_DT, "DateTimeString", C_DTS),
	UDT(C_DELIVERY_DT, "DateTimeString", C_DTS),
	{ N_C_REF_DT, NS_QDT, "DateTimeString", N_C_DTS },
	UDT(C_REF_DT, "DateTimeString", C_DTS),
	UDT(C_TAXPOINT_DT, "DateString", C_DTS),
	UDT(C_IND, "Indicator", C_IND_VALUE),

	RAM(C_LINE, "AssociatedDocumentLineDocument", C_LDOC),
	RAM(C_LINE, "SpecifiedTradeProduct", C_PRODUCT),
	RAM(C_LINE, "SpecifiedLineTradeAgreement", C_LAGREE),
	RAM(C_LINE, "SpecifiedLineTradeDelivery", C_LDELIV),
	RAM(C_LINE, "SpecifiedLineTradeSettlement", C_LSETTLE),
	RAM(C_LDOC, "LineID", C_LDOC_ID),
	RAM(C_LDOC, "ParentLineID", C_LDOC_PARENT),
	RAM(C_LDOC, "LineStatusReasonCode", C_LDOC_STATUS),
	RAM(C_LDOC, "IncludedNote", C_LNOTE),
	RAM(C_LNOTE, "Content", C_LNOTE_CONTENT),
	RAM(C_PRODUCT, "GlobalID", C_PRODUCT_GLOBAL),
	RAM(C_PRODUCT, "SellerAssignedID", C_PRODUCT_SELLER),
	RAM(C_PRODUCT, "BuyerAssignedID", C_PRODUCT_BUYER),
	RAM(C_PRODUCT, "Name", C_PRODUCT_NAME),
	RAM(C_PRODUCT, "Description", C_PRODUCT_DESC),
	RAM(C_PRODUCT, "ApplicableProductCharacteristic", C_CHAR),
	RAM(C_PRODUCT, "DesignatedProductClassification", C_CLASS),
	RAM(C_PRODUCT, "OriginTradeCountry", C_ORIGIN),
	RAM(C_CHAR, "Description", C_CHAR_DESC),
	RAM(C_CHAR, "Value", C_CHAR_VALUE),
	RAM(C_CLASS, "ClassCode", C_CLASS_CODE),
	RAM(C_ORIGIN, "ID", C_ORIGIN_ID),
	RAM(C_LAGREE, "BuyerOrderReferencedDocument", C_LORDER),
	RAM(C_LAGREE, "GrossPriceProductTradePrice", C_GROSS),
	RAM(C_LAGREE, "NetPriceProductTradePrice", C_NET),
	RAM(C_LORDER, "LineID", C_LORDER_LINE),
	RAM(C_GROSS, "ChargeAmount", C_GROSS_AMOUNT),
	RAM(C_GROSS, "BasisQuantity", C_GROSS_BASEQ),
	RAM(C_GROSS, "AppliedTradeAllowanceCharge", C_PRICEAC),
	RAM(C_PRICEAC, "ChargeIndicator", C_IND),
	RAM(C_PRICEAC, "ActualAmount", C_PRICEAC_AMOUNT),
	RAM(C_NET, "ChargeAmount", C_NET_AMOUNT),
	RAM(C_NET, "BasisQuantity", C_NET_BASEQ),
	RAM(C_LDELIV, "BilledQuantity", C_LDELIV_QTY),
	RAM(C_LSETTLE, "ApplicableTradeTax", C_LTAX),
	RAM(C_LSETTLE, "BillingSpecifiedPeriod", C_LPERIOD),
	RAM(C_LSETTLE, "SpecifiedTradeAllowanceCharge", C_AC),
	RAM(C_LSETTLE, "SpecifiedTradeSettlementLineMonetarySummation", C_LSUM),
	RAM(C_LSETTLE, "AdditionalReferencedDocument", C_LADDREF),
	RAM(C_LSETTLE, "ReceivableSpecifiedTradeAccountingAccount", C_ACCT),
	RAM(C_LTAX, "CategoryCode", C_LTAX_CAT),
	RAM(C_LTAX, "RateApplicablePercent", C_LTAX_RATE),
	RAM(C_LPERIOD, "StartDateTime", C_START_DT),
	RAM(C_LPERIOD, "EndDateTime", C_END_DT),
	RAM(C_LSUM, "LineTotalAmount", C_LSUM_NET),
	RAM(C_LADDREF, "IssuerAssignedID", C_LADDREF_ID),
	RAM(C_LADDREF, "TypeCode", C_LADDREF_TYPE),
	RAM(C_LADDREF, "ReferenceTypeCode", C_LADDREF_SCHEME),
	RAM(C_ACCT, "ID", C_ACCT_ID),

	RAM(C_AC, "ChargeIndicator", C_IND),
	RAM(C_AC, "CalculationPercent", C_AC_PERCENT),
	RAM(C_AC, "BasisAmount", C_AC_BASE),
	RAM(C_AC, "ActualAmount", C_AC_AMOUNT),
	RAM(C_AC, "ReasonCode", C_AC_REASON_CODE),
	RAM(C_AC, "Reason", C_AC_REASON),
	RAM(C_AC, "CategoryTradeTax", C_ACTAX),
	RAM(C_ACTAX, "CategoryCode", C_ACTAX_CAT),
	RAM(C_ACTAX, "RateApplicablePercent", C_ACTAX_RATE),

	RAM(C_AGREE, "BuyerReference", C_BUYER_REF),
	RAM(C_AGREE, "SellerTradeParty", C_PARTY),
	RAM(C_AGREE, "BuyerTradeParty", C_PARTY),
	RAM(C_AGREE, "SellerTaxRepresentativeTradeParty", C_PARTY),
	RAM(C_AGREE, "SellerOrderReferencedDocument", C_SORDER),
	RAM(C_AGREE, "BuyerOrderReferencedDocument", C_BORDER),
	RAM(C_AGREE, "ContractReferencedDocument", C_CONTRACT),
	RAM(C_AGREE, "AdditionalReferencedDocument", C_ADDREF),
	RAM(C_AGREE, "SpecifiedProcuringProject", C_PROJECT),
	RAM(C_PARTY, "ID", C_PARTY_ID),
	RAM(C_PARTY, "GlobalID", C_PARTY_GLOBAL),
	RAM(C_PARTY, "Name", C_PARTY_NAME),
	RAM(C_PARTY, "Description", C_PARTY_DESC),
	RAM(C_PARTY, "SpecifiedLegalOrganization", C_LEGAL),
	RAM(C_PARTY, "DefinedTradeContact", C_CONTACT),
	RAM(C_PARTY, "PostalTradeAddress", C_ADDR),
	RAM(C_PARTY, "URIUniversalCommunication", C_URI),
	RAM(C_PARTY, "SpecifiedTaxRegistration", C_TAXREG),
	RAM(C_LEGAL, "ID", C_LEGAL_ID),
	RAM(C_LEGAL, "TradingBusinessName", C_LEGAL_TRADING),
	RAM(C_CONTACT, "PersonName", C_CONTACT_PERSON),
	RAM(C_CONTACT, "DepartmentName", C_CONTACT_DEPT),
	RAM(C_CONTACT, "TelephoneUniversalCommunication", C_PHONE),
	RAM(C_CONTACT, "EmailURIUniversalCommunication", C_EMAIL),
	RAM(C_PHONE, "CompleteNumber", C_PHONE_NUMBER),
	RAM(C_EMAIL, "URIID", C_EMAIL_URI),
	RAM(C_ADDR, "PostcodeCode", C_ADDR_POSTCODE),
	RAM(C_ADDR, "LineOne", C_ADDR_LINE1),
	RAM(C_ADDR, "LineTwo", C_ADDR_LINE2),
	RAM(C_ADDR, "LineThree", C_ADDR_LINE3),
	RAM(C_ADDR, "CityName", C_ADDR_CITY),
	RAM(C_ADDR, "CountryID", C_ADDR_COUNTRY),
	RAM(C_ADDR, "CountrySubDivisionName", C_ADDR_SUBDIV),
	RAM(C_URI, "URIID", C_URI_ID),
	RAM(C_TAXREG, "ID", C_TAXREG_ID),
	RAM(C_SORDER, "IssuerAssignedID", C_SORDER_ID),
	RAM(C_BORDER, "IssuerAssignedID", C_BORDER_ID),
	RAM(C_CONTRACT, "IssuerAssignedID", C_CONTRACT_ID),
	RAM(C_ADDREF, "IssuerAssignedID", C_ADDREF_ID),
	RAM(C_ADDREF, "URIID", C_ADDREF_URI),
	RAM(C_ADDREF, "TypeCode", C_ADDREF_TYPE),
	RAM(C_ADDREF, "Name", C_ADDREF_NAME),
	RAM(C_ADDREF, "AttachmentBinaryObject", C_ADDREF_BIN),
	RAM(C_ADDREF, "ReferenceTypeCode", C_ADDREF_SCHEME),
	RAM(C_PROJECT, "ID", C_PROJECT_ID),

	RAM(C_DELIV, "ShipToTradeParty", C_PARTY),
	RAM(C_DELIV, "ActualDeliverySupplyChainEvent", C_EVENT),
	RAM(C_DELIV, "DespatchAdviceReferencedDocument", C_DESPATCH),
	RAM(C_DELIV, "ReceivingAdviceReferencedDocument", C_RECEIVING),
	RAM(C_EVENT, "OccurrenceDateTime", C_DELIVERY_DT),
	RAM(C_DESPATCH, "IssuerAssignedID", C_DESPATCH_ID),
	RAM(C_RECEIVING, "IssuerAssignedID", C_RECEIVING_ID),

	RAM(C_SETTLE, "CreditorReferenceID", C_CREDITOR_ID),
	RAM(C_SETTLE, "PaymentReference", C_PAYMENT_REF),
	RAM(C_SETTLE, "TaxCurrencyCode", C_TAX_CURRENCY),
	RAM(C_SETTLE, "InvoiceCurrencyCode", C_CURRENCY),
	RAM(C_SETTLE, "PayeeTradeParty", C_PARTY),
	RAM(C_SETTLE, "SpecifiedTradeSettlementPaymentMeans", C_MEANS),
	RAM(C_SETTLE, "ApplicableTradeTax", C_TAX),
	RAM(C_SETTLE, "BillingSpecifiedPeriod", C_PERIOD),
	RAM(C_SETTLE, "SpecifiedTradeAllowanceCharge", C_AC),
	RAM(C_SETTLE, "SpecifiedTradePaymentTerms", C_TERMS),
	RAM(C_SETTLE, "SpecifiedTradeSettlementHeaderMonetarySummation", C_SUM),
	RAM(C_SETTLE, "InvoiceReferencedDocument", C_INVREF),
	RAM(C_SETTLE, "ReceivableSpecifiedTradeAccountingAccount", C_ACCT),
	RAM(C_MEANS, "TypeCode", C_MEANS_CODE),
	RAM(C_MEANS, "Information", C_MEANS_INFO),
	RAM(C_MEANS, "ApplicableTradeSettlementFinancialCard", C_CARD),
	RAM(C_MEANS, "PayerPartyDebtorFinancialAccount", C_PAYERACCT),
	RAM(C_MEANS, "PayeePartyCreditorFinancialAccount", C_PAYEEACCT),
	RAM(C_MEANS, "PayeeSpecifiedCreditorFinancialInstitution", C_FININST),
	RAM(C_CARD, "ID", C_CARD_ID),
	RAM(C_CARD, "CardholderName", C_CARD_HOLDER),
	RAM(C_PAYERACCT, "IBANID", C_PAYERACCT_IBAN),
	RAM(C_PAYEEACCT, "IBANID", C_PAYEEACCT_IBAN),
	RAM(C_PAYEEACCT, "AccountName", C_PAYEEACCT_NAME),
	RAM(C_PAYEEACCT, "ProprietaryID", C_PAYEEACCT_PROP),
	RAM(C_FININST, "BICID", C_FININST_BIC),
	RAM(C_TAX, "CalculatedAmount", C_TAX_AMOUNT),
	RAM(C_TAX, "ExemptionReason", C_TAX_EXREASON),
	RAM(C_TAX, "BasisAmount", C_TAX_BASIS),
	RAM(C_TAX, "CategoryCode", C_TAX_CAT),
	RAM(C_TAX, "ExemptionReasonCode", C_TAX_EXCODE),
	RAM(C_TAX, "TaxPointDate", C_TAXPOINT_DT),
	RAM(C_TAX, "DueDateTypeCode", C_TAX_DUECODE),
	RAM(C_TAX, "RateApplicablePercent", C_TAX_RATE),
	RAM(C_PERIOD, "StartDateTime", C_START_DT),
	RAM(C_PERIOD, "EndDateTime", C_END_DT),
	RAM(C_TERMS, "Description", C_TERMS_DESC),
	RAM(C_TERMS, "DueDateDateTime", C_DUE_DT),
	RAM(C_TERMS, "DirectDebitMandateID", C_TERMS_MANDATE),
	RAM(C_SUM, "LineTotalAmount", C_SUM_LINES),
	RAM(C_SUM, "ChargeTotalAmount", C_SUM_CHARGE),
	RAM(C_SUM, "AllowanceTotalAmount", C_SUM_ALLOW),
	RAM(C_SUM, "TaxBasisTotalAmount", C_SUM_WITHOUT),
	RAM(C_SUM, "TaxTotalAmount", C_SUM_TAX),
	RAM(C_SUM, "RoundingAmount", C_SUM_ROUNDING),
	RAM(C_SUM, "GrandTotalAmount", C_SUM_WITH),
	RAM(C_SUM, "TotalPrepaidAmount", C_SUM_PREPAID),
	RAM(C_SUM, "DuePayableAmount", C_SUM_PAYABLE),
	RAM(C_INVREF, "IssuerAssignedID", C_INVREF_ID),
	RAM(C_INVREF, "FormattedIssueDateTime", C_REF_DT),
};

/* ------------------------------------------------------------------ */
/* Reader state */


/* A VAT total (BT-110 or BT-111) until the currencies are known. */
struct tax_total {
	struct dec v;
	char currency[4];
	uint32_t line;
};

/* An amount read before BT-5, whose currencyID is checked at the end. */
struct pending_currency {
	const char *element; /* in the invoice's pool */
	char currency[4];
	uint32_t line;
};

/* An additional document reference until its type code says what it is. */
struct doc_ref {
	const char *id, *scheme, *type, *description, *uri, *mime, *filename;
	uint32_t line;
};

struct reader {
	xmlTextReaderPtr xr;
	const char *name; /* for diagnostics */
	struct diag *d;
	struct einvoice *inv;

	/* input */
	struct xml_input in;	/* the file or memory input */
	char *block;		/* what was read of it and not given to libxml2 yet: */
	size_t block_len, block_off; /* block[block_off .. block_len) */
	size_t nread;		/* bytes given to libxml2 */
	struct sha256 *digest;	/* of every byte read, or NULL */

	/* prolog scan for "<!DOCTYPE" and the PDF signature */
	struct xml_prolog prolog;
	unsigned pdf_match;
	bool refused;	 /* a DOCTYPE or a PDF: libxml2 gets no more bytes */

	/* outcome */
	bool fatal;	     /* stop reading: XML error or limit */
	bool xml_error_seen; /* libxml2 errors after the first are cascades */
	size_t nerrors;
	size_t kept; /* bytes kept for the document */

	/* grammar index and namespace cache */
	uint16_t first[N_COUNT], count[N_COUNT];
	const xmlChar *ns_ptr[NS_COUNT * 2];
	uint8_t ns_val[NS_COUNT * 2];
	unsigned ns_n;

	/* open elements: stack[0] is a sentinel for "outside the root" */
	uint16_t stack[EINVOICE_MAX_DEPTH + 2];
	int sp;

	/* the open leaf */
	struct strbuf text;
	uint32_t leaf_line;
	char qname[QNAME_KEEP]; /* its local name, truncated */
	uint8_t leaf_ns;
	struct strbuf attr; /* the value of its attribute of interest */
	bool has_attr;

	/* targets */
	struct einvoice_party *party;
	struct einvoice_address *addr;
	struct einvoice_line *ln;
	struct einvoice_allowance *ac;
	struct einvoice_vat *vat;
	struct einvoice_means *means;
	struct einvoice_ref *ref;
	char *cat;			 /* a category code of the open tax category */
	struct einvoice_amount *rate;	 /* its rate */
	bool cat_is_vat;		 /* the tax category of a breakdown (exemption reasons) */
	clerk_date *date;		 /* the open CII date wrapper's target */
	int indicator;			 /* the CII ChargeIndicator read: 1, 0, -1 none */
	bool price_ac;			 /* in a price allowance (BT-147/148) */
	struct einvoice_attr **attr_tail;  /* where the next item attribute goes */
	struct einvoice_attr **class_tail; /* where the next classification goes */
	struct einvoice_attr *prop;	   /* the open item attribute */

	/* values resolved when their element ends */
	const char *pts_company, *pts_scheme;	/* UBL PartyTaxScheme */
	const char *note_content, *note_subject; /* CII IncludedNote */
	struct doc_ref doc;
	bool in_doc;
	const char *sepa_creditor;		/* UBL PartyIdentification schemeID SEPA (BT-90) */
	const char *remittance, *creditor_id, *mandate; /* CII document level BT-83, -90, -89 */
	uint32_t settle_line;
	struct tax_total tax_totals[MAX_TAX_TOTALS];
	size_t ntax_totals;
	struct pending_currency pending[MAX_PENDING];
	size_t npending;
};

/* ------------------------------------------------------------------ */
/* Diagnostics */

static void verror_at(struct reader *r, uint32_t line, const char *fmt, va_list ap)
	PRINTF_LIKE(3, 0);

static void verror_at(struct reader *r, uint32_t line, const char *fmt, va_list ap)
{
	struct srcloc loc = { r->name, line, 0 };
	diag_vadd(r->d, DIAG_ERROR, &loc, NULL, 0, fmt, ap);
	r->nerrors++;
}

static void error_at(struct reader *r, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void error_at(struct reader *r, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror_at(r, line, fmt, ap);
	va_end(ap);
}

/* An error that ends reading (limits, security, document structure). */
static void fatal_at(struct reader *r, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void fatal_at(struct reader *r, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror_at(r, line, fmt, ap);
	va_end(ap);
	r->fatal = true;
	r->xml_error_seen = true; /* what libxml2 says next is a consequence */
}

/* libxml2's structured error handler: the first error is kept, with its position. */
static void xml_error(void *arg, xmlErrorPtr err)
{
	struct reader *r = arg;
	if (!err || err->level < XML_ERR_ERROR || r->xml_error_seen || r->in.io_errno || r->in.changed ||
	    r->refused)
		return; /* a failed read is reported as such, not as bad XML */
	r->xml_error_seen = true;
	xml_error_diag(r->d, r->name, err, r->nread, r->prolog.saw_markup);
	r->nerrors++;
	if (err->level == XML_ERR_FATAL)
		r->fatal = true;
}

/* 1-based line of node n (see camt.c: exact for text nodes beyond 65535). */
static uint32_t node_line(struct reader *r, xmlNodePtr n)
{
	long line = n ? xmlGetLineNo(n) : -1;
	if (line <= 0 || line == 65535)
		line = xmlTextReaderGetParserLineNumber(r->xr);
	return line > 0 && line <= (long)UINT32_MAX ? (uint32_t)line : 0;
}

/* "cbc:PayableAmount": the open leaf's name with its usual prefix, into sb. */
static const char *leaf_name(struct reader *r, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s%s", ns_prefix[r->leaf_ns], r->qname);
	return sb->buf;
}

/* "'cbc:PayableAmount' (BT-115)" for the open leaf, into sb. */
static const char *what(struct reader *r, uint16_t node, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "'%s%s'", ns_prefix[r->leaf_ns], r->qname);
	if (*node_bt[node])
		strbuf_addf(sb, " (%s)", node_bt[node]);
	return sb->buf;
}

/* ------------------------------------------------------------------ */
/* Storage */

/* Counts n bytes against the document's limit; false (after a fatal error) when over it. */
static bool charge(struct reader *r, size_t n)
{
	if (r->fatal)
		return false;
	r->kept += n;
	if (r->kept > EINVOICE_MAX_KEPT) {
		fatal_at(r, xml_reader_line(r->xr), "document too large (more than %u MiB of text and records kept)",
			 EINVOICE_MAX_KEPT >> 20);
		return false;
	}
	return true;
}

/* A pool copy of s[0..n), or NULL over the limit. */
static const char *keep(struct reader *r, const char *s, size_t n)
{
	if (!charge(r, n + 1))
		return NULL;
	return mempool_strndup(&r->inv->pool, s, n);
}

static bool xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Collapses every run of XML white space in s[0..n) (already trimmed) to one space, in place. */
static size_t collapse(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (xml_space(s[i])) {
			if (o && s[o - 1] == ' ')
				continue;
			s[o++] = ' ';
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

/* Sets *slot to a copy of s[0..n) unless it is set already or s is empty. */
static void set_str(struct reader *r, const char **slot, const char *s, size_t n)
{
	if (slot && !*slot && n)
		*slot = keep(r, s, n);
}

/* Appends s to *slot, joined by a line break. */
static void join_str(struct reader *r, const char **slot, const char *s, size_t n)
{
	if (!n)
		return;
	if (!*slot) {
		*slot = keep(r, s, n);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, *slot);
	strbuf_addch(&sb, '\n');
	strbuf_add(&sb, s, n);
	*slot = keep(r, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* A new zeroed record at the end of a VEC, counted against the limit; NULL over it. */
#define GROW(r, vec) (charge((r), sizeof(*(vec)->v)) ? VEC_GROW(vec) : NULL)

/* ------------------------------------------------------------------ */
/* Value parsers: return NULL or a message. */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* xs:decimal: [+-]digits[.digits] (either part may be empty, not both); no exponent. */
static const char *parse_decimal(const char *s, size_t n, struct dec *out)
{
	switch (dec_parse_xs(out, s, n, true)) {
	case DEC_XS_OK:
		return NULL;
	case DEC_XS_DIGITS:
		return "number has too many digits";
	case DEC_XS_SCALE:
		return "number has too many decimals";
	case DEC_XS_NEGATIVE:
	case DEC_XS_BAD:
		break;
	}
	return "not a decimal number";
}

static int digits_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Time zone suffix of xs:date: "", "Z" or "+hh:mm"/"-hh:mm". */
static bool tz_ok(const char *s, size_t n)
{
	if (n == 0)
		return true;
	if (n == 1)
		return s[0] == 'Z';
	if (n != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
		return false;
	int h = digits_value(s + 1, 2), m = digits_value(s + 4, 2);
	return h >= 0 && h <= 14 && m >= 0 && m <= 59;
}

/* UBL xs:date: YYYY-MM-DD with an optional zone; DATE_NONE when bad. */
static clerk_date parse_ubl_date(const char *s, size_t n)
{
	if (n < 10 || s[4] != '-' || s[7] != '-' || !tz_ok(s + 10, n - 10))
		return DATE_NONE;
	int y = digits_value(s, 4), m = digits_value(s + 5, 2), d = digits_value(s + 8, 2);
	if (y < 1 || m < 0 || d < 0)
		return DATE_NONE;
	return date_from_ymd(y, m, d);
}

/* CII format 102: YYYYMMDD; DATE_NONE when bad. */
static clerk_date parse_102(const char *s, size_t n)
{
	if (n != 8)
		return DATE_NONE;
	int y = digits_value(s, 4), m = digits_value(s + 4, 2), d = digits_value(s + 6, 2);
	if (y < 1 || m < 0 || d < 0)
		return DATE_NONE;
	return date_from_ymd(y, m, d);
}

/* ------------------------------------------------------------------ */
/* Leaf values */

/* The document-level string a node fills, or NULL. */
static const char **header_slot(struct reader *r, uint16_t node)
{
	struct einvoice *inv = r->inv;

	switch (node) {
	case N_U_CUSTOMIZATION: case N_C_GUIDE_ID: return &inv->customization;
	case N_U_PROFILE: case N_C_BPROC_ID: return &inv->profile;
	case N_U_ID: case N_C_DOC_ID: return &inv->number;
	case N_U_TYPE: case N_C_DOC_TYPE: return &inv->type_code;
	case N_U_ACCOUNTING: return &inv->accounting_ref;
	case N_U_BUYER_REF: case N_C_BUYER_REF: return &inv->buyer_reference;
	case N_U_PERIOD_CODE: case N_C_TAX_DUECODE: return &inv->tax_point_code;
	case N_U_ORDER_ID: case N_C_BORDER_ID: return &inv->order;
	case N_U_SALES_ORDER: case N_C_SORDER_ID: return &inv->sales_order;
	case N_U_DESPATCH_ID: case N_C_DESPATCH_ID: return &inv->despatch_advice;
	case N_U_RECEIPT_ID: case N_C_RECEIVING_ID: return &inv->receiving_advice;
	case N_U_ORIGINATOR_ID: return &inv->tender;
	case N_U_CONTRACT_ID: case N_C_CONTRACT_ID: return &inv->contract;
	case N_U_PROJECT_ID: case N_C_PROJECT_ID: return &inv->project;
	case N_U_INVREF_ID: case N_C_INVREF_ID: return r->ref ? &r->ref->number : NULL;
	case N_U_ADDDOC_ID: case N_C_ADDREF_ID: return &r->doc.id;
	case N_U_ADDDOC_TYPE: case N_C_ADDREF_TYPE: return &r->doc.type;
	case N_U_ADDDOC_DESC: case N_C_ADDREF_NAME: return &r->doc.description;
	case N_U_EXTREF_URI: case N_C_ADDREF_URI: return &r->doc.uri;
	case N_C_ADDREF_SCHEME: return &r->doc.scheme;
	default: return NULL;
	}
}

/* The party or address string a node fills, or NULL. */
static const char **party_slot(struct reader *r, uint16_t node)
{
	struct einvoice_party *p = r->party;
	struct einvoice_address *a = r->addr;

	switch (node) {
	case N_U_PARTYNAME_NAME: case N_C_LEGAL_TRADING: return p ? &p->trading_name : NULL;
	case N_U_PLE_NAME: case N_C_PARTY_NAME: return p ? &p->name : NULL;
	case N_U_PLE_FORM: case N_C_PARTY_DESC: return p ? &p->legal_info : NULL;
	case N_U_CONTACT_NAME: case N_C_CONTACT_PERSON: case N_C_CONTACT_DEPT:
		return p ? &p->contact_name : NULL;
	case N_U_CONTACT_PHONE: case N_C_PHONE_NUMBER: return p ? &p->contact_phone : NULL;
	case N_U_CONTACT_MAIL: case N_C_EMAIL_URI: return p ? &p->contact_email : NULL;
	case N_U_PTS_COMPANY: return &r->pts_company;
	case N_U_PTS_SCHEME_ID: return &r->pts_scheme;
	case N_U_STREET: case N_C_ADDR_LINE1: return a ? &a->line1 : NULL;
	case N_U_STREET2: case N_C_ADDR_LINE2: return a ? &a->line2 : NULL;
	case N_U_ADDRLINE_LINE: case N_C_ADDR_LINE3: return a ? &a->line3 : NULL;
	case N_U_CITY: case N_C_ADDR_CITY: return a ? &a->city : NULL;
	case N_U_POSTCODE: case N_C_ADDR_POSTCODE: return a ? &a->postcode : NULL;
	case N_U_SUBDIV: case N_C_ADDR_SUBDIV: return a ? &a->subdivision : NULL;
	case N_U_COUNTRY_CODE: case N_C_ADDR_COUNTRY: return a ? &a->country : NULL;
	default: return NULL;
	}
}

/* The payment, allowance or breakdown string a node fills, or NULL. */
static const char **payment_slot(struct reader *r, uint16_t node)
{
	struct einvoice_means *m = r->means;
	struct einvoice_allowance *ac = r->ac;

	switch (node) {
	case N_U_MEANS_CODE: case N_C_MEANS_CODE: return m ? &m->code : NULL;
	case N_C_MEANS_INFO: return m ? &m->text : NULL;
	case N_U_MEANS_ID: return m ? &m->remittance : NULL;
	case N_U_CARD_PAN: case N_C_CARD_ID: return m ? &m->card_number : NULL;
	case N_U_CARD_HOLDER: case N_C_CARD_HOLDER: return m ? &m->card_holder : NULL;
	case N_U_PFA_ID: case N_C_PAYEEACCT_IBAN: case N_C_PAYEEACCT_PROP: return m ? &m->iban : NULL;
	case N_U_PFA_NAME: case N_C_PAYEEACCT_NAME: return m ? &m->account_name : NULL;
	case N_U_FIB_ID: case N_C_FININST_BIC: return m ? &m->bic : NULL;
	case N_U_MANDATE_ID: return m ? &m->mandate : NULL;
	case N_U_PAYERFA_ID: case N_C_PAYERACCT_IBAN: return m ? &m->debited_iban : NULL;
	case N_C_PAYMENT_REF: return &r->remittance;
	case N_C_CREDITOR_ID: return &r->creditor_id;
	case N_C_TERMS_MANDATE: return &r->mandate;
	case N_U_AC_REASON_CODE: case N_C_AC_REASON_CODE: return ac ? &ac->reason_code : NULL;
	case N_U_AC_REASON: case N_C_AC_REASON: return ac ? &ac->reason : NULL;
	case N_U_TAXCAT_EXCODE: case N_C_TAX_EXCODE:
		return r->cat_is_vat && r->vat ? &r->vat->exemption_code : NULL;
	case N_U_TAXCAT_EXREASON: case N_C_TAX_EXREASON:
		return r->cat_is_vat && r->vat ? &r->vat->exemption_reason : NULL;
	default: return NULL;
	}
}

/* The line string a node fills, or NULL. */
static const char **line_slot(struct reader *r, uint16_t node)
{
	struct einvoice *inv = r->inv;
	struct einvoice_line *l = r->ln;

	switch (node) {
	case N_U_LINE_ID: case N_C_LDOC_ID: return l ? &l->id : NULL;
	case N_U_LINE_NOTE: case N_C_LNOTE_CONTENT: return l ? &l->note : NULL;
	case N_U_LINE_ACCOUNTING: return l ? &l->accounting_ref : NULL;
	case N_C_ACCT_ID: return l ? &l->accounting_ref : &inv->accounting_ref;
	case N_U_OLR_ID: case N_C_LORDER_LINE: return l ? &l->order_line : NULL;
	case N_C_LDOC_PARENT: return l ? &l->parent_id : NULL;
	case N_U_ITEM_DESC: case N_C_PRODUCT_DESC: return l ? &l->description : NULL;
	case N_U_ITEM_NAME: case N_C_PRODUCT_NAME: return l ? &l->name : NULL;
	case N_U_BII_ID: case N_C_PRODUCT_BUYER: return l ? &l->buyer_item_id : NULL;
	case N_U_SII_ID: case N_C_PRODUCT_SELLER: return l ? &l->seller_item_id : NULL;
	case N_U_ORIGIN_CODE: case N_C_ORIGIN_ID: return l ? &l->origin_country : NULL;
	case N_U_PROP_NAME: case N_C_CHAR_DESC: return r->prop ? &r->prop->name : NULL;
	case N_U_PROP_VALUE: case N_C_CHAR_VALUE: return r->prop ? &r->prop->value : NULL;
	case N_U_LDOCREF_ID: case N_C_LADDREF_ID: return &r->doc.id;
	case N_U_LDOCREF_TYPE: case N_C_LADDREF_TYPE: return &r->doc.type;
	case N_C_LADDREF_SCHEME: return &r->doc.scheme;
	default: return NULL;
	}
}

/* The string field a plain string node fills, or NULL (no target here). */
static const char **str_slot(struct reader *r, uint16_t node)
{
	const char **slot = header_slot(r, node);
	if (!slot)
		slot = party_slot(r, node);
	if (!slot)
		slot = payment_slot(r, node);
	if (!slot)
		slot = line_slot(r, node);
	return slot;
}

/* The optional amount an amount, quantity or percentage node fills, or NULL. */
static struct einvoice_amount *amt_slot(struct reader *r, uint16_t node)
{
	struct einvoice_totals *t = &r->inv->totals;
	struct einvoice_line *l = r->ln;
	struct einvoice_allowance *ac = r->ac;

	switch (node) {
	case N_U_LMT_LINES: case N_C_SUM_LINES: return &t->line_net;
	case N_U_LMT_ALLOW: case N_C_SUM_ALLOW: return &t->allowances;
	case N_U_LMT_CHARGE: case N_C_SUM_CHARGE: return &t->charges;
	case N_U_LMT_WITHOUT: case N_C_SUM_WITHOUT: return &t->without_vat;
	case N_U_LMT_WITH: case N_C_SUM_WITH: return &t->with_vat;
	case N_U_LMT_PREPAID: case N_C_SUM_PREPAID: return &t->prepaid;
	case N_U_LMT_ROUNDING: case N_C_SUM_ROUNDING: return &t->rounding;
	case N_U_LMT_PAYABLE: case N_C_SUM_PAYABLE: return &t->payable;
	case N_U_AC_PERCENT: case N_C_AC_PERCENT: return ac ? &ac->percent : NULL;
	case N_U_AC_BASE: case N_C_AC_BASE: return ac ? &ac->base : NULL;
	case N_U_TAXCAT_PERCENT: case N_C_LTAX_RATE: case N_C_ACTAX_RATE: case N_C_TAX_RATE:
		return r->rate;
	case N_U_PRICE_BASEQ: case N_C_NET_BASEQ: return l ? &l->base_quantity : NULL;
	case N_U_PRICEAC_AMOUNT: case N_C_PRICEAC_AMOUNT: return l ? &l->price_discount : NULL;
	case N_U_PRICEAC_BASE: case N_C_GROSS_AMOUNT: return l ? &l->gross_price : NULL;
	default: return NULL;
	}
}

/* The date a UBL date node fills, or NULL. */
static clerk_date *date_slot(struct reader *r, uint16_t node)
{
	struct einvoice *inv = r->inv;
	switch (node) {
	case N_U_ISSUE_DATE: return &inv->issue_date;
	case N_U_DUE_DATE: case N_U_MEANS_DUE: return &inv->due_date;
	case N_U_TAX_POINT: return &inv->tax_point_date;
	case N_U_START: return r->ln ? &r->ln->period_start : &inv->period_start;
	case N_U_END: return r->ln ? &r->ln->period_end : &inv->period_end;
	case N_U_INVREF_DATE: return r->ref ? &r->ref->date : NULL;
	case N_U_DELIVERY_DATE: return &inv->delivery_date;
	default: return NULL;
	}
}

/* The exact value of an amount node that is not optional in the model, or NULL. */
static struct dec *dec_slot(struct reader *r, uint16_t node, bool **has, uint32_t **line)
{
	struct einvoice_line *l = r->ln;
	struct einvoice_allowance *ac = r->ac;
	struct einvoice_vat *v = r->vat;
	switch (node) {
	case N_U_LINE_QTY: case N_C_LDELIV_QTY:
		if (!l)
			return NULL;
		*has = &l->has_quantity;
		return &l->quantity;
	case N_U_LINE_NET: case N_C_LSUM_NET:
		if (!l)
			return NULL;
		*has = &l->has_net_amount;
		*line = &l->net_amount_line;
		return &l->net_amount;
	case N_U_PRICE_AMOUNT: case N_C_NET_AMOUNT:
		if (!l)
			return NULL;
		*has = &l->has_net_price;
		*line = &l->price_line;
		return &l->net_price;
	case N_U_AC_AMOUNT: case N_C_AC_AMOUNT:
		if (!ac)
			return NULL;
		*has = &ac->has_amount;
		*line = &ac->amount_line;
		return &ac->amount;
	case N_U_SUB_TAXABLE: case N_C_TAX_BASIS:
		if (!v)
			return NULL;
		*has = &v->has_taxable;
		return &v->taxable;
	case N_U_SUB_TAX: case N_C_TAX_AMOUNT:
		if (!v)
			return NULL;
		*has = &v->has_tax;
		return &v->tax;
	default:
		return NULL;
	}
}

/* Checks the currencyID of an amount against BT-5 (now, or at the end when BT-5 is not read yet). */
static void amount_currency(struct reader *r, uint16_t node, uint32_t line)
{
	const char *ccy = r->attr.buf;
	struct einvoice *inv = r->inv;
	if (!r->has_attr || !*ccy || inv->other_currency.element[0])
		return;
	struct strbuf name = STRBUF_INIT;
	leaf_name(r, &name);
	if (inv->currency[0]) {
		if (strcmp(ccy, inv->currency)) {
			inv->other_currency.element = keep(r, name.buf, name.len);
			if (!inv->other_currency.element)
				inv->other_currency.element = "?";
			snprintf(inv->other_currency.currency, 4, "%.3s", ccy);
			inv->other_currency.line = line;
		}
	} else if (r->npending < MAX_PENDING) {
		struct pending_currency *p = &r->pending[r->npending++];
		p->element = keep(r, name.buf, name.len);
		snprintf(p->currency, 4, "%.3s", ccy);
		p->line = line;
	}
	strbuf_release(&name);
	(void)node;
}

/* A decimal leaf: into its slot, with its currencyID and unit checked or kept. */
static void leaf_decimal(struct reader *r, uint16_t node, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	struct dec v = DEC_INIT;
	uint32_t line = r->leaf_line;
	const char *msg = n ? parse_decimal(s, n, &v) : NULL;

	if (!n) {
		error_at(r, line, "empty value in %s: expected a number", what(r, node, &sb));
		goto cleanup;
	}
	if (msg) {
		error_at(r, line, "%s '%.*s' in %s", msg, (int)(n > 40 ? 40 : n), s,
			 what(r, node, &sb));
		goto cleanup;
	}
	if (node == N_U_TAXTOTAL_AMOUNT || node == N_C_SUM_TAX) {
		if (r->ntax_totals == MAX_TAX_TOTALS) {
			error_at(r, line, "more than %d VAT totals (BT-110, BT-111)", MAX_TAX_TOTALS);
			goto cleanup;
		}
		struct tax_total *t = &r->tax_totals[r->ntax_totals++];
		dec_set(&t->v, &v);
		snprintf(t->currency, 4, "%.3s", r->has_attr ? r->attr.buf : "");
		t->line = line;
		goto cleanup;
	}
	bool *has = NULL;
	uint32_t *at = NULL;
	struct dec *target = dec_slot(r, node, &has, &at);
	struct einvoice_amount *a = target ? NULL : amt_slot(r, node);
	if (!target && !a)
		goto cleanup; /* no target in this context */
	if (node_kind[node] == K_AMT)
		amount_currency(r, node, line);
	if ((target && *has) || (a && a->has)) {
		error_at(r, line, "%s given twice (the first is kept)", what(r, node, &sb));
		goto cleanup;
	}
	if (target) {
		dec_set(target, &v);
		*has = true;
		if (at)
			*at = line;
	} else if (a) {
		dec_set(&a->v, &v);
		a->has = true;
		a->line = line;
	}
cleanup:
	dec_clear(&v);
	strbuf_release(&sb);
}

/* A UBL date, or a CII date string of format 102, into its target. */
static void leaf_date(struct reader *r, uint16_t node, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	clerk_date d;
	clerk_date *target = node == N_C_DTS ? r->date : date_slot(r, node);

	if (node == N_C_DTS) {
		if (!r->has_attr || strcmp(r->attr.buf, "102")) {
			error_at(r, r->leaf_line,
				 "date '%.*s' in %s has format '%.20s': only format 102 (YYYYMMDD) is read",
				 (int)(n > 40 ? 40 : n), s, what(r, node, &sb),
				 r->has_attr ? r->attr.buf : "(none)");
			goto cleanup;
		}
		d = parse_102(s, n);
	} else {
		d = parse_ubl_date(s, n);
	}
	if (d == DATE_NONE) {
		error_at(r, r->leaf_line, "bad date '%.*s' in %s: expected %s", (int)(n > 40 ? 40 : n),
			 s, what(r, node, &sb), node == N_C_DTS ? "YYYYMMDD" : "YYYY-MM-DD");
		goto cleanup;
	}
	if (target && *target == DATE_NONE)
		*target = d;
cleanup:
	strbuf_release(&sb);
}

/* ChargeIndicator: UBL cbc:ChargeIndicator or CII udt:Indicator. */
static void leaf_bool(struct reader *r, uint16_t node, const char *s, size_t n)
{
	int v = -1;
	if ((n == 4 && !memcmp(s, "true", 4)) || (n == 1 && s[0] == '1'))
		v = 1;
	else if ((n == 5 && !memcmp(s, "false", 5)) || (n == 1 && s[0] == '0'))
		v = 0;
	if (v < 0) {
		struct strbuf sb = STRBUF_INIT;
		error_at(r, r->leaf_line, "bad indicator '%.*s' in %s: expected true or false",
			 (int)(n > 40 ? 40 : n), s, what(r, node, &sb));
		strbuf_release(&sb);
		return;
	}
	if (node == N_U_PRICEAC_IND || (node == N_C_IND_VALUE && r->price_ac)) {
		if (v)
			error_at(r, r->leaf_line,
				 "a charge on the item price (ChargeIndicator true in a price "
				 "allowance) is not allowed by EN 16931: only a price discount (BT-147) is");
		return;
	}
	r->indicator = v;
	if (r->ac)
		r->ac->charge = v == 1;
}

/* A VAT category code (at most 3 letters) into the open tax category. */
static void leaf_category(struct reader *r, uint16_t node, const char *s, size_t n)
{
	if (n == 0 || n > 3) {
		struct strbuf sb = STRBUF_INIT;
		error_at(r, r->leaf_line, "bad VAT category code '%.*s' in %s: expected one of "
				     "UNCL 5305 (S, Z, E, AE, K, G, O, L, M)", (int)(n > 40 ? 40 : n), s, what(r, node, &sb));
		strbuf_release(&sb);
		return;
	}
	if (r->cat && !r->cat[0]) {
		memcpy(r->cat, s, n);
		r->cat[n] = '\0';
	}
}

/* A currency code (ISO 4217) into BT-5 or BT-6. */
static void leaf_currency(struct reader *r, uint16_t node, const char *s, size_t n)
{
	char code[4];
	struct einvoice *inv = r->inv;
	bool doc = node == N_U_CURRENCY || node == N_C_CURRENCY;
	char *out = doc ? inv->currency : inv->tax_currency;

	if (n == 3) {
		memcpy(code, s, 3);
		code[3] = '\0';
	}
	if (n != 3 || !currency_find(code)) {
		struct strbuf sb = STRBUF_INIT;
		error_at(r, r->leaf_line, "unknown currency '%.*s' in %s: not an ISO 4217 code",
			 (int)(n > 40 ? 40 : n), s, what(r, node, &sb));
		strbuf_release(&sb);
		return;
	}
	if (out[0]) {
		struct strbuf sb = STRBUF_INIT;
		if (strcmp(out, code))
			error_at(r, r->leaf_line, "%s given twice ('%s', then '%s')", what(r, node, &sb),
				 out, code);
		strbuf_release(&sb);
		return;
	}
	memcpy(out, code, 4);
	if (doc)
		inv->currency_line = r->leaf_line;
}

/* Sets an identifier and its scheme (the schemeID or listID attribute) unless already set. */
static void set_id(struct reader *r, const char **id, const char **scheme_out, const char *s,
		   size_t n, const char *scheme)
{
	if (*id || !n)
		return;
	*id = keep(r, s, n);
	if (scheme && scheme_out)
		*scheme_out = keep(r, scheme, strlen(scheme));
}

/* An identifier with a scheme attribute; false when node is not one. */
static bool leaf_id(struct reader *r, uint16_t node, const char *s, size_t n, const char *scheme)
{
	struct einvoice *inv = r->inv;
	struct einvoice_party *p = r->party;
	struct einvoice_line *l = r->ln;

	switch (node) {
	case N_U_ENDPOINT:
	case N_C_URI_ID:
		if (p)
			set_id(r, &p->endpoint, &p->endpoint_scheme, s, n, scheme);
		return true;
	case N_U_PARTYID_ID:
	case N_C_PARTY_ID:
	case N_C_PARTY_GLOBAL:
		if (node == N_U_PARTYID_ID && scheme && !strcmp(scheme, "SEPA") &&
		    (p == &inv->seller || p == &inv->payee))
			set_str(r, &r->sepa_creditor, s, n); /* BT-90, not BT-29 */
		else if (p)
			set_id(r, &p->id, &p->id_scheme, s, n, scheme);
		return true;
	case N_U_DELLOC_ID:
		set_id(r, &inv->deliver_to.id, &inv->deliver_to.id_scheme, s, n, scheme);
		return true;
	case N_U_PLE_COMPANY:
	case N_C_LEGAL_ID:
		if (p)
			set_id(r, &p->legal_id, &p->legal_id_scheme, s, n, scheme);
		return true;
	case N_C_TAXREG_ID:
		if (p)
			set_str(r, scheme && !strcmp(scheme, "VA") ? &p->vat_id : &p->tax_id, s, n);
		return true;
	case N_U_STDII_ID:
	case N_C_PRODUCT_GLOBAL:
		if (l)
			set_id(r, &l->standard_id, &l->standard_scheme, s, n, scheme);
		return true;
	case N_U_CLASS_CODE:
	case N_C_CLASS_CODE:
		if (l && n && charge(r, sizeof(struct einvoice_attr))) {
			struct einvoice_attr *a = mempool_alloc(&inv->pool, sizeof(*a));
			a->name = scheme ? keep(r, scheme, strlen(scheme)) : NULL;
			a->value = keep(r, s, n);
			a->next = NULL;
			*r->class_tail = a;
			r->class_tail = &a->next;
		}
		return true;
	default:
		return false;
	}
}

/* A string leaf whose meaning needs more than a slot. */
static void leaf_special_str(struct reader *r, uint16_t node, const char *s, size_t n)
{
	struct einvoice *inv = r->inv;
	const char *scheme = r->has_attr && r->attr.len ? r->attr.buf : NULL;

	if (leaf_id(r, node, s, n, scheme))
		return;
	switch (node) {
	case N_U_NOTE:
		if (n && GROW(r, &inv->notes)) {
			const char *k = keep(r, s, n);
			inv->notes.v[inv->notes.n - 1] = k ? k : "";
		}
		break;
	case N_U_TERMS_NOTE:
	case N_C_TERMS_DESC:
		join_str(r, &inv->payment_terms, s, n);
		break;
	case N_C_NOTE_CONTENT:
		join_str(r, &r->note_content, s, n);
		break;
	case N_C_NOTE_SUBJECT:
		set_str(r, &r->note_subject, s, n);
		break;
	case N_U_MEANS_CODE: /* its name attribute is BT-82 */
		if (r->means && scheme)
			set_str(r, &r->means->text, scheme, strlen(scheme));
		set_str(r, str_slot(r, node), s, n);
		break;
	case N_U_ADDDOC_ID:
	case N_U_LDOCREF_ID:
		if (scheme)
			set_str(r, &r->doc.scheme, scheme, strlen(scheme));
		set_str(r, str_slot(r, node), s, n);
		break;
	case N_C_LDOC_STATUS:
		if (r->ln && n == 11 && !memcmp(s, "INFORMATION", 11))
			r->ln->informational = true;
		break;
	default:
		set_str(r, str_slot(r, node), s, n);
		break;
	}
}

/* A leaf element ended: its text s[0..n) (trimmed) goes where it belongs. */
static void leaf_text(struct reader *r, uint16_t node, char *s, size_t n)
{
	switch (node_kind[node]) {
	case K_STR:
		n = collapse(s, n);
		leaf_special_str(r, node, s, n);
		break;
	case K_TEXT:
		leaf_special_str(r, node, s, n);
		break;
	case K_AMT:
	case K_DEC:
		leaf_decimal(r, node, s, n);
		break;
	case K_DATE:
	case K_DTS:
		leaf_date(r, node, s, n);
		break;
	case K_BOOL:
		leaf_bool(r, node, s, n);
		break;
	case K_CAT:
		leaf_category(r, node, s, n);
		break;
	case K_CCY:
		leaf_currency(r, node, s, n);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Containers */

/* The party a party element of this name under this parent stands for. */
static struct einvoice_party *party_of(struct reader *r, uint16_t parent, const char *local)
{
	struct einvoice *inv = r->inv;
	switch (parent) {
	case N_U_SUPPLIER:
		return &inv->seller;
	case N_U_CUSTOMER:
		return &inv->buyer;
	case N_U_ROOT:
		if (!strcmp(local, "PayeeParty")) {
			inv->has_payee = true;
			return &inv->payee;
		}
		inv->has_tax_rep = true;
		return &inv->tax_rep;
	case N_C_AGREE:
		if (!strcmp(local, "SellerTradeParty"))
			return &inv->seller;
		if (!strcmp(local, "BuyerTradeParty"))
			return &inv->buyer;
		inv->has_tax_rep = true;
		return &inv->tax_rep;
	case N_C_DELIV:
		inv->has_deliver_to = true;
		return &inv->deliver_to;
	case N_C_SETTLE:
		inv->has_payee = true;
		return &inv->payee;
	default:
		return NULL;
	}
}

static void line_start(struct reader *r, uint32_t line)
{
	r->ln = GROW(r, &r->inv->lines);
	if (!r->ln)
		return;
	r->ln->line = line;
	r->ln->period_start = r->ln->period_end = DATE_NONE;
	r->attr_tail = &r->ln->attributes;
	r->class_tail = &r->ln->classifications;
}

static void allowance_start(struct reader *r, uint32_t line)
{
	einvoice_allowances *v = r->ln ? &r->ln->allowances : &r->inv->allowances;
	r->ac = GROW(r, v);
	if (r->ac)
		r->ac->line = line;
	r->indicator = -1;
}

/* The open tax category's targets, by its parent. */
static void taxcat_start(struct reader *r, uint16_t parent)
{
	r->cat = NULL;
	r->rate = NULL;
	r->cat_is_vat = false;
	switch (parent) {
	case N_U_AC:
	case N_C_AC:
		if (r->ac && !r->ln) { /* line allowances have no category in EN 16931 */
			r->cat = r->ac->category;
			r->rate = &r->ac->rate;
		}
		break;
	case N_U_ITEM:
	case N_C_LSETTLE:
		if (r->ln) {
			r->cat = r->ln->category;
			r->rate = &r->ln->rate;
		}
		break;
	case N_U_SUBTOTAL:
	case N_C_SETTLE:
		if (r->vat) {
			r->cat = r->vat->category;
			r->rate = &r->vat->rate;
			r->cat_is_vat = true;
		}
		break;
	default:
		break;
	}
}

/* The attribute mimeCode and filename of an attachment. */
static void attachment_start(struct reader *r)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
	for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next) {
		const char **slot = !strcmp((const char *)a->name, "mimeCode")	 ? &r->doc.mime
				    : !strcmp((const char *)a->name, "filename") ? &r->doc.filename
										 : NULL;
		const xmlNode *t = a->children;
		if (slot && !a->ns && t && t->type == XML_TEXT_NODE && !t->next && t->content)
			set_str(r, slot, (const char *)t->content, strlen((const char *)t->content));
	}
}

/* The date a CII date wrapper (IssueDateTime, DueDateDateTime, ...) stands for, or NULL. */
static clerk_date *date_target(struct reader *r, uint16_t node)
{
	struct einvoice *inv = r->inv;
	switch (node) {
	case N_C_ISSUE_DT: return &inv->issue_date;
	case N_C_DUE_DT: return &inv->due_date;
	case N_C_START_DT: return r->ln ? &r->ln->period_start : &inv->period_start;
	case N_C_END_DT: return r->ln ? &r->ln->period_end : &inv->period_end;
	case N_C_DELIVERY_DT: return &inv->delivery_date;
	case N_C_REF_DT: return r->ref ? &r->ref->date : NULL;
	case N_C_TAXPOINT_DT: return &inv->tax_point_date;
	default: return NULL;
	}
}

/* A record starts: a breakdown, a payment means, a reference, a document, an item attribute. */
static void record_start(struct reader *r, uint16_t node, uint32_t line)
{
	struct einvoice *inv = r->inv;
	switch (node) {
	case N_U_SUBTOTAL:
	case N_C_TAX:
		r->vat = GROW(r, &inv->vat);
		if (r->vat)
			r->vat->line = line;
		if (node == N_C_TAX)
			taxcat_start(r, N_C_SETTLE);
		break;
	case N_U_MEANS:
	case N_C_MEANS:
		r->means = GROW(r, &inv->means);
		if (r->means)
			r->means->line = line;
		break;
	case N_U_INVREF:
	case N_C_INVREF:
		r->ref = GROW(r, &inv->preceding);
		if (r->ref) {
			r->ref->line = line;
			r->ref->date = DATE_NONE;
		}
		break;
	case N_U_ADDDOC:
	case N_C_ADDREF:
	case N_U_LDOCREF:
	case N_C_LADDREF:
		memset(&r->doc, 0, sizeof(r->doc));
		r->doc.line = line;
		r->in_doc = true;
		break;
	case N_U_PROP:
	case N_C_CHAR:
		if (r->ln && charge(r, sizeof(struct einvoice_attr))) {
			r->prop = mempool_alloc(&inv->pool, sizeof(*r->prop));
			memset(r->prop, 0, sizeof(*r->prop));
			*r->attr_tail = r->prop;
			r->attr_tail = &r->prop->next;
		}
		break;
	default:
		break;
	}
}

/* A container starts: it sets the targets of what it holds. */
static void start_node(struct reader *r, uint16_t node, uint16_t parent, const char *local,
		       uint32_t line)
{
	struct einvoice *inv = r->inv;
	switch (node) {
	case N_U_PARTY:
	case N_C_PARTY:
		r->party = party_of(r, parent, local);
		if (r->party)
			r->party->line = line;
		break;
	case N_U_DELIVERY:
		r->party = &inv->deliver_to;
		break;
	case N_U_DELLOC:
	case N_U_DELPARTY:
		inv->has_deliver_to = true;
		break;
	case N_U_ADDR:
	case N_C_ADDR:
		r->addr = r->party ? &r->party->address : NULL;
		if (r->addr)
			r->addr->line = line;
		break;
	case N_U_PTS:
		r->pts_company = r->pts_scheme = NULL;
		break;
	case N_U_LINE:
	case N_C_LINE:
		line_start(r, line);
		break;
	case N_U_AC:
	case N_C_AC:
		allowance_start(r, line);
		break;
	case N_U_PRICEAC:
	case N_C_PRICEAC:
		r->price_ac = true;
		break;
	case N_U_TAXCAT:
	case N_C_LTAX:
	case N_C_ACTAX:
		taxcat_start(r, node == N_U_TAXCAT ? parent : node == N_C_LTAX ? N_C_LSETTLE : N_C_AC);
		break;
	case N_U_ATTACH_BIN:
	case N_C_ADDREF_BIN:
		attachment_start(r);
		break;
	case N_C_NOTE:
		r->note_content = r->note_subject = NULL;
		break;
	case N_C_SETTLE:
		r->settle_line = line;
		break;
	default:
		if (node_kind[node] == K_NODE && date_target(r, node))
			r->date = date_target(r, node);
		else
			record_start(r, node, line);
		break;
	}
}

/* Name from registration name, else party name (BT-27/BT-44/BT-59/BT-62/BT-70). */
static void party_finish(struct einvoice_party *p)
{
	if (p && !p->name && p->trading_name)
		p->name = p->trading_name;
}

/* UBL PartyTaxScheme: a VAT id when its scheme is VAT, else a tax registration id. */
static void pts_finish(struct reader *r)
{
	struct einvoice_party *p = r->party;
	if (!p || !r->pts_company)
		return;
	if (r->pts_scheme && !strcmp(r->pts_scheme, "VAT")) {
		if (!p->vat_id)
			p->vat_id = r->pts_company;
	} else if (!p->tax_id) {
		p->tax_id = r->pts_company;
	}
}

/* An additional document: BT-17, BT-18 or BT-11 by its type code, else BG-24. */
static void doc_finish(struct reader *r, uint16_t node)
{
	struct einvoice *inv = r->inv;
	struct doc_ref *d = &r->doc;
	const char *type = d->type ? d->type : "";
	r->in_doc = false;
	if (node == N_U_LDOCREF || node == N_C_LADDREF) {
		if (r->ln && !r->ln->object_id && !strcmp(type, "130")) {
			r->ln->object_id = d->id;
			r->ln->object_scheme = d->scheme;
		}
		return;
	}
	if (!strcmp(type, "130")) {
		if (!inv->object_id) {
			inv->object_id = d->id;
			inv->object_scheme = d->scheme;
		}
	} else if (!strcmp(type, "50") && inv->syntax == EINVOICE_CII) {
		if (!inv->tender)
			inv->tender = d->id;
	} else if (!strcmp(type, "50") && inv->syntax == EINVOICE_UBL_CREDIT_NOTE) {
		if (!inv->project)
			inv->project = d->id;
	} else {
		struct einvoice_document *doc = GROW(r, &inv->documents);
		if (doc) {
			doc->id = d->id;
			doc->description = d->description;
			doc->uri = d->uri;
			doc->mime_code = d->mime;
			doc->filename = d->filename;
			doc->line = d->line;
		}
	}
}

/* A CII note: "#SUBJECT#content" when it has a subject code, as UBL writes it. */
static void note_finish(struct reader *r)
{
	struct einvoice *inv = r->inv;
	const char *text = r->note_content;
	if (r->note_subject) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "#%s#%s", r->note_subject, text ? text : "");
		text = keep(r, sb.buf, sb.len);
		strbuf_release(&sb);
	}
	if (text && GROW(r, &inv->notes))
		inv->notes.v[inv->notes.n - 1] = text;
}

/* A record ends: the targets it set are cleared. */
static void record_end(struct reader *r, uint16_t node)
{
	switch (node) {
	case N_U_SUBTOTAL:
	case N_C_TAX:
		r->vat = NULL; /* and its category's targets */
		r->cat = NULL;
		r->rate = NULL;
		r->cat_is_vat = false;
		break;
	case N_U_MEANS:
	case N_C_MEANS:
		r->means = NULL;
		break;
	case N_U_INVREF:
	case N_C_INVREF:
		r->ref = NULL;
		break;
	case N_U_ADDDOC:
	case N_C_ADDREF:
	case N_U_LDOCREF:
	case N_C_LADDREF:
		doc_finish(r, node);
		break;
	case N_U_PROP:
	case N_C_CHAR:
		r->prop = NULL;
		break;
	case N_C_NOTE:
		note_finish(r);
		break;
	default:
		if (node_kind[node] == K_NODE && date_target(r, node))
			r->date = NULL; /* a CII date wrapper */
		break;
	}
}

/* A container ends: what it collected is finished, its targets cleared. */
static void end_node(struct reader *r, uint16_t node)
{
	switch (node) {
	case N_U_PARTY:
	case N_C_PARTY:
	case N_U_DELIVERY:
		party_finish(r->party);
		r->party = NULL;
		break;
	case N_U_ADDR:
	case N_C_ADDR:
		r->addr = NULL;
		break;
	case N_U_PTS:
		pts_finish(r);
		break;
	case N_U_LINE:
	case N_C_LINE:
		if (r->ln && r->ln->parent_id)
			r->ln->informational = true;
		r->ln = NULL;
		break;
	case N_U_AC:
	case N_C_AC:
		if (r->ac && r->indicator < 0)
			error_at(r, r->ac->line, "allowance or charge without ChargeIndicator: is it "
						 "an allowance or a charge?");
		r->ac = NULL;
		r->cat = NULL;
		r->rate = NULL;
		break;
	case N_U_PRICEAC:
	case N_C_PRICEAC:
		r->price_ac = false;
		break;
	case N_U_TAXCAT:
	case N_C_LTAX:
	case N_C_ACTAX:
		r->cat = NULL;
		r->rate = NULL;
		r->cat_is_vat = false;
		break;
	default:
		record_end(r, node);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* The document as a whole */

/* BT-110 and BT-111 from the VAT totals, by their currencies. */
static void tax_totals_finish(struct reader *r)
{
	struct einvoice *inv = r->inv;
	struct einvoice_totals *t = &inv->totals;
	for (size_t i = 0; i < r->ntax_totals; i++) {
		struct tax_total *x = &r->tax_totals[i];
		struct einvoice_amount *a = NULL;
		if (!strcmp(x->currency, inv->currency) && !t->vat.has)
			a = &t->vat;
		else if (inv->tax_currency[0] && !strcmp(x->currency, inv->tax_currency) &&
			 !t->vat_tax_currency.has)
			a = &t->vat_tax_currency;
		else if (!x->currency[0] && !t->vat.has)
			a = &t->vat;
		if (a) {
			dec_set(&a->v, &x->v);
			a->has = true;
			a->line = x->line;
		} else if (!strcmp(x->currency, inv->currency) || !x->currency[0]) {
			error_at(r, x->line, "VAT total in the invoice currency (BT-110) given twice");
		} else if (!inv->other_currency.element[0]) {
			inv->other_currency.element = "VAT total (BT-110/BT-111)";
			memcpy(inv->other_currency.currency, x->currency, 4);
			inv->other_currency.line = x->line;
		}
		dec_clear(&x->v);
	}
	r->ntax_totals = 0;
}

/* CII's document-level payment terms go to every payment means (one is made when there is none). */
static void means_finish(struct reader *r)
{
	struct einvoice *inv = r->inv;
	const char *creditor = r->creditor_id ? r->creditor_id : r->sepa_creditor;
	if (!inv->means.n && (r->remittance || creditor || r->mandate)) {
		struct einvoice_means *m = GROW(r, &inv->means);
		if (m)
			m->line = r->settle_line;
	}
	for (size_t i = 0; i < inv->means.n; i++) {
		struct einvoice_means *m = &inv->means.v[i];
		if (!m->remittance)
			m->remittance = r->remittance;
		if (!m->creditor_id)
			m->creditor_id = creditor;
		if (!m->mandate)
			m->mandate = r->mandate;
	}
}

static void document_finish(struct reader *r)
{
	struct einvoice *inv = r->inv;
	tax_totals_finish(r);
	means_finish(r);
	for (size_t i = 0; i < r->npending && !inv->other_currency.element[0]; i++) {
		struct pending_currency *p = &r->pending[i];
		if (inv->currency[0] && strcmp(p->currency, inv->currency)) {
			inv->other_currency.element = p->element ? p->element : "?";
			memcpy(inv->other_currency.currency, p->currency, 4);
			inv->other_currency.line = p->line;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Element events */

static uint8_t ns_of(struct reader *r, const xmlChar *uri)
{
	if (!uri)
		return NS_OTHER;
	for (unsigned i = 0; i < r->ns_n; i++)
		if (r->ns_ptr[i] == uri)
			return r->ns_val[i];
	uint8_t v = NS_OTHER;
	for (uint8_t k = 1; k < NS_COUNT; k++)
		if (!strcmp((const char *)uri, ns_uri[k])) {
			v = k;
			break;
		}
	if (r->ns_n < ARRAY_SIZE(r->ns_ptr)) {
		r->ns_ptr[r->ns_n] = uri; /* the declaration's, shared by the elements in its scope */
		r->ns_val[r->ns_n++] = v;
	}
	return v;
}

static uint16_t lookup(const struct reader *r, uint16_t parent, uint8_t ns, const char *name)
{
	size_t i = r->first[parent], end = i + r->count[parent];
	for (; i < end; i++)
		if (grammar[i].ns == ns && grammar[i].name[0] == name[0] &&
		    !strcmp(grammar[i].name, name))
			return grammar[i].child;
	return N_IGNORE;
}

/* The root element: one of the three, else a fatal error. */
static uint16_t root_node(struct reader *r, uint8_t ns, const char *local, uint32_t line)
{
	struct einvoice *inv = r->inv;
	inv->line = line;
	if (ns == NS_INV && !strcmp(local, "Invoice")) {
		inv->syntax = EINVOICE_UBL_INVOICE;
		return N_U_ROOT;
	}
	if (ns == NS_CN && !strcmp(local, "CreditNote")) {
		inv->syntax = EINVOICE_UBL_CREDIT_NOTE;
		return N_U_ROOT;
	}
	if (ns == NS_RSM && !strcmp(local, "CrossIndustryInvoice")) {
		inv->syntax = EINVOICE_CII;
		return N_C_ROOT;
	}
	const char *uri = (const char *)xmlTextReaderConstNamespaceUri(r->xr);
	if (uri)
		fatal_at(r, line, "not an EN 16931 invoice (root element %.100s in namespace %.200s)",
			 local, uri);
	else
		fatal_at(r, line, "not an EN 16931 invoice (root element %.100s in no namespace)",
			 local);
	return N_IGNORE;
}

/* UBL: InvoiceLine belongs in an Invoice, CreditNoteLine in a CreditNote; likewise the type code. */
static bool ubl_kind_ok(struct reader *r, uint16_t node, const char *local, uint32_t line)
{
	bool cn = r->inv->syntax == EINVOICE_UBL_CREDIT_NOTE;
	const char *want = NULL;
	if (node == N_U_LINE && cn != !strcmp(local, "CreditNoteLine"))
		want = cn ? "CreditNoteLine" : "InvoiceLine";
	else if (node == N_U_TYPE && cn != !strcmp(local, "CreditNoteTypeCode"))
		want = cn ? "CreditNoteTypeCode" : "InvoiceTypeCode";
	else if (node == N_U_LINE_QTY && cn != !strcmp(local, "CreditedQuantity"))
		want = cn ? "CreditedQuantity" : "InvoicedQuantity";
	if (!want)
		return true;
	error_at(r, line, "'%s' in a UBL %s (expected '%s'): ignored", local,
		 cn ? "CreditNote" : "Invoice", want);
	return false;
}

/* Copies the open leaf's attribute of interest into r->attr. */
static void leaf_attr(struct reader *r, uint16_t node)
{
	const char *want = attr_name[node_attr[node]];
	strbuf_reset(&r->attr);
	r->has_attr = false;
	if (!want)
		return;
	xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
	for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next) {
		if (a->ns || strcmp((const char *)a->name, want))
			continue;
		r->has_attr = true;
		for (const xmlNode *t = a->children; t; t = t->next) {
			size_t cn = t->content ? strlen((const char *)t->content) : 0;
			if (cn > 256 - r->attr.len)
				cn = 256 - r->attr.len;
			strbuf_add(&r->attr, t->content, cn);
		}
		/* attribute values are short tokens: trimmed, at most 256 bytes */
		size_t len = r->attr.len, s = 0;
		while (s < len && xml_space(r->attr.buf[s]))
			s++;
		while (len > s && xml_space(r->attr.buf[len - 1]))
			len--;
		memmove(r->attr.buf, r->attr.buf + s, len - s);
		strbuf_setlen(&r->attr, len - s);
		break;
	}
	if (r->has_attr && (node == N_U_LINE_QTY || node == N_C_LDELIV_QTY) && r->ln && r->attr.len)
		set_str(r, &r->ln->unit, r->attr.buf, r->attr.len);
	if (r->has_attr && (node == N_U_PRICE_BASEQ || node == N_C_NET_BASEQ ||
			    node == N_C_GROSS_BASEQ) && r->ln && r->attr.len)
		set_str(r, &r->ln->base_unit, r->attr.buf, r->attr.len);
}

static void end_leaf(struct reader *r, uint16_t node)
{
	char *s = r->text.buf;
	size_t n = r->text.len;
	while (n && xml_space(*s))
		s++, n--;
	while (n && xml_space(s[n - 1]))
		n--;
	leaf_text(r, node, s, n);
	strbuf_reset(&r->text);
}

/*
 * An element starts. The node's own fields are read directly (its name and
 * its namespace declaration's URI): the reader's accessors would intern
 * each string in its dictionary, which costs more than the rest of the work.
 */
static void on_element(void *ctx)
{
	struct reader *r = ctx;
	xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
	const char *local = n && n->name ? (const char *)n->name : "";
	uint16_t parent = r->stack[r->sp], node;
	bool empty = xmlTextReaderIsEmptyElement(r->xr) == 1;
	uint32_t line = 0;
	uint8_t ns = NS_OTHER;

	if (r->sp >= EINVOICE_MAX_DEPTH) {
		fatal_at(r, node_line(r, n), "nesting too deep (more than %d levels of elements)",
			 EINVOICE_MAX_DEPTH);
		return;
	}
	if (parent == N_IGNORE) {
		node = N_IGNORE;
	} else {
		ns = ns_of(r, n && n->ns ? n->ns->href : NULL);
		line = node_line(r, n);
		node = parent == N_NONE ? root_node(r, ns, local, line) : lookup(r, parent, ns, local);
		if (r->fatal)
			return;
		if ((node == N_U_LINE || node == N_U_TYPE || node == N_U_LINE_QTY) &&
		    !ubl_kind_ok(r, node, local, line))
			node = N_IGNORE;
	}
	r->stack[++r->sp] = node;
	if (node == N_IGNORE) {
		if (empty)
			r->sp--;
		return;
	}
	if (node_kind[node] != K_NODE && node_kind[node] != K_BIN) {
		size_t len = strlen(local);
		if (len >= sizeof(r->qname))
			len = sizeof(r->qname) - 1;
		memcpy(r->qname, local, len);
		r->qname[len] = '\0';
		r->leaf_ns = ns;
		strbuf_reset(&r->text);
		r->leaf_line = line;
		leaf_attr(r, node);
	}
	start_node(r, node, parent, local, line);
	if (empty) {
		if (node_kind[node] != K_NODE && node_kind[node] != K_BIN)
			end_leaf(r, node);
		end_node(r, node);
		r->sp--;
	}
}

static void on_end_element(void *ctx)
{
	struct reader *r = ctx;
	if (r->sp <= 0)
		return;
	uint16_t node = r->stack[r->sp];
	if (node != N_IGNORE) {
		if (node_kind[node] != K_NODE && node_kind[node] != K_BIN)
			end_leaf(r, node);
		end_node(r, node);
		if (r->sp == 1)
			document_finish(r);
	}
	r->sp--;
}

static void on_text(void *ctx)
{
	struct reader *r = ctx;
	uint16_t node = r->stack[r->sp];
	if (node == N_IGNORE || node_kind[node] == K_NODE || node_kind[node] == K_BIN)
		return; /* not kept: libxml2's own limit bounds it */
	const char *v = (const char *)xmlTextReaderConstValue(r->xr);
	size_t n = v ? strlen(v) : 0;
	if (r->text.len + n > EINVOICE_MAX_TEXT) {
		struct strbuf sb = STRBUF_INIT;
		fatal_at(r, xml_reader_line(r->xr), "text too long in %s (more than %d bytes)", what(r, node, &sb),
			 EINVOICE_MAX_TEXT);
		strbuf_release(&sb);
		return;
	}
	strbuf_add(&r->text, v, n);
}

/* ------------------------------------------------------------------ */
/* Input: the prolog scan and the read callback */

/* Looks for "%PDF-" at the very start. */
static void pdf_scan(struct reader *r, const char *buf, size_t n)
{
	static const char sig[] = "%PDF-";
	for (size_t i = 0; i < n && r->pdf_match < 5; i++) {
		if (buf[i] != sig[r->pdf_match]) {
			r->pdf_match = 6; /* not a PDF */
			return;
		}
		r->pdf_match++;
	}
}

static int io_read(void *ctx, char *buf, int len)
{
	struct reader *r = ctx;
	size_t n = 0;
	if (r->refused)
		return -1;
	if (len <= 0)
		return 0;
	if (r->in.fd >= 0) {
		if (r->block_off == r->block_len) {
			ssize_t got = xml_input_read(&r->in, r->block, FILE_BLOCK);
			if (got < 0)
				return -1;
			r->block_len = (size_t)got;
			r->block_off = 0;
			if (r->digest) /* every byte of the file, whether libxml2 gets it or not */
				sha256_update(r->digest, r->block, r->block_len);
		}
		n = r->block_len - r->block_off;
		if (n > (size_t)len)
			n = (size_t)len;
		memcpy(buf, r->block + r->block_off, n);
		r->block_off += n;
	} else {
		n = (size_t)xml_input_read(&r->in, buf, (size_t)len); /* memory: never fails */
	}
	r->nread += n;
	if (r->pdf_match < 5) {
		pdf_scan(r, buf, n);
		if (r->pdf_match == 5) {
			r->refused = true;
			fatal_at(r, 0, "a PDF, not an XML e-invoice: Clerk does not read PDF files; give "
				       "the XML embedded in it (factur-x.xml, zugferd-invoice.xml or "
				       "xrechnung.xml)");
			return -1;
		}
	}
	if (!xml_prolog_done(&r->prolog)) {
		xml_prolog_scan(&r->prolog, buf, n);
		if (r->prolog.refused) {
			r->refused = true;
			fatal_at(r, r->prolog.line, "document type declaration (<!DOCTYPE ...>) refused: an "
					      "e-invoice has none, and its entities could expand without bound");
			return -1; /* libxml2 never sees it */
		}
	}
	return (int)n;
}

/* ------------------------------------------------------------------ */
/* Driver */

static void index_grammar(struct reader *r)
{
	uint16_t last = N_NONE;
	for (size_t i = 0; i < ARRAY_SIZE(grammar); i++) {
		uint16_t p = grammar[i].parent;
		if (p != last) {
			if (r->count[p])
				BUG("einvoice grammar: rows of node %u are not contiguous", p);
			r->first[p] = (uint16_t)i;
			last = p;
		}
		r->count[p]++;
	}
}

static void on_doctype(void *ctx)
{
	struct reader *r = ctx;
	fatal_at(r, xml_reader_line(r->xr), "document type declaration (<!DOCTYPE ...>) refused");
}

static void on_entity(void *ctx, uint32_t line, const char *name)
{
	fatal_at(ctx, line, "entity reference '&%.100s;' refused", name);
}

static bool stopped(void *ctx)
{
	const struct reader *r = ctx;
	return r->fatal || r->refused;
}

static const struct xml_events events = { on_element, on_end_element, on_text,
					  on_doctype, on_entity, stopped };

static void reader_loop(struct reader *r)
{
	int ret = xml_reader_each(r->xr, &events, r);
	if (!r->fatal && !r->refused && !r->in.io_errno && !r->in.changed && ret < 0 &&
	    !r->xml_error_seen)
		fatal_at(r, xml_reader_line(r->xr), "not well-formed XML");
}

static int run(struct reader *r)
{
	int error = 0;
	xmlGenericErrorFunc saved_generic = xmlGenericError;
	void *saved_generic_ctx = xmlGenericErrorContext;

	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, xml_silent);
	index_grammar(r);
	xml_prolog_init(&r->prolog, XML_PROLOG_REFUSE_DECLARATION);
	r->inv = einvoice_new();
	r->xr = xml_reader_for_io(io_read, r, r->name);
	if (!r->xr) {
		if (r->in.io_errno || r->in.changed)
			error = xml_input_error(&r->in, r->name);
		else if (r->nerrors)
			error = CLERK_EPARSE; /* refused in the first bytes */
		else
			error = clerk_error_set(CLERK_ERROR, "cannot start the XML reader for '%s'",
						r->name);
		goto cleanup;
	}
	xmlTextReaderSetStructuredErrorHandler(r->xr, xml_error, r);
	reader_loop(r);
	if (r->in.io_errno || r->in.changed) {
		error = xml_input_error(&r->in, r->name);
		goto cleanup;
	}
	if (!r->nerrors && r->inv->syntax == EINVOICE_NONE)
		fatal_at(r, 0, "not an XML document (no root element)");
	if (r->nerrors)
		error = CLERK_EPARSE;
cleanup:
	if (r->xr)
		xmlFreeTextReader(r->xr);
	xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
	for (size_t i = 0; i < r->ntax_totals; i++)
		dec_clear(&r->tax_totals[i].v);
	strbuf_release(&r->text);
	strbuf_release(&r->attr);
	if (error) {
		einvoice_free(r->inv);
		r->inv = NULL;
	}
	return error;
}

static struct reader *reader_new(const char *name, struct diag *d)
{
	struct reader *r = xcalloc(1, sizeof(*r));
	r->name = name;
	r->d = d;
	xml_input_memory(&r->in, NULL, 0);
	r->indicator = -1;
	strbuf_init(&r->text, 0);
	strbuf_init(&r->attr, 0);
	return r;
}

int einvoice_read_memory(struct einvoice **out, const char *name, const char *data, size_t len,
			 struct diag *d, char *hex)
{
	struct reader *r = reader_new(name, d);
	xml_input_memory(&r->in, data, len);
	int error = run(r);
	*out = r->inv;
	if (hex)
		sha256_hex(data, len, hex);
	free(r);
	return error;
}

/* Reads the regular file open at fd (fstat st) from where it stands to its size then. */
static int read_regular(struct einvoice **out, int fd, const struct stat *st, const char *name,
			struct diag *d, char *hex)
{
	struct xml_input in;
	*out = NULL;
	int error = xml_input_file(&in, fd, st, name);
	if (error)
		return error;
	struct reader *r = reader_new(name, d);
	r->in = in;
	r->block = xmalloc(FILE_BLOCK);
	if (hex)
		r->digest = sha256_new();
	error = run(r);
	if (hex) {
		int rest = error == CLERK_EIO ? 0 : xml_input_digest_rest(&r->in, r->digest, name);
		if (rest) {
			error = rest;
			einvoice_free(r->inv);
			r->inv = NULL;
		}
		sha256_final_hex(r->digest, hex);
		sha256_free(r->digest);
	}
	*out = r->inv;
	free(r->block);
	free(r);
	return error;
}

int einvoice_read_fd(struct einvoice **out, int fd, const char *name, struct diag *d, char *hex)
{
	struct stat st;
	*out = NULL;
	if (fstat(fd, &st))
		return clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", name);
	if (!S_ISREG(st.st_mode))
		return clerk_error_set(CLERK_EIO, "'%s' is %s, not a regular file", name,
				       fsutil_kind(&st));
	return read_regular(out, fd, &st, name, d, hex);
}

int einvoice_read_file(struct einvoice **out, const char *path, const char *name, struct diag *d,
		       char *hex)
{
	struct stat st;
	int fd, error;
	*out = NULL;
	error = fsutil_open_regular(&fd, &st, path, 0);
	if (error == CLERK_EINVALID) /* not a regular file: a file that cannot be read */
		return clerk_error_set(CLERK_EIO, "%s", clerk_error_last()->message);
	if (error)
		return error;
	error = read_regular(out, fd, &st, name ? name : path, d, hex);
	close(fd);
	return error;
}
