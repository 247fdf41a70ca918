/* test-html.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Article extraction and source details of web pages (gloss-html.c through the
 * public importer), one small hand-written page per rule.
 */
#include <string.h>
#include <glib.h>

#include "gloss-import.h"
#include "gloss-html.h"

/* Three paragraphs of prose, numbered so a test can tell them apart. */
#define PROSE(n) \
  "<p>Paragraph " #n " one: the harbour authority said on Tuesday that the strike had cost the port " \
  "more than four million crowns, and that talks with the union would resume next week.</p>" \
  "<p>Paragraph " #n " two: officials denied that grain exports had been diverted, although traders " \
  "in the capital said prices had risen by a tenth since the start of the month.</p>" \
  "<p>Paragraph " #n " three: the minister, speaking after the council met, promised an inquiry into " \
  "the dispute, and said the government would not intervene before it reported.</p>"

static GlossImportedText *
import_html (const char *html)
{
  g_autoptr(GError) error = NULL;
  GlossImportedText *t = gloss_import_read_bytes (html, strlen (html), "html", "page.html", &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  g_assert_true (g_utf8_validate (t->text, -1, NULL));
  return t;
}

static void
assert_has (const char *text, const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” should be in the text:\n%s", needle, text);
}

static void
assert_lacks (const char *text, const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” should not be in the text:\n%s", needle, text);
}

static void
test_hidden_and_teaser (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>Harbour strike | The Courier</title></head><body>"
    "<article hidden><p>HIDDEN story that a reader never sees, though it is long enough to count as an "
    "article, with commas, and full stops. More of it, and more.</p></article>"
    "<div style=\"display: none\"><p>CSSHIDDEN text, long enough, with commas, and full stops, to be scored "
    "as a paragraph of some article.</p></div>"
    "<div aria-hidden=\"true\"><p>ARIAHIDDEN text that assistive technology skips, with commas, and more.</p></div>"
    "<article class=\"teaser\"><h2><a href=\"/other\">TEASER headline of another story</a></h2>"
    "<p>TEASER summary.</p></article>"
    "<article><h1>Harbour strike</h1>" PROSE (1) "</article>"
    "<template><p>TEMPLATE text</p></template><noscript><p>NOSCRIPT text</p></noscript>"
    "</body></html>");

  assert_has (t->text, "Paragraph 1 one:");
  assert_has (t->text, "Paragraph 1 three:");
  assert_lacks (t->text, "HIDDEN");
  assert_lacks (t->text, "TEASER");
  assert_lacks (t->text, "TEMPLATE");
  assert_lacks (t->text, "NOSCRIPT");
  /* The headline is the title, not part of the text. */
  g_assert_cmpstr (t->title, ==, "Harbour strike");
  g_assert_true (g_str_has_prefix (t->text, "Paragraph 1 one:"));
  g_assert_null (t->warning);
}

static void
test_no_article_element (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><body><div id=\"top\"><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></div>"
    "<div class=\"layout\"><div class=\"col-left\"><ul><li><a href=\"/a\">Link one to elsewhere</a></li>"
    "<li><a href=\"/b\">Link two to elsewhere</a></li><li><a href=\"/c\">Link three to elsewhere</a></li></ul></div>"
    "<div class=\"col-main\">" PROSE (1) "</div></div>"
    "<div class=\"bottom-links\"><a href=\"/x\">About us</a> <a href=\"/y\">Contact</a></div></body></html>");

  assert_has (t->text, "Paragraph 1 one:");
  assert_has (t->text, "Paragraph 1 three:");
  assert_lacks (t->text, "Home");
  assert_lacks (t->text, "Link one");
  assert_lacks (t->text, "About us");
}

