/* bench-readers.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark of the document readers of issue 13: a generated mailbox of 1,000
 * messages (every fifth multipart with an HTML alternative and a text attachment),
 * read by the mail reader alone and then imported into a fresh project (one
 * transaction, one document per message and attachment); and a generated RTF of 2 MiB. Prints messages per second and MB per second.
 *
 *   bench-readers [--messages N]
 *
 * Not a test (`meson test --benchmark bench-readers` runs it).
 *
 * Figures of one run (2-core VM shared with other builds, Debian 12, GMime 3.2.13, -O2):
 *
 *   mbox of 1000 messages (1.2 MiB): read 0.05 s (20,896 messages/s),
 *   imported 0.26 s (3,811 messages/s, 1200 documents: 1000 messages, 200 attachments)
 *   RTF of 2.0 MiB: read 0.04 s (55 MiB/s)
 */
#define G_LOG_DOMAIN "bench-readers"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "gloss-exchange.h"
#include "gloss-project.h"
#include "gloss-readers.h"
#include "gloss-store.h"

static const char *words[] = {
  "harbour", "officials", "said", "strike", "union", "minister", "Valdria", "port", "grain", "prices",
  "dam", "river", "report", "claimed", "denied", "will", "the", "of", "and", "in", "a", "to", "Zoë",
};

static void
sentence (GString *s, GRand *rand, guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
  g_string_append (s, ".");
}

int
main (int argc, char **argv)
{
  int messages = 1000;
  GOptionEntry entries[] = {
    { "messages", 0, 0, G_OPTION_ARG_INT, &messages, "Messages in the mailbox (1000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark of the document readers");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autoptr(GString) rtf = g_string_new ("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}{\\info{\\title Bench}}");
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  g_autofree char *mbox_path = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GlossImportedText) rtf_text = NULL;
  gint64 t0;
  double read_s, import_s, rtf_s;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  for (int i = 0; i < messages; i++)
    {
      g_string_append_printf (mbox, "From sender%d@example.org Sat Jan  3 01:05:34 2024\n"
                              "From: Sender %d <sender%d@example.org>\nTo: desk@example.org\n"
                              "Subject: Report %d\nDate: Sat, 03 Jan 2024 01:%02d:%02d +0000\n"
                              "Message-ID: <r%d@example.org>\nMIME-Version: 1.0\n",
                              i, i, i, i, (i / 60) % 60, i % 60, i);
      if (i % 5 == 0)
        {
          g_string_append (mbox, "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\n"
                           "Content-Type: multipart/alternative; boundary=\"A\"\n\n--A\n"
                           "Content-Type: text/plain; charset=utf-8\n\n");
          sentence (mbox, rand, 120);
          g_string_append (mbox, "\n--A\nContent-Type: text/html; charset=utf-8\n\n<p>html</p>\n--A--\n--B\n"
                           "Content-Type: text/plain; charset=utf-8\n"
                           "Content-Disposition: attachment; filename=\"notes.txt\"\n\n");
          sentence (mbox, rand, 60);
          g_string_append_printf (mbox, " Attachment %d.\n--B--\n\n", i);
        }
      else
        {
          g_string_append (mbox, "Content-Type: text/plain; charset=utf-8\n\n");
          sentence (mbox, rand, 150);
          g_string_append (mbox, "\n\n");
        }
    }
  while (rtf->len < 2 * 1024 * 1024)
    {
      g_string_append (rtf, "\\pard\\plain\\f0 ");
      sentence (rtf, rand, 80);
      g_string_append (rtf, " caf\\'e9 \\u8220?q\\u8221? {\\b bold}\\par\n");
    }
  g_string_append_c (rtf, '}');

  t0 = g_get_monotonic_time ();
  texts = gloss_mail_read (mbox->str, mbox->len, "bench.mbox", gloss_readers_read_bytes, &error);
  read_s = (g_get_monotonic_time () - t0) / 1e6;
  if (texts == NULL)
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("gloss-bench-readers-XXXXXX", &error);
  project = g_build_filename (dir, "bench.gloss", NULL);
  mbox_path = g_build_filename (dir, "bench.mbox", NULL);
  g_file_set_contents (mbox_path, mbox->str, mbox->len, &error);
  store = gloss_project_create (project, "Bench", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  t0 = g_get_monotonic_time ();
  if (!gloss_exchange_import_any (store, mbox_path, outcome, &error))
    g_error ("%s", error->message);
  import_s = (g_get_monotonic_time () - t0) / 1e6;

  t0 = g_get_monotonic_time ();
  rtf_text = gloss_rtf_read (rtf->str, rtf->len, "bench.rtf", &error);
  rtf_s = (g_get_monotonic_time () - t0) / 1e6;
  if (rtf_text == NULL)
    g_error ("%s", error->message);

  printf ("mbox of %d messages (%.1f MiB): read %.2f s (%.0f messages/s), imported %.2f s "
          "(%.0f messages/s, %u documents)\n",
          messages, mbox->len / 1048576.0, read_s, messages / read_s, import_s, messages / import_s,
          outcome->documents->len);
  printf ("RTF of %.1f MiB: read %.2f s (%.0f MiB/s)\n", rtf->len / 1048576.0, rtf_s, rtf->len / 1048576.0 / rtf_s);

  gloss_store_close (store);
  g_remove (mbox_path);
  g_remove (project);
  {
    g_autofree char *wal = g_strconcat (project, "-wal", NULL);
    g_autofree char *shm = g_strconcat (project, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
  return 0;
}