static void
test_furniture (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><body><article><h1>Story</h1>"
    "<div class=\"share-tools\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet</a></div>"
    "<p class=\"byline\">By Jane Roe</p>"
    PROSE (1)
    "<figure><img src=\"a.jpg\"><figcaption>PHOTOCAPTION of the harbour at dawn. Credit: Agency</figcaption></figure>"
    PROSE (2)
    "<div class=\"newsletter-signup\"><p>Sign up to our NEWSLETTER, it is free, and you can leave at any time.</p></div>"
    "<aside><h3>Related</h3><ul><li><a href=\"/1\">RELATED one</a></li><li><a href=\"/2\">RELATED two</a></li></ul></aside>"
    "<p><a href=\"/more\">Read more: LINKONLY paragraph</a></p>"
    "</article>"
    "<section id=\"comments\"><h2>Comments</h2><p>COMMENT: I disagree with this, strongly, and at length, "
    "because the port has always been badly run, and the union knows it.</p></section>"
    "</body></html>");

  assert_has (t->text, "Paragraph 1 one:");
  assert_has (t->text, "Paragraph 2 three:");
  assert_lacks (t->text, "Share on");
  assert_lacks (t->text, "Jane Roe");
  assert_lacks (t->text, "PHOTOCAPTION");
  assert_lacks (t->text, "NEWSLETTER");
  assert_lacks (t->text, "RELATED");
  assert_lacks (t->text, "LINKONLY");
  assert_lacks (t->text, "COMMENT");
  g_assert_cmpstr (t->author, ==, "Jane Roe");
}

/* A link inside running text is part of the sentence: its words stay, whether the
 * link is bare or wrapped in <strong> as a digest's linked headline. */
static void
test_inline_links (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><body><article><h1>Story</h1>"
    "<p>The harbour authority said on Tuesday that <a href=\"/x\">INLINELINK the strike had cost</a> the port "
    "more than four million crowns, and that talks with the union would resume next week.</p>"
    PROSE (1)
    "<ol><li><strong><a href=\"/y\">DIGESTHEAD the port reopens</a>.</strong> Ships were unloaded again "
    "on Wednesday morning, for the first time in a fortnight, the authority said.</li></ol>"
    "</article></body></html>");

  assert_has (t->text, "INLINELINK the strike had cost the port");
  assert_has (t->text, "DIGESTHEAD the port reopens. Ships");
  assert_has (t->text, "Paragraph 1 three:");
}

/* Paragraphs written as text between <br><br> beside the <div>s of a column,
 * next to a long list of archive links: the text is the article, not the
 * short footer that is the only <p> with prose. */
static void
test_break_paragraphs (void)
{
  GString *page = g_string_new ("<html><head><title>Vans broken into</title></head><body>"
                                "<div class=\"container\"><div class=\"row\"><div class=\"col-3\"><ul>");
  g_autoptr(GlossImportedText) t = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (page, "<li><a href=\"/archive?m=%u\">Month %u <span>(%u)</span></a></li>", i, i, i + 20);
  g_string_append (page,
    "</ul></div><div class=\"col-9\"><p class=\"titulo\">Vans broken into</p>"
    "<small><b>05/10/2018</b> - Posted by: Clara Stone - <a href=\"/cat/19\">Health</a></small><br><br>"
    "<img src=\"a.jpg\">BREAKTEXT the home care team found two of its five vans broken into this morning, "
    "their batteries gone and their doors dented. A report was filed, and the police came to see the damage.<br><br>"
    "Patients booked for this morning are being given new times; the health department expects the service "
    "to be back to normal by the afternoon.<br><br><br>"
    "<div class=\"row\"><a href=\"#\">Facebook</a> <a href=\"#\">Twitter</a></div>"
    "</div></div></div>"
    "<div class=\"footer\"><div class=\"container\"><p>FOOTERTEXT City Hall, 1111 Main Street, phone 555-0100.</p></div></div>"
    "</body></html>");
  t = import_html (page->str);
  g_string_free (page, TRUE);

  assert_has (t->text, "BREAKTEXT the home care team");
  assert_has (t->text, "back to normal by the afternoon.");
  assert_lacks (t->text, "Month 3");
  assert_lacks (t->text, "FOOTERTEXT");
  g_assert_null (t->warning);
}

/* The headline beside the article's body is the title, not its first paragraph. */
static void
test_headline_beside_body (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>The port of the northern capital reopens to ships and ferries after a strike of three weeks "
    "and two days</title></head>"
    "<body><div class=\"post\"><h1 class=\"post-title\">"
    "The port of the northern capital reopens to ships and ferries after a strike of three weeks and two days</h1>"
    "<div class=\"post-meta\"><span class=\"post-author\">Jane Roe, harbour correspondent in the capital</span> <span>5 May 2019</span></div>"
    "<div class=\"post-body\">" PROSE (1) "</div></div></body></html>");

  assert_lacks (t->text, "The port of the northern capital reopens");
  g_assert_true (g_str_has_prefix (t->text, "Paragraph 1 one:"));
}

/* A data table's rows keep their class names' words from the furniture list
 * ("player" of a standings table, "ad" of a results row). */
static void
test_table_rows (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><body><article><h1>Standings</h1>" PROSE (1)
    "<table><tr class=\"colhead\"><td>Pos.</td><td>Driver</td><td>Points</td></tr>"
    "<tr class=\"oddrow player-580\"><td>1</td><td>ROWONE Kyle Stone</td><td>5040</td></tr>"
    "<tr class=\"evenrow player-416\"><td>2</td><td>ROWTWO Martin Field</td><td>5035</td></tr>"
    "</table>" PROSE (2) "</article></body></html>");

  assert_has (t->text, "ROWONE Kyle Stone");
  assert_has (t->text, "ROWTWO Martin Field");
}

/* A box of other stories beside the article (each item a linked headline and a
 * summary) is not part of it, though it has prose and few links. */
static void
test_teaser_list_beside (void)
{
  GString *page = g_string_new ("<html><body><div class=\"main\"><div class=\"breaking\"><ul>");
  g_autoptr(GlossImportedText) t = NULL;

  for (guint i = 0; i < 5; i++)
    g_string_append_printf (page,
      "<li><a href=\"/story/%u\">OTHERSTORY %u: budget vote</a> The council met on "
      "Wednesday, and after a long debate, it voted for the budget by a narrow margin, officials said.</li>", i, i);
  g_string_append (page, "</ul></div><div class=\"story\">" PROSE (1) "</div></div></body></html>");
  t = import_html (page->str);
  g_string_free (page, TRUE);

  assert_has (t->text, "Paragraph 1 one:");
  assert_has (t->text, "Paragraph 1 three:");
  assert_lacks (t->text, "OTHERSTORY");
}

/* A post the article quotes, embedded in a wrapper named "social", is the
 * article's text; the sharing buttons beside it are not. */
static void
test_embedded_quote (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><body><article><h1>Story</h1>" PROSE (1)
    "<div class=\"social-media-embed\"><blockquote class=\"twitter-tweet\"><p>QUOTEDPOST the port has been "
    "closed for three weeks, and nobody in the ministry seems to care.</p>&mdash; A Trader (@trader) "
    "<a href=\"https://example.com/status/1\">November 18, 2019</a></blockquote></div>"
    "<div class=\"social-share\"><a href=\"#\">SHAREBUTTON Facebook</a> <a href=\"#\">Twitter</a></div>"
    PROSE (2) "</article></body></html>");

  assert_has (t->text, "QUOTEDPOST the port has been closed");
  assert_lacks (t->text, "SHAREBUTTON");
  assert_has (t->text, "Paragraph 2 three:");
}

/* The label of an advert slot whose class says nothing ("Off5dpXq") is left in
 * the text once its script is gone: a block that is only that label goes. */
static void
test_advert_label (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><body><article><h1>Story</h1>" PROSE (1)
    "<div class=\"Off5dpXq\"><center><span style=\"color:#aaa\">Advertisement</span><br></center></div>"
    PROSE (2) "</article></body></html>");

  assert_has (t->text, "Paragraph 1 three:");
  assert_has (t->text, "Paragraph 2 one:");
  assert_lacks (t->text, "Advertisement");
}

static void
test_split_article (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><body><div class=\"page\">"
    "<div class=\"story-part\">" PROSE (1) "</div>"
    "<div class=\"ad-slot\"><p>ADVERT: buy now</p></div>"
    "<div class=\"story-part\">" PROSE (2) "</div>"
    "<div class=\"story-part\">" PROSE (3) "</div>"
    "</div><div class=\"sidebar\"><p>SIDEBAR text, with commas, and sentences. Quite a few of them.</p></div>"
    "</body></html>");
  const char *one = strstr (t->text, "Paragraph 1 one:");
  const char *two = strstr (t->text, "Paragraph 2 one:");
  const char *three = strstr (t->text, "Paragraph 3 three:");

  g_assert_nonnull (one);
  g_assert_nonnull (two);
  g_assert_nonnull (three);
  /* In the page's order. */
  g_assert_true (one < two && two < three);
  assert_lacks (t->text, "ADVERT");
  assert_lacks (t->text, "SIDEBAR");
}

static void
test_rtl (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>إضراب الميناء - الصحيفة</title></head><body>"
    "<nav><a href=\"/\">الرئيسية</a> <a href=\"/\">أخبار</a></nav>"
    "<main><h1>إضراب الميناء</h1>"
    "<p>قالت سلطة الميناء يوم الثلاثاء إن الإضراب كلف الميناء أكثر من أربعة ملايين، وإن المحادثات مع النقابة ستستأنف الأسبوع المقبل.</p>"
    "<p>ونفى المسؤولون أن تكون صادرات الحبوب قد تحولت، رغم أن التجار في العاصمة قالوا إن الأسعار ارتفعت بنحو العشر منذ بداية الشهر.</p>"
    "<p>ووعد الوزير، متحدثا بعد اجتماع المجلس، بإجراء تحقيق في النزاع، وقال إن الحكومة لن تتدخل قبل صدور تقريره.</p>"
    "</main></body></html>");

  assert_has (t->text, "قالت سلطة الميناء");
  assert_has (t->text, "ووعد الوزير");
  assert_lacks (t->text, "الرئيسية");
  g_assert_cmpstr (t->title, ==, "إضراب الميناء");
  assert_has (t->metadata, "\"language\":\"ar\"");
}

static void
test_cjk (void)
{
  /* No spaces: density is measured in characters. The menu has more "words" than the article. */
  g_autoptr(GlossImportedText) t = import_html (
    "<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>港口罢工</title></head><body>"
    "<ul class=\"menu\"><li><a href=\"/\">首页</a></li><li><a href=\"/\">新闻 体育 财经 科技 娱乐 汽车 房产</a></li></ul>"
    "<div class=\"wrap\"><div class=\"detail\">"
    "<p>港口管理局周二表示，罢工已使港口损失超过四百万，与工会的谈判将于下周恢复。</p>"
    "<p>官员否认粮食出口被转移，但首都的贸易商说，自本月初以来价格上涨了一成。</p>"
    "<p>部长在理事会会议后表示，将对这一争端展开调查，并说政府在调查报告出炉前不会干预。</p>"
    "</div><div class=\"hot\"><a href=\"/1\">热门文章一</a><a href=\"/2\">热门文章二</a><a href=\"/3\">热门文章三</a></div></div>"
    "</body></html>");

  assert_has (t->text, "港口管理局周二表示");
  assert_has (t->text, "部长在理事会会议后表示");
  assert_lacks (t->text, "首页");
  assert_lacks (t->text, "热门");
}

static void
test_json_ld_graph (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>Headline from title | Site</title>"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
    "{\"@type\":\"WebSite\",\"name\":\"The Ridgeback Courier\",\"url\":\"https://courier.example/\"},"
    "{\"@type\":[\"NewsArticle\"],\"headline\":\"A very long headline that goes on and on about the harbour strike, "
    "the union, the port authority, the grain exports, the minister and the inquiry, well past one hundred and twenty characters\","
    "\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Roe\"},{\"@type\":\"Person\",\"name\":\"John Doe\"}],"
    "\"datePublished\":\"2019-11-19T10:05:00+01:00\",\"dateModified\":\"2019-11-20T08:00:00Z\","
    "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Courier Media\"},"
    "\"mainEntityOfPage\":{\"@id\":\"https://courier.example/strike\"},\"inLanguage\":\"en-GB\","
    "\"description\":\"The strike goes on.\"}]}</script></head>"
    "<body><article>" PROSE (1) "</article></body></html>");

  g_assert_cmpstr (t->title, ==, "A very long headline that goes on and on about the harbour strike, "
                   "the union, the port authority, the grain exports, the minister and the inquiry, well past "
                   "one hundred and twenty characters");
  g_assert_cmpstr (t->author, ==, "Jane Roe; John Doe");
  g_assert_cmpstr (t->published, ==, "2019-11-19");
  g_assert_cmpstr (t->publisher, ==, "Courier Media");
  g_assert_cmpstr (t->url, ==, "https://courier.example/strike");
  assert_has (t->metadata, "\"published\":\"2019-11-19T10:05:00+01:00\"");
  assert_has (t->metadata, "\"modified\":\"2019-11-20T08:00:00Z\"");
  assert_has (t->metadata, "\"language\":\"en-GB\"");
  assert_has (t->metadata, "\"description\":\"The strike goes on.\"");
}

static void
test_open_graph_only (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>Strike goes on - The Courier</title>"
    "<meta property=\"og:title\" content=\"Strike goes on\">"
    "<meta property=\"og:site_name\" content=\"The Courier\">"
    "<meta property=\"og:url\" content=\"https://courier.example/strike\">"
    "<meta property=\"og:description\" content=\"Talks resume next week.\">"
    "<meta property=\"og:locale\" content=\"en_GB\">"
    "<meta property=\"article:published_time\" content=\"2019-11-19T10:05:00Z\">"
    "<meta property=\"article:author\" content=\"Jane Roe\">"
    "</head><body><article>" PROSE (1) "</article></body></html>");

  g_assert_cmpstr (t->title, ==, "Strike goes on");
  g_assert_cmpstr (t->publisher, ==, "The Courier");
  g_assert_cmpstr (t->url, ==, "https://courier.example/strike");
  g_assert_cmpstr (t->published, ==, "2019-11-19");
  g_assert_cmpstr (t->author, ==, "Jane Roe");
  assert_has (t->metadata, "\"language\":\"en-GB\"");
  assert_has (t->metadata, "\"description\":\"Talks resume next week.\"");
}

static void
test_meta_only (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>Strike goes on | The Courier</title>"
    "<meta name=\"author\" content=\"By Jane Roe\">"
    "<meta name=\"date\" content=\"19 November 2019\">"
    "<meta name=\"DC.publisher\" content=\"Courier Media\">"
    "<meta name=\"description\" content=\"Talks resume.\">"
    "<link rel=\"canonical\" href=\"https://courier.example/strike\">"
    "</head><body><article>" PROSE (1) "</article></body></html>");

  g_assert_cmpstr (t->title, ==, "Strike goes on");
  g_assert_cmpstr (t->author, ==, "Jane Roe");
  g_assert_cmpstr (t->published, ==, "2019-11-19");
  g_assert_cmpstr (t->publisher, ==, "Courier Media");
  g_assert_cmpstr (t->url, ==, "https://courier.example/strike");
}

static void
test_time_and_byline (void)
{
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>Strike goes on</title></head><body><article>"
    "<div class=\"meta\"><a rel=\"author\" href=\"/jane\">Jane Roe</a> "
    "<time datetime=\"2019-11-19T10:05:00-05:00\">19 Nov</time></div>"
    PROSE (1) "</article></body></html>");

  g_assert_cmpstr (t->author, ==, "Jane Roe");
  g_assert_cmpstr (t->published, ==, "2019-11-19");
  assert_has (t->metadata, "\"published\":\"2019-11-19T10:05:00-05:00\"");
  assert_lacks (t->text, "19 Nov");
}

static void
test_metadata_references (void)
{
  /* JSON-LD is script text: its "&#8211;" reaches the importer as written, and a
   * <meta> escaped twice gives "&#163;" after the parser's one decoding. */
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>x</title>"
    "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
    "\"headline\": \"Review &#8211; it &#x2019;s &amp; &eacute;tonnant &bogus; &#0; Q&A\", "
    "\"author\": {\"@type\": \"Person\", \"name\": \"Zo&euml; Roe\"}}</script>"
    "<meta property=\"og:site_name\" content=\"The &amp;#163; Courier\">"
    "</head><body><article>" PROSE (1) "</article></body></html>");

  g_assert_cmpstr (t->title, ==, "Review – it ’s & étonnant &bogus; &#0; Q&A");
  g_assert_cmpstr (t->author, ==, "Zoë Roe");
  g_assert_cmpstr (t->publisher, ==, "The £ Courier");
}

static void
test_masthead_h1 (void)
{
  /* A blog's first <h1> is its name; the post's own <h1> comes later. */
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>September open thread - The Harbour Blog</title>"
    "<meta property=\"og:site_name\" content=\"The Harbour Blog\"></head><body>"
    "<header><h1 class=\"title\">The Harbour Blog</h1></header>"
    "<article><h1 class=\"entry-title\">September open thread</h1>" PROSE (1) "</article></body></html>");
  g_autoptr(GlossImportedText) u = import_html (
    "<html><head><title>Notes from the quay | Harbour Notes</title></head><body>"
    "<header><h1>Harbour Notes</h1></header>"
    "<article>" PROSE (1) "</article></body></html>");

  g_assert_cmpstr (t->title, ==, "September open thread");
  g_assert_cmpstr (u->title, ==, "Notes from the quay");
}

static void
test_author_not_from_comments (void)
{
  /* The comment form's "Name *" and the commenters are not the author; a page that
   * is one big <form> (ASP.NET) still has its byline read. */
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>Strike goes on</title></head><body class=\"single comments-open\">"
    "<article class=\"post comment-status-open\">" PROSE (1) "</article>"
    "<div id=\"comments\"><div class=\"comment-author vcard\">Karol</div><p>Great piece.</p></div>"
    "<form id=\"commentform\"><p class=\"comment-form-author\"><label for=\"author\">Name *</label>"
    "<input id=\"author\"></p></form></body></html>");
  g_autoptr(GlossImportedText) u = import_html (
    "<html><head><title>Strike goes on</title></head><body><form id=\"aspnetForm\">"
    "<div class=\"article-author\"><span>by <a rel=\"author\" href=\"/jane\">Jane Roe</a></span></div>"
    "<article>" PROSE (1) "</article></form></body></html>");

  g_assert_null (t->author);
  g_assert_cmpstr (u->author, ==, "Jane Roe");
}

static void
test_byline_with_marked_author (void)
{
  /* A byline known by its class holds the date and a marked author: the author is
   * the marked name (not the whole line), and the <time> inside is the date. */
  g_autoptr(GlossImportedText) t = import_html (
    "<html><head><title>Strike goes on</title></head><body><article>"
    "<div class=\"entry-byline\"><time class=\"entry-published\" datetime=\"2019-11-20T10:03:33+01:00\">"
    "20. November 2019</time> <span class=\"entry-author\" itemprop=\"author\">"
    "<a rel=\"author\" href=\"/emil\">Emil Bell</a></span> · 4 min read · Share this article</div>"
    PROSE (1) "</article></body></html>");

  g_assert_cmpstr (t->author, ==, "Emil Bell");
  g_assert_cmpstr (t->published, ==, "2019-11-20");
}

static void
test_dates (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "2019-11-19", "2019-11-19" },
    { "2019-11-19T10:05:00.000Z", "2019-11-19T10:05:00Z" },
    { "2019-11-19T10:05:00+0100", "2019-11-19T10:05:00+01:00" },
    { "2019/11/19 10:05", "2019-11-19T10:05:00" },
    { "Tue, 19 Nov 2019 10:05:00 GMT", "2019-11-19T10:05:00Z" },
    { "November 19, 2019", "2019-11-19" },
    { "19 November 2019", "2019-11-19" },
    { "2019-02-30", NULL },
    { "yesterday", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = gloss_html_normalize_date (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_fallback (void)
{
  /* Only link lists and short lines: no article stands out, yet the page is not refused. */
  g_autoptr(GlossImportedText) t = import_html (
    "<html><body><div><a href=\"/1\">First item of a long list of links here</a></div>"
    "<div><a href=\"/2\">Second item of a long list of links here</a></div>"
    "<div><a href=\"/3\">Third item of a long list of links here</a></div>"
    "<div><a href=\"/4\">Fourth item of a long list of links here</a></div>"
    "<div><a href=\"/5\">Fifth item of a long list of links here</a></div>"
    "<div><a href=\"/6\">Sixth item of a long list of links here</a></div>"
    "<div><a href=\"/7\">Seventh item of a long list of links here</a></div>"
    "<div><a href=\"/8\">Eighth item of a long list of links here</a></div>"
    "<div><a href=\"/9\">Ninth item of a long list of links here</a></div>"
    "<div>Short line</div></body></html>");

  assert_has (t->text, "First item");
  assert_has (t->text, "Seventh item");
  g_assert_nonnull (t->warning);
  assert_has (t->warning, "visible text");
  assert_has (t->metadata, "\"extraction\":\"visible-text\"");
}

static void
test_malformed (void)
{
  g_autoptr(GlossImportedText) unclosed = NULL;
  g_autoptr(GlossImportedText) charset = NULL;

  unclosed = import_html (
    "<html><head><title>Broken page</head><body><div class=\"story\"><p>Paragraph one: the harbour authority "
    "said on Tuesday that the strike had cost the port dearly, and that talks would resume.<p>Paragraph two: "
    "<b>officials <i>denied</b> that grain exports</i> had been diverted, although traders said prices rose."
    "<p>Paragraph three: the minister promised an inquiry, and said the government would wait for it."
    "<div><span>unclosed span <table><tr><td>cell");
  assert_has (unclosed->text, "Paragraph one:");
  assert_has (unclosed->text, "officials denied that grain exports had been diverted");
  assert_has (unclosed->text, "Paragraph three:");

  /* Declares UTF-8 but is Latin-1: read as Windows-1252 with a warning, never refused. */
  charset = import_html (
    "<html><head><meta charset=\"utf-8\"><title>Caf\xe9</title></head><body><article>"
    "<p>Le caf\xe9 du port a ferm\xe9 ses portes mardi, apr\xe8s trois semaines de gr\xe8ve, et les dockers "
    "se retrouvent d\xe9sormais sur le quai, o\xf9 la discussion continue.</p></article></body></html>");
  assert_has (charset->text, "Le café du port a fermé");
  g_assert_nonnull (charset->warning);
}

static void
test_huge (void)
{
  /* A 20 MB page: extraction is bounded (no quadratic walk) and keeps the article. */
  GString *page = g_string_new ("<html><head><title>Huge</title></head><body>");
  g_autoptr(GlossImportedText) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* Under AddressSanitizer (about a hundred times slower on this many small
   * allocations) a 2 MB page checks the same code within the test's time. */
#ifdef __SANITIZE_ADDRESS__
  const gsize size = 2 * 1000 * 1000;
#else
  const gsize size = 20 * 1000 * 1000;
#endif

  for (guint i = 0; page->len < size; i++)
    {
      g_string_append_printf (page, "<div class=\"item\"><a href=\"/%u\">Link %u</a></div>", i, i);
      if (i % 1000 == 0)
        g_string_append (page, "<div class=\"story\">" PROSE (1) "</div>");
    }
  g_string_append (page, "</body></html>");
  start = g_get_monotonic_time ();
  t = gloss_import_read_bytes (page->str, page->len, "html", "huge.html", &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
  assert_has (t->text, "Paragraph 1 one:");
  /* Generous: a sanitizer build is slow. The real figure is in bench-articles. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 120 * G_USEC_PER_SEC);
  g_string_free (page, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/html/hidden-and-teaser", test_hidden_and_teaser);
  g_test_add_func ("/core/html/no-article-element", test_no_article_element);
  g_test_add_func ("/core/html/furniture", test_furniture);
  g_test_add_func ("/core/html/inline-links", test_inline_links);
  g_test_add_func ("/core/html/break-paragraphs", test_break_paragraphs);
  g_test_add_func ("/core/html/headline-beside-body", test_headline_beside_body);
  g_test_add_func ("/core/html/table-rows", test_table_rows);
  g_test_add_func ("/core/html/teaser-list-beside", test_teaser_list_beside);
  g_test_add_func ("/core/html/embedded-quote", test_embedded_quote);
  g_test_add_func ("/core/html/advert-label", test_advert_label);
  g_test_add_func ("/core/html/split-article", test_split_article);
  g_test_add_func ("/core/html/rtl", test_rtl);
  g_test_add_func ("/core/html/cjk", test_cjk);
  g_test_add_func ("/core/html/json-ld-graph", test_json_ld_graph);
  g_test_add_func ("/core/html/open-graph-only", test_open_graph_only);
  g_test_add_func ("/core/html/meta-only", test_meta_only);
  g_test_add_func ("/core/html/time-and-byline", test_time_and_byline);
  g_test_add_func ("/core/html/metadata-references", test_metadata_references);
  g_test_add_func ("/core/html/masthead-h1", test_masthead_h1);
  g_test_add_func ("/core/html/author-not-from-comments", test_author_not_from_comments);
  g_test_add_func ("/core/html/byline-with-marked-author", test_byline_with_marked_author);
  g_test_add_func ("/core/html/dates", test_dates);
  g_test_add_func ("/core/html/fallback", test_fallback);
  g_test_add_func ("/core/html/malformed", test_malformed);
  g_test_add_func ("/core/html/huge", test_huge);
  return g_test_run ();
}
